// The app's addresses without React: matching a route and decoding its parts. The router uses
// them, and so does the early script (early.ts), which must stay small.

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

/** Decodes a URI component; "" when it is malformed. */
export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return ''
  }
}

/** The id of a discussion message's element on its page: "#messaggio-<id>" points at it. */
export const messageAnchor = (id: string) => `messaggio-${id}`
