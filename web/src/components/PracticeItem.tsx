// One practice in a list: title, level, centre, summary, tags, where it lives and travelled.
import { Badge } from 'design-react-kit'
import type { PracticeSummary } from '../graphql.practices'
import { useMessages } from '../i18n'
import { Link } from '../router'
import { ServerHtml } from './ServerHtml'
import '../styles/practices.css'

export function PracticeItem({ p }: { p: PracticeSummary }) {
  const m = useMessages()
  return (
    <li className="practice-item">
      <div className="d-flex flex-wrap align-items-center gap-2 mb-1">
        <Badge color="primary" pill>
          {m.practices.level[p.maturity]}
        </Badge>
        {p.private && (
          <Badge color="warning" pill>
            {m.practices.private}
          </Badge>
        )}
      </div>
      <h3 className="h5 mb-1">
        <Link to={`/buone-pratiche/${p.id}`} lang="it">
          {p.title}
        </Link>
      </h3>
      <p className="small text-muted mb-2">
        {m.practices.byCenter(p.center.name, p.center.region.name)} · {p.serviceArea.name}
        {p.adoptions.length > 0 && ` · ${m.practices.adoptedBy(p.adoptions.length)}`}
        {p.space && ` · ${m.practices.inSpace(p.space.title)}`}
      </p>
      <ServerHtml className="practice-summary" lang="it" html={p.summaryHTML} />
      {p.tags.length > 0 && (
        <ul className="tag-list" aria-label={m.practices.tags}>
          {p.tags.map((t) => (
            <li key={t}>
              <Link className="chip chip-simple" to={`/buone-pratiche?etichetta=${encodeURIComponent(t)}`}>
                <span className="chip-label" lang="it">
                  {t}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </li>
  )
}
