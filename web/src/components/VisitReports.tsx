// The common visit schema side by side: one column per receiving centre, one row per
// heading, each column with its revision; members edit a centre's texts (each save is a new
// revision) and everyone who reads the space reads the earlier ones.
import { Alert, Button } from 'design-react-kit'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { request } from '../client'
import { ErrorSummary, RequestFailed, fieldError } from './Errors'
import { TextAreaField } from './Field'
import { ServerHtml } from './ServerHtml'
import {
  UPDATE_VISIT_REPORT,
  visitFields,
  type UpdateVisitReportResult,
  type VisitField,
  type VisitReportNode,
  type VisitRevision,
} from '../graphql'
import { formatDate } from '../format'
import { useAction } from '../hooks'
import { useMessages } from '../i18n'

interface Props {
  twinningId: string
  /** The twinning's headings of the schema, in the order of visitFields. */
  headings: string[]
  reports: VisitReportNode[]
  canEdit: boolean
  onSaved: () => void
}

const fieldId = (f: VisitField) => `visit-${f}`

function Updated({ r }: { r: VisitRevision }) {
  const m = useMessages()
  const t = m.twinnings
  return (
    <span className="small d-block fw-normal">
      {t.revision(r.revision)}
      {r.revision > 0 && <> · {t.updated(r.updatedBy?.displayName ?? null, formatDate(r.updatedAt, m.locale))}</>}
    </span>
  )
}

function EditForm({
  twinningId,
  headings,
  report,
  onDone,
}: {
  twinningId: string
  headings: string[]
  report: VisitReportNode
  onDone: (revision: number | null) => void
}) {
  const m = useMessages()
  const t = m.twinnings
  const [text, setText] = useState<Record<VisitField, string>>(
    Object.fromEntries(visitFields.map((f) => [f, report[f]])) as Record<VisitField, string>,
  )
  const { busy, userErrors, error, run } = useAction()
  const title = useRef<HTMLHeadingElement>(null)
  useEffect(() => title.current?.focus(), [])

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    let revision = 0
    const ok = await run(async () => {
      const { updateVisitReport: r } = await request<UpdateVisitReportResult>(UPDATE_VISIT_REPORT, {
        input: { twinningId, centerId: report.center.id, ...text },
      })
      revision = r.report?.revision ?? 0
      return r.userErrors
    })
    if (ok) onDone(revision)
  }

  return (
    <form onSubmit={submit} noValidate className="visit-form mt-4">
      <h3 ref={title} tabIndex={-1} className="h4">
        {t.editTitle(report.center.name)}
      </h3>
      <p>{t.editIntro}</p>
      {error && <RequestFailed error={error} />}
      <ErrorSummary errors={userErrors} fieldIds={Object.fromEntries(visitFields.map((f) => [f, fieldId(f)]))} />
      {visitFields.map((f, i) => (
        <TextAreaField
          key={f}
          id={fieldId(f)}
          label={headings[i]}
          rows={5}
          value={text[f]}
          onChange={(e) => setText({ ...text, [f]: e.target.value })}
          hint={t.markdownHint}
          error={fieldError(userErrors, f)}
        />
      ))}
      <div className="d-flex gap-2">
        <Button type="submit" color="primary" aria-disabled={busy || undefined}>
          {busy ? m.common.sending : t.save}
        </Button>
        <Button type="button" color="primary" outline onClick={() => onDone(null)}>
          {t.cancel}
        </Button>
      </div>
    </form>
  )
}

function Revisions({ report, headings }: { report: VisitReportNode; headings: string[] }) {
  const m = useMessages()
  const t = m.twinnings
  return (
    <details className="visit-revisions">
      <summary>{t.revisions(report.center.name, report.revisions.length)}</summary>
      <ol className="list-unstyled">
        {report.revisions.map((r) => (
          <li key={r.revision}>
            <h3 className="h6 mt-3">
              <Updated r={r} />
            </h3>
            <dl>
              {visitFields.map((f, i) => (
                <div key={f}>
                  <dt>{headings[i]}</dt>
                  <dd>{r[`${f}HTML`] ? <ServerHtml html={r[`${f}HTML`]} lang="it" /> : <em>{t.notWritten}</em>}</dd>
                </div>
              ))}
            </dl>
          </li>
        ))}
      </ol>
    </details>
  )
}

export function VisitReports({ twinningId, headings, reports, canEdit, onSaved }: Props) {
  const m = useMessages()
  const t = m.twinnings
  const [editing, setEditing] = useState<string | null>(null)
  const [saved, setSaved] = useState('')
  const notice = useRef<HTMLDivElement>(null)
  const buttons = useRef<Record<string, HTMLButtonElement | null>>({})
  const report = reports.find((r) => r.center.id === editing)

  useEffect(() => {
    if (saved) notice.current?.focus()
  }, [saved])

  const done = (r: VisitReportNode) => (revision: number | null) => {
    setEditing(null)
    if (revision === null) {
      buttons.current[r.center.id]?.focus()
      return
    }
    setSaved(t.saved(r.center.name, revision))
    onSaved()
  }

  return (
    <>
      <div ref={notice} tabIndex={-1} role="status">
        {saved && (
          <Alert color="success" fade={false}>
            {saved}
          </Alert>
        )}
      </div>
      <div className="table-responsive visit-table-wrapper" tabIndex={0} role="region" aria-label={t.visitCaption}>
        <table className="table visit-table">
          <caption className="visually-hidden">{t.visitCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.visitItem}</th>
              {reports.map((r) => (
                <th scope="col" key={r.center.id}>
                  {r.center.name}
                  <Updated r={r} />
                  {canEdit && (
                    <Button
                      innerRef={(el: HTMLButtonElement | null) => {
                        buttons.current[r.center.id] = el
                      }}
                      color="primary"
                      outline
                      size="xs"
                      className="mt-2"
                      aria-label={t.editLabel(r.center.name)}
                      aria-expanded={editing === r.center.id}
                      onClick={() => {
                        setSaved('')
                        setEditing(r.center.id)
                      }}
                    >
                      {t.edit}
                    </Button>
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {visitFields.map((f, i) => (
              <tr key={f}>
                <th scope="row">{headings[i]}</th>
                {reports.map((r) => (
                  <td key={r.center.id}>
                    {r[`${f}HTML`] ? (
                      <ServerHtml html={r[`${f}HTML`]} lang="it" />
                    ) : (
                      <em className="text-muted">{t.notWritten}</em>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {report && (
        <EditForm key={report.center.id} twinningId={twinningId} headings={headings} report={report} onDone={done(report)} />
      )}
      {reports
        .filter((r) => r.revisions.length > 0)
        .map((r) => (
          <Revisions key={r.center.id} report={r} headings={headings} />
        ))}
    </>
  )
}
