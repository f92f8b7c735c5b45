// The good practices, newest first, filtered by service area, region, centre, level, tag and
// space. The filters live in the address (?area=&regione=&centro=&livello=&etichetta=&spazio=)
// so that a filtered list can be shared; on a phone they fold behind a button.
import { Button } from 'design-react-kit'
import { useEffect, useState, type FormEvent } from 'react'
import { RequestFailed } from '../components/Errors'
import { SelectField, TextField } from '../components/Field'
import { LoadMore } from '../components/LoadMore'
import { Loading } from '../components/Loading'
import { PracticeItem } from '../components/PracticeItem'
import { ServiceAreaSelect } from '../components/ServiceAreaSelect'
import { PRACTICES, maturities, type PracticesResult } from '../graphql.practices'
import { usePagedQuery, usePageTitle } from '../hooks'
import { useMessages } from '../i18n'
import { Link, navigate, useLocation } from '../router'
import { usePracticeChoices } from '../components/practiceChoices'

const pageSize = 20

const params = { area: 'area', region: 'regione', center: 'centro', maturity: 'livello', tag: 'etichetta', space: 'spazio' }
type Filters = Record<keyof typeof params, string>

export function PracticesPage() {
  const m = useMessages()
  usePageTitle(m.practices.title)
  const { search } = useLocation()
  const current = Object.fromEntries(Object.entries(params).map(([k, p]) => [k, search.get(p) ?? ''])) as Filters
  const key = JSON.stringify(current)
  const active = Object.values(current).some(Boolean)

  const [form, setForm] = useState<Filters>(current)
  const [open, setOpen] = useState(false)
  useEffect(() => setForm(JSON.parse(key) as Filters), [key])
  const choices = usePracticeChoices()

  const list = usePagedQuery(
    PRACTICES,
    {
      first: pageSize,
      serviceArea: current.area || null,
      region: current.region || null,
      center: current.center || null,
      maturity: current.maturity || null,
      tag: current.tag || null,
      space: current.space || null,
    },
    (d: PracticesResult) => d.practices,
  )

  const apply = (e: FormEvent) => {
    e.preventDefault()
    const q = new URLSearchParams()
    for (const [k, p] of Object.entries(params)) {
      const v = form[k as keyof Filters].trim()
      if (v) q.set(p, v)
    }
    navigate(q.toString() ? `/buone-pratiche?${q}` : '/buone-pratiche')
  }
  const set = (k: keyof Filters) => (v: string) => setForm({ ...form, [k]: v })

  return (
    <>
      <div className="d-flex flex-wrap justify-content-between align-items-center gap-2">
        <h1 className="mb-0">{m.practices.title}</h1>
        <Link className="btn btn-primary" to="/buone-pratiche/nuova">
          {m.practices.publish}
        </Link>
      </div>
      <p className="mt-3">{m.practices.intro}</p>

      <Button
        color="primary"
        outline
        size="sm"
        className="d-md-none mb-3"
        aria-expanded={open}
        aria-controls="practice-filters"
        onClick={() => setOpen(!open)}
      >
        {open ? m.practices.hideFilters : m.practices.showFilters}
      </Button>
      <form
        id="practice-filters"
        onSubmit={apply}
        className={`filters${open ? '' : ' d-none'} d-md-block`}
        aria-labelledby="practice-filters-title"
      >
        <h2 id="practice-filters-title" className="h5">
          {m.practices.filters}
        </h2>
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
              label={m.practices.region}
              value={form.region}
              onChange={(e) => set('region')(e.target.value)}
            >
              <option value="">{m.practices.anyRegion}</option>
              {choices.regions.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </SelectField>
          </div>
          <div className="col-md-4">
            <SelectField
              id="filter-center"
              label={m.practices.center}
              value={form.center}
              onChange={(e) => set('center')(e.target.value)}
            >
              <option value="">{m.practices.anyCenter}</option>
              {choices.centers.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </SelectField>
          </div>
          <div className="col-md-4">
            <SelectField
              id="filter-maturity"
              label={m.practices.maturity}
              value={form.maturity}
              onChange={(e) => set('maturity')(e.target.value)}
            >
              <option value="">{m.practices.anyMaturity}</option>
              {maturities.map((l) => (
                <option key={l} value={l}>
                  {m.practices.level[l]}
                </option>
              ))}
            </SelectField>
          </div>
          <div className="col-md-4">
            <SelectField
              id="filter-space"
              label={m.practices.space}
              value={form.space}
              onChange={(e) => set('space')(e.target.value)}
            >
              <option value="">{m.practices.anySpace}</option>
              {choices.twinnings.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.title}
                </option>
              ))}
            </SelectField>
          </div>
          <div className="col-md-4">
            <TextField
              id="filter-tag"
              label={m.practices.tag}
              placeholder={m.practices.tagPlaceholder}
              value={form.tag}
              onChange={(e) => set('tag')(e.target.value)}
            />
          </div>
        </div>
        <div className="d-flex gap-2">
          <Button type="submit" color="primary" size="sm">
            {m.practices.apply}
          </Button>
          {active && (
            <Link className="btn btn-outline-primary btn-sm" to="/buone-pratiche">
              {m.practices.reset}
            </Link>
          )}
        </div>
      </form>

      <div className="mt-5">
        {list.error ? (
          <RequestFailed error={list.error} onRetry={list.refetch} />
        ) : list.loading || !list.data ? (
          <Loading />
        ) : (
          <>
            <h2 className="h4" aria-live="polite">
              {m.practices.count(list.data.practices.totalCount)}
            </h2>
            {list.edges.length === 0 ? (
              <p>{m.practices.none}</p>
            ) : (
              <ul className="practice-list" ref={list.listRef}>
                {list.edges.map((e) => (
                  <PracticeItem key={e.node.id} p={e.node} />
                ))}
              </ul>
            )}
            {list.hasMore && (
              <LoadMore
                label={m.practices.loadMore}
                busy={list.loadingMore}
                error={list.moreError}
                onClick={() => void list.loadMore()}
              />
            )}
          </>
        )}
      </div>
    </>
  )
}
