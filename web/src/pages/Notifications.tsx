// The signed-in viewer's notifications, newest first: what happened, who did it, where (a
// message's notification links to the message itself); those arriving while the page is open
// are added at the top; one is marked read when opened or with its own button, or all at
// once; more pages on request.
import { useEffect, useRef, useState } from 'react'
import { request } from '../client'
import { RequestFailed } from '../components/Errors'
import { LoadMore } from '../components/LoadMore'
import { Loading } from '../components/Loading'
import { SignInPrompt } from '../components/SignInPrompt'
import { formatMoment } from '../format'
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
import { messageAnchor } from '../paths'
import { Link } from '../router'
import { useSession } from '../session'

/** Where a notification points: the message in its thread, else the question, workshop or thread. */
function target(n: NotificationNode): { to: string; title: string } | null {
  if (n.message && n.thread?.url) return { to: `${n.thread.url}#${messageAnchor(n.message.id)}`, title: n.thread.title }
  if (n.question) return { to: `/domande/${n.question.id}`, title: n.question.title }
  if (n.workshop) return { to: `/workshop/${n.workshop.id}`, title: n.workshop.title }
  if (n.thread?.url) return { to: n.thread.url, title: n.thread.title }
  return null
}

function Item({ n, read, onRead }: { n: NotificationNode; read: boolean; onRead: (id: string) => Promise<void> }) {
  const m = useMessages()
  const s = m.live.notifications
  const what = s.kind[n.kind](n.actor?.displayName ?? s.someone)
  const where = target(n)
  const item = useRef<HTMLLIElement>(null)
  // The button goes once the notification is read: the focus stays on the notification.
  const markRead = () =>
    void onRead(n.id).then(
      () => (item.current?.querySelector('a') ?? item.current)?.focus(),
      () => undefined, // The list says it failed.
    )
  return (
    <li className={`notice list-group-item${read ? '' : ' notice-unread'}`} ref={item} tabIndex={-1}>
      <p className="mb-1">
        {!read && <span className="badge bg-primary me-2">{s.unread}</span>}
        {what}
      </p>
      {where ? (
        <Link
          to={where.to}
          lang="it"
          // Opened is read; the request goes on while the next page loads.
          onClick={() => void (read ? undefined : onRead(n.id).catch(() => undefined))}
        >
          {where.title}
        </Link>
      ) : (
        n.thread && <span lang="it">{n.thread.title}</span>
      )}
      <div className="d-flex flex-wrap align-items-center gap-3">
        <p className="small text-muted mb-0">
          <time dateTime={n.createdAt}>{formatMoment(n.createdAt, m.locale, m.live.today)}</time>
        </p>
        {!read && (
          <button type="button" className="btn btn-link btn-xs p-0" aria-label={s.markReadOf(what)} onClick={markRead}>
            {s.markRead}
          </button>
        )}
      </div>
    </li>
  )
}

function List() {
  const m = useMessages()
  const s = m.live.notifications
  const unread = useUnreadNotifications()
  const [arrived, setArrived] = useState<NotificationNode[]>([])
  const [readIds, setReadIds] = useState<ReadonlySet<string>>(new Set())
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<Error | null>(null)
  const status = useRef<HTMLParagraphElement>(null)
  const list = usePagedQuery(NOTIFICATIONS, {}, (d: NotificationsResult) => d.notifications)

  useEffect(() => onNotificationAdded((n) => setArrived((a) => (a.some((x) => x.id === n.id) ? a : [n, ...a]))), [])

  const markRead = async (id: string) => {
    setError(null)
    try {
      const { markNotificationsRead } = await request<MarkNotificationsReadResult>(MARK_NOTIFICATIONS_READ, { ids: [id] })
      setUnreadNotifications(markNotificationsRead.unreadCount)
      setReadIds((r) => new Set(r).add(id))
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)))
      throw e
    }
  }

  const markAll = async () => {
    setBusy(true)
    setError(null)
    try {
      const { markNotificationsRead } = await request<MarkNotificationsReadResult>(MARK_NOTIFICATIONS_READ, { ids: null })
      setUnreadNotifications(markNotificationsRead.unreadCount)
      // The list stays on screen, each shown as read (asking for it again would replace it
      // with a loading note, and the focus with it).
      setReadIds(new Set(shown.map((n) => n.id)))
      // The button goes with the last unread notification: the focus goes to the status
      // that now says all are read, not to the page's start.
      status.current?.focus()
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
        <p className="mb-0" role="status" tabIndex={-1} ref={status} id="notifications-status">
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
            <Item key={n.id} n={n} read={!!n.readAt || readIds.has(n.id)} onRead={markRead} />
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
