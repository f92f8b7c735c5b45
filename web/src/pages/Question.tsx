// A question with its answers and comments: votes, the answer form, "Accetta" for the
// question's author, edits with their history for authors and moderators, close and reopen for
// moderators. After each change the page keeps its data on screen while it reloads, keeps the
// scroll position and moves the focus to what changed.
import { DiscussionSection } from '../components/ThreadView'
import { QUESTION_ACTIVITY, type QuestionActivityResult } from '../graphql.live'
import { subscribe } from '../live'
import { Badge, Button } from 'design-react-kit'
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { request, type UserError } from '../client'
import { ErrorSummary, RequestFailed, fieldError } from '../components/Errors'
import { TextAreaField, TextField } from '../components/Field'
import { Loading } from '../components/Loading'
import { ServerHtml } from '../components/ServerHtml'
import { SignInPrompt } from '../components/SignInPrompt'
import { SpaceNote } from '../components/SpaceBadges'
import { VoteButtons } from '../components/VoteButtons'
import { diffLines } from '../diff'
import { formatDate } from '../format'
import {
  ACCEPT_ANSWER,
  ADD_COMMENT,
  ANSWER_QUESTION,
  CLOSE_QUESTION,
  EDIT_ANSWER,
  EDIT_QUESTION,
  QUESTION_PAGE,
  REOPEN_QUESTION,
  UNACCEPT_ANSWER,
  type AcceptAnswerResult,
  type UnacceptAnswerResult,
  type AddCommentResult,
  type AnswerNode,
  type AnswerQuestionResult,
  type Author,
  type CommentNode,
  type EditAnswerResult,
  type EditQuestionResult,
  type ModerateResult,
  type QuestionDetail,
  type QuestionPageResult,
  type RevisionNode,
} from '../graphql'
import { useAction, useAnnouncer, usePageTitle, useQuery } from '../hooks'
import { useMessages } from '../i18n'
import { Link } from '../router'
import { canModerate, useSession, useViewerKey } from '../session'
import { NotFoundPage } from './NotFound'

const answerAnchor = (id: string) => `risposta-${id}`
const commentAnchor = (id: string) => `commento-${id}`
const acceptedAnchor = (id: string) => `accettata-${id}`

/** Moves the focus to an element of the page once it is there (after the reload). */
type FocusOn = (id: string) => void

function Byline({ author, date, label }: { author: Author; date: string; label: (who: string, when: string) => string }) {
  const m = useMessages()
  const where = [author.center?.name, author.region?.name].filter(Boolean).join(', ')
  return (
    <p className="small text-muted mb-0">
      {label(author.displayName, formatDate(date, m.locale))}
      {where && <> · {where}</>}
    </p>
  )
}

function Comments({
  postId,
  comments,
  canComment,
  onChanged,
  focusOn,
}: {
  postId: string
  comments: CommentNode[]
  canComment: boolean
  onChanged: () => void
  focusOn: FocusOn
}) {
  const m = useMessages()
  const [open, setOpen] = useState(false)
  const [body, setBody] = useState('')
  const { busy, userErrors, error, run } = useAction()
  const fieldId = `comment-${postId}`
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (busy) return
    let id = ''
    const ok = await run(async () => {
      const { addComment } = await request<AddCommentResult>(ADD_COMMENT, { postId, body })
      id = addComment.comment?.id ?? ''
      return addComment.userErrors
    })
    if (ok) {
      setBody('')
      setOpen(false)
      focusOn(commentAnchor(id))
      onChanged()
    }
  }
  return (
    <div className="comments">
      {comments.length > 0 && (
        <ul className="comment-list" aria-label={m.question.comments(comments.length)}>
          {comments.map((c) => (
            <li key={c.id} id={commentAnchor(c.id)} tabIndex={-1}>
              <ServerHtml className="comment-body" lang="it" html={c.bodyHTML} />
              <span className="small text-muted">
                — {c.author.displayName}, {formatDate(c.createdAt, m.locale)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {canComment &&
        (open ? (
          <form onSubmit={submit} noValidate className="comment-form">
            {error && <RequestFailed error={error} />}
            <TextAreaField
              id={fieldId}
              label={m.question.commentBody}
              rows={2}
              value={body}
              autoFocus
              onChange={(e) => setBody(e.target.value)}
              error={fieldError(userErrors, 'body')}
            />
            <div className="d-flex gap-2">
              <Button type="submit" color="primary" size="xs" aria-disabled={busy || undefined}>
                {busy ? m.common.sending : m.question.submitComment}
              </Button>
              <Button type="button" color="secondary" outline size="xs" onClick={() => setOpen(false)}>
                {m.common.cancel}
              </Button>
            </div>
          </form>
        ) : (
          <button type="button" className="btn btn-link btn-xs p-0" onClick={() => setOpen(true)}>
            {m.question.addComment}
          </button>
        ))}
    </div>
  )
}

/** The edits of a post: what each one changed, newest last. */
function Revisions({ revisions, current }: { revisions: RevisionNode[]; current: { title?: string; body: string } }) {
  const m = useMessages()
  if (!revisions.length) return null
  const ordered = [...revisions].sort((a, b) => a.createdAt.localeCompare(b.createdAt))
  const versions = [...ordered.map((r) => ({ title: r.title ?? undefined, body: r.body })), current]
  return (
    <details className="revisions">
      <summary>{m.question.edited(revisions.length)}</summary>
      <ol className="revision-list">
        {ordered.map((r, i) => {
          const before = versions[i]
          const after = versions[i + 1]
          return (
            <li key={r.createdAt + i}>
              <p className="small fw-semibold mb-1">
                {m.question.editedBy(r.editor.displayName, formatDate(r.createdAt, m.locale))}
              </p>
              {before.title !== undefined && after.title !== undefined && before.title !== after.title && (
                <p className="small mb-1">
                  {m.question.titleChanged}: <del>{before.title}</del> → <ins>{after.title}</ins>
                </p>
              )}
              <pre className="diff" lang="it">
                {diffLines(before.body, after.body).map((d, j) =>
                  d.kind === 'same' ? (
                    <span key={j}>{`  ${d.text}\n`}</span>
                  ) : d.kind === 'added' ? (
                    <ins key={j}>
                      <span className="visually-hidden">{m.question.added}: </span>
                      {`+ ${d.text}\n`}
                    </ins>
                  ) : (
                    <del key={j}>
                      <span className="visually-hidden">{m.question.removed}: </span>
                      {`- ${d.text}\n`}
                    </del>
                  ),
                )}
              </pre>
            </li>
          )
        })}
      </ol>
    </details>
  )
}

function EditForm({
  id,
  initial,
  withTitle,
  save,
  onDone,
}: {
  id: string
  initial: { title: string; body: string; tags: string }
  withTitle: boolean
  save: (v: { title: string; body: string; tags: string[] }) => Promise<UserError[]>
  onDone: (saved: boolean) => void
}) {
  const m = useMessages()
  const [v, setV] = useState(initial)
  const { busy, userErrors, error, run } = useAction()
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (busy) return
    const tags = v.tags
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean)
    if (await run(() => save({ title: v.title, body: v.body, tags }))) onDone(true)
  }
  return (
    <form onSubmit={submit} noValidate className="edit-form" aria-label={m.question.editTitle}>
      {error && <RequestFailed error={error} />}
      <ErrorSummary errors={userErrors} fieldIds={{ title: `${id}-title`, body: `${id}-body`, tags: `${id}-tags` }} />
      {withTitle && (
        <TextField
          id={`${id}-title`}
          label={m.ask.questionTitle}
          value={v.title}
          onChange={(e) => setV({ ...v, title: e.target.value })}
          error={fieldError(userErrors, 'title')}
        />
      )}
      <TextAreaField
        id={`${id}-body`}
        label={m.ask.body}
        rows={8}
        value={v.body}
        onChange={(e) => setV({ ...v, body: e.target.value })}
        error={fieldError(userErrors, 'body')}
      />
      {withTitle && (
        <TextField
          id={`${id}-tags`}
          label={m.ask.tags}
          hint={m.ask.tagsHint}
          value={v.tags}
          onChange={(e) => setV({ ...v, tags: e.target.value })}
          error={fieldError(userErrors, 'tags')}
        />
      )}
      <div className="d-flex gap-2">
        <Button type="submit" color="primary" size="sm" aria-disabled={busy || undefined}>
          {busy ? m.common.sending : m.question.saveEdit}
        </Button>
        <Button type="button" color="secondary" outline size="sm" onClick={() => onDone(false)}>
          {m.common.cancel}
        </Button>
      </div>
    </form>
  )
}

interface AnswerProps {
  answer: AnswerNode
  questionId: string
  accepted: boolean
  canAccept: boolean
  canEdit: boolean
  canComment: boolean
  own: boolean
  onChanged: () => void
  focusOn: FocusOn
}

function Answer({ answer, questionId, accepted, canAccept, canEdit, canComment, own, onChanged, focusOn }: AnswerProps) {
  const m = useMessages()
  const [editing, setEditing] = useState(false)
  const { busy, userErrors, error, run } = useAction()
  const accept = () => {
    if (busy) return
    void run(async () => {
      const { acceptAnswer } = await request<AcceptAnswerResult>(ACCEPT_ANSWER, { answerId: answer.id })
      if (!acceptAnswer.userErrors.length) {
        focusOn(acceptedAnchor(answer.id))
        onChanged()
      }
      return acceptAnswer.userErrors
    })
  }
  const unaccept = () => {
    if (busy) return
    void run(async () => {
      const { unacceptAnswer } = await request<UnacceptAnswerResult>(UNACCEPT_ANSWER, { questionId })
      if (!unacceptAnswer.userErrors.length) {
        focusOn(answerAnchor(answer.id))
        onChanged()
      }
      return unacceptAnswer.userErrors
    })
  }
  const byline = m.question.answeredBy(answer.author.displayName, formatDate(answer.createdAt, m.locale))
  return (
    <li>
      <article
        id={answerAnchor(answer.id)}
        tabIndex={-1}
        className={`post${accepted ? ' post-accepted' : ''}`}
        aria-label={byline}
      >
        <VoteButtons postId={answer.id} score={answer.score} viewerVote={answer.viewerVote} label={byline} own={own} />
        <div className="post-main">
          {accepted && (
            <Badge color="success" className="mb-2" id={acceptedAnchor(answer.id)} tabIndex={-1}>
              {m.question.accepted}
            </Badge>
          )}
          {editing ? (
            <EditForm
              id={`edit-${answer.id}`}
              initial={{ title: '', body: answer.body, tags: '' }}
              withTitle={false}
              save={async ({ body }) =>
                (await request<EditAnswerResult>(EDIT_ANSWER, { answerId: answer.id, body })).editAnswer.userErrors
              }
              onDone={(saved) => {
                setEditing(false)
                focusOn(answerAnchor(answer.id))
                if (saved) onChanged()
              }}
            />
          ) : (
            <ServerHtml className="post-body" lang="it" html={answer.bodyHTML} />
          )}
          <div className="d-flex flex-wrap align-items-center justify-content-between gap-2">
            <Byline author={answer.author} date={answer.createdAt} label={m.question.answeredBy} />
            <div className="d-flex gap-2">
              {canEdit && !editing && (
                <Button
                  color="primary"
                  outline
                  size="xs"
                  onClick={() => setEditing(true)}
                  aria-label={`${m.question.edit}: ${byline}`}
                >
                  {m.question.edit}
                </Button>
              )}
              {canAccept && accepted && (
                <Button
                  color="secondary"
                  outline
                  size="xs"
                  aria-disabled={busy || undefined}
                  onClick={unaccept}
                  aria-label={`${m.question.unacceptLabel}: ${byline}`}
                >
                  {m.question.unaccept}
                </Button>
              )}
              {canAccept && !accepted && (
                <Button
                  color="success"
                  outline
                  size="xs"
                  aria-disabled={busy || undefined}
                  onClick={accept}
                  aria-label={`${m.question.acceptLabel}: ${byline}`}
                >
                  {m.question.accept}
                </Button>
              )}
            </div>
          </div>
          {error && <RequestFailed error={error} />}
          {userErrors.length > 0 && (
            <p className="text-danger small mt-2" role="alert">
              {userErrors.map((e) => e.message).join(' ')}
            </p>
          )}
          <Revisions revisions={answer.revisions} current={{ body: answer.body }} />
          <Comments
            postId={answer.id}
            comments={answer.comments}
            canComment={canComment}
            onChanged={onChanged}
            focusOn={focusOn}
          />
        </div>
      </article>
    </li>
  )
}

function AnswerForm({ questionId, onAnswered }: { questionId: string; onAnswered: (answerId: string) => void }) {
  const m = useMessages()
  const [body, setBody] = useState('')
  const { busy, userErrors, error, run } = useAction()
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (busy) return
    let id = ''
    const ok = await run(async () => {
      const { answerQuestion } = await request<AnswerQuestionResult>(ANSWER_QUESTION, { questionId, body })
      id = answerQuestion.answer?.id ?? ''
      return answerQuestion.userErrors
    })
    if (ok && id) {
      setBody('')
      onAnswered(id)
    }
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby="answer-form-title">
      <h2 id="answer-form-title" className="h4">
        {m.question.yourAnswer}
      </h2>
      {error && <RequestFailed error={error} />}
      <ErrorSummary errors={userErrors.filter((e) => e.field !== 'body')} />
      <TextAreaField
        id="answer-body"
        label={m.question.answerBody}
        rows={6}
        required
        value={body}
        onChange={(e) => setBody(e.target.value)}
        hint={m.question.answerHint}
        error={fieldError(userErrors, 'body')}
      />
      <Button type="submit" color="primary" aria-disabled={busy || undefined}>
        {busy ? m.common.sending : m.question.submitAnswer}
      </Button>
    </form>
  )
}

/** Close (with an optional reason) and reopen, for moderators. */
function Moderation({ q, onChanged, focusOn }: { q: QuestionDetail; onChanged: () => void; focusOn: FocusOn }) {
  const m = useMessages()
  const [reason, setReason] = useState('')
  const { busy, userErrors, error, run } = useAction()
  const act = () => {
    if (busy) return
    void run(async () => {
      const r = q.closed
        ? await request<ModerateResult>(REOPEN_QUESTION, { questionId: q.id })
        : await request<ModerateResult>(CLOSE_QUESTION, { questionId: q.id, reason: reason.trim() || null })
      const errs = (r.closeQuestion ?? r.reopenQuestion)?.userErrors ?? []
      if (!errs.length) {
        focusOn(q.closed ? 'question-title' : 'closed-notice')
        onChanged()
      }
      return errs
    })
  }
  return (
    <section className="moderation mt-4" aria-labelledby="moderation-title">
      <h2 id="moderation-title" className="h6">
        {m.question.moderation}
      </h2>
      {error && <RequestFailed error={error} />}
      {userErrors.length > 0 && (
        <p className="text-danger small" role="alert">
          {userErrors.map((e) => e.message).join(' ')}
        </p>
      )}
      {!q.closed && (
        <TextField id="close-reason" label={m.question.closeReason} value={reason} onChange={(e) => setReason(e.target.value)} />
      )}
      <Button color="primary" outline size="sm" aria-disabled={busy || undefined} onClick={act}>
        {q.closed ? m.question.reopen : m.question.close}
      </Button>
    </section>
  )
}

function QuestionView({ q, onChanged }: { q: QuestionDetail; onChanged: () => void }) {
  const m = useMessages()
  const { viewer } = useSession()
  const [focusTarget, setFocusTarget] = useState('')
  const [editing, setEditing] = useState(false)
  const isAuthor = !!viewer && viewer.id === q.author.id
  const moderator = canModerate(viewer)
  usePageTitle(q.title)

  // An answer by someone else that arrives live (the question reloads) is announced
  // politely, a second one by the same person too.
  const [announce, say] = useAnnouncer()
  const knownAnswers = useRef<Set<string> | null>(null)
  useEffect(() => {
    const known = knownAnswers.current
    knownAnswers.current = new Set(q.answers.edges.map((e) => e.node.id))
    if (!known) return
    const fresh = q.answers.edges.filter((e) => !known.has(e.node.id) && e.node.author.id !== viewer?.id)
    if (!fresh.length) return
    const who = fresh[fresh.length - 1].node.author.displayName
    say(m.question.newAnswer(who))
    // Only a new question's data says whether an answer came.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q])

  // The target appears once the reloaded question is rendered: until then, try again on
  // each render of new data.
  useEffect(() => {
    if (!focusTarget) return
    const el = document.getElementById(focusTarget)
    if (el) {
      el.focus({ preventScroll: false })
      setFocusTarget('')
    }
  }, [focusTarget, q])

  const meta: ReactNode[] = [m.question.asked(formatDate(q.createdAt, m.locale))]
  if (q.serviceArea) meta.push(q.serviceArea.name)
  if (q.region) meta.push(q.region.name)

  return (
    <>
      <div className="visually-hidden" aria-live="polite" role="status">
        {announce}
      </div>
      <p>
        <Link to="/domande">← {m.question.backToList}</Link>
      </p>
      <SpaceNote space={q.space} label={m.twinnings.askedIn} />
      {q.closed && (
        <div className="alert alert-warning" id="closed-notice" tabIndex={-1} role="status">
          {q.closedAt ? m.question.closedOn(formatDate(q.closedAt, m.locale)) : m.question.closed}
        </div>
      )}
      <article className="post post-question" aria-labelledby="question-title">
        <VoteButtons postId={q.id} score={q.score} viewerVote={q.viewerVote} label={q.title} own={isAuthor} />
        <div className="post-main">
          <h1 id="question-title" tabIndex={-1} lang="it">
            {q.title}
            {q.closed && <span className="badge bg-secondary ms-2 align-middle fs-6">{m.question.closedBadge}</span>}
          </h1>
          <p className="small text-muted">
            {meta.map((x, i) => (
              <span key={i}>
                {i > 0 && ' · '}
                {x}
              </span>
            ))}
          </p>
          {editing ? (
            <EditForm
              id="edit-question"
              initial={{ title: q.title, body: q.body, tags: q.tags.join(', ') }}
              withTitle
              save={async ({ title, body, tags }) =>
                (await request<EditQuestionResult>(EDIT_QUESTION, { questionId: q.id, title, body, tags })).editQuestion
                  .userErrors
              }
              onDone={(saved) => {
                setEditing(false)
                setFocusTarget('question-title')
                if (saved) onChanged()
              }}
            />
          ) : (
            <ServerHtml className="post-body" lang="it" html={q.bodyHTML} />
          )}
          {q.tags.length > 0 && (
            <ul className="tag-list" aria-label={m.questions.tags}>
              {q.tags.map((t) => (
                <li key={t}>
                  <Link className="chip chip-simple" to={`/domande?etichetta=${encodeURIComponent(t)}`}>
                    <span className="chip-label" lang="it">
                      {t}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
          <div className="d-flex flex-wrap align-items-center justify-content-between gap-2">
            <Byline author={q.author} date={q.createdAt} label={m.question.askedBy} />
            {(isAuthor || moderator) && !editing && (
              <Button color="primary" outline size="xs" onClick={() => setEditing(true)}>
                {m.question.editQuestion}
              </Button>
            )}
          </div>
          <Revisions revisions={q.revisions} current={{ title: q.title, body: q.body }} />
          <Comments postId={q.id} comments={q.comments} canComment={!!viewer} onChanged={onChanged} focusOn={setFocusTarget} />
        </div>
      </article>

      {moderator && <Moderation q={q} onChanged={onChanged} focusOn={setFocusTarget} />}

      <section className="mt-5" aria-labelledby="answers-title">
        <h2 id="answers-title" className="h3">
          {m.question.answers(q.answers.totalCount)}
        </h2>
        {q.answers.edges.length === 0 ? (
          <p>{q.closed ? m.question.noAnswersClosed : m.question.noAnswers}</p>
        ) : (
          <ol className="answer-list">
            {q.answers.edges.map(({ node }) => (
              <Answer
                key={node.id}
                answer={node}
                questionId={q.id}
                accepted={q.acceptedAnswer?.id === node.id}
                canAccept={isAuthor}
                canEdit={!!viewer && (viewer.id === node.author.id || moderator)}
                canComment={!!viewer}
                own={!!viewer && viewer.id === node.author.id}
                onChanged={onChanged}
                focusOn={setFocusTarget}
              />
            ))}
          </ol>
        )}
      </section>

      <section className="mt-5">
        {q.closed ? (
          <p className="text-muted">{m.question.closedNoAnswers}</p>
        ) : viewer ? (
          <AnswerForm
            questionId={q.id}
            onAnswered={(id) => {
              setFocusTarget(answerAnchor(id))
              onChanged()
            }}
          />
        ) : viewer === null ? (
          <SignInPrompt text={m.question.signInToAnswer} />
        ) : null}
      </section>

      <DiscussionSection threadId={q.discussion.id} />
    </>
  )
}

export function QuestionPage({ id }: { id: string }) {
  const m = useMessages()
  // Reloads when the viewer changes: viewerVote depends on who asks. A reload after a
  // change keeps the question on screen (data stays until the new one).
  const { data, error, refetch } = useQuery<QuestionPageResult>(QUESTION_PAGE, { id }, { deps: [useViewerKey()] })
  // Answers, votes, acceptance and edits by others reload the question as one's own changes
  // do: in place, with no focus moved.
  useEffect(() => {
    let after: string | null = null
    return subscribe<QuestionActivityResult>(
      QUESTION_ACTIVITY,
      () => ({ questionId: id, after }),
      ({ questionActivity }) => {
        after = questionActivity.cursor
        refetch()
      },
    )
  }, [id, refetch])
  if (error) return <RequestFailed error={error} onRetry={refetch} />
  if (!data) return <Loading />
  if (!data.node?.id) return <NotFoundPage text={m.question.notFound} back={{ to: '/domande', label: m.question.backToList }} />
  return <QuestionView q={data.node as QuestionDetail} onChanged={refetch} />
}
