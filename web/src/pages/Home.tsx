// Home: what Gemella is, the search box, the latest questions, the next workshops, the latest
// practices and the three twinnings. The questions and twinnings appear together, once both
// have loaded, so that the first never pushes the second down under the reader's eyes.
import { Col, Row } from 'design-react-kit'
import { RequestFailed } from '../components/Errors'
import { LatestPractices } from '../components/LatestPractices'
import { Loading } from '../components/Loading'
import { QuestionItem } from '../components/QuestionItem'
import { SearchBox } from '../components/SearchBox'
import { TwinningCard } from '../components/TwinningCard'
import { UpcomingWorkshops } from '../components/UpcomingWorkshops'
import { QUESTIONS, TWINNINGS, type QuestionsResult, type TwinningsResult } from '../graphql'
import { usePageTitle, useQuery } from '../hooks'
import { useMessages } from '../i18n'
import { Link } from '../router'

function LatestQuestions({ data }: { data: QuestionsResult }) {
  const m = useMessages()
  const edges = data.questions.edges
  if (!edges.length) return <p>{m.home.noQuestions}</p>
  return (
    <ul className="question-list">
      {edges.map((e) => (
        <QuestionItem key={e.node.id} q={e.node} />
      ))}
    </ul>
  )
}

function Twinnings({ data }: { data: TwinningsResult }) {
  return (
    <Row className="g-4">
      {data.twinnings.edges.map((e) => (
        <Col key={e.node.id} md={6} lg={4}>
          <TwinningCard t={e.node} />
        </Col>
      ))}
    </Row>
  )
}

export function HomePage() {
  const m = useMessages()
  usePageTitle(undefined)
  const questions = useQuery<QuestionsResult>(QUESTIONS, { first: 5 })
  const twinnings = useQuery<TwinningsResult>(TWINNINGS)
  const failed = questions.error ?? twinnings.error
  const lists = failed ? (
    <RequestFailed
      error={failed}
      onRetry={() => {
        questions.refetch()
        twinnings.refetch()
      }}
    />
  ) : !questions.data || !twinnings.data ? (
    <Loading />
  ) : (
    <>
      <section className="mb-5" aria-labelledby="latest-title">
        <div className="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-3">
          <h2 id="latest-title" className="mb-0">
            {m.home.latestQuestions}
          </h2>
          <div className="d-flex gap-2">
            <Link className="btn btn-outline-primary btn-sm" to="/domande">
              {m.home.allQuestions}
            </Link>
            <Link className="btn btn-primary btn-sm" to="/domande/nuova">
              {m.home.askQuestion}
            </Link>
          </div>
        </div>
        <LatestQuestions data={questions.data} />
      </section>
      <UpcomingWorkshops />
      <LatestPractices />
      <section aria-labelledby="twinnings-title">
        <h2 id="twinnings-title">{m.home.twinnings}</h2>
        <p>{m.home.twinningsIntro}</p>
        <Twinnings data={twinnings.data} />
      </section>
    </>
  )
  return (
    <>
      <section className="mb-5" aria-labelledby="home-title">
        <h1 id="home-title">{m.home.title}</h1>
        <p className="lead">{m.home.intro}</p>
        <SearchBox />
      </section>
      {lists}
    </>
  )
}
