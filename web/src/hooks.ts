// Data loading and form submission state, shared by the pages.
import { useCallback, useEffect, useRef, useState } from 'react'
import { answered, request, type UserError } from './client'
import type { PageInfo } from './graphql'
import { useMessages } from './i18n'

interface QueryState<T> {
  data?: T
  error?: Error
  loading: boolean
  /** The variables the data belongs to; data for other variables is never shown. */
  key?: string
}

/**
 * Runs a query when the component mounts and whenever its variables (or deps) change.
 * refetch() reloads it keeping the current data on screen.
 */
export function useQuery<T>(query: string, variables: object = {}, options: { skip?: boolean; deps?: unknown[] } = {}) {
  const key = JSON.stringify([variables, options.deps ?? []])
  const skip = options.skip ?? false
  // Data that early.ts already fetched is there at the first render, with no request.
  const [state, setState] = useState<QueryState<T>>(() => {
    const data = skip ? undefined : answered<T>(query, variables)
    return data === undefined ? { loading: !skip } : { data, loading: false, key }
  })
  const prefilled = useRef(state.data !== undefined)
  const [nonce, setNonce] = useState(0)

  useEffect(() => {
    if (skip) return
    if (prefilled.current) {
      prefilled.current = false
      return
    }
    const ctl = new AbortController()
    setState((s) => ({ ...s, loading: true, error: undefined }))
    request<T>(query, JSON.parse(key)[0], ctl.signal).then(
      (data) => setState({ data, loading: false, key }),
      (error: Error) => {
        if (!ctl.signal.aborted) setState({ error, loading: false, key })
      },
    )
    return () => ctl.abort()
  }, [query, key, skip, nonce])

  const refetch = useCallback(() => setNonce((n) => n + 1), [])
  const current = state.key === key
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: state.loading || (!skip && !current),
    refetch,
  }
}

/**
 * The state of a form that calls a mutation: busy while it runs, the userErrors it returned,
 * or the error that stopped it. run() resolves to true when the mutation succeeded.
 * While one runs, run() does nothing and resolves to false: buttons mark busy with
 * aria-disabled, which keeps them focusable (a disabled button drops the focus to <body>)
 * but does not stop a second press.
 */
export function useAction() {
  const [busy, setBusy] = useState(false)
  const running = useRef(false)
  const [userErrors, setUserErrors] = useState<UserError[]>([])
  const [error, setError] = useState<Error | null>(null)

  const run = useCallback(async (action: () => Promise<UserError[]>) => {
    if (running.current) return false
    running.current = true
    setBusy(true)
    setError(null)
    try {
      const errors = await action()
      setUserErrors(errors)
      return errors.length === 0
    } catch (e) {
      setUserErrors([])
      setError(e instanceof Error ? e : new Error(String(e)))
      return false
    } finally {
      running.current = false
      setBusy(false)
    }
  }, [])

  return { busy, userErrors, error, run }
}

/** Sets the document title for the page shown. */
/**
 * The text of a polite live region, and what announces a new one. The region is emptied
 * first, then given the text: an announcement equal to the last one is read again.
 */
export function useAnnouncer(): [string, (text: string) => void] {
  const [text, setText] = useState('')
  const timer = useRef<ReturnType<typeof setTimeout>>()
  useEffect(() => () => clearTimeout(timer.current), [])
  const say = useCallback((next: string) => {
    setText('')
    clearTimeout(timer.current)
    timer.current = setTimeout(() => setText(next), 100)
  }, [])
  return [text, say]
}

export function usePageTitle(title: string | undefined) {
  const m = useMessages()
  useEffect(() => {
    document.title = title ? m.app.pageTitle(title) : m.app.name
  }, [title, m])
}

interface Page<E> {
  edges: E[]
  pageInfo: PageInfo
}

/**
 * A connection read page by page with keyset cursors: the first page loads with the query,
 * loadMore() appends the next one. After loading more, the focus moves to the first new
 * item of the list that listRef points at, so keyboard users continue where they were.
 */
export function usePagedQuery<T, E>(query: string, variables: object, select: (data: T) => Page<E>, deps: unknown[] = []) {
  const first = useQuery<T>(query, variables, { deps })
  const key = JSON.stringify([variables, deps])
  const [extra, setExtra] = useState<(Page<E> & { key: string }) | null>(null)
  const [loadingMore, setLoadingMore] = useState(false)
  const [moreError, setMoreError] = useState<Error | null>(null)
  const [focusIndex, setFocusIndex] = useState(-1)
  const listRef = useRef<HTMLUListElement>(null)

  const base = first.data ? select(first.data) : undefined
  const more = extra?.key === key ? extra : null
  const edges = base ? [...base.edges, ...(more?.edges ?? [])] : []
  const pageInfo = more?.pageInfo ?? base?.pageInfo

  useEffect(() => {
    if (focusIndex < 0) return
    listRef.current?.children[focusIndex]?.querySelector<HTMLElement>('a, button')?.focus()
    setFocusIndex(-1)
  }, [focusIndex])

  const loadMore = async () => {
    if (!pageInfo?.endCursor) return
    setLoadingMore(true)
    setMoreError(null)
    try {
      const next = select(await request<T>(query, { ...variables, after: pageInfo.endCursor }))
      setExtra({ key, edges: [...(more?.edges ?? []), ...next.edges], pageInfo: next.pageInfo })
      if (next.edges.length) setFocusIndex(edges.length)
    } catch (e) {
      setMoreError(e instanceof Error ? e : new Error(String(e)))
    } finally {
      setLoadingMore(false)
    }
  }

  return { ...first, edges, hasMore: !!pageInfo?.hasNextPage, loadMore, loadingMore, moreError, listRef }
}
