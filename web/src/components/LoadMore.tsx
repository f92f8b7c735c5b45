import { Button } from 'design-react-kit'
import { useMessages } from '../i18n'
import { RequestFailed } from './Errors'

interface Props {
  label: string
  busy: boolean
  error: Error | null
  onClick: () => void
}

/** The "load more" button under a list read with keyset cursors. */
export function LoadMore({ label, busy, error, onClick }: Props) {
  const m = useMessages()
  return (
    <div className="mt-4">
      {error && <RequestFailed error={error} />}
      <Button color="primary" outline disabled={busy} onClick={onClick}>
        {busy ? m.common.loading : label}
      </Button>
    </div>
  )
}
