package ingest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Passage sizing. A search hit should show a passage that can be read at a
// glance yet carries enough context; the overlap keeps a sentence that
// straddles a cut findable with its context in both passages.
const (
	PassageWords   = 300 // target words per passage
	PassageOverlap = 40  // words repeated at the start of the next passage

	// passageSlack lets a section run this many words past PassageWords
	// before it is split, so that no passage is a stub of a few words.
	passageSlack = PassageWords / 5
	// minPassage is the shortest a passage gets when the cut moves back to
	// a paragraph or sentence boundary.
	minPassage = PassageWords * 2 / 3
)

// Anchors of sections without a usable heading.
const (
	anchorIntro   = "inizio"  // text before the first heading
	anchorUnnamed = "sezione" // heading with no letters or digits
)

const maxSlugBytes = 80

// builder assembles a Document from a stream of headings and lines, in
// document order. It is shared by all kinds so that sectioning, passages,
// anchors and limits behave the same everywhere. Errors are sticky: after
// the first one every call is a no-op and finish returns it.
type builder struct {
	doc     Document
	path    []heading
	secPage int        // page where the open section starts
	body    textBuf    // text of the open section
	marks   []pageMark // page changes inside body
	inline  []Mark     // bold, italics and links inside body
	text    textBuf    // Document.Text
	chars   int
	anchors map[string]bool
	err     error
}

type heading struct {
	level int
	text  string
}

// pageMark records that body text from byte offset on is on page.
type pageMark struct {
	offset, page int
}

// textBuf accumulates lines, with a blank line between paragraphs and never
// a leading or trailing one.
type textBuf struct {
	sb   strings.Builder
	para bool
}

// line appends a non-empty line and returns the offset where it starts.
func (t *textBuf) line(s string) int {
	if t.sb.Len() > 0 {
		if t.para {
			t.sb.WriteString("\n\n")
		} else {
			t.sb.WriteByte('\n')
		}
	}
	t.para = false
	off := t.sb.Len()
	t.sb.WriteString(s)
	return off
}

func (t *textBuf) paragraph() { t.para = true }

func (t *textBuf) reset() {
	t.sb.Reset()
	t.para = false
}

func newBuilder(kind Kind) *builder {
	return &builder{doc: Document{Kind: kind}, anchors: make(map[string]bool)}
}

// heading closes the open section and opens one under a heading of the
// given level (1 = outermost). Empty headings are ignored.
func (b *builder) heading(level int, text string, page int) {
	text = strings.Join(strings.Fields(cleanText(text)), " ")
	if b.err != nil || text == "" {
		return
	}
	b.count(text)
	b.flush(level)
	for len(b.path) > 0 && b.path[len(b.path)-1].level >= level {
		b.path = b.path[:len(b.path)-1]
	}
	b.path = append(b.path, heading{level, text})
	b.secPage = page
	b.text.paragraph()
	b.text.line(text)
	b.text.paragraph()
}

// line appends a line of body text; a blank line ends the paragraph.
func (b *builder) line(s string, page int) { b.markedLine(s, nil, page) }

// markedLine appends a line of body text with its inline marks, offsets into s. The
// walkers clean their text as they go; should cleaning still change the line, the marks
// no longer fit it and are dropped, keeping the text.
func (b *builder) markedLine(raw string, marks []Mark, page int) {
	s := strings.TrimSpace(cleanText(raw))
	if b.err != nil {
		return
	}
	if s != raw {
		marks = nil
	}
	if s == "" {
		b.paragraph()
		return
	}
	b.count(s)
	if b.body.sb.Len() == 0 && len(b.path) == 0 {
		b.secPage = page
	}
	last := b.secPage
	if len(b.marks) > 0 {
		last = b.marks[len(b.marks)-1].page
	}
	off := b.body.line(s)
	if page != last {
		b.marks = append(b.marks, pageMark{off, page})
	}
	for _, m := range marks {
		m.Start += off
		m.End += off
		b.inline = append(b.inline, m)
	}
	b.text.line(s)
}

// paragraph ends the current paragraph, so that the next line starts a new
// one.
func (b *builder) paragraph() {
	b.body.paragraph()
	b.text.paragraph()
}

func (b *builder) count(s string) {
	b.chars += utf8.RuneCountInString(s)
	if b.chars > MaxTextChars {
		b.err = fmt.Errorf("%w: more than %d characters", ErrTooLarge, MaxTextChars)
	}
}

// finish closes the last section and returns the document.
func (b *builder) finish() (*Document, error) {
	if b.err != nil {
		return nil, b.err
	}
	b.flush(0)
	if b.chars == 0 {
		return nil, ErrNoText
	}
	b.doc.Text = b.text.sb.String()
	return &b.doc, nil
}

// flush emits the open section as one or more passages; nextLevel is the
// level of the heading that closes it (0 at the end of the document).
func (b *builder) flush(nextLevel int) {
	body := b.body.sb.String()
	marks, inline := b.marks, b.inline
	b.body.reset()
	b.marks, b.inline = nil, nil
	switch {
	case body == "" && len(b.path) == 0:
		return // nothing before the first heading
	case body == "" && nextLevel > b.path[len(b.path)-1].level:
		return // a parent heading: it lives on in its children's paths
	}

	path := make([]string, len(b.path))
	for i, h := range b.path {
		path[i] = h.text
	}
	var title, base string
	if len(path) == 0 {
		base = anchorIntro
	} else {
		title = path[len(path)-1]
		if base = slug(title); base == "" {
			base = anchorUnnamed
		}
	}
	first := b.uniqueAnchor(base)
	for k, sp := range passageSpans(body) {
		anchor, page := first, b.secPage
		if k > 0 {
			anchor = b.uniqueAnchor(first + "-" + strconv.Itoa(k+1))
			for _, m := range marks {
				if m.offset <= sp.start {
					page = m.page
				}
			}
		}
		b.doc.Sections = append(b.doc.Sections, Section{
			Position:    len(b.doc.Sections),
			HeadingPath: slices.Clone(path),
			Heading:     title,
			Anchor:      anchor,
			Text:        body[sp.start:sp.end],
			Marks:       clipMarks(inline, sp),
			Page:        page,
		})
	}
}

// uniqueAnchor returns base, or base with the first free "-N" suffix.
func (b *builder) uniqueAnchor(base string) string {
	a := base
	for n := 2; b.anchors[a]; n++ {
		a = base + "-" + strconv.Itoa(n)
	}
	b.anchors[a] = true
	return a
}

// slug lowercases s, drops accents ("Città" → "citta") and joins the runs of
// letters and digits with '-'. Letters of other scripts are kept: fragments
// may be any Unicode, browsers percent-encode them.
func slug(s string) string {
	var sb strings.Builder
	dash := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && sb.Len() > 0 {
				sb.WriteByte('-')
			}
			dash = false
			sb.WriteRune(unicode.ToLower(r))
		default:
			dash = true
		}
	}
	out := sb.String()
	if len(out) <= maxSlugBytes {
		return out
	}
	out = out[:maxSlugBytes]
	if i := strings.LastIndexByte(out, '-'); i > 0 {
		return out[:i]
	}
	return strings.ToValidUTF8(out, "")
}

// span is a byte range [start, end) of a text.
type span struct {
	start, end int
}

// clipMarks returns the parts of marks that fall inside sp, as offsets into sp: a bold
// phrase cut between two passages is bold in both.
func clipMarks(marks []Mark, sp span) []Mark {
	out := []Mark{}
	for _, m := range marks {
		if s, e := max(m.Start, sp.start), min(m.End, sp.end); s < e {
			out = append(out, Mark{Start: s - sp.start, End: e - sp.start, Kind: m.Kind, Href: m.Href})
		}
	}
	return out
}

// passageSpans splits a section's text into passages of about PassageWords
// words, each starting about PassageOverlap words before the previous one
// ends. Cuts prefer paragraph breaks, then sentence ends, and fall back to a
// plain word boundary. Empty text is one empty passage.
func passageSpans(text string) []span {
	words := wordSpans(text)
	if len(words) <= PassageWords+passageSlack {
		return []span{{0, len(text)}}
	}
	// strength of a cut before word i: 2 paragraph, 1 sentence, 0 word.
	strength := func(i int) int {
		if strings.Contains(text[words[i-1].end:words[i].start], "\n\n") {
			return 2
		}
		if endsSentence(text[words[i-1].start:words[i-1].end]) {
			return 1
		}
		return 0
	}
	// cut picks the strongest cut in [lo, hi], the one closest to target
	// among equals.
	cut := func(lo, hi, target int) int {
		best, bestStrength := target, -1
		for i := lo; i <= hi; i++ {
			s := strength(i)
			if s > bestStrength || s == bestStrength && abs(i-target) < abs(best-target) {
				best, bestStrength = i, s
			}
		}
		return best
	}
	var out []span
	for s := 0; ; {
		if len(words)-s <= PassageWords+passageSlack {
			return append(out, span{words[s].start, words[len(words)-1].end})
		}
		e := cut(s+minPassage, s+PassageWords, s+PassageWords)
		out = append(out, span{words[s].start, words[e-1].end})
		s = cut(e-PassageOverlap-PassageOverlap/2, e-PassageOverlap/2, e-PassageOverlap)
	}
}

// wordSpans returns the byte ranges of the whitespace-separated words.
func wordSpans(text string) []span {
	var words []span
	start := -1
	for i, r := range text {
		switch {
		case unicode.IsSpace(r) && start >= 0:
			words = append(words, span{start, i})
			start = -1
		case !unicode.IsSpace(r) && start < 0:
			start = i
		}
	}
	if start >= 0 {
		words = append(words, span{start, len(text)})
	}
	return words
}

// endsSentence reports whether word ends a sentence or a clause, ignoring
// closing quotes and brackets.
func endsSentence(word string) bool {
	word = strings.TrimRight(word, "\"'’”»)]")
	r, _ := utf8.DecodeLastRuneInString(word)
	return strings.ContainsRune(".!?…:;", r)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// inlineText accumulates the inline text of one output line of Markdown or
// HTML, collapsing runs of whitespace as a browser would, and the marks over it.
type inlineText struct {
	sb    strings.Builder
	space bool
	open  []Mark // begun and not yet ended, outermost first
	marks []Mark // ended on this line
}

// write appends text, cleaned as the builder cleans lines so that the marks' offsets
// stay true.
func (w *inlineText) write(s string) {
	for _, r := range cleanText(s) {
		if unicode.IsSpace(r) {
			w.space = w.sb.Len() > 0
			continue
		}
		if w.space {
			w.sb.WriteByte(' ')
			w.space = false
		}
		w.sb.WriteRune(r)
	}
}

// begin opens a mark at the next character written.
func (w *inlineText) begin(kind MarkKind, href string) {
	w.open = append(w.open, Mark{Start: w.sb.Len(), Kind: kind, Href: href})
}

// end closes the innermost open mark of kind; an end with no begin (stray raw HTML) is
// ignored.
func (w *inlineText) end(kind MarkKind) {
	for i := len(w.open) - 1; i >= 0; i-- {
		if w.open[i].Kind == kind {
			w.close(w.open[i])
			w.open = append(w.open[:i], w.open[i+1:]...)
			return
		}
	}
}

// close records m as ending here. Its start may sit on the space that was pending when
// it began (written before its first word): the mark starts after it.
func (w *inlineText) close(m Mark) {
	s := w.sb.String()
	if m.Start < len(s) && s[m.Start] == ' ' {
		m.Start++
	}
	if m.End = len(s); m.Start < m.End {
		w.marks = append(w.marks, m)
	}
}

// take returns the line with its marks and resets w; marks still open go on over the
// next line.
func (w *inlineText) take() (string, []Mark) {
	for _, m := range w.open {
		w.close(m)
	}
	s, marks := w.sb.String(), w.marks
	for i := range w.open {
		w.open[i].Start = 0
	}
	w.sb.Reset()
	w.space = false
	w.marks = nil
	return s, marks
}

// text returns the line without marks and resets w.
func (w *inlineText) text() string {
	s, _ := w.take()
	return s
}
