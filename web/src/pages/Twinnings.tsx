// The twinnings: every card, page by page, with who may read each space and whether the
// viewer is in it; "Nuovo gemellaggio" for regional coordinators and admins.
import { RequestFailed } from '../components/Errors'
import { LoadMore } from '../components/LoadMore'
import { Loading } from '../components/Loading'
import { TwinningCard } from '../components/TwinningCard'
import { TWINNING_DIRECTORY, type TwinningDirectoryResult } from '../graphql'
import { usePagedQuery, usePageTitle } from '../hooks'
import { useMessages } from '../i18n'
import { Link } from '../router'
import { useSession } from '../session'
import { canCreateTwinning } from '../twinning'

const pageSize = 24

export function TwinningsPage() {
  const m = useMessages()
  usePageTitle(m.twinnings.title)
  const { viewer } = useSession()
  const list = usePagedQuery<TwinningDirectoryResult, TwinningDirectoryResult['twinnings']['edges'][number]>(
    TWINNING_DIRECTORY,
    { first: pageSize },
    (d) => d.twinnings,
    [viewer?.id],
  )
  const total = list.data?.twinnings.totalCount

  return (
    <>
      <div className="d-flex flex-wrap justify-content-between align-items-start gap-3">
        <div>
          <h1>{m.twinnings.title}</h1>
          <p className="lead">{m.twinnings.intro}</p>
        </div>
        {canCreateTwinning(viewer) && (
          <Link className="btn btn-primary" to="/gemellaggi/nuovo">
            {m.twinnings.create}
          </Link>
        )}
      </div>
      {list.error ? (
        <RequestFailed error={list.error} onRetry={list.refetch} />
      ) : list.loading || total === undefined ? (
        <Loading />
      ) : total === 0 ? (
        <p>{m.twinnings.none}</p>
      ) : (
        <section aria-labelledby="twinnings-count">
          <h2 id="twinnings-count" className="h5 mt-4">
            {m.twinnings.count(total)}
          </h2>
          <ul className="row g-4 list-unstyled" ref={list.listRef}>
            {list.edges.map((e) => (
              <li key={e.node.id} className="col-md-6 col-lg-4">
                <TwinningCard t={e.node} />
              </li>
            ))}
          </ul>
          {list.hasMore && (
            <LoadMore label={m.twinnings.loadMore} busy={list.loadingMore} error={list.moreError} onClick={list.loadMore} />
          )}
        </section>
      )}
    </>
  )
}
