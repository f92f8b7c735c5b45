// A guideline, section by section. Each section carries its anchor as id, so the links of
// search hits (/linee-guida/<id>#<anchor>) open the page at the passage.
import { DiscussionSection } from '../components/ThreadView'
import { useEffect, useState } from 'react'
import { request } from '../client'
import { RequestFailed } from '../components/Errors'
import { Loading } from '../components/Loading'
import { ManageGuideline } from '../components/ManageGuideline'
import { ServerHtml } from '../components/ServerHtml'
import {
  GUIDELINE_PAGE,
  GUIDELINE_SECTIONS,
  type GuidelineDetail,
  type GuidelinePageResult,
  type GuidelineSection,
  type GuidelineSections,
  type GuidelineSectionsResult,
} from '../graphql'
import { formatDate } from '../format'
import { usePageTitle, useQuery } from '../hooks'
import { useMessages } from '../i18n'
import { Link, useLocation } from '../router'
import { useViewerKey } from '../session'
import { NotFoundPage } from './NotFound'

/** A heading the text shows: a section's own, or an enclosing one that has no text of its own. */
interface ShownHeading {
  id: string
  text: string
  level: number
}

/**
 * Long sections come as several passages with the same anchor: the first one opens it and
 * shows the headings that begin there, the enclosing ones included (a chapter whose text all
 * sits in its subsections has no passage of its own).
 */
interface Block {
  section: GuidelineSection
  opens: boolean
  headings: ShownHeading[]
}

function blocks(sections: GuidelineSection[]): Block[] {
  // A document whose every section sits under one top heading has a title there: the page's
  // h1 shows the guideline's title instead, so that heading is skipped.
  const top = sections[0]?.headingPath[0]
  const skip = top !== undefined && sections.every((s) => s.headingPath[0] === top) ? 1 : 0
  const seen = new Set<string>()
  let previous: string[] = []
  return sections.map((section) => {
    const opens = !seen.has(section.anchor)
    seen.add(section.anchor)
    const headings: ShownHeading[] = []
    if (opens) {
      const path = section.headingPath
      let shared = 0
      while (shared < path.length && shared < previous.length && path[shared] === previous[shared]) shared++
      for (let i = Math.max(shared, skip); i < path.length; i++) {
        headings.push({
          id: i === path.length - 1 ? `${section.anchor}-heading` : `${section.anchor}-heading-${i}`,
          text: path[i],
          level: Math.min(i - skip + 2, 6),
        })
      }
      previous = path
    }
    return { section, opens, headings }
  })
}

function GuidelineView({ g, onChanged }: { g: GuidelineDetail; onChanged: () => void }) {
  const m = useMessages()
  const { hash } = useLocation()
  usePageTitle(g.title)
  const all = blocks(g.sections.edges.map((e) => e.node))
  const contents = all.flatMap((b) => b.headings.map((h) => ({ ...h, anchor: b.section.anchor })))

  // The web fonts may arrive after the first scroll and move the text: scroll again once
  // they are ready (scroll-margin-top keeps the heading clear of the window's edge).
  useEffect(() => {
    if (!hash) return
    const target = document.getElementById(hash)
    if (!target) return
    target.scrollIntoView({ block: 'start' })
    target.focus({ preventScroll: true })
    let live = true
    void document.fonts?.ready.then(() => live && target.scrollIntoView({ block: 'start' }))
    return () => {
      live = false
    }
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
        <h1 lang="it">{g.title}</h1>
        <p className="text-muted">{meta}</p>
        <p>
          <a href={g.file.url} download={g.file.name}>
            {m.guidelines.download(g.file.name)}
          </a>
        </p>
        {g.versions.length > 1 && (
          <details className="mb-3">
            <summary>{m.guidelines.versions(g.versions.length)}</summary>
            <ul>
              {g.versions.map((v) => (
                <li key={v.version}>
                  {m.guidelines.version(v.version)}, {formatDate(v.createdAt, m.locale)}:{' '}
                  <a href={v.file.url} download={v.file.name}>
                    {v.file.name}
                  </a>
                </li>
              ))}
            </ul>
          </details>
        )}
        {g.viewerCanManage && <ManageGuideline key={`${g.title}-${g.year}-${g.serviceArea?.slug}`} g={g} onChanged={onChanged} />}
      </div>
      {contents.length > 0 && (
        <nav className="col-lg-4 order-lg-1 mb-4" aria-labelledby="contents-title">
          <div className="guideline-contents">
            <h2 id="contents-title" className="h5">
              {m.guidelines.contents}
            </h2>
            <ul className="list-unstyled mb-0" lang="it">
              {contents.map((h) => (
                <li key={h.id} className={`toc-level-${h.level}`}>
                  <a href={`#${h.anchor}`}>{h.text}</a>
                </li>
              ))}
            </ul>
          </div>
        </nav>
      )}
      <div className="col-lg-8 order-lg-0 guideline-text" lang="it">
        {all.map(({ section, opens, headings }) => {
          const own = headings.find((h) => h.id === `${section.anchor}-heading`)
          return (
            <section
              key={section.id}
              id={opens ? section.anchor : undefined}
              tabIndex={opens ? -1 : undefined}
              className={`guideline-section${opens && hash === section.anchor ? ' is-target' : ''}`}
              aria-labelledby={own?.id}
            >
              {headings.map((h) => {
                const Tag = `h${h.level}` as 'h2'
                return (
                  <Tag key={h.id} id={h.id}>
                    {h.text}
                  </Tag>
                )
              })}
              {section.page != null && <p className="small text-muted">{m.guidelines.page(section.page)}</p>}
              <ServerHtml html={section.textHTML} />
            </section>
          )
        })}
        <DiscussionSection threadId={g.discussion.id} />
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
  // Most guidelines fit in the first page: shown at once, without a render in between.
  const whole = first !== undefined && !first.pageInfo.hasNextPage
  useEffect(() => {
    if (!first || whole) return
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
  }, [id, first, whole])
  return whole ? { edges: [], done: true } : rest
}

export function GuidelinePage({ id }: { id: string }) {
  const m = useMessages()
  const { data, error, refetch } = useQuery<GuidelinePageResult>(GUIDELINE_PAGE, { id }, { deps: [useViewerKey()] })
  const g = data?.node?.id ? (data.node as GuidelineDetail) : undefined
  const rest = useAllSections(id, g?.sections)
  const failed = error ?? rest.error
  if (failed) return <RequestFailed error={failed} onRetry={refetch} />
  if (!data || (g && !rest.done)) return <Loading />
  if (!g) return <NotFoundPage text={m.guidelines.notFound} back={{ to: '/linee-guida', label: m.guidelines.backToList }} />
  const whole = rest.edges.length ? { ...g, sections: { ...g.sections, edges: [...g.sections.edges, ...rest.edges] } } : g
  return <GuidelineView g={whole} onChanged={refetch} />
}
