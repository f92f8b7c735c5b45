// What a space's managers do besides the members list: decide the requests to join (with
// the role to give), find people by name and add them, and choose who may read the space.
import { Button } from 'design-react-kit'
import { useEffect, useState, type FormEvent } from 'react'
import { request } from '../client'
import { ErrorSummary, RequestFailed } from './Errors'
import { TextField } from './Field'
import { Person, RoleSelect } from './SpaceMembers'
import { VisibilityBadge } from './SpaceBadges'
import {
  ADD_TWINNING_MEMBER,
  DECIDE_JOIN_REQUEST,
  MEMBER_CANDIDATES,
  SET_TWINNING_VISIBILITY,
  spaceVisibilities,
  type AddTwinningMemberResult,
  type DecideJoinRequestResult,
  type JoinRequestNode,
  type MemberCandidatesResult,
  type PersonRef,
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
        <Button color="primary" size="sm" aria-disabled={busy || undefined} onClick={() => decide(true)}>
          {t.approve}
          <span className="visually-hidden"> {name}</span>
        </Button>
        <Button
          color="danger"
          outline
          size="sm"
          aria-disabled={busy || undefined}
          onClick={() => decide(false)}
          aria-label={t.refuseLabel(name)}
        >
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

const searchIds = { query: 'member-search', role: 'member-search-role' }
/** How long typing pauses before the search runs, so that a name typed fast is one request. */
const searchPause = 250

/**
 * Finds people by the start of any word of their name (at least two letters) and adds one
 * with the chosen role: a search field and a list of results, each with its own button, so
 * that the keyboard reaches everything in order and a screen reader hears how many were found.
 */
function MemberSearch({ twinningId, onChanged }: { twinningId: string; onChanged: OnChanged }) {
  const m = useMessages()
  const t = m.twinnings
  const [query, setQuery] = useState('')
  const [role, setRole] = useState<SpaceRole>('RECEIVING')
  const [found, setFound] = useState<PersonRef[] | null>(null)
  const [searchError, setSearchError] = useState<Error | null>(null)
  const [generation, setGeneration] = useState(0) // bumped after an addition, to search again
  const { busy, userErrors, error, run } = useAction()
  const words = query.trim()
  const enough = Array.from(words.replace(/[^\p{L}\p{N}]/gu, '')).length >= 2

  useEffect(() => {
    if (!enough) {
      setFound(null)
      return
    }
    const abort = new AbortController()
    const timer = window.setTimeout(() => {
      request<MemberCandidatesResult>(MEMBER_CANDIDATES, { id: twinningId, query: words }, abort.signal)
        .then((d) => {
          setSearchError(null)
          setFound(d.node?.memberCandidates ?? [])
        })
        .catch((e: unknown) => {
          if (!abort.signal.aborted) setSearchError(e instanceof Error ? e : new Error(String(e)))
        })
    }, searchPause)
    return () => {
      window.clearTimeout(timer)
      abort.abort()
    }
  }, [twinningId, words, enough, generation])

  const add = async (p: PersonRef) => {
    const ok = await run(async () => {
      const { addTwinningMember: r } = await request<AddTwinningMemberResult>(ADD_TWINNING_MEMBER, {
        twinningId,
        userId: p.id,
        role,
      })
      return r.userErrors
    })
    if (ok) {
      setGeneration((g) => g + 1)
      onChanged(t.added(p.displayName), true)
    }
  }

  const status = !enough || searchError ? '' : found === null ? t.searching : t.candidatesFound(found.length)
  return (
    <div className="member-search">
      <p>{t.addMemberIntro}</p>
      <form role="search" aria-label={t.addMember} onSubmit={(e: FormEvent) => e.preventDefault()} noValidate>
        <div className="row align-items-end">
          <div className="col-md-7">
            <TextField
              id={searchIds.query}
              type="search"
              label={t.searchPeople}
              hint={t.searchPeopleHint}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              autoComplete="off"
              spellCheck={false}
            />
          </div>
          <div className="col-md-5 mb-4">
            <RoleSelect id={searchIds.role} label={t.roleToGive} value={role} onChange={setRole} showLabel />
          </div>
        </div>
      </form>
      {searchError && <RequestFailed error={searchError} />}
      {error && <RequestFailed error={error} />}
      <ErrorSummary errors={userErrors} fieldIds={searchIds} />
      <p className="small" aria-live="polite">
        {status}
      </p>
      {found && found.length > 0 && (
        <ul className="candidate-list" aria-label={t.candidates}>
          {found.map((p) => (
            <li key={p.id} className="candidate">
              <span>
                <Person p={p} />
              </span>
              <Button color="primary" outline size="sm" aria-disabled={busy || undefined} onClick={() => void add(p)}>
                {t.addAs(t.roles[role])}
                <span className="visually-hidden">, {p.displayName}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
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
      <MemberSearch twinningId={twinningId} onChanged={onChanged} />
      <VisibilityForm key={visibility} twinningId={twinningId} current={visibility} onChanged={onChanged} />
    </div>
  )
}
