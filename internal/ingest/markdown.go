package ingest

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// markdown parses CommonMark plus GitHub tables and strikethrough, which
// guideline authors use; the other extensions only change rendering.
var markdown = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))

func parseMarkdown(src string) (*Document, error) {
	source := []byte(stripFrontMatter(src))
	root := markdown.Parser().Parse(text.NewReader(source))
	w := &mdWalker{b: newBuilder(KindMarkdown), src: source}
	// The visitor never fails.
	_ = ast.Walk(root, w.visit)
	w.flushLine()
	doc, err := w.b.finish()
	if err != nil {
		return nil, err
	}
	doc.Title = w.title
	return doc, nil
}

// mdWalker turns goldmark's AST into builder calls: headings (ATX and
// setext alike) open sections, paragraphs are separated by blank lines, list
// items and table rows are lines of their own, and of inline markup the text
// is kept (link text, not URLs; image alt text; code as is), with bold,
// italics and links as marks over it.
type mdWalker struct {
	b         *builder
	src       []byte
	line      inlineText
	inHeading bool
	title     string
}

func (w *mdWalker) visit(n ast.Node, entering bool) (ast.WalkStatus, error) {
	switch n := n.(type) {
	case *ast.Heading:
		if entering {
			w.endParagraph()
			w.inHeading = true
			break
		}
		w.inHeading = false
		t := w.line.text()
		if n.Level == 1 && w.title == "" {
			w.title = t
		}
		w.b.heading(n.Level, t, 0)
	case *ast.Text:
		if !entering {
			break
		}
		w.line.write(textValue(n, w.src))
		switch {
		case n.HardLineBreak() && !w.inHeading:
			w.flushLine()
		case n.SoftLineBreak() || n.HardLineBreak():
			w.line.write(" ")
		}
	case *ast.String:
		if entering {
			w.line.write(string(n.Value))
		}
	case *ast.Emphasis:
		kind := MarkEm
		if n.Level >= 2 {
			kind = MarkStrong
		}
		if entering {
			w.line.begin(kind, "")
		} else {
			w.line.end(kind)
		}
	case *ast.Link:
		if entering {
			w.line.begin(MarkLink, string(n.Destination))
		} else {
			w.line.end(MarkLink)
		}
	case *ast.AutoLink:
		if entering {
			href := string(n.URL(w.src))
			if n.AutoLinkType == ast.AutoLinkEmail {
				href = "mailto:" + href
			}
			w.line.begin(MarkLink, href)
			w.line.write(string(n.Label(w.src)))
			w.line.end(MarkLink)
		}
		return ast.WalkSkipChildren, nil
	case *ast.RawHTML:
		if !entering {
			break
		}
		raw := n.Segments.Value(w.src)
		if !w.inHeading && isBreakTag(raw) {
			w.flushLine()
		} else if kind, closing, ok := inlineTag(raw); ok && closing {
			w.line.end(kind)
		} else if ok {
			w.line.begin(kind, "")
		}
		return ast.WalkSkipChildren, nil
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		if entering {
			w.endParagraph()
			lines := n.Lines()
			for i := range lines.Len() {
				seg := lines.At(i)
				w.b.line(string(seg.Value(w.src)), 0)
			}
			w.endParagraph()
		}
		return ast.WalkSkipChildren, nil
	case *ast.HTMLBlock:
		if entering {
			w.htmlBlock(n)
		}
		return ast.WalkSkipChildren, nil
	case *ast.Paragraph:
		if !entering {
			w.flushLine()
			if _, inItem := n.Parent().(*ast.ListItem); !inItem {
				w.b.paragraph()
			}
		}
	case *ast.List:
		if _, nested := n.Parent().(*ast.ListItem); !entering && !nested {
			w.endParagraph()
		}
	case *ast.ListItem:
		if entering {
			w.flushLine()
			w.line.write(listMarker(n.Parent().(*ast.List), n))
		} else {
			w.flushLine()
		}
	case *ast.TextBlock, *east.TableRow, *east.TableHeader:
		if !entering {
			w.flushLine()
		}
	case *east.TableCell:
		if entering && n.PreviousSibling() != nil {
			w.line.write(" | ")
		}
	case *ast.Blockquote, *ast.ThematicBreak, *east.Table:
		if !entering {
			w.endParagraph()
		}
	}
	return ast.WalkContinue, nil
}

func (w *mdWalker) flushLine() {
	if s, marks := w.line.take(); s != "" {
		w.b.markedLine(s, marks, 0)
	}
}

func (w *mdWalker) endParagraph() {
	w.flushLine()
	w.b.paragraph()
}

// htmlBlock extracts the text of raw HTML embedded in Markdown with the
// HTML extractor, so that an <h2> there opens a section as in HTML files.
func (w *mdWalker) htmlBlock(n *ast.HTMLBlock) {
	w.endParagraph()
	var raw strings.Builder
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		raw.Write(seg.Value(w.src))
	}
	if n.HasClosure() {
		raw.Write(n.ClosureLine.Value(w.src))
	}
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(raw.String()), body)
	if err != nil {
		return // only reader errors, impossible with a strings.Reader
	}
	hw := &htmlWalker{b: w.b}
	for _, node := range nodes {
		hw.walk(node)
	}
	hw.endParagraph()
	if w.title == "" {
		w.title = hw.h1
	}
}

// textValue returns the text of a Text node with backslash escapes and
// entity references resolved, as goldmark's HTML renderer would.
func textValue(t *ast.Text, src []byte) string {
	v := t.Value(src)
	if !t.IsRaw() {
		v = util.UnescapePunctuations(v)
		v = util.ResolveNumericReferences(v)
		v = util.ResolveEntityNames(v)
	}
	return string(v)
}

// isBreakTag reports whether raw inline HTML is a <br> tag.
func isBreakTag(raw []byte) bool {
	tag := strings.ToLower(strings.TrimLeft(string(raw), "<"))
	return tag == "br>" || strings.HasPrefix(tag, "br ") || strings.HasPrefix(tag, "br/")
}

// inlineTag reads raw inline HTML that is a bold or italic tag, opening or closing
// ("<strong>", "</em>", "<b class=x>"); links in raw HTML keep their text only.
func inlineTag(raw []byte) (kind MarkKind, closing, ok bool) {
	tag := strings.ToLower(strings.TrimPrefix(string(raw), "<"))
	tag, closing = strings.CutPrefix(tag, "/")
	name, _, _ := strings.Cut(strings.TrimRight(tag, ">"), " ")
	switch name {
	case "strong", "b":
		return MarkStrong, closing, true
	case "em", "i":
		return MarkEm, closing, true
	}
	return "", false, false
}

// stripFrontMatter removes a leading YAML front matter block ("---",
// "key: value" lines, "---") as static-site tools write it: goldmark would
// read it as a thematic break and a setext heading.
func stripFrontMatter(s string) string {
	rest, ok := strings.CutPrefix(s, "---\n")
	if !ok {
		return s
	}
	end := strings.Index(rest, "\n---\n")
	if end < 0 {
		return s
	}
	first, _, _ := strings.Cut(rest, "\n")
	if key, _, ok := strings.Cut(first, ":"); !ok || key == "" || strings.ContainsAny(key, " \t") {
		return s
	}
	return rest[end+len("\n---\n"):]
}

// listMarker starts a list item's line with "- " or its number ("3. "), so that the
// guideline page shows the list as one (see ListItemPrefix).
func listMarker(list *ast.List, item *ast.ListItem) string {
	if !list.IsOrdered() {
		return "- "
	}
	n := list.Start
	for c := list.FirstChild(); c != nil && c != item; c = c.NextSibling() {
		n++
	}
	return strconv.Itoa(n) + ". "
}
