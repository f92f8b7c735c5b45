import { Button } from 'design-react-kit'
import { useMessages } from '../i18n'
import { RequestFailed } from './Errors'

interface Props {
  label: string
  busy: boolean
  error: Error | null
  onClick: () => void
}

/**
 * The "load more" button under a list read with keyset cursors. While the next page loads it
 * stays focusable (aria-disabled, a press does nothing) until the focus moves to the first new
 * item; a disabled button would drop the focus to <body> meanwhile.
 */
export function LoadMore({ label, busy, error, onClick }: Props) {
  const m = useMessages()
  return (
    <div className="mt-4">
      {error && <RequestFailed error={error} />}
      <Button color="primary" outline aria-disabled={busy || undefined} onClick={busy ? undefined : onClick}>
        {busy ? m.common.loading : label}
      </Button>
    </div>
  )
}
