// A list of practices as a query answers it: loading, a failure with a retry, an empty
// note, or the practices.
import type { PracticesResult } from '../graphql.practices'
import { useMessages } from '../i18n'
import { RequestFailed } from './Errors'
import { Loading } from './Loading'
import { PracticeItem } from './PracticeItem'

interface Props {
  data: PracticesResult | undefined
  error: Error | undefined
  loading: boolean
  refetch: () => void
}

export function PracticeList({ data, error, loading, refetch }: Props) {
  const m = useMessages()
  if (error) return <RequestFailed error={error} onRetry={refetch} />
  if (loading || !data) return <Loading />
  if (data.practices.edges.length === 0) return <p>{m.practices.none}</p>
  return (
    <ul className="practice-list">
      {data.practices.edges.map((e) => (
        <PracticeItem key={e.node.id} p={e.node} />
      ))}
    </ul>
  )
}
