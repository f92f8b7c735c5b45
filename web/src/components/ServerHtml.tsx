// The only place the app renders HTML strings: fields the server has already sanitised
// (bodyHTML, rendered from Markdown through bluemonday; a guideline passage's textHTML, built
// from its plain text and marks through the same policy; search highlights, escaped with
// <mark> around the hits). Never pass anything else here.
import type { HTMLAttributes } from 'react'

type Props = { html: string; as?: 'div' | 'p' | 'span' } & Omit<
  HTMLAttributes<HTMLElement>,
  'dangerouslySetInnerHTML' | 'children'
>

export function ServerHtml({ html, as: Tag = 'div', ...rest }: Props) {
  return <Tag {...rest} dangerouslySetInnerHTML={{ __html: html }} />
}
