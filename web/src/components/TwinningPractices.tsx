// The good practices that live in a twinning's space, on the twinning's page: the latest
// five, a link to all of them and one to publish a practice in the space.
import { PRACTICES, type PracticesResult } from '../graphql.practices'
import { useQuery } from '../hooks'
import { useMessages } from '../i18n'
import { Link } from '../router'
import { RequestFailed } from './Errors'
import { Loading } from './Loading'
import { PracticeItem } from './PracticeItem'

export function TwinningPractices({ twinningId }: { twinningId: string }) {
  const m = useMessages()
  const { data, error, loading, refetch } = useQuery<PracticesResult>(PRACTICES, { first: 5, space: twinningId })
  const space = encodeURIComponent(twinningId)
  return (
    <section id="pratiche" className="space-section" aria-labelledby="pratiche-title">
      <h2 id="pratiche-title" className="h3">
        {m.practices.title}
      </h2>
      {error ? (
        <RequestFailed error={error} onRetry={refetch} />
      ) : loading || !data ? (
        <Loading />
      ) : data.practices.edges.length === 0 ? (
        <p>{m.practices.none}</p>
      ) : (
        <ul className="practice-list">
          {data.practices.edges.map((e) => (
            <PracticeItem key={e.node.id} p={e.node} />
          ))}
        </ul>
      )}
      <div className="d-flex flex-wrap gap-2">
        {data && data.practices.totalCount > data.practices.edges.length && (
          <Link className="btn btn-outline-primary btn-sm" to={`/buone-pratiche?spazio=${space}`}>
            {m.practices.all}
          </Link>
        )}
        <Link className="btn btn-primary btn-sm" to={`/buone-pratiche/nuova?spazio=${space}`}>
          {m.practices.publish}
        </Link>
      </div>
    </section>
  )
}
