// Package markdown renders users' Markdown to HTML that is safe to put in a page: no
// scripts, no event handlers, no javascript: URLs, and links that pass no authority.
package markdown

import (
	"bytes"
	"regexp"

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
// noopener (the target page gets no handle on ours).
type relTransformer struct{}

func (relTransformer) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) { //nolint:errcheck // the walker returns no error
		if entering && (n.Kind() == ast.KindLink || n.Kind() == ast.KindAutoLink) {
			n.SetAttributeString("rel", []byte(linkRel))
		}
		return ast.WalkContinue, nil
	})
}

// Sanitize keeps of HTML what rendered Markdown may hold, with the same rules for links:
// for HTML built from other sources (a guideline's passages with their marks).
func Sanitize(html string) string {
	return policy.Sanitize(plaintext.Neutralise(html))
}

// ToHTML renders Markdown to sanitised HTML. Characters that reorder or hide text are
// removed first, so that a link's text cannot pose as another file or address.
func ToHTML(src string) string {
	src = plaintext.Neutralise(src)
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		// goldmark writes to a buffer and cannot fail; keep the text rather than lose it.
		return policy.Sanitize(src)
	}
	return policy.Sanitize(buf.String())
}
