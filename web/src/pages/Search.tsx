// Search over guideline sections, questions, practices and workshops, with facet filters.
// The query and the filters live in the address: /cerca?q=…&tipo=QUESTION&area=slug.
// Results come one per document (a guideline's best section, its other matching sections
// under it). Opening a hit remembers where the list was, so that going back returns there.
import { Badge } from 'design-react-kit'
import { useEffect, useState } from 'react'
import { RequestFailed } from '../components/Errors'
import { Icon } from '../components/Icon'
import { LoadMore } from '../components/LoadMore'
import { Loading } from '../components/Loading'
import { SearchBox } from '../components/SearchBox'
import { ServerHtml } from '../components/ServerHtml'
import { useServiceAreas } from '../components/ServiceAreaSelect'
import { SEARCH, type FacetValue, type SearchResult, type SearchType } from '../graphql'
import { usePagedQuery, usePageTitle } from '../hooks'
import { useMessages } from '../i18n'
import { Link, useLocation } from '../router'
import { filtersOf, placeKey, savedPlace, searchPath, searchTypes, searchVariables, type Filters } from '../searchAddress'
import { useSession } from '../session'

/** A guideline section's heading path without the guideline's title, which the hit shows. */
function sectionPath(title: string, heading: string): string {
  const prefix = `${title} › `
  return heading.startsWith(prefix) ? heading.slice(prefix.length) : heading === title ? '' : heading
}

interface FacetProps {
  title: string
  values: FacetValue[]
  isActive: (value: string) => boolean
  label: (value: string) => string
  toggle: (value: string) => string
}

/** One facet: each value a link that adds or removes it, with its count. */
function Facet({ title, values, isActive, label, toggle }: FacetProps) {
  const m = useMessages()
  if (!values.length) return null
  return (
    <nav className="facet mb-4" aria-label={`${m.search.filters}: ${title}`}>
      <h3 className="h6 text-uppercase">{title}</h3>
      <ul className="list-unstyled mb-0">
        {values.map((v) => {
          const active = isActive(v.value)
          return (
            <li key={v.value}>
              <Link
                to={toggle(v.value)}
                className={`facet-link${active ? ' active' : ''}`}
                aria-current={active ? 'true' : undefined}
              >
                {active && <Icon name="it-check" size="sm" color="primary" />}
                <span>{label(v.value)}</span>
                <span className="facet-count">{v.count}</span>
              </Link>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}

function savePlace(path: string, count: number) {
  try {
    sessionStorage.setItem(placeKey(path), JSON.stringify({ count, scrollY: window.scrollY }))
    // The browser's own restoration would scroll as the results grow back, smoothly and
    // past the place: the page restores it itself, and gives it back to the browser then.
    window.history.scrollRestoration = 'manual'
  } catch {
    // Storage full or refused: going back starts from the top, as before.
  }
}

function Results({ filters }: { filters: Filters }) {
  const m = useMessages()
  const areas = useServiceAreas()
  const areaName = (slug: string) => areas.find((a) => a.slug === slug)?.name ?? slug
  const path = searchPath(filters)
  // Back from a hit: as many hits as were shown (the API pages by 50 at most), then the scroll.
  const [place] = useState(() => savedPlace(path))
  const [filtersOpen, setFiltersOpen] = useState(false)
  const results = usePagedQuery(SEARCH, searchVariables(filters, place), (d: SearchResult) => d.search)
  const ready = !results.loading && !!results.data
  useEffect(() => {
    if (!ready || !place) return
    sessionStorage.removeItem(placeKey(path))
    // After the frame's own effects, which move a newly shown page to its top.
    const t = window.setTimeout(() => {
      window.scrollTo({ top: place.scrollY, behavior: 'instant' })
      window.history.scrollRestoration = 'auto'
    }, 0)
    return () => window.clearTimeout(t)
  }, [ready])
  if (results.error) return <RequestFailed error={results.error} onRetry={results.refetch} />
  if (results.loading || !results.data) return <Loading />
  const { totalCount, facets, didYouMean } = results.data.search
  const remember = () => savePlace(path, results.edges.length)

  // A value filtered on stays listed (so it can be removed) even when the facet omits it.
  const withActive = (values: FacetValue[], active: string[]) => [
    ...values,
    ...active.filter((a) => !values.some((v) => v.value === a)).map((value) => ({ value, count: 0 })),
  ]

  return (
    <div className="row">
      <aside className="col-lg-3 mb-4">
        <h2 className="h5 d-none d-lg-block">{m.search.filters}</h2>
        <button
          type="button"
          className="btn btn-outline-primary btn-sm d-lg-none mb-3"
          aria-expanded={filtersOpen}
          aria-controls="search-facets"
          onClick={() => setFiltersOpen(!filtersOpen)}
        >
          {filtersOpen ? m.search.hideFilters : m.search.showFilters}
        </button>
        <div id="search-facets" className={filtersOpen ? 'd-block' : 'd-none d-lg-block'}>
          <Facet
            title={m.search.types}
            values={withActive(facets.types, filters.types)}
            isActive={(v) => filters.types.includes(v as SearchType)}
            label={(v) => (searchTypes.includes(v as SearchType) ? m.search.type[v as SearchType] : v)}
            toggle={(v) =>
              searchPath({
                ...filters,
                types: filters.types.includes(v as SearchType)
                  ? filters.types.filter((t) => t !== v)
                  : [...filters.types, v as SearchType],
              })
            }
          />
          <Facet
            title={m.search.serviceAreas}
            values={withActive(facets.serviceAreas, filters.area ? [filters.area] : [])}
            isActive={(v) => filters.area === v}
            label={areaName}
            toggle={(v) => searchPath({ ...filters, area: filters.area === v ? '' : v })}
          />
        </div>
      </aside>
      <div className="col-lg-9">
        <h2 className="h4" aria-live="polite">
          {m.search.resultsFor(filters.q)}: {m.search.count(totalCount)}
        </h2>
        {didYouMean && (
          <p className="search-did-you-mean">
            {m.search.didYouMean}{' '}
            <Link to={searchPath({ ...filters, q: didYouMean })}>
              <strong>{didYouMean}</strong>
            </Link>
            ?
          </p>
        )}
        {results.edges.length === 0 ? (
          <p>{m.search.none}</p>
        ) : (
          <ul className="search-results" ref={results.listRef}>
            {results.edges.map(({ node }, i) => {
              const section = sectionPath(node.title, node.heading)
              return (
                <li key={`${node.url}-${i}`} className="search-hit">
                  <Badge color="primary" className="mb-1">
                    {m.search.type[node.type]}
                  </Badge>
                  <h3 className="h5 mb-1">
                    <Link to={node.url} onClick={remember} lang="it">
                      {section || node.title}
                    </Link>
                  </h3>
                  {section && <p className="search-hit-heading">{m.search.inDocument(node.title)}</p>}
                  <ServerHtml as="p" className="search-hit-highlight" lang="it" html={node.highlight} />
                  {node.otherPassages.length > 0 && (
                    <div className="search-hit-more">
                      <p className="small mb-1">{m.search.otherPassages}</p>
                      <ul className="small">
                        {node.otherPassages.map((p) => (
                          <li key={p.url}>
                            <Link to={p.url} onClick={remember} lang="it">
                              {sectionPath(node.title, p.heading) || node.title}
                            </Link>
                          </li>
                        ))}
                      </ul>
                    </div>
                  )}
                </li>
              )
            })}
          </ul>
        )}
        {results.hasMore && (
          <LoadMore
            label={m.search.loadMore}
            busy={results.loadingMore}
            error={results.moreError}
            onClick={() => void results.loadMore()}
          />
        )}
      </div>
    </div>
  )
}

export function SearchPage() {
  const m = useMessages()
  const { viewer } = useSession()
  const { search } = useLocation()
  const filters = filtersOf(search)
  const { q } = filters
  usePageTitle(q ? m.search.resultsFor(q) : m.search.title)
  return (
    <>
      <h1>{m.search.title}</h1>
      <div className="mb-5">
        <SearchBox initialQuery={q} />
      </div>
      {/* Keyed by the search: another search starts afresh, with no remembered place. */}
      {q ? <Results key={searchPath(filters)} filters={filters} /> : <p>{m.search.empty}</p>}
      {viewer?.roles.includes('ADMIN') && (
        <p className="mt-5 small">
          <Link to="/admin/tesauro">{m.thesaurus.title}</Link>
        </p>
      )}
    </>
  )
}
