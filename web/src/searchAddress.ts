// A search as its address says it (/cerca?q=…&tipo=QUESTION&area=slug) and the request that
// shows it. Without React: the search page uses it, and so does the early script (early.ts).
import type { SearchType } from './graphql'

const pageSize = 10
const maxPage = 50
export const searchTypes: SearchType[] = ['GUIDELINE_SECTION', 'QUESTION', 'PRACTICE', 'WORKSHOP']

export interface Filters {
  q: string
  types: SearchType[]
  area: string
}

export function filtersOf(search: URLSearchParams): Filters {
  return {
    q: (search.get('q') ?? '').trim(),
    types: search.getAll('tipo').filter((t): t is SearchType => searchTypes.includes(t as SearchType)),
    area: search.get('area') ?? '',
  }
}

export function searchPath({ q, types, area }: Filters): string {
  const params = new URLSearchParams({ q })
  types.forEach((t) => params.append('tipo', t))
  if (area) params.set('area', area)
  return `/cerca?${params}`
}

/** Where the results of one search were left: how many hits were shown, and the scroll. */
export interface SavedPlace {
  count: number
  scrollY: number
}

export const placeKey = (path: string) => `gemella:search-place:${path}`

export function savedPlace(path: string): SavedPlace | null {
  try {
    const raw = sessionStorage.getItem(placeKey(path))
    return raw ? (JSON.parse(raw) as SavedPlace) : null
  } catch {
    return null
  }
}

/** The SEARCH query's variables: back from a hit, as many hits as were shown (the API pages by 50 at most). */
export function searchVariables(filters: Filters, place: SavedPlace | null) {
  return {
    q: filters.q,
    types: filters.types.length ? filters.types : null,
    serviceArea: filters.area || null,
    first: place ? Math.min(maxPage, Math.max(pageSize, place.count)) : pageSize,
  }
}
