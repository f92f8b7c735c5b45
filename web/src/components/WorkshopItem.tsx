// One workshop in a list: its kind and mode, title, dates (Rome time), host centre, seats
// left, and where it lives when that space is not open to everyone.
import { Badge } from 'design-react-kit'
import type { ReactNode } from 'react'
import type { WorkshopSummary } from '../graphql.workshops'
import { formatDateRange } from '../format'
import { useMessages } from '../i18n'
import { Link } from '../router'
import { SpaceNote } from './SpaceBadges'
import '../styles/workshops.css'

/** Seats left, unlimited, or fully booked with the waiting list's length. */
export function seatsText(w: WorkshopSummary, m: ReturnType<typeof useMessages>): string {
  const s = m.workshops
  if (w.seatsLeft === null) return s.unlimited
  if (w.seatsLeft === 0 && w.waitlistCount > 0) return `${s.seatsLeft(0)} · ${s.waitlist(w.waitlistCount)}`
  return s.seatsLeft(w.seatsLeft)
}

interface Props {
  w: WorkshopSummary
  headingLevel?: 2 | 3 | 4
  /** What a page adds about it (the viewer's registration, say). */
  children?: ReactNode
}

export function WorkshopItem({ w, headingLevel = 3, children }: Props) {
  const m = useMessages()
  const s = m.workshops
  const H = `h${headingLevel}` as const
  const sessions = w.sessions.filter((x) => !x.cancelled).length
  const cancelled = w.status === 'CANCELLED'
  return (
    <li className="workshop-item">
      <div className="d-flex flex-wrap align-items-center gap-2 mb-1">
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
      <H className="h5 mb-1">
        <Link to={`/workshop/${encodeURIComponent(w.id)}`} lang="it">
          {w.title}
        </Link>
      </H>
      <p className="small mb-1">
        <time dateTime={w.startsAt}>{formatDateRange(w.startsAt, w.endsAt, m.locale)}</time>
        {sessions > 1 && ` · ${s.sessionsCount(sessions)}`}
        {w.hostCenter && ` · ${s.hostedBy(w.hostCenter.name, w.hostCenter.region.name)}`}
      </p>
      <p className="small text-muted mb-1">
        {w.serviceArea && `${w.serviceArea.name} · `}
        {!cancelled && seatsText(w, m)}
      </p>
      {w.private && <SpaceNote space={w.space} />}
      {children}
    </li>
  )
}
