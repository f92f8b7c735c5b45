// A twinning: its service, the lead centre, the receiving centres, the phase reached, the
// next meeting (or the last one), who may read its space and whether the viewer is in it.
import { Card } from 'design-react-kit'
import type { CenterRef, Twinning } from '../graphql'
import { formatDateRange } from '../format'
import { useMessages } from '../i18n'
import { featuredMeeting } from '../twinning'
import { Link } from '../router'
import { MemberBadge, VisibilityBadge } from './SpaceBadges'

const center = (c: CenterRef) => `${c.name} (${c.region.name})`

export function TwinningCard({ t }: { t: Twinning }) {
  const m = useMessages()
  const meeting = featuredMeeting(t.events)
  return (
    <Card rounded shadow="sm" fullHeight className="twinning-card">
      <div className="it-card-body">
        <p className="card-category">{t.serviceArea.name}</p>
        <h3 className="h5 mb-2">
          <Link to={`/gemellaggi/${t.id}`} lang="it">
            {t.title}
          </Link>
        </h3>
        <p className="space-badges">
          <VisibilityBadge level={t.visibility} />
          {t.viewerIsMember && <MemberBadge />}
        </p>
        <dl className="it-card-description-list">
          <div>
            <dt>{m.home.leadCenter}</dt>
            <dd>{center(t.leadCenter)}</dd>
          </div>
          <div>
            <dt>{m.home.receivingCenters}</dt>
            <dd>
              <ul className="list-unstyled mb-0">
                {t.receivingCenters.map((c) => (
                  <li key={c.name}>{center(c)}</li>
                ))}
              </ul>
            </dd>
          </div>
          {t.phase && (
            <div>
              <dt>{m.twinnings.latestPhase}</dt>
              <dd>{m.twinnings.phase[t.phase]}</dd>
            </div>
          )}
          {meeting && (
            <div>
              <dt>{meeting.upcoming ? m.twinnings.nextMeeting : m.twinnings.lastMeeting}</dt>
              <dd>
                <time dateTime={meeting.event.startsAt}>
                  {formatDateRange(meeting.event.startsAt, meeting.event.endsAt, m.locale)}
                </time>
                , {meeting.event.place}
              </dd>
            </div>
          )}
        </dl>
      </div>
    </Card>
  )
}
