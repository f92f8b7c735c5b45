package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/gorilla/websocket"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/gemella/gemella/graph/generated"
	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/i18n"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/ratelimit"
	"github.com/gemella/gemella/internal/reqid"
	"github.com/gemella/gemella/internal/store"
)

// writesPerMinute is how many mutation fields one signed-in user may send a minute: far
// above what a person types, low enough to stop a runaway script.
const writesPerMinute = 60

// Options configure the GraphQL handler.
type Options struct {
	// Introspection is on in dev and off in serve unless enabled.
	Introspection bool
	// CheckOrigin decides which browser origins may open a WebSocket.
	CheckOrigin func(r *http.Request) bool
	// Auth authenticates WebSocket connections from their connection_init payload.
	Auth *auth.Service
	// Access gives each operation the scope of its viewer.
	Access *access.Service
	// Changes is where the changes table is read (internal/changes), for the answers kept
	// for readers who are not signed in.
	Changes store.Querier
	// MaxRequestBytes bounds a multipart request. It is well above the file limit, so that
	// a file somewhat too large still reaches the service and gets a userError; a request
	// beyond it is refused with 413 before it is read.
	MaxRequestBytes int64
}

// NewHandler returns the /graphql handler: POST and GET per the GraphQL-over-HTTP spec and
// WebSocket (graphql-transport-ws and the legacy graphql-ws).
func NewHandler(r *Resolver, o Options) http.Handler {
	srv := handler.New(costed{generated.NewExecutableSchema(generated.Config{Resolvers: r})})

	open := &sockets{}
	srv.AddTransport(transport.Websocket{
		KeepAlivePingInterval: 15 * time.Second,
		// graphql-transport-ws pings; a client that answers no pong for twice this long is
		// gone, and its subscriptions end.
		PingPongInterval: 25 * time.Second,
		Implementation: gorillaWebsocket{initTimeout: initTimeout, upgrader: websocket.Upgrader{
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
			ctx = context.WithValue(auth.WithViewer(ctx, nil), socketKey{}, &socket{})
			// Every connection is counted, one person's and one address's without a
			// session apart, so that no one holds the server's sockets alone.
			var u *auth.User
			if token != "" {
				u, _ = o.Auth.Authenticate(ctx, token)
			}
			holder, max, key := holderOf(u, auth.ClientIP(ctx))
			switch open.open(holder, max) {
			case holderFull:
				msg := i18n.T(ctx, key, map[string]any{"Max": max})
				ctx = transport.AppendCloseReason(transport.WithWebsocketCloseCode(ctx, closeTooManyConnections), msg)
				return ctx, nil, errors.New(msg)
			case instanceFull:
				msg := i18n.T(ctx, "live.busy", nil)
				ctx = transport.AppendCloseReason(transport.WithWebsocketCloseCode(ctx, closeTryAgain), msg)
				return ctx, nil, errors.New(msg)
			}
			socketFrom(ctx).holder = holder
			if token == "" {
				return ctx, nil, nil
			}
			return context.WithValue(ctx, socketTokenKey{}, token), nil, nil
		},
		CloseFunc: func(ctx context.Context, _ int) {
			if s, ok := ctx.Value(socketKey{}).(*socket); ok && s.holder != "" {
				open.close(s.holder)
			}
		},
	})
	srv.AddTransport(transport.GET{UseGrapQLResponseJsonByDefault: true})
	srv.AddTransport(transport.POST{UseGrapQLResponseJsonByDefault: true})
	srv.AddTransport(multipartForm{transport.MultipartForm{
		MaxUploadSize: o.MaxRequestBytes,
		MaxMemory:     8 << 20,
	}})

	// Parsed and validated documents are kept, so that a page's repeated queries skip
	// both steps; clients may also send only a query's hash (automatic persisted queries).
	validated := lru.New[*ast.QueryDocument](1000)
	srv.SetQueryCache(validated)
	srv.SetParserTokenLimit(MaxTokens)
	// Without introspection, a validation error names no field the client did not ask for.
	srv.SetDisableSuggestion(!o.Introspection)
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	if o.Introspection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(&limits{introspection: o.Introspection, validated: validated})
	srv.Use(subscriptionIDs{})
	writes := ratelimit.New(writesPerMinute, time.Minute)
	kept := newResponses(o.Changes)
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		if token, ok := ctx.Value(socketTokenKey{}).(string); ok {
			// A socket outlives sessions: each operation checks that its session still holds,
			// so that a logout or an expiry reaches open connections too.
			u, ends, err := o.Auth.Session(ctx, token)
			if err != nil {
				return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{
					coded(i18n.T(ctx, "common.unavailable", nil), string(apperr.Unavailable)),
				}})
			}
			ctx = context.WithValue(auth.WithViewer(ctx, u), sessionEndsKey{}, ends)
		}
		// Every mutation field is a write, so that aliases buy no extra ones.
		if u, n := auth.Viewer(ctx), mutationFields(graphql.GetOperationContext(ctx)); u != nil && n > 0 &&
			!writes.AllowN(strconv.FormatInt(u.ID, 10), n) {
			return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{
				coded(i18n.T(ctx, "common.rate_limited", nil), string(apperr.RateLimited)),
			}})
		}
		// Who may see what is settled once per operation, for every read below it.
		ctx = access.WithScope(ctx, o.Access.Scope(auth.Viewer(ctx)))
		if oc := graphql.GetOperationContext(ctx); oc.Operation != nil && oc.Operation.Operation == ast.Subscription {
			ctx = withStream(ctx, oc)
		}
		return kept.around(r.WithLoaders(ctx), next)
	})
	// A subscription's operation lasts as long as its socket: each event it delivers gets a
	// scope and loaders of its own, so that nothing read for one event is served for
	// another, and its stream makes the response.
	srv.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		if !graphql.HasOperationContext(ctx) {
			return next(ctx)
		}
		if oc := graphql.GetOperationContext(ctx); oc.Operation != nil && oc.Operation.Operation == ast.Subscription {
			fresh := func(ctx context.Context) context.Context {
				return r.WithLoaders(access.WithScope(ctx, o.Access.Scope(auth.Viewer(ctx))))
			}
			if st, ok := ctx.Value(streamKey{}).(*stream); ok && st.next != nil {
				return st.respond(ctx, fresh, next)
			}
			ctx = fresh(ctx)
		}
		return next(ctx)
	})
	srv.AroundFields(guardText)
	srv.SetErrorPresenter(presentError)
	srv.SetRecoverFunc(recoverPanic)
	return withConnHolder(srv)
}

// initTimeout is how long a new WebSocket may take to send connection_init.
const initTimeout = 5 * time.Second

// socketTokenKey holds the session token a WebSocket connection sent in connection_init.
type socketTokenKey struct{}

// sessionEndsKey holds when the session of a WebSocket operation ends (zero for none).
type sessionEndsKey struct{}

// costed gives each field its cost from the schema, so that a new field costs what it
// should with nothing to register: a field with a page size (`first`, else the default
// page) costs that many times its selection; a history (`revisions`) the most it shows,
// paging.HistorySize; another list without pages (a post's comments, a message's
// reactions) unpagedSize times, as an estimate of its length; `nodes` the number of its
// ids; anything else one plus its selection. Nested lists multiply as the
// work they cause does. A connection's edges are its field's page, counted there.
type costed struct{ graphql.ExecutableSchema }

// unpagedSize is what a list without pages counts for: a handful, as they are.
const unpagedSize = 3

func (c costed) Complexity(_ context.Context, typeName, field string, child int, args map[string]any) (int, bool) {
	var f *ast.FieldDefinition
	if def := c.Schema().Types[typeName]; def != nil {
		f = def.Fields.ForName(field)
	}
	switch {
	case f == nil || strings.HasSuffix(typeName, "Connection") && field == "edges":
		return 1 + child, true
	case f.Arguments.ForName("first") != nil:
		n := paging.DefaultSize
		if v, ok := intArg(args["first"]); ok && v > 0 {
			n = v
		}
		return 1 + n*child, true
	case typeName == "Query" && field == "nodes":
		ids, _ := args["ids"].([]any)
		return 1 + len(ids)*child, true
	case f.Type.Elem != nil && field == "revisions":
		return 1 + paging.HistorySize*child, true
	case f.Type.Elem != nil:
		return 1 + unpagedSize*child, true
	}
	return 1 + child, true
}

// intArg reads an Int argument as the complexity walk gets it: a literal, or a variable
// as JSON decoded it.
func intArg(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(min(n, math.MaxInt32)), true
	case float64:
		return int(min(n, math.MaxInt32)), true
	case json.Number:
		i, err := n.Int64()
		return int(min(i, math.MaxInt32)), err == nil
	}
	return 0, false
}

// multipartForm is gqlgen's multipart transport with its refusals of a malformed form
// (written straight to the response, in English, some with status 200) turned into the
// API's own: 400, BAD_REQUEST, in the reader's language.
type multipartForm struct{ transport.MultipartForm }

func (f multipartForm) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	rec := &bufferedResponse{header: w.Header(), status: http.StatusOK}
	f.MultipartForm.Do(rec, r, exec)
	var body struct {
		Errors []struct {
			Message    string         `json:"message"`
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
		Data json.RawMessage `json:"data"`
	}
	if json.Unmarshal(rec.body.Bytes(), &body) == nil && len(body.Errors) > 0 && body.Errors[0].Extensions == nil && (len(body.Data) == 0 || string(body.Data) == "null") {
		ctx := r.Context()
		slog.InfoContext(ctx, "unreadable multipart request", "request_id", reqid.From(ctx), "err", body.Errors[0].Message)
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{
			"message":    i18n.T(ctx, "http.bad_request", nil),
			"extensions": map[string]any{"code": "BAD_REQUEST", "requestId": reqid.From(ctx)},
		}}})
		return
	}
	w.WriteHeader(rec.status)
	_, _ = w.Write(rec.body.Bytes())
}

// bufferedResponse holds a response until it is known whether to pass it on.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header         { return b.header }
func (b *bufferedResponse) Write(p []byte) (int, error) { return b.body.Write(p) }
func (b *bufferedResponse) WriteHeader(status int)      { b.status = status }
