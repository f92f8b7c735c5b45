// One question in a list: title, counts, the space it was asked in, tags, author and date.
import type { QuestionSummary } from '../graphql'
import { formatDate } from '../format'
import { useMessages } from '../i18n'
import { Link } from '../router'
import { SpaceNote } from './SpaceBadges'

/** showSpace: false in a space's own list, where every question lives in that space. */
export function QuestionItem({ q, showSpace = true }: { q: QuestionSummary; showSpace?: boolean }) {
  const m = useMessages()
  return (
    <li className="question-item">
      <div className="question-counts" aria-hidden="true">
        <span>{m.questions.score(q.score)}</span>
        <span className={q.answerCount ? 'answered' : undefined}>{m.questions.answers(q.answerCount)}</span>
      </div>
      <div className="flex-grow-1">
        <h3 className="h5 mb-1">
          <Link to={`/domande/${q.id}`} lang="it">
            {q.title}
          </Link>
        </h3>
        {showSpace && <SpaceNote space={q.space} />}
        <p className="visually-hidden">
          {m.questions.score(q.score)}, {m.questions.answers(q.answerCount)}
        </p>
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
        <p className="small text-muted mb-0">
          {m.questions.askedBy(q.author.displayName, q.author.center?.name ?? null)} · {formatDate(q.createdAt, m.locale)}
        </p>
      </div>
    </li>
  )
}
