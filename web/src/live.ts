// Live updates over one WebSocket at /graphql, in the graphql-transport-ws protocol. The
// upgrade request carries the session cookie, so connection_init sends no token. After a
// network drop or a server close the socket reconnects with backoff and every subscription is
// sent again with the variables it gives then: each passes the last cursor it saw as `after`,
// and the server sends what committed meanwhile, so a page catches up by itself.

type Variables = Record<string, unknown>

interface Subscriber {
  query: string
  /** The variables for the next subscribe: read again on each (re)subscription. */
  variables: () => Variables
  next: (data: unknown) => void
  /** Called when the server ends or refuses the subscription (not when it is unsubscribed). */
  ended?: () => void
}

// Closes after which reconnecting cannot help: the server refused what was asked.
const final = new Set([4400, 4403, 4409])

let socket: WebSocket | null = null
let acked = false
let attempt = 0
let retryTimer: ReturnType<typeof setTimeout> | undefined
let nextId = 1
const subscribers = new Map<string, Subscriber>()
const listeners = new Set<(connected: boolean) => void>()

function notify(connected: boolean) {
  listeners.forEach((l) => l(connected))
}

function send(message: object) {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message))
}

function sendSubscribe(id: string, s: Subscriber) {
  send({ id, type: 'subscribe', payload: { query: s.query, variables: s.variables() } })
}

function connect() {
  clearTimeout(retryTimer)
  retryTimer = undefined
  if (socket || subscribers.size === 0) return
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`
  const ws = new WebSocket(url, 'graphql-transport-ws')
  socket = ws
  acked = false
  ws.onopen = () => ws.send(JSON.stringify({ type: 'connection_init', payload: {} }))
  ws.onmessage = (ev) => {
    let msg: { id?: string; type: string; payload?: unknown }
    try {
      msg = JSON.parse(String(ev.data))
    } catch {
      return
    }
    switch (msg.type) {
      case 'connection_ack':
        acked = true
        attempt = 0
        subscribers.forEach((s, id) => sendSubscribe(id, s))
        notify(true)
        break
      case 'ping':
        send({ type: 'pong' })
        break
      case 'next': {
        const data = (msg.payload as { data?: unknown } | undefined)?.data
        const s = msg.id ? subscribers.get(msg.id) : undefined
        if (s && data) s.next(data)
        break
      }
      case 'error':
      case 'complete':
        // A refused or ended subscription (the thread became unreadable, the viewer left):
        // nothing to resume; its page is told.
        if (msg.id) {
          const s = subscribers.get(msg.id)
          subscribers.delete(msg.id)
          s?.ended?.()
        }
        break
    }
  }
  ws.onclose = (ev) => {
    if (socket !== ws) return
    socket = null
    acked = false
    notify(false)
    if (final.has(ev.code)) return
    scheduleReconnect()
  }
}

function scheduleReconnect() {
  if (retryTimer || subscribers.size === 0) return
  // 0.5 s, 1 s, 2 s … up to 15 s, with jitter so that many readers do not come back at once.
  const delay = Math.min(15_000, 500 * 2 ** attempt) * (0.75 + Math.random() / 2)
  attempt++
  retryTimer = setTimeout(connect, delay)
}

// The browser knows before the socket does: offline, the socket is dropped at once (its
// close may take a minute to come); online again, it reconnects without waiting for the backoff.
if (typeof window !== 'undefined') {
  window.addEventListener('offline', () => {
    if (!socket) return
    const ws = socket
    socket = null
    acked = false
    ws.close()
    notify(false)
  })
  window.addEventListener('online', () => {
    attempt = 0
    if (!socket) connect()
  })
}

/**
 * Subscribes to a live operation; returns the function that ends it. variables() is called on
 * every (re)subscription, so that it gives the latest cursor seen; ended() when the server ends
 * or refuses it (the viewer may no longer read what it follows).
 */
export function subscribe<T>(query: string, variables: () => Variables, next: (data: T) => void, ended?: () => void): () => void {
  const id = String(nextId++)
  const s: Subscriber = { query, variables, next: next as (data: unknown) => void, ended }
  subscribers.set(id, s)
  if (socket && acked) sendSubscribe(id, s)
  else connect()
  return () => {
    if (!subscribers.delete(id)) return
    if (acked) send({ id, type: 'complete' })
    if (subscribers.size === 0 && socket) {
      const ws = socket
      socket = null
      ws.close(1000)
    }
  }
}

/**
 * Opens the socket again, with every subscription: after signing in or out, the server
 * decides who the viewer is when the connection starts.
 */
export function reconnect() {
  if (!socket) return
  const ws = socket
  socket = null
  ws.close(1000)
  attempt = 0
  connect()
}

/** Tells when the socket connects (true) or drops (false). */
export function onConnection(listener: (connected: boolean) => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
