// The page frame and the routes (internal/webapp keeps the same list, to answer 404 elsewhere). Paths are the ones the API puts in search hits
// (/domande/<id>, /linee-guida/<id>#<anchor>).
import { useEffect, useRef, type MouseEvent, type ReactNode } from 'react'
import { SiteFooter } from './components/Footer'
import { SiteHeader } from './components/Header'
import { useMessages } from './i18n'
import { AskQuestionPage } from './pages/AskQuestion'
import { CreateTwinningPage } from './pages/CreateTwinning'
import { GuidelinePage } from './pages/Guideline'
import { GuidelinesPage } from './pages/Guidelines'
import { HomePage } from './pages/Home'
import { LoginPage } from './pages/Login'
import { NotFoundPage } from './pages/NotFound'
import { NotificationsPage } from './pages/Notifications'
import { PracticePage } from './pages/Practice'
import { PracticesPage } from './pages/Practices'
import { PublishPracticePage } from './pages/PublishPractice'
import { ProfilePage } from './pages/Profile'
import { QuestionPage } from './pages/Question'
import { QuestionsPage } from './pages/Questions'
import { SearchPage } from './pages/Search'
import { SearchThesaurusPage } from './pages/SearchThesaurus'
import { TwinningPage } from './pages/Twinning'
import { TwinningsPage } from './pages/Twinnings'
import { VerifyCertificatePage } from './pages/VerifyCertificate'
import { WorkshopPage } from './pages/Workshop'
import { WorkshopRegistrationsPage } from './pages/WorkshopRegistrations'
import { WorkshopsPage } from './pages/Workshops'
import { MyRegistrationsPage } from './pages/MyRegistrations'
import { EditWorkshopPage, PublishWorkshopPage } from './pages/PublishWorkshop'
import { SignUpPage } from './pages/SignUp'
import { AccessibilityPage, LegalNotesPage, RolesPage } from './pages/Static'
import { match } from './paths'
import { restoreScroll, useLocation } from './router'

function route(pathname: string): ReactNode {
  let p: Record<string, string> | null
  if (match('/', pathname)) return <HomePage />
  if (match('/accedi', pathname)) return <LoginPage />
  if (match('/registrati', pathname)) return <SignUpPage />
  if (match('/profilo', pathname)) return <ProfilePage />
  if (match('/notifiche', pathname)) return <NotificationsPage />
  if (match('/ruoli', pathname)) return <RolesPage />
  if (match('/accessibilita', pathname)) return <AccessibilityPage />
  if (match('/note-legali', pathname)) return <LegalNotesPage />
  if (match('/domande', pathname)) return <QuestionsPage />
  if (match('/domande/nuova', pathname)) return <AskQuestionPage />
  if ((p = match('/domande/:id', pathname))) return <QuestionPage key={p.id} id={p.id} />
  if (match('/gemellaggi', pathname)) return <TwinningsPage />
  if (match('/gemellaggi/nuovo', pathname)) return <CreateTwinningPage />
  if ((p = match('/gemellaggi/:id', pathname))) return <TwinningPage key={p.id} id={p.id} />
  if (match('/cerca', pathname)) return <SearchPage />
  if (match('/admin/tesauro', pathname)) return <SearchThesaurusPage />
  if (match('/linee-guida', pathname)) return <GuidelinesPage />
  if ((p = match('/linee-guida/:id', pathname))) return <GuidelinePage key={p.id} id={p.id} />
  if (match('/buone-pratiche', pathname)) return <PracticesPage />
  if (match('/buone-pratiche/nuova', pathname)) return <PublishPracticePage />
  if ((p = match('/buone-pratiche/:id', pathname))) return <PracticePage key={p.id} id={p.id} />
  if (match('/workshop', pathname)) return <WorkshopsPage />
  if (match('/workshop/nuovo', pathname)) return <PublishWorkshopPage />
  if (match('/workshop/mie-iscrizioni', pathname)) return <MyRegistrationsPage />
  if ((p = match('/workshop/:id', pathname))) return <WorkshopPage key={p.id} id={p.id} />
  if ((p = match('/workshop/:id/modifica', pathname))) return <EditWorkshopPage key={p.id} id={p.id} />
  if ((p = match('/workshop/:id/iscrizioni', pathname))) return <WorkshopRegistrationsPage key={p.id} id={p.id} />
  if ((p = match('/verifica/:code', pathname))) return <VerifyCertificatePage key={p.code} code={p.code} />
  return <NotFoundPage />
}

export function App() {
  const m = useMessages()
  const { pathname, hash } = useLocation()
  const main = useRef<HTMLElement>(null)
  const first = useRef(true)

  // A new page: start at its top and move the focus there, so that screen readers read it
  // from the start and keyboard users need not tab through the header again. A fragment
  // (a guideline section) is scrolled to by its page once loaded. Back and Forward return
  // to where the reader was on that page (a list of results, say).
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    if (!hash && !restoreScroll()) window.scrollTo({ top: 0, behavior: 'instant' })
    main.current?.focus({ preventScroll: true })
  }, [pathname])

  const skipTo = (id: string) => (e: MouseEvent) => {
    e.preventDefault()
    const target = document.getElementById(id)
    target?.focus()
    target?.scrollIntoView()
  }

  return (
    <>
      <div className="skiplinks">
        <a className="visually-hidden-focusable" href="#contenuto" onClick={skipTo('contenuto')}>
          {m.app.skipToContent}
        </a>
        <a className="visually-hidden-focusable" href="#piede" onClick={skipTo('piede')}>
          {m.app.skipToFooter}
        </a>
      </div>
      <SiteHeader />
      <main id="contenuto" ref={main} tabIndex={-1} className="container my-4 my-md-5">
        {route(pathname)}
      </main>
      <SiteFooter />
    </>
  )
}
