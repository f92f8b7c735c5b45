// The signed-in viewer's notifications, newest first: what happened, who did it, where; those
// arriving while the page is open are added at the top; "segna tutte come lette"; more pages
// on request.
import { useEffect, useState } from 'react'
import { request } from '../client'
import { RequestFailed } from '../components/Errors'
import { LoadMore } from '../components/LoadMore'
import { Loading } from '../components/Loading'
import { SignInPrompt } from '../components/SignInPrompt'
import { formatDate } from '../format'
import {
  MARK_NOTIFICATIONS_READ,
  NOTIFICATIONS,
  type MarkNotificationsReadResult,
  type NotificationNode,
  type NotificationsResult,
} from '../graphql.live'
import { usePagedQuery, usePageTitle } from '../hooks'
import { useMessages } from '../i18n'
import { onNotificationAdded, setUnreadNotifications, useUnreadNotifications } from '../notifications'
import { Link } from '../router'
import { useSession } from '../session'

function Item({ n }: { n: NotificationNode }) {
  const m = useMessages()
  const s = m.live.notifications
  const what = s.kind[n.kind](n.actor?.displayName ?? s.someone)
  const where = n.question
    ? { to: `/domande/${n.question.id}`, title: n.question.title }
    : n.workshop
      ? { to: `/workshop/${n.workshop.id}`, title: n.workshop.title }
      : n.thread?.url
        ? { to: n.thread.url, title: n.thread.title }
        : null
  return (
    <li className={`notice list-group-item${n.readAt ? '' : ' notice-unread'}`}>
      <p className="mb-1">
        {!n.readAt && <span className="badge bg-primary me-2">{s.unread}</span>}
        {what}
      </p>
      {where ? (
        <Link to={where.to} lang="it">
          {where.title}
        </Link>
      ) : (
        n.thread && <span lang="it">{n.thread.title}</span>
      )}
      <p className="small text-muted mb-0">{formatDate(n.createdAt, m.locale)}</p>
    </li>
  )
}

function List() {
  const m = useMessages()
  const s = m.live.notifications
  const unread = useUnreadNotifications()
  const [nonce, setNonce] = useState(0)
  const [arrived, setArrived] = useState<NotificationNode[]>([])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<Error | null>(null)
  const list = usePagedQuery(NOTIFICATIONS, {}, (d: NotificationsResult) => d.notifications, [nonce])

  useEffect(() => onNotificationAdded((n) => setArrived((a) => (a.some((x) => x.id === n.id) ? a : [n, ...a]))), [])

  const markAll = async () => {
    setBusy(true)
    setError(null)
    try {
      const { markNotificationsRead } = await request<MarkNotificationsReadResult>(MARK_NOTIFICATIONS_READ, { ids: null })
      setUnreadNotifications(markNotificationsRead.unreadCount)
      setArrived([])
      setNonce((x) => x + 1)
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)))
    } finally {
      setBusy(false)
    }
  }

  if (list.error) return <RequestFailed error={list.error} onRetry={list.refetch} />
  if (!list.data) return <Loading />
  const shown = [...arrived, ...list.edges.map((e) => e.node).filter((n) => !arrived.some((a) => a.id === n.id))]
  return (
    <>
      <div className="d-flex flex-wrap align-items-center gap-3 mb-3">
        <p className="mb-0" role="status">
          {unread > 0 ? m.live.notifications.bell(unread) : s.allRead}
        </p>
        {unread > 0 && (
          <button
            type="button"
            className="btn btn-outline-primary btn-sm"
            aria-disabled={busy || undefined}
            onClick={() => void markAll()}
          >
            {s.markAll}
          </button>
        )}
      </div>
      {error && <RequestFailed error={error} />}
      {shown.length === 0 ? (
        <p>{s.empty}</p>
      ) : (
        <ul className="list-group notice-list" ref={list.listRef} aria-label={s.count(shown.length)}>
          {shown.map((n) => (
            <Item key={n.id} n={n} />
          ))}
        </ul>
      )}
      {list.hasMore && (
        <LoadMore label={s.more} busy={list.loadingMore} error={list.moreError} onClick={() => void list.loadMore()} />
      )}
    </>
  )
}

export function NotificationsPage() {
  const m = useMessages()
  const { viewer } = useSession()
  usePageTitle(m.live.notifications.title)
  return (
    <>
      <h1>{m.live.notifications.title}</h1>
      {viewer === null ? <SignInPrompt text={m.live.notifications.signIn} /> : viewer ? <List /> : <Loading />}
    </>
  )
}
