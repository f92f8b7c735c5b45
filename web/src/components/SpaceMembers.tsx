// The people of a space with their roles, page by page; its managers change a role or
// remove someone from the list itself (removal takes effect on that person's next request).
import { Button } from 'design-react-kit'
import { useEffect, useState } from 'react'
import { request } from '../client'
import { RequestFailed } from './Errors'
import { LoadMore } from './LoadMore'
import { Loading } from './Loading'
import {
  ADD_TWINNING_MEMBER,
  REMOVE_TWINNING_MEMBER,
  SPACE_MEMBERS,
  spaceRoles,
  type AddTwinningMemberResult,
  type PersonRef,
  type RemoveTwinningMemberResult,
  type SpaceMemberNode,
  type SpaceMembersResult,
  type SpaceRole,
} from '../graphql'
import { formatDate } from '../format'
import { useAction, usePagedQuery } from '../hooks'
import { useMessages } from '../i18n'

const pageSize = 50
const none = { edges: [], pageInfo: { hasNextPage: false, endCursor: null } }

/** A compact select of the space roles; its label is for screen readers unless shown. */
export function RoleSelect(props: {
  id: string
  label: string
  value: SpaceRole
  onChange: (r: SpaceRole) => void
  showLabel?: boolean
}) {
  const m = useMessages()
  return (
    <div className="role-select">
      <label htmlFor={props.id} className={props.showLabel ? 'form-label small fw-semibold' : 'visually-hidden'}>
        {props.label}
      </label>
      <select
        id={props.id}
        className="form-select form-select-sm"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as SpaceRole)}
      >
        {spaceRoles.map((r) => (
          <option key={r} value={r}>
            {m.twinnings.roles[r]}
          </option>
        ))}
      </select>
    </div>
  )
}

/** Who a person is, as the space's lists show them: name, centre and region. */
export function Person({ p }: { p: PersonRef }) {
  const where = [p.center?.name, p.region?.name].filter(Boolean).join(', ')
  return (
    <>
      <strong>{p.displayName}</strong>
      {where && <span className="small text-muted"> ({where})</span>}
    </>
  )
}

interface ControlsProps {
  twinningId: string
  member: SpaceMemberNode
  onChanged: (notice: string) => void
}

function MemberControls({ twinningId, member, onChanged }: ControlsProps) {
  const m = useMessages()
  const t = m.twinnings
  const name = member.user.displayName
  const [role, setRole] = useState<SpaceRole>(member.role)
  const [confirming, setConfirming] = useState(false)
  const { busy, userErrors, error, run } = useAction()
  const id = `member-role-${member.user.id}`

  const changeRole = () =>
    void run(async () => {
      const { addTwinningMember: r } = await request<AddTwinningMemberResult>(ADD_TWINNING_MEMBER, {
        twinningId,
        userId: member.user.id,
        role,
      })
      if (!r.userErrors.length) onChanged(t.roleChanged(name))
      return r.userErrors
    })

  const remove = () =>
    void run(async () => {
      const { removeTwinningMember: r } = await request<RemoveTwinningMemberResult>(REMOVE_TWINNING_MEMBER, {
        twinningId,
        userId: member.user.id,
      })
      if (!r.userErrors.length) onChanged(t.removed(name))
      return r.userErrors
    })

  return (
    <div className="member-controls">
      <div className="d-flex flex-wrap align-items-center gap-2">
        <RoleSelect id={id} label={t.roleOf(name)} value={role} onChange={setRole} />
        <Button
          color="primary"
          outline
          size="xs"
          disabled={busy || role === member.role}
          onClick={changeRole}
          aria-label={t.changeRoleLabel(name)}
        >
          {t.changeRole}
        </Button>
        {!confirming ? (
          <Button
            color="danger"
            outline
            size="xs"
            aria-disabled={busy || undefined}
            onClick={() => setConfirming(true)}
            aria-label={t.removeLabel(name)}
          >
            {t.remove}
          </Button>
        ) : (
          <span className="d-inline-flex flex-wrap align-items-center gap-2" role="group" aria-label={t.removeLabel(name)}>
            <span className="small">{t.removeConfirm(name)}</span>
            <Button color="danger" size="xs" aria-disabled={busy || undefined} onClick={remove} autoFocus>
              {t.removeYes}
            </Button>
            <Button color="primary" outline size="xs" onClick={() => setConfirming(false)}>
              {t.cancel}
            </Button>
          </span>
        )}
      </div>
      {error && <RequestFailed error={error} />}
      {userErrors.length > 0 && (
        <p className="small text-danger mb-0" role="alert">
          {userErrors.map((e) => e.message).join(' ')}
        </p>
      )}
    </div>
  )
}

interface Props {
  twinningId: string
  canManage: boolean
  /** Changes when something elsewhere on the page changed the members (a request approved). */
  version: number
  onChanged: (notice: string) => void
}

export function SpaceMembers({ twinningId, canManage, version, onChanged }: Props) {
  const m = useMessages()
  const t = m.twinnings
  const list = usePagedQuery<SpaceMembersResult, { node: SpaceMemberNode }>(
    SPACE_MEMBERS,
    { id: twinningId, first: pageSize },
    (d) => d.node?.members ?? none,
  )
  const { refetch } = list
  useEffect(() => {
    if (version) refetch()
  }, [version, refetch])

  if (list.error) return <RequestFailed error={list.error} onRetry={list.refetch} />
  if (!list.data) return <Loading />
  const total = list.data.node?.members?.totalCount ?? 0
  if (!total) return <p>{t.noMembers}</p>

  const changed = (notice: string) => {
    refetch()
    onChanged(notice)
  }

  return (
    <>
      <p className="small text-muted">{t.membersCount(total)}</p>
      <ul className="member-list" ref={list.listRef}>
        {list.edges.map(({ node: mb }) => (
          <li key={mb.user.id} className="member-item">
            <div>
              <Person p={mb.user} />
              <div className="small">
                <span className="member-role">{t.roles[mb.role]}</span> · {t.joinedOn(formatDate(mb.joinedAt, m.locale))}
              </div>
            </div>
            {canManage && <MemberControls key={mb.role} twinningId={twinningId} member={mb} onChanged={changed} />}
          </li>
        ))}
      </ul>
      {list.hasMore && (
        <LoadMore label={t.loadMoreMembers} busy={list.loadingMore} error={list.moreError} onClick={list.loadMore} />
      )}
    </>
  )
}
