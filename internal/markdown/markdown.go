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
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

const linkRel = "nofollow noopener"

var (
	// Raw HTML in Markdown is dropped by goldmark (no WithUnsafe); bluemonday then strips
	// anything dangerous that Markdown itself can express, such as javascript: links.
	md = goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(relTransformer{}, 100))),
	)
	policy = newPolicy()
)

func newPolicy() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.RequireNoFollowOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
	p.AllowAttrs("rel").Matching(regexp.MustCompile("^" + linkRel + "$")).OnElements("a")
	p.AllowAttrs("checked", "disabled", "type").OnElements("input")
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

// ToHTML renders Markdown to sanitised HTML.
func ToHTML(src string) string {
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		// goldmark writes to a buffer and cannot fail; keep the text rather than lose it.
		return policy.Sanitize(src)
	}
	return policy.Sanitize(buf.String())
}
