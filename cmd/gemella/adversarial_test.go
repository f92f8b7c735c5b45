package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/storetest"
)

// attack is one hostile request of the corpus.
type attack struct {
	name  string
	body  func() (contentType string, body []byte)
	code  string // the error code the refusal carries
	token bool   // sent signed in (as the operator)
}

func jsonBody(query string, vars map[string]any) func() (string, []byte) {
	return func() (string, []byte) {
		b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
		return "application/json", b
	}
}

func rawBody(contentType, body string) func() (string, []byte) {
	return func() (string, []byte) { return contentType, []byte(body) }
}

// fragmentBomb spreads each fragment twice in the next: 2^n fields from a few hundred bytes.
func fragmentBomb(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "query { ...F%d }\nfragment F0 on Query { __typename }\n", n)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "fragment F%d on Query { ...F%d ...F%d }\n", i, i-1, i-1)
	}
	return b.String()
}

func multipartBody(parts map[string]string, file string) func() (string, []byte) {
	return func() (string, []byte) {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		for _, k := range []string{"operations", "map"} {
			if v, ok := parts[k]; ok {
				_ = w.WriteField(k, v)
			}
		}
		if file != "" {
			fw, _ := w.CreateFormFile("0", "doc.md")
			_, _ = fw.Write([]byte(file))
		}
		_ = w.Close()
		return w.FormDataContentType(), buf.Bytes()
	}
}

var importOps = `{"query":"mutation($f: Upload!) { importGuideline(input: {file: $f, title: \"Prova\"}) { userErrors { code } } }","variables":{"f":null}}`

var corpus = []attack{
	{name: "60,000 __typename", code: "QUERY_TOO_LARGE",
		body: jsonBody("{"+strings.Repeat(" __typename", 60_000)+" }", nil)},
	{name: "400 __typename under the token limit", code: "QUERY_TOO_LARGE",
		body: jsonBody("{"+strings.Repeat(" __typename", 600)+" }", nil)},
	{name: "fragment bomb of 24 levels", code: "QUERY_TOO_LARGE", body: jsonBody(fragmentBomb(24), nil)},
	{name: "fragment bomb of 40 levels", code: "QUERY_TOO_LARGE", body: jsonBody(fragmentBomb(40), nil)},
	{name: "fragment cycle", code: "GRAPHQL_VALIDATION_FAILED",
		body: jsonBody("query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }", nil)},
	{name: "nesting 1,500 levels deep", code: "GRAPHQL_PARSE_FAILED",
		body: jsonBody("{"+strings.Repeat(" a {", 1500)+" b"+strings.Repeat(" }", 1500)+" }", nil)},
	{name: "nesting 40 levels deep", code: "QUERY_TOO_DEEP",
		body: jsonBody("{"+strings.Repeat(" node(id: \"x\") { ... on Question { author { center { region {", 8)+
			" name"+strings.Repeat(" } } } } }", 8)+" }", nil)},
	{name: "150 aliased questions", code: "QUERY_TOO_LARGE", body: func() (string, []byte) {
		var b strings.Builder
		b.WriteString("{")
		for i := range 150 {
			fmt.Fprintf(&b, " q%d: questions(first: 1) { totalCount }", i)
		}
		b.WriteString(" }")
		return jsonBody(b.String(), nil)()
	}},
	{name: "150 aliased askQuestion", code: "QUERY_TOO_LARGE", token: true, body: func() (string, []byte) {
		var b strings.Builder
		b.WriteString("mutation {")
		for i := range 150 {
			fmt.Fprintf(&b, ` a%d: askQuestion(input: {title: "Domanda numero %d", body: "testo"}) { question { id } }`, i, i)
		}
		b.WriteString(" }")
		return jsonBody(b.String(), nil)()
	}},
	{name: "11 mutations in one operation", code: "QUERY_TOO_LARGE", token: true, body: func() (string, []byte) {
		var b strings.Builder
		b.WriteString("mutation {")
		for i := range 11 {
			fmt.Fprintf(&b, ` a%d: askQuestion(input: {title: "Domanda numero %d", body: "testo"}) { question { id } }`, i, i)
		}
		b.WriteString(" }")
		return jsonBody(b.String(), nil)()
	}},
	{name: "100 aliased logins", code: "QUERY_TOO_LARGE", body: func() (string, []byte) {
		var b strings.Builder
		b.WriteString("mutation {")
		for i := range 100 {
			fmt.Fprintf(&b, ` l%d: login(input: {email: "u%d@esempio.it", password: "password-a-caso"}) { token }`, i, i)
		}
		b.WriteString(" }")
		return jsonBody(b.String(), nil)()
	}},
	{name: "10,000 directives", code: "QUERY_TOO_LARGE",
		body: jsonBody("{ __typename"+strings.Repeat(" @skip(if: false)", 10_000)+" }", nil)},
	{name: "60 directives", code: "QUERY_TOO_LARGE",
		body: jsonBody("{ __typename"+strings.Repeat(" @include(if: true)", 60)+" }", nil)},
	{name: "introspection through a fragment", code: "INTROSPECTION_DISABLED",
		body: jsonBody("query { ...S } fragment S on Query { __schema { queryType { name } } }", nil)},
	{name: "introspection through an inline fragment", code: "INTROSPECTION_DISABLED",
		body: jsonBody("{ ... on Query { __type(name: \"Question\") { name } } }", nil)},
	{name: "a long page size", code: "QUERY_TOO_COMPLEX",
		body: jsonBody("{ questions(first: 2000000000) { edges { node { id } } } }", nil)},
	// Every list costs its length, whether or not it was named: a thread's messages, each
	// asking for its thread's messages again, under aliases.
	{name: "a thread's messages within its messages", code: "QUERY_TOO_COMPLEX", body: func() (string, []byte) {
		var b strings.Builder
		b.WriteString(`query($id: ID!) { node(id: $id) { ... on Discussion { messages(first: 100) { edges { node { thread {`)
		for i := range 25 {
			fmt.Fprintf(&b, " a%d: messages(first: 100) { edges { node { id bodyHTML } } }", i)
		}
		b.WriteString(" } } } } } } }")
		return jsonBody(b.String(), map[string]any{"id": "RGlzY3Vzc2lvbjox"})()
	}},
	{name: "notifications' threads' messages", code: "QUERY_TOO_COMPLEX",
		body: jsonBody("{ notifications(first: 100) { edges { node { thread { messages(first: 100) { edges { node { reactions { emoji } } } } } } } } }", nil)},
	{name: "nodes with 100,000 ids", code: "QUERY_TOO_COMPLEX", body: func() (string, []byte) {
		ids := make([]string, 100_000)
		for i := range ids {
			ids[i] = "x"
		}
		return jsonBody("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", map[string]any{"ids": ids})()
	}},
	{name: "huge variables", code: "TOO_LARGE", body: func() (string, []byte) {
		vars := map[string]any{}
		for i := range 60_000 {
			vars[fmt.Sprintf("v%d", i)] = strings.Repeat("x", 16)
		}
		return jsonBody("{ __typename }", vars)()
	}},
	{name: "a variable of the wrong type", code: "GRAPHQL_VALIDATION_FAILED",
		body: jsonBody("query($n: Int) { questions(first: $n) { totalCount } }", map[string]any{"n": map[string]any{"x": 1}})},
	{name: "invalid UTF-8 in the query", code: "GRAPHQL_PARSE_FAILED",
		body: rawBody("application/json", "{\"query\":\"{ regions \xff\xfe { name } }\"}")},
	{name: "a NUL in the query text", code: "GRAPHQL_PARSE_FAILED",
		body: rawBody("application/json", `{"query":"{ regions \u0000 { name } }"}`)},
	{name: "a string where the query goes", code: "BAD_REQUEST",
		body: rawBody("application/json", `{"query": 12}`)},
	{name: "an array body", code: "BAD_REQUEST", body: rawBody("application/json", `[{"query":"{ __typename }"}]`)},
	{name: "truncated JSON", code: "BAD_REQUEST", body: rawBody("application/json", `{"query":"{ __typename`)},
	{name: "multipart without operations", code: "BAD_REQUEST",
		body: multipartBody(map[string]string{"map": `{"0":["variables.f"]}`}, "# Titolo\n\ntesto")},
	{name: "multipart with a broken map", code: "BAD_REQUEST",
		body: multipartBody(map[string]string{"operations": importOps, "map": `{"0":`}, "# Titolo\n\ntesto")},
	{name: "multipart mapping a missing file", code: "BAD_REQUEST",
		body: multipartBody(map[string]string{"operations": importOps, "map": `{"7":["variables.f"]}`}, "")},
	{name: "multipart mapping to nowhere", code: "BAD_REQUEST",
		body: multipartBody(map[string]string{"operations": importOps, "map": `{"0":["variables.nope.deeper"]}`}, "# T\n\nx")},
	{name: "multipart cut short", code: "BAD_REQUEST", body: func() (string, []byte) {
		ct, b := multipartBody(map[string]string{"operations": importOps, "map": `{"0":["variables.f"]}`}, "# Titolo\n\ntesto")()
		return ct, b[:len(b)-40]
	}},
	{name: "multipart without a boundary", code: "BAD_REQUEST", body: rawBody("multipart/form-data", "--x\r\n\r\n")},
}

// TestAdversarialCorpus sends each hostile request and checks that it is refused with a 4xx,
// a code and an Italian message, quickly, in a small answer, and that the server stays up.
func TestAdversarialCorpus(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	tok := s.login(t, operator)
	for _, a := range corpus {
		t.Run(a.name, func(t *testing.T) {
			ct, body := a.body()
			h := map[string]string{"Content-Type": ct}
			if a.token {
				h["Authorization"] = "Bearer " + tok
			}
			before := s.counter.Count()
			start := time.Now()
			res, raw := s.rawRequest(t, http.MethodPost, "/graphql", bytes.NewReader(body), h)
			took := time.Since(start)
			t.Logf("%d %s in %s (%d bytes sent, %d answered)", res.StatusCode, a.code, took.Round(time.Microsecond), len(body), len(raw))
			require.GreaterOrEqual(t, res.StatusCode, 400, string(raw[:min(len(raw), 400)]))
			require.Less(t, res.StatusCode, 500, string(raw[:min(len(raw), 400)]))
			// Generous for a shared 2-core machine: the unguarded cases took seconds to minutes.
			require.Less(t, took, 2*time.Second, "bounded cost")
			require.Less(t, len(raw), 16<<10, "a small answer: %.300s", raw)
			msgs, codes, _ := errorBody(t, raw)
			require.Len(t, msgs, 1, "one error: %.300s", raw)
			require.Equal(t, a.code, codes[0], "%.300s", raw)
			require.NotContains(t, msgs[0], "Did you mean")
			require.Regexp(t, `(?i)richiesta|gemella|schema|valid|caric|troppo`, msgs[0], "an Italian message")
			require.LessOrEqual(t, s.counter.Count()-before, int64(1), "refused before any statement but the session's")
		})
	}
	// Nothing got through, and the server still answers.
	var n int
	require.NoError(t, s.app.pool.QueryRow(context.Background(), `SELECT count(*) FROM questions WHERE title LIKE 'Domanda numero %'`).Scan(&n))
	require.Zero(t, n)
	s.ok(t, "", "{ regions { name } }", nil)
}

// TestValidationSuggestsNothingWithoutIntrospection: a wrong field name is not answered with
// the names of fields the client did not know.
func TestValidationSuggestsNothingWithoutIntrospection(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{})
	r := s.do(t, "", "{ question { id } regionz { name } }", nil)
	require.Equal(t, http.StatusBadRequest, r.Status)
	require.NotContains(t, string(r.Raw), "Did you mean")
	var b strings.Builder
	b.WriteString("{")
	for i := range 400 {
		fmt.Fprintf(&b, " nope%d", i)
	}
	b.WriteString(" }")
	r = s.do(t, "", b.String(), nil)
	require.Equal(t, http.StatusBadRequest, r.Status)
	require.Len(t, r.Errors, 20, "400 unknown fields, 20 errors")
	dev := newTestServer(t, serverOptions{Dev: true})
	require.Contains(t, string(dev.do(t, "", "{ regionz { name } }", nil).Raw), "Did you mean", "dev keeps the help")
}

// TestIntrospectionAliasesAreBounded: in dev, where introspection is on, one request still
// cannot ask for the schema hundreds of times.
func TestIntrospectionAliasesAreBounded(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Dev: true})
	var b strings.Builder
	b.WriteString("{")
	for i := range 400 {
		fmt.Fprintf(&b, " s%d: __schema { types { name } }", i)
	}
	b.WriteString(" }")
	r := s.do(t, "", b.String(), nil)
	require.Equal(t, http.StatusBadRequest, r.Status)
	require.Equal(t, "QUERY_TOO_LARGE", r.Errors[0].Extensions["code"])
	require.Less(t, len(r.Raw), 4096)
	r = s.do(t, "", "{ a: __schema { queryType { name } } b: __schema { queryType { name } } c: __schema { queryType { name } } d: __schema { queryType { name } } }", nil)
	require.Equal(t, http.StatusBadRequest, r.Status, "four under the alias limit are still too many schemas")
	s.ok(t, "", "{ __schema { queryType { name } } }", nil)
}

// TestTextArgumentsAreChecked: a NUL in any string argument is an INVALID userError on its
// field (a coded error for a query), never a masked internal error.
func TestTextArgumentsAreChecked(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true, OpenSignup: true})
	tok := s.login(t, operator)
	cases := []struct {
		name, query, payload, field string
		vars                        map[string]any
		token                       string
	}{
		{"title", askMutation, "askQuestion", "title", map[string]any{"title": "Un titolo\x00 nascosto", "body": "testo"}, tok},
		{"body", askMutation, "askQuestion", "body", map[string]any{"title": "Un titolo qualsiasi", "body": "te\x00sto"}, tok},
		{"tags", askMutation, "askQuestion", "tags", map[string]any{"title": "Un titolo qualsiasi", "body": "testo", "tags": []string{"ok", "n\x00o"}}, tok},
		{"e-mail", loginMutation, "login", "email", map[string]any{"email": "a\x00@b.it", "password": "x"}, ""},
		{"display name", registerMutation, "register", "displayName", map[string]any{"email": "nuova@esempio.it", "password": "una-password-lunga", "displayName": "Nome\x00"}, ""},
	}
	for _, c := range cases {
		d := s.ok(t, c.token, c.query, c.vars)
		require.Equal(t, []string{"INVALID"}, userErrorCodes(dig(d, c.payload)), c.name)
		require.Equal(t, c.field, dig(d, c.payload, "userErrors", 0, "field"), c.name)
		require.Contains(t, dig(d, c.payload, "userErrors", 0, "message"), "caratteri non ammessi", c.name)
	}
	r := s.do(t, "", `query($t: String) { questions(filter: { tag: $t }) { totalCount } }`, map[string]any{"t": "a\x00"})
	require.Less(t, r.Status, 500)
	require.Equal(t, "INVALID", r.Errors[0].Extensions["code"], string(r.Raw))
	require.Equal(t, "tag", r.Errors[0].Extensions["field"], string(r.Raw))
	var n int
	require.NoError(t, s.app.pool.QueryRow(context.Background(), `SELECT count(*) FROM users WHERE email = 'nuova@esempio.it'`).Scan(&n))
	require.Zero(t, n, "nothing half-written")
}

// TestEveryMutationHasUserErrors: the text guard answers a mutation with its own payload,
// so every mutation must return one with userErrors.
func TestEveryMutationHasUserErrors(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Dev: true})
	d := s.ok(t, "", `{ __schema { mutationType { fields { name type { kind ofType { name fields { name } } } } } } }`, nil)
	fields := dig(d, "__schema", "mutationType", "fields").([]any)
	require.NotEmpty(t, fields)
	for _, f := range fields {
		name := dig(f, "name").(string)
		require.Equal(t, "NON_NULL", dig(f, "type", "kind"), name)
		var hasUserErrors bool
		for _, pf := range dig(f, "type", "ofType", "fields").([]any) {
			hasUserErrors = hasUserErrors || dig(pf, "name") == "userErrors"
		}
		require.True(t, hasUserErrors, "%s returns a payload with userErrors", name)
	}
}

// TestInvisibleCharactersInTitles: titles lose the characters that disguise them; bodies
// keep their text beside raw HTML.
func TestInvisibleCharactersInTitles(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	tok := s.login(t, operator)
	d := s.ok(t, tok, askMutation, map[string]any{
		"title": "Relazione\u202e fdp.exe \u200bsul primo colloquio",
		"body":  "<script>alert(1)</script> testo visibile",
	})
	require.Empty(t, userErrorCodes(dig(d, "askQuestion")))
	require.Equal(t, "Relazione fdp.exe sul primo colloquio", dig(d, "askQuestion", "question", "title"))
	html := dig(d, "askQuestion", "question", "bodyHTML").(string)
	require.Contains(t, html, "testo visibile")
	require.NotContains(t, html, "script")
}

// TestLoginLimitHoldsInParallel races 40 wrong guesses and the right password for one
// address: at most ten guesses are checked, and the right password, sent last, is refused.
func TestLoginLimitHoldsInParallel(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	var invalid, limited atomic.Int32
	var wg sync.WaitGroup
	for range 40 {
		wg.Go(func() {
			d := s.ok(t, "", loginMutation, map[string]any{"email": coordinator, "password": "tentativo-sbagliato"})
			switch codes := userErrorCodes(dig(d, "login")); codes[0] {
			case "INVALID":
				invalid.Add(1)
			case "RATE_LIMITED":
				limited.Add(1)
			}
		})
	}
	wg.Wait()
	require.EqualValues(t, 10, invalid.Load(), "ten guesses checked")
	require.EqualValues(t, 30, limited.Load())
	d := s.ok(t, "", loginMutation, map[string]any{"email": coordinator, "password": storetest.DemoPassword})
	require.Nil(t, dig(d, "login", "token"))
	require.Equal(t, []string{"RATE_LIMITED"}, userErrorCodes(dig(d, "login")))
}

// TestWriteLimitCountsMutationFields: ten aliased writes count as ten.
func TestWriteLimitCountsMutationFields(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	tok := s.login(t, trainer)
	batch := func(from int) string {
		var b strings.Builder
		b.WriteString("mutation {")
		for i := from; i < from+10; i++ {
			fmt.Fprintf(&b, ` a%d: askQuestion(input: {title: "Domanda in serie %d", body: "testo"}) { userErrors { code } }`, i, i)
		}
		b.WriteString(" }")
		return b.String()
	}
	for i := range 6 {
		s.ok(t, tok, batch(i*10), nil)
	}
	r := s.do(t, tok, batch(60), nil)
	require.Equal(t, "RATE_LIMITED", r.Errors[0].Extensions["code"], string(r.Raw))
	var n int
	require.NoError(t, s.app.pool.QueryRow(context.Background(), `SELECT count(*) FROM questions WHERE title LIKE 'Domanda in serie %'`).Scan(&n))
	require.Equal(t, 60, n, "sixty writes a minute, however they are packed")
}

// TestSignedInUserIsUnavailableWhenTheDatabaseIsDown: a write by a signed-in user whose
// session cannot be checked is UNAVAILABLE (retry), not UNAUTHENTICATED (sign in again).
func TestSignedInUserIsUnavailableWhenTheDatabaseIsDown(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	tok := s.login(t, operator)
	s.app.pool.Close()
	r := s.do(t, tok, askMutation, map[string]any{"title": "Una domanda qualsiasi", "body": "testo"})
	require.Less(t, r.Status, 500, string(r.Raw))
	require.Empty(t, r.Errors, string(r.Raw))
	require.Equal(t, []string{"UNAVAILABLE"}, userErrorCodes(dig(r.Data, "askQuestion")))
}

// TestLoginAnswerShowsOwnEmail: the account that has just signed in sees its own e-mail.
func TestLoginAnswerShowsOwnEmail(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true, OpenSignup: true})
	q := `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { user { email } } }`
	d := s.ok(t, "", q, map[string]any{"e": operator, "p": storetest.DemoPassword})
	require.Equal(t, operator, dig(d, "login", "user", "email"))
	q = `mutation { register(input: {email: "nuovo@esempio.it", password: "una-password-lunga", displayName: "Nuovo"}) { user { email } } }`
	require.Equal(t, "nuovo@esempio.it", dig(s.ok(t, "", q, nil), "register", "user", "email"))
}

// TestSlowBodyIsCut: a body trickled a byte at a time does not hold the connection.
func TestSlowBodyIsCut(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{})
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.URL, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	_, err = fmt.Fprintf(conn, "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
	require.NoError(t, err)
	start := time.Now()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for time.Since(start) < 40*time.Second {
			if _, err := conn.Write([]byte(" ")); err != nil {
				return
			}
			time.Sleep(2 * time.Second)
		}
	}()
	_ = conn.SetReadDeadline(time.Now().Add(40 * time.Second))
	reply, _ := io.ReadAll(conn) // the server answers, then closes
	took := time.Since(start)
	require.Less(t, took, 30*time.Second, "cut after the body timeout: %s", reply)
	require.GreaterOrEqual(t, took, 10*time.Second)
	<-done
}

// TestLoginMemoryIsBounded: 200 parallel logins for unknown addresses hash a few at a time.
// The figure goes to docs/PERFORMANCE.md.
func TestLoginMemoryIsBounded(t *testing.T) {
	s := newTestServer(t, serverOptions{Seeded: true})
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
			}
		}
	}()
	start := time.Now()
	var wg sync.WaitGroup
	var checked, busy atomic.Int32
	for i := range 200 {
		wg.Go(func() {
			d := s.ok(t, "", loginMutation, map[string]any{"email": fmt.Sprintf("sconosciuto%d@esempio.it", i), "password": "password-qualsiasi"})
			switch codes := userErrorCodes(dig(d, "login")); {
			case len(codes) == 1 && codes[0] == "INVALID":
				checked.Add(1)
			case len(codes) == 1 && codes[0] == "RATE_LIMITED": // one client's failures across addresses
			case len(codes) == 1 && codes[0] == "UNAVAILABLE": // waited too long for a hash: a loaded machine
				busy.Add(1)
			default:
				t.Errorf("unexpected answer %v", d)
			}
		})
	}
	wg.Wait()
	close(stop)
	<-sampled
	growth := int64(peak.Load()) - int64(base.HeapInuse)
	t.Logf("200 parallel logins (%d checked, %d busy): heap in use grew by %.1f MiB at most, %s",
		checked.Load(), busy.Load(), float64(growth)/(1<<20), time.Since(start).Round(time.Millisecond))
	require.EqualValues(t, 100, checked.Load()+busy.Load(), "the first hundred were taken in")
	require.Positive(t, checked.Load())
	require.Less(t, growth, int64(256<<20), "far under 512 MiB")
}

// TestLongStrings: strings just under the body limit are refused by the field they fill,
// quickly, with nothing written.
func TestLongStrings(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	tok := s.login(t, operator)
	long := strings.Repeat("lungo ", 50_000) // 300 KB, three times under the 1 MiB body limit
	start := time.Now()
	d := s.ok(t, tok, askMutation, map[string]any{"title": long, "body": long, "tags": []string{long}})
	codes := userErrorCodes(dig(d, "askQuestion"))
	require.NotEmpty(t, codes)
	require.Nil(t, dig(d, "askQuestion", "question"))
	r := s.do(t, "", searchQuery, map[string]any{"q": long})
	require.Less(t, r.Status, 500)
	require.Equal(t, "INVALID", r.Errors[0].Extensions["code"], "%.300s", r.Raw)
	r = s.do(t, "", `query($t: String) { questions(filter: { tag: $t }) { totalCount } }`, map[string]any{"t": long})
	require.Less(t, r.Status, 500, "%.300s", r.Raw)
	require.Less(t, time.Since(start), 3*time.Second)
	var n int
	require.NoError(t, s.app.pool.QueryRow(context.Background(), `SELECT count(*) FROM questions WHERE title LIKE 'lungo%'`).Scan(&n))
	require.Zero(t, n)
}
