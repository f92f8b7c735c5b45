// Package markdown renders users' Markdown to HTML that is safe to put in a page: no
// scripts, no event handlers, no javascript: URLs, and links that pass no authority.
package markdown

import (
	"bytes"
	"regexp"
	"strconv"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/gemella/gemella/internal/plaintext"
)

const linkRel = "nofollow noopener"

var (
	// Raw HTML goes through goldmark untouched and bluemonday decides what of it stays:
	// dropping it in goldmark would lose the text on the same line as a tag ("<script>…
	// </script> testo" would show nothing), while bluemonday keeps the text, strips scripts
	// with their content, and also removes what Markdown itself can express, such as
	// javascript: links.
	md = goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(relTransformer{}, 100))),
		goldmark.WithRendererOptions(html.WithUnsafe()),
	)
	policy = newPolicy()
)

// ownFiles is where an image may come from: the site's own files. An image from
// elsewhere would tell its server who reads the page, and when.
var ownFiles = regexp.MustCompile(`^/files/[A-Za-z0-9_-]+$`)

func newPolicy() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.RequireNoFollowOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
	p.AllowAttrs("rel").Matching(regexp.MustCompile("^" + linkRel + "$")).OnElements("a")
	p.AllowAttrs("checked", "disabled", "type").OnElements("input")
	p.AllowAttrs("start").Matching(bluemonday.Integer).OnElements("ol")
	return p
}

// relTransformer marks every link nofollow (no endorsement of what users link to) and
// noopener (the target page gets no handle on ours), and turns an image from elsewhere
// into a link to it named by its description (see ownFiles).
type relTransformer struct{}

func (relTransformer) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	var images []*ast.Image
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) { //nolint:errcheck // the walker returns no error
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link, *ast.AutoLink:
			n.SetAttributeString("rel", []byte(linkRel))
		case *ast.Image:
			if !ownFiles.Match(n.Destination) {
				images = append(images, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, img := range images {
		link := ast.NewLink()
		link.Destination, link.Title = img.Destination, img.Title
		link.SetAttributeString("rel", []byte(linkRel))
		for c := img.FirstChild(); c != nil; c = img.FirstChild() {
			link.AppendChild(link, c)
		}
		if !link.HasChildren() {
			link.AppendChild(link, ast.NewString(img.Destination))
		}
		img.Parent().ReplaceChild(img.Parent(), img, link)
	}
}

// Sanitize keeps of HTML what rendered Markdown may hold, with the same rules for links:
// for HTML built from other sources (a guideline's passages with their marks).
func Sanitize(html string) string {
	return policy.Sanitize(plaintext.Neutralise(html))
}

var (
	// The sanitiser writes every tag whole, its attributes quoted and escaped: a tag is
	// matched to its ">".
	imgTag   = regexp.MustCompile(`<img\s[^>]*>`)
	ownSrc   = regexp.MustCompile(`\ssrc="/files/[A-Za-z0-9_-]+"`)
	headings = regexp.MustCompile(`<(/?)h([1-6])([\s>])`)
	// An id in a body could take a name the page gives its own parts (a message's anchor).
	idAttr = regexp.MustCompile(`\sid="[^"]*"`)
)

// headingShift is how far a body's headings go down: under the page's title and sections.
const headingShift = 2

// underThePage drops the images from elsewhere that raw HTML held and the ids it gave,
// and puts a body's headings under the page's own (its title, its sections): "#" or <h1>
// is an h3.
func underThePage(html string) string {
	html = idAttr.ReplaceAllString(html, "")
	html = imgTag.ReplaceAllStringFunc(html, func(tag string) string {
		if ownSrc.MatchString(tag) {
			return tag
		}
		return ""
	})
	return headings.ReplaceAllStringFunc(html, func(tag string) string {
		m := headings.FindStringSubmatch(tag)
		level := min(int(m[2][0]-'0')+headingShift, 6)
		return "<" + m[1] + "h" + strconv.Itoa(level) + m[3]
	})
}

// ToHTML renders Markdown to sanitised HTML. Characters that reorder or hide text are
// removed first, so that a link's text cannot pose as another file or address.
func ToHTML(src string) string {
	src = plaintext.Neutralise(src)
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		// goldmark writes to a buffer and cannot fail; keep the text rather than lose it.
		return underThePage(policy.Sanitize(src))
	}
	return underThePage(policy.Sanitize(buf.String()))
}
