// The questions, newest first, filtered by service area, tag and "unanswered"; the filters
// live in the address (?area=&etichetta=&senza-risposta=1) so a filtered list can be shared.
import { Button } from 'design-react-kit'
import { useEffect, useState, type FormEvent } from 'react'
import { RequestFailed } from '../components/Errors'
import { CheckboxField, TextField } from '../components/Field'
import { LoadMore } from '../components/LoadMore'
import { Loading } from '../components/Loading'
import { QuestionItem } from '../components/QuestionItem'
import { ServiceAreaSelect } from '../components/ServiceAreaSelect'
import { QUESTIONS, type QuestionsResult } from '../graphql'
import { usePagedQuery, usePageTitle } from '../hooks'
import { useMessages } from '../i18n'
import { Link, navigate, useLocation } from '../router'

const pageSize = 20

export function QuestionsPage() {
  const m = useMessages()
  usePageTitle(m.questions.title)
  const { search } = useLocation()
  const area = search.get('area') ?? ''
  const tag = search.get('etichetta') ?? ''
  const unanswered = search.get('senza-risposta') === '1'

  const [form, setForm] = useState({ area, tag, unanswered })
  useEffect(() => setForm({ area, tag, unanswered }), [area, tag, unanswered])

  const list = usePagedQuery(
    QUESTIONS,
    { first: pageSize, serviceArea: area || null, tag: tag || null, unanswered: unanswered || null },
    (d: QuestionsResult) => d.questions,
  )

  const apply = (e: FormEvent) => {
    e.preventDefault()
    const params = new URLSearchParams()
    if (form.area) params.set('area', form.area)
    if (form.tag.trim()) params.set('etichetta', form.tag.trim())
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
        <h2 id="filters-title" className="h5">
          {m.questions.filters}
        </h2>
        <div className="row g-3 align-items-end">
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
          {(area || tag || unanswered) && (
            <Link className="btn btn-outline-primary btn-sm" to="/domande">
              {m.questions.reset}
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
