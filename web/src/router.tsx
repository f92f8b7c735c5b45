// Client-side routing over the History API: the address bar is the only state, so every
// page can be bookmarked and reloaded (the server answers index.html for unknown paths).
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react'
import { safeDecode } from './paths'

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
  else {
    rememberScroll()
    window.history.pushState(null, '', to)
  }
  window.dispatchEvent(new Event(changeEvent))
}

/**
 * Keeps the scroll position of the page being left in its history entry, so that Back can
 * return there (restoreScroll). The browser's own restoration cannot: it scrolls before the
 * page's data has loaded.
 */
function rememberScroll() {
  window.history.replaceState({ ...(window.history.state ?? {}), scrollY: window.scrollY }, '')
  // A page may have handed restoration back to the browser meanwhile (Search does).
  if ('scrollRestoration' in window.history) window.history.scrollRestoration = 'manual'
}

if (typeof window !== 'undefined' && 'scrollRestoration' in window.history) window.history.scrollRestoration = 'manual'

/**
 * After Back or Forward: scrolls to where the reader was on that page, as soon as the page is
 * long enough again (its data loads after the navigation); gives up after a few seconds or
 * when the reader scrolls first. Returns false when the entry has no position.
 */
export function restoreScroll(): boolean {
  const y = (window.history.state as { scrollY?: number } | null)?.scrollY
  if (typeof y !== 'number') return false
  const until = Date.now() + 5000
  const start = window.scrollY
  const step = () => {
    if (window.scrollY !== start && window.scrollY !== y) return // the reader moved
    const max = document.documentElement.scrollHeight - window.innerHeight
    if (max >= y) {
      window.scrollTo({ top: y, behavior: 'instant' })
      return
    }
    if (Date.now() < until) requestAnimationFrame(step)
  }
  requestAnimationFrame(step)
  return true
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
