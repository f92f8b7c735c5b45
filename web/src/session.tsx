// The signed-in user (query `me`), shared by the header and the pages.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { answered, request } from './client'
import { LOGOUT, ME, type MeResult, type Role, type Viewer } from './graphql'

interface Session {
  /** undefined while the first `me` query runs, null when signed out. */
  viewer: Viewer | null | undefined
  /** Whether anyone may register; false until the first answer. */
  signupOpen: boolean
  /** Reloads the viewer, after signing in. */
  refresh: () => Promise<void>
  signOut: () => Promise<void>
}

const SessionContext = createContext<Session | null>(null)

export function SessionProvider({ children }: { children: ReactNode }) {
  // The answer early.ts already has makes the first render show the session: the header
  // does not change under the reader.
  const [first] = useState(() => answered<MeResult>(ME))
  const [viewer, setViewer] = useState<Viewer | null | undefined>(first?.me)
  const [signupOpen, setSignupOpen] = useState(first?.signupOpen ?? false)

  const refresh = useCallback(async () => {
    try {
      const d = await request<MeResult>(ME)
      setSignupOpen(d.signupOpen)
      setViewer(d.me)
    } catch {
      setViewer(null)
    }
  }, [])

  // Whatever the logout answered, the header then shows the session as the server sees it.
  const signOut = useCallback(async () => {
    try {
      await request(LOGOUT)
    } finally {
      await refresh()
    }
  }, [refresh])

  useEffect(() => {
    if (!first) void refresh()
  }, [first, refresh])

  const value = useMemo(() => ({ viewer, signupOpen, refresh, signOut }), [viewer, signupOpen, refresh, signOut])
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function useSession(): Session {
  const ctx = useContext(SessionContext)
  if (!ctx) throw new Error('useSession outside SessionProvider')
  return ctx
}

const trainerRoles: Role[] = ['TRAINER', 'REGIONAL_COORDINATOR', 'MODERATOR', 'ADMIN']

/** Whether the viewer may import guidelines (TRAINER and above; the server checks again). */
export function canImportGuidelines(viewer: Viewer | null | undefined): boolean {
  return !!viewer?.roles.some((r) => trainerRoles.includes(r))
}

/** Whether the viewer may publish workshops (TRAINER and above; the server checks again). */
export function canPublishWorkshops(viewer: Viewer | null | undefined): boolean {
  return !!viewer?.roles.some((r) => trainerRoles.includes(r))
}

/** Whether the viewer moderates questions (close, reopen, edit any post; the server checks again). */
export function canModerate(viewer: Viewer | null | undefined): boolean {
  return !!viewer?.roles.some((r) => r === 'MODERATOR' || r === 'ADMIN')
}

/**
 * A key for queries whose answer depends on who asks (viewerVote, viewerCanManage). Requests
 * carry the session cookie, so a query sent before `me` has answered is already the
 * viewer's: the key stays the same when the session becomes known, and changes when the
 * viewer does (signing in or out), to reload.
 */
export function useViewerKey(): string {
  const { viewer } = useSession()
  const first = useRef<string | null | undefined>(undefined)
  const id = viewer === undefined ? undefined : (viewer?.id ?? null)
  if (id !== undefined && first.current === undefined) first.current = id
  return id === undefined || id === first.current ? 'first' : (id ?? 'anonymous')
}
