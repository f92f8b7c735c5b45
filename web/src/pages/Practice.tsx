// A good practice: every section of its description, its level and evidence, the space it
// lives in (marked when restricted), and where it travelled: from the centre that runs it to
// the centres that adopted or adapted it, with the form for the viewer's centre to say so.
import { DiscussionSection } from '../components/ThreadView'
import { Badge, Button } from 'design-react-kit'
import { useState, type FormEvent } from 'react'
import { request } from '../client'
import { ErrorSummary, RequestFailed, fieldError } from '../components/Errors'
import { TextAreaField } from '../components/Field'
import { Loading } from '../components/Loading'
import { ServerHtml } from '../components/ServerHtml'
import { formatDate } from '../format'
import {
  PRACTICE_PAGE,
  RECORD_ADOPTION,
  type AdoptionKind,
  type PracticeDetail,
  type PracticePageResult,
  type RecordAdoptionResult,
} from '../graphql.practices'
import { useAction, usePageTitle, useQuery } from '../hooks'
import { useMessages } from '../i18n'
import { Link } from '../router'
import { useSession } from '../session'
import { PracticeAttachments } from '../components/PracticeAttachments'
import { NotFoundPage } from './NotFound'
import '../styles/practices.css'

const sections = ['summary', 'context', 'objectives', 'target', 'activities', 'outcomes', 'resources'] as const

function RecordAdoption({ practiceId, onRecorded }: { practiceId: string; onRecorded: () => void }) {
  const m = useMessages()
  const [kind, setKind] = useState<AdoptionKind>('ADOPTED')
  const [note, setNote] = useState('')
  const [done, setDone] = useState(false)
  const { busy, userErrors, error, run } = useAction()
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const ok = await run(async () => {
      const d = await request<RecordAdoptionResult>(RECORD_ADOPTION, { input: { practiceId, kind, note } })
      return d.recordPracticeAdoption.userErrors
    })
    setDone(ok)
    if (ok) onRecorded()
  }
  return (
    <form onSubmit={submit} noValidate className="mt-4" aria-labelledby="record-title">
      <h3 id="record-title" className="h5">
        {m.practices.recordTitle}
      </h3>
      {error && <RequestFailed error={error} />}
      <ErrorSummary errors={userErrors} fieldIds={{ note: 'record-note' }} />
      <fieldset className="mb-3">
        <legend className="fs-6 fw-semibold">{m.practices.recordKind}</legend>
        {(['ADOPTED', 'ADAPTED'] as const).map((k) => (
          <div className="form-check" key={k}>
            <input id={`record-${k}`} name="record-kind" type="radio" checked={kind === k} onChange={() => setKind(k)} />
            <label htmlFor={`record-${k}`}>{k === 'ADOPTED' ? m.practices.recordAdopted : m.practices.recordAdapted}</label>
          </div>
        ))}
      </fieldset>
      <TextAreaField
        id="record-note"
        label={m.practices.recordNote}
        rows={3}
        maxLength={1000}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        hint={m.practices.recordNoteHint}
        error={fieldError(userErrors, 'note')}
      />
      <Button type="submit" color="primary" size="sm" aria-disabled={busy || undefined}>
        {busy ? m.common.sending : m.practices.recordSubmit}
      </Button>
      {done && (
        <p className="mt-2" role="status">
          {m.practices.recorded}
        </p>
      )}
    </form>
  )
}

function PracticeView({ p, onChanged }: { p: PracticeDetail; onChanged: () => void }) {
  const m = useMessages()
  const { viewer } = useSession()
  usePageTitle(p.title)
  const html: Record<(typeof sections)[number], string> = {
    summary: p.summaryHTML,
    context: p.contextHTML,
    objectives: p.objectivesHTML,
    target: p.targetHTML,
    activities: p.activitiesHTML,
    outcomes: p.outcomesHTML,
    resources: p.resourcesHTML,
  }
  const canRecord = !!viewer?.center && viewer.center.id !== p.center.id
  return (
    <article className="practice">
      <p>
        <Link to="/buone-pratiche">{m.practices.backToList}</Link>
      </p>
      <div className="d-flex flex-wrap align-items-center gap-2 mb-2">
        <Badge color="primary" pill>
          {m.practices.level[p.maturity]}
        </Badge>
        {p.private && (
          <Badge color="warning" pill>
            {m.practices.private}
          </Badge>
        )}
      </div>
      <h1 lang="it">{p.title}</h1>
      {p.private && p.space && (
        <div className="alert alert-warning" role="note">
          {m.practices.privateNote(p.space.title)}
        </div>
      )}
      <div className="row g-5">
        <div className="col-lg-8">
          {sections.map((s) =>
            html[s] ? (
              <section key={s} aria-labelledby={`practice-${s}`}>
                <h2 id={`practice-${s}`} className="h4">
                  {m.practices.sections[s]}
                </h2>
                <ServerHtml className="practice-section" lang="it" html={html[s]} />
              </section>
            ) : null,
          )}
          <PracticeAttachments p={p} onChanged={onChanged} />
        </div>
        <aside className="col-lg-4" aria-labelledby="practice-details">
          <h2 id="practice-details" className="h5">
            {m.practices.details}
          </h2>
          <dl className="practice-details">
            <dt>{m.practices.maturity}</dt>
            <dd>
              {m.practices.level[p.maturity]}
              <span className="d-block small text-muted">{m.practices.levelHint[p.maturity]}</span>
            </dd>
            {p.evidence && (
              <>
                <dt>{m.practices.evidence}</dt>
                <dd lang="it">{p.evidence}</dd>
              </>
            )}
            <dt>{m.practices.leadCenter}</dt>
            <dd>{m.practices.byCenter(p.center.name, p.center.region.name)}</dd>
            <dt>{m.practices.serviceArea}</dt>
            <dd>
              <Link to={`/buone-pratiche?area=${encodeURIComponent(p.serviceArea.slug)}`}>{p.serviceArea.name}</Link>
            </dd>
            <dt>{m.practices.space}</dt>
            <dd>
              {p.space ? (
                <Link to={`/buone-pratiche?spazio=${encodeURIComponent(p.space.id)}`}>{m.practices.inSpace(p.space.title)}</Link>
              ) : (
                m.practices.community
              )}
            </dd>
            {p.tags.length > 0 && (
              <>
                <dt>{m.practices.tags}</dt>
                <dd>
                  <ul className="tag-list">
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
                </dd>
              </>
            )}
            <dt>{m.practices.author}</dt>
            <dd>{p.author.displayName}</dd>
            <dt>{m.practices.published}</dt>
            <dd>
              {formatDate(p.createdAt, m.locale)}
              {p.revision > 1 && (
                <span className="d-block small text-muted">
                  {m.practices.updated(formatDate(p.updatedAt, m.locale), p.revision)}
                </span>
              )}
            </dd>
          </dl>
        </aside>
      </div>

      <section className="mt-5" aria-labelledby="practice-travelled">
        <h2 id="practice-travelled" className="h4">
          {m.practices.travelled}
        </h2>
        <p>{m.practices.travelledIntro}</p>
        <ol className="practice-route">
          <li className="practice-route-lead">
            <strong>{m.practices.byCenter(p.center.name, p.center.region.name)}</strong>
            <span className="d-block small text-muted">{m.practices.leadCenter}</span>
          </li>
          {p.adoptions.map((a) => (
            <li key={a.center.id}>
              <strong>{m.practices.byCenter(a.center.name, a.center.region.name)}</strong> — {m.practices.kind[a.kind]},{' '}
              {formatDate(a.createdAt, m.locale)}
              {a.note && (
                <span className="d-block" lang="it">
                  {a.note}
                </span>
              )}
            </li>
          ))}
        </ol>
        {p.adoptions.length === 0 && <p>{m.practices.notTravelled}</p>}
        {canRecord && <RecordAdoption practiceId={p.id} onRecorded={onChanged} />}
      </section>
      <DiscussionSection threadId={p.discussion.id} />
    </article>
  )
}

export function PracticePage({ id }: { id: string }) {
  const m = useMessages()
  const { data, error, loading, refetch } = useQuery<PracticePageResult>(PRACTICE_PAGE, { id })
  const p = data?.node && 'id' in data.node ? (data.node as PracticeDetail) : undefined
  if (error) return <RequestFailed error={error} onRetry={refetch} />
  // A refetch after recording an adoption keeps the page (and the form's thanks) on screen.
  if (!data) return loading ? <Loading /> : null
  if (!p) return <NotFoundPage text={m.practices.notFound} back={{ to: '/buone-pratiche', label: m.practices.backToList }} />
  return <PracticeView p={p} onChanged={refetch} />
}
