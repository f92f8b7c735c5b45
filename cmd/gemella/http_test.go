package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// rawRequest sends any request and returns the response with its body read.
func (s *testServer) rawRequest(t testing.TB, method, path string, body io.Reader, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, body)
	require.NoError(t, err)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := s.Client().Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res, raw
}

func mediaType(h http.Header) string {
	ct, _, _ := strings.Cut(h.Get("Content-Type"), ";")
	return strings.TrimSpace(ct)
}

// errorBody decodes a GraphQL-shaped error answer.
func errorBody(t testing.TB, raw []byte) (messages []string, codes []any, hasData bool) {
	t.Helper()
	var body struct {
		Errors []struct {
			Message    string         `json:"message"`
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
		Data json.RawMessage `json:"data"`
	}
	require.NoError(t, json.Unmarshal(raw, &body), string(raw))
	for _, e := range body.Errors {
		messages = append(messages, e.Message)
		codes = append(codes, e.Extensions["code"])
	}
	return messages, codes, len(body.Data) > 0 && string(body.Data) != "null"
}

func TestGraphQLOverHTTPGet(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})

	r := s.get(t, `{ regions { name } }`, nil)
	require.Equal(t, http.StatusOK, r.Status, string(r.Raw))
	require.Equal(t, "application/graphql-response+json", mediaType(r.Header))
	require.Len(t, dig(r.Data, "regions"), 21)

	r = s.get(t, `query($n: Int) { centers(first: $n) { edges { node { name } } } }`, map[string]any{"n": 2})
	require.Equal(t, http.StatusOK, r.Status, string(r.Raw))
	require.Len(t, dig(r.Data, "centers", "edges"), 2)

	v := url.Values{"query": {`{ regions { name } }`}}
	res, raw := s.rawRequest(t, http.MethodGet, "/graphql?"+v.Encode(), nil, map[string]string{"Accept": "application/json"})
	require.Equal(t, http.StatusOK, res.StatusCode, string(raw))
	require.Equal(t, "application/json", mediaType(res.Header))
	res, _ = s.rawRequest(t, http.MethodGet, "/graphql?"+v.Encode(), nil, map[string]string{"Accept": "application/graphql-response+json, application/json;q=0.9"})
	require.Equal(t, "application/graphql-response+json", mediaType(res.Header))

	// POST answers with the same media types.
	pr := s.do(t, "", `{ regions { name } }`, nil)
	require.Equal(t, "application/graphql-response+json", mediaType(pr.Header))
	pr = s.doWith(t, `{ regions { name } }`, nil, map[string]string{"Accept": "application/json"})
	require.Equal(t, "application/json", mediaType(pr.Header))
}

func TestGetRefusesMutations(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	tok := s.login(t, operator)
	total := questionsTotal(t, s)

	v := url.Values{"query": {`mutation { askQuestion(input: { title: "Domanda inviata con GET", body: "Testo" }) { question { id } } }`}}
	res, raw := s.rawRequest(t, http.MethodGet, "/graphql?"+v.Encode(), nil, map[string]string{"Authorization": "Bearer " + tok})
	require.Equal(t, http.StatusMethodNotAllowed, res.StatusCode, string(raw))
	require.Equal(t, "POST", res.Header.Get("Allow"))
	msgs, _, _ := errorBody(t, raw)
	require.Equal(t, []string{"Le modifiche vanno inviate con una richiesta POST."}, msgs)
	require.NotContains(t, string(raw), `"question"`)

	// Also when the mutation hides behind an operation name.
	v = url.Values{
		"query":         {`query Q { me { id } } mutation M { askQuestion(input: { title: "Domanda inviata con GET", body: "Testo" }) { question { id } } }`},
		"operationName": {"M"},
	}
	res, raw = s.rawRequest(t, http.MethodGet, "/graphql?"+v.Encode(), nil, map[string]string{"Authorization": "Bearer " + tok})
	require.Equal(t, http.StatusMethodNotAllowed, res.StatusCode, string(raw))

	// And via the session cookie, which a cross-site link would carry.
	res, _ = s.rawRequest(t, http.MethodGet, "/graphql?"+v.Encode(), nil, map[string]string{"Cookie": "gemella_session=" + tok})
	require.GreaterOrEqual(t, res.StatusCode, 400)

	require.Equal(t, total, questionsTotal(t, s), "nothing was written")
}

func TestMalformedRequests(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{})
	jsonCT := map[string]string{"Content-Type": "application/json"}

	// Not JSON.
	res, raw := s.rawRequest(t, http.MethodPost, "/graphql", strings.NewReader(`{"query": "{ regions { name } }"`), jsonCT)
	require.Equal(t, http.StatusBadRequest, res.StatusCode, string(raw))
	res, raw = s.rawRequest(t, http.MethodPost, "/graphql", strings.NewReader(`not json at all`), jsonCT)
	require.Equal(t, http.StatusBadRequest, res.StatusCode, string(raw))
	msgs, _, _ := errorBody(t, raw)
	require.Equal(t, []string{"Il corpo della richiesta non è JSON valido."}, msgs)

	// A syntax error and a validation error in the query.
	for _, q := range []string{`{ regions { name }`, `{ regions { nome } }`, `query($n: Int!) { centers(first: $n) { totalCount } }`} {
		r := s.do(t, "", q, nil)
		require.Equal(t, http.StatusBadRequest, r.Status, "%s: %s", q, r.Raw)
		require.Equal(t, "application/graphql-response+json", mediaType(r.Header))
		require.NotEmpty(t, r.Errors, q)
		require.True(t, strings.HasPrefix(r.Errors[0].Message, "Richiesta GraphQL non valida"), r.Errors[0].Message)
		require.Nil(t, r.Data, q)
		r = s.doWith(t, q, nil, map[string]string{"Accept": "application/json"})
		require.NotEqual(t, http.StatusInternalServerError, r.Status, q)
	}
	// No query at all.
	res, raw = s.rawRequest(t, http.MethodPost, "/graphql", strings.NewReader(`{}`), jsonCT)
	require.Equal(t, http.StatusBadRequest, res.StatusCode, string(raw))

	// Wrong media type, and none.
	for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", ""} {
		h := map[string]string{}
		if ct != "" {
			h["Content-Type"] = ct
		}
		res, raw = s.rawRequest(t, http.MethodPost, "/graphql", strings.NewReader(`{"query":"{ regions { name } }"}`), h)
		require.Equal(t, http.StatusUnsupportedMediaType, res.StatusCode, "%q: %s", ct, raw)
		msgs, _, _ := errorBody(t, raw)
		require.Equal(t, []string{"Richiesta non valida."}, msgs)
	}
	// application/json with a charset is fine.
	res, raw = s.rawRequest(t, http.MethodPost, "/graphql", strings.NewReader(`{"query":"{ regions { name } }"}`),
		map[string]string{"Content-Type": "application/json; charset=utf-8"})
	require.Equal(t, http.StatusOK, res.StatusCode, string(raw))

	// Methods GraphQL over HTTP does not use.
	for _, m := range []string{http.MethodPut, http.MethodDelete, http.MethodPatch} {
		res, raw = s.rawRequest(t, m, "/graphql", strings.NewReader(`{"query":"{ regions { name } }"}`), jsonCT)
		require.Equal(t, http.StatusMethodNotAllowed, res.StatusCode, m)
		require.Equal(t, "GET, POST", res.Header.Get("Allow"), m)
		require.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"))
		require.NotEmpty(t, res.Header.Get("X-Request-ID"))
		_, codes, _ := errorBody(t, raw)
		require.NotEmpty(t, codes)
	}
}

func TestBodyLimit(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{})
	big, err := json.Marshal(map[string]any{
		"query":     `query($x: String) { __typename }`,
		"variables": map[string]any{"x": strings.Repeat("a", 1<<20)},
	})
	require.NoError(t, err)
	jsonCT := map[string]string{"Content-Type": "application/json"}

	// With a Content-Length…
	res, raw := s.rawRequest(t, http.MethodPost, "/graphql", bytes.NewReader(big), jsonCT)
	require.Equal(t, http.StatusRequestEntityTooLarge, res.StatusCode, string(raw))
	msgs, _, _ := errorBody(t, raw)
	require.Equal(t, []string{"La richiesta supera la dimensione massima consentita (1 MB)."}, msgs)
	require.NotEmpty(t, res.Header.Get("X-Request-ID"))
	// …and without one (chunked).
	res, raw = s.rawRequest(t, http.MethodPost, "/graphql", io.MultiReader(bytes.NewReader(big)), jsonCT)
	require.Equal(t, http.StatusRequestEntityTooLarge, res.StatusCode, string(raw))

	// Just under the limit is read.
	small, err := json.Marshal(map[string]any{
		"query":     `query($x: String) { questions(first: 0, filter: { tag: $x }) { totalCount } }`,
		"variables": map[string]any{"x": strings.Repeat("a", 1<<20-300)},
	})
	require.NoError(t, err)
	require.Less(t, len(small), 1<<20)
	res, raw = s.rawRequest(t, http.MethodPost, "/graphql", bytes.NewReader(small), jsonCT)
	require.Equal(t, http.StatusOK, res.StatusCode, string(raw[:min(len(raw), 300)]))
}

// tooComplex asks for 60 × 100 × 100 answers.
const tooComplex = `{ questions(first: 60) { edges { node { answers(first: 100) { edges { node {
  question { answers(first: 100) { edges { node { id } } } } } } } } } } }`

func TestQueryLimits(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})

	refused := func(name, query string, vars map[string]any, code string) gqlResponse {
		t.Helper()
		before := s.counter.Count()
		r := s.do(t, "", query, vars)
		require.Less(t, r.Status, 500, "%s: %s", name, r.Raw)
		require.Len(t, r.Errors, 1, "%s: %s", name, r.Raw)
		require.Equal(t, code, r.Errors[0].Extensions["code"], "%s: %s", name, r.Raw)
		require.Nil(t, r.Data, "%s: no data", name)
		require.Zero(t, s.counter.Count()-before, "%s: refused before any resolver ran", name)
		return r
	}
	r := refused("60×100×100", tooComplex, nil, "QUERY_TOO_COMPLEX")
	require.Contains(t, r.Errors[0].Message, "La richiesta è troppo complessa")
	refused("page sizes in variables", `query($a: Int, $b: Int) { questions(first: $a) { edges { node { answers(first: $b) { edges { node {
	  question { answers(first: $b) { edges { node { id } } } } } } } } } } }`, map[string]any{"a": 60, "b": 100}, "QUERY_TOO_COMPLEX")
	refused("default page sizes", `{ questions { edges { node { answers { edges { node {
	  question { answers { edges { node { id } } } } } } } } } } }`, nil, "QUERY_TOO_COMPLEX")
	// One list of 100 × 10 is fine; the same twice under aliases is not.
	const heavy = `questions(first: 100) { edges { node { answers(first: 10) { edges { node { id } } } } } }`
	s.ok(t, "", "{ "+heavy+" }", nil)
	refused("aliases", "{ a: "+heavy+" b: "+heavy+" }", nil, "QUERY_TOO_COMPLEX")
	r = s.doWith(t, tooComplex, nil, map[string]string{"Accept-Language": "en"})
	require.Contains(t, r.Errors[0].Message, "The request is too complex")

	// Depth: 15 levels, directly and through fragments.
	const deep = `{ questions(first: 1) { edges { node { answers(first: 1) { edges { node { question {
	  answers(first: 1) { edges { node { question { author { center { region { name } } } } } } } } } } } } } } }`
	r = refused("15 levels", deep, nil, "QUERY_TOO_DEEP")
	require.Contains(t, r.Errors[0].Message, "annidata troppo in profondità")
	refused("fragments", `query { questions(first: 1) { ...Q } }
	  fragment Q on QuestionConnection { edges { node { ...N } } }
	  fragment N on Question { answers(first: 1) { edges { node { question { answers(first: 1) { edges { node { ...A } } } } } } } }
	  fragment A on Answer { question { author { center { region { name } } } } }`, nil, "QUERY_TOO_DEEP")
	refused("inline fragments", `{ node(id: "x") { ... on Question { answers(first: 1) { edges { node { question { answers(first: 1) {
	  edges { node { question { answers(first: 1) { edges { node { author { center { name } } } } } } } } } } } } } } } }`, nil, "QUERY_TOO_DEEP")
	// Exactly 12 levels is allowed.
	s.ok(t, "", `{ questions(first: 1) { edges { node { answers(first: 1) { edges { node { question {
	  answers(first: 1) { edges { node { author { displayName } } } } } } } } } } } }`, nil)
}

func TestContractQueriesAreNotRefused(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	d := s.ok(t, "", `{ questions(first: 1) { edges { node { id } } } }`, nil)
	qid := dig(d, "questions", "edges", 0, "node", "id").(string)

	d = s.ok(t, "", questionPage, map[string]any{"id": qid})
	require.Equal(t, qid, dig(d, "node", "id"))
	d = s.ok(t, "", directoryQuery, nil)
	require.NotEmpty(t, dig(d, "centers", "edges"))
	d = s.ok(t, "", twinningsQuery, nil)
	require.NotEmpty(t, dig(d, "twinnings", "edges"))
	d = s.ok(t, "", `query Questions($first: Int, $after: String, $serviceArea: String, $tag: String, $unanswered: Boolean) {
	  questions(first: $first, after: $after, filter: { serviceAreaSlug: $serviceArea, tag: $tag, unanswered: $unanswered }, orderBy: NEWEST) {
	    totalCount
	    pageInfo { hasNextPage endCursor }
	    edges { cursor node { id title score answerCount tags author { displayName center { name } } createdAt } }
	  }
	}`, map[string]any{"first": 100})
	require.NotEmpty(t, dig(d, "questions", "edges"))
	// The heaviest page the web app asks for: a question with 100 answers and their authors.
	s.ok(t, "", `query($id: ID!) { node(id: $id) { ... on Question { id title bodyHTML author { displayName center { name } }
	  comments { id bodyHTML author { displayName } }
	  answers(first: 100) { totalCount edges { node { id bodyHTML score accepted createdAt author { displayName center { name } } comments { id bodyHTML author { displayName } } } } }
	} } }`, map[string]any{"id": qid})
}

func TestIntrospectionOnlyInDev(t *testing.T) {
	t.Parallel()
	prod := newTestServer(t, serverOptions{})
	dev := newTestServer(t, serverOptions{Dev: true})
	const introspection = `{ __schema { types { name } } }`

	r := prod.do(t, "", introspection, nil)
	require.Less(t, r.Status, 500, string(r.Raw))
	require.NotEmpty(t, r.Errors, string(r.Raw))
	require.Nil(t, dig(r.Data, "__schema"))
	require.NotContains(t, string(r.Raw), `"Question"`)
	r = prod.do(t, "", `{ __type(name: "Question") { fields { name } } }`, nil)
	require.NotEmpty(t, r.Errors, string(r.Raw))
	require.NotContains(t, string(r.Raw), `"answers"`)
	// __typename is not introspection.
	d := prod.ok(t, "", `{ __typename }`, nil)
	require.Equal(t, "Query", d["__typename"])

	d = dev.ok(t, "", introspection, nil)
	var names []string
	for _, ty := range dig(d, "__schema", "types").([]any) {
		names = append(names, dig(ty, "name").(string))
	}
	require.Contains(t, names, "Question")
	require.Contains(t, names, "Twinning")
}

func TestGraphiQLOnlyInDev(t *testing.T) {
	t.Parallel()
	prod := newTestServer(t, serverOptions{})
	dev := newTestServer(t, serverOptions{Dev: true})
	res, _ := prod.rawRequest(t, http.MethodGet, "/graphiql", nil, nil)
	require.Equal(t, http.StatusNotFound, res.StatusCode)
	require.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"))
	res, raw := dev.rawRequest(t, http.MethodGet, "/graphiql", nil, nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, "text/html", mediaType(res.Header))
	require.Contains(t, string(raw), "/graphql")
}

func TestHealthAndReadiness(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{})
	res, raw := s.rawRequest(t, http.MethodGet, "/healthz", nil, nil)
	require.Equal(t, http.StatusOK, res.StatusCode, string(raw))
	require.Equal(t, "application/json", mediaType(res.Header))

	res, raw = s.rawRequest(t, http.MethodGet, "/readyz", nil, nil)
	require.Equal(t, http.StatusOK, res.StatusCode, string(raw))
	var ready struct {
		Status string            `json:"status"`
		Checks map[string]string `json:"checks"`
	}
	require.NoError(t, json.Unmarshal(raw, &ready))
	require.Equal(t, "ready", ready.Status)
	require.Equal(t, map[string]string{"postgres": "ok", "migrations": "ok", "meilisearch": "ok"}, ready.Checks)

	down := newTestServer(t, serverOptions{Seeded: true, MeiliURL: "http://127.0.0.1:1"})
	res, raw = down.rawRequest(t, http.MethodGet, "/readyz", nil, nil)
	require.Equal(t, http.StatusServiceUnavailable, res.StatusCode, string(raw))
	require.Equal(t, "application/json", mediaType(res.Header))
	ready.Checks = nil
	require.NoError(t, json.Unmarshal(raw, &ready))
	require.Equal(t, "unavailable", ready.Status)
	require.Equal(t, "ok", ready.Checks["postgres"])
	require.NotEmpty(t, ready.Checks["meilisearch"])
	require.NotEqual(t, "ok", ready.Checks["meilisearch"])
	// Liveness does not depend on Meilisearch.
	res, _ = down.rawRequest(t, http.MethodGet, "/healthz", nil, nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	// Neither do reads that only need PostgreSQL.
	d := down.ok(t, "", `{ regions { name } }`, nil)
	require.Len(t, dig(d, "regions"), 21)
}

func TestResponseHeaders(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{})
	seen := map[string]bool{}
	check := func(name string, h http.Header) {
		t.Helper()
		id := h.Get("X-Request-ID")
		require.NotEmpty(t, id, name)
		require.False(t, seen[id], "%s: a fresh request id", name)
		seen[id] = true
		require.Equal(t, "nosniff", h.Get("X-Content-Type-Options"), name)
	}
	check("POST", s.do(t, "", `{ regions { name } }`, nil).Header)
	check("GET", s.get(t, `{ regions { name } }`, nil).Header)
	check("GraphQL error", s.do(t, "", `{ nope }`, nil).Header)
	for _, path := range []string{"/healthz", "/readyz", "/nope"} {
		res, _ := s.rawRequest(t, http.MethodGet, path, nil, nil)
		check(path, res.Header)
	}
	res, _ := s.rawRequest(t, http.MethodPost, "/graphql", strings.NewReader("x"), map[string]string{"Content-Type": "text/plain"})
	check("415", res.Header)
}

func TestQueryLimitRefusalIsARequestError(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{})
	for _, q := range []string{tooComplex, `{ questions(first: 1) { edges { node { answers(first: 1) { edges { node { question {
	  answers(first: 1) { edges { node { question { author { center { region { name } } } } } } } } } } } } } } }`} {
		r := s.do(t, "", q, nil)
		require.Equal(t, http.StatusBadRequest, r.Status, string(r.Raw))
		require.Equal(t, "application/graphql-response+json", mediaType(r.Header))
	}
}

func TestIntrospectionRefusalIsNotAnInternalError(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{})
	r := s.do(t, "", `{ __schema { types { name } } }`, nil)
	require.NotEmpty(t, r.Errors, string(r.Raw))
	require.NotEqual(t, "INTERNAL", r.Errors[0].Extensions["code"], string(r.Raw))
	require.NotContains(t, r.Errors[0].Message, "errore imprevisto")
}

func TestDevIntrospectionQueryIsNotTooDeep(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Dev: true})
	d := s.ok(t, "", standardIntrospectionQuery, nil)
	require.NotEmpty(t, dig(d, "__schema", "types"))
}

// standardIntrospectionQuery is graphql-js's getIntrospectionQuery(), as GraphiQL sends it.
const standardIntrospectionQuery = `query IntrospectionQuery {
  __schema {
    queryType { name }
    mutationType { name }
    subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name
    ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}`
