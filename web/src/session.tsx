// The signed-in user (query `me`), shared by the header and the pages.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { request } from './client'
import { LOGOUT, ME, type MeResult, type Role, type Viewer } from './graphql'

interface Session {
  /** undefined while the first `me` query runs, null when signed out. */
  viewer: Viewer | null | undefined
  /** Reloads the viewer, after signing in. */
  refresh: () => Promise<void>
  signOut: () => Promise<void>
}

const SessionContext = createContext<Session | null>(null)

export function SessionProvider({ children }: { children: ReactNode }) {
  const [viewer, setViewer] = useState<Viewer | null | undefined>(undefined)

  const refresh = useCallback(async () => {
    try {
      setViewer((await request<MeResult>(ME)).me)
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
    void refresh()
  }, [refresh])

  const value = useMemo(() => ({ viewer, refresh, signOut }), [viewer, refresh, signOut])
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

/** Whether the viewer moderates questions (close, reopen, edit any post; the server checks again). */
export function canModerate(viewer: Viewer | null | undefined): boolean {
  return !!viewer?.roles.some((r) => r === 'MODERATOR' || r === 'ADMIN')
}
