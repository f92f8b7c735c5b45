package graph

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/gemella/gemella/internal/i18n"
)

// Limits that keep one request from costing the server more than a page view should. The
// shape limits are checked on the parsed document before validation: gqlparser's
// validation grows with the square of the fields that share a name, and fragments that
// spread each other twice double its work (and the depth and complexity walks') with each
// level, so a document of a few hundred bytes could hold a core for seconds.
const (
	// MaxComplexity admits the heaviest page the web app asks for (a question with 100
	// answers and their authors) and refuses nested lists that multiply into thousands of
	// objects, such as 60 centres × 100 × 100.
	MaxComplexity = 5000
	// MaxDepth bounds selection nesting.
	MaxDepth = 12
	// MaxTokens bounds the parser: the largest query of the web app has about 300 tokens,
	// GraphiQL's introspection query about 250.
	MaxTokens = 3000
	// MaxFields bounds the fields written in a document, fragments included.
	MaxFields = 500
	// MaxExpandedFields bounds the fields a document selects once every fragment spread is
	// replaced by its fragment: what validation, the complexity walk and execution visit.
	MaxExpandedFields = 2000
	// MaxAliases bounds aliased fields: a client needs a few, an attacker thousands.
	MaxAliases = 30
	// MaxDirectives bounds @skip/@include and friends.
	MaxDirectives = 50
	// MaxMutationFields bounds the writes one operation may ask for; each counts against
	// the writer's rate limit.
	MaxMutationFields = 10
	// MaxErrors bounds the errors of one response: a client learns nothing more from the
	// thousandth than from the twentieth, and the answer stays small.
	MaxErrors = 20
	// maxIntrospectionFields bounds an introspection-only operation, which skips the depth
	// and complexity checks since the schema bounds it: one __schema is 100 KB of answer.
	maxIntrospectionFields = 3
)

// Codes of operations refused before they run. They are protocol errors: the response is a
// 400, as GraphQL over HTTP asks for a request that never executed.
const (
	codeTooDeep               = "QUERY_TOO_DEEP"
	codeTooComplex            = "QUERY_TOO_COMPLEX"
	codeTooLarge              = "QUERY_TOO_LARGE"
	codeIntrospectionDisabled = "INTROSPECTION_DISABLED"
)

func init() {
	for _, c := range []string{codeTooDeep, codeTooComplex, codeTooLarge, codeIntrospectionDisabled} {
		errcode.RegisterErrorType(c, errcode.KindProtocol)
	}
}

// limits refuses oversized, over-deep and over-complex operations before any resolver
// runs, with a message in the reader's language.
type limits struct {
	es            graphql.ExecutableSchema
	introspection bool
	// validated holds the documents that passed validation: a query found there passed
	// the shape check too, and is not parsed a second time.
	validated graphql.Cache[*ast.QueryDocument]
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
	graphql.OperationContextMutator
	graphql.ResponseInterceptor
} = &limits{}

func (limits) ExtensionName() string { return "GemellaLimits" }

func (l *limits) Validate(es graphql.ExecutableSchema) error {
	l.es = es
	return nil
}

// MutateOperationParameters checks the document's shape before gqlgen validates it.
func (l *limits) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if p.Query == "" {
		return nil // a persisted query's hash alone: the APQ extension answers it
	}
	if _, ok := l.validated.Get(ctx, p.Query); ok {
		return nil
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: p.Query}, MaxTokens)
	if err != nil {
		if gerr, ok := err.(*gqlerror.Error); ok {
			if gerr.Message == fmt.Sprintf("exceeded token limit of %d", MaxTokens) {
				return tooLarge(ctx, "graphql.too_many_tokens", MaxTokens)
			}
			errcode.Set(gerr, errcode.ParseFailed)
			return gerr
		}
		return gqlerror.Wrap(err)
	}
	return checkShape(ctx, doc)
}

// shape is what checkShape counts of a document.
type shape struct {
	fields, aliases, directives int
}

func (s *shape) directivesOf(d ast.DirectiveList) { s.directives += len(d) }

func (s *shape) walk(set ast.SelectionSet) {
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			s.fields++
			if sel.Alias != "" && sel.Alias != sel.Name {
				s.aliases++
			}
			s.directivesOf(sel.Directives)
			s.walk(sel.SelectionSet)
		case *ast.InlineFragment:
			s.directivesOf(sel.Directives)
			s.walk(sel.SelectionSet)
		case *ast.FragmentSpread:
			s.directivesOf(sel.Directives)
		}
	}
}

// checkShape refuses documents whose text is cheap to send and dear to check.
func checkShape(ctx context.Context, doc *ast.QueryDocument) *gqlerror.Error {
	var s shape
	for _, op := range doc.Operations {
		s.directivesOf(op.Directives)
		s.walk(op.SelectionSet)
	}
	for _, f := range doc.Fragments {
		s.directivesOf(f.Directives)
		s.walk(f.SelectionSet)
	}
	switch {
	case s.fields > MaxFields:
		return tooLarge(ctx, "graphql.too_many_fields", MaxFields)
	case s.aliases > MaxAliases:
		return tooLarge(ctx, "graphql.too_many_aliases", MaxAliases)
	case s.directives > MaxDirectives:
		return tooLarge(ctx, "graphql.too_many_directives", MaxDirectives)
	}
	w := newExpansion(doc.Fragments)
	for _, op := range doc.Operations {
		m := w.measure(op.SelectionSet)
		if m.fields > MaxExpandedFields {
			return tooLarge(ctx, "graphql.too_many_fields", MaxExpandedFields)
		}
		if m.depth > MaxDepth && !onlyIntrospection(op.SelectionSet) {
			// Introspection-only operations are bounded by the schema; GraphiQL's own is 13
			// levels deep.
			return coded(i18n.T(ctx, "graphql.depth", map[string]any{"Got": m.depth, "Max": MaxDepth}), codeTooDeep)
		}
	}
	return nil
}

func tooLarge(ctx context.Context, msgID string, max int) *gqlerror.Error {
	return coded(i18n.T(ctx, msgID, map[string]any{"Max": max}), codeTooLarge)
}

// measure is a selection set's size once fragments are expanded, and its nesting depth.
type measure struct {
	fields, depth int
}

// expansion measures selection sets, measuring each fragment once however often it is
// spread, so that the walk is linear in the document's text. A fragment cycle (which
// validation refuses later) counts as empty.
type expansion struct {
	frags ast.FragmentDefinitionList
	done  map[string]measure
	busy  map[string]bool
}

func newExpansion(frags ast.FragmentDefinitionList) *expansion {
	return &expansion{frags: frags, done: map[string]measure{}, busy: map[string]bool{}}
}

// saturate keeps counts that double at each fragment level from overflowing.
func saturate(n int) int { return min(n, MaxExpandedFields+1) }

func (e *expansion) measure(set ast.SelectionSet) measure {
	var m measure
	for _, sel := range set {
		var c measure
		switch sel := sel.(type) {
		case *ast.Field:
			c = e.measure(sel.SelectionSet)
			c.fields, c.depth = saturate(c.fields+1), c.depth+1
		case *ast.InlineFragment:
			c = e.measure(sel.SelectionSet)
		case *ast.FragmentSpread:
			c = e.fragment(sel.Name)
		}
		m.fields = saturate(m.fields + c.fields)
		m.depth = max(m.depth, c.depth)
	}
	return m
}

func (e *expansion) fragment(name string) measure {
	if m, ok := e.done[name]; ok {
		return m
	}
	f := e.frags.ForName(name)
	if f == nil || e.busy[name] {
		return measure{}
	}
	e.busy[name] = true
	m := e.measure(f.SelectionSet)
	delete(e.busy, name)
	e.done[name] = m
	return m
}

// MutateOperationContext checks what needs the schema: introspection, mutation count and
// complexity. The shape check has bounded the walks they make.
func (l *limits) MutateOperationContext(ctx context.Context, op *graphql.OperationContext) *gqlerror.Error {
	def := op.Operation
	if def == nil {
		return nil
	}
	root := graphql.CollectFields(op, def.SelectionSet, []string{rootTypeName(def.Operation)})
	introspecting, other := 0, 0
	for _, f := range root {
		switch {
		case isIntrospectionField(f.Name):
			introspecting++
		case f.Name != "__typename":
			other++
		}
	}
	if introspecting > 0 {
		if !l.introspection {
			return coded(i18n.T(ctx, "graphql.introspection", nil), codeIntrospectionDisabled)
		}
		if other == 0 {
			if introspecting > maxIntrospectionFields {
				return tooLarge(ctx, "graphql.too_many_aliases", maxIntrospectionFields)
			}
			return nil
		}
	}
	if def.Operation == ast.Mutation && len(root) > MaxMutationFields {
		return tooLarge(ctx, "graphql.too_many_mutations", MaxMutationFields)
	}
	if def.Operation == ast.Subscription && len(root) > 1 {
		// Validation lets one field under two aliases through; a subscription is one stream.
		return coded(i18n.T(ctx, "graphql.one_subscription", nil), errcode.ValidationFailed)
	}
	if c := complexity.Calculate(ctx, l.es, def, op.Variables); c > MaxComplexity {
		return coded(i18n.T(ctx, "graphql.complexity", map[string]any{"Got": c, "Max": MaxComplexity}), codeTooComplex)
	}
	return nil
}

// InterceptResponse keeps the first MaxErrors errors of a response.
func (l *limits) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp != nil && len(resp.Errors) > MaxErrors {
		resp.Errors = resp.Errors[:MaxErrors]
	}
	return resp
}

func rootTypeName(op ast.Operation) string {
	switch op {
	case ast.Mutation:
		return "Mutation"
	case ast.Subscription:
		return "Subscription"
	default:
		return "Query"
	}
}

// mutationFields is how many writes an operation asks for: each counts against the rate
// limit, so that aliases buy no extra writes.
func mutationFields(op *graphql.OperationContext) int {
	if op.Operation == nil || op.Operation.Operation != ast.Mutation {
		return 0
	}
	return len(graphql.CollectFields(op, op.Operation.SelectionSet, []string{"Mutation"}))
}

func isIntrospectionField(name string) bool { return name == "__schema" || name == "__type" }

// onlyIntrospection reports whether an operation asks for nothing but the schema.
func onlyIntrospection(set ast.SelectionSet) bool {
	for _, s := range set {
		f, ok := s.(*ast.Field)
		if !ok || !(isIntrospectionField(f.Name) || f.Name == "__typename") {
			return false
		}
	}
	return true
}

func coded(msg, code string) *gqlerror.Error {
	e := gqlerror.Errorf("%s", msg)
	e.Extensions = map[string]any{"code": code}
	return e
}
