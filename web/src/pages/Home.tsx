// Home: what Gemella is, the search box, the latest questions and the three twinnings.
import { Col, Row } from 'design-react-kit'
import { RequestFailed } from '../components/Errors'
import { LatestPractices } from '../components/LatestPractices'
import { Loading } from '../components/Loading'
import { QuestionItem } from '../components/QuestionItem'
import { SearchBox } from '../components/SearchBox'
import { TwinningCard } from '../components/TwinningCard'
import { QUESTIONS, TWINNINGS, type QuestionsResult, type TwinningsResult } from '../graphql'
import { usePageTitle, useQuery } from '../hooks'
import { useMessages } from '../i18n'
import { Link } from '../router'

function LatestQuestions() {
  const m = useMessages()
  const { data, error, loading, refetch } = useQuery<QuestionsResult>(QUESTIONS, { first: 5 })
  if (error) return <RequestFailed error={error} onRetry={refetch} />
  if (loading || !data) return <Loading />
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

function Twinnings() {
  const { data, error, loading, refetch } = useQuery<TwinningsResult>(TWINNINGS)
  if (error) return <RequestFailed error={error} onRetry={refetch} />
  if (loading || !data) return <Loading />
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
  return (
    <>
      <section className="mb-5" aria-labelledby="home-title">
        <h1 id="home-title">{m.home.title}</h1>
        <p className="lead">{m.home.intro}</p>
        <SearchBox />
      </section>
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
        <LatestQuestions />
      </section>
      <LatestPractices />
      <section aria-labelledby="twinnings-title">
        <h2 id="twinnings-title">{m.home.twinnings}</h2>
        <p>{m.home.twinningsIntro}</p>
        <Twinnings />
      </section>
    </>
  )
}
