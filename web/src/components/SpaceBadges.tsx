// How a space's privacy shows wherever it or its content appears: a badge for its
// visibility ("Aperto", "Comunità", "Riservato"), one for the viewer's membership, and the
// note that names the space a question was asked in.
import type { SpaceRef, SpaceVisibility } from '../graphql'
import { useMessages } from '../i18n'
import { Link } from '../router'
import { Icon } from './Icon'
import '../styles/twinning.css'

const icons: Record<SpaceVisibility, string> = { OPEN: 'it-unlocked', COMMUNITY: 'it-user', RESTRICTED: 'it-locked' }

const classes: Record<SpaceVisibility, string> = {
  OPEN: 'visibility-open',
  COMMUNITY: 'visibility-community',
  RESTRICTED: 'visibility-restricted',
}

/** The space's level, with its explanation as the tooltip. */
export function VisibilityBadge({ level }: { level: SpaceVisibility }) {
  const m = useMessages()
  return (
    <span className={`badge visibility-badge ${classes[level]}`} title={m.twinnings.visibilityHelp[level]}>
      <Icon name={icons[level]} size="xs" color="white" />
      {m.twinnings.visibility[level]}
    </span>
  )
}

export function MemberBadge() {
  const m = useMessages()
  return (
    <span className="badge member-badge">
      <Icon name="it-check-circle" size="xs" color="white" />
      {m.twinnings.member}
    </span>
  )
}

/**
 * Where a question was asked: nothing for the whole community, else the space's name with
 * a link to it, and its badge when what lives there is not for everyone.
 */
export function SpaceNote({ space, label }: { space: SpaceRef | null | undefined; label?: string }) {
  const m = useMessages()
  if (!space?.id) return null
  return (
    <p className="space-note small mb-1">
      {label ?? m.twinnings.inSpace}{' '}
      <Link to={`/gemellaggi/${space.id}`} lang="it">
        {space.title}
      </Link>{' '}
      {space.visibility !== 'OPEN' && <VisibilityBadge level={space.visibility} />}
    </p>
  )
}
