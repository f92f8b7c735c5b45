// Rules of twinnings as the interface needs them: which meeting a card names, and which
// controls a viewer is offered (the server checks each action again).
import type { Role, Viewer } from './graphql'

interface Meeting {
  startsAt: string
  endsAt: string
}

/** Whether a meeting has not ended yet. */
export function isUpcoming(e: Meeting, now = Date.now()): boolean {
  return Date.parse(e.endsAt) >= now
}

/** The meeting a card names: the next one that has not ended, else the last one held. */
export function featuredMeeting<E extends Meeting>(events: E[], now = Date.now()): { event: E; upcoming: boolean } | null {
  const byStart = [...events].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))
  const next = byStart.find((e) => isUpcoming(e, now))
  if (next) return { event: next, upcoming: true }
  const last = byStart.at(-1)
  return last ? { event: last, upcoming: false } : null
}

const has = (viewer: Viewer | null | undefined, roles: Role[]) => !!viewer?.roles.some((r) => roles.includes(r))

/** Regional coordinators (for a lead centre of their region) and admins open twinnings. */
export function canCreateTwinning(viewer: Viewer | null | undefined): boolean {
  return has(viewer, ['REGIONAL_COORDINATOR', 'ADMIN'])
}

/** Members of a space add content inside it, and so do moderators and admins. */
export function canContribute(viewer: Viewer | null | undefined, isMember: boolean): boolean {
  return isMember || has(viewer, ['MODERATOR', 'ADMIN'])
}
