package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const importMutation = `mutation ImportGuideline($file: Upload!, $title: String!, $serviceArea: String, $year: Int) {
  importGuideline(input: { file: $file, title: $title, serviceAreaSlug: $serviceArea, year: $year }) {
    guideline { id title sectionCount }
    userErrors { field message code }
  }
}`

const searchQuery = `query Search($q: String!, $types: [SearchType!], $serviceArea: String, $first: Int, $after: String) {
  search(query: $q, filter: { types: $types, serviceAreaSlug: $serviceArea }, first: $first, after: $after) {
    totalCount
    facets { serviceAreas { value count } types { value count } }
    edges { node { type title highlight url item { __typename ... on Node { id } } } }
  }
}`

// upload sends a GraphQL multipart request (the spec's operations, map and file parts).
func (s *client) upload(t testing.TB, token, query string, vars map[string]any, fileName string, content []byte) gqlResponse {
	t.Helper()
	vars["file"] = nil
	ops, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	require.NoError(t, err)
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	require.NoError(t, w.WriteField("operations", string(ops)))
	require.NoError(t, w.WriteField("map", `{"0": ["variables.file"]}`))
	part, err := w.CreateFormFile("0", fileName)
	require.NoError(t, err)
	_, err = part.Write(content)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	req, err := http.NewRequest(http.MethodPost, s.URL+"/graphql", &body)
	require.NoError(t, err)
	req.Header.Set("Content-Type", w.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return s.send(t, req)
}

// indexed drains the search outbox, as the running server's indexer does continuously.
func (s *testServer) indexed(t testing.TB) {
	t.Helper()
	for {
		n, err := s.app.indexer.Drain(context.Background())
		require.NoError(t, err)
		if n == 0 {
			return
		}
	}
}

const mediationGuide = `# Linee guida sulla mediazione familiare

## 1. Il primo colloquio

Il primo colloquio con la coppia genitoriale serve a spiegare che la mediazione è volontaria e riservata.

## 2. Gli incontri di mediazione

Gli incontri sono da sei a dieci, a cadenza quindicinale, con un mediatore formato.

### 2.1 Il piano genitoriale

Al termine i genitori scrivono insieme un piano genitoriale sui tempi dei figli.
`

func TestImportGuidelineAndSearch(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	trainerToken := s.login(t, trainer)

	r := s.upload(t, trainerToken, importMutation, map[string]any{"title": "Mediazione: guida pratica", "serviceArea": "mediazione-familiare", "year": 2024},
		"guida.md", []byte(mediationGuide))
	require.Equal(t, http.StatusOK, r.Status, string(r.Raw))
	require.Empty(t, r.Errors, string(r.Raw))
	g := dig(r.Data, "importGuideline", "guideline")
	require.Equal(t, "Mediazione: guida pratica", dig(g, "title"))
	require.EqualValues(t, 3, dig(g, "sectionCount"))

	s.indexed(t)
	d := s.ok(t, "", searchQuery, map[string]any{"q": "piano genitorale", "types": []string{"GUIDELINE_SECTION"}})
	edges := dig(d, "search", "edges").([]any)
	require.NotEmpty(t, edges)
	top := dig(edges[0], "node")
	require.Equal(t, "GUIDELINE_SECTION", dig(top, "type"))
	require.Contains(t, dig(top, "highlight"), "<mark>")
	require.Contains(t, dig(top, "url"), "#2-1-il-piano-genitoriale")
	require.Equal(t, "GuidelineSection", dig(top, "item", "__typename"))
	require.NotEmpty(t, dig(top, "item", "id"))

	// The contract's facets count every type, whatever the page holds.
	d = s.ok(t, "", searchQuery, map[string]any{"q": "mediazione"})
	require.NotEmpty(t, dig(d, "search", "facets", "types"))
	require.NotEmpty(t, dig(d, "search", "facets", "serviceAreas"))
}

func TestImportGuidelineRefusesBadFiles(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	trainerToken := s.login(t, trainer)
	operatorToken := s.login(t, operator)
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde")

	count := func() float64 {
		return dig(s.ok(t, "", `{ guidelines(first: 1) { totalCount } }`, nil), "guidelines", "totalCount").(float64)
	}
	before := count()
	cases := []struct {
		name, token, file string
		content           []byte
		title             string
		code              string
	}{
		{"empty", trainerToken, "vuoto.md", nil, "Un titolo", "INVALID"},
		{"blank", trainerToken, "vuoto.txt", []byte("  \n\n "), "Un titolo", "INVALID"},
		{"image", trainerToken, "foto.md", png, "Un titolo", "UNSUPPORTED"},
		{"zip", trainerToken, "archivio.pdf", []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"), "Un titolo", "UNSUPPORTED"},
		{"corrupt pdf", trainerToken, "rotto.pdf", []byte("%PDF-1.4\n1 0 obj <<"), "Un titolo", "INVALID"},
		{"no title anywhere", trainerToken, "guida.md", []byte("Un testo di una riga, senza titoli.\n"), " ", "INVALID"},
		{"operator", operatorToken, "guida.md", []byte(mediationGuide), "Un titolo", "FORBIDDEN"},
		{"anonymous", "", "guida.md", []byte(mediationGuide), "Un titolo", "UNAUTHENTICATED"},
	}
	for _, c := range cases {
		r := s.upload(t, c.token, importMutation, map[string]any{"title": c.title}, c.file, c.content)
		require.Equal(t, http.StatusOK, r.Status, "%s: %s", c.name, r.Raw)
		require.Empty(t, r.Errors, "%s: %s", c.name, r.Raw)
		require.Contains(t, userErrorCodes(dig(r.Data, "importGuideline")), c.code, "%s: %s", c.name, r.Raw)
		require.Nil(t, dig(r.Data, "importGuideline", "guideline"), c.name)
	}
	require.Equal(t, before, count(), "a refused import stores nothing")
	var files int
	require.NoError(t, s.app.pool.QueryRow(context.Background(), `SELECT count(*) FROM files`).Scan(&files))
	require.Equal(t, 3, files, "only the demo guidelines' files")

	// Over the size limit: a userError when the file alone is too big.
	big := []byte("# Titolo\n\n" + strings.Repeat("parola ", (50<<20)/7+10))
	r := s.upload(t, trainerToken, importMutation, map[string]any{"title": "Troppo grande"}, "grande.md", big)
	require.Equal(t, http.StatusOK, r.Status, string(r.Raw[:min(len(r.Raw), 300)]))
	require.Contains(t, userErrorCodes(dig(r.Data, "importGuideline")), "TOO_LARGE")
	require.Equal(t, before, count())
}

// TestOriginalFileDownload checks that an original is served byte for byte and never as a
// page of the site.
func TestOriginalFileDownload(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	body := []byte(mediationGuide + "\n<script>alert('x')</script>\n")
	r := s.upload(t, s.login(t, trainer), importMutation, map[string]any{"title": "Guida con allegato"}, "guida àè.md", body)
	id := dig(r.Data, "importGuideline", "guideline", "id").(string)
	d := s.ok(t, "", `query($id: ID!) { node(id: $id) { ... on Guideline { file { name contentType size url } } } }`, map[string]any{"id": id})
	f := dig(d, "node", "file")
	require.Equal(t, "guida àè.md", dig(f, "name"))
	require.EqualValues(t, len(body), dig(f, "size"))

	res, err := s.Client().Get(s.URL + dig(f, "url").(string))
	require.NoError(t, err)
	defer res.Body.Close()
	got, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, body, got)
	require.Equal(t, "text/markdown; charset=utf-8", res.Header.Get("Content-Type"))
	require.True(t, strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment"), res.Header.Get("Content-Disposition"))
	require.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"))
	require.Contains(t, res.Header.Get("Content-Security-Policy"), "sandbox")

	res, err = s.Client().Get(s.URL + "/files/bm9wZQ")
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusNotFound, res.StatusCode)
}

func TestNewVersionReplacesSectionsInSearch(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	tok := s.login(t, trainer)
	v1 := "# Versione uno\n\n## Accoglienza\n\nIl vecchio protocollo prevedeva il modulo arancione.\n"
	r := s.upload(t, tok, importMutation, map[string]any{"title": "Protocollo di accoglienza"}, "v1.md", []byte(v1))
	id := dig(r.Data, "importGuideline", "guideline", "id").(string)
	s.indexed(t)
	require.NotEmpty(t, dig(s.ok(t, "", searchQuery, map[string]any{"q": "modulo arancione"}), "search", "edges"))

	v2 := "# Versione due\n\n## Accoglienza\n\nIl nuovo protocollo usa la scheda verde.\n\n## Verifica\n\nUn incontro di verifica dopo tre mesi.\n"
	newVersion := `mutation($file: Upload!, $title: String!, $id: ID) {
	  importGuideline(input: { file: $file, title: $title, guidelineId: $id }) {
	    guideline { id version sectionCount } userErrors { field code }
	  }
	}`
	r = s.upload(t, tok, newVersion, map[string]any{"title": "Protocollo di accoglienza", "id": id}, "v2.md", []byte(v2))
	require.Empty(t, r.Errors, string(r.Raw))
	g := dig(r.Data, "importGuideline", "guideline")
	require.Equal(t, id, dig(g, "id"), "a new version keeps the guideline's id")
	require.EqualValues(t, 2, dig(g, "version"))
	require.EqualValues(t, 2, dig(g, "sectionCount"))
	s.indexed(t)

	hits := func(q string) []any {
		d := s.ok(t, "", searchQuery, map[string]any{"q": q, "types": []string{"GUIDELINE_SECTION"}})
		return dig(d, "search", "edges").([]any)
	}
	for _, h := range hits("modulo arancione") {
		require.NotContains(t, dig(h, "node", "highlight"), "arancione", "the old version is gone from search")
	}
	require.NotEmpty(t, hits("scheda verde"))
	require.NotEmpty(t, hits("incontro di verifica"))

	var files int
	require.NoError(t, s.app.pool.QueryRow(context.Background(), `SELECT count(*) FROM files`).Scan(&files))
	require.Equal(t, 5, files, "the earlier original is kept: 3 demo guidelines and both versions of this one")
}

// TestSearchDemoGuidelines runs the contract Search over the demo data as a newcomer would.
func TestSearchDemoGuidelines(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	s.indexed(t)
	top3 := func(q string, vars map[string]any) []any {
		v := map[string]any{"q": q, "first": 3}
		for k, x := range vars {
			v[k] = x
		}
		d := s.ok(t, "", searchQuery, v)
		return dig(d, "search", "edges").([]any)
	}
	contains := func(edges []any, field, want string) bool {
		for _, e := range edges {
			if strings.Contains(strings.ToLower(dig(e, "node", field).(string)), strings.ToLower(want)) {
				return true
			}
		}
		return false
	}
	require.True(t, contains(top3("mediazone familiare", nil), "title", "mediazione familiare"))
	require.True(t, contains(top3("citta di castello", nil), "highlight", "<mark>Città</mark>"))
	require.True(t, contains(top3("famiglia multiproblematica", nil), "title", "multiproblematich"))
	require.True(t, contains(top3("CpF", nil), "highlight", "<mark>"))

	// Filters narrow the hits and the facets count them.
	d := s.ok(t, "", searchQuery, map[string]any{"q": "famiglie", "types": []string{"QUESTION"}})
	for _, e := range dig(d, "search", "edges").([]any) {
		require.Equal(t, "QUESTION", dig(e, "node", "type"))
		require.Equal(t, "Question", dig(e, "node", "item", "__typename"))
	}
	d = s.ok(t, "", searchQuery, map[string]any{"q": "famiglie", "serviceArea": "orientamento"})
	for _, f := range dig(d, "search", "facets", "serviceAreas").([]any) {
		require.Equal(t, "orientamento", dig(f, "value"))
	}

	// Paging goes on where the last page ended, without repeating a hit.
	first := s.ok(t, "", `query { search(query: "famiglie", first: 2) { pageInfo { hasNextPage endCursor } edges { node { url } } } }`, nil)
	require.Equal(t, true, dig(first, "search", "pageInfo", "hasNextPage"))
	next := s.ok(t, "", `query($a: String) { search(query: "famiglie", first: 2, after: $a) { edges { node { url } } } }`,
		map[string]any{"a": dig(first, "search", "pageInfo", "endCursor")})
	require.NotEqual(t, dig(first, "search", "edges", 0, "node", "url"), dig(next, "search", "edges", 0, "node", "url"))

	// Suggestions: one title per guideline, from a few letters.
	d = s.ok(t, "", `{ searchSuggestions(prefix: "medi") { title type url } }`, nil)
	titles := map[string]int{}
	for _, sg := range dig(d, "searchSuggestions").([]any) {
		titles[dig(sg, "title").(string)]++
	}
	require.NotEmpty(t, titles)
	for title, n := range titles {
		require.Equal(t, 1, n, title)
	}

	// first: 0 shows no hit but still counts them.
	d = s.ok(t, "", searchQuery, map[string]any{"q": "famiglie", "first": 0})
	require.Empty(t, dig(d, "search", "edges"))
	require.Positive(t, dig(d, "search", "totalCount"))
	require.NotEmpty(t, dig(d, "search", "facets", "types"))

	// Bad input is an error with a code, never a 500.
	for _, bad := range []map[string]any{
		{"q": strings.Repeat("a", 201)},
		{"q": "x", "first": 51},
		{"q": "x", "after": "non-un-cursore"},
	} {
		r := s.do(t, "", searchQuery, bad)
		require.Equal(t, http.StatusOK, r.Status)
		require.NotEmpty(t, r.Errors)
		require.Equal(t, "INVALID", r.Errors[0].Extensions["code"])
	}
}

// TestSearchDownKeepsWritesWorking: with Meilisearch unreachable, writes still commit and
// queue their search update, and search answers with a clear, coded error.
func TestSearchDownKeepsWritesWorking(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true, MeiliURL: "http://127.0.0.1:1"})
	tok := s.login(t, operator)
	d := s.ok(t, tok, askMutation, map[string]any{"title": "Domanda scritta a ricerca spenta", "body": "Funziona lo stesso?"})
	require.Empty(t, userErrorCodes(dig(d, "askQuestion")))

	r := s.do(t, "", searchQuery, map[string]any{"q": "ricerca"})
	require.Equal(t, http.StatusOK, r.Status)
	require.NotEmpty(t, r.Errors)
	require.Equal(t, "UNAVAILABLE", r.Errors[0].Extensions["code"])
	require.Contains(t, r.Errors[0].Message, "ricerca non è disponibile")

	_, err := s.app.indexer.Drain(context.Background())
	require.Error(t, err, "the indexer cannot deliver")
	pending, err := s.app.indexer.Pending(context.Background())
	require.NoError(t, err)
	require.Positive(t, pending, "nothing is dropped while Meilisearch is down")
}

func TestTwinningsListTheirGuidelines(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	d := s.ok(t, "", `{ twinnings(first: 10) { edges { node { title serviceArea { slug } guidelines { title year sectionCount serviceArea { slug } } } } } }`, nil)
	edges := dig(d, "twinnings", "edges").([]any)
	require.Len(t, edges, 3)
	for _, e := range edges {
		n := dig(e, "node")
		gs := dig(n, "guidelines").([]any)
		require.Len(t, gs, 1, "%v", dig(n, "title"))
		require.Equal(t, dig(n, "serviceArea", "slug"), dig(gs[0], "serviceArea", "slug"))
		require.Greater(t, dig(gs[0], "sectionCount").(float64), 5.0)
	}
}

// TestNewVersionIsTheOwnersAndKeepsTheOldOne: another publisher cannot overwrite a
// guideline; its owner or a moderator can, and every earlier version stays downloadable.
func TestNewVersionIsTheOwnersAndKeepsTheOldOne(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	owner := s.login(t, trainer)
	v1 := []byte("# Protocollo\n\n## Accoglienza\n\nPrima versione del protocollo.\n")
	r := s.upload(t, owner, importMutation, map[string]any{"title": "Protocollo condiviso"}, "v1.md", v1)
	id := dig(r.Data, "importGuideline", "guideline", "id").(string)

	newVersion := `mutation($file: Upload!, $title: String!, $id: ID) {
	  importGuideline(input: { file: $file, title: $title, guidelineId: $id }) {
	    guideline { id version } userErrors { field code }
	  }
	}`
	r = s.upload(t, s.login(t, coordinator), newVersion, map[string]any{"title": "Sovrascritto", "id": id}, "x.md", []byte("# Altro\n\nTesto.\n"))
	require.Empty(t, r.Errors, string(r.Raw))
	require.Nil(t, dig(r.Data, "importGuideline", "guideline"))
	require.Equal(t, "FORBIDDEN", dig(r.Data, "importGuideline", "userErrors", 0, "code"))
	require.Equal(t, "guidelineId", dig(r.Data, "importGuideline", "userErrors", 0, "field"))

	v2 := []byte("# Protocollo\n\n## Accoglienza\n\nSeconda versione, rivista dal moderatore.\n")
	r = s.upload(t, s.login(t, moderator), newVersion, map[string]any{"title": "Protocollo condiviso", "id": id}, "v2.md", v2)
	require.Empty(t, userErrorCodes(dig(r.Data, "importGuideline")), string(r.Raw))
	require.EqualValues(t, 2, dig(r.Data, "importGuideline", "guideline", "version"))

	d := s.ok(t, "", `query($id: ID!) { node(id: $id) { ... on Guideline { title version
	  versions { version title file { name url } } } } }`, map[string]any{"id": id})
	versions := dig(d, "node", "versions").([]any)
	require.Len(t, versions, 2)
	for i, want := range [][]byte{v2, v1} {
		v := versions[i]
		require.EqualValues(t, 2-i, dig(v, "version"), "newest first")
		res, err := s.Client().Get(s.URL + dig(v, "file", "url").(string))
		require.NoError(t, err)
		got, err := io.ReadAll(res.Body)
		res.Body.Close()
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, res.StatusCode)
		require.Equal(t, want, got, "version %d keeps its own file", 2-i)
	}
}

// The title defaults to the document's; every field's problem is reported at once.
func TestImportTitleDefaultsAndErrorsComeTogether(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	tok := s.login(t, trainer)
	r := s.upload(t, tok, importMutation, map[string]any{"title": ""}, "guida.md", []byte(mediationGuide))
	require.Empty(t, userErrorCodes(dig(r.Data, "importGuideline")), string(r.Raw))
	require.Equal(t, "Linee guida sulla mediazione familiare", dig(r.Data, "importGuideline", "guideline", "title"))

	r = s.upload(t, tok, importMutation, map[string]any{"title": "", "year": 1200}, "rotto.pdf", []byte("%PDF-1.4\n1 0 obj <<"))
	var fields []string
	for _, e := range dig(r.Data, "importGuideline", "userErrors").([]any) {
		fields = append(fields, dig(e, "field").(string))
	}
	require.ElementsMatch(t, []string{"year", "file", "title"}, fields, string(r.Raw))
}

func TestGuidelineEditAndDeleteAreTheOwners(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	owner, other, mod := s.login(t, trainer), s.login(t, coordinator), s.login(t, moderator)
	var filesBefore int
	require.NoError(t, s.app.pool.QueryRow(context.Background(), `SELECT count(*) FROM files`).Scan(&filesBefore))
	r := s.upload(t, owner, importMutation, map[string]any{"title": "Protocollo di accoglienza condiviso"}, "p.md",
		[]byte("# Protocollo\n\n## Accoglienza\n\nIl protocollo zafferano descrive il primo incontro.\n"))
	id := dig(r.Data, "importGuideline", "guideline", "id").(string)
	s.indexed(t)

	const canManage = `query($id: ID!) { node(id: $id) { ... on Guideline { title year viewerCanManage } } }`
	require.Equal(t, true, dig(s.ok(t, owner, canManage, map[string]any{"id": id}), "node", "viewerCanManage"))
	require.Equal(t, false, dig(s.ok(t, other, canManage, map[string]any{"id": id}), "node", "viewerCanManage"))
	require.Equal(t, true, dig(s.ok(t, mod, canManage, map[string]any{"id": id}), "node", "viewerCanManage"))
	require.Equal(t, false, dig(s.ok(t, "", canManage, map[string]any{"id": id}), "node", "viewerCanManage"))

	const edit = `mutation($id: ID!, $title: String, $year: Int) { editGuideline(input: {guidelineId: $id, title: $title, year: $year}) {
	  guideline { title year } userErrors { field code message } } }`
	d := s.ok(t, other, edit, map[string]any{"id": id, "title": "Un altro titolo qualsiasi"})
	require.Equal(t, []string{"FORBIDDEN"}, userErrorCodes(dig(d, "editGuideline")))
	d = s.ok(t, owner, edit, map[string]any{"id": id, "title": "Pr", "year": 1200})
	require.ElementsMatch(t, []string{"INVALID", "INVALID"}, userErrorCodes(dig(d, "editGuideline")), d)
	d = s.ok(t, owner, edit, map[string]any{"id": id, "title": "Protocollo di accoglienza rivisto", "year": 2024})
	require.Empty(t, userErrorCodes(dig(d, "editGuideline")))
	require.Equal(t, "Protocollo di accoglienza rivisto", dig(d, "editGuideline", "guideline", "title"))
	require.EqualValues(t, 2024, dig(d, "editGuideline", "guideline", "year"))
	s.indexed(t)
	hits := dig(s.ok(t, "", searchQuery, map[string]any{"q": "zafferano"}), "search", "edges").([]any)
	require.Len(t, hits, 1)
	require.Equal(t, "Protocollo di accoglienza rivisto", dig(hits[0], "node", "title"), "search has the new title")

	const del = `mutation($id: ID!) { deleteGuideline(input: {guidelineId: $id}) { ok userErrors { code } } }`
	d = s.ok(t, other, del, map[string]any{"id": id})
	require.Equal(t, false, dig(d, "deleteGuideline", "ok"))
	require.Equal(t, []string{"FORBIDDEN"}, userErrorCodes(dig(d, "deleteGuideline")))
	d = s.ok(t, owner, del, map[string]any{"id": id})
	require.Equal(t, true, dig(d, "deleteGuideline", "ok"), d)
	require.Nil(t, dig(s.ok(t, "", canManage, map[string]any{"id": id}), "node"))
	s.indexed(t)
	require.Empty(t, dig(s.ok(t, "", searchQuery, map[string]any{"q": "zafferano"}), "search", "edges"))
	var filesAfter int
	require.NoError(t, s.app.pool.QueryRow(context.Background(), `SELECT count(*) FROM files`).Scan(&filesAfter))
	require.Equal(t, filesBefore, filesAfter, "the file went with it")
	d = s.ok(t, owner, del, map[string]any{"id": id})
	require.Equal(t, []string{"NOT_FOUND"}, userErrorCodes(dig(d, "deleteGuideline")))
}
