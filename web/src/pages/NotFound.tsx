import { usePageTitle } from '../hooks'
import { useMessages } from '../i18n'
import { Link } from '../router'

/** The 404 page; also shown for an id that names nothing visible (with its own text). */
export function NotFoundPage({ text, back }: { text?: string; back?: { to: string; label: string } }) {
  const m = useMessages()
  usePageTitle(m.notFound.title)
  return (
    <div className="py-4">
      <h1>{m.notFound.title}</h1>
      <p className="lead">{text ?? m.notFound.body}</p>
      <p>
        <Link to={back?.to ?? '/'} className="btn btn-primary">
          {back?.label ?? m.notFound.home}
        </Link>
      </p>
    </div>
  )
}
