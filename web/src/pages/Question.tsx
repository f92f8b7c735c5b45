// A question with its answers: votes, the answer form, and "Accetta" for the question's author.
import { Badge, Button } from 'design-react-kit'
import { useEffect, useState, type FormEvent } from 'react'
import { request } from '../client'
import { ErrorSummary, RequestFailed, fieldError } from '../components/Errors'
import { TextAreaField } from '../components/Field'
import { Loading } from '../components/Loading'
import { ServerHtml } from '../components/ServerHtml'
import { SignInPrompt } from '../components/SignInPrompt'
import { SpaceNote } from '../components/SpaceBadges'
import { VoteButtons } from '../components/VoteButtons'
import { formatDate } from '../format'
import {
  ACCEPT_ANSWER,
  ANSWER_QUESTION,
  QUESTION_PAGE,
  type AcceptAnswerResult,
  type AnswerNode,
  type AnswerQuestionResult,
  type QuestionDetail,
  type QuestionPageResult,
} from '../graphql'
import { useAction, usePageTitle, useQuery } from '../hooks'
import { useMessages } from '../i18n'
import { Link } from '../router'
import { NotFoundPage } from './NotFound'
import { useSession } from '../session'

const answerAnchor = (id: string) => `risposta-${id}`

interface AnswerProps {
  answer: AnswerNode
  accepted: boolean
  canAccept: boolean
  onChanged: () => void
}

function Answer({ answer, accepted, canAccept, onChanged }: AnswerProps) {
  const m = useMessages()
  const { busy, userErrors, error, run } = useAction()
  const accept = () =>
    void run(async () => {
      const { acceptAnswer } = await request<AcceptAnswerResult>(ACCEPT_ANSWER, { answerId: answer.id })
      if (!acceptAnswer.userErrors.length) onChanged()
      return acceptAnswer.userErrors
    })
  const byline = m.question.answeredBy(answer.author.displayName, formatDate(answer.createdAt, m.locale))
  return (
    <li>
      <article
        id={answerAnchor(answer.id)}
        tabIndex={-1}
        className={`post${accepted ? ' post-accepted' : ''}`}
        aria-label={byline}
      >
        <VoteButtons
          key={`${answer.score}-${answer.viewerVote}`}
          postId={answer.id}
          score={answer.score}
          viewerVote={answer.viewerVote}
          label={byline}
        />
        <div className="post-main">
          {accepted && (
            <Badge color="success" className="mb-2">
              {m.question.accepted}
            </Badge>
          )}
          <ServerHtml className="post-body" html={answer.bodyHTML} />
          <div className="d-flex flex-wrap align-items-center justify-content-between gap-2">
            <p className="small text-muted mb-0">{byline}</p>
            {canAccept && !accepted && (
              <Button
                color="success"
                outline
                size="xs"
                disabled={busy}
                onClick={accept}
                aria-label={`${m.question.acceptLabel}: ${byline}`}
              >
                {m.question.accept}
              </Button>
            )}
          </div>
          {error && <RequestFailed error={error} />}
          {userErrors.length > 0 && (
            <p className="text-danger small mt-2" role="alert">
              {userErrors.map((e) => e.message).join(' ')}
            </p>
          )}
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
      <Button type="submit" color="primary" disabled={busy}>
        {busy ? m.common.sending : m.question.submitAnswer}
      </Button>
    </form>
  )
}

function QuestionView({ q, onChanged }: { q: QuestionDetail; onChanged: () => void }) {
  const m = useMessages()
  const { viewer } = useSession()
  const [focusAnswer, setFocusAnswer] = useState('')
  const isAuthor = !!viewer && viewer.id === q.author.id
  usePageTitle(q.title)

  useEffect(() => {
    if (!focusAnswer) return
    const el = document.getElementById(answerAnchor(focusAnswer))
    if (el) {
      el.focus()
      setFocusAnswer('')
    }
  }, [focusAnswer, q])

  return (
    <>
      <p>
        <Link to="/domande">← {m.question.backToList}</Link>
      </p>
      <SpaceNote space={q.space} label={m.twinnings.askedIn} />
      <article className="post post-question" aria-labelledby="question-title">
        <VoteButtons key={`${q.score}-${q.viewerVote}`} postId={q.id} score={q.score} viewerVote={q.viewerVote} label={q.title} />
        <div className="post-main">
          <h1 id="question-title">{q.title}</h1>
          <p className="small text-muted">
            {m.common.by(q.author.displayName)} · {m.question.asked(formatDate(q.createdAt, m.locale))}
            {q.serviceArea && <> · {q.serviceArea.name}</>}
          </p>
          <ServerHtml className="post-body" html={q.bodyHTML} />
          {q.tags.length > 0 && (
            <ul className="tag-list" aria-label={m.questions.tags}>
              {q.tags.map((t) => (
                <li key={t}>
                  <Link className="chip chip-simple" to={`/domande?etichetta=${encodeURIComponent(t)}`}>
                    <span className="chip-label">{t}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
      </article>

      <section className="mt-5" aria-labelledby="answers-title">
        <h2 id="answers-title" className="h3">
          {m.question.answers(q.answers.totalCount)}
        </h2>
        {q.answers.edges.length === 0 ? (
          <p>{m.question.noAnswers}</p>
        ) : (
          <ol className="answer-list">
            {q.answers.edges.map(({ node }) => (
              <Answer
                key={node.id}
                answer={node}
                accepted={q.acceptedAnswer?.id === node.id}
                canAccept={isAuthor}
                onChanged={onChanged}
              />
            ))}
          </ol>
        )}
      </section>

      <section className="mt-5">
        {viewer ? (
          <AnswerForm
            questionId={q.id}
            onAnswered={(id) => {
              setFocusAnswer(id)
              onChanged()
            }}
          />
        ) : viewer === null ? (
          <SignInPrompt text={m.question.signInToAnswer} />
        ) : null}
      </section>
    </>
  )
}

export function QuestionPage({ id }: { id: string }) {
  const m = useMessages()
  const { viewer } = useSession()
  // Waits for the session, then reloads when it changes: viewerVote depends on who asks.
  const { data, error, loading, refetch } = useQuery<QuestionPageResult>(
    QUESTION_PAGE,
    { id },
    { skip: viewer === undefined, deps: [viewer?.id] },
  )
  if (error) return <RequestFailed error={error} onRetry={refetch} />
  if (loading || !data) return <Loading />
  if (!data.node?.id) return <NotFoundPage text={m.question.notFound} back={{ to: '/domande', label: m.question.backToList }} />
  return <QuestionView q={data.node as QuestionDetail} onChanged={refetch} />
}
