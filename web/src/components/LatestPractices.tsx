// The home page's good practices: the latest three, with links to the list and the form.
import { PRACTICES, type PracticesResult } from '../graphql.practices'
import { useQuery } from '../hooks'
import { useMessages } from '../i18n'
import { Link } from '../router'
import { PracticeList } from './PracticeList'

export function LatestPractices() {
  const m = useMessages()
  const { data, error, loading, refetch } = useQuery<PracticesResult>(PRACTICES, { first: 3 })
  return (
    <section className="mb-5" aria-labelledby="latest-practices-title">
      <div className="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-3">
        <h2 id="latest-practices-title" className="mb-0">
          {m.practices.latest}
        </h2>
        <div className="d-flex gap-2">
          <Link className="btn btn-outline-primary btn-sm" to="/buone-pratiche">
            {m.practices.all}
          </Link>
          <Link className="btn btn-primary btn-sm" to="/buone-pratiche/nuova">
            {m.practices.publish}
          </Link>
        </div>
      </div>
      <PracticeList data={data} error={error} loading={loading} refetch={refetch} />
    </section>
  )
}
