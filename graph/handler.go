package graph

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/gorilla/websocket"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/gemella/gemella/graph/generated"
	"github.com/gemella/gemella/graph/model"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/i18n"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/question"
	"github.com/gemella/gemella/internal/ratelimit"
)

// Limits that keep one request from costing the server more than a page view should.
const (
	// MaxComplexity admits the heaviest page the web app asks for (a question with 100
	// answers and their authors) and refuses nested lists that multiply into thousands of
	// objects, such as 60 centres × 100 × 100.
	MaxComplexity = 5000
	// MaxDepth bounds selection nesting.
	MaxDepth = 12
	// writesPerMinute is how many mutations one signed-in user may send a minute: far above
	// what a person types, low enough to stop a runaway script.
	writesPerMinute = 60
)

// Options configure the GraphQL handler.
type Options struct {
	// Introspection is on in dev and off in serve unless enabled.
	Introspection bool
	// CheckOrigin decides which browser origins may open a WebSocket.
	CheckOrigin func(r *http.Request) bool
	// Auth authenticates WebSocket connections from their connection_init payload.
	Auth *auth.Service
	// MaxRequestBytes bounds a multipart request. It is well above the file limit, so that
	// a file somewhat too large still reaches the service and gets a userError; a request
	// beyond it is refused with 413 before it is read.
	MaxRequestBytes int64
}

// NewHandler returns the /graphql handler: POST and GET per the GraphQL-over-HTTP spec and
// WebSocket (graphql-transport-ws and the legacy graphql-ws).
func NewHandler(r *Resolver, o Options) http.Handler {
	cfg := generated.Config{Resolvers: r}
	setComplexity(&cfg.Complexity)
	srv := handler.New(generated.NewExecutableSchema(cfg))

	srv.AddTransport(transport.Websocket{
		KeepAlivePingInterval: 15 * time.Second,
		Implementation: gorillaWebsocket{upgrader: websocket.Upgrader{
			CheckOrigin:     o.CheckOrigin,
			ReadBufferSize:  1024,
			WriteBufferSize: 1024,
		}},
		InitFunc: func(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
			// The token of connection_init, else the session cookie the upgrade request
			// carried. Who the viewer is gets decided per operation, below.
			token, _ := p["authToken"].(string)
			if token == "" {
				token = auth.RequestToken(ctx)
			}
			ctx = auth.WithViewer(ctx, nil)
			if token == "" {
				return ctx, nil, nil
			}
			return context.WithValue(ctx, socketTokenKey{}, token), nil, nil
		},
	})
	srv.AddTransport(transport.GET{UseGrapQLResponseJsonByDefault: true})
	srv.AddTransport(transport.POST{UseGrapQLResponseJsonByDefault: true})
	srv.AddTransport(transport.MultipartForm{
		MaxUploadSize: o.MaxRequestBytes,
		MaxMemory:     8 << 20,
	})

	// Parsed and validated documents are kept, so that a page's repeated queries skip
	// both steps; clients may also send only a query's hash (automatic persisted queries).
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	if o.Introspection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(&limits{introspection: o.Introspection})
	writes := ratelimit.New(writesPerMinute, time.Minute)
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		if token, ok := ctx.Value(socketTokenKey{}).(string); ok {
			// A socket outlives sessions: each operation checks that its session still holds,
			// so that a logout or an expiry reaches open connections too.
			u, err := o.Auth.Authenticate(ctx, token)
			if err != nil {
				return graphql.OneShot(graphql.ErrorResponse(ctx, "%s", i18n.T(ctx, "common.unavailable", nil)))
			}
			ctx = auth.WithViewer(ctx, u)
		}
		op := graphql.GetOperationContext(ctx)
		if u := auth.Viewer(ctx); u != nil && op.Operation != nil && op.Operation.Operation == ast.Mutation &&
			!writes.Allow(strconv.FormatInt(u.ID, 10)) {
			return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{
				coded(i18n.T(ctx, "common.rate_limited", nil), string(apperr.RateLimited)),
			}})
		}
		return next(r.WithLoaders(ctx))
	})
	srv.SetErrorPresenter(presentError)
	srv.SetRecoverFunc(recoverPanic)
	return srv
}

// socketTokenKey holds the session token a WebSocket connection sent in connection_init.
type socketTokenKey struct{}

// setComplexity makes list fields cost their page size times their selection, so that
// nested lists multiply as the work they cause does.
func setComplexity(c *generated.ComplexityRoot) {
	page := func(child int, first *int) int {
		n := paging.DefaultSize
		if first != nil && *first > 0 {
			n = *first
		}
		return 1 + n*child
	}
	c.Query.Centers = func(child int, first *int, _ *string, _ *model.CenterFilter) int { return page(child, first) }
	c.Query.Twinnings = func(child int, first *int, _ *string) int { return page(child, first) }
	c.Query.Questions = func(child int, first *int, _ *string, _ *model.QuestionFilter, _ *question.Order) int {
		return page(child, first)
	}
	c.Question.Answers = func(child int, first *int, _ *string) int { return page(child, first) }
	c.Query.Nodes = func(child int, ids []string) int { return 1 + len(ids)*child }
	c.Query.Guidelines = func(child int, first *int, _ *string, _ *model.GuidelineFilter) int { return page(child, first) }
	c.Guideline.Sections = func(child int, first *int, _ *string) int { return page(child, first) }
	c.Query.Search = func(child int, _ string, _ *model.SearchFilter, first *int, _ *string) int { return page(child, first) }
	c.Query.SearchSuggestions = func(child int, _ string, first *int) int { return page(child, first) }
}

// limits refuses over-deep and over-complex operations before any resolver runs, with a
// message in the reader's language.
type limits struct {
	es            graphql.ExecutableSchema
	introspection bool
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = &limits{}

func (limits) ExtensionName() string { return "GemellaLimits" }

func (l *limits) Validate(es graphql.ExecutableSchema) error {
	l.es = es
	return nil
}

func (l *limits) MutateOperationContext(ctx context.Context, op *graphql.OperationContext) *gqlerror.Error {
	def := op.Doc.Operations.ForName(op.OperationName)
	if def == nil {
		return nil
	}
	if introspects(def.SelectionSet) {
		if !l.introspection {
			return coded(i18n.T(ctx, "graphql.introspection", nil), codeIntrospectionDisabled)
		}
		if onlyIntrospection(def.SelectionSet) {
			// The schema bounds an introspection query; GraphiQL's own is 13 levels deep.
			return nil
		}
	}
	if d := depth(def.SelectionSet, op.Doc.Fragments, 0); d > MaxDepth {
		return coded(i18n.T(ctx, "graphql.depth", map[string]any{"Got": d, "Max": MaxDepth}), codeTooDeep)
	}
	if c := complexity.Calculate(ctx, l.es, def, op.Variables); c > MaxComplexity {
		return coded(i18n.T(ctx, "graphql.complexity", map[string]any{"Got": c, "Max": MaxComplexity}), codeTooComplex)
	}
	return nil
}

// Codes of operations refused before they run. They are protocol errors: the response is a
// 400, as GraphQL over HTTP asks for a request that never executed.
const (
	codeTooDeep               = "QUERY_TOO_DEEP"
	codeTooComplex            = "QUERY_TOO_COMPLEX"
	codeIntrospectionDisabled = "INTROSPECTION_DISABLED"
)

func init() {
	for _, c := range []string{codeTooDeep, codeTooComplex, codeIntrospectionDisabled} {
		errcode.RegisterErrorType(c, errcode.KindProtocol)
	}
}

func isIntrospectionField(name string) bool { return name == "__schema" || name == "__type" }

// introspects reports whether an operation's top level asks for the schema.
func introspects(set ast.SelectionSet) bool {
	for _, s := range set {
		if f, ok := s.(*ast.Field); ok && isIntrospectionField(f.Name) {
			return true
		}
	}
	return false
}

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

// depth measures selection nesting through fragments; a fragment cycle is already refused
// by validation, and the level bound stops the walk regardless.
func depth(set ast.SelectionSet, frags ast.FragmentDefinitionList, level int) int {
	deepest := level
	if level > MaxDepth {
		return level
	}
	for _, s := range set {
		var d int
		switch s := s.(type) {
		case *ast.Field:
			if len(s.SelectionSet) == 0 {
				d = level + 1
			} else {
				d = depth(s.SelectionSet, frags, level+1)
			}
		case *ast.InlineFragment:
			d = depth(s.SelectionSet, frags, level)
		case *ast.FragmentSpread:
			if f := frags.ForName(s.Name); f != nil {
				d = depth(f.SelectionSet, frags, level)
			}
		}
		deepest = max(deepest, d)
	}
	return deepest
}
