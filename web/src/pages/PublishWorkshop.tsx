// Publishing a workshop (trainers and above) and editing one (its trainers and moderators):
// the form, and on the edit page the material (files and links, added and removed) and the
// cancellation of the whole workshop, with a reason and a confirmation step.
import { Button } from 'design-react-kit'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { request, upload, type UserError } from '../client'
import { ErrorSummary, RequestFailed, fieldError } from '../components/Errors'
import { FileField, SelectField, TextAreaField, TextField } from '../components/Field'
import { Loading } from '../components/Loading'
import { SignInPrompt } from '../components/SignInPrompt'
import { WorkshopForm } from '../components/WorkshopForm'
import {
  ADD_WORKSHOP_LINK,
  ATTACH_WORKSHOP_MATERIAL,
  CANCEL_WORKSHOP,
  REMOVE_WORKSHOP_MATERIAL,
  WORKSHOP_PAGE,
  type AddWorkshopLinkResult,
  type AttachMaterialResult,
  type CancelWorkshopResult,
  type MaterialAudience,
  type RemoveWorkshopMaterialResult,
  type WorkshopDetail,
  type WorkshopPageResult,
} from '../graphql.workshops'
import { useAction, usePageTitle, useQuery } from '../hooks'
import { useMessages } from '../i18n'
import { Link, navigate } from '../router'
import { canPublishWorkshops, useSession, useViewerKey } from '../session'
import { NotFoundPage } from './NotFound'
import { formatSize } from './Workshop'
import '../styles/workshops.css'

export function PublishWorkshopPage() {
  const m = useMessages()
  const s = m.workshops
  usePageTitle(s.publish)
  const { viewer } = useSession()
  return (
    <div className="row">
      <div className="col-lg-9">
        <p>
          <Link to="/workshop">{s.backToList}</Link>
        </p>
        <h1>{s.publish}</h1>
        <p>{s.formIntro}</p>
        {viewer === undefined ? (
          <Loading />
        ) : viewer === null ? (
          <SignInPrompt />
        ) : !canPublishWorkshops(viewer) ? (
          <div className="alert alert-info" role="note">
            {s.trainersOnly}
          </div>
        ) : (
          <WorkshopForm onDone={(id) => navigate(`/workshop/${encodeURIComponent(id)}`)} />
        )}
      </div>
    </div>
  )
}

const audiences: MaterialAudience[] = ['EVERYONE', 'PARTICIPANTS']

function AudienceSelect({
  id,
  value,
  onChange,
}: {
  id: string
  value: MaterialAudience
  onChange: (a: MaterialAudience) => void
}) {
  const s = useMessages().workshops
  return (
    <SelectField id={id} label={s.materialAudience} value={value} onChange={(e) => onChange(e.target.value as MaterialAudience)}>
      {audiences.map((a) => (
        <option key={a} value={a}>
          {s.audience[a]}
        </option>
      ))}
    </SelectField>
  )
}

function ManageMaterial({ w, onChanged }: { w: WorkshopDetail; onChanged: () => void }) {
  const m = useMessages()
  const s = m.workshops
  const [file, setFile] = useState<File | null>(null)
  const [fileName, setFileName] = useState('')
  const [fileAudience, setFileAudience] = useState<MaterialAudience>('PARTICIPANTS')
  const [linkName, setLinkName] = useState('')
  const [linkUrl, setLinkUrl] = useState('')
  const [linkAudience, setLinkAudience] = useState<MaterialAudience>('EVERYONE')
  const [status, setStatus] = useState('')
  const fileAction = useAction()
  const linkAction = useAction()
  const removeAction = useAction()
  // A new key clears the file input after an upload.
  const [fileKey, setFileKey] = useState(0)

  const sendFile = async (e: FormEvent) => {
    e.preventDefault()
    setStatus('')
    const ok = await fileAction.run(async (): Promise<UserError[]> => {
      if (!file) return [{ field: 'file', message: s.materialNoFile, code: 'REQUIRED' }]
      const d = await upload<AttachMaterialResult>(
        ATTACH_WORKSHOP_MATERIAL,
        { workshopId: w.id, name: fileName.trim() || null, audience: fileAudience },
        { file },
      )
      return d.attachWorkshopMaterial.userErrors
    })
    if (ok) {
      setFile(null)
      setFileName('')
      setFileKey((k) => k + 1)
      onChanged()
    }
  }
  const sendLink = async (e: FormEvent) => {
    e.preventDefault()
    setStatus('')
    const ok = await linkAction.run(async () => {
      const d = await request<AddWorkshopLinkResult>(ADD_WORKSHOP_LINK, {
        workshopId: w.id,
        name: linkName.trim(),
        url: linkUrl.trim(),
        audience: linkAudience,
      })
      return d.addWorkshopLink.userErrors
    })
    if (ok) {
      setLinkName('')
      setLinkUrl('')
      onChanged()
    }
  }
  const remove = async (materialId: string) => {
    const ok = await removeAction.run(async () => {
      const d = await request<RemoveWorkshopMaterialResult>(REMOVE_WORKSHOP_MATERIAL, { materialId })
      return d.removeWorkshopMaterial.userErrors
    })
    if (ok) {
      setStatus(s.removed)
      document.getElementById('material-title')?.focus()
      onChanged()
    }
  }

  return (
    <section className="mt-5" aria-labelledby="material-title">
      <h2 id="material-title" className="h3" tabIndex={-1}>
        {s.materialTitle}
      </h2>
      <p role="status" className="small">
        {status}
      </p>
      {removeAction.error && <RequestFailed error={removeAction.error} />}
      {removeAction.userErrors.length > 0 && (
        <p className="text-danger" role="alert">
          {removeAction.userErrors.map((e) => e.message).join(' ')}
        </p>
      )}
      {w.materials.length === 0 ? (
        <p>{s.noMaterials}</p>
      ) : (
        <ul className="list-unstyled">
          {w.materials.map((x) => (
            <li key={x.id} className="d-flex flex-wrap align-items-center gap-2 mb-2">
              <a href={x.url}>{x.name}</a>
              <span className="small text-muted">
                {x.kind === 'LINK' ? s.materialLink : x.size != null ? formatSize(x.size, m.locale) : ''} ·{' '}
                {s.audience[x.audience]}
              </span>
              <Button
                type="button"
                color="danger"
                outline
                size="xs"
                aria-disabled={removeAction.busy || undefined}
                onClick={() => void remove(x.id)}
              >
                {s.remove(x.name)}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <div className="row g-5 mt-1">
        <form className="col-md-6" onSubmit={sendFile} noValidate aria-label={s.upload}>
          {fileAction.error && <RequestFailed error={fileAction.error} />}
          <ErrorSummary errors={fileAction.userErrors} fieldIds={{ file: 'material-file', name: 'material-name' }} />
          <FileField
            id="material-file"
            label={s.materialFile}
            choose={s.materialChoose}
            status={file?.name ?? s.materialNoFile}
            key={fileKey}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            error={fieldError(fileAction.userErrors, 'file')}
          />
          <TextField
            id="material-name"
            label={s.materialName}
            value={fileName}
            onChange={(e) => setFileName(e.target.value)}
            error={fieldError(fileAction.userErrors, 'name')}
          />
          <AudienceSelect id="material-audience" value={fileAudience} onChange={setFileAudience} />
          <Button type="submit" color="primary" size="sm" aria-disabled={fileAction.busy || undefined}>
            {fileAction.busy ? m.common.sending : s.upload}
          </Button>
        </form>
        <form className="col-md-6" onSubmit={sendLink} noValidate aria-label={s.addLinkSubmit}>
          {linkAction.error && <RequestFailed error={linkAction.error} />}
          <ErrorSummary errors={linkAction.userErrors} fieldIds={{ name: 'link-name', url: 'link-url' }} />
          <TextField
            id="link-name"
            label={s.linkName}
            required
            value={linkName}
            onChange={(e) => setLinkName(e.target.value)}
            error={fieldError(linkAction.userErrors, 'name')}
          />
          <TextField
            id="link-url"
            label={s.linkUrl}
            type="url"
            required
            value={linkUrl}
            onChange={(e) => setLinkUrl(e.target.value)}
            error={fieldError(linkAction.userErrors, 'url')}
          />
          <AudienceSelect id="link-audience" value={linkAudience} onChange={setLinkAudience} />
          <Button type="submit" color="primary" size="sm" aria-disabled={linkAction.busy || undefined}>
            {linkAction.busy ? m.common.sending : s.addLinkSubmit}
          </Button>
        </form>
      </div>
    </section>
  )
}

function CancelWorkshop({ w, onChanged }: { w: WorkshopDetail; onChanged: () => void }) {
  const m = useMessages()
  const s = m.workshops
  const [reason, setReason] = useState('')
  const [confirming, setConfirming] = useState(false)
  const { busy, userErrors, error, run } = useAction()
  const confirmRef = useRef<HTMLParagraphElement>(null)
  useEffect(() => {
    if (confirming) confirmRef.current?.focus()
  }, [confirming])
  if (w.status === 'CANCELLED')
    return (
      <section className="mt-5" aria-labelledby="cancel-title">
        <h2 id="cancel-title" className="h3">
          {s.cancelTitle}
        </h2>
        <p>{s.alreadyCancelled}</p>
      </section>
    )
  const cancel = async () => {
    const ok = await run(async () => {
      const d = await request<CancelWorkshopResult>(CANCEL_WORKSHOP, { workshopId: w.id, reason: reason.trim() || null })
      return d.cancelWorkshop.userErrors
    })
    setConfirming(false)
    if (ok) onChanged()
  }
  return (
    <section className="mt-5" aria-labelledby="cancel-title">
      <h2 id="cancel-title" className="h3">
        {s.cancelTitle}
      </h2>
      <p>{s.cancelIntro}</p>
      {error && <RequestFailed error={error} />}
      <ErrorSummary errors={userErrors} fieldIds={{ reason: 'cancel-reason' }} />
      <TextAreaField
        id="cancel-reason"
        label={s.cancelReason}
        rows={3}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={fieldError(userErrors, 'reason')}
      />
      {confirming ? (
        <div className="alert alert-warning">
          <p ref={confirmRef} tabIndex={-1} className="fw-semibold">
            {s.cancelConfirm}
          </p>
          <div className="d-flex flex-wrap gap-2">
            <Button color="danger" size="sm" aria-disabled={busy || undefined} onClick={() => void cancel()}>
              {busy ? m.common.sending : s.cancelYes}
            </Button>
            <Button color="primary" outline size="sm" onClick={() => setConfirming(false)}>
              {s.cancelNo}
            </Button>
          </div>
        </div>
      ) : (
        <Button color="danger" outline size="sm" onClick={() => setConfirming(true)}>
          {s.cancelAsk}
        </Button>
      )}
    </section>
  )
}

function EditView({ w, onChanged }: { w: WorkshopDetail; onChanged: () => void }) {
  const m = useMessages()
  const s = m.workshops
  usePageTitle(s.editTitle(w.title))
  return (
    <div className="row">
      <div className="col-lg-9">
        <p>
          <Link to={`/workshop/${encodeURIComponent(w.id)}`}>{w.title}</Link>
        </p>
        <h1>{s.editTitle(w.title)}</h1>
        <p>{s.formIntro}</p>
        <WorkshopForm workshop={w} onDone={onChanged} />
        <ManageMaterial w={w} onChanged={onChanged} />
        <CancelWorkshop w={w} onChanged={onChanged} />
      </div>
    </div>
  )
}

export function EditWorkshopPage({ id }: { id: string }) {
  const m = useMessages()
  const s = m.workshops
  const { viewer } = useSession()
  const viewerKey = useViewerKey()
  const { data, error, loading, refetch } = useQuery<WorkshopPageResult>(WORKSHOP_PAGE, { id }, { deps: [viewerKey] })
  const w = data?.node && 'id' in data.node ? (data.node as WorkshopDetail) : undefined
  if (error) return <RequestFailed error={error} onRetry={refetch} />
  if (!data) return loading ? <Loading /> : null
  if (!w) return <NotFoundPage text={s.notFound} back={{ to: '/workshop', label: s.backToList }} />
  if (!w.viewerCanEdit)
    return (
      <>
        <h1>{s.editTitle(w.title)}</h1>
        {viewer === null ? <SignInPrompt /> : <div className="alert alert-info">{s.notAllowed}</div>}
      </>
    )
  // The form keeps what is typed across a refetch (after adding material, say).
  return <EditView w={w} onChanged={refetch} />
}
