// The guidelines, and the import form for trainers: the title may be left to the document,
// and a file named like one the trainer already published is offered as its new version.
import { Alert, Button } from 'design-react-kit'
import { useState, type FormEvent } from 'react'
import { upload, type UserError } from '../client'
import { ErrorSummary, RequestFailed, fieldError } from '../components/Errors'
import { FileField, SelectField, TextField } from '../components/Field'
import { LoadMore } from '../components/LoadMore'
import { Loading } from '../components/Loading'
import { ServiceAreaSelect } from '../components/ServiceAreaSelect'
import {
  GUIDELINES,
  IMPORT_GUIDELINE,
  type GuidelineSummary,
  type GuidelinesResult,
  type ImportGuidelineResult,
} from '../graphql'
import { useAction, usePagedQuery, usePageTitle, useQuery } from '../hooks'
import { useMessages } from '../i18n'
import { Link, useLocation } from '../router'
import { canImportGuidelines, useSession, useViewerKey } from '../session'

const pageSize = 20
const fieldIds = {
  title: 'import-title',
  file: 'import-file',
  serviceAreaSlug: 'import-area',
  year: 'import-year',
  guidelineId: 'import-version-of',
}

function ImportForm({ onImported }: { onImported: () => void }) {
  const m = useMessages()
  const viewerKey = useViewerKey()
  const mine = (useQuery<GuidelinesResult>(GUIDELINES, { first: 100 }, { deps: [viewerKey] }).data?.guidelines.edges ?? [])
    .map((e) => e.node)
    .filter((g) => g.viewerCanManage)
  // null until the trainer picks in the select: until then a file named like one of their
  // guidelines' is taken as its new version (found whenever both the file and the list are in).
  const [choice, setChoice] = useState<string | null>(null)
  const [title, setTitle] = useState('')
  const [file, setFile] = useState<File | null>(null)
  const [area, setArea] = useState('')
  const [year, setYear] = useState('')
  const [done, setDone] = useState<{ id: string; title: string; sections: number } | null>(null)
  const [formKey, setFormKey] = useState(0)
  const suggested: GuidelineSummary | undefined = file ? mine.find((g) => g.file.name === file.name) : undefined
  const versionOf = choice ?? suggested?.id ?? ''
  const { busy, userErrors, error, run } = useAction()

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (busy) return
    setDone(null)
    await run(async () => {
      // Checked here because a multipart request cannot carry a missing file at all.
      const local: UserError[] = []
      // Every problem at once: the file, the year and the title are checked together.
      const t = title.trim()
      if (t && (t.length < 3 || t.length > 200))
        local.push({ field: 'title', message: m.importGuideline.titleLength, code: 'INVALID' })
      if (year && !/^\d{4}$/.test(year)) local.push({ field: 'year', message: m.importGuideline.yearInvalid, code: 'INVALID' })
      if (!file) local.push({ field: 'file', message: m.importGuideline.fileRequired, code: 'REQUIRED' })
      if (local.length || !file) return local
      const { importGuideline } = await upload<ImportGuidelineResult>(
        IMPORT_GUIDELINE,
        { title: t, serviceArea: area || null, year: year ? Number(year) : null, guidelineId: versionOf || null },
        { file },
      )
      const g = importGuideline.guideline
      if (g && !importGuideline.userErrors.length) {
        setDone({ id: g.id, title: g.title, sections: g.sectionCount })
        setTitle('')
        setFile(null)
        setArea('')
        setYear('')
        setChoice(null)
        setFormKey((k) => k + 1) // A file input cannot be cleared by state: remount it.
        onImported()
      }
      return importGuideline.userErrors
    })
  }

  return (
    <section className="import-guideline mt-5" aria-labelledby="import-title-heading">
      <h2 id="import-title-heading" className="h4">
        {m.importGuideline.title}
      </h2>
      <p>{m.importGuideline.intro}</p>
      {done && (
        <Alert color="success" fade={false} role="status">
          {m.importGuideline.done(done.title, done.sections)} <Link to={`/linee-guida/${done.id}`}>{m.importGuideline.open}</Link>
        </Alert>
      )}
      {error && <RequestFailed error={error} />}
      <ErrorSummary errors={userErrors} fieldIds={fieldIds} />
      <form onSubmit={submit} noValidate key={formKey}>
        <div className="row">
          <div className="col-md-8">
            <TextField
              id={fieldIds.title}
              label={m.importGuideline.docTitle}
              hint={m.importGuideline.titleHint}
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              error={fieldError(userErrors, 'title')}
            />
          </div>
          <div className="col-md-4">
            <TextField
              id={fieldIds.year}
              label={m.importGuideline.year}
              inputMode="numeric"
              maxLength={4}
              value={year}
              onChange={(e) => setYear(e.target.value.trim())}
              error={fieldError(userErrors, 'year')}
            />
          </div>
        </div>
        <FileField
          id={fieldIds.file}
          label={m.importGuideline.file}
          choose={m.importGuideline.chooseFile}
          status={file?.name ?? m.importGuideline.noFile}
          required
          accept=".md,.markdown,.txt,.html,.htm,.pdf,text/markdown,text/plain,text/html,application/pdf"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          hint={m.importGuideline.fileHint}
          error={fieldError(userErrors, 'file')}
        />
        {suggested && choice === null && (
          <p className="alert alert-info" role="status">
            {m.importGuideline.looksLikeVersion(suggested.title)}
          </p>
        )}
        {mine.length > 0 && (
          <SelectField
            id={fieldIds.guidelineId}
            label={m.importGuideline.versionOf}
            value={versionOf}
            onChange={(e) => setChoice(e.target.value)}
            error={fieldError(userErrors, 'guidelineId')}
          >
            <option value="">{m.importGuideline.newGuideline}</option>
            {mine.map((g) => (
              <option key={g.id} value={g.id}>
                {m.importGuideline.newVersionOf(g.title)}
              </option>
            ))}
          </SelectField>
        )}
        <ServiceAreaSelect
          id={fieldIds.serviceAreaSlug}
          label={m.common.serviceArea}
          value={area}
          onChange={setArea}
          emptyLabel={m.common.noServiceArea}
          error={fieldError(userErrors, 'serviceAreaSlug')}
        />
        <Button type="submit" color="primary" aria-disabled={busy || undefined}>
          {busy ? m.common.sending : m.importGuideline.submit}
        </Button>
      </form>
    </section>
  )
}

export function GuidelinesPage() {
  const m = useMessages()
  usePageTitle(m.guidelines.title)
  const { viewer } = useSession()
  const deleted = useLocation().search.get('eliminata')
  const list = usePagedQuery(GUIDELINES, { first: pageSize }, (d: GuidelinesResult) => d.guidelines, [useViewerKey()])

  return (
    <>
      <h1>{m.guidelines.title}</h1>
      {deleted && (
        <Alert color="success" fade={false} role="status">
          {m.guidelines.deleted(deleted)}
        </Alert>
      )}
      <p>{m.guidelines.intro}</p>
      {list.error ? (
        <RequestFailed error={list.error} onRetry={list.refetch} />
      ) : !list.data ? (
        <Loading />
      ) : list.edges.length === 0 ? (
        <p>{m.guidelines.none}</p>
      ) : (
        <ul className="guideline-list" ref={list.listRef}>
          {list.edges.map(({ node: g }) => (
            <li key={g.id}>
              <h2 className="h5 mb-1">
                <Link to={`/linee-guida/${g.id}`} lang="it">
                  {g.title}
                </Link>
              </h2>
              <p className="small text-muted mb-0">
                {[
                  g.serviceArea?.name,
                  g.year != null && m.guidelines.year(g.year),
                  m.guidelines.version(g.version),
                  m.guidelines.sections(g.sectionCount),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </p>
            </li>
          ))}
        </ul>
      )}
      {list.hasMore && (
        <LoadMore
          label={m.guidelines.loadMore}
          busy={list.loadingMore}
          error={list.moreError}
          onClick={() => void list.loadMore()}
        />
      )}
      {canImportGuidelines(viewer) && <ImportForm onImported={list.refetch} />}
    </>
  )
}
