// A new twinning, for regional coordinators (a lead centre of their own region) and admins:
// title, presentation, service area, the lead and receiving centres from the directory, and
// who may read its space. The server checks every field at once; each problem shows beside
// its field and in the summary above the form.
import { Button } from 'design-react-kit'
import { useState, type FormEvent } from 'react'
import { request } from '../client'
import { ErrorSummary, RequestFailed, fieldError } from '../components/Errors'
import { SelectField, TextAreaField, TextField } from '../components/Field'
import { Loading } from '../components/Loading'
import { VisibilityChoice } from '../components/ManageSpace'
import { useServiceAreas } from '../components/ServiceAreaSelect'
import { SignInPrompt } from '../components/SignInPrompt'
import {
  CREATE_TWINNING,
  TWINNING_FORM_CENTERS,
  type CreateTwinningInput,
  type CreateTwinningResult,
  type DirectoryCenter,
  type SpaceVisibility,
  type TwinningFormCentersResult,
} from '../graphql'
import { useAction, usePageTitle, useQuery } from '../hooks'
import { useMessages } from '../i18n'
import { navigate } from '../router'
import { useSession } from '../session'
import { canCreateTwinning } from '../twinning'

const ids = {
  title: 'twinning-title',
  summary: 'twinning-summary',
  serviceAreaSlug: 'twinning-area',
  leadCenterId: 'twinning-lead',
  receivingCenterIds: 'twinning-receiving',
  visibility: 'twinning-visibility-RESTRICTED',
}

/** The centres grouped by region, regions in alphabetical order. */
function byRegion(centers: DirectoryCenter[]): [string, DirectoryCenter[]][] {
  const groups = new Map<string, DirectoryCenter[]>()
  for (const c of [...centers].sort((a, b) => a.name.localeCompare(b.name, 'it'))) {
    groups.set(c.region.name, [...(groups.get(c.region.name) ?? []), c])
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b, 'it'))
}

function Form({ centers }: { centers: DirectoryCenter[] }) {
  const m = useMessages()
  const t = m.twinnings
  const { viewer } = useSession()
  const areas = useServiceAreas()
  const admin = !!viewer?.roles.includes('ADMIN')
  // A regional coordinator leads from their own region: the server refuses any other.
  const ownRegion = !admin && viewer?.region ? viewer.region : null
  const leads = ownRegion ? centers.filter((c) => c.region.id === ownRegion.id) : centers
  const [title, setTitle] = useState('')
  const [summary, setSummary] = useState('')
  const [area, setArea] = useState('')
  const [lead, setLead] = useState('')
  const [receiving, setReceiving] = useState<string[]>([])
  const [visibility, setVisibility] = useState<SpaceVisibility>('RESTRICTED')
  const { busy, userErrors, error, run } = useAction()

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    let id = ''
    const input: CreateTwinningInput = {
      title: title.trim(),
      summary,
      serviceAreaSlug: area,
      leadCenterId: lead,
      receivingCenterIds: receiving,
      visibility,
    }
    const ok = await run(async () => {
      const { createTwinning } = await request<CreateTwinningResult>(CREATE_TWINNING, { input })
      id = createTwinning.twinning?.id ?? ''
      return createTwinning.userErrors
    })
    if (ok && id) navigate(`/gemellaggi/${id}`)
  }

  const toggle = (id: string, on: boolean) =>
    setReceiving((r) => (on ? [...r.filter((x) => x !== id), id] : r.filter((x) => x !== id)))
  const receivingError = fieldError(userErrors, 'receivingCenterIds')

  return (
    <>
      {error && <RequestFailed error={error} />}
      <ErrorSummary errors={userErrors} fieldIds={ids} />
      <form onSubmit={submit} noValidate className="mt-4">
        <TextField
          id={ids.title}
          label={t.fieldTitle}
          required
          maxLength={200}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          hint={t.fieldTitleHint(title.trim().length)}
          error={fieldError(userErrors, 'title')}
        />
        <TextAreaField
          id={ids.summary}
          label={t.fieldSummary}
          required
          rows={6}
          value={summary}
          onChange={(e) => setSummary(e.target.value)}
          hint={t.fieldSummaryHint}
          error={fieldError(userErrors, 'summary')}
        />
        <SelectField
          id={ids.serviceAreaSlug}
          label={m.common.serviceArea}
          required
          value={area}
          onChange={(e) => setArea(e.target.value)}
          error={fieldError(userErrors, 'serviceAreaSlug')}
        >
          <option value="">{t.chooseServiceArea}</option>
          {areas.map((a) => (
            <option key={a.slug} value={a.slug}>
              {a.name}
            </option>
          ))}
        </SelectField>
        <SelectField
          id={ids.leadCenterId}
          label={t.fieldLead}
          required
          value={lead}
          onChange={(e) => {
            const id = e.target.value
            setLead(id)
            setReceiving((r) => r.filter((x) => x !== id)) // the lead cannot also receive
          }}
          hint={t.fieldLeadHint(ownRegion?.name ?? null)}
          error={fieldError(userErrors, 'leadCenterId')}
        >
          <option value="">{t.chooseCenter}</option>
          {byRegion(leads).map(([region, list]) => (
            <optgroup key={region} label={region}>
              {list.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </optgroup>
          ))}
        </SelectField>
        <fieldset
          id={ids.receivingCenterIds}
          tabIndex={-1}
          className="receiving-choice mb-4"
          aria-describedby={`${ids.receivingCenterIds}-hint${receivingError ? ` ${ids.receivingCenterIds}-error` : ''}`}
        >
          <legend className="h6">{t.fieldReceiving}</legend>
          <p id={`${ids.receivingCenterIds}-hint`} className="small">
            {t.fieldReceivingHint}
          </p>
          <div className="row">
            {byRegion(centers).map(([region, list]) => (
              <div key={region} className="col-md-6 col-lg-4 mb-2">
                <p className="small fw-semibold mb-1">{region}</p>
                {list.map((c) => (
                  <div className="form-check my-0" key={c.id}>
                    <input
                      id={`receiving-${c.id}`}
                      type="checkbox"
                      checked={receiving.includes(c.id)}
                      disabled={c.id === lead}
                      onChange={(e) => toggle(c.id, e.target.checked)}
                    />
                    <label htmlFor={`receiving-${c.id}`}>{c.name}</label>
                  </div>
                ))}
              </div>
            ))}
          </div>
          {receivingError && (
            <div id={`${ids.receivingCenterIds}-error`} className="invalid-feedback d-block">
              {receivingError}
            </div>
          )}
        </fieldset>
        <VisibilityChoice
          name="twinning-visibility"
          legend={t.fieldVisibility}
          value={visibility}
          onChange={setVisibility}
          error={fieldError(userErrors, 'visibility')}
        />
        <Button type="submit" color="primary" aria-disabled={busy || undefined}>
          {busy ? m.common.sending : t.submit}
        </Button>
      </form>
    </>
  )
}

export function CreateTwinningPage() {
  const m = useMessages()
  const t = m.twinnings
  usePageTitle(t.newTitle)
  const { viewer } = useSession()
  const allowed = canCreateTwinning(viewer)
  const centers = useQuery<TwinningFormCentersResult>(TWINNING_FORM_CENTERS, {}, { skip: !allowed })
  return (
    <div className="row">
      <div className="col-lg-9">
        <h1>{t.newTitle}</h1>
        <p>{t.newIntro}</p>
        {viewer === undefined ? (
          <Loading />
        ) : viewer === null ? (
          <SignInPrompt />
        ) : !allowed ? (
          <p className="alert alert-info">{t.newForbidden}</p>
        ) : centers.error ? (
          <RequestFailed error={centers.error} onRetry={centers.refetch} />
        ) : !centers.data ? (
          <Loading />
        ) : (
          <Form centers={centers.data.centers.edges.map((e) => e.node)} />
        )}
      </div>
    </div>
  )
}
