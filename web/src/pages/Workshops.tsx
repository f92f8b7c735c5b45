// The workshops: upcoming (soonest first), past (most recent first) or a month's calendar,
// filtered by service area, region, space, trainer, mode and kind. Everything lives in the
// address (?quando=passati|mese&mese=2026-12&area=&regione=&spazio=&formatore=&modalita=&tipo=)
// so that a view can be shared and going back finds it; on a phone the filters fold behind a
// button, as on the questions page.
import { Button } from 'design-react-kit'
import { useEffect, useState, type FormEvent } from 'react'
import { RequestFailed } from '../components/Errors'
import { SelectField } from '../components/Field'
import { LoadMore } from '../components/LoadMore'
import { Loading } from '../components/Loading'
import { ServiceAreaSelect } from '../components/ServiceAreaSelect'
import { WorkshopItem } from '../components/WorkshopItem'
import { usePracticeChoices } from '../components/practiceChoices'
import { romeDay, romeMonthRange } from '../format'
import {
  TRAINER_NAME,
  WORKSHOPS,
  workshopKinds,
  workshopModes,
  type TrainerNameResult,
  type WorkshopKind,
  type WorkshopMode,
  type WorkshopSummary,
  type WorkshopsResult,
} from '../graphql.workshops'
import { usePagedQuery, usePageTitle, useQuery } from '../hooks'
import { useMessages } from '../i18n'
import { Link, navigate, useLocation } from '../router'
import { canPublishWorkshops, useSession } from '../session'
import '../styles/workshops.css'

const pageSize = 20
// A month rarely holds more; the rest comes with "load more" like any list.
const monthPageSize = 100

const params = { area: 'area', region: 'regione', space: 'spazio', trainer: 'formatore', mode: 'modalita', kind: 'tipo' }
type Filters = Record<keyof typeof params, string>
const noFilters = Object.fromEntries(Object.keys(params).map((k) => [k, ''])) as Filters
type View = 'upcoming' | 'past' | 'month'

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number)
  const d = new Date(Date.UTC(y, m - 1 + by, 1))
  return d.toISOString().slice(0, 7)
}

function path(view: View, month: string, filters: Filters): string {
  const q = new URLSearchParams()
  if (view === 'past') q.set('quando', 'passati')
  if (view === 'month') {
    q.set('quando', 'mese')
    q.set('mese', month)
  }
  for (const [k, p] of Object.entries(params)) {
    const v = filters[k as keyof Filters]
    if (v) q.set(p, v)
  }
  return q.toString() ? `/workshop?${q}` : '/workshop'
}

/** The month's sessions, day by day (Rome calendar), each with its workshop. */
function MonthDays({ month, workshops }: { month: string; workshops: WorkshopSummary[] }) {
  const m = useMessages()
  const s = m.workshops
  const days = new Map<string, { w: WorkshopSummary; startsAt: string; endsAt: string; id: string }[]>()
  for (const w of workshops)
    for (const x of w.sessions) {
      if (x.cancelled) continue
      const day = romeDay(x.startsAt)
      if (!day.startsWith(month)) continue
      days.set(day, [...(days.get(day) ?? []), { w, startsAt: x.startsAt, endsAt: x.endsAt, id: x.id }])
    }
  const sorted = [...days.entries()].sort(([a], [b]) => a.localeCompare(b))
  if (sorted.length === 0) return <p>{s.monthNone}</p>
  const dayName = new Intl.DateTimeFormat(m.locale, { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' })
  const hours = new Intl.DateTimeFormat(m.locale, { timeZone: 'Europe/Rome', hour: '2-digit', minute: '2-digit' })
  return (
    <ol className="list-unstyled" aria-label={s.sessions}>
      {sorted.map(([day, items]) => (
        <li key={day} className="workshop-day row">
          <h3 className="h6 col-md-3">
            <time dateTime={day}>{dayName.format(new Date(`${day}T12:00:00Z`))}</time>
          </h3>
          <ul className="workshop-day-list col-md-9">
            {items
              .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
              .map((it) => (
                <li key={it.id} className="mb-2">
                  <time dateTime={it.startsAt}>{hours.formatRange(new Date(it.startsAt), new Date(it.endsAt))}</time>{' '}
                  <Link to={`/workshop/${encodeURIComponent(it.w.id)}`} lang="it">
                    {it.w.title}
                  </Link>{' '}
                  <span className="small text-muted">
                    · {s.kind[it.w.kind]} · {s.modeName[it.w.mode]}
                    {it.w.status === 'CANCELLED' && ` · ${s.cancelledBadge}`}
                  </span>
                </li>
              ))}
          </ul>
        </li>
      ))}
    </ol>
  )
}

export function WorkshopsPage() {
  const m = useMessages()
  const s = m.workshops
  usePageTitle(s.title)
  const { viewer } = useSession()
  const { search } = useLocation()
  const when = search.get('quando')
  const view: View = when === 'passati' ? 'past' : when === 'mese' ? 'month' : 'upcoming'
  const wanted = search.get('mese') ?? ''
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(wanted) ? wanted : romeDay(new Date().toISOString()).slice(0, 7)
  const current = Object.fromEntries(Object.entries(params).map(([k, p]) => [k, search.get(p) ?? ''])) as Filters
  const key = JSON.stringify(current)
  const active = Object.values(current).some(Boolean)
  const [form, setForm] = useState<Filters>(current)
  const [open, setOpen] = useState(false)
  useEffect(() => setForm(JSON.parse(key) as Filters), [key])
  const choices = usePracticeChoices()
  // There is no list of trainers to choose from: the select offers the viewer, when they may
  // publish, and the trainer in the address (from a name on a workshop's page), by name.
  const mine = viewer && canPublishWorkshops(viewer) ? viewer.id : ''
  const others = current.trainer !== '' && current.trainer !== mine
  const trainer = useQuery<TrainerNameResult>(TRAINER_NAME, { id: current.trainer }, { skip: !others })
  const trainerName = (others && trainer.data?.node?.displayName) || s.chosenTrainer

  const range = view === 'month' ? romeMonthRange(month) : null
  const list = usePagedQuery(
    WORKSHOPS,
    {
      first: view === 'month' ? monthPageSize : pageSize,
      upcoming: view === 'upcoming' || null,
      past: view === 'past' || null,
      serviceArea: current.area || null,
      region: current.region || null,
      space: current.space || null,
      trainer: current.trainer || null,
      mode: (current.mode as WorkshopMode) || null,
      kind: (current.kind as WorkshopKind) || null,
      from: range?.from ?? null,
      to: range?.to ?? null,
    },
    (d: WorkshopsResult) => d.workshops,
  )

  const apply = (e: FormEvent) => {
    e.preventDefault()
    navigate(path(view, month, form))
  }
  const set = (k: keyof Filters) => (v: string) => setForm({ ...form, [k]: v })
  const monthName = new Intl.DateTimeFormat(m.locale, { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(
    new Date(`${month}-15T12:00:00Z`),
  )
  const tabs: [View, string][] = [
    ['upcoming', s.upcoming],
    ['past', s.past],
    ['month', s.month],
  ]

  return (
    <>
      <div className="d-flex flex-wrap justify-content-between align-items-center gap-2">
        <h1 className="mb-0">{s.title}</h1>
        <div className="d-flex flex-wrap gap-2">
          {viewer && (
            <Link className="btn btn-outline-primary" to="/workshop/mie-iscrizioni">
              {s.myRegistrations}
            </Link>
          )}
          {canPublishWorkshops(viewer) && (
            <Link className="btn btn-primary" to="/workshop/nuovo">
              {s.publish}
            </Link>
          )}
        </div>
      </div>
      <p className="mt-3">{s.intro}</p>

      <nav aria-label={s.whenLabel} className="mb-4">
        <ul className="nav nav-tabs">
          {tabs.map(([v, label]) => (
            <li className="nav-item" key={v}>
              <Link
                className={`nav-link${view === v ? ' active' : ''}`}
                aria-current={view === v ? 'page' : undefined}
                to={path(v, month, current)}
              >
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <form onSubmit={apply} className="filters" aria-labelledby="workshop-filters-title">
        <div className="d-flex justify-content-between align-items-center">
          <h2 id="workshop-filters-title" className="h5 mb-0">
            {s.filters}
          </h2>
          <button
            type="button"
            className="btn btn-outline-primary btn-xs d-md-none"
            aria-expanded={open}
            aria-controls="workshop-filters-body"
            onClick={() => setOpen(!open)}
          >
            {open ? s.hideFilters : s.showFilters}
          </button>
        </div>
        <div id="workshop-filters-body" className={`filters-body${open ? ' is-open' : ''}`}>
          <div className="row g-3 align-items-end">
            <div className="col-md-4">
              <ServiceAreaSelect
                id="filter-area"
                label={m.common.serviceArea}
                value={form.area}
                onChange={set('area')}
                emptyLabel={m.common.anyServiceArea}
              />
            </div>
            <div className="col-md-4">
              <SelectField
                id="filter-region"
                label={s.region}
                value={form.region}
                onChange={(e) => set('region')(e.target.value)}
              >
                <option value="">{s.anyRegion}</option>
                {choices.regions.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
              </SelectField>
            </div>
            <div className="col-md-4">
              <SelectField id="filter-space" label={s.space} value={form.space} onChange={(e) => set('space')(e.target.value)}>
                <option value="">{s.anySpace}</option>
                {choices.twinnings.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.title}
                  </option>
                ))}
              </SelectField>
            </div>
            <div className="col-md-4">
              <SelectField
                id="filter-trainer"
                label={s.trainer}
                value={form.trainer}
                onChange={(e) => set('trainer')(e.target.value)}
              >
                <option value="">{s.anyTrainer}</option>
                {viewer && mine && <option value={mine}>{s.trainerYou(viewer.displayName)}</option>}
                {others && <option value={current.trainer}>{trainerName}</option>}
              </SelectField>
            </div>
            <div className="col-md-4">
              <SelectField id="filter-mode" label={s.mode} value={form.mode} onChange={(e) => set('mode')(e.target.value)}>
                <option value="">{s.anyMode}</option>
                {workshopModes.map((x) => (
                  <option key={x} value={x}>
                    {s.modeName[x]}
                  </option>
                ))}
              </SelectField>
            </div>
            <div className="col-md-4">
              <SelectField id="filter-kind" label={s.kindLabel} value={form.kind} onChange={(e) => set('kind')(e.target.value)}>
                <option value="">{s.anyKind}</option>
                {workshopKinds.map((x) => (
                  <option key={x} value={x}>
                    {s.kind[x]}
                  </option>
                ))}
              </SelectField>
            </div>
          </div>
          <div className="d-flex gap-2">
            <Button type="submit" color="primary" size="sm">
              {s.apply}
            </Button>
            {active && (
              <Link className="btn btn-outline-primary btn-sm" to={path(view, month, noFilters)}>
                {s.reset}
              </Link>
            )}
          </div>
        </div>
      </form>

      <div className="mt-5">
        {view === 'month' && (
          <div className="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-3">
            <h2 className="h4 mb-0" aria-live="polite">
              {s.monthTitle(monthName)}
            </h2>
            <div className="d-flex gap-2">
              <Link className="btn btn-outline-primary btn-sm" to={path('month', shiftMonth(month, -1), current)}>
                {s.prevMonth}
              </Link>
              <Link className="btn btn-outline-primary btn-sm" to={path('month', shiftMonth(month, 1), current)}>
                {s.nextMonth}
              </Link>
            </div>
          </div>
        )}
        {list.error ? (
          <RequestFailed error={list.error} onRetry={list.refetch} />
        ) : list.loading || !list.data ? (
          <Loading />
        ) : view === 'month' ? (
          <MonthDays month={month} workshops={list.edges.map((e) => e.node)} />
        ) : (
          <>
            <h2 className="h4" aria-live="polite">
              {s.count(list.data.workshops.totalCount)}
            </h2>
            {list.edges.length === 0 ? (
              <p>{s.none}</p>
            ) : (
              <ul className="workshop-list" ref={list.listRef}>
                {list.edges.map((e) => (
                  <WorkshopItem key={e.node.id} w={e.node} />
                ))}
              </ul>
            )}
          </>
        )}
        {list.data && list.hasMore && (
          <LoadMore label={s.loadMore} busy={list.loadingMore} error={list.moreError} onClick={() => void list.loadMore()} />
        )}
      </div>
    </>
  )
}
