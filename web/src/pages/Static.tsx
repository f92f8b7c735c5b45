// The pages of plain text: what each role may do, the accessibility statement (as AgID's
// guidelines ask of public services), legal notes and privacy.
import { ACCESSIBILITY_CONTACT, type AccessibilityContactResult } from '../graphql'
import { usePageTitle, useQuery } from '../hooks'
import { useMessages } from '../i18n'

export function RolesPage() {
  const m = useMessages()
  usePageTitle(m.roles.title)
  return (
    <div className="text-page">
      <h1>{m.roles.title}</h1>
      <p className="lead">{m.roles.intro}</p>
      <dl>
        {m.roles.items.map((r) => (
          <div key={r.role}>
            <dt>{r.role}</dt>
            <dd>{r.text}</dd>
          </div>
        ))}
      </dl>
      <p className="fw-semibold">{m.roles.note}</p>
    </div>
  )
}

/**
 * The accessibility statement, in the sections of AgID's model; the address for reports is
 * the one the installation's operator configured (GEMELLA_ACCESSIBILITY_CONTACT).
 */
export function AccessibilityPage() {
  const m = useMessages()
  const a = m.accessibility
  usePageTitle(a.title)
  const { data } = useQuery<AccessibilityContactResult>(ACCESSIBILITY_CONTACT)
  const contact = data?.accessibilityContact
  return (
    <div className="text-page">
      <h1>{a.title}</h1>
      <p className="lead">{a.intro}</p>
      <h2>{a.statusTitle}</h2>
      <p>{a.status}</p>
      <h2>{a.gapsTitle}</h2>
      <h3>{a.gapsLawTitle}</h3>
      <ul>
        {a.gaps.map((g) => (
          <li key={g}>{g}</li>
        ))}
      </ul>
      <h3>{a.burdenTitle}</h3>
      <p>{a.burden}</p>
      <h3>{a.outOfScopeTitle}</h3>
      <p>{a.outOfScope}</p>
      <h2>{a.methodTitle}</h2>
      <p>{a.method}</p>
      <p>{a.reviewed}</p>
      <h2>{a.feedbackTitle}</h2>
      <p>{a.feedback}</p>
      <p className="accessibility-contact">
        {!data ? null : contact ? (
          <>
            {a.contact}{' '}
            <a href={contact} rel="noopener noreferrer">
              {contact.replace(/^mailto:/, '')}
            </a>
          </>
        ) : (
          a.noContact
        )}
      </p>
      <h2>{a.enforcementTitle}</h2>
      <p>
        {a.enforcement}{' '}
        <a href="https://form.agid.gov.it/" rel="noopener noreferrer">
          {a.enforcementLink}
        </a>
      </p>
      <h2>{a.techTitle}</h2>
      <p>{a.tech}</p>
    </div>
  )
}

export function LegalNotesPage() {
  const m = useMessages()
  const l = m.legalNotes
  usePageTitle(l.title)
  return (
    <div className="text-page">
      <h1>{l.title}</h1>
      <h2 id="note-legali">{l.notesTitle}</h2>
      <p>{l.notes}</p>
      <h2 id="privacy">{l.privacyTitle}</h2>
      <p>{l.privacy}</p>
    </div>
  )
}
