import { Spinner } from 'design-react-kit'
import { useMessages } from '../i18n'

/** A spinner with its text, announced to screen readers as a status. */
export function Loading() {
  const m = useMessages()
  return (
    <div className="d-flex align-items-center gap-3 my-4" role="status">
      <span aria-hidden="true">
        <Spinner active small label="" />
      </span>
      <span>{m.common.loading}</span>
    </div>
  )
}
