// Sign in. The server sets the HttpOnly session cookie; on success the user goes back to the
// page they came from (?ritorno=).
import { Alert, Button } from 'design-react-kit'
import { useState, type FormEvent } from 'react'
import { request } from '../client'
import { type UserError } from '../client'
import { ErrorSummary, RequestFailed, fieldError } from '../components/Errors'
import { TextField } from '../components/Field'
import { LOGIN, type LoginResult } from '../graphql'
import { useAction, usePageTitle } from '../hooks'
import { useMessages } from '../i18n'
import { Link, navigate, safeReturnPath, useLocation } from '../router'
import { useSession } from '../session'

export function LoginPage() {
  const m = useMessages()
  usePageTitle(m.login.title)
  const { search } = useLocation()
  const { refresh, signupOpen } = useSession()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const { busy, userErrors, error, run } = useAction()

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (busy) return
    // An empty field is named here, without a request that the server would count as a
    // failed attempt.
    const missing: UserError[] = []
    if (!email.trim()) missing.push({ field: 'email', message: m.login.emailRequired, code: 'REQUIRED' })
    if (!password) missing.push({ field: 'password', message: m.login.passwordRequired, code: 'REQUIRED' })
    const ok = await run(async () =>
      missing.length ? missing : (await request<LoginResult>(LOGIN, { email: email.trim(), password })).login.userErrors,
    )
    if (ok) {
      await refresh()
      navigate(safeReturnPath(search.get('ritorno')), { replace: true })
    }
  }

  return (
    <div className="row justify-content-center">
      <div className="col-md-8 col-lg-6">
        <h1>{m.login.title}</h1>
        {search.get('uscito') && (
          <Alert color="success" fade={false}>
            {m.login.signedOut}
          </Alert>
        )}
        <p>{m.login.intro}</p>
        {error && <RequestFailed error={error} />}
        <ErrorSummary errors={userErrors} fieldIds={{ email: 'login-email', password: 'login-password' }} />
        <form onSubmit={submit} noValidate className="mt-4">
          <TextField
            id="login-email"
            label={m.login.email}
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={fieldError(userErrors, 'email')}
          />
          <TextField
            id="login-password"
            label={m.login.password}
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={fieldError(userErrors, 'password')}
          />
          <Button type="submit" color="primary" aria-disabled={busy || undefined}>
            {busy ? m.common.sending : m.login.submit}
          </Button>
        </form>
        <p className="mt-4">
          {signupOpen ? (
            <>
              {m.signUp.noAccount} <Link to="/registrati">{m.signUp.create}</Link>
            </>
          ) : (
            m.signUp.noAccountClosed
          )}
        </p>
      </div>
    </div>
  )
}
