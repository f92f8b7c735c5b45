// Client-side routing over the History API: the address bar is the only state, so every
// page can be bookmarked and reloaded (the server answers index.html for unknown paths).
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react'

const changeEvent = 'gemella:navigate'

const events = ['popstate', 'hashchange', changeEvent]

function subscribe(onChange: () => void) {
  events.forEach((e) => window.addEventListener(e, onChange))
  return () => events.forEach((e) => window.removeEventListener(e, onChange))
}

const snapshot = () => window.location.href

export interface Location {
  pathname: string
  search: URLSearchParams
  hash: string
}

/** The current location; components re-render when it changes. */
export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot)
  const url = new URL(href)
  return { pathname: url.pathname, search: url.searchParams, hash: safeDecode(url.hash.slice(1)) }
}

/** Goes to a path of this app without reloading the page. */
export function navigate(to: string, options: { replace?: boolean } = {}) {
  if (options.replace) window.history.replaceState(null, '', to)
  else window.history.pushState(null, '', to)
  window.dispatchEvent(new Event(changeEvent))
}

/** A local path safe to return to after signing in (never another origin). */
export function safeReturnPath(path: string | null): string {
  return path && path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') ? path : '/'
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }

/** An <a> that navigates within the app; modified clicks (new tab) and other sites stay native. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e)
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
    if ((rest.target && rest.target !== '_self') || !to.startsWith('/') || to.startsWith('//')) return
    e.preventDefault()
    navigate(to)
  }
  return <a href={to} onClick={handle} {...rest} />
}

/** Matches a pattern such as "/domande/:id" against a path; returns the parameters or null. */
export function match(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.replace(/\/+$/, '').split('/')
  const got = pathname.replace(/\/+$/, '').split('/')
  if (want.length !== got.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      const value = safeDecode(got[i])
      if (!value) return null
      params[want[i].slice(1)] = value
    } else if (want[i] !== got[i]) {
      return null
    }
  }
  return params
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return ''
  }
}
