// The first script of the page, small and separate from the app (scripts/slim.mjs's earlyEntry
// loads it ahead of the bundle): it sends the data requests of the page being opened while the
// app's code is still downloading (the viewer, the questions list, a question, a guideline, a
// search, the accessibility statement's contact), and the app's own first requests take their answers
// (client.ts's prefetch). On a slow phone link that takes a round trip and the server's time
// off the page's largest paint.
import { prefetch } from './client'
import { ACCESSIBILITY_CONTACT, GUIDELINE_PAGE, ME, QUESTION_PAGE, QUESTIONS, SEARCH } from './graphql'
import { match } from './paths'
import { questionsFilters, questionsVariables } from './questionsAddress'
import { filtersOf, savedPlace, searchPath, searchVariables } from './searchAddress'

prefetch(ME)
const question = match('/domande/:id', location.pathname)
if (question && question.id !== 'nuova') prefetch(QUESTION_PAGE, { id: question.id })
const guideline = match('/linee-guida/:id', location.pathname)
if (guideline) prefetch(GUIDELINE_PAGE, { id: guideline.id })
if (match('/accessibilita', location.pathname)) prefetch(ACCESSIBILITY_CONTACT)
if (match('/domande', location.pathname))
  prefetch(QUESTIONS, questionsVariables(questionsFilters(new URLSearchParams(location.search))))
if (match('/cerca', location.pathname)) {
  const filters = filtersOf(new URLSearchParams(location.search))
  if (filters.q) prefetch(SEARCH, searchVariables(filters, savedPlace(searchPath(filters))))
}
