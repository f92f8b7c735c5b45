// A guideline, section by section. Each section carries its anchor as id, so the links of
// search hits (/linee-guida/<id>#<anchor>) open the page at the passage.
import { useEffect, useState } from 'react'
import { request } from '../client'
import { RequestFailed } from '../components/Errors'
import { Loading } from '../components/Loading'
import {
  GUIDELINE_PAGE,
  GUIDELINE_SECTIONS,
  type GuidelineDetail,
  type GuidelinePageResult,
  type GuidelineSection,
  type GuidelineSections,
  type GuidelineSectionsResult,
} from '../graphql'
import { usePageTitle, useQuery } from '../hooks'
import { useMessages } from '../i18n'
import { Link, useLocation } from '../router'
import { NotFoundPage } from './NotFound'

/** Long sections come as several passages with the same anchor: the first one opens it. */
interface Block {
  section: GuidelineSection
  opens: boolean
}

function blocks(sections: GuidelineSection[]): Block[] {
  const seen = new Set<string>()
  return sections.map((section) => {
    const opens = !seen.has(section.anchor)
    seen.add(section.anchor)
    return { section, opens }
  })
}

/** The heading path's depth gives the level: the guideline's title is the page's h1. */
const headingLevel = (s: GuidelineSection) => Math.min(Math.max(s.headingPath.length, 2), 6)

function Heading({ section }: { section: GuidelineSection }) {
  const Tag = `h${headingLevel(section)}` as 'h2'
  return <Tag id={`${section.anchor}-heading`}>{section.headingPath[section.headingPath.length - 1]}</Tag>
}

function GuidelineView({ g }: { g: GuidelineDetail }) {
  const m = useMessages()
  const { hash } = useLocation()
  usePageTitle(g.title)
  const all = blocks(g.sections.edges.map((e) => e.node))
  const contents = all.filter((b) => b.opens && b.section.headingPath.length > 1)

  useEffect(() => {
    if (!hash) return
    const target = document.getElementById(hash)
    target?.scrollIntoView({ block: 'start' })
    target?.focus({ preventScroll: true })
  }, [hash, g])

  const meta = [g.serviceArea?.name, g.year != null && m.guidelines.year(g.year), m.guidelines.version(g.version)]
    .filter(Boolean)
    .join(' · ')
  return (
    <div className="row">
      <div className="col-12">
        <p>
          <Link to="/linee-guida">← {m.guidelines.backToList}</Link>
        </p>
        <h1>{g.title}</h1>
        <p className="text-muted">{meta}</p>
        <p>
          <a href={g.file.url} download={g.file.name}>
            {m.guidelines.download(g.file.name)}
          </a>
        </p>
      </div>
      {contents.length > 0 && (
        <nav className="col-lg-4 order-lg-1 mb-4" aria-labelledby="contents-title">
          <div className="guideline-contents">
            <h2 id="contents-title" className="h5">
              {m.guidelines.contents}
            </h2>
            <ul className="list-unstyled mb-0">
              {contents.map(({ section }) => (
                <li key={section.id} className={`toc-level-${headingLevel(section)}`}>
                  <a href={`#${section.anchor}`}>{section.headingPath[section.headingPath.length - 1]}</a>
                </li>
              ))}
            </ul>
          </div>
        </nav>
      )}
      <div className="col-lg-8 order-lg-0 guideline-text">
        {all.map(({ section, opens }) => (
          <section
            key={section.id}
            id={opens ? section.anchor : undefined}
            tabIndex={opens ? -1 : undefined}
            className={`guideline-section${opens && hash === section.anchor ? ' is-target' : ''}`}
            aria-labelledby={opens && section.headingPath.length > 1 ? `${section.anchor}-heading` : undefined}
          >
            {opens && section.headingPath.length > 1 && <Heading section={section} />}
            {section.page != null && <p className="small text-muted">{m.guidelines.page(section.page)}</p>}
            {section.text.split(/\n{2,}/).map((para, i) => (
              <p key={i}>{para}</p>
            ))}
          </section>
        ))}
      </div>
    </div>
  )
}

/** All the sections of a long guideline: the pages after the first, loaded in turn. */
function useAllSections(id: string, first: GuidelineSections | undefined) {
  const [rest, setRest] = useState<{ edges: GuidelineSections['edges']; error?: Error; done: boolean }>({
    edges: [],
    done: false,
  })
  useEffect(() => {
    if (!first) return
    const ctl = new AbortController()
    const load = async () => {
      const edges: GuidelineSections['edges'] = []
      let page = first.pageInfo
      while (page.hasNextPage && page.endCursor) {
        const d = await request<GuidelineSectionsResult>(GUIDELINE_SECTIONS, { id, after: page.endCursor }, ctl.signal)
        if (!d.node?.sections) break
        edges.push(...d.node.sections.edges)
        page = d.node.sections.pageInfo
      }
      setRest({ edges, done: true })
    }
    load().catch((error: Error) => !ctl.signal.aborted && setRest({ edges: [], error, done: true }))
    return () => ctl.abort()
  }, [id, first])
  return rest
}

export function GuidelinePage({ id }: { id: string }) {
  const m = useMessages()
  const { data, error, loading, refetch } = useQuery<GuidelinePageResult>(GUIDELINE_PAGE, { id })
  const g = data?.node?.id ? (data.node as GuidelineDetail) : undefined
  const rest = useAllSections(id, g?.sections)
  const failed = error ?? rest.error
  if (failed) return <RequestFailed error={failed} onRetry={refetch} />
  if (loading || !data || (g && !rest.done)) return <Loading />
  if (!g) return <NotFoundPage text={m.guidelines.notFound} back={{ to: '/linee-guida', label: m.guidelines.backToList }} />
  const whole = rest.edges.length ? { ...g, sections: { ...g.sections, edges: [...g.sections.edges, ...rest.edges] } } : g
  return <GuidelineView g={whole} />
}
