// How failures reach the reader: a summary of a form's userErrors, and an alert for a request
// that failed as a whole.
import { Alert, Button } from 'design-react-kit'
import { useEffect, useRef } from 'react'
import { RequestError, type UserError } from '../client'
import { useMessages } from '../i18n'

/** The message for one input field, if the server found a problem with it. */
export function fieldError(errors: UserError[], field: string): string | undefined {
  const found = errors.filter((e) => e.field === field)
  return found.length ? found.map((e) => e.message).join(' ') : undefined
}

/**
 * Lists every userError of a submitted form, and takes the focus so that keyboard and screen
 * reader users learn at once what went wrong. Errors for a field are also shown beside it;
 * fieldIds maps the server's field names to the ids of the controls, to link to them.
 */
export function ErrorSummary({ errors, fieldIds = {} }: { errors: UserError[]; fieldIds?: Record<string, string> }) {
  const m = useMessages()
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (errors.length) ref.current?.focus()
  }, [errors])
  if (!errors.length) return null
  return (
    <div ref={ref} tabIndex={-1} className="alert alert-danger" role="alert">
      <p className="fw-semibold mb-2">{m.common.errorSummary}</p>
      <ul className="mb-0">
        {errors.map((e, i) => {
          const target = e.field ? fieldIds[e.field] : undefined
          return <li key={i}>{target ? <a href={`#${target}`}>{e.message}</a> : e.message}</li>
        })}
      </ul>
    </div>
  )
}

/** A request that failed: the server's message, or a hint to check the connection. */
export function RequestFailed({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const m = useMessages()
  const network = error instanceof RequestError && error.network
  return (
    <Alert color="danger" fade={false} role="alert">
      <p className="mb-0">{network ? m.common.networkError : `${m.common.error} ${error.message}`}</p>
      {onRetry && (
        <Button color="danger" outline size="sm" className="mt-2" onClick={onRetry}>
          {m.common.retry}
        </Button>
      )}
    </Alert>
  )
}
