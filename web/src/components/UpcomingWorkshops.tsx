// The home page's next workshops: the soonest three, with a link to the calendar.
import { UPCOMING_WORKSHOPS, type UpcomingWorkshopsResult } from '../graphql.workshops'
import { useQuery } from '../hooks'
import { useMessages } from '../i18n'
import { Link } from '../router'
import { RequestFailed } from './Errors'
import { Loading } from './Loading'
import { WorkshopItem } from './WorkshopItem'

export function UpcomingWorkshops() {
  const m = useMessages()
  const s = m.workshops
  const { data, error, loading, refetch } = useQuery<UpcomingWorkshopsResult>(UPCOMING_WORKSHOPS, { first: 3 })
  return (
    <section className="mb-5" aria-labelledby="upcoming-workshops-title">
      <div className="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-3">
        <h2 id="upcoming-workshops-title" className="mb-0">
          {s.upcomingTitle}
        </h2>
        <Link className="btn btn-outline-primary btn-sm" to="/workshop">
          {s.allUpcoming}
        </Link>
      </div>
      {error ? (
        <RequestFailed error={error} onRetry={refetch} />
      ) : loading || !data ? (
        <Loading />
      ) : data.workshops.edges.length === 0 ? (
        <p>{s.noUpcoming}</p>
      ) : (
        <ul className="workshop-list">
          {data.workshops.edges.map((e) => (
            <WorkshopItem key={e.node.id} w={e.node} />
          ))}
        </ul>
      )}
    </section>
  )
}
