// A practice's files: links to download them and, for its author or a moderator, a form to
// add one. Downloads follow the practice's space: the server answers only its readers.
import { useState, type FormEvent } from 'react'
import { upload } from '../client'
import { ATTACH_PRACTICE_FILE, type AttachPracticeFileResult, type PracticeDetail } from '../graphql.practices'
import { useMessages } from '../i18n'

export function PracticeAttachments({ p, onChanged }: { p: PracticeDetail; onChanged: () => void }) {
  const m = useMessages()
  const [file, setFile] = useState<File | null>(null)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState('')
  if (p.attachments.length === 0 && !p.viewerCanEdit) return null
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!file || busy) return
    setBusy(true)
    setProblem('')
    try {
      const r = await upload<AttachPracticeFileResult>(ATTACH_PRACTICE_FILE, { id: p.id }, { file })
      const ue = r.attachPracticeFile.userErrors
      if (ue.length > 0) setProblem(ue.map((u) => u.message).join(' '))
      else {
        setFile(null)
        onChanged()
      }
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <section aria-labelledby="practice-attachments">
      <h2 id="practice-attachments" className="h4">
        {m.practices.attachments}
      </h2>
      {p.attachments.length > 0 && (
        <ul>
          {p.attachments.map((a) => (
            <li key={a.url}>
              <a href={a.url}>{a.name}</a>
            </li>
          ))}
        </ul>
      )}
      {p.viewerCanEdit && (
        <form onSubmit={submit} noValidate>
          <label htmlFor="practice-file" className="form-label">
            {m.practices.attach}
          </label>
          <input
            id="practice-file"
            type="file"
            className="form-control mb-2"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
          <button type="submit" className="btn btn-outline-primary btn-sm" aria-disabled={busy || !file}>
            {m.practices.attachSubmit}
          </button>
          {problem && (
            <p className="text-danger mt-2" role="alert">
              {problem}
            </p>
          )}
        </form>
      )}
    </section>
  )
}
