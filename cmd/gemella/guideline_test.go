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
func (s *testServer) upload(t testing.TB, token, query string, vars map[string]any, fileName string, content []byte) gqlResponse {
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
		{"no title", trainerToken, "guida.md", []byte(mediationGuide), " ", "INVALID"},
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
