// Package server is Gemella's HTTP surface: /graphql, the health probes, the dev-only
// GraphiQL page, and the middleware every request passes (request id, language, viewer,
// body limit, security headers, access log).
package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/meilisearch/meilisearch-go"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/i18n"
	"github.com/gemella/gemella/internal/reqid"
	"github.com/gemella/gemella/internal/store"
)

// MaxBodyBytes is the largest GraphQL request body accepted (uploads excepted).
const MaxBodyBytes = 1 << 20

// Config is what the HTTP layer needs.
type Config struct {
	Dev          bool
	PublicOrigin *url.URL // nil in dev: any loopback origin is accepted
	GraphQL      http.Handler
	Auth         *auth.Service
	Access       *access.Service
	Pool         *pgxpool.Pool
	Meili        meilisearch.ServiceManager
	Files        FileStore
	Workshops    WorkshopExports
	// MaxUploadBytes bounds a multipart request (a file plus its operation).
	MaxUploadBytes int64
	Web            http.Handler // the browser app; nil serves nothing at /
}

// New returns the root handler.
func New(c Config) http.Handler {
	mux := http.NewServeMux()
	// Only GraphQL needs the viewer: pages, assets and probes cost no session lookup.
	authenticated := c.Auth.Middleware(c.PublicOrigin != nil && c.PublicOrigin.Scheme == "https")
	mux.Handle("/graphql", graphqlOnly(limitBody(authenticated(c.GraphQL), c.MaxUploadBytes)))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", c.ready)
	// A file is read with the viewer's scope: what lives in a space they may not read is
	// not found.
	mux.Handle("GET /files/{id}", authenticated(withScope(c.Access, serveFile(c.Files))))
	c.workshopRoutes(mux, authenticated)
	if c.Dev {
		mux.Handle("GET /graphiql", playground.Handler("Gemella GraphiQL", "/graphql"))
	}
	if c.Web != nil {
		mux.Handle("/", c.Web)
	}
	var h http.Handler = mux
	h = crossOriginProtection(h)
	h = i18n.Middleware(h)
	h = securityHeaders(h)
	h = accessLog(h)
	return reqid.Middleware(h)
}

// withScope gives a request the scope of its viewer, as GraphQL operations have.
func withScope(a *access.Service, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := access.WithScope(r.Context(), a.Scope(auth.Viewer(r.Context())))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// ready answers 200 only when PostgreSQL and Meilisearch answer and no migration is
// pending, so that a load balancer sends no traffic to an instance that would fail.
func (c Config) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	checks := map[string]string{}
	ok := true
	// The reason goes to the log only: a driver's error names the database's user, host
	// and port, which are nobody's business outside.
	fail := func(name string, err error) {
		ok = false
		checks[name] = "unavailable"
		slog.WarnContext(ctx, "not ready", "request_id", reqid.From(ctx), "check", name, "err", err)
	}
	if err := c.Pool.Ping(ctx); err != nil {
		fail("postgres", err)
	} else if n, err := store.PendingMigrations(ctx, c.Pool); err != nil {
		fail("migrations", err)
	} else if n > 0 {
		fail("migrations", fmt.Errorf("%d pending migrations: run `gemella migrate`", n))
	} else {
		checks["postgres"] = "ok"
		checks["migrations"] = "ok"
	}
	if h, err := c.Meili.HealthWithContext(ctx); err != nil {
		fail("meilisearch", err)
	} else if h.Status != "available" {
		fail("meilisearch", errors.New(h.Status))
	} else {
		checks["meilisearch"] = "ok"
	}
	status, code := "ready", http.StatusOK
	if !ok {
		status, code = "unavailable", http.StatusServiceUnavailable
	}
	writeJSON(w, code, map[string]any{"status": status, "checks": checks})
}

// graphqlOnly refuses methods GraphQL over HTTP does not use with 405, and a body of a type
// it cannot read with 415, instead of gqlgen's generic 400.
func graphqlOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodGet:
			if changesState(r.URL.Query()) {
				// GraphQL over HTTP: a mutation over GET is a method the operation does not allow.
				w.Header().Set("Allow", "POST")
				problem(w, r, http.StatusMethodNotAllowed, "http.mutation_over_get", nil)
				return
			}
		case r.Method == http.MethodPost:
			mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
			if err != nil || (mt != "application/json" && mt != "multipart/form-data") {
				problem(w, r, http.StatusUnsupportedMediaType, "http.bad_request", nil)
				return
			}
		default:
			w.Header().Set("Allow", "GET, POST")
			problem(w, r, http.StatusMethodNotAllowed, "http.bad_request", nil)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// changesState reports whether a GET request's operation is a mutation or subscription.
// A query that does not parse is left for GraphQL to report.
func changesState(params url.Values) bool {
	doc, err := parser.ParseQuery(&ast.Source{Input: params.Get("query")})
	if err != nil {
		return false
	}
	op := doc.Operations.ForName(params.Get("operationName"))
	if op == nil && len(doc.Operations) == 1 {
		op = doc.Operations[0]
	}
	return op != nil && op.Operation != ast.Query
}

// Time a client has to send a request body: a JSON body is at most 1 MiB, while an upload
// of the largest file must pass an office's slow uplink. The server sets no overall read
// timeout, which would also cut long-lived WebSockets.
const (
	bodyReadTimeout   = 15 * time.Second
	uploadReadTimeout = 15 * time.Minute
)

// limitBody answers 413 for a JSON body over MaxBodyBytes, or a multipart one over
// maxUpload, before GraphQL parses anything, and gives the client a bounded time to send
// it, so that a body trickled a byte at a time does not hold a connection open for good.
func limitBody(next http.Handler, maxUpload int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.Body == nil {
			next.ServeHTTP(w, r)
			return
		}
		rc := http.NewResponseController(w)
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
			_ = rc.SetReadDeadline(time.Now().Add(uploadReadTimeout))
			r.Body = &clearDeadlineAtEOF{ReadCloser: r.Body, rc: rc}
			// The multipart transport streams the file to disk under the same bound, but
			// holds a body of unknown length in memory: an upload states its length.
			if r.ContentLength < 0 {
				problem(w, r, http.StatusLengthRequired, "http.length_required", nil)
				return
			}
			if r.ContentLength > maxUpload {
				problem(w, r, http.StatusRequestEntityTooLarge, "http.body_too_large", map[string]any{"Max": fmt.Sprintf("%d MB", maxUpload>>20)})
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		if r.ContentLength > MaxBodyBytes {
			problem(w, r, http.StatusRequestEntityTooLarge, "http.body_too_large", map[string]any{"Max": "1 MB"})
			return
		}
		_ = rc.SetReadDeadline(time.Now().Add(bodyReadTimeout))
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			problem(w, r, http.StatusRequestEntityTooLarge, "http.body_too_large", map[string]any{"Max": "1 MB"})
			return
		}
		if err != nil {
			// Too slow, or cut off: the connection cannot be reused.
			w.Header().Set("Connection", "close")
			problem(w, r, http.StatusBadRequest, "http.bad_request", nil)
			return
		}
		_ = rc.SetReadDeadline(time.Time{})
		if !json.Valid(body) {
			problem(w, r, http.StatusBadRequest, "http.bad_json", nil)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

// clearDeadlineAtEOF lifts the read deadline once the body has been read: the server's
// background read that watches for a client going away would otherwise hit it while a
// long import is still being processed, and cancel the request.
type clearDeadlineAtEOF struct {
	io.ReadCloser
	rc *http.ResponseController
}

func (b *clearDeadlineAtEOF) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF {
		_ = b.rc.SetReadDeadline(time.Time{})
	}
	return n, err
}

// statusCodes name HTTP refusals in the API's error code style.
var statusCodes = map[int]string{
	http.StatusBadRequest:            "BAD_REQUEST",
	http.StatusForbidden:             "FORBIDDEN",
	http.StatusNotFound:              "NOT_FOUND",
	http.StatusMethodNotAllowed:      "METHOD_NOT_ALLOWED",
	http.StatusLengthRequired:        "LENGTH_REQUIRED",
	http.StatusRequestEntityTooLarge: "TOO_LARGE",
	http.StatusUnsupportedMediaType:  "UNSUPPORTED_MEDIA_TYPE",
	http.StatusInternalServerError:   "INTERNAL",
}

// problem writes a GraphQL-shaped error body, so that clients parse every /graphql answer
// the same way.
func problem(w http.ResponseWriter, r *http.Request, status int, msgID string, data map[string]any) {
	writeJSON(w, status, map[string]any{"errors": []map[string]any{{
		"message":    i18n.T(r.Context(), msgID, data),
		"extensions": map[string]any{"code": statusCodes[status], "requestId": reqid.From(r.Context())},
	}}})
}

// crossOriginProtection refuses state-changing browser requests from other sites, which
// could otherwise ride on the session cookie. A request with an Authorization header
// carries its own credentials and is not at risk.
func crossOriginProtection(next http.Handler) http.Handler {
	p := http.NewCrossOriginProtection()
	p.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		problem(w, r, http.StatusForbidden, "http.cross_origin", nil)
	}))
	protected := p.Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			next.ServeHTTP(w, r)
			return
		}
		protected.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// Hijack hands the connection over for a WebSocket upgrade.
func (s *statusRecorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	s.status = http.StatusSwitchingProtocols
	return http.NewResponseController(s.ResponseWriter).Hijack()
}

func accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		slog.InfoContext(r.Context(), "http", "request_id", reqid.From(r.Context()), "method", r.Method,
			"path", r.URL.Path, "status", rec.status, "duration_ms", time.Since(start).Milliseconds())
	})
}
