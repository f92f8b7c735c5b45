// The good practices that live in a twinning's space, on the twinning's page: the latest
// five, a link to all of them and one to publish a practice in the space.
import { PRACTICES, type PracticesResult } from '../graphql.practices'
import { useQuery } from '../hooks'
import { useMessages } from '../i18n'
import { Link } from '../router'
import { PracticeList } from './PracticeList'

export function TwinningPractices({ twinningId }: { twinningId: string }) {
  const m = useMessages()
  const { data, error, loading, refetch } = useQuery<PracticesResult>(PRACTICES, { first: 5, space: twinningId })
  const space = encodeURIComponent(twinningId)
  return (
    <section id="pratiche" className="space-section" aria-labelledby="pratiche-title">
      <h2 id="pratiche-title" className="h3">
        {m.practices.title}
      </h2>
      <PracticeList data={data} error={error} loading={loading} refetch={refetch} />
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
