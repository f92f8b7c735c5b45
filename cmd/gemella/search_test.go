package main

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/guideline"
)

const thesaurusQuery = `query { searchThesaurus { text entryCount isDefault defaultText updatedAt } }`

const updateThesaurus = `mutation UpdateSearchThesaurus($text: String!) {
  updateSearchThesaurus(input: { text: $text }) {
    thesaurus { text entryCount isDefault updatedAt }
    userErrors { field message code }
  }
}`

const groupedSearch = `query GroupedSearch($q: String!, $groupBy: SearchGroupBy!) {
  search(query: $q, groupBy: $groupBy, first: 10) {
    totalCount
    didYouMean
    edges { node { title heading url highlight otherPassages { heading url } } }
  }
}`

func TestSearchThesaurusAdminOnly(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	adminToken := s.login(t, admin)

	d := s.ok(t, adminToken, thesaurusQuery, nil)
	require.Equal(t, true, dig(d, "searchThesaurus", "isDefault"))
	require.Contains(t, dig(d, "searchThesaurus", "text"), "affido = affidamento familiare")
	require.Greater(t, dig(d, "searchThesaurus", "entryCount"), float64(40))

	for _, token := range []string{"", s.login(t, operator), s.login(t, moderator)} {
		r := s.do(t, token, thesaurusQuery, nil)
		require.Equal(t, http.StatusOK, r.Status, string(r.Raw))
		require.NotEmpty(t, r.Errors, "token %q read the thesaurus", token)
		p := payloadOf(t, s, token, "updateSearchThesaurus", updateThesaurus, map[string]any{"text": "a = b"})
		require.Nil(t, dig(p, "thesaurus"))
		require.NotEmpty(t, dig(p, "userErrors"))
	}

	// Malformed lines are named, and nothing is saved.
	p := payloadOf(t, s, adminToken, "updateSearchThesaurus", updateThesaurus, map[string]any{"text": "ok = bene\nsolo\na -> b = c"})
	errs := dig(p, "userErrors").([]any)
	require.Len(t, errs, 2)
	require.Equal(t, "text", dig(errs[0], "field"))
	require.Contains(t, dig(errs[0], "message"), "2")
	require.Contains(t, dig(errs[1], "message"), "3")

	// A new entry finds passages at once, without reindexing.
	_, err := s.app.guidelines.ImportAsSystem(context.Background(), guideline.ImportInput{FileName: "ludoteca.md",
		File: strings.NewReader("# Ludoteca del quartiere\n\nIl servizio di ludoteca apre il sabato mattina per bambini e nonni.\n"), Title: "Ludoteca del quartiere"})
	require.NoError(t, err)
	s.indexed(t)
	total := func(q string) float64 {
		return dig(s.ok(t, "", groupedSearch, map[string]any{"q": q, "groupBy": "SECTION"}), "search", "totalCount").(float64)
	}
	require.Zero(t, total("ludobus"))
	text := dig(d, "searchThesaurus", "text").(string) + "\nludobus = ludoteca\n"
	p = payloadOf(t, s, adminToken, "updateSearchThesaurus", updateThesaurus, map[string]any{"text": text})
	require.Empty(t, dig(p, "userErrors"))
	require.Equal(t, false, dig(p, "thesaurus", "isDefault"))
	require.NotNil(t, dig(p, "thesaurus", "updatedAt"))
	deadline := time.Now().Add(10 * time.Second)
	for total("ludobus") == 0 {
		require.True(t, time.Now().Before(deadline), "the new synonym does not apply")
		time.Sleep(50 * time.Millisecond)
	}
	d = s.ok(t, adminToken, thesaurusQuery, nil)
	require.Equal(t, text, dig(d, "searchThesaurus", "text"))
}

func TestSearchByDocumentAndDidYouMean(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	trainerToken := s.login(t, trainer)
	r := s.upload(t, trainerToken, importMutation, map[string]any{"title": "Mediazione: guida pratica"}, "guida.md", []byte(mediationGuide))
	require.Empty(t, r.Errors, string(r.Raw))
	s.indexed(t)

	bySection := dig(s.ok(t, "", groupedSearch, map[string]any{"q": "mediazione genitori", "groupBy": "SECTION"}), "search", "edges").([]any)
	byDoc := dig(s.ok(t, "", groupedSearch, map[string]any{"q": "mediazione genitori", "groupBy": "DOCUMENT"}), "search", "edges").([]any)
	titles := func(edges []any) map[any]int {
		n := map[any]int{}
		for _, e := range edges {
			n[dig(e, "node", "title")]++
		}
		return n
	}
	// By section a guideline fills several places; by document it takes one, its other
	// sections under it.
	var repeated any
	for title, n := range titles(bySection) {
		if n > 1 {
			repeated = title
		}
	}
	require.NotNil(t, repeated, "%v", bySection)
	for title, n := range titles(byDoc) {
		require.Equal(t, 1, n, title)
	}
	found := false
	for _, e := range byDoc {
		if dig(e, "node", "title") == repeated {
			found = true
			more := dig(e, "node", "otherPassages").([]any)
			require.NotEmpty(t, more)
			require.NotEqual(t, dig(e, "node", "url"), dig(more[0], "url"))
		}
	}
	require.True(t, found, "%v", byDoc)

	// A mistyped word: the hits and the spelling they hold.
	d := s.ok(t, "", groupedSearch, map[string]any{"q": "mediazone familiare", "groupBy": "DOCUMENT"})
	require.NotEmpty(t, dig(d, "search", "edges"))
	require.Equal(t, "mediazione familiare", dig(d, "search", "didYouMean"))
	d = s.ok(t, "", groupedSearch, map[string]any{"q": "mediazione", "groupBy": "DOCUMENT"})
	require.Nil(t, dig(d, "search", "didYouMean"))
	// Stop words do not glow.
	d = s.ok(t, "", groupedSearch, map[string]any{"q": "il piano genitoriale", "groupBy": "SECTION"})
	for _, e := range dig(d, "search", "edges").([]any) {
		require.NotContains(t, strings.ToLower(dig(e, "node", "highlight").(string)), "<mark>il</mark>")
	}
}
