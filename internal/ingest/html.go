package ingest

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func parseHTML(src string) (*Document, error) {
	root, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return nil, ErrUnreadable // only reader errors, impossible with a strings.Reader
	}
	w := &htmlWalker{b: newBuilder(KindHTML)}
	w.walk(root)
	w.flushLine()
	doc, err := w.b.finish()
	if err != nil {
		return nil, err
	}
	// Uploaded pages are often saved from a site or exported from a word
	// processor, whose <title> is then the site name or the file name: the
	// first <h1> is more likely the document's own title.
	doc.Title = w.h1
	if doc.Title == "" {
		doc.Title = w.title
	}
	return doc, nil
}

// skippedElements hold no document text: code, styles, navigation menus,
// the head (whose <title> is read separately), embedded objects.
var skippedElements = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Nav: true, atom.Head: true,
	atom.Noscript: true, atom.Template: true, atom.Svg: true, atom.Math: true,
	atom.Iframe: true, atom.Object: true, atom.Embed: true, atom.Canvas: true,
	atom.Select: true, atom.Button: true,
}

// paragraphElements are block elements that separate paragraphs.
var paragraphElements = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true,
	atom.Main: true, atom.Header: true, atom.Footer: true, atom.Aside: true,
	atom.Blockquote: true, atom.Ul: true, atom.Ol: true, atom.Dl: true,
	atom.Table: true, atom.Form: true, atom.Fieldset: true, atom.Figure: true,
	atom.Address: true, atom.Hr: true, atom.Details: true, atom.Body: true,
}

// lineElements are block elements that are lines of their own.
var lineElements = map[atom.Atom]bool{
	atom.Li: true, atom.Dt: true, atom.Dd: true, atom.Tr: true,
	atom.Caption: true, atom.Figcaption: true, atom.Summary: true,
	atom.Legend: true, atom.Thead: true, atom.Tbody: true, atom.Tfoot: true,
}

var headingLevels = map[atom.Atom]int{
	atom.H1: 1, atom.H2: 2, atom.H3: 3, atom.H4: 4, atom.H5: 5, atom.H6: 6,
}

// htmlWalker turns an HTML tree into builder calls: h1–h6 open sections,
// block elements end lines or paragraphs, table cells are separated by " | ".
type htmlWalker struct {
	b     *builder
	line  inlineText
	title string // <title>
	h1    string // first <h1>
	// marker is the list item marker that the item's first text starts with (the text may
	// sit in a <p> inside the <li>).
	marker string
}

func (w *htmlWalker) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		if w.marker != "" && strings.TrimSpace(n.Data) != "" {
			w.line.write(w.marker)
			w.marker = ""
		}
		w.line.write(n.Data)
		return
	case html.DocumentNode:
		w.children(n)
		return
	case html.ElementNode:
	default:
		return // comments, doctype
	}
	if n.DataAtom == atom.Head {
		w.readTitle(n)
		return
	}
	if skippedElements[n.DataAtom] || hasAttr(n, "hidden") {
		return
	}
	if level, ok := headingLevels[n.DataAtom]; ok {
		w.endParagraph()
		t := textContent(n)
		if level == 1 && w.h1 == "" {
			w.h1 = t
		}
		w.b.heading(level, t, 0)
		return
	}
	if kind, href := inlineMark(n); kind != "" {
		w.line.begin(kind, href)
		w.children(n)
		w.line.end(kind)
		return
	}
	switch n.DataAtom {
	case atom.Br:
		w.flushLine()
		return
	case atom.Pre:
		// Preformatted text keeps its lines.
		w.endParagraph()
		for l := range strings.SplitSeq(rawText(n), "\n") {
			w.b.line(l, 0)
		}
		w.endParagraph()
		return
	case atom.Td, atom.Th:
		if prevElementSibling(n) != nil {
			w.line.write(" | ")
		}
	}
	block, line := paragraphElements[n.DataAtom], lineElements[n.DataAtom]
	switch {
	case block:
		w.endParagraph()
	case line:
		w.flushLine()
	}
	if n.DataAtom == atom.Li {
		w.marker = htmlListMarker(n)
	}
	w.children(n)
	switch {
	case block:
		w.endParagraph()
	case line:
		w.flushLine()
	}
}

func (w *htmlWalker) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
}

func (w *htmlWalker) readTitle(head *html.Node) {
	for c := head.FirstChild; c != nil; c = c.NextSibling {
		if c.DataAtom == atom.Title && w.title == "" {
			w.title = textContent(c)
		}
	}
}

func (w *htmlWalker) flushLine() {
	if s, marks := w.line.take(); s != "" {
		w.b.markedLine(s, marks, 0)
	}
}

// inlineMark is the mark an inline element makes: bold, italics, a link with an address.
func inlineMark(n *html.Node) (MarkKind, string) {
	switch n.DataAtom {
	case atom.Strong, atom.B:
		return MarkStrong, ""
	case atom.Em, atom.I:
		return MarkEm, ""
	case atom.A:
		for _, a := range n.Attr {
			if a.Key == "href" && strings.TrimSpace(a.Val) != "" {
				return MarkLink, strings.TrimSpace(a.Val)
			}
		}
	}
	return "", ""
}

func (w *htmlWalker) endParagraph() {
	w.flushLine()
	w.b.paragraph()
}

// textContent returns the visible text inside n on one line.
func textContent(n *html.Node) string {
	var it inlineText
	it.write(rawText(n))
	return it.text()
}

// rawText concatenates the text nodes inside n, skipping invisible elements,
// with a line break for each <br>.
func rawText(n *html.Node) string {
	var sb strings.Builder
	var visit func(*html.Node)
	visit = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			sb.WriteString(n.Data)
		case n.Type == html.ElementNode && n.DataAtom == atom.Br:
			sb.WriteByte('\n')
		case n.Type == html.ElementNode && (skippedElements[n.DataAtom] || hasAttr(n, "hidden")):
		default:
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				visit(c)
			}
		}
	}
	visit(n)
	return sb.String()
}

func prevElementSibling(n *html.Node) *html.Node {
	for s := n.PrevSibling; s != nil; s = s.PrevSibling {
		if s.Type == html.ElementNode {
			return s
		}
	}
	return nil
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// htmlListMarker is listMarker for an <li>: "- " in a <ul>, its number in an <ol>.
func htmlListMarker(li *html.Node) string {
	if li.Parent == nil || li.Parent.DataAtom != atom.Ol {
		return "- "
	}
	n := 1
	for _, a := range li.Parent.Attr {
		if a.Key == "start" {
			if v, err := strconv.Atoi(strings.TrimSpace(a.Val)); err == nil {
				n = v
			}
		}
	}
	for c := li.Parent.FirstChild; c != nil && c != li; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Li {
			n++
		}
	}
	return strconv.Itoa(n) + ". "
}
