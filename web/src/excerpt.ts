// Plain text from the server's sanitised HTML, for quotes and announcements: what a reader
// sees (a mention reads "@Name", not its Markdown), on one line, cut at a word.

/** The text of html with its whitespace collapsed, at most max characters, cut at a word with "…". */
export function excerpt(html: string, max = 140): string {
  const text = (new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '').replace(/\s+/g, ' ').trim()
  if (text.length <= max) return text
  const cut = text.slice(0, max)
  const space = cut.lastIndexOf(' ')
  // A single long word (an address) is cut where it must be.
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s.,;:!?]+$/, '')}…`
}
