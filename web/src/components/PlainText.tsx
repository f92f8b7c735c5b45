// A guideline passage's plain text as the page shows it: blank lines part paragraphs, lines
// that start with "- ", "• " or a number ("3. ", "3) ") are list items (ingest writes list items
// so, and text and PDF documents often do), consecutive items one list. Text only: React escapes
// it, nothing is read as HTML.
import type { ReactNode } from 'react'

const bullet = /^[-•–*]\s+(.*)$/
const numbered = /^(\d{1,3})[.)]\s+(.*)$/

type Block = { kind: 'p'; lines: string[] } | { kind: 'ul'; items: string[] } | { kind: 'ol'; start: number; items: string[] }

export function blocksOf(text: string): Block[] {
  const out: Block[] = []
  let para: string[] = []
  const endPara = () => {
    if (para.length) out.push({ kind: 'p', lines: para })
    para = []
  }
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (!line) {
      endPara()
      continue
    }
    const b = bullet.exec(line)
    const n = b ? null : numbered.exec(line)
    const last = out[out.length - 1]
    if (b) {
      endPara()
      if (last?.kind === 'ul') last.items.push(b[1])
      else out.push({ kind: 'ul', items: [b[1]] })
    } else if (n) {
      endPara()
      if (last?.kind === 'ol' && last.start + last.items.length === Number(n[1])) last.items.push(n[2])
      else out.push({ kind: 'ol', start: Number(n[1]), items: [n[2]] })
    } else {
      para.push(line)
    }
  }
  endPara()
  return out
}

export function PlainText({ text }: { text: string }) {
  return (
    <>
      {blocksOf(text).map((b, i): ReactNode => {
        if (b.kind === 'ul')
          return (
            <ul key={i}>
              {b.items.map((t, j) => (
                <li key={j}>{t}</li>
              ))}
            </ul>
          )
        if (b.kind === 'ol')
          return (
            <ol key={i} start={b.start === 1 ? undefined : b.start}>
              {b.items.map((t, j) => (
                <li key={j}>{t}</li>
              ))}
            </ol>
          )
        // The lines of a paragraph are the document's visual lines (PDF, text): one flow.
        return <p key={i}>{b.lines.join(' ')}</p>
      })}
    </>
  )
}
