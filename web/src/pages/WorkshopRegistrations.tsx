// A workshop's registrations for its trainers and moderators: who, from which centre and
// region, their status and place in the waiting list, a checkbox per session to mark who
// attended (sessions that have started), and the list as a CSV file.
import { useState } from 'react'
import { request } from '../client'
import { RequestFailed } from '../components/Errors'
import { LoadMore } from '../components/LoadMore'
import { Loading } from '../components/Loading'
import { SignInPrompt } from '../components/SignInPrompt'
import { formatSession } from '../format'
import {
  MARK_ATTENDANCE,
  WORKSHOP_REGISTRATIONS,
  type MarkAttendanceResult,
  type RegistrationRow,
  type WorkshopRegistrationsNode,
  type WorkshopRegistrationsResult,
} from '../graphql.workshops'
import { usePagedQuery, usePageTitle } from '../hooks'
import { useMessages } from '../i18n'
import { Link } from '../router'
import { useSession, useViewerKey } from '../session'
import { NotFoundPage } from './NotFound'
import '../styles/workshops.css'

const pageSize = 100

function AttendanceBox({
  w,
  r,
  sessionId,
  label,
  disabled,
  onSaved,
  onProblem,
}: {
  w: WorkshopRegistrationsNode
  r: RegistrationRow
  sessionId: string
  label: string
  disabled: boolean
  onSaved: () => void
  onProblem: (message: string) => void
}) {
  const [attended, setAttended] = useState(r.attendedSessionIds.includes(sessionId))
  const [busy, setBusy] = useState(false)
  const id = `att-${r.id}-${sessionId}`.replace(/[^A-Za-z0-9_-]/g, '')
  const toggle = async (next: boolean) => {
    setBusy(true)
    setAttended(next)
    try {
      const d = await request<MarkAttendanceResult>(MARK_ATTENDANCE, {
        workshopId: w.id,
        sessionId,
        userId: r.user.id,
        attended: next,
      })
      const ue = d.markAttendance.userErrors
      if (ue.length) {
        setAttended(!next)
        onProblem(ue.map((e) => e.message).join(' '))
      } else {
        setAttended(d.markAttendance.registration?.attendedSessionIds.includes(sessionId) ?? next)
        onSaved()
      }
    } catch (e) {
      setAttended(!next)
      onProblem(e instanceof Error ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="form-check m-0">
      <input
        id={id}
        type="checkbox"
        checked={attended}
        disabled={disabled}
        aria-busy={busy}
        onChange={(e) => void toggle(e.target.checked)}
      />
      {/* Bootstrap Italia draws the box with the label: it stays, its text is for screen readers. */}
      <label htmlFor={id}>
        <span className="visually-hidden">{label}</span>
      </label>
    </div>
  )
}

function Registrations({ w, list }: { w: WorkshopRegistrationsNode; list: ReturnType<typeof useList> }) {
  const m = useMessages()
  const s = m.workshops
  const [status, setStatus] = useState('')
  const [problem, setProblem] = useState('')
  usePageTitle(s.registrationsTitle(w.title))
  const now = Date.now()
  const sessions = w.sessions.filter((x) => !x.cancelled)
  const total = w.registrations?.totalCount ?? 0
  return (
    <>
      <p>
        <Link to={`/workshop/${encodeURIComponent(w.id)}`}>{w.title}</Link>
      </p>
      <h1>{s.registrationsTitle(w.title)}</h1>
      <p>{s.registrationsIntro}</p>
      {w.registrationsCsvUrl && (
        <p>
          <a className="btn btn-outline-primary btn-sm" href={w.registrationsCsvUrl} download>
            {s.csv}
          </a>
        </p>
      )}
      <h2 className="h4">{s.registrationsCount(total)}</h2>
      <p className="small text-muted">
        {w.capacity === null ? s.unlimited : s.seatsOf(Math.max(w.capacity - w.confirmedCount, 0), w.capacity)}
        {w.waitlistCount > 0 && ` · ${s.waitlist(w.waitlistCount)}`}
      </p>
      <p role="status" className="small">
        {status}
      </p>
      {problem && (
        <p role="alert" className="text-danger">
          {problem}
        </p>
      )}
      {list.edges.length === 0 ? (
        <p>{s.noRegistrations}</p>
      ) : (
        <div className="table-responsive">
          <table className="table attendance-table">
            <caption className="visually-hidden">{s.registrationsTitle(w.title)}</caption>
            <thead>
              <tr>
                <th scope="col">{s.person}</th>
                <th scope="col">{s.center}</th>
                <th scope="col">{s.region}</th>
                <th scope="col">{s.status}</th>
                {sessions.map((x, i) => (
                  <th scope="col" key={x.id}>
                    {s.sessionN(i + 1)}
                    <span className="d-block small fw-normal">
                      <time dateTime={x.startsAt}>{formatSession(x.startsAt, x.endsAt, m.locale)}</time>
                      {new Date(x.startsAt).getTime() > now && ` (${s.notStarted})`}
                    </span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {list.edges.map(({ node: r }) => (
                <tr key={r.id}>
                  <th scope="row">{r.user.displayName}</th>
                  <td>{r.user.center?.name ?? '—'}</td>
                  <td>{r.user.region?.name ?? '—'}</td>
                  <td>
                    {s.statusName[r.status]}
                    {r.status === 'WAITLISTED' && r.waitlistPosition != null && ` (${s.position(r.waitlistPosition)})`}
                  </td>
                  {sessions.map((x, i) => (
                    <td key={x.id}>
                      <AttendanceBox
                        w={w}
                        r={r}
                        sessionId={x.id}
                        label={s.attended(r.user.displayName, s.sessionN(i + 1))}
                        disabled={r.status !== 'CONFIRMED' || new Date(x.startsAt).getTime() > now}
                        onSaved={() => {
                          setProblem('')
                          setStatus(s.attendanceSaved)
                        }}
                        onProblem={(msg) => {
                          setStatus('')
                          setProblem(msg)
                        }}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.hasMore && (
        <LoadMore label={s.loadMore} busy={list.loadingMore} error={list.moreError} onClick={() => void list.loadMore()} />
      )}
    </>
  )
}

function useList(id: string) {
  const viewerKey = useViewerKey()
  return usePagedQuery(
    WORKSHOP_REGISTRATIONS,
    { id, first: pageSize },
    (d: WorkshopRegistrationsResult) => {
      const regs = d.node && 'id' in d.node ? (d.node as WorkshopRegistrationsNode).registrations : null
      return regs ?? { edges: [], pageInfo: { hasNextPage: false, endCursor: null } }
    },
    [viewerKey],
  )
}

export function WorkshopRegistrationsPage({ id }: { id: string }) {
  const m = useMessages()
  const s = m.workshops
  const { viewer } = useSession()
  const list = useList(id)
  if (list.error) return <RequestFailed error={list.error} onRetry={list.refetch} />
  if (!list.data) return <Loading />
  const w = list.data.node && 'id' in list.data.node ? (list.data.node as WorkshopRegistrationsNode) : undefined
  if (!w) return <NotFoundPage text={s.notFound} back={{ to: '/workshop', label: s.backToList }} />
  if (!w.viewerCanEdit || !w.registrations)
    return (
      <>
        <h1>{s.registrationsTitle(w.title)}</h1>
        {viewer === null ? <SignInPrompt /> : <div className="alert alert-info">{s.notAllowed}</div>}
      </>
    )
  return <Registrations w={w} list={list} />
}
