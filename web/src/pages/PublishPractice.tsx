// Publish a good practice: every part of the fixed description, the centre, the space, tags
// and the maturity level with its evidence. The server checks everything at once and the form
// shows each field's problem beside it, all together.
import { Button } from 'design-react-kit'
import { useState, type FormEvent } from 'react'
import { request } from '../client'
import { ErrorSummary, RequestFailed, fieldError } from '../components/Errors'
import { SelectField, TextAreaField, TextField } from '../components/Field'
import { ServiceAreaSelect } from '../components/ServiceAreaSelect'
import { SignInPrompt } from '../components/SignInPrompt'
import { usePracticeChoices } from '../components/practiceChoices'
import {
  PUBLISH_PRACTICE,
  maturities,
  type Maturity,
  type PublishPracticeInput,
  type PublishPracticeResult,
} from '../graphql.practices'
import { useAction, usePageTitle } from '../hooks'
import { useMessages } from '../i18n'
import { navigate } from '../router'
import { useSession } from '../session'

const ids = {
  title: 'practice-title',
  summary: 'practice-summary',
  context: 'practice-context',
  objectives: 'practice-objectives',
  target: 'practice-target',
  activities: 'practice-activities',
  outcomes: 'practice-outcomes',
  resources: 'practice-resources',
  serviceAreaSlug: 'practice-area',
  centerId: 'practice-center',
  spaceId: 'practice-space',
  tags: 'practice-tags',
  maturity: 'practice-maturity',
  evidence: 'practice-evidence',
}

type Texts = Record<'title' | 'summary' | 'context' | 'objectives' | 'target' | 'activities' | 'outcomes' | 'resources', string>

export function PublishPracticePage() {
  const m = useMessages()
  const p = m.practices
  usePageTitle(p.publish)
  const { viewer } = useSession()
  const choices = usePracticeChoices()
  const [text, setText] = useState<Texts>({
    title: '',
    summary: '',
    context: '',
    objectives: '',
    target: '',
    activities: '',
    outcomes: '',
    resources: '',
  })
  const [area, setArea] = useState('')
  const [center, setCenter] = useState('')
  // A practice published from a twinning's page starts in that space (?spazio=).
  const [space, setSpace] = useState(() => new URLSearchParams(window.location.search).get('spazio') ?? '')
  const [tags, setTags] = useState('')
  const [maturity, setMaturity] = useState<Maturity | ''>('')
  const [evidence, setEvidence] = useState('')
  const { busy, userErrors, error, run } = useAction()

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    let id = ''
    const input: PublishPracticeInput = {
      ...text,
      title: text.title.trim(),
      serviceAreaSlug: area || null,
      centerId: center || null,
      spaceId: space || null,
      tags: tags
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
      maturity: maturity || null,
      evidence,
    }
    const ok = await run(async () => {
      const { publishPractice } = await request<PublishPracticeResult>(PUBLISH_PRACTICE, { input })
      id = publishPractice.practice?.id ?? ''
      return publishPractice.userErrors
    })
    if (ok && id) navigate(`/buone-pratiche/${id}`)
  }

  const markdownField = (name: keyof Texts, label: string, hint?: string, rows = 4) => (
    <TextAreaField
      id={ids[name]}
      label={label}
      required={name !== 'outcomes' && name !== 'resources'}
      rows={rows}
      value={text[name]}
      onChange={(e) => setText({ ...text, [name]: e.target.value })}
      hint={hint}
      error={fieldError(userErrors, name)}
    />
  )

  return (
    <div className="row">
      <div className="col-lg-8">
        <h1>{p.publish}</h1>
        <p>{p.formIntro}</p>
        {viewer === null ? (
          <SignInPrompt />
        ) : (
          <>
            {error && <RequestFailed error={error} />}
            <ErrorSummary errors={userErrors} fieldIds={ids} />
            <form onSubmit={submit} noValidate className="mt-4">
              <TextField
                id={ids.title}
                label={p.fieldTitle}
                required
                maxLength={200}
                value={text.title}
                onChange={(e) => setText({ ...text, title: e.target.value })}
                hint={p.fieldTitleHint(text.title.trim().length)}
                error={fieldError(userErrors, 'title')}
              />
              {markdownField('summary', p.fieldSummary, p.fieldSummaryHint, 3)}
              {markdownField('context', p.fieldContext, p.fieldContextHint)}
              {markdownField('objectives', p.fieldObjectives)}
              {markdownField('target', p.fieldTarget, undefined, 2)}
              {markdownField('activities', p.fieldActivities, p.fieldActivitiesHint, 6)}
              {markdownField('outcomes', p.fieldOutcomes, p.fieldOutcomesHint)}
              {markdownField('resources', p.fieldResources, p.fieldResourcesHint)}
              <ServiceAreaSelect
                id={ids.serviceAreaSlug}
                label={m.common.serviceArea}
                value={area}
                onChange={setArea}
                emptyLabel={p.fieldAreaChoose}
                error={fieldError(userErrors, 'serviceAreaSlug')}
              />
              <SelectField
                id={ids.centerId}
                label={p.fieldCenter}
                value={center}
                onChange={(e) => setCenter(e.target.value)}
                error={fieldError(userErrors, 'centerId')}
              >
                <option value="">
                  {viewer?.center ? `${p.fieldCenterDefault} (${viewer.center.name})` : p.fieldCenterChoose}
                </option>
                {choices.centers.map((c) => (
                  <option key={c.id} value={c.id}>
                    {p.byCenter(c.name, c.region)}
                  </option>
                ))}
              </SelectField>
              <SelectField
                id={ids.spaceId}
                label={p.fieldSpace}
                value={space}
                onChange={(e) => setSpace(e.target.value)}
                hint={p.fieldSpaceHint}
                error={fieldError(userErrors, 'spaceId')}
              >
                <option value="">{p.fieldSpaceCommunity}</option>
                {choices.twinnings.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.title}
                  </option>
                ))}
              </SelectField>
              <TextField
                id={ids.tags}
                label={p.fieldTags}
                value={tags}
                onChange={(e) => setTags(e.target.value)}
                hint={p.fieldTagsHint}
                error={fieldError(userErrors, 'tags')}
              />
              <SelectField
                id={ids.maturity}
                label={p.fieldMaturity}
                required
                value={maturity}
                onChange={(e) => setMaturity(e.target.value as Maturity | '')}
                hint={maturity ? p.levelHint[maturity] : undefined}
                error={fieldError(userErrors, 'maturity')}
              >
                <option value="">{p.fieldMaturityChoose}</option>
                {maturities.map((l) => (
                  <option key={l} value={l}>
                    {p.level[l]}
                  </option>
                ))}
              </SelectField>
              <TextField
                id={ids.evidence}
                label={p.fieldEvidence}
                maxLength={300}
                value={evidence}
                onChange={(e) => setEvidence(e.target.value)}
                hint={p.fieldEvidenceHint}
                error={fieldError(userErrors, 'evidence')}
              />
              <Button type="submit" color="primary" aria-disabled={busy || undefined}>
                {busy ? m.common.sending : p.submit}
              </Button>
            </form>
          </>
        )}
      </div>
    </div>
  )
}
