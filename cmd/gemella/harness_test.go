package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/devenv"
	"github.com/gemella/gemella/internal/store"
	"github.com/gemella/gemella/internal/storetest"
)

// client speaks to a Gemella server over HTTP.
type client struct {
	URL  string
	http *http.Client
}

// Client is the HTTP client requests go through.
func (c *client) Client() *http.Client { return c.http }

// testServer is the whole wired application on a fresh database, served over real HTTP.
type testServer struct {
	client
	app     *app
	counter *store.Counter
	cfg     config
}

// indexSeq gives each test server its own index prefix on the shared Meilisearch.
var indexSeq atomic.Int64

type serverOptions struct {
	Seeded     bool
	Dev        bool // GraphiQL and introspection, as in `gemella dev`
	OpenSignup bool
	// AccessibilityContact is the operator's address for accessibility reports.
	AccessibilityContact string
	MeiliURL             string // overrides the test Meilisearch (e.g. to simulate it down)
	// Share makes a second instance of that server: the same database, index and files,
	// its own process state (hub, limits, caches), as two `gemella serve` would be.
	Share *testServer
}

func newTestServer(t testing.TB, o serverOptions) *testServer {
	t.Helper()
	counter := &store.Counter{}
	if o.Share != nil {
		return startTestServer(t, o, o.Share.cfg, o.Share.app.pool, counter)
	}
	pool := storetest.NewDB(t, storetest.Options{Seeded: o.Seeded, Counter: counter})
	meili := devenv.TestMeili(t)
	cfg := config{
		MeiliURL:             meili.URL(),
		MeiliMasterKey:       meili.MasterKey(),
		OpenSignup:           o.OpenSignup,
		AccessibilityContact: o.AccessibilityContact,
		Introspection:        o.Dev,
		IndexPrefix:          fmt.Sprintf("t%d_", indexSeq.Add(1)),
		// The seeded template's demo files are in the test binary's bucket.
		FilesURL: storetest.FilesURL(t),
	}
	if o.MeiliURL != "" {
		cfg.MeiliURL = o.MeiliURL
	}
	return startTestServer(t, o, cfg, pool, counter)
}

func startTestServer(t testing.TB, o serverOptions, cfg config, pool *pgxpool.Pool, counter *store.Counter) *testServer {
	t.Helper()
	bucket, err := openBucket(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = bucket.Close() })
	a := newApp(cfg, pool, bucket, o.Dev)
	if o.MeiliURL == "" && o.Share == nil {
		require.NoError(t, a.index.EnsureSettings(context.Background()))
		t.Cleanup(func() { _, _ = a.meili.DeleteIndex(cfg.IndexPrefix + "search") })
	}
	lctx, stopLive := context.WithCancel(context.Background())
	lived := make(chan struct{})
	go func() {
		defer close(lived)
		a.runLive(lctx)
	}()
	srv := httptest.NewServer(a.handler)
	t.Cleanup(func() {
		srv.Close()
		stopLive()
		<-lived
	})
	return &testServer{client: client{URL: srv.URL, http: srv.Client()}, app: a, counter: counter, cfg: cfg}
}

// gqlResponse is a GraphQL response with its HTTP status.
type gqlResponse struct {
	Status int
	Header http.Header
	Data   map[string]any
	Errors []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	}
	Raw []byte
}

// do posts one operation, with a bearer token when token is not empty.
func (s *client) do(t testing.TB, token, query string, vars map[string]any) gqlResponse {
	t.Helper()
	return s.doWith(t, query, vars, bearer(token))
}

// bearer is the header that sends token, none for an anonymous request.
func bearer(token string) map[string]string {
	if token == "" {
		return nil
	}
	return map[string]string{"Authorization": "Bearer " + token}
}

// doWith posts one operation with extra request headers (cookies, language, …).
func (s *client) doWith(t testing.TB, query string, vars map[string]any, header map[string]string) gqlResponse {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, s.URL+"/graphql", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return s.send(t, req)
}

func (s *client) send(t testing.TB, req *http.Request) gqlResponse {
	t.Helper()
	res, err := s.Client().Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	out := gqlResponse{Status: res.StatusCode, Header: res.Header, Raw: raw}
	if len(raw) > 0 && raw[0] == '{' {
		require.NoError(t, json.Unmarshal(raw, &out), string(raw))
	}
	return out
}

// get sends a query with GET.
func (s *client) get(t testing.TB, query string, vars map[string]any) gqlResponse {
	t.Helper()
	v := url.Values{"query": {query}}
	if vars != nil {
		b, _ := json.Marshal(vars)
		v.Set("variables", string(b))
	}
	req, err := http.NewRequest(http.MethodGet, s.URL+"/graphql?"+v.Encode(), nil)
	require.NoError(t, err)
	return s.send(t, req)
}

// ok posts an operation that must succeed without GraphQL errors.
func (s *client) ok(t testing.TB, token, query string, vars map[string]any) map[string]any {
	t.Helper()
	r := s.do(t, token, query, vars)
	require.Equal(t, http.StatusOK, r.Status, string(r.Raw))
	require.Empty(t, r.Errors, string(r.Raw))
	return r.Data
}

// login signs a demo account in and returns its token.
func (s *client) login(t testing.TB, email string) string {
	t.Helper()
	d := s.ok(t, "", `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token userErrors { field message code } } }`,
		map[string]any{"e": email, "p": storetest.DemoPassword})
	tok, _ := dig(d, "login", "token").(string)
	require.NotEmpty(t, tok, "login of %s: %v", email, d)
	return tok
}

// dig walks a decoded JSON value by keys and indexes.
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

// userErrorCodes returns the codes of a payload's userErrors.
func userErrorCodes(payload any) []string {
	var out []string
	list, _ := dig(payload, "userErrors").([]any)
	for _, e := range list {
		out = append(out, dig(e, "code").(string))
	}
	return out
}

func TestMain(m *testing.M) {
	// Request logs would drown test output; warnings and errors still show.
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	code := m.Run()
	devenv.CleanupTestServers()
	os.Exit(code)
}
