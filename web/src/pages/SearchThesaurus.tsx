// The search thesaurus, for admins: one textarea with an entry a line, saved and applied at
// once by the server (which checks the role again and names every malformed line).
import { Button } from 'design-react-kit'
import { useState, type FormEvent } from 'react'
import { request } from '../client'
import { ErrorSummary, RequestFailed, fieldError } from '../components/Errors'
import { TextAreaField } from '../components/Field'
import { Loading } from '../components/Loading'
import { SignInPrompt } from '../components/SignInPrompt'
import { formatDate } from '../format'
import {
  SEARCH_THESAURUS,
  UPDATE_SEARCH_THESAURUS,
  type SearchThesaurus,
  type SearchThesaurusResult,
  type UpdateSearchThesaurusResult,
} from '../graphql'
import { useAction, usePageTitle, useQuery } from '../hooks'
import { useMessages } from '../i18n'
import { useSession } from '../session'

const fieldIds = { text: 'thesaurus-text' }

function Editor({ initial }: { initial: SearchThesaurus }) {
  const m = useMessages()
  const [current, setCurrent] = useState(initial)
  const [text, setText] = useState(initial.text)
  const [saved, setSaved] = useState(false)
  const { busy, userErrors, error, run } = useAction()

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setSaved(false)
    const ok = await run(async () => {
      const { updateSearchThesaurus: p } = await request<UpdateSearchThesaurusResult>(UPDATE_SEARCH_THESAURUS, { text })
      if (p.thesaurus) setCurrent(p.thesaurus)
      return p.userErrors
    })
    setSaved(ok)
  }

  return (
    <>
      <p>
        {m.thesaurus.entries(current.entryCount)} ·{' '}
        {current.isDefault || !current.updatedAt
          ? m.thesaurus.isDefault
          : m.thesaurus.updatedAt(formatDate(current.updatedAt, m.locale))}
      </p>
      {error && <RequestFailed error={error} />}
      <ErrorSummary errors={userErrors} fieldIds={fieldIds} />
      {saved && (
        <div className="alert alert-success" role="status">
          {m.thesaurus.saved}
        </div>
      )}
      <form onSubmit={submit} noValidate className="mt-4">
        <TextAreaField
          id={fieldIds.text}
          label={m.thesaurus.text}
          value={text}
          rows={24}
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
          error={fieldError(userErrors, 'text')}
        />
        <div className="d-flex flex-wrap gap-3">
          <Button type="submit" color="primary" aria-disabled={busy || undefined}>
            {m.thesaurus.save}
          </Button>
          <Button type="button" color="primary" outline onClick={() => setText(current.defaultText)}>
            {m.thesaurus.restoreDefault}
          </Button>
        </div>
      </form>
    </>
  )
}

export function SearchThesaurusPage() {
  const m = useMessages()
  usePageTitle(m.thesaurus.title)
  const { viewer } = useSession()
  const isAdmin = !!viewer?.roles.includes('ADMIN')
  const thesaurus = useQuery<SearchThesaurusResult>(SEARCH_THESAURUS, {}, { skip: !isAdmin, deps: [isAdmin] })
  return (
    <div className="row">
      <div className="col-lg-10">
        <h1>{m.thesaurus.title}</h1>
        <p>{m.thesaurus.intro}</p>
        {viewer === null ? (
          <SignInPrompt />
        ) : !isAdmin ? (
          <p>{m.thesaurus.adminOnly}</p>
        ) : thesaurus.error ? (
          <RequestFailed error={thesaurus.error} onRetry={thesaurus.refetch} />
        ) : thesaurus.loading || !thesaurus.data ? (
          <Loading />
        ) : (
          <Editor initial={thesaurus.data.searchThesaurus} />
        )}
      </div>
    </div>
  )
}
