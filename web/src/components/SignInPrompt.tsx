import { Alert } from 'design-react-kit'
import { useMessages } from '../i18n'
import { Link, useLocation } from '../router'

/** Asks a signed-out visitor to sign in, and brings them back here afterwards. */
export function SignInPrompt({ text }: { text?: string }) {
  const m = useMessages()
  const { pathname } = useLocation()
  return (
    <Alert color="info" fade={false}>
      {text ?? m.common.signInToContinue}{' '}
      <Link to={`/accedi?ritorno=${encodeURIComponent(pathname)}`} className="fw-semibold">
        {m.session.signIn}
      </Link>
    </Alert>
  )
}
