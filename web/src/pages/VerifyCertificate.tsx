// The public page that confirms a certificate of attendance by its code (/verifica/<code>,
// printed on the PDF): who attended what, when, for how many hours; or that there is none.
import { Alert } from 'design-react-kit'
import { RequestFailed } from '../components/Errors'
import { Loading } from '../components/Loading'
import { formatDate, formatDateRange } from '../format'
import { VERIFY_CERTIFICATE, type VerifyCertificateResult } from '../graphql.workshops'
import { usePageTitle, useQuery } from '../hooks'
import { useMessages } from '../i18n'
import '../styles/workshops.css'

export function VerifyCertificatePage({ code }: { code: string }) {
  const m = useMessages()
  const s = m.workshops
  usePageTitle(s.verifyTitle)
  const { data, error, refetch } = useQuery<VerifyCertificateResult>(VERIFY_CERTIFICATE, { code })
  if (error) return <RequestFailed error={error} onRetry={refetch} />
  if (!data) return <Loading />
  const c = data.verifyCertificate
  if (!c)
    return (
      <>
        <h1>{s.verifyTitle}</h1>
        <Alert color="danger" fade={false}>
          <h2 className="h4">{s.verifyNotFound}</h2>
          <p className="mb-0">{s.verifyNotFoundText(code)}</p>
        </Alert>
      </>
    )
  return (
    <>
      <h1>{s.verifyTitle}</h1>
      <Alert color="success" fade={false}>
        <h2 className="h4">{s.verifyValid}</h2>
        <p className="mb-0">{s.verifyIntro(c.code)}</p>
      </Alert>
      <dl className="workshop-details mt-4">
        <dt>{s.participant}</dt>
        <dd>{c.participant}</dd>
        <dt>{s.workshop}</dt>
        <dd>
          {c.workshopTitle} <span className="small text-muted">({s.kind[c.kind]})</span>
        </dd>
        {c.hostCenter && (
          <>
            <dt>{s.hostCenter}</dt>
            <dd>{c.hostCenter}</dd>
          </>
        )}
        {c.trainers.length > 0 && (
          <>
            <dt>{s.trainers}</dt>
            <dd>{c.trainers.join(', ')}</dd>
          </>
        )}
        <dt>{s.dates}</dt>
        <dd>{formatDateRange(c.firstSessionStartsAt, c.lastSessionEndsAt, m.locale)}</dd>
        <dt>{s.hours}</dt>
        <dd>{new Intl.NumberFormat(m.locale).format(c.hours)}</dd>
        <dt>{s.issuedAt}</dt>
        <dd>{formatDate(c.issuedAt, m.locale)}</dd>
      </dl>
    </>
  )
}
