package graph

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/gemella/gemella/graph/generated"
)

// FuzzRequestShape: whatever document a client sends, the shape check answers without
// panicking, and what it lets through is within every limit once fragments are expanded.
func FuzzRequestShape(f *testing.F) {
	for _, s := range []string{
		"{ __typename }",
		"query { ...F2 } fragment F0 on Query { __typename } fragment F1 on Query { ...F0 ...F0 } fragment F2 on Query { ...F1 ...F1 }",
		"query { ...A } fragment A on Query { ...A }",
		"{ a: questions(first: 1) { edges { node { id @skip(if: true) } } } }",
		"mutation { login(input: {email: \"a@b.it\", password: \"x\"}) { token } }",
		"{ " + strings.Repeat("a { ", 20) + strings.Repeat("} ", 20) + "}",
		"{",
	} {
		f.Add(s)
	}
	l := &limits{validated: lru.New[*ast.QueryDocument](10)}
	f.Fuzz(func(t *testing.T, query string) {
		err := l.MutateOperationParameters(context.Background(), &graphql.RawParams{Query: query})
		if err != nil || query == "" {
			return
		}
		doc, perr := parser.ParseQueryWithTokenLimit(&ast.Source{Input: query}, MaxTokens)
		require.NoError(t, perr, "accepted documents parse")
		e := newExpansion(doc.Fragments)
		for _, op := range doc.Operations {
			m := e.measure(op.SelectionSet)
			require.LessOrEqual(t, m.fields, MaxExpandedFields)
			if !onlyIntrospection(op.SelectionSet) {
				require.LessOrEqual(t, m.depth, MaxDepth)
			}
		}
	})
}

// TestExpansionIsLinear: a fragment spread a thousand times over is measured once.
func TestExpansionIsLinear(t *testing.T) {
	var b strings.Builder
	b.WriteString("query { ...F60 } fragment F0 on Query { __typename }")
	for i := 1; i <= 60; i++ {
		fmt.Fprintf(&b, " fragment F%d on Query { ...F%d ...F%d }", i, i-1, i-1)
	}
	doc, err := parser.ParseQuery(&ast.Source{Input: b.String()})
	require.NoError(t, err)
	m := newExpansion(doc.Fragments).measure(doc.Operations[0].SelectionSet)
	require.Equal(t, MaxExpandedFields+1, m.fields, "2^60 fields, counted up to the limit without overflow")
}

// questionPage is the contract's QuestionPage query, the web app's heaviest.
const questionPage = `query QuestionPage($id: ID!) {
  node(id: $id) {
    ... on Question {
      id title body bodyHTML score tags createdAt
      author { displayName }
      acceptedAnswer { id }
      answers(first: 50) { totalCount edges { node { id bodyHTML score createdAt author { displayName } } } }
    }
  }
}`

// BenchmarkShapeCheck is what the check before validation adds to a query seen for the
// first time (a cached one skips it), against parsing and validating it, as gqlgen does
// next in the same request.
func BenchmarkShapeCheck(b *testing.B) {
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{}}).Schema()
	l := &limits{validated: lru.New[*ast.QueryDocument](10)}
	ctx := context.Background()
	b.Run("shape", func(b *testing.B) {
		for b.Loop() {
			if err := l.MutateOperationParameters(ctx, &graphql.RawParams{Query: questionPage}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parse+validate", func(b *testing.B) {
		for b.Loop() {
			doc, err := parser.ParseQuery(&ast.Source{Input: questionPage})
			if err != nil {
				b.Fatal(err)
			}
			if errs := validator.ValidateWithRules(schema, doc, rules.NewDefaultRules()); len(errs) > 0 {
				b.Fatal(errs)
			}
		}
	})
}
