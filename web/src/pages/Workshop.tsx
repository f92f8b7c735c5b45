// A workshop: its description, sessions (Rome time) with place and link, seats and waiting
// list, the viewer's registration (register, join the waiting list, cancel), its material, the
// calendar file, the certificate once earned, and, for its trainers, the way to manage it.
import { ThreadView } from '../components/ThreadView'
import { Badge, Button } from 'design-react-kit'
import { useState } from 'react'
import { request, type UserError } from '../client'
import { RequestFailed } from '../components/Errors'
import { Loading } from '../components/Loading'
import { ServerHtml } from '../components/ServerHtml'
import { SignInPrompt } from '../components/SignInPrompt'
import { SpaceNote } from '../components/SpaceBadges'
import { formatDateTime, formatSession } from '../format'
import {
  CANCEL_REGISTRATION,
  REGISTER_FOR_WORKSHOP,
  REQUEST_CERTIFICATE,
  WORKSHOP_PAGE,
  type CancelRegistrationResult,
  type Certificate,
  type RegisterForWorkshopResult,
  type RequestCertificateResult,
  type WorkshopDetail,
  type WorkshopMaterial,
  type WorkshopPageResult,
} from '../graphql.workshops'
import { useAction, usePageTitle, useQuery } from '../hooks'
import { useMessages } from '../i18n'
import { Link } from '../router'
import { useSession, useViewerKey } from '../session'
import { NotFoundPage } from './NotFound'
import '../styles/workshops.css'

/** A file's size as people read it: "340 kB", "2,1 MB". */
export function formatSize(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte']
  let n = bytes
  let i = 0
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000
    i++
  }
  return new Intl.NumberFormat(locale, { style: 'unit', unit: units[i], unitDisplay: 'short', maximumFractionDigits: 1 }).format(
    n,
  )
}

export function MaterialList({ materials }: { materials: WorkshopMaterial[] }) {
  const m = useMessages()
  const s = m.workshops
  if (materials.length === 0) return <p>{s.noMaterials}</p>
  return (
    <ul className="workshop-materials">
      {materials.map((x) => (
        <li key={x.id} className="mb-2">
          <a href={x.url} {...(x.kind === 'LINK' ? { rel: 'noopener noreferrer' } : {})}>
            {x.name}
          </a>{' '}
          <span className="small text-muted">
            {x.kind === 'LINK' ? `(${s.materialLink})` : x.size != null ? `(${formatSize(x.size, m.locale)})` : ''}
          </span>{' '}
          {x.audience === 'PARTICIPANTS' && (
            <Badge color="secondary" pill>
              {s.forParticipants}
            </Badge>
          )}
        </li>
      ))}
    </ul>
  )
}

function CertificateLinks({ c }: { c: Certificate }) {
  const s = useMessages().workshops
  return (
    <>
      <p className="mb-2">{s.certificateCode(c.code)}</p>
      <div className="d-flex flex-wrap gap-2">
        <a className="btn btn-primary btn-sm" href={c.url}>
          {s.downloadCertificate}
        </a>
        <a className="btn btn-outline-primary btn-sm" href={c.verifyUrl}>
          {s.verifyCertificate}
        </a>
      </div>
    </>
  )
}

function CertificateBox({ w, onChanged }: { w: WorkshopDetail; onChanged: () => void }) {
  const m = useMessages()
  const s = m.workshops
  const r = w.viewerRegistration
  const [issued, setIssued] = useState<Certificate | null>(null)
  const { busy, userErrors, error, run } = useAction()
  if (!r || (!r.certificate && !r.certificateAvailable)) return null
  const certificate = r.certificate ?? issued
  const ask = async () => {
    let got: Certificate | null = null
    const ok = await run(async () => {
      const d = await request<RequestCertificateResult>(REQUEST_CERTIFICATE, { workshopId: w.id })
      got = d.requestCertificate.certificate
      return d.requestCertificate.userErrors
    })
    if (ok && got) {
      setIssued(got)
      onChanged()
    }
  }
  return (
    <section className="mt-4" aria-labelledby="workshop-certificate">
      <h3 id="workshop-certificate" className="h5">
        {s.certificate}
      </h3>
      <p className="small">{s.attendedHours(new Intl.NumberFormat(m.locale).format(r.attendedHours))}</p>
      {error && <RequestFailed error={error} />}
      {userErrors.length > 0 && (
        <p className="text-danger" role="alert">
          {userErrors.map((e) => e.message).join(' ')}
        </p>
      )}
      <div role="status">{certificate && <CertificateLinks c={certificate} />}</div>
      {!certificate && (
        <>
          <p>{s.certificateAvailable}</p>
          <Button color="primary" size="sm" aria-disabled={busy || undefined} onClick={() => void ask()}>
            {busy ? m.common.sending : s.requestCertificate}
          </Button>
        </>
      )}
    </section>
  )
}

function RegistrationBox({ w, onChanged }: { w: WorkshopDetail; onChanged: () => void }) {
  const m = useMessages()
  const s = m.workshops
  const { viewer } = useSession()
  const { busy, userErrors, error, run } = useAction()
  const r = w.viewerRegistration
  const active = r && r.status !== 'CANCELLED' ? r : null
  const act = async (which: 'register' | 'cancel') => {
    const ok = await run(async (): Promise<UserError[]> => {
      if (which === 'register') {
        const d = await request<RegisterForWorkshopResult>(REGISTER_FOR_WORKSHOP, { workshopId: w.id })
        return d.registerForWorkshop.userErrors
      }
      const d = await request<CancelRegistrationResult>(CANCEL_REGISTRATION, { workshopId: w.id })
      return d.cancelWorkshopRegistration.userErrors
    })
    if (ok) onChanged()
  }
  const full = w.seatsLeft === 0
  let body
  if (w.status === 'CANCELLED') body = <p>{s.closedCancelled}</p>
  else if (viewer === null) body = <SignInPrompt text={s.signInToRegister} />
  else if (active)
    body = (
      <>
        <p className="fw-semibold">{active.status === 'CONFIRMED' ? s.confirmed : s.waitlisted(active.waitlistPosition ?? 0)}</p>
        {new Date(w.endsAt) > new Date() ? (
          <Button color="primary" outline size="sm" aria-disabled={busy || undefined} onClick={() => void act('cancel')}>
            {busy ? m.common.sending : active.status === 'CONFIRMED' ? s.cancelRegistration : s.leaveWaitlist}
          </Button>
        ) : null}
      </>
    )
  else if (!w.registrationOpen) body = <p>{s.closed}</p>
  else
    body = (
      <>
        {full && <p>{s.full}</p>}
        <Button color="primary" aria-disabled={busy || undefined} onClick={() => void act('register')}>
          {busy ? m.common.sending : full ? s.joinWaitlist : s.register}
        </Button>
      </>
    )
  return (
    <section className="workshop-box mb-4" aria-labelledby="workshop-registration">
      <h2 id="workshop-registration" className="h5">
        {s.registration}
      </h2>
      <p className="small text-muted">
        {w.capacity === null ? s.unlimited : s.seatsOf(w.seatsLeft ?? 0, w.capacity)}
        {w.waitlistCount > 0 && ` · ${s.waitlist(w.waitlistCount)}`}
      </p>
      {error && <RequestFailed error={error} />}
      {userErrors.length > 0 && (
        <p className="text-danger" role="alert">
          {userErrors.map((e) => e.message).join(' ')}
        </p>
      )}
      <div aria-live="polite">{body}</div>
      <CertificateBox w={w} onChanged={onChanged} />
    </section>
  )
}

function WorkshopView({ w, onChanged }: { w: WorkshopDetail; onChanged: () => void }) {
  const m = useMessages()
  const s = m.workshops
  usePageTitle(w.title)
  const cancelled = w.status === 'CANCELLED'
  const id = encodeURIComponent(w.id)
  return (
    <article className="workshop">
      <p>
        <Link to="/workshop">{s.backToList}</Link>
      </p>
      <div className="d-flex flex-wrap align-items-center gap-2 mb-2">
        <Badge color="primary" pill>
          {s.kind[w.kind]}
        </Badge>
        <Badge color="light" pill className="text-dark border">
          {s.modeName[w.mode]}
        </Badge>
        {cancelled && (
          <Badge color="danger" pill>
            {s.cancelledBadge}
          </Badge>
        )}
      </div>
      <h1 lang="it">{w.title}</h1>
      {w.private && <SpaceNote space={w.space} />}
      {cancelled && (
        <div className="alert alert-danger" role="note">
          <p className="fw-semibold mb-1">{s.cancelledTitle}</p>
          {w.cancellationReason && <p className="mb-0">{s.cancelledReason(w.cancellationReason)}</p>}
        </div>
      )}
      <div className="row g-5">
        <div className="col-lg-8">
          <section aria-labelledby="workshop-description">
            <h2 id="workshop-description" className="h4">
              {s.description}
            </h2>
            <ServerHtml lang="it" html={w.descriptionHTML} />
          </section>
          <section className="mt-4" aria-labelledby="workshop-sessions">
            <h2 id="workshop-sessions" className="h4">
              {s.sessions}
            </h2>
            <ol className="workshop-sessions">
              {w.sessions.map((x) => (
                <li key={x.id} className={x.cancelled ? 'is-cancelled' : undefined}>
                  <time dateTime={x.startsAt} className="fw-semibold">
                    {formatSession(x.startsAt, x.endsAt, m.locale)}
                  </time>
                  {x.cancelled && (
                    <Badge color="danger" pill className="ms-2">
                      {s.sessionCancelled}
                    </Badge>
                  )}
                  {x.place && (
                    <span className="d-block">
                      {s.place}: {x.place}
                    </span>
                  )}
                  {x.onlineUrl && !x.cancelled && (
                    <span className="d-block">
                      <a href={x.onlineUrl} rel="noopener noreferrer">
                        {s.join}
                      </a>
                    </span>
                  )}
                </li>
              ))}
            </ol>
            {w.mode !== 'IN_PERSON' && !w.viewerIsParticipant && <p className="small text-muted">{s.onlineForParticipants}</p>}
            <a className="btn btn-outline-primary btn-sm" href={w.icsUrl}>
              {s.calendar}
            </a>
          </section>
          <section className="mt-4" aria-labelledby="workshop-materials">
            <h2 id="workshop-materials" className="h4">
              {s.materials}
            </h2>
            <MaterialList materials={w.materials} />
          </section>
          {w.discussion && (
            <section className="mt-4" aria-labelledby="workshop-discussion">
              <h2 id="workshop-discussion" className="h4">
                {s.discussion}
              </h2>
              <p>{s.discussionThread(w.discussion.title)}</p>
              <ThreadView threadId={w.discussion.id} />
            </section>
          )}
        </div>
        <aside className="col-lg-4" aria-label={s.details}>
          <RegistrationBox w={w} onChanged={onChanged} />
          {w.viewerCanEdit && (
            <section className="mb-4" aria-labelledby="workshop-manage">
              <h2 id="workshop-manage" className="h5">
                {s.manage}
              </h2>
              <div className="d-flex flex-wrap gap-2">
                <Link className="btn btn-outline-primary btn-sm" to={`/workshop/${id}/modifica`}>
                  {s.edit}
                </Link>
                <Link className="btn btn-outline-primary btn-sm" to={`/workshop/${id}/iscrizioni`}>
                  {s.registrations}
                </Link>
              </div>
            </section>
          )}
          <h2 className="h5">{s.details}</h2>
          <dl className="workshop-details">
            {w.hostCenter && (
              <>
                <dt>{s.hostCenter}</dt>
                <dd>{s.hostedBy(w.hostCenter.name, w.hostCenter.region.name)}</dd>
              </>
            )}
            {w.serviceArea && (
              <>
                <dt>{s.serviceArea}</dt>
                <dd>
                  <Link to={`/workshop?area=${encodeURIComponent(w.serviceArea.slug)}`}>{w.serviceArea.name}</Link>
                </dd>
              </>
            )}
            <dt>{s.space}</dt>
            <dd>
              {w.space ? (
                <Link to={`/gemellaggi/${encodeURIComponent(w.space.id)}`}>{s.inSpace(w.space.title)}</Link>
              ) : (
                s.community
              )}
            </dd>
            {w.trainers.length > 0 && (
              <>
                <dt>{s.trainers}</dt>
                <dd>
                  <ul className="list-unstyled mb-0">
                    {w.trainers.map((t) => (
                      <li key={t.id}>
                        {/* Their workshops: the list filtered by trainer, as the area links to it by area. */}
                        <Link to={`/workshop?formatore=${encodeURIComponent(t.id)}`}>{t.displayName}</Link>
                        {t.center && <span className="small text-muted"> · {t.center.name}</span>}
                      </li>
                    ))}
                  </ul>
                </dd>
              </>
            )}
            <dt>{s.deadline}</dt>
            <dd>{w.registrationDeadline ? formatDateTime(w.registrationDeadline, m.locale) : s.deadlineAtStart}</dd>
            <dt>{s.attendance}</dt>
            <dd>{s.attendanceShare(w.attendanceRequired)}</dd>
          </dl>
        </aside>
      </div>
    </article>
  )
}

export function WorkshopPage({ id }: { id: string }) {
  const m = useMessages()
  const viewerKey = useViewerKey()
  const { data, error, loading, refetch } = useQuery<WorkshopPageResult>(WORKSHOP_PAGE, { id }, { deps: [viewerKey] })
  const w = data?.node && 'id' in data.node ? (data.node as WorkshopDetail) : undefined
  if (error) return <RequestFailed error={error} onRetry={refetch} />
  // A refetch after registering keeps the page on screen.
  if (!data) return loading ? <Loading /> : null
  if (!w) return <NotFoundPage text={m.workshops.notFound} back={{ to: '/workshop', label: m.workshops.backToList }} />
  return <WorkshopView w={w} onChanged={refetch} />
}
