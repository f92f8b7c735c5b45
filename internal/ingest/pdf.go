package ingest

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// Page tree limits: a malformed (cyclic) tree must not make the walk endless.
const (
	maxPageNodes     = 100_000
	maxPageTreeDepth = 64
)

// Line reconstruction thresholds, in units of the font size.
const (
	// sameLine: glyphs whose baselines differ by less than this are on the
	// same line (superscripts and subscripts included).
	sameLine = 0.5
	// wordGap: a horizontal gap wider than this between two glyphs is a
	// space. Spaces are about 0.25–0.3 em wide, kerning inside words and
	// letter spacing of justified text far less.
	wordGap = 0.15
	// backJump: a glyph this far left of where the previous one ended starts
	// a new word (text drawn out of order on the same baseline).
	backJump = 1.0
	// defaultFontSize is used when the text matrix hides the size (rotated
	// text).
	defaultFontSize = 10.0
)

// paragraphGap: a step between two lines larger than this many times the
// page's usual line spacing starts a new paragraph.
const paragraphGap = 1.3

// parsePDF extracts the text page by page, streaming glyphs into lines, so
// that memory holds one page's parsing state and the text lines found so far
// (bounded by MaxTextChars), never a whole document's intermediate
// structures. The lines are then sectioned with the plain text heuristics.
// The PDF library panics on some malformed files: a page whose content makes
// it panic is skipped, and the document is ErrUnreadable if no page could be
// read; a panic elsewhere (cross-reference table, page tree) makes it
// ErrUnreadable too.
func parsePDF(f io.ReaderAt, size int64) (doc *Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("%w: malformed PDF: %v", ErrUnreadable, r)
		}
	}()
	r, err := pdf.NewReader(f, size)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	var pages [][]string
	chars, failed := 0, 0
	err = walkPages(r.Trailer().Key("Root").Key("Pages"), func(p pdf.Page) error {
		lines, ok := pageLines(p)
		if !ok {
			failed++
		}
		for _, l := range lines {
			chars += utf8.RuneCountInString(l)
		}
		if chars > MaxTextChars {
			return fmt.Errorf("%w: more than %d characters", ErrTooLarge, MaxTextChars)
		}
		pages = append(pages, lines)
		return nil
	})
	switch {
	case err != nil:
		return nil, err
	case failed > 0 && failed == len(pages):
		return nil, fmt.Errorf("%w: no readable page", ErrUnreadable)
	}
	if doc, err = sectionPages(pages); err != nil {
		return nil, err
	}
	doc.Title = strings.Join(strings.Fields(cleanText(r.Trailer().Key("Info").Key("Title").Text())), " ")
	return doc, nil
}

// sectionPages turns the text lines of each page into a document.
func sectionPages(pages [][]string) (*Document, error) {
	dropRunningLines(pages)
	var lines []textLine
	for i, page := range pages {
		for _, l := range page {
			lines = append(lines, textLine{text: l, page: i + 1})
		}
	}
	b := newBuilder(KindPDF)
	sectionLines(b, lines)
	return b.finish()
}

// walkPages calls visit for each page in document order. It walks the page
// tree itself rather than calling Reader.Page for each number, which
// re-reads the tree from the root every time (quadratic in the pages).
func walkPages(root pdf.Value, visit func(pdf.Page) error) error {
	nodes := 0
	var walk func(node pdf.Value, depth int) error
	walk = func(node pdf.Value, depth int) error {
		nodes++
		if nodes > maxPageNodes || depth > maxPageTreeDepth {
			return fmt.Errorf("%w: page tree too large or cyclic", ErrUnreadable)
		}
		kids := node.Key("Kids")
		if kids.Kind() != pdf.Array {
			// A leaf. Its /Type should be /Page, but some producers omit it.
			if node.Kind() == pdf.Dict {
				return visit(pdf.Page{V: node})
			}
			return nil
		}
		for i := range kids.Len() {
			if err := walk(kids.Index(i), depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(root, 0)
}

// pageLines returns the text lines of a page, "" between paragraphs; ok is
// false if the PDF library panicked on the page.
func pageLines(p pdf.Page) (lines []string, ok bool) {
	defer func() {
		if recover() != nil {
			lines, ok = nil, false
		}
	}()
	var a lineAssembler
	pageGlyphs(p, a.add)
	return paragraphs(a.finish()), true
}

// pdfLine is a line of text rebuilt from glyph positions.
type pdfLine struct {
	text string
	y    float64 // baseline
	size float64 // largest font size on the line
}

// lineAssembler rebuilds lines from the glyphs of a page, which come in
// content stream order: the reading order for nearly all producers (columns
// included). So glyphs are kept in that order; positions only decide where
// a line ends (the baseline moves) and where a space goes (a gap wider than
// wordGap, since many producers position words instead of drawing space
// characters).
//
// For fonts without any known widths (a non-standard font whose file omits
// them) glyphs have w = 0 and the glyphs of one string share their x, moved
// only by TJ adjustments. Taking w = 0 at face value keeps that right: the
// gap is then exactly the adjustment, small inside words and about a space
// between them.
type lineAssembler struct {
	lines   []pdfLine
	cur     strings.Builder
	line    pdfLine
	end     float64 // x where the previous glyph ends
	open    bool
	spacing bool // a space glyph was drawn since the previous glyph
}

func (a *lineAssembler) add(g glyph) {
	size := g.size
	if size < 1 {
		size = defaultFontSize
	}
	switch {
	case g.s == "" || strings.IndexFunc(g.s, unicode.IsControl) >= 0:
		return
	case strings.TrimSpace(g.s) == "":
		a.spacing = true
		a.end = g.x + g.w
		return
	}
	if a.open && math.Abs(g.y-a.line.y) > sameLine*max(size, a.line.size) {
		a.closeLine()
	}
	if !a.open {
		a.open = true
		a.line = pdfLine{y: g.y, size: size}
	} else if gap := g.x - a.end; a.spacing || gap > wordGap*size || gap < -backJump*size {
		a.cur.WriteByte(' ')
	}
	a.cur.WriteString(g.s)
	a.line.size = max(a.line.size, size)
	a.end = g.x + g.w
	a.spacing = false
}

func (a *lineAssembler) closeLine() {
	if a.open {
		a.line.text = strings.TrimSpace(a.cur.String())
		a.lines = append(a.lines, a.line)
		a.cur.Reset()
		a.open = false
	}
}

// finish returns the lines of the page.
func (a *lineAssembler) finish() []pdfLine {
	a.closeLine()
	return a.lines
}

// paragraphs returns the lines' text with "" where a paragraph ends: where
// the step to the next line is well above the page's usual line spacing
// (scaled to the line's font size), or where the text moves up (a new
// column or block). Words hyphenated across two lines of a paragraph are
// joined, and so are the lines of a heading that wraps: consecutive lines
// of one font size larger than the body text's.
func paragraphs(lines []pdfLine) []string {
	var steps []float64
	for i := 1; i < len(lines); i++ {
		if d := lines[i-1].y - lines[i].y; d > 0 && d <= 3*lines[i].size {
			steps = append(steps, d)
		}
	}
	leading := 0.0
	if len(steps) > 0 {
		slices.Sort(steps)
		leading = steps[len(steps)/2]
	}
	body := bodySize(lines)
	var out []string
	for i, l := range lines {
		if i > 0 {
			prev := lines[i-1]
			d := prev.y - l.y
			if d <= 0 || leading > 0 && d > paragraphGap*leading*l.size/body || leading == 0 && d > 2*l.size {
				out = append(out, "")
			} else if n := len(out); l.size >= largeText*body && math.Abs(prev.size-l.size) < 0.5 &&
				!endsSentence(out[n-1]) && !hyphenated(out[n-1], l.text) {
				out[n-1] += " " + l.text
				continue
			}
		}
		if n := len(out); n > 0 && hyphenated(out[n-1], l.text) {
			out[n-1] = out[n-1][:len(out[n-1])-1] + l.text
			continue
		}
		out = append(out, l.text)
	}
	return out
}

// largeText is the font size, relative to the body text's, from which a
// line is display text: a heading or a title.
const largeText = 1.15

// bodySize returns the font size of most of the text of a page.
func bodySize(lines []pdfLine) float64 {
	chars := make(map[float64]int)
	best, most := defaultFontSize, 0
	for _, l := range lines {
		size := math.Round(l.size*2) / 2
		chars[size] += len(l.text)
		if chars[size] > most {
			best, most = size, chars[size]
		}
	}
	return best
}

// hyphenated reports whether a word is split between line a, which ends
// with a letter and a hyphen, and line b, which starts with a lowercase
// letter ("fami-" "glia").
func hyphenated(a, b string) bool {
	rest, ok := strings.CutSuffix(a, "-")
	if !ok {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(rest)
	first, _ := utf8.DecodeRuneInString(b)
	return unicode.IsLetter(last) && unicode.IsLower(first)
}

// runningEdge is how many lines at the top and at the bottom of a page may
// be running headers or footers.
const runningEdge = 2

// dropRunningLines removes running headers and footers: lines that recur,
// digits aside ("Pagina 3 di 40"), among the first or last runningEdge lines
// of at least 40% of the pages, and of at least 3. Left in, they would repeat
// in passages and, being often in capitals, open bogus sections.
func dropRunningLines(pages [][]string) {
	if len(pages) < 3 {
		return
	}
	threshold := max(3, (len(pages)*4+9)/10)
	count := make(map[string]int)
	for _, p := range pages {
		seen := make(map[string]bool)
		for _, i := range edgeLines(p) {
			if k := runningKey(p[i]); !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
	}
	for n, p := range pages {
		var drop []int
		for _, i := range edgeLines(p) {
			if count[runningKey(p[i])] >= threshold {
				drop = append(drop, i)
			}
		}
		if len(drop) == 0 {
			continue
		}
		kept := p[:0:0]
		for i, l := range p {
			if !slices.Contains(drop, i) {
				kept = append(kept, l)
			}
		}
		pages[n] = kept
	}
}

// edgeLines returns the indexes of the first and last runningEdge non-blank
// lines of a page.
func edgeLines(page []string) []int {
	var idx []int
	for i := 0; i < len(page) && len(idx) < runningEdge; i++ {
		if page[i] != "" {
			idx = append(idx, i)
		}
	}
	top := len(idx)
	for i := len(page) - 1; i >= 0 && len(idx) < top+runningEdge; i-- {
		if page[i] != "" && !slices.Contains(idx, i) {
			idx = append(idx, i)
		}
	}
	return idx
}

// runningKey is a line with digits masked and case folded, so that "Pagina
// 3" and "Pagina 4" compare equal. Numbered headings ("1. Premessa",
// "Capitolo 2") keep their digits: chapters starting on a new page must not
// pass for a running header.
func runningKey(line string) string {
	if _, ok := classifyHeading(line); ok && !isAllCaps(line) {
		return strings.ToLower(line)
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return '#'
		}
		return unicode.ToLower(r)
	}, line)
}
