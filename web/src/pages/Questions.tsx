// The questions in the chosen order (newest, latest activity, votes), filtered by service
// area, region, tag and "unanswered"; the filters live in the address
// (?ordine=&area=&regione=&etichetta=&testo=&senza-risposta=1) so a filtered list can be shared. On a
// phone the filters fold behind a button, so that the first question is on the first screen.
import { Button } from 'design-react-kit'
import { useEffect, useState, type FormEvent } from 'react'
import { RequestFailed } from '../components/Errors'
import { CheckboxField, SelectField, TextField } from '../components/Field'
import { LoadMore } from '../components/LoadMore'
import { Loading } from '../components/Loading'
import { QuestionItem } from '../components/QuestionItem'
import { ServiceAreaSelect } from '../components/ServiceAreaSelect'
import { QUESTIONS, REGIONS, type QuestionsResult, type RegionsResult } from '../graphql'
import { usePagedQuery, usePageTitle, useQuery } from '../hooks'
import { useMessages } from '../i18n'
import { questionsFilters, questionsVariables } from '../questionsAddress'
import { Link, navigate, useLocation } from '../router'

export function QuestionsPage() {
  const m = useMessages()
  usePageTitle(m.questions.title)
  const { search } = useLocation()
  const filters = questionsFilters(search)
  const { area, tag, unanswered, region, text, order } = filters
  const regions = useQuery<RegionsResult>(REGIONS).data?.regions ?? []
  const [open, setOpen] = useState(false)

  const [form, setForm] = useState({ area, tag, unanswered, region, order, text })
  useEffect(() => setForm({ area, tag, unanswered, region, order, text }), [area, tag, unanswered, region, order, text])

  const list = usePagedQuery(QUESTIONS, questionsVariables(filters), (d: QuestionsResult) => d.questions)

  const apply = (e: FormEvent) => {
    e.preventDefault()
    const params = new URLSearchParams()
    if (form.order !== 'recenti') params.set('ordine', form.order)
    if (form.area) params.set('area', form.area)
    if (form.region) params.set('regione', form.region)
    if (form.tag.trim()) params.set('etichetta', form.tag.trim())
    if (form.text.trim()) params.set('testo', form.text.trim())
    if (form.unanswered) params.set('senza-risposta', '1')
    navigate(params.toString() ? `/domande?${params}` : '/domande')
  }

  return (
    <>
      <div className="d-flex flex-wrap justify-content-between align-items-center gap-2">
        <h1 className="mb-0">{m.questions.title}</h1>
        <Link className="btn btn-primary" to="/domande/nuova">
          {m.questions.ask}
        </Link>
      </div>
      <p className="mt-3">{m.questions.intro}</p>

      <form onSubmit={apply} className="filters" aria-labelledby="filters-title">
        <div className="d-flex justify-content-between align-items-center">
          <h2 id="filters-title" className="h5 mb-0">
            {m.questions.filters}
          </h2>
          <button
            type="button"
            className="btn btn-outline-primary btn-xs d-md-none"
            aria-expanded={open}
            aria-controls="filters-body"
            onClick={() => setOpen(!open)}
          >
            {open ? m.questions.hideFilters : m.questions.showFilters}
          </button>
        </div>
        <div id="filters-body" className={`filters-body${open ? ' is-open' : ''}`}>
          <div className="row g-3 align-items-end">
            <div className="col-md-4">
              <SelectField
                id="filter-order"
                label={m.questions.order}
                value={form.order}
                onChange={(e) => setForm({ ...form, order: e.target.value })}
              >
                <option value="recenti">{m.questions.orderNewest}</option>
                <option value="attive">{m.questions.orderActive}</option>
                <option value="votate">{m.questions.orderVotes}</option>
              </SelectField>
            </div>
            <div className="col-md-4">
              <SelectField
                id="filter-region"
                label={m.questions.region}
                value={form.region}
                onChange={(e) => setForm({ ...form, region: e.target.value })}
              >
                <option value="">{m.questions.anyRegion}</option>
                {regions.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
              </SelectField>
            </div>
            <div className="col-md-4">
              <ServiceAreaSelect
                id="filter-area"
                label={m.common.serviceArea}
                value={form.area}
                onChange={(v) => setForm({ ...form, area: v })}
                emptyLabel={m.common.anyServiceArea}
              />
            </div>
            <div className="col-md-4">
              <TextField
                id="filter-tag"
                label={m.questions.tag}
                placeholder={m.questions.tagPlaceholder}
                value={form.tag}
                onChange={(e) => setForm({ ...form, tag: e.target.value })}
              />
            </div>
            <div className="col-md-4">
              <TextField
                id="filter-text"
                label={m.questions.text}
                value={form.text}
                onChange={(e) => setForm({ ...form, text: e.target.value })}
              />
            </div>
            <div className="col-md-4 mb-4">
              <CheckboxField
                id="filter-unanswered"
                label={m.questions.unanswered}
                checked={form.unanswered}
                onChange={(e) => setForm({ ...form, unanswered: e.target.checked })}
              />
            </div>
          </div>
          <div className="d-flex gap-2">
            <Button type="submit" color="primary" size="sm">
              {m.questions.apply}
            </Button>
            {(area || tag || unanswered || region || text || order !== 'recenti') && (
              <Link className="btn btn-outline-primary btn-sm" to="/domande">
                {m.questions.reset}
              </Link>
            )}
          </div>
        </div>
      </form>

      <div className="mt-5">
        {list.error ? (
          <RequestFailed error={list.error} onRetry={list.refetch} />
        ) : !list.data ? (
          <Loading />
        ) : (
          <>
            <h2 className="h4" aria-live="polite">
              {m.questions.count(list.data.questions.totalCount)}
            </h2>
            {list.edges.length === 0 ? (
              <p>{m.questions.none}</p>
            ) : (
              <ul className="question-list" ref={list.listRef}>
                {list.edges.map((e) => (
                  <QuestionItem key={e.node.id} q={e.node} />
                ))}
              </ul>
            )}
            {list.hasMore && (
              <LoadMore
                label={m.questions.loadMore}
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
