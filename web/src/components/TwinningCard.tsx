// A twinning: its service, the lead centre, the receiving centres and the meeting dates.
import { Card } from 'design-react-kit'
import type { CenterRef, Twinning } from '../graphql'
import { formatDateRange } from '../format'
import { useMessages } from '../i18n'

const center = (c: CenterRef) => `${c.name} (${c.region.name})`

export function TwinningCard({ t }: { t: Twinning }) {
  const m = useMessages()
  return (
    <Card rounded shadow="sm" fullHeight className="twinning-card">
      <div className="it-card-body">
        <p className="card-category">{t.serviceArea.name}</p>
        <h3 className="h5 mb-3">{t.title}</h3>
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
          {t.events.length > 0 && (
            <div>
              <dt>{m.home.meetings}</dt>
              <dd>
                <ul className="list-unstyled mb-0">
                  {t.events.map((e) => (
                    <li key={e.title + e.startsAt}>
                      <time dateTime={e.startsAt}>{formatDateRange(e.startsAt, e.endsAt, m.locale)}</time>, {e.place}
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
          )}
        </dl>
      </div>
    </Card>
  )
}
