// Sign up, when the server allows open sign-up; otherwise the page says so and where accounts
// come from (the server refuses a registration anyway). A new account is an operator's; on
// success the session cookie is set and the profile opens.
import { Button } from 'design-react-kit'
import { useState, type FormEvent } from 'react'
import { request } from '../client'
import { ErrorSummary, RequestFailed, fieldError } from '../components/Errors'
import { TextField } from '../components/Field'
import { Loading } from '../components/Loading'
import { REGISTER, type RegisterResult } from '../graphql'
import { useAction, usePageTitle } from '../hooks'
import { useMessages } from '../i18n'
import { Link, navigate } from '../router'
import { useSession } from '../session'

const fieldIds = { displayName: 'signup-name', email: 'signup-email', password: 'signup-password' }

export function SignUpPage() {
  const m = useMessages()
  const { viewer, signupOpen } = useSession()
  usePageTitle(viewer !== undefined && !signupOpen ? m.signUp.closedTitle : m.signUp.title)
  if (viewer === undefined) return <Loading />
  if (!signupOpen)
    return (
      <div className="row justify-content-center">
        <div className="col-md-8 col-lg-6">
          <h1>{m.signUp.closedTitle}</h1>
          <p>{m.signUp.closed}</p>
          <p>
            <Link to="/accedi" className="btn btn-primary">
              {m.session.signIn}
            </Link>
          </p>
        </div>
      </div>
    )
  return <SignUpForm />
}

function SignUpForm() {
  const m = useMessages()
  const { refresh } = useSession()
  const [v, setV] = useState({ displayName: '', email: '', password: '' })
  const { busy, userErrors, error, run } = useAction()

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (busy) return
    const ok = await run(
      async () =>
        (
          await request<RegisterResult>(REGISTER, {
            displayName: v.displayName.trim(),
            email: v.email.trim(),
            password: v.password,
          })
        ).register.userErrors,
    )
    if (ok) {
      await refresh()
      navigate('/profilo', { replace: true })
    }
  }

  return (
    <div className="row justify-content-center">
      <div className="col-md-8 col-lg-6">
        <h1>{m.signUp.title}</h1>
        <p>{m.signUp.intro}</p>
        {error && <RequestFailed error={error} />}
        <ErrorSummary errors={userErrors} fieldIds={fieldIds} />
        <form onSubmit={submit} noValidate className="mt-4">
          <TextField
            id={fieldIds.displayName}
            label={m.signUp.displayName}
            hint={m.signUp.displayNameHint}
            autoComplete="nickname"
            value={v.displayName}
            onChange={(e) => setV({ ...v, displayName: e.target.value })}
            error={fieldError(userErrors, 'displayName')}
          />
          <TextField
            id={fieldIds.email}
            label={m.signUp.email}
            type="email"
            autoComplete="email"
            value={v.email}
            onChange={(e) => setV({ ...v, email: e.target.value })}
            error={fieldError(userErrors, 'email')}
          />
          <TextField
            id={fieldIds.password}
            label={m.signUp.password}
            hint={m.signUp.passwordHint}
            type="password"
            autoComplete="new-password"
            value={v.password}
            onChange={(e) => setV({ ...v, password: e.target.value })}
            error={fieldError(userErrors, 'password')}
          />
          <Button type="submit" color="primary" aria-disabled={busy || undefined}>
            {busy ? m.common.sending : m.signUp.submit}
          </Button>
        </form>
        <p className="mt-4">
          {m.signUp.haveAccount} <Link to="/accedi">{m.session.signIn}</Link>
        </p>
      </div>
    </div>
  )
}
