// "Chiedi di partecipare": a signed-in member of Gemella asks to join a space, with a few
// optional words for its coordinators; once asked, "Richiesta inviata" while it waits.
import { Alert, Button } from 'design-react-kit'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { request } from '../client'
import { ErrorSummary, RequestFailed, fieldError } from './Errors'
import { TextAreaField } from './Field'
import { REQUEST_TO_JOIN_TWINNING, type RequestToJoinTwinningResult } from '../graphql'
import { formatDate } from '../format'
import { useAction } from '../hooks'
import { useMessages } from '../i18n'

interface Props {
  twinningId: string
  /** The viewer's request while it waits, from the page's query. */
  pending: { createdAt: string } | null
  onSent: () => void
}

export function JoinRequestBox({ twinningId, pending, onSent }: Props) {
  const m = useMessages()
  const [open, setOpen] = useState(false)
  const [message, setMessage] = useState('')
  const [sent, setSent] = useState<{ createdAt: string } | null>(null)
  const { busy, userErrors, error, run } = useAction()
  const status = useRef<HTMLDivElement>(null)
  const waiting = sent ?? pending

  // The form is replaced by the confirmation: the focus goes there, not to the page's top.
  useEffect(() => {
    if (sent) status.current?.focus()
  }, [sent])

  if (waiting)
    return (
      <div ref={status} tabIndex={-1} role="status">
        <Alert color="info" fade={false}>
          <p className="fw-semibold mb-1">{m.twinnings.joinSent}</p>
          <p className="mb-0">{m.twinnings.joinSentOn(formatDate(waiting.createdAt, m.locale))}</p>
        </Alert>
      </div>
    )

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    let made: { createdAt: string } | null = null
    const ok = await run(async () => {
      const { requestToJoinTwinning: r } = await request<RequestToJoinTwinningResult>(REQUEST_TO_JOIN_TWINNING, {
        twinningId,
        message: message.trim() || null,
      })
      made = r.request
      return r.userErrors
    })
    if (ok && made) {
      setSent(made)
      onSent()
    }
  }

  if (!open)
    return (
      <div>
        <p>{m.twinnings.joinIntro}</p>
        <Button color="primary" onClick={() => setOpen(true)}>
          {m.twinnings.join}
        </Button>
      </div>
    )

  return (
    <form onSubmit={submit} noValidate className="join-form">
      <p>{m.twinnings.joinIntro}</p>
      {error && <RequestFailed error={error} />}
      <ErrorSummary errors={userErrors} fieldIds={{ message: 'join-message' }} />
      <TextAreaField
        id="join-message"
        label={m.twinnings.joinMessage}
        rows={3}
        maxLength={1000}
        value={message}
        onChange={(e) => setMessage(e.target.value)}
        hint={m.twinnings.joinMessageHint}
        error={fieldError(userErrors, 'message')}
        autoFocus
      />
      <div className="d-flex gap-2">
        <Button type="submit" color="primary" aria-disabled={busy || undefined}>
          {busy ? m.common.sending : m.twinnings.joinSubmit}
        </Button>
        <Button type="button" color="primary" outline onClick={() => setOpen(false)}>
          {m.twinnings.cancel}
        </Button>
      </div>
    </form>
  )
}
