// The signed-in viewer's unread notifications, shared by the header's bell and /notifiche:
// counted once from the server, then kept live by notificationAdded.
import { useEffect, useSyncExternalStore } from 'react'
import { request } from './client'
import {
  NOTIFICATION_ADDED,
  UNREAD_NOTIFICATIONS,
  type NotificationAddedResult,
  type NotificationNode,
  type UnreadNotificationsResult,
} from './graphql.live'
import { reconnect, subscribe } from './live'

let unread = 0
const countListeners = new Set<() => void>()
const addedListeners = new Set<(n: NotificationNode) => void>()

function setUnread(n: number) {
  unread = n
  countListeners.forEach((l) => l())
}

/** Sets the count the server answered (after marking notifications read). */
export const setUnreadNotifications = setUnread

/**
 * Asks the server for the count again, when the bell shows one: reading a thread marks the
 * notifications of what was read there.
 */
export function refreshUnreadNotifications() {
  if (unread === 0) return
  request<UnreadNotificationsResult>(UNREAD_NOTIFICATIONS).then(
    (d) => setUnread(d.unreadNotificationCount),
    () => undefined, // The count stays until the next change.
  )
}

/** The live unread count. */
export function useUnreadNotifications(): number {
  return useSyncExternalStore(
    (l) => {
      countListeners.add(l)
      return () => countListeners.delete(l)
    },
    () => unread,
  )
}

/** Tells of each notification that arrives live. */
export function onNotificationAdded(listener: (n: NotificationNode) => void): () => void {
  addedListeners.add(listener)
  return () => addedListeners.delete(listener)
}

/**
 * Follows the viewer's notifications while signed in. A change of viewer opens the socket
 * again: the server decides who it serves when a connection starts.
 */
export function useNotificationFeed(viewerId: string | null | undefined) {
  useEffect(() => {
    if (viewerId === undefined) return
    reconnect()
    if (!viewerId) {
      setUnread(0)
      return
    }
    let live = true
    let stop = () => {}
    request<UnreadNotificationsResult>(UNREAD_NOTIFICATIONS).then(
      (d) => {
        if (!live) return
        setUnread(d.unreadNotificationCount)
        // The newest notification's place: what came after it is sent on subscribing.
        let after: string | null = d.notifications.edges[0]?.node.cursor ?? null
        stop = subscribe<NotificationAddedResult>(
          NOTIFICATION_ADDED,
          () => ({ after }),
          ({ notificationAdded: n }) => {
            after = n.cursor
            if (!n.readAt) setUnread(unread + 1)
            addedListeners.forEach((l) => l(n))
          },
        )
      },
      () => undefined, // No badge: the page /notifiche still lists them.
    )
    return () => {
      live = false
      stop()
    }
  }, [viewerId])
}
