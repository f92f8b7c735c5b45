// A minimal GraphQL-over-HTTP client. The session lives in the HttpOnly cookie the server sets
// at login, so requests go same-origin with credentials and no token is ever stored here.

export interface UserError {
  field: string | null
  message: string
  code: string
}

/** A request that failed as a whole: network down, an HTTP error or GraphQL errors. */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly network = false,
  ) {
    super(message)
    this.name = 'RequestError'
  }
}

const languageKey = 'gemella.lang'

/** The interface language chosen on this browser: Italian unless English was picked. */
export function savedLanguage(): 'it' | 'en' {
  try {
    if (localStorage.getItem(languageKey) === 'en') return 'en'
  } catch {
    // Storage may be disabled: Italian, as for everyone else.
  }
  return 'it'
}

/** Remembers the interface language on this browser. */
export function saveLanguage(lang: 'it' | 'en') {
  try {
    localStorage.setItem(languageKey, lang)
  } catch {
    // Not remembered: the choice lasts until the page is reloaded.
  }
}

let language: string = savedLanguage()

/** Sets the language the server answers userErrors and error messages in. */
export function setRequestLanguage(lang: string) {
  language = lang
}

interface GraphQLResponse<T> {
  data?: T | null
  errors?: { message: string }[]
}

async function send<T>(init: RequestInit): Promise<T> {
  let res: Response
  try {
    res = await fetch('/graphql', {
      ...init,
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        Accept: 'application/graphql-response+json, application/json',
        'Accept-Language': language,
        ...init.headers,
      },
    })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new RequestError(String(e), true)
  }
  let body: GraphQLResponse<T>
  try {
    body = (await res.json()) as GraphQLResponse<T>
  } catch {
    throw new RequestError(`HTTP ${res.status}`)
  }
  if (body.errors?.length) throw new RequestError(body.errors.map((e) => e.message).join(' '))
  if (!res.ok || body.data == null) throw new RequestError(`HTTP ${res.status}`)
  return body.data
}

// Queries sent by early.ts while the app's code was still on its way, by query and variables,
// with their data once it has come.
const early = new Map<string, { answer: Promise<unknown>; data?: unknown }>()

/**
 * Sends a query before the page that needs it exists: the first request() or answered() for the
 * same query and variables (in the same key order) gets this answer instead of asking again.
 */
export function prefetch(query: string, variables: object = {}) {
  const sent: { answer: Promise<unknown>; data?: unknown } = { answer: request(query, variables) }
  sent.answer.then(
    (data) => (sent.data = data),
    () => undefined, // The page that takes it sees the error.
  )
  early.set(JSON.stringify([query, variables]), sent)
}

/** The data of a prefetched query that has already come, taken (a page's first render shows it). */
export function answered<T>(query: string, variables: object = {}): T | undefined {
  const key = JSON.stringify([query, variables])
  const data = early.get(key)?.data as T | undefined
  if (data !== undefined) early.delete(key)
  return data
}

/** Runs a query or mutation. */
export function request<T>(query: string, variables: object = {}, signal?: AbortSignal): Promise<T> {
  const key = JSON.stringify([query, variables])
  const sent = early.get(key)
  if (sent) {
    early.delete(key)
    return sent.answer as Promise<T>
  }
  return send<T>({
    body: JSON.stringify({ query, variables }),
    headers: { 'Content-Type': 'application/json' },
    signal,
  })
}

/**
 * Runs an operation with file variables as a GraphQL multipart request
 * (https://github.com/jaydenseric/graphql-multipart-request-spec): the `operations` part with
 * each file variable null, a `map` from part names to variable paths, then one part per file.
 */
export function upload<T>(query: string, variables: object, files: Record<string, File>): Promise<T> {
  const names = Object.keys(files)
  const form = new FormData()
  form.append(
    'operations',
    JSON.stringify({ query, variables: { ...variables, ...Object.fromEntries(names.map((n) => [n, null])) } }),
  )
  form.append('map', JSON.stringify(Object.fromEntries(names.map((n, i) => [String(i), [`variables.${n}`]]))))
  names.forEach((n, i) => form.append(String(i), files[n]))
  // No Content-Type header: the browser sets multipart/form-data with its boundary.
  return send<T>({ body: form })
}
