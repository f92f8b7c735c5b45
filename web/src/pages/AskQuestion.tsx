// Ask a question: title (10–200 characters), Markdown body, comma-separated tags, service area;
// with ?spazio=<id>, inside that twinning's space.
import { Button } from 'design-react-kit'
import { useState, type FormEvent } from 'react'
import { request } from '../client'
import { ErrorSummary, RequestFailed, fieldError } from '../components/Errors'
import { TextAreaField, TextField } from '../components/Field'
import { ServiceAreaSelect } from '../components/ServiceAreaSelect'
import { SignInPrompt } from '../components/SignInPrompt'
import { VisibilityBadge } from '../components/SpaceBadges'
import { ASK_QUESTION, ASK_SPACE, type AskQuestionResult, type AskSpaceResult } from '../graphql'
import { useAction, usePageTitle, useQuery } from '../hooks'
import { useMessages } from '../i18n'
import { navigate, useLocation } from '../router'
import { useSession } from '../session'

const fieldIds = { title: 'ask-title', body: 'ask-body', tags: 'ask-tags', serviceAreaSlug: 'ask-area' }

export function AskQuestionPage() {
  const m = useMessages()
  usePageTitle(m.ask.title)
  const { viewer } = useSession()
  const [title, setTitle] = useState('')
  const [body, setBody] = useState('')
  const [tags, setTags] = useState('')
  const [area, setArea] = useState('')
  const { busy, userErrors, error, run } = useAction()
  const spaceId = useLocation().search.get('spazio')
  const space = useQuery<AskSpaceResult>(ASK_SPACE, { id: spaceId }, { skip: !spaceId }).data?.node

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    let id = ''
    const ok = await run(async () => {
      const { askQuestion } = await request<AskQuestionResult>(ASK_QUESTION, {
        title: title.trim(),
        body,
        tags: tags
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
        serviceArea: area || null,
        spaceId: spaceId || null,
      })
      id = askQuestion.question?.id ?? ''
      return askQuestion.userErrors
    })
    if (ok && id) navigate(`/domande/${id}`)
  }

  return (
    <div className="row">
      <div className="col-lg-8">
        <h1>{m.ask.title}</h1>
        <p>{m.ask.intro}</p>
        {space?.title && space.visibility && (
          <p className="space-note">
            {m.twinnings.askIn(space.title)} <VisibilityBadge level={space.visibility} />
          </p>
        )}
        {viewer === null ? (
          <SignInPrompt />
        ) : (
          <>
            {error && <RequestFailed error={error} />}
            <ErrorSummary errors={userErrors} fieldIds={fieldIds} />
            <form onSubmit={submit} noValidate className="mt-4">
              <TextField
                id={fieldIds.title}
                label={m.ask.questionTitle}
                required
                maxLength={200}
                value={title}
                onChange={(e) => setTitle(e.target.value)}
                hint={m.ask.questionTitleHint(title.trim().length)}
                error={fieldError(userErrors, 'title')}
              />
              <TextAreaField
                id={fieldIds.body}
                label={m.ask.body}
                required
                rows={8}
                value={body}
                onChange={(e) => setBody(e.target.value)}
                hint={m.ask.bodyHint}
                error={fieldError(userErrors, 'body')}
              />
              <TextField
                id={fieldIds.tags}
                label={m.ask.tags}
                value={tags}
                onChange={(e) => setTags(e.target.value)}
                hint={m.ask.tagsHint}
                error={fieldError(userErrors, 'tags')}
              />
              <ServiceAreaSelect
                id={fieldIds.serviceAreaSlug}
                label={m.common.serviceArea}
                value={area}
                onChange={setArea}
                emptyLabel={m.common.noServiceArea}
                error={fieldError(userErrors, 'serviceAreaSlug')}
              />
              <Button type="submit" color="primary" aria-disabled={busy || undefined}>
                {busy ? m.common.sending : m.ask.submit}
              </Button>
            </form>
          </>
        )}
      </div>
    </div>
  )
}
