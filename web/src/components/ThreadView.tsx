// A discussion thread: its newest page of messages with earlier pages on request, messages
// arriving live (announced politely to screen readers), replies, edits and deletions of one's
// own, reactions, @mentions suggested as one types, following, the read position set while
// the thread is on screen, and the message an address's #messaggio-<id> points at.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { request, type UserError } from '../client'
import {
  DELETE_MESSAGE,
  EDIT_MESSAGE,
  FOLLOW_THREAD,
  MARK_THREAD_READ,
  MENTION_CANDIDATES,
  MESSAGE_ADDED,
  MESSAGE_DELETED,
  MESSAGE_UPDATED,
  POST_MESSAGE,
  REACT,
  THREAD,
  type DeleteMessageResult,
  type EditMessageResult,
  type FollowThreadResult,
  type MarkThreadReadResult,
  type MentionCandidatesResult,
  type MessageNode,
  type PostMessageResult,
  type ReactResult,
  type ThreadResult,
} from '../graphql.live'
import { excerpt } from '../excerpt'
import { formatMoment } from '../format'
import { useAnnouncer } from '../hooks'
import { useMessages } from '../i18n'
import { onConnection, subscribe } from '../live'
import { refreshUnreadNotifications } from '../notifications'
import { messageAnchor } from '../paths'
import { useLocation } from '../router'
import { useSession } from '../session'
import { ErrorSummary, RequestFailed, fieldError } from './Errors'
import { Loading } from './Loading'
import { ServerHtml } from './ServerHtml'
import { SignInPrompt } from './SignInPrompt'

/** The reactions offered: a few, always the same, so that counts add up. */
const emojis = ['👍', '❤️', '🎉', '🙏'] as const

interface Meta {
  unreadCount: number
  mentionCount: number
  viewerFollows: boolean
}

/**
 * Puts a message in its place: replaced when known, else appended when add is set (messages
 * come in order). The quotes of the replies to it follow its new text or its deletion.
 */
function upsert(list: MessageNode[], m: MessageNode, add = true): MessageNode[] {
  const i = list.findIndex((x) => x.id === m.id)
  let next = list
  if (i >= 0) {
    next = list.slice()
    next[i] = m
  } else if (add) next = [...list, m]
  if (!next.some((x) => x.replyTo?.id === m.id)) return next
  return next.map((x) =>
    x.replyTo?.id === m.id ? { ...x, replyTo: { ...x.replyTo, body: m.body, bodyHTML: m.bodyHTML, deleted: m.deleted } } : x,
  )
}

/** How many earlier pages are read, at most, to reach the message an address points at. */
const maxPagesToTarget = 5

export function ThreadView({ threadId }: { threadId: string }) {
  const m = useMessages()
  const t = m.live.thread
  const { viewer } = useSession()
  const [messages, setMessages] = useState<MessageNode[]>([])
  const [meta, setMeta] = useState<Meta | null>(null)
  const [older, setOlder] = useState<string | null>(null)
  const [loadingOlder, setLoadingOlder] = useState(false)
  const [error, setError] = useState<Error | null>(null)
  const [announce, say] = useAnnouncer()
  const [offline, setOffline] = useState(false)
  const [replyTo, setReplyTo] = useState<MessageNode | null>(null)
  const [nonce, setNonce] = useState(0)
  // Set when the viewer may no longer read the thread (removed from its space): no composer.
  const [gone, setGone] = useState(false)
  // The newest message's cursor: where the subscriptions resume after a drop.
  const last = useRef<string | null>(null)
  const root = useRef<HTMLDivElement>(null)
  const goneRef = useRef<HTMLParagraphElement>(null)
  const visible = useRef(false)
  const viewerId = viewer?.id
  // The live handlers outlive a change of language: they read the texts of the current one.
  const texts = useRef(t)
  texts.current = t
  const { hash } = useLocation()
  const reached = useRef('')
  const pagesToTarget = useRef(0)

  // A subscription the server ended: the viewer may have lost access (removed from the
  // space). The thread is asked again; if it is no longer there, the page says so.
  const checkAccess = useCallback(() => {
    request<ThreadResult>(THREAD, { id: threadId }).then(
      (d) => !d.node && setGone(true),
      () => undefined, // Unknown: the next post tells.
    )
  }, [threadId])

  const markRead = useCallback(() => {
    if (!viewerId || !visible.current || document.visibilityState !== 'visible') return
    request<MarkThreadReadResult>(MARK_THREAD_READ, { threadId }).then(
      ({ markThreadRead }) => {
        const th = markThreadRead.thread
        if (th) setMeta((x) => x && { ...x, unreadCount: th.unreadCount, mentionCount: th.mentionCount })
        refreshUnreadNotifications()
      },
      () => undefined, // Marked on the next view.
    )
  }, [threadId, viewerId])

  // The newest page, then the live stream from its last message.
  useEffect(() => {
    let live = true
    const stops: (() => void)[] = []
    setError(null)
    request<ThreadResult>(THREAD, { id: threadId }).then(
      (d) => {
        if (!live) return
        if (!d.node) {
          setError(new Error(texts.current.notFound))
          return
        }
        const edges = d.node.messages.edges
        const list = edges.map((e) => e.node)
        setMessages(list)
        setOlder(d.node.messages.pageInfo.hasNextPage && edges.length ? edges[0].cursor : null)
        setMeta({ unreadCount: d.node.unreadCount, mentionCount: d.node.mentionCount, viewerFollows: d.node.viewerFollows })
        last.current = list.length ? list[list.length - 1].cursor : null
        const vars = () => ({ threadId, after: last.current })
        const ended = () => live && checkAccess()
        stops.push(
          subscribe<{ messageAdded: MessageNode }>(
            MESSAGE_ADDED,
            vars,
            ({ messageAdded: msg }) => {
              last.current = msg.cursor
              setMessages((l) => upsert(l, msg))
              if (msg.author.id !== viewerId) {
                say(texts.current.newMessage(msg.author.displayName, excerpt(msg.bodyHTML, 80)))
                if (visible.current) markRead()
                else setMeta((x) => x && { ...x, unreadCount: x.unreadCount + 1 })
              }
            },
            ended,
          ),
          // Edits and deletions of messages not on the page (earlier ones) still change the
          // quotes of the replies to them.
          subscribe<{ messageUpdated: MessageNode }>(MESSAGE_UPDATED, vars, ({ messageUpdated: msg }) =>
            setMessages((l) => upsert(l, msg, false)),
          ),
          subscribe<{ messageDeleted: MessageNode }>(MESSAGE_DELETED, vars, ({ messageDeleted: msg }) =>
            setMessages((l) => upsert(l, msg, false)),
          ),
          onConnection((up) => setOffline(!up)),
        )
      },
      (e: Error) => live && setError(e),
    )
    return () => {
      live = false
      stops.forEach((s) => s())
    }
  }, [threadId, viewerId, nonce, markRead, say, checkAccess])

  useEffect(() => {
    if (gone) goneRef.current?.focus()
  }, [gone])

  // Read while on screen: the position is set when the thread comes into view.
  useEffect(() => {
    const el = root.current
    if (!el || !meta) return
    const io = new IntersectionObserver(([e]) => {
      visible.current = e.isIntersecting
      if (e.isIntersecting && meta.unreadCount > 0) markRead()
    })
    io.observe(el)
    return () => io.disconnect()
  }, [meta, markRead])

  const loadOlder = async ({ focus = true } = {}) => {
    if (!older || loadingOlder) return
    setLoadingOlder(true)
    try {
      const d = await request<ThreadResult>(THREAD, { id: threadId, after: older })
      const edges = d.node?.messages.edges ?? []
      setMessages((l) => [...edges.map((e) => e.node).filter((n) => !l.some((x) => x.id === n.id)), ...l])
      setOlder(d.node?.messages.pageInfo.hasNextPage && edges.length ? edges[0].cursor : null)
      // The first of the earlier messages takes the focus: the reader goes on from there.
      if (edges.length && focus)
        requestAnimationFrame(() => document.getElementById(messageAnchor(edges[edges.length - 1].node.id))?.focus())
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)))
    } finally {
      setLoadingOlder(false)
    }
  }

  // An address ending in #messaggio-<id> (a notification's link): once the message is on the
  // page, it is scrolled to and takes the focus; earlier pages are read to reach it.
  useEffect(() => {
    if (!meta || !hash.startsWith('messaggio-') || reached.current === hash) return
    const el = document.getElementById(hash)
    if (el) {
      reached.current = hash
      el.scrollIntoView({ block: 'center', behavior: 'instant' })
      el.focus({ preventScroll: true })
    } else if (older && !loadingOlder && pagesToTarget.current < maxPagesToTarget) {
      pagesToTarget.current++
      void loadOlder({ focus: false })
    }
    // loadOlder reads the state of this render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [hash, meta, messages, older, loadingOlder])

  const follow = async () => {
    if (!meta) return
    const { followThread } = await request<FollowThreadResult>(FOLLOW_THREAD, { threadId, follow: !meta.viewerFollows })
    if (followThread.thread) setMeta({ ...meta, viewerFollows: followThread.thread.viewerFollows })
  }

  const changed = (msg: MessageNode | null) => msg && setMessages((l) => upsert(l, msg))

  if (error && !meta) return <RequestFailed error={error} onRetry={() => setNonce((n) => n + 1)} />
  if (!meta) return <Loading />

  return (
    <div className="thread" ref={root}>
      <div className="visually-hidden" aria-live="polite" role="status">
        {announce}
      </div>
      {offline && (
        <p className="alert alert-warning small" role="status">
          {t.offline}
        </p>
      )}
      {gone && (
        <p className="alert alert-warning" role="alert" tabIndex={-1} ref={goneRef}>
          {t.gone}
        </p>
      )}
      {viewer && !gone && (
        <div className="d-flex flex-wrap align-items-center gap-3 mb-3">
          {meta.unreadCount > 0 && <span className="badge bg-primary">{t.unread(meta.unreadCount)}</span>}
          {meta.mentionCount > 0 && <span className="badge bg-secondary">{t.mentions(meta.mentionCount)}</span>}
          <button type="button" className="btn btn-outline-primary btn-xs" onClick={() => void follow().catch(() => undefined)}>
            {meta.viewerFollows ? t.unfollow : t.follow}
          </button>
        </div>
      )}
      {older && (
        <button
          type="button"
          className="btn btn-link p-0 mb-2"
          onClick={() => void loadOlder()}
          aria-disabled={loadingOlder || undefined}
        >
          {loadingOlder ? t.loadingOlder : t.older}
        </button>
      )}
      {error && <RequestFailed error={error} />}
      {messages.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <ol className="message-list list-unstyled" aria-label={t.list(messages.length)}>
          {messages.map((msg) => (
            <MessageItem
              key={msg.id}
              msg={msg}
              canReact={!!viewer && !gone}
              canEdit={!gone}
              onReply={viewer && !gone ? () => setReplyTo(msg) : undefined}
              onChanged={changed}
            />
          ))}
        </ol>
      )}
      {gone ? null : viewer ? (
        <Composer
          threadId={threadId}
          replyTo={replyTo}
          onGone={() => setGone(true)}
          onCancelReply={() => setReplyTo(null)}
          onPosted={(msg) => {
            setReplyTo(null)
            changed(msg)
            setMeta((x) => x && { ...x, viewerFollows: true })
          }}
        />
      ) : viewer === null ? (
        <SignInPrompt text={t.signIn} />
      ) : null}
    </div>
  )
}

function MessageItem({
  msg,
  canReact,
  canEdit,
  onReply,
  onChanged,
}: {
  msg: MessageNode
  canReact: boolean
  canEdit: boolean
  onReply?: () => void
  onChanged: (msg: MessageNode | null) => void
}) {
  const m = useMessages()
  const t = m.live.thread
  const [editing, setEditing] = useState(false)
  const [body, setBody] = useState(msg.body)
  const [errors, setErrors] = useState<UserError[]>([])
  const editId = `edit-${msg.id}`
  const quoted = msg.replyTo?.bodyHTML ?? ''
  const quote = useMemo(() => excerpt(quoted), [quoted])

  const react = async (emoji: string, on: boolean) => {
    const { react } = await request<ReactResult>(REACT, { messageId: msg.id, emoji, on })
    onChanged(react.message)
  }
  const save = async (e: FormEvent) => {
    e.preventDefault()
    const { editMessage } = await request<EditMessageResult>(EDIT_MESSAGE, { messageId: msg.id, body })
    setErrors(editMessage.userErrors)
    if (editMessage.userErrors.length === 0) {
      setEditing(false)
      onChanged(editMessage.message)
      requestAnimationFrame(() => document.getElementById(messageAnchor(msg.id))?.focus())
    }
  }
  const remove = async () => {
    if (!window.confirm(t.confirmDelete)) return
    const { deleteMessage } = await request<DeleteMessageResult>(DELETE_MESSAGE, { messageId: msg.id })
    onChanged(deleteMessage.message)
  }

  return (
    <li id={messageAnchor(msg.id)} tabIndex={-1} className="message border-bottom py-2">
      <p className="small text-muted mb-1">
        <strong className="text-body">{msg.author.displayName}</strong>,{' '}
        <time dateTime={msg.createdAt}>{formatMoment(msg.createdAt, m.locale, m.live.today)}</time>
        {msg.editedAt && !msg.deleted && <> · {t.edited}</>}
      </p>
      {msg.replyTo && (
        <blockquote className="message-quote small border-start ps-2 text-muted mb-1">
          {t.inReplyTo(msg.replyTo.author.displayName)} {msg.replyTo.deleted ? <em>{t.deleted}</em> : quote}
        </blockquote>
      )}
      {msg.deleted ? (
        <p className="fst-italic text-muted mb-1">{t.deleted}</p>
      ) : editing ? (
        <form onSubmit={(e) => void save(e)} noValidate>
          <ErrorSummary errors={errors} />
          <label htmlFor={editId} className="form-label small">
            {t.editLabel}
          </label>
          <textarea
            id={editId}
            className="form-control"
            rows={3}
            value={body}
            autoFocus
            onChange={(e) => setBody(e.target.value)}
            aria-invalid={!!fieldError(errors, 'body') || undefined}
          />
          <div className="d-flex gap-2 mt-2">
            <button type="submit" className="btn btn-primary btn-xs">
              {t.save}
            </button>
            <button type="button" className="btn btn-outline-secondary btn-xs" onClick={() => setEditing(false)}>
              {t.cancel}
            </button>
          </div>
        </form>
      ) : (
        <ServerHtml className="message-body" lang="it" html={msg.bodyHTML} />
      )}
      {!msg.deleted && !editing && (
        <div className="d-flex flex-wrap align-items-center gap-2">
          {emojis.map((e) => {
            const r = msg.reactions.find((x) => x.emoji === e)
            const n = r?.count ?? 0
            if (!canReact && n === 0) return null
            return (
              <button
                key={e}
                type="button"
                className="btn btn-outline-secondary btn-xs reaction"
                aria-pressed={r?.viewer ?? false}
                aria-label={t.react(e, n)}
                disabled={!canReact}
                onClick={() => void react(e, !r?.viewer).catch(() => undefined)}
              >
                <span aria-hidden="true">{e}</span> {n > 0 && <span aria-hidden="true">{n}</span>}
              </button>
            )
          })}
          {onReply && (
            <button type="button" className="btn btn-link btn-xs p-0" onClick={onReply}>
              {t.reply}
            </button>
          )}
          {msg.viewerCanEdit && canEdit && (
            <>
              <button type="button" className="btn btn-link btn-xs p-0" onClick={() => (setBody(msg.body), setEditing(true))}>
                {t.edit}
              </button>
              <button
                type="button"
                className="btn btn-link btn-xs p-0 text-danger"
                onClick={() => void remove().catch(() => undefined)}
              >
                {t.delete}
              </button>
            </>
          )}
        </div>
      )}
    </li>
  )
}

interface Candidate {
  id: string
  displayName: string
}

/** The "@word" being typed just before the caret, if any. */
function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)@([^\s@[\]()]{1,30})$/.exec(text.slice(0, caret))
  return match ? { start: caret - match[2].length - 1, query: match[2] } : null
}

function Composer({
  threadId,
  replyTo,
  onGone,
  onCancelReply,
  onPosted,
}: {
  threadId: string
  replyTo: MessageNode | null
  /** The thread is no longer there for the viewer (they lost access to its space). */
  onGone: () => void
  onCancelReply: () => void
  onPosted: (msg: MessageNode | null) => void
}) {
  const m = useMessages()
  const t = m.live.thread
  const [body, setBody] = useState('')
  const [busy, setBusy] = useState(false)
  const [errors, setErrors] = useState<UserError[]>([])
  const [failure, setFailure] = useState<Error | null>(null)
  const [candidates, setCandidates] = useState<Candidate[]>([])
  const [active, setActive] = useState(0)
  const [typed, setTyped] = useState<{ start: number; query: string } | null>(null)
  const area = useRef<HTMLTextAreaElement>(null)
  const caretAfter = useRef<number | null>(null) // where the caret goes once the body is shown
  const fieldId = `message-${threadId}`
  const listId = `${fieldId}-mentions`

  useEffect(() => {
    if (replyTo) area.current?.focus()
  }, [replyTo])

  // Suggestions for the name being typed, a moment after the last key.
  useEffect(() => {
    if (!typed) {
      setCandidates([])
      return
    }
    const ctl = new AbortController()
    const timer = setTimeout(() => {
      request<MentionCandidatesResult>(MENTION_CANDIDATES, { id: threadId, query: typed.query }, ctl.signal).then(
        (d) => {
          setCandidates(d.node?.mentionCandidates ?? [])
          setActive(0)
        },
        () => undefined, // No suggestions: the name can still be typed.
      )
    }, 150)
    return () => {
      clearTimeout(timer)
      ctl.abort()
    }
  }, [typed, threadId])

  const pick = (c: Candidate) => {
    if (!typed || !area.current) return
    const caret = area.current.selectionStart
    const inserted = `[@${c.displayName}](mention:${c.id}) `
    const next = body.slice(0, typed.start) + inserted + body.slice(caret)
    setBody(next)
    setTyped(null)
    caretAfter.current = typed.start + inserted.length
  }

  // The caret goes after an inserted mention in the render that shows it: a frame requested
  // before could come after the next key, and put the caret behind what was typed.
  useLayoutEffect(() => {
    const at = caretAfter.current
    if (at !== null && area.current) {
      caretAfter.current = null
      area.current.focus()
      area.current.setSelectionRange(at, at)
    }
  })

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!candidates.length || !typed) return
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      const d = e.key === 'ArrowDown' ? 1 : -1
      setActive((a) => (a + d + candidates.length) % candidates.length)
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault()
      pick(candidates[active])
    } else if (e.key === 'Escape') {
      e.preventDefault()
      setTyped(null)
    }
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (busy) return
    setBusy(true)
    setFailure(null)
    try {
      const { postMessage } = await request<PostMessageResult>(POST_MESSAGE, {
        threadId,
        body,
        replyToId: replyTo?.id ?? null,
      })
      if (postMessage.userErrors.some((x) => x.code === 'NOT_FOUND' && x.field === 'threadId')) {
        onGone()
        return
      }
      setErrors(postMessage.userErrors)
      if (postMessage.userErrors.length === 0) {
        setBody('')
        onPosted(postMessage.message)
      }
    } catch (err) {
      setFailure(err instanceof Error ? err : new Error(String(err)))
    } finally {
      setBusy(false)
    }
  }

  const open = !!typed && candidates.length > 0
  const invalid = fieldError(errors, 'body')
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="mt-3 composer">
      {failure && <RequestFailed error={failure} />}
      <ErrorSummary errors={errors} />
      {replyTo && (
        <p className="small mb-1">
          {t.replyingTo(replyTo.author.displayName)}{' '}
          <button type="button" className="btn btn-link btn-xs p-0" onClick={onCancelReply}>
            {t.cancelReply}
          </button>
        </p>
      )}
      <label htmlFor={fieldId} className="form-label">
        {t.body}
      </label>
      <div className="position-relative">
        <textarea
          id={fieldId}
          ref={area}
          className={`form-control${invalid ? ' is-invalid' : ''}`}
          rows={3}
          value={body}
          role="combobox"
          aria-expanded={open}
          aria-autocomplete="list"
          aria-controls={listId}
          aria-activedescendant={open ? `${listId}-${active}` : undefined}
          aria-describedby={`${fieldId}-hint`}
          aria-invalid={!!invalid || undefined}
          onChange={(e) => {
            setBody(e.target.value)
            setTyped(mentionQuery(e.target.value, e.target.selectionStart))
          }}
          onKeyDown={onKeyDown}
          // A click on a suggestion blurs the field first: the list closes a moment later,
          // unless the focus came back meanwhile.
          onBlur={() => setTimeout(() => document.activeElement !== area.current && setTyped(null), 200)}
        />
        <ul
          id={listId}
          role="listbox"
          aria-label={t.suggestions}
          className={`list-group mention-list position-absolute${open ? '' : ' d-none'}`}
        >
          {open &&
            candidates.map((c, i) => (
              <li
                key={c.id}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className={`list-group-item list-group-item-action${i === active ? ' active' : ''}`}
                onMouseDown={(e) => {
                  e.preventDefault()
                  pick(c)
                }}
              >
                {c.displayName}
              </li>
            ))}
        </ul>
      </div>
      <p id={`${fieldId}-hint`} className="form-text small">
        {t.bodyHint}
      </p>
      {invalid && <p className="invalid-feedback d-block">{invalid}</p>}
      <button type="submit" className="btn btn-primary btn-sm" aria-disabled={busy || undefined}>
        {busy ? t.sending : t.send}
      </button>
    </form>
  )
}

/** The "Discussione" section of a page: its heading and the thread. */
export function DiscussionSection({ threadId }: { threadId: string }) {
  const t = useMessages().live.thread
  return (
    <section className="mt-5" aria-labelledby="discussion-title" id="discussione">
      <h2 id="discussion-title" className="h3">
        {t.title}
      </h2>
      <ThreadView threadId={threadId} />
    </section>
  )
}
