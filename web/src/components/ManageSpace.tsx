// What a space's managers do besides the members list: decide the requests to join (with
// the role to give), add someone by their user code (Gemella has no people search yet), and
// choose who may read the space.
import { Button } from 'design-react-kit'
import { useState, type FormEvent } from 'react'
import { request } from '../client'
import { ErrorSummary, RequestFailed, fieldError } from './Errors'
import { TextField } from './Field'
import { Person, RoleSelect } from './SpaceMembers'
import { VisibilityBadge } from './SpaceBadges'
import {
  ADD_TWINNING_MEMBER,
  DECIDE_JOIN_REQUEST,
  SET_TWINNING_VISIBILITY,
  spaceVisibilities,
  type AddTwinningMemberResult,
  type DecideJoinRequestResult,
  type JoinRequestNode,
  type SetTwinningVisibilityResult,
  type SpaceRole,
  type SpaceVisibility,
} from '../graphql'
import { formatDate } from '../format'
import { useAction } from '../hooks'
import { useMessages } from '../i18n'

/** The page's reaction to a change: a message to announce, and whether members changed. */
type OnChanged = (notice: string, membersChanged: boolean) => void

function JoinRequestItem({ r, onChanged }: { r: JoinRequestNode; onChanged: OnChanged }) {
  const m = useMessages()
  const t = m.twinnings
  const [role, setRole] = useState<SpaceRole>('RECEIVING')
  const { busy, userErrors, error, run } = useAction()
  const name = r.user.displayName

  const decide = (approve: boolean) =>
    void run(async () => {
      const { decideJoinRequest: d } = await request<DecideJoinRequestResult>(DECIDE_JOIN_REQUEST, {
        requestId: r.id,
        approve,
        role: approve ? role : null,
      })
      if (!d.userErrors.length) onChanged(approve ? t.approved(name) : t.refused(name), approve)
      return d.userErrors
    })

  return (
    <li className="join-request">
      <div>
        <Person p={r.user} />
        <div className="small text-muted">{t.requestedOn(formatDate(r.createdAt, m.locale))}</div>
        {r.message && (
          <blockquote className="join-message" lang="it">
            {r.message}
          </blockquote>
        )}
      </div>
      <div className="d-flex flex-wrap align-items-end gap-2">
        <RoleSelect id={`request-role-${r.id}`} label={t.requestRole(name)} value={role} onChange={setRole} showLabel />
        <Button color="primary" size="sm" disabled={busy} onClick={() => decide(true)}>
          {t.approve}
          <span className="visually-hidden"> {name}</span>
        </Button>
        <Button color="danger" outline size="sm" disabled={busy} onClick={() => decide(false)} aria-label={t.refuseLabel(name)}>
          {t.refuse}
        </Button>
      </div>
      {error && <RequestFailed error={error} />}
      {userErrors.length > 0 && (
        <p className="small text-danger mb-0" role="alert">
          {userErrors.map((e) => e.message).join(' ')}
        </p>
      )}
    </li>
  )
}

const addIds = { userId: 'add-member-user', role: 'add-member-role' }

function AddMemberForm({ twinningId, onChanged }: { twinningId: string; onChanged: OnChanged }) {
  const m = useMessages()
  const t = m.twinnings
  const [userId, setUserId] = useState('')
  const [role, setRole] = useState<SpaceRole>('RECEIVING')
  const { busy, userErrors, error, run } = useAction()

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    let name = ''
    const ok = await run(async () => {
      const { addTwinningMember: r } = await request<AddTwinningMemberResult>(ADD_TWINNING_MEMBER, {
        twinningId,
        userId: userId.trim(),
        role,
      })
      name = r.member?.user.displayName ?? ''
      return r.userErrors
    })
    if (ok) {
      setUserId('')
      onChanged(t.added(name), true)
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <p>{t.addMemberIntro}</p>
      {error && <RequestFailed error={error} />}
      <ErrorSummary errors={userErrors} fieldIds={addIds} />
      <div className="row align-items-end">
        <div className="col-md-6">
          <TextField
            id={addIds.userId}
            label={t.userId}
            required
            value={userId}
            onChange={(e) => setUserId(e.target.value)}
            hint={t.userIdHint}
            error={fieldError(userErrors, 'userId')}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        <div className="col-md-3 mb-4">
          <RoleSelect id={addIds.role} label={t.role} value={role} onChange={setRole} showLabel />
          {fieldError(userErrors, 'role') && <div className="invalid-feedback d-block">{fieldError(userErrors, 'role')}</div>}
        </div>
        <div className="col-md-3 mb-4">
          <Button type="submit" color="primary" disabled={busy || !userId.trim()}>
            {busy ? m.common.sending : t.add}
          </Button>
        </div>
      </div>
    </form>
  )
}

function VisibilityForm({
  twinningId,
  current,
  onChanged,
}: {
  twinningId: string
  current: SpaceVisibility
  onChanged: OnChanged
}) {
  const m = useMessages()
  const t = m.twinnings
  const [level, setLevel] = useState<SpaceVisibility>(current)
  const { busy, userErrors, error, run } = useAction()

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const ok = await run(async () => {
      const { setTwinningVisibility: r } = await request<SetTwinningVisibilityResult>(SET_TWINNING_VISIBILITY, {
        twinningId,
        visibility: level,
      })
      return r.userErrors
    })
    if (ok) onChanged(t.visibilitySaved(t.visibility[level]), false)
  }

  return (
    <form onSubmit={submit} noValidate>
      {error && <RequestFailed error={error} />}
      <ErrorSummary errors={userErrors} />
      <VisibilityChoice name="space-visibility" value={level} onChange={setLevel} legend={t.visibilityTitle} />
      <Button type="submit" color="primary" size="sm" disabled={busy || level === current}>
        {busy ? m.common.sending : t.saveVisibility}
      </Button>
    </form>
  )
}

/** The three levels as radio buttons, each with what it means. */
export function VisibilityChoice(props: {
  name: string
  legend: string
  value: SpaceVisibility
  onChange: (v: SpaceVisibility) => void
  error?: string
}) {
  const m = useMessages()
  const t = m.twinnings
  return (
    <fieldset className="visibility-choice mt-4 mb-3" aria-describedby={props.error ? `${props.name}-error` : undefined}>
      <legend className="h5">{props.legend}</legend>
      {spaceVisibilities.map((v) => (
        <div className="form-check" key={v}>
          <input
            id={`${props.name}-${v}`}
            name={props.name}
            type="radio"
            checked={props.value === v}
            onChange={() => props.onChange(v)}
            aria-describedby={`${props.name}-${v}-help`}
          />
          <label htmlFor={`${props.name}-${v}`}>
            <VisibilityBadge level={v} />
          </label>
          <p id={`${props.name}-${v}-help`} className="small mb-0 visibility-help">
            {t.visibilityHelp[v]}
          </p>
        </div>
      ))}
      {props.error && (
        <div id={`${props.name}-error`} className="invalid-feedback d-block">
          {props.error}
        </div>
      )}
    </fieldset>
  )
}

interface Props {
  twinningId: string
  visibility: SpaceVisibility
  requests: JoinRequestNode[]
  onChanged: OnChanged
}

export function ManageSpace({ twinningId, visibility, requests, onChanged }: Props) {
  const m = useMessages()
  const t = m.twinnings
  return (
    <div className="manage-space">
      <h3 className="h5" id="space-requests">
        {t.requests}
      </h3>
      {requests.length === 0 ? (
        <p>{t.noRequests}</p>
      ) : (
        <ul className="join-request-list">
          {requests.map((r) => (
            <JoinRequestItem key={r.id} r={r} onChanged={onChanged} />
          ))}
        </ul>
      )}
      <h3 className="h5 mt-4">{t.addMember}</h3>
      <AddMemberForm twinningId={twinningId} onChanged={onChanged} />
      <VisibilityForm key={visibility} twinningId={twinningId} current={visibility} onChanged={onChanged} />
    </div>
  )
}
