package ingest

import (
	"cmp"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	mdhtml "github.com/gemella/gemella/internal/markdown"
)

// List items as the builder writes them ("- ", "3. ") and as text and PDF documents
// often have them ("• ", "3) ").
var (
	bulletItem   = regexp.MustCompile(`^[-•–*]\s+`)
	numberedItem = regexp.MustCompile(`^(\d{1,3})[.)]\s+`)
)

// PassageHTML renders a passage for reading, as sanitised HTML: blank lines part
// paragraphs, list item lines make lists (consecutive items one list, numbered ones
// keeping their numbers), and marks become <strong>, <em> and links. Passages stored
// before they had marks render the same way without them.
func PassageHTML(text string, marks []Mark) string {
	marks = validMarks(text, marks)
	var sb strings.Builder
	block := "" // the open element: "p", "ul" or "ol"
	next := 0   // the number the open "ol" expects next
	open := func(tag, attrs string) {
		if block != "" {
			sb.WriteString("</" + block + ">\n")
		}
		block = tag
		if tag != "" {
			sb.WriteString("<" + tag + attrs + ">")
		}
	}
	for start := 0; start < len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		line := strings.TrimSpace(text[start:end])
		from := start + strings.Index(text[start:end], line)
		to := from + len(line)
		switch {
		case line == "":
			open("", "")
		case bulletItem.MatchString(line):
			if block != "ul" {
				open("ul", "")
			}
			sb.WriteString("<li>")
			writeInline(&sb, text, from+len(bulletItem.FindString(line)), to, marks)
			sb.WriteString("</li>")
		case numberedItem.MatchString(line):
			m := numberedItem.FindStringSubmatch(line)
			n, _ := strconv.Atoi(m[1])
			if block != "ol" || n != next {
				attrs := ""
				if n != 1 {
					attrs = ` start="` + m[1] + `"`
				}
				open("ol", attrs)
			}
			next = n + 1
			sb.WriteString("<li>")
			writeInline(&sb, text, from+len(m[0]), to, marks)
			sb.WriteString("</li>")
		default:
			// A paragraph's lines are the document's visual lines (PDF, text): one flow.
			if block == "p" {
				sb.WriteByte('\n')
			} else {
				open("p", "")
			}
			writeInline(&sb, text, from, to, marks)
		}
		start = end + 1
	}
	open("", "")
	return mdhtml.Sanitize(sb.String())
}

// validMarks drops marks that do not fit text (stored data is not trusted to).
func validMarks(text string, marks []Mark) []Mark {
	out := make([]Mark, 0, len(marks))
	for _, m := range marks {
		fits := 0 <= m.Start && m.Start < m.End && m.End <= len(text) &&
			utf8.RuneStart(text[m.Start]) && (m.End == len(text) || utf8.RuneStart(text[m.End]))
		if fits && (m.Kind == MarkStrong || m.Kind == MarkEm || m.Kind == MarkLink && followable(m.Href)) {
			out = append(out, m)
		}
	}
	slices.SortStableFunc(out, outerFirst)
	return out
}

// followable reports whether a link goes to a web page, a mail address or a path of
// this site; others (javascript:, data:, file:) keep their text without the link. The
// sanitiser would drop their address anyway, but leave an empty <a>.
func followable(href string) bool {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil || href == "" {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https", "mailto":
		return true
	}
	return false
}

// outerFirst orders marks by start, the longer one first.
func outerFirst(a, b Mark) int {
	return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End))
}

// writeInline writes text[from:to] escaped, with the marks over it as elements. Marks that
// overlap without nesting close and reopen around each other, so the HTML stays well formed.
func writeInline(sb *strings.Builder, text string, from, to int, marks []Mark) {
	var in []Mark
	for _, m := range marks {
		if s, e := max(m.Start, from), min(m.End, to); s < e {
			m.Start, m.End = s, e
			in = append(in, m)
		}
	}
	slices.SortStableFunc(in, outerFirst)
	var stack []Mark
	openTag := func(m Mark) {
		if m.Kind == MarkLink {
			sb.WriteString(`<a href="` + html.EscapeString(m.Href) + `" rel="nofollow noopener">`)
		} else {
			sb.WriteString("<" + string(m.Kind) + ">")
		}
		stack = append(stack, m)
	}
	// closeTo closes the lowest open mark that ends at pos and everything above it, then
	// reopens those above that go on.
	closeTo := func(pos int) {
		low := slices.IndexFunc(stack, func(m Mark) bool { return m.End <= pos })
		if low < 0 {
			return
		}
		above := slices.Clone(stack[low:])
		for i := len(stack) - 1; i >= low; i-- {
			sb.WriteString("</" + string(stack[i].Kind) + ">")
		}
		stack = stack[:low]
		for _, m := range above {
			if m.End > pos {
				openTag(m)
			}
		}
	}
	i := 0
	for pos := from; pos < to; {
		closeTo(pos)
		for ; i < len(in) && in[i].Start == pos; i++ {
			openTag(in[i])
		}
		next := to
		for _, m := range stack {
			next = min(next, m.End)
		}
		if i < len(in) {
			next = min(next, in[i].Start)
		}
		sb.WriteString(html.EscapeString(text[pos:next]))
		pos = next
	}
	closeTo(to)
}
