// The signed-in user's profile: who they are for Gemella (roles, centre, region), the
// questions they asked and the ones they answered.
import { RequestFailed } from '../components/Errors'
import { LoadMore } from '../components/LoadMore'
import { Loading } from '../components/Loading'
import { QuestionItem } from '../components/QuestionItem'
import { SignInPrompt } from '../components/SignInPrompt'
import { QUESTIONS, type QuestionsResult } from '../graphql'
import { usePagedQuery, usePageTitle } from '../hooks'
import { useMessages } from '../i18n'
import { Link } from '../router'
import { useSession } from '../session'

function MyQuestions({ title, empty, filter }: { title: string; empty: string; filter: object }) {
  const m = useMessages()
  const list = usePagedQuery(QUESTIONS, { first: 10, ...filter }, (d: QuestionsResult) => d.questions)
  const id = `${title.replace(/\W+/g, '-')}-title`
  return (
    <section className="mt-5" aria-labelledby={id}>
      <h2 id={id} className="h4">
        {title}
        {list.data && <span className="badge bg-secondary ms-2 align-middle">{list.data.questions.totalCount}</span>}
      </h2>
      {list.error ? (
        <RequestFailed error={list.error} onRetry={list.refetch} />
      ) : !list.data ? (
        <Loading />
      ) : list.edges.length === 0 ? (
        <p>{empty}</p>
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
    </section>
  )
}

export function ProfilePage() {
  const m = useMessages()
  usePageTitle(m.profile.title)
  const { viewer } = useSession()
  if (viewer === undefined) return <Loading />
  if (!viewer)
    return (
      <>
        <h1>{m.profile.title}</h1>
        <SignInPrompt />
      </>
    )
  return (
    <>
      <h1>{viewer.displayName}</h1>
      <dl className="profile-facts">
        {viewer.email && (
          <>
            <dt>{m.profile.email}</dt>
            <dd>{viewer.email}</dd>
          </>
        )}
        <dt>{m.profile.roles}</dt>
        <dd>
          {viewer.roles.map((r) => m.profile.role[r]).join(', ')} · <Link to="/ruoli">{m.profile.rolesLink}</Link>
        </dd>
        {viewer.center && (
          <>
            <dt>{m.profile.center}</dt>
            <dd>{viewer.center.name}</dd>
          </>
        )}
        {viewer.region && (
          <>
            <dt>{m.profile.region}</dt>
            <dd>{viewer.region.name}</dd>
          </>
        )}
      </dl>
      <MyQuestions title={m.profile.myQuestions} empty={m.profile.noQuestions} filter={{ author: viewer.id }} />
      <MyQuestions title={m.profile.myAnswers} empty={m.profile.noAnswers} filter={{ answeredBy: viewer.id }} />
    </>
  )
}
