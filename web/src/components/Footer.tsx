import { useMessages } from '../i18n'
import { Link } from '../router'

export function SiteFooter() {
  const m = useMessages()
  return (
    <footer className="it-footer" id="piede" tabIndex={-1}>
      <div className="it-footer-main">
        <div className="container py-4">
          <p className="h4 text-white mb-2">{m.app.name}</p>
          <p className="mb-2">{m.app.footer}</p>
          <p className="mb-3 fw-semibold">{m.app.privacyNote}</p>
          <nav aria-label={m.nav.footerLabel}>
            <ul className="list-inline mb-0">
              <li className="list-inline-item">
                <Link to="/domande">{m.nav.questions}</Link>
              </li>
              <li className="list-inline-item">
                <Link to="/linee-guida">{m.nav.guidelines}</Link>
              </li>
              <li className="list-inline-item">
                <Link to="/buone-pratiche">{m.nav.practices}</Link>
              </li>
              <li className="list-inline-item">
                <Link to="/cerca">{m.nav.search}</Link>
              </li>
            </ul>
          </nav>
        </div>
      </div>
      <div className="it-footer-small-prints clearfix">
        <div className="container">
          <nav aria-label={m.legal.footerLabel}>
            <ul className="it-footer-small-prints-list list-inline mb-0 d-flex flex-column flex-md-row">
              <li className="list-inline-item">
                <Link to="/accessibilita">{m.legal.accessibility}</Link>
              </li>
              <li className="list-inline-item">
                <Link to="/note-legali#privacy">{m.legal.privacy}</Link>
              </li>
              <li className="list-inline-item">
                <Link to="/note-legali">{m.legal.notes}</Link>
              </li>
            </ul>
          </nav>
        </div>
      </div>
    </footer>
  )
}
