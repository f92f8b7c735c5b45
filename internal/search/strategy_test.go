package search_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/search"
)

func TestNoZeroHitsWhileAWordMatches(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.index(t,
		doc{ID: 1, Title: "Affidamento familiare", Text: "Un bambino accolto da un'altra famiglia per un periodo."},
		doc{ID: 2, Title: "La rete dei servizi", Text: "Scuole e consultori collaborano."},
	)
	for _, c := range []struct {
		q    string
		want int64
	}{
		// A mistyped first word whose stem ("afid") is too short for typos.
		{"afidamento familiare", 1},
		// A first word found nowhere: "last" never drops it, the retry does.
		{"zxqwv affidamento", 1},
		{"zxqwv qwkjh reti", 2},
		// Two words that never meet in one passage.
		{"rete affidamento", 2},
	} {
		res := e.search(t, search.Query{Text: c.q})
		require.NotEmpty(t, res.Hits, c.q)
		ids := []int64{}
		for _, h := range res.Hits {
			ids = append(ids, h.EntityID)
		}
		assert.Contains(t, ids, c.want, c.q)
	}
	// Nothing matches at all: nothing found, and nothing suggested.
	res := e.search(t, search.Query{Text: "zxqwv qwkjh"})
	assert.Zero(t, res.Total)
	assert.Empty(t, res.DidYouMean)
	// A dropped word is left out of the suggestion.
	assert.Equal(t, "affidamento", e.search(t, search.Query{Text: "zxqwv affidamento"}).DidYouMean)
}

func TestHighlightStemsAndStopWords(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.index(t, doc{ID: 1, Title: "Lavorare in rete", Text: "La rete dei servizi per la famiglia: le reti territoriali dei centri per la famiglia."})

	h := e.search(t, search.Query{Text: "centri per la famiglia"}).Hits[0].Highlight
	assert.Contains(t, h, "<mark>centri</mark>")
	assert.Contains(t, h, "<mark>famiglia</mark>")
	assert.NotContains(t, h, "<mark>per</mark>")
	assert.NotContains(t, h, "<mark>la</mark>")
	assert.NotContains(t, strings.ToLower(h), "<mark>la</mark>")

	// "reti" finds "rete" through the stem, and both are marked.
	h = e.search(t, search.Query{Text: "reti"}).Hits[0].Highlight
	assert.Contains(t, h, "<mark>rete</mark>")
	assert.Contains(t, h, "<mark>reti</mark>")

	// A prefix being typed marks whole words.
	h = e.search(t, search.Query{Text: "territ"}).Hits[0].Highlight
	assert.Contains(t, h, "<mark>territoriali</mark>")
}

func TestDidYouMean(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.index(t,
		doc{ID: 1, Title: "Mediazione familiare", Text: "Il percorso aiuta i genitori che si separano."},
		doc{ID: 2, Title: "Consultorio", Text: "Visite e consulenze per le famiglie."},
	)
	for q, want := range map[string]string{
		"mediazone familiare":  "mediazione familiare",
		"cosnultorio":          "consultorio",
		"mediazione familiare": "",
		"genitori separati":    "", // inflection, not a typo
		"media":                "", // a prefix being typed
		`"mediazone"`:          "", // a phrase is taken as typed
	} {
		assert.Equal(t, want, e.search(t, search.Query{Text: q}).DidYouMean, q)
	}
}

func TestByDocument(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.index(t,
		doc{ID: 1, Type: search.GuidelineSection, Title: "Linee guida sull'affido", Heading: "Chi può accogliere", Text: "L'affido è aperto a famiglie e single.", Parts: 4},
		doc{ID: 2, Type: search.Question, Title: "Affido e scuola", Text: "Come si iscrive a scuola un bambino in affido?"},
	)
	sections := e.search(t, search.Query{Text: "affido"})
	assert.Len(t, sections.Hits, 5)
	docs := e.search(t, search.Query{Text: "affido", ByDocument: true})
	require.Len(t, docs.Hits, 2)
	for _, h := range docs.Hits {
		if h.EntityID == 1 {
			assert.Len(t, h.More, 3, "the guideline's other sections")
		} else {
			assert.Empty(t, h.More)
		}
	}
	// Without words, the listing is by document too.
	assert.Len(t, e.search(t, search.Query{ByDocument: true}).Hits, 2)
}

func TestThesaurus(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.index(t,
		doc{ID: 1, Title: "Nido comunale", Text: "La retta si calcola sull'ISEE della famiglia."},
		doc{ID: 2, Title: "Centro antiviolenza", Text: "Accoglienza riservata per donne che subiscono maltrattamenti."},
		doc{ID: 3, Title: "Affidamento familiare", Text: "Un bambino accolto per un periodo."},
	)
	top := func(q string) int64 {
		t.Helper()
		res := e.search(t, search.Query{Text: q})
		require.NotEmpty(t, res.Hits, q)
		return res.Hits[0].EntityID
	}
	assert.Equal(t, int64(2), top("casa rifugio"), "two-way")
	assert.Equal(t, int64(3), top("affidi"), "an inflected synonym, through the stems")
	// Longer than Meilisearch expands: rewritten by Search.
	assert.Equal(t, int64(1), top("indicatore della situazione economica equivalente"))
	assert.Equal(t, int64(1), top("indicatore della situazione economica equivalente nido"))
}

func TestParseThesaurus(t *testing.T) {
	t.Parallel()
	th, err := search.ParseThesaurus(search.DefaultThesaurus)
	require.NoError(t, err)
	assert.Greater(t, th.Entries, 40)

	th, err = search.ParseThesaurus("# commento\n\nAlfa = beta = Gamma\nisee -> Indicatore della Situazione Economica Equivalente, dsu\n")
	require.NoError(t, err)
	assert.Equal(t, 2, th.Entries)

	_, err = search.ParseThesaurus("alfa = beta\nsolo\nalfa -> beta = gamma\nil = la\nalfa = Alfa\n" + strings.Repeat("x", 121) + " = beta")
	var list apperr.List
	require.ErrorAs(t, err, &list)
	var lines []any
	for _, e := range list {
		assert.Equal(t, "text", e.Field)
		lines = append(lines, e.Data["Line"])
	}
	assert.Equal(t, []any{2, 3, 4, 5, 6}, lines)

	_, err = search.ParseThesaurus(strings.Repeat("a = b\n", 50_000))
	var one *apperr.Error
	require.ErrorAs(t, err, &one)
	assert.Equal(t, apperr.TooLarge, one.Code)
}

// A thesaurus saved by another instance reaches this one's queries and index settings
// through the indexer's loop.
func TestThesaurusFromAnotherInstance(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.index(t, doc{ID: 1, Title: "Ludoteca", Text: "Giochi per bambini il sabato."})
	require.Zero(t, e.search(t, search.Query{Text: "ludobus"}).Total)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = e.indexer.Run(ctx)
	}()
	t.Cleanup(func() { cancel(); <-done })

	_, err := e.pool.Exec(ctx, `INSERT INTO search_thesaurus (text) VALUES ('ludobus = ludoteca')`)
	require.NoError(t, err)
	eventually(t, 20*time.Second, "the saved thesaurus applies", func() bool {
		return e.search(t, search.Query{Text: "ludobus"}).Total == 1
	})
	assert.Equal(t, 1, e.idx.Thesaurus().Entries)
}

// A number is part of a thesaurus term: "legge 104" is not any "legge".
func TestThesaurusKeepsNumbers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.index(t,
		doc{ID: 1, Title: "Permessi per i genitori", Text: "Permessi mensili per chi assiste un figlio con handicap grave."},
		doc{ID: 2, Title: "La legge regionale", Text: "La legge regionale sui servizi sociali."},
	)
	ids := func(q string) (out []int64) {
		for _, h := range e.search(t, search.Query{Text: q}).Hits {
			out = append(out, h.EntityID)
		}
		return out
	}
	assert.Equal(t, []int64{2}, ids("legge regionale"))
	assert.Contains(t, ids("legge 104"), int64(1))
}
