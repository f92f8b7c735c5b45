// A twinning's space. Its card (service, centres, phases, meetings) is for everyone; inside
// it: the visit schema side by side for the receiving centres, the members, the documents,
// the practices, the discussion's thread and the questions asked there. A reader who may
// not read inside sees the card, a note saying why, and "Chiedi di partecipare".
import { ThreadView } from '../components/ThreadView'
import { Alert } from 'design-react-kit'
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react'
import { RequestFailed } from '../components/Errors'
import { Icon } from '../components/Icon'
import { JoinRequestBox } from '../components/JoinRequestBox'
import { LoadMore } from '../components/LoadMore'
import { Loading } from '../components/Loading'
import { ManageSpace } from '../components/ManageSpace'
import { QuestionItem } from '../components/QuestionItem'
import { ServerHtml } from '../components/ServerHtml'
import { SignInPrompt } from '../components/SignInPrompt'
import { MemberBadge, VisibilityBadge } from '../components/SpaceBadges'
import { SpaceMembers } from '../components/SpaceMembers'
import { TwinningPractices } from '../components/TwinningPractices'
import { VisitReports } from '../components/VisitReports'
import { formatDate, formatDateRange } from '../format'
import {
  SPACE_QUESTIONS,
  TWINNING_PAGE,
  visitFields,
  type QuestionsResult,
  type SpaceCenter,
  type TwinningDetail,
  type TwinningEvent,
  type TwinningPageResult,
  type TwinningPhase,
  type TwinningPhaseKind,
} from '../graphql'
import { usePagedQuery, usePageTitle, useQuery } from '../hooks'
import { useMessages } from '../i18n'
import { Link } from '../router'
import { useSession } from '../session'
import { canContribute, isUpcoming } from '../twinning'
import { NotFoundPage } from './NotFound'

const phaseKinds: TwinningPhaseKind[] = ['LETTER_OF_INTENT', 'OPERATIONAL_PROJECT', 'EXPERIMENTATION', 'CONCLUDED']

function CenterName({ c }: { c: SpaceCenter }) {
  return (
    <>
      {c.name} <span className="text-muted">({c.region.name})</span>
    </>
  )
}

/** The phases reached, the current one marked, then those still to come. */
function Phases({ phases }: { phases: TwinningPhase[] }) {
  const m = useMessages()
  const t = m.twinnings
  const last = phases.at(-1)
  const toCome = last ? phaseKinds.slice(phaseKinds.indexOf(last.kind) + 1) : phaseKinds
  const date = (d: string) => formatDate(d, m.locale)
  return (
    <ol className="phase-timeline">
      {phases.map((p, i) => {
        const current = i === phases.length - 1
        return (
          <li
            key={p.kind + p.startsOn}
            className={current ? 'phase-current' : 'phase-done'}
            aria-current={current ? 'step' : undefined}
          >
            <h3 className="h6 mb-1">
              {t.phase[p.kind]}
              {current && <span className="badge phase-badge ms-2">{t.phaseCurrent}</span>}
            </h3>
            <p className="small mb-1">
              {p.endsOn ? t.phaseRange(date(p.startsOn), date(p.endsOn)) : t.phaseSince(date(p.startsOn))}
            </p>
            {p.note && (
              <p className="small text-muted mb-0" lang="it">
                {p.note}
              </p>
            )}
          </li>
        )
      })}
      {toCome.map((k) => (
        <li key={k} className="phase-next">
          <h3 className="h6 mb-1">{t.phase[k]}</h3>
          <p className="small text-muted mb-0">{t.phaseNext}</p>
        </li>
      ))}
    </ol>
  )
}

function Meetings({ events }: { events: TwinningEvent[] }) {
  const m = useMessages()
  const t = m.twinnings
  if (!events.length) return <p>{t.noMeetings}</p>
  const sorted = [...events].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))
  return (
    <ul className="meeting-list">
      {sorted.map((e) => (
        <li key={e.title + e.startsAt}>
          <Icon name="it-calendar" size="sm" color="primary" />
          <div>
            <strong lang="it">{e.title}</strong>
            {isUpcoming(e) && <span className="badge bg-primary ms-2">{t.upcoming}</span>}
            <div className="small">
              <time dateTime={e.startsAt}>{formatDateRange(e.startsAt, e.endsAt, m.locale)}</time> ·{' '}
              <span lang="it">{e.place}</span>
            </div>
          </div>
        </li>
      ))}
    </ul>
  )
}

function SpaceQuestions({ twinningId, mayAsk, signedIn }: { twinningId: string; mayAsk: boolean; signedIn: boolean }) {
  const m = useMessages()
  const t = m.twinnings
  const list = usePagedQuery<QuestionsResult, QuestionsResult['questions']['edges'][number]>(
    SPACE_QUESTIONS,
    { spaceId: twinningId, first: 10 },
    (d) => d.questions,
  )
  return (
    <>
      {mayAsk ? (
        <p>
          <Link className="btn btn-primary btn-sm" to={`/domande/nuova?spazio=${encodeURIComponent(twinningId)}`}>
            {t.askHere}
          </Link>
        </p>
      ) : (
        signedIn && <p className="small">{t.askMembersOnly}</p>
      )}
      {list.error ? (
        <RequestFailed error={list.error} onRetry={list.refetch} />
      ) : !list.data ? (
        <Loading />
      ) : list.edges.length === 0 ? (
        <p>{t.noQuestions}</p>
      ) : (
        <>
          <ul className="question-list" ref={list.listRef}>
            {list.edges.map((e) => (
              <QuestionItem key={e.node.id} q={e.node} showSpace={false} />
            ))}
          </ul>
          {list.hasMore && (
            <LoadMore label={m.questions.loadMore} busy={list.loadingMore} error={list.moreError} onClick={list.loadMore} />
          )}
        </>
      )}
    </>
  )
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} className="space-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="h3">
        {title}
      </h2>
      {children}
    </section>
  )
}

function Inside({ t, refetch }: { t: TwinningDetail; refetch: () => void }) {
  const m = useMessages()
  const s = m.twinnings
  const { viewer } = useSession()
  const [membersVersion, setMembersVersion] = useState(0)
  const [notice, setNotice] = useState('')
  const noticeRef = useRef<HTMLDivElement>(null)
  const headings = visitFields.map((_, i) => t.visitSchema[i] ?? s.visitHeadings[i])
  const contributes = canContribute(viewer, t.viewerIsMember)

  useEffect(() => {
    if (notice) noticeRef.current?.focus()
  }, [notice])

  const changed = useCallback(
    (text: string, membersChanged = false) => {
      setNotice(text)
      if (membersChanged) setMembersVersion((v) => v + 1)
      refetch()
    },
    [refetch],
  )

  return (
    <>
      <Section id="scheda-visita" title={s.visit}>
        <p>{s.visitIntro}</p>
        <VisitReports
          twinningId={t.id}
          headings={headings}
          reports={t.visitReports ?? []}
          canEdit={contributes}
          onSaved={refetch}
        />
      </Section>
      <Section id="membri" title={s.members}>
        <div ref={noticeRef} tabIndex={-1} role="status">
          {notice && (
            <Alert color="success" fade={false}>
              {notice}
            </Alert>
          )}
        </div>
        <SpaceMembers twinningId={t.id} canManage={t.viewerCanManage} version={membersVersion} onChanged={(n) => changed(n)} />
        {viewer && !t.viewerIsMember && !t.viewerCanManage && (
          <div className="mt-3">
            <JoinRequestBox twinningId={t.id} pending={t.viewerJoinRequest} onSent={refetch} />
          </div>
        )}
        {t.viewerCanManage && (
          <div className="manage-box mt-4">
            <h3 className="h4">{s.manage}</h3>
            <ManageSpace twinningId={t.id} visibility={t.visibility} requests={t.joinRequests ?? []} onChanged={changed} />
          </div>
        )}
      </Section>
      <Section id="documenti" title={s.documents}>
        <p>{s.documentsIntro}</p>
        {t.guidelines.length === 0 ? (
          <p>{s.noDocuments}</p>
        ) : (
          <ul className="guideline-list">
            {t.guidelines.map((g) => (
              <li key={g.id}>
                <Icon name="it-file" size="sm" color="primary" />{' '}
                <Link to={`/linee-guida/${g.id}`} lang="it">
                  {g.title}
                </Link>
                <span className="small text-muted">
                  {[g.serviceArea?.name, g.year ? m.guidelines.year(g.year) : null, m.guidelines.version(g.version)]
                    .filter(Boolean)
                    .map((x) => ` · ${x}`)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <TwinningPractices twinningId={t.id} />
      {t.discussion && (
        <Section id="discussione" title={s.discussion}>
          <p>
            <Icon name="it-comment" size="sm" color="primary" /> {s.discussionThread(t.discussion.title)}
          </p>
          <ThreadView threadId={t.discussion.id} />
        </Section>
      )}
      <Section id="domande" title={s.questions}>
        <SpaceQuestions twinningId={t.id} mayAsk={contributes} signedIn={!!viewer} />
      </Section>
    </>
  )
}

function Reserved({ t, refetch }: { t: TwinningDetail; refetch: () => void }) {
  const m = useMessages()
  const s = m.twinnings
  const { viewer } = useSession()
  return (
    <section className="reserved-box" aria-labelledby="riservato-title">
      <h2 id="riservato-title" className="h4">
        <Icon name="it-locked" color="primary" /> {s.reservedTitle}
      </h2>
      <p>{s.reserved[t.visibility]}</p>
      {viewer === null && <SignInPrompt text={s.signInToRead} />}
      {viewer && <JoinRequestBox twinningId={t.id} pending={t.viewerJoinRequest} onSent={refetch} />}
    </section>
  )
}

function Space({ t, refetch }: { t: TwinningDetail; refetch: () => void }) {
  const m = useMessages()
  const s = m.twinnings
  usePageTitle(t.title)
  const index = t.viewerCanRead
    ? [
        ['fasi', s.phases],
        ['incontri', s.meetings],
        ['scheda-visita', s.visit],
        ['membri', s.members],
        ['documenti', s.documents],
        ...(t.discussion ? [['discussione', s.discussion]] : []),
        ['domande', s.questions],
      ]
    : []
  return (
    <>
      <p>
        <Link to="/gemellaggi">← {s.backToList}</Link>
      </p>
      <header className="space-header mb-4">
        <p className="card-category">{t.serviceArea.name}</p>
        <h1 lang="it">{t.title}</h1>
        <p className="space-badges">
          <VisibilityBadge level={t.visibility} />
          {t.viewerIsMember && <MemberBadge />}
          <span className="small ms-1">{s.visibilityHelp[t.visibility]}</span>
        </p>
        <ServerHtml className="lead space-summary" html={t.summaryHTML} lang="it" />
      </header>
      {index.length > 0 && (
        <nav className="space-index mb-4" aria-label={s.contents}>
          <ul>
            {index.map(([id, label]) => (
              <li key={id}>
                <a href={`#${id}`}>{label}</a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <section className="space-section" aria-labelledby="centri-title">
        <h2 id="centri-title" className="h3">
          {s.centers}
        </h2>
        <dl className="space-centers">
          <div>
            <dt>{m.home.leadCenter}</dt>
            <dd>
              <CenterName c={t.leadCenter} />
            </dd>
          </div>
          <div>
            <dt>{m.home.receivingCenters}</dt>
            <dd>
              <ul className="list-unstyled mb-0">
                {t.receivingCenters.map((c) => (
                  <li key={c.id}>
                    <CenterName c={c} />
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        </dl>
      </section>
      <Section id="fasi" title={s.phases}>
        <Phases phases={t.phases} />
      </Section>
      <Section id="incontri" title={s.meetings}>
        <Meetings events={t.events} />
      </Section>
      {t.viewerCanRead ? <Inside t={t} refetch={refetch} /> : <Reserved t={t} refetch={refetch} />}
    </>
  )
}

export function TwinningPage({ id }: { id: string }) {
  const m = useMessages()
  const { viewer } = useSession()
  const { data, error, refetch } = useQuery<TwinningPageResult>(
    TWINNING_PAGE,
    { id },
    { deps: [viewer?.id], skip: viewer === undefined },
  )
  if (error) return <RequestFailed error={error} onRetry={refetch} />
  // A refetch after a change keeps the page (and its notices) on screen.
  if (!data) return <Loading />
  const t = data.node
  if (!t?.title) return <NotFoundPage text={m.twinnings.notFound} back={{ to: '/gemellaggi', label: m.twinnings.backToList }} />
  return <Space t={t as TwinningDetail} refetch={refetch} />
}
