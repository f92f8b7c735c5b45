// For a guideline's publisher and moderators: change its title, year and service area, or
// delete it (after a confirmation) with all its versions.
import { Button } from 'design-react-kit'
import { useRef, useState, type FormEvent } from 'react'
import { request } from '../client'
import { ErrorSummary, RequestFailed, fieldError } from './Errors'
import { TextField } from './Field'
import { ServiceAreaSelect } from './ServiceAreaSelect'
import {
  DELETE_GUIDELINE,
  EDIT_GUIDELINE,
  type DeleteGuidelineResult,
  type EditGuidelineResult,
  type GuidelineDetail,
} from '../graphql'
import { useAction } from '../hooks'
import { useMessages } from '../i18n'
import { navigate } from '../router'

export function ManageGuideline({ g, onChanged }: { g: GuidelineDetail; onChanged: () => void }) {
  const m = useMessages()
  const [mode, setMode] = useState<'' | 'edit' | 'delete'>('')
  const [v, setV] = useState({ title: g.title, year: g.year?.toString() ?? '', area: g.serviceArea?.slug ?? '' })
  const { busy, userErrors, error, run } = useAction()
  const opener = useRef<HTMLDivElement>(null)

  const close = () => {
    setMode('')
    opener.current?.querySelector('button')?.focus()
  }
  const save = async (e: FormEvent) => {
    e.preventDefault()
    if (busy) return
    const ok = await run(async () => {
      if (v.year && !/^\d{4}$/.test(v.year)) return [{ field: 'year', message: m.importGuideline.yearInvalid, code: 'INVALID' }]
      const { editGuideline } = await request<EditGuidelineResult>(EDIT_GUIDELINE, {
        id: g.id,
        title: v.title.trim(),
        serviceArea: v.area,
        year: v.year ? Number(v.year) : null,
      })
      return editGuideline.userErrors
    })
    if (ok) {
      close()
      onChanged()
    }
  }
  const remove = () => {
    if (busy) return
    void run(async () => {
      const { deleteGuideline } = await request<DeleteGuidelineResult>(DELETE_GUIDELINE, { id: g.id })
      if (deleteGuideline.ok) navigate(`/linee-guida?eliminata=${encodeURIComponent(g.title)}`)
      return deleteGuideline.userErrors
    })
  }

  return (
    <section className="manage-guideline my-4" aria-labelledby="manage-title">
      <h2 id="manage-title" className="h6">
        {m.manageGuideline.title}
      </h2>
      {error && <RequestFailed error={error} />}
      {mode !== 'edit' && userErrors.length > 0 && (
        <p className="text-danger small" role="alert">
          {userErrors.map((e) => e.message).join(' ')}
        </p>
      )}
      {mode === '' && (
        <div className="d-flex gap-2" ref={opener}>
          <Button color="primary" outline size="sm" onClick={() => setMode('edit')}>
            {m.manageGuideline.edit}
          </Button>
          <Button color="danger" outline size="sm" onClick={() => setMode('delete')}>
            {m.manageGuideline.delete}
          </Button>
        </div>
      )}
      {mode === 'edit' && (
        <form onSubmit={save} noValidate>
          <ErrorSummary errors={userErrors} fieldIds={{ title: 'edit-guideline-title', year: 'edit-guideline-year' }} />
          <TextField
            id="edit-guideline-title"
            label={m.importGuideline.docTitle}
            value={v.title}
            autoFocus
            onChange={(e) => setV({ ...v, title: e.target.value })}
            error={fieldError(userErrors, 'title')}
          />
          <TextField
            id="edit-guideline-year"
            label={m.importGuideline.year}
            inputMode="numeric"
            maxLength={4}
            value={v.year}
            onChange={(e) => setV({ ...v, year: e.target.value.trim() })}
            error={fieldError(userErrors, 'year')}
          />
          <ServiceAreaSelect
            id="edit-guideline-area"
            label={m.common.serviceArea}
            value={v.area}
            onChange={(area) => setV({ ...v, area })}
            emptyLabel={m.common.noServiceArea}
            error={fieldError(userErrors, 'serviceAreaSlug')}
          />
          <div className="d-flex gap-2">
            <Button type="submit" color="primary" size="sm" aria-disabled={busy || undefined}>
              {busy ? m.common.sending : m.question.saveEdit}
            </Button>
            <Button type="button" color="secondary" outline size="sm" onClick={close}>
              {m.common.cancel}
            </Button>
          </div>
        </form>
      )}
      {mode === 'delete' && (
        <div role="alertdialog" aria-labelledby="delete-question" className="alert alert-danger">
          <p id="delete-question">{m.manageGuideline.confirm(g.title)}</p>
          <div className="d-flex gap-2">
            <Button color="danger" size="sm" autoFocus aria-disabled={busy || undefined} onClick={remove}>
              {m.manageGuideline.confirmDelete}
            </Button>
            <Button color="secondary" outline size="sm" onClick={close}>
              {m.common.cancel}
            </Button>
          </div>
        </div>
      )}
    </section>
  )
}
