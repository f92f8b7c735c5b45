// The workshop form, for publishing and for editing: every field, as many sessions (and, when
// publishing, links) as needed. Session times are typed as Rome wall-clock times and sent as
// UTC instants. The server checks everything at once; each problem shows beside its field,
// including a session's own fields ("sessions.1.endsAt" beside the second session's end).
import { Button } from 'design-react-kit'
import { useLayoutEffect, useMemo, useRef, useState, type FormEvent } from 'react'
import { request, type UserError } from '../client'
import { isoToRomeLocal, romeLocalToIso } from '../format'
import {
  EDIT_WORKSHOP,
  PUBLISH_WORKSHOP,
  workshopKinds,
  workshopModes,
  type EditWorkshopInput,
  type EditWorkshopResult,
  type MaterialAudience,
  type PublishWorkshopInput,
  type PublishWorkshopResult,
  type WorkshopDetail,
  type WorkshopKind,
  type WorkshopMode,
} from '../graphql.workshops'
import { useAction } from '../hooks'
import { useMessages } from '../i18n'
import { ErrorSummary, RequestFailed } from './Errors'
import { SelectField, TextAreaField, TextField } from './Field'
import { ServiceAreaSelect } from './ServiceAreaSelect'
import { usePracticeChoices } from './practiceChoices'

interface SessionRow {
  key: number
  id?: string
  startsAt: string
  endsAt: string
  place: string
  onlineUrl: string
}

interface LinkRow {
  key: number
  name: string
  url: string
  audience: MaterialAudience
}

/** A userError's field as a path of this form: "input.sessions[1].endsAt" reads "sessions.1.endsAt". */
function normalise(field: string | null): string | null {
  return field ? field.replace(/^input\./, '').replace(/\[(\d+)\]/g, '.$1') : null
}

/** The id of the control a field path names. */
const controlId = (field: string) => `wf-${field.replace(/\./g, '-')}`

let nextKey = 1
const emptySession = (): SessionRow => ({ key: nextKey++, startsAt: '', endsAt: '', place: '', onlineUrl: '' })

interface Props {
  /** The workshop being edited; none when publishing. */
  workshop?: WorkshopDetail
  /** After a successful publish or save, with the workshop's id. */
  onDone: (id: string) => void
}

export function WorkshopForm({ workshop, onDone }: Props) {
  const m = useMessages()
  const s = m.workshops
  const choices = usePracticeChoices()
  const editing = !!workshop
  const [title, setTitle] = useState(workshop?.title ?? '')
  const [description, setDescription] = useState(workshop?.description ?? '')
  const [kind, setKind] = useState<WorkshopKind>(workshop?.kind ?? 'WORKSHOP')
  const [mode, setMode] = useState<WorkshopMode>(workshop?.mode ?? 'IN_PERSON')
  const [area, setArea] = useState(workshop?.serviceArea?.slug ?? '')
  const [host, setHost] = useState(workshop?.hostCenter?.id ?? '')
  // A workshop published from a twinning's page starts in that space (?spazio=).
  const [twinning, setTwinning] = useState(() => new URLSearchParams(window.location.search).get('spazio') ?? '')
  const [trainers, setTrainers] = useState(
    workshop
      ? workshop.trainers
          .slice(1)
          .map((t) => t.id)
          .join(', ')
      : '',
  )
  const [capacity, setCapacity] = useState(workshop?.capacity != null ? String(workshop.capacity) : '')
  const [deadline, setDeadline] = useState(workshop?.registrationDeadline ? isoToRomeLocal(workshop.registrationDeadline) : '')
  const [attendance, setAttendance] = useState(String(workshop?.attendanceRequired ?? 100))
  const [sessions, setSessions] = useState<SessionRow[]>(() =>
    workshop
      ? workshop.sessions
          .filter((x) => !x.cancelled)
          .map((x) => ({
            key: nextKey++,
            id: x.id,
            startsAt: isoToRomeLocal(x.startsAt),
            endsAt: isoToRomeLocal(x.endsAt),
            place: x.place ?? '',
            onlineUrl: x.onlineUrl ?? '',
          }))
      : [emptySession()],
  )
  const [links, setLinks] = useState<LinkRow[]>([])
  const [localErrors, setLocalErrors] = useState<UserError[]>([])
  const [saved, setSaved] = useState(false)
  const { busy, userErrors, error, run } = useAction()

  // One array per answer, not per render: the summary takes the focus when it changes.
  const errors = useMemo(
    () => [...localErrors, ...userErrors.map((e) => ({ ...e, field: normalise(e.field) }))],
    [localErrors, userErrors],
  )
  const errorFor = (field: string) => {
    const found = errors.filter((e) => e.field === field)
    return found.length ? found.map((e) => e.message).join(' ') : undefined
  }
  const fieldIds = Object.fromEntries(errors.filter((e) => e.field).map((e) => [e.field as string, controlId(e.field as string)]))

  const setSession = (i: number, patch: Partial<SessionRow>) =>
    setSessions(sessions.map((x, j) => (j === i ? { ...x, ...patch } : x)))
  const setLink = (i: number, patch: Partial<LinkRow>) => setLinks(links.map((x, j) => (j === i ? { ...x, ...patch } : x)))

  // A new row takes the focus on its first field, once it is in the page (the render that
  // adds it, not a frame that may come before it); a removed one hands it to the add button.
  const pendingFocus = useRef<string | null>(null)
  const focusRow = (index: number, prefix: string) => {
    pendingFocus.current = controlId(`${prefix}.${index}.${prefix === 'sessions' ? 'startsAt' : 'name'}`)
  }
  useLayoutEffect(() => {
    if (pendingFocus.current) {
      document.getElementById(pendingFocus.current)?.focus()
      pendingFocus.current = null
    }
  })

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setSaved(false)
    // A DateTime cannot be empty in the request: an incomplete session is this form's to say.
    const missing: UserError[] = []
    sessions.forEach((x, i) => {
      if (!x.startsAt) missing.push({ field: `sessions.${i}.startsAt`, message: s.startMissing(i + 1), code: 'REQUIRED' })
      if (!x.endsAt) missing.push({ field: `sessions.${i}.endsAt`, message: s.endMissing(i + 1), code: 'REQUIRED' })
    })
    setLocalErrors(missing)
    if (missing.length) {
      await run(async () => [])
      return
    }
    const common = {
      title: title.trim(),
      description,
      kind,
      mode,
      serviceAreaSlug: area || null,
      hostCenterId: host || null,
      trainerIds: trainers
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
      capacity: capacity.trim() === '' ? null : Number(capacity),
      registrationDeadline: deadline ? romeLocalToIso(deadline) : null,
      attendanceRequired: attendance.trim() === '' ? null : Number(attendance),
      sessions: sessions.map((x) => ({
        ...(x.id ? { id: x.id } : {}),
        startsAt: romeLocalToIso(x.startsAt),
        endsAt: romeLocalToIso(x.endsAt),
        place: x.place.trim() || null,
        onlineUrl: x.onlineUrl.trim() || null,
      })),
    }
    let id = ''
    const ok = await run(async () => {
      if (workshop) {
        const input: EditWorkshopInput = { ...common, workshopId: workshop.id, unlimited: common.capacity === null }
        const d = await request<EditWorkshopResult>(EDIT_WORKSHOP, { input })
        id = d.editWorkshop.workshop?.id ?? ''
        return d.editWorkshop.userErrors
      }
      const input: PublishWorkshopInput = {
        ...common,
        twinningId: twinning || null,
        links: links.map((l) => ({ name: l.name.trim(), url: l.url.trim(), audience: l.audience })),
      }
      const d = await request<PublishWorkshopResult>(PUBLISH_WORKSHOP, { input })
      id = d.publishWorkshop.workshop?.id ?? ''
      return d.publishWorkshop.userErrors
    })
    if (ok && id) {
      setSaved(editing)
      onDone(id)
    }
  }

  const rowError = (prefix: string, i: number, known: string[]) => {
    const found = errors.filter(
      (e) => e.field === `${prefix}.${i}` || (e.field?.startsWith(`${prefix}.${i}.`) && !known.includes(e.field.split('.')[2])),
    )
    return found.length ? found.map((e) => e.message).join(' ') : undefined
  }
  const sessionsError = errorFor('sessions')
  const linksError = errorFor('links')

  return (
    <>
      {error && <RequestFailed error={error} />}
      <ErrorSummary errors={errors} fieldIds={fieldIds} />
      {saved && (
        <div className="alert alert-success" role="status">
          {s.saved}
        </div>
      )}
      <form onSubmit={submit} noValidate className="mt-4">
        <TextField
          id="wf-title"
          label={s.fieldTitle}
          required
          maxLength={200}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          error={errorFor('title')}
        />
        <TextAreaField
          id="wf-description"
          label={s.fieldDescription}
          required
          rows={6}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          hint={s.fieldDescriptionHint}
          error={errorFor('description')}
        />
        <div className="row">
          <div className="col-md-6">
            <SelectField
              id="wf-kind"
              label={s.fieldKind}
              required
              value={kind}
              onChange={(e) => setKind(e.target.value as WorkshopKind)}
              error={errorFor('kind')}
            >
              {workshopKinds.map((k) => (
                <option key={k} value={k}>
                  {s.kind[k]}
                </option>
              ))}
            </SelectField>
          </div>
          <div className="col-md-6">
            <SelectField
              id="wf-mode"
              label={s.fieldMode}
              required
              value={mode}
              onChange={(e) => setMode(e.target.value as WorkshopMode)}
              error={errorFor('mode')}
            >
              {workshopModes.map((k) => (
                <option key={k} value={k}>
                  {s.modeName[k]}
                </option>
              ))}
            </SelectField>
          </div>
        </div>
        <ServiceAreaSelect
          id="wf-serviceAreaSlug"
          label={s.fieldArea}
          value={area}
          onChange={setArea}
          emptyLabel={s.fieldAreaChoose}
          error={errorFor('serviceAreaSlug')}
        />
        <SelectField
          id="wf-hostCenterId"
          label={s.fieldHost}
          value={host}
          onChange={(e) => setHost(e.target.value)}
          error={errorFor('hostCenterId')}
        >
          <option value="">{s.fieldHostNone}</option>
          {choices.centers.map((c) => (
            <option key={c.id} value={c.id}>
              {s.hostedBy(c.name, c.region)}
            </option>
          ))}
        </SelectField>
        {!editing && (
          <SelectField
            id="wf-twinningId"
            label={s.fieldTwinning}
            value={twinning}
            onChange={(e) => setTwinning(e.target.value)}
            hint={s.fieldTwinningHint}
            error={errorFor('twinningId')}
          >
            <option value="">{s.fieldTwinningCommunity}</option>
            {choices.twinnings.map((t) => (
              <option key={t.id} value={t.id}>
                {t.title}
              </option>
            ))}
          </SelectField>
        )}
        <TextField
          id="wf-trainerIds"
          label={s.fieldTrainers}
          value={trainers}
          onChange={(e) => setTrainers(e.target.value)}
          hint={s.fieldTrainersHint}
          error={errorFor('trainerIds')}
        />
        <div className="row">
          <div className="col-md-4">
            <TextField
              id="wf-capacity"
              label={s.fieldCapacity}
              type="number"
              min={1}
              inputMode="numeric"
              value={capacity}
              onChange={(e) => setCapacity(e.target.value)}
              hint={s.fieldCapacityHint}
              error={errorFor('capacity')}
            />
          </div>
          <div className="col-md-4">
            <TextField
              id="wf-registrationDeadline"
              label={s.fieldDeadline}
              type="datetime-local"
              value={deadline}
              onChange={(e) => setDeadline(e.target.value)}
              hint={s.fieldDeadlineHint}
              error={errorFor('registrationDeadline')}
            />
          </div>
          <div className="col-md-4">
            <TextField
              id="wf-attendanceRequired"
              label={s.fieldAttendance}
              type="number"
              min={1}
              max={100}
              inputMode="numeric"
              value={attendance}
              onChange={(e) => setAttendance(e.target.value)}
              hint={s.fieldAttendanceHint}
              error={errorFor('attendanceRequired')}
            />
          </div>
        </div>

        <fieldset id="wf-sessions" tabIndex={-1} className="mb-4" aria-describedby="wf-sessions-hint">
          <legend className="h5">{s.sessionsLegend}</legend>
          <p id="wf-sessions-hint" className="small">
            {s.sessionsHint}
          </p>
          {sessionsError && <div className="invalid-feedback d-block mb-2">{sessionsError}</div>}
          <div>
            {sessions.map((x, i) => {
              const p = `sessions.${i}`
              const rowProblem = rowError('sessions', i, ['startsAt', 'endsAt', 'place', 'onlineUrl'])
              return (
                <fieldset key={x.key} id={controlId(p)} tabIndex={-1} className="session-row">
                  <legend>{s.sessionN(i + 1)}</legend>
                  {rowProblem && <div className="invalid-feedback d-block mb-2">{rowProblem}</div>}
                  <div className="row">
                    <div className="col-md-6">
                      <TextField
                        id={controlId(`${p}.startsAt`)}
                        label={s.sessionStart}
                        type="datetime-local"
                        required
                        value={x.startsAt}
                        onChange={(e) => setSession(i, { startsAt: e.target.value })}
                        error={errorFor(`${p}.startsAt`)}
                      />
                    </div>
                    <div className="col-md-6">
                      <TextField
                        id={controlId(`${p}.endsAt`)}
                        label={s.sessionEnd}
                        type="datetime-local"
                        required
                        value={x.endsAt}
                        onChange={(e) => setSession(i, { endsAt: e.target.value })}
                        error={errorFor(`${p}.endsAt`)}
                      />
                    </div>
                    <div className="col-md-6">
                      <TextField
                        id={controlId(`${p}.place`)}
                        label={s.sessionPlace}
                        value={x.place}
                        onChange={(e) => setSession(i, { place: e.target.value })}
                        error={errorFor(`${p}.place`)}
                      />
                    </div>
                    <div className="col-md-6">
                      <TextField
                        id={controlId(`${p}.onlineUrl`)}
                        label={s.sessionOnline}
                        type="url"
                        value={x.onlineUrl}
                        onChange={(e) => setSession(i, { onlineUrl: e.target.value })}
                        error={errorFor(`${p}.onlineUrl`)}
                      />
                    </div>
                  </div>
                  {sessions.length > 1 && (
                    <Button
                      type="button"
                      color="danger"
                      outline
                      size="xs"
                      className="mb-3"
                      onClick={() => {
                        setSessions(sessions.filter((_, j) => j !== i))
                        document.getElementById('wf-add-session')?.focus()
                      }}
                    >
                      {s.removeSession(i + 1)}
                    </Button>
                  )}
                </fieldset>
              )
            })}
          </div>
          <Button
            id="wf-add-session"
            type="button"
            color="primary"
            outline
            size="sm"
            onClick={() => {
              setSessions([...sessions, emptySession()])
              focusRow(sessions.length, 'sessions')
            }}
          >
            {s.addSession}
          </Button>
        </fieldset>

        {!editing && (
          <fieldset id="wf-links" tabIndex={-1} className="mb-4">
            <legend className="h5">{s.linksLegend}</legend>
            {linksError && <div className="invalid-feedback d-block mb-2">{linksError}</div>}
            {links.map((l, i) => {
              const p = `links.${i}`
              const rowProblem = rowError('links', i, ['name', 'url', 'audience'])
              return (
                <fieldset key={l.key} id={controlId(p)} tabIndex={-1} className="session-row">
                  <legend>{s.linkN(i + 1)}</legend>
                  {rowProblem && <div className="invalid-feedback d-block mb-2">{rowProblem}</div>}
                  <div className="row">
                    <div className="col-md-4">
                      <TextField
                        id={controlId(`${p}.name`)}
                        label={s.linkName}
                        required
                        value={l.name}
                        onChange={(e) => setLink(i, { name: e.target.value })}
                        error={errorFor(`${p}.name`)}
                      />
                    </div>
                    <div className="col-md-4">
                      <TextField
                        id={controlId(`${p}.url`)}
                        label={s.linkUrl}
                        type="url"
                        required
                        value={l.url}
                        onChange={(e) => setLink(i, { url: e.target.value })}
                        error={errorFor(`${p}.url`)}
                      />
                    </div>
                    <div className="col-md-4">
                      <SelectField
                        id={controlId(`${p}.audience`)}
                        label={s.linkAudience}
                        value={l.audience}
                        onChange={(e) => setLink(i, { audience: e.target.value as MaterialAudience })}
                        error={errorFor(`${p}.audience`)}
                      >
                        <option value="EVERYONE">{s.audience.EVERYONE}</option>
                        <option value="PARTICIPANTS">{s.audience.PARTICIPANTS}</option>
                      </SelectField>
                    </div>
                  </div>
                  <Button
                    type="button"
                    color="danger"
                    outline
                    size="xs"
                    className="mb-3"
                    onClick={() => {
                      setLinks(links.filter((_, j) => j !== i))
                      document.getElementById('wf-add-link')?.focus()
                    }}
                  >
                    {s.removeLink(i + 1)}
                  </Button>
                </fieldset>
              )
            })}
            <Button
              id="wf-add-link"
              type="button"
              color="primary"
              outline
              size="sm"
              onClick={() => {
                setLinks([...links, { key: nextKey++, name: '', url: '', audience: 'EVERYONE' }])
                focusRow(links.length, 'links')
              }}
            >
              {s.addLink}
            </Button>
          </fieldset>
        )}

        <Button type="submit" color="primary" aria-disabled={busy || undefined}>
          {busy ? m.common.sending : editing ? s.save : s.submit}
        </Button>
      </form>
    </>
  )
}
