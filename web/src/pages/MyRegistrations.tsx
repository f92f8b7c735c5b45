// The viewer's registrations, upcoming and ended, with the status of each and the certificate
// once issued, and the secret address of their personal calendar, which they can renew.
import { Badge, Button } from 'design-react-kit'
import { useState } from 'react'
import { request } from '../client'
import { RequestFailed } from '../components/Errors'
import { LoadMore } from '../components/LoadMore'
import { Loading } from '../components/Loading'
import { SignInPrompt } from '../components/SignInPrompt'
import { WorkshopItem } from '../components/WorkshopItem'
import {
  MY_CALENDAR_URL,
  MY_REGISTRATIONS,
  RENEW_CALENDAR_FEED,
  type MyCalendarUrlResult,
  type MyRegistrationsResult,
  type RenewCalendarFeedResult,
} from '../graphql.workshops'
import { useAction, usePagedQuery, usePageTitle, useQuery } from '../hooks'
import { useMessages } from '../i18n'
import { Link } from '../router'
import { useSession, useViewerKey } from '../session'
import '../styles/workshops.css'

const pageSize = 20

function RegistrationList({ past, title, id }: { past: boolean; title: string; id: string }) {
  const m = useMessages()
  const s = m.workshops
  const viewerKey = useViewerKey()
  const list = usePagedQuery(MY_REGISTRATIONS, { first: pageSize, past }, (d: MyRegistrationsResult) => d.myRegistrations, [
    viewerKey,
  ])
  return (
    <section className="mb-5" aria-labelledby={id}>
      <h2 id={id} className="h3">
        {title}
      </h2>
      {list.error ? (
        <RequestFailed error={list.error} onRetry={list.refetch} />
      ) : !list.data ? (
        <Loading />
      ) : list.edges.length === 0 ? (
        <p>{s.myNone}</p>
      ) : (
        <ul className="workshop-list" ref={list.listRef}>
          {list.edges.map(({ node: r }) => (
            <WorkshopItem key={r.id} w={r.workshop}>
              <p className="mb-0 mt-2">
                <Badge
                  color={r.status === 'CONFIRMED' ? 'success' : 'warning'}
                  pill
                  className={r.status === 'CONFIRMED' ? '' : 'text-dark'}
                >
                  {r.status === 'WAITLISTED' && r.waitlistPosition != null
                    ? s.waitlisted(r.waitlistPosition)
                    : s.statusName[r.status]}
                </Badge>{' '}
                {r.certificate && <a href={r.certificate.url}>{s.downloadCertificate}</a>}
                {!r.certificate && r.certificateAvailable && (
                  <Link to={`/workshop/${encodeURIComponent(r.workshop.id)}`}>{s.requestCertificate}</Link>
                )}
              </p>
            </WorkshopItem>
          ))}
        </ul>
      )}
      {list.data && list.hasMore && (
        <LoadMore label={s.loadMore} busy={list.loadingMore} error={list.moreError} onClick={() => void list.loadMore()} />
      )}
    </section>
  )
}

function CalendarFeed() {
  const m = useMessages()
  const s = m.workshops
  const viewerKey = useViewerKey()
  const { data, error, refetch } = useQuery<MyCalendarUrlResult>(MY_CALENDAR_URL, {}, { deps: [viewerKey] })
  const [renewed, setRenewed] = useState<string | null>(null)
  // What the last click did: replaced an address, or made the first one.
  const [replaced, setReplaced] = useState(false)
  const { busy, userErrors, error: renewError, run } = useAction()
  const url = renewed ?? data?.myCalendarUrl ?? null
  const absolute = url ? new URL(url, window.location.origin).href : ''
  const renew = async () => {
    let next: string | null = null
    const ok = await run(async () => {
      const d = await request<RenewCalendarFeedResult>(RENEW_CALENDAR_FEED)
      next = d.renewCalendarFeed.url
      return d.renewCalendarFeed.userErrors
    })
    if (ok && next) {
      setReplaced(!!url)
      setRenewed(next)
    }
  }
  return (
    <section className="mb-5" aria-labelledby="my-calendar">
      <h2 id="my-calendar" className="h3">
        {s.myCalendar}
      </h2>
      <p>{s.myCalendarIntro}</p>
      {error && <RequestFailed error={error} onRetry={refetch} />}
      {url && (
        <div className="form-group">
          <label htmlFor="calendar-url" className="active">
            {s.myCalendarUrl}
          </label>
          <input
            id="calendar-url"
            className="form-control calendar-url"
            readOnly
            value={absolute}
            onFocus={(e) => e.target.select()}
          />
        </div>
      )}
      <p id="renew-hint" className="small">
        {url ? s.renewHint : s.noFeed}
      </p>
      {renewError && <RequestFailed error={renewError} />}
      {userErrors.length > 0 && (
        <p className="text-danger" role="alert">
          {userErrors.map((e) => e.message).join(' ')}
        </p>
      )}
      <Button
        color="primary"
        outline
        size="sm"
        aria-describedby="renew-hint"
        aria-disabled={busy || undefined}
        onClick={() => void renew()}
      >
        {busy ? m.common.sending : url ? s.renew : s.createFeed}
      </Button>
      <p role="status" className="mt-2">
        {renewed ? (replaced ? s.renewed : s.created) : ''}
      </p>
    </section>
  )
}

export function MyRegistrationsPage() {
  const m = useMessages()
  const s = m.workshops
  usePageTitle(s.myRegistrations)
  const { viewer } = useSession()
  return (
    <>
      <p>
        <Link to="/workshop">{s.backToList}</Link>
      </p>
      <h1>{s.myRegistrations}</h1>
      <p>{s.myIntro}</p>
      {viewer === undefined ? (
        <Loading />
      ) : viewer === null ? (
        <SignInPrompt />
      ) : (
        <>
          <RegistrationList past={false} title={s.myUpcoming} id="my-upcoming" />
          <RegistrationList past title={s.myPast} id="my-past" />
          <CalendarFeed />
        </>
      )}
    </>
  )
}
