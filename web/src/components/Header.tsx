// The site header in Bootstrap Italia's three bands: the slim band (owner, language, account),
// the brand, and the main navigation.
import { useI18n } from '../i18n'
import { Link, navigate, useLocation } from '../router'
import { useNotificationFeed, useUnreadNotifications } from '../notifications'
import { useSession } from '../session'
import { Icon } from './Icon'

const sections = [
  { path: '/', key: 'home' },
  { path: '/domande', key: 'questions' },
  { path: '/gemellaggi', key: 'twinnings' },
  { path: '/linee-guida', key: 'guidelines' },
  { path: '/buone-pratiche', key: 'practices' },
  { path: '/workshop', key: 'workshops' },
  { path: '/cerca', key: 'search' },
] as const

function isCurrent(path: string, pathname: string) {
  return path === '/' ? pathname === '/' : pathname === path || pathname.startsWith(`${path}/`)
}

function Account() {
  const { m } = useI18n()
  const { viewer, signupOpen, signOut } = useSession()
  const { pathname, search } = useLocation()
  // Until the session is known, an invisible "Accedi" holds its place: the band does not move.
  if (viewer === undefined)
    return (
      <span className="btn btn-primary btn-icon btn-full invisible" aria-hidden="true">
        <span className="rounded-icon">
          <Icon name="it-user" color="primary" />
        </span>
        <span>{m.session.signIn}</span>
      </span>
    )
  if (!viewer) {
    const here =
      pathname === '/accedi' ? '' : `?ritorno=${encodeURIComponent(pathname + (search.toString() ? `?${search}` : ''))}`
    return (
      <>
        {signupOpen && (
          <Link to="/registrati" className="text-white small">
            {m.signUp.headerLink}
          </Link>
        )}
        <Link to={`/accedi${here}`} className="btn btn-primary btn-icon btn-full">
          <span className="rounded-icon">
            <Icon name="it-user" color="primary" />
          </span>
          <span>{m.session.signIn}</span>
        </Link>
      </>
    )
  }
  const out = () =>
    signOut().then(
      () => navigate('/accedi?uscito=1'),
      () => undefined, // Still signed in (the header shows it): nothing else to do.
    )
  return (
    <div className="d-flex align-items-center gap-3">
      <Bell />
      <Link to="/profilo" className="text-white small d-none d-md-inline">
        {m.session.signedInAs} <strong>{viewer.displayName}</strong>
      </Link>
      <button type="button" className="btn btn-outline-light btn-sm" onClick={() => void out()}>
        {m.session.signOut}
      </button>
    </div>
  )
}

/** The link to /notifiche with the live count of unread notifications. */
function Bell() {
  const { m } = useI18n()
  const n = useUnreadNotifications()
  const { pathname } = useLocation()
  return (
    <Link
      to="/notifiche"
      className="btn btn-outline-light btn-sm notification-bell position-relative"
      aria-label={m.live.notifications.bell(n)}
      aria-current={pathname === '/notifiche' ? 'page' : undefined}
    >
      <Icon name="it-mail" color="white" size="sm" />
      {n > 0 && (
        <span className="badge bg-danger ms-1" aria-hidden="true">
          {n > 99 ? '99+' : n}
        </span>
      )}
    </Link>
  )
}

export function SiteHeader() {
  const { m, lang, setLang } = useI18n()
  const { viewer } = useSession()
  useNotificationFeed(viewer === undefined ? undefined : (viewer?.id ?? null))
  const { pathname } = useLocation()
  const other = lang === 'it' ? 'en' : 'it'
  return (
    <header className="it-header-wrapper">
      <div className="it-header-slim-wrapper">
        <div className="container">
          <div className="it-header-slim-wrapper-content">
            <span className="navbar-brand text-white">{m.app.owner}</span>
            <div className="it-header-slim-right-zone gap-3">
              <button
                type="button"
                className="lang-switch"
                lang={other}
                aria-label={m.session.switchLanguageLabel}
                onClick={() => setLang(other)}
              >
                {m.session.switchLanguage}
              </button>
              <Account />
            </div>
          </div>
        </div>
      </div>
      <div className="it-nav-wrapper">
        <div className="it-header-center-wrapper">
          <div className="container">
            <div className="it-header-center-content-wrapper">
              <div className="it-brand-wrapper">
                <Link to="/">
                  <Icon name="it-pa" />
                  <div className="it-brand-text">
                    <div className="it-brand-title">{m.app.name}</div>
                    <div className="it-brand-tagline d-none d-md-block">{m.app.tagline}</div>
                  </div>
                </Link>
              </div>
            </div>
          </div>
        </div>
        <div className="it-header-navbar-wrapper">
          <div className="container">
            <nav className="navbar navbar-expand site-nav" aria-label={m.nav.label}>
              <ul className="navbar-nav">
                {sections.map((s) => {
                  const current = isCurrent(s.path, pathname)
                  return (
                    <li className="nav-item" key={s.path}>
                      <Link
                        to={s.path}
                        className={`nav-link${current ? ' active' : ''}`}
                        aria-current={current ? 'page' : undefined}
                      >
                        {m.nav[s.key]}
                      </Link>
                    </li>
                  )
                })}
              </ul>
            </nav>
          </div>
        </div>
      </div>
    </header>
  )
}
