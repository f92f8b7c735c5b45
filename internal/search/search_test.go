package search_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/meilisearch/meilisearch-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/search"
	"github.com/gemella/gemella/internal/search/searchtest"
)

func TestHighlight(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	long := strings.Repeat("parola di riempimento ", 40) + "qui si parla della ludoteca del quartiere " + strings.Repeat("altro riempimento ", 40)
	e.index(t,
		doc{ID: 1, Title: "Laboratorio per genitori", Text: "Nel laboratorio i genitori provano giochi nuovi. <script>alert(1)</script> & altro."},
		doc{ID: 2, Title: "Avviso \uE000finto\uE001", Text: "La sentinella \uE000finta\uE001 non diventa un mark."},
		doc{ID: 3, Title: "Biblioteca comunale", Text: "Libri e giochi per bambini da zero a sei anni."},
		doc{ID: 4, Title: "Pomeriggi insieme", Text: long},
	)
	one := func(query string) search.Hit {
		t.Helper()
		res := e.search(t, search.Query{Text: query})
		require.NotEmpty(t, res.Hits, query)
		return res.Hits[0]
	}

	h := one("laboratorio")
	assert.Contains(t, h.Highlight, "<mark>laboratorio</mark>")
	assert.Contains(t, h.Highlight, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; altro")
	assert.NotContains(t, h.Highlight, "<script")

	// Sentinels in content are stripped at indexing: one mark, the real one.
	h = one("sentinella")
	assert.Equal(t, "La <mark>sentinella</mark> finta non diventa un mark.", h.Highlight)
	assert.Equal(t, "Avviso finto", h.Title)

	// No match in the text: the highlighted title.
	assert.Equal(t, "<mark>Biblioteca</mark> comunale", one("biblioteca").Highlight)

	// A long text is cropped around its match.
	h = one("ludoteca")
	assert.Contains(t, h.Highlight, "<mark>ludoteca</mark>")
	assert.True(t, strings.HasPrefix(h.Highlight, "…") && strings.HasSuffix(h.Highlight, "…"), h.Highlight)
	assert.LessOrEqual(t, len(strings.Fields(h.Highlight)), 42, h.Highlight)
}

func TestEmptyQueryListsNewestFirst(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	long := strings.Repeat("inizio ", 5) + strings.Repeat("seguito ", 100)
	e.index(t,
		doc{ID: 1, Title: "Vecchio", Text: "Il più vecchio.", CreatedAt: 100},
		doc{ID: 2, Title: "Nuovo", Text: long, CreatedAt: 300},
		doc{ID: 3, Title: "Medio", Text: "Quello di mezzo.", CreatedAt: 200},
	)
	for _, text := range []string{"", "   "} {
		res := e.search(t, search.Query{Text: text})
		require.Len(t, res.Hits, 3)
		assert.Equal(t, []string{"Nuovo", "Medio", "Vecchio"}, []string{res.Hits[0].Title, res.Hits[1].Title, res.Hits[2].Title})
		assert.Equal(t, 3, res.Total)
		assert.True(t, strings.HasPrefix(res.Hits[0].Highlight, "inizio inizio"), res.Hits[0].Highlight)
		assert.True(t, strings.HasSuffix(res.Hits[0].Highlight, "…"), res.Hits[0].Highlight)
		assert.Equal(t, "Il più vecchio.", res.Hits[2].Highlight)
	}
}

func TestHitFields(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.index(t, doc{ID: 7, Type: search.Workshop, Title: "Laboratorio di lettura", Heading: "Programma › Incontri", Text: "Letture ad alta voce."})
	res := e.search(t, search.Query{Text: "lettura"})
	require.Len(t, res.Hits, 1)
	h := res.Hits[0]
	h.Highlight = ""
	assert.Equal(t, search.Hit{ID: "test-7-0", Type: search.Workshop, Kind: testKind, EntityID: 7, Group: "test-7",
		Title: "Laboratorio di lettura", Heading: "Programma › Incontri", URL: "/test/7"}, h)
}

// facetDocs are 40 documents spread over every facet.
func facetDocs() []doc {
	types := []search.Type{search.GuidelineSection, search.Question, search.Practice, search.Workshop}
	areas := []string{"minori", "famiglie", "anziani"}
	var docs []doc
	for i := range 40 {
		d := doc{ID: int64(i + 1), Type: types[i%4], ServiceArea: areas[i%3], Year: 2020 + i%5,
			Title: fmt.Sprintf("Scheda %d", i+1), Text: "Un servizio per il territorio."}
		if i%2 == 0 {
			d.Regions = append(d.Regions, "UMB")
		}
		if i%3 == 0 {
			d.Regions = append(d.Regions, "TOS")
		}
		docs = append(docs, d)
	}
	return docs
}

func TestFiltersAndFacets(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	docs := facetDocs()
	e.index(t, docs...)

	queries := []search.Query{
		{},
		{Text: "servizio"},
		{Types: []search.Type{search.Question, search.Workshop}},
		{ServiceArea: "famiglie"},
		{Regions: []string{"TOS"}},
		{Regions: []string{"TOS", "UMB"}},
		{Year: 2022},
		{Text: "servizio", Types: []search.Type{search.Practice}, ServiceArea: "minori", Regions: []string{"UMB"}},
		{Types: []search.Type{search.Question}, Year: 2021, Regions: []string{"TOS"}},
		{ServiceArea: "nessuna"},
	}
	for _, q := range queries {
		want := map[string]map[string]int{"type": {}, "serviceArea": {}, "regions": {}, "year": {}}
		total := 0
		for _, d := range docs {
			if !matches(q, d) {
				continue
			}
			total++
			want["type"][string(d.Type)]++
			want["serviceArea"][d.ServiceArea]++
			want["year"][strconv.Itoa(d.Year)]++
			for _, r := range d.Regions {
				want["regions"][r]++
			}
		}
		res := e.search(t, search.Query{Text: q.Text, Types: q.Types, ServiceArea: q.ServiceArea, Regions: q.Regions, Year: q.Year, Limit: 50})
		assert.Equal(t, total, res.Total, "%+v", q)
		assert.Len(t, res.Hits, total, "%+v", q)
		assert.Equal(t, want, res.Facets, "%+v", q)
		for _, h := range res.Hits {
			assert.True(t, matches(q, docs[h.EntityID-1]), "%+v: hit %d", q, h.EntityID)
		}
	}
}

func matches(q search.Query, d doc) bool {
	return (len(q.Types) == 0 || slices.Contains(q.Types, d.Type)) &&
		(q.ServiceArea == "" || q.ServiceArea == d.ServiceArea) &&
		(len(q.Regions) == 0 || slices.ContainsFunc(q.Regions, func(r string) bool { return slices.Contains(d.Regions, r) })) &&
		(q.Year == 0 || q.Year == d.Year)
}

func TestPaging(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.index(t, facetDocs()...)
	for _, text := range []string{"", "servizio"} {
		seen := map[int64]bool{}
		for offset := 0; offset < 50; offset += 7 {
			res := e.search(t, search.Query{Text: text, Limit: 7, Offset: offset})
			assert.Equal(t, 40, res.Total)
			assert.Len(t, res.Hits, min(7, max(0, 40-offset)), "offset %d", offset)
			for _, h := range res.Hits {
				assert.False(t, seen[h.EntityID], "hit %d twice", h.EntityID)
				seen[h.EntityID] = true
			}
		}
		assert.Len(t, seen, 40, "query %q", text)
	}
}

func TestRequest(t *testing.T) {
	t.Parallel()
	idx := search.NewIndex(nil, "x_")
	// The listing pages in Meilisearch.
	for _, c := range []struct {
		q                   search.Query
		wantOffset, wantLim int64
	}{
		{search.Query{}, 0, 20},
		{search.Query{Limit: 100}, 0, 50},
		{search.Query{Limit: 50, Offset: 990}, 990, 10},
		{search.Query{Limit: 10, Offset: 5000}, 1000, 1},
		{search.Query{Limit: -1, Offset: -5}, 0, 20},
	} {
		req := idx.Request(c.q)
		assert.Equal(t, c.wantOffset, req.Offset, "%+v", c.q)
		assert.Equal(t, c.wantLim, req.Limit, "%+v", c.q)
	}
	req := idx.Request(search.Query{})
	assert.Equal(t, "", req.Query)
	assert.Nil(t, req.Filter)
	assert.Equal(t, []string{"createdAt:desc"}, req.Sort)

	// Words: the stems form, stop words out, up to the end of the page (merged pages are
	// cut by Search).
	req = idx.Request(search.Query{Text: "  Famiglie in rete CpF ", Types: []search.Type{search.Question, search.Practice},
		ServiceArea: `a"b`, Regions: []string{"UMB"}, Year: 2024, Limit: 10, Offset: 20})
	assert.Equal(t, `famigl ret Famiglie rete CpF`, req.Query)
	assert.Empty(t, req.AttributesToSearchOn)
	assert.Equal(t, `type IN ["QUESTION", "PRACTICE"] AND serviceArea = "a\"b" AND regions IN ["UMB"] AND year = 2024`, req.Filter)
	assert.Equal(t, meilisearch.Last, req.MatchingStrategy)
	assert.Equal(t, int64(0), req.Offset)
	assert.Equal(t, int64(30), req.Limit)
	assert.True(t, req.ShowRankingScore)
	assert.True(t, req.ShowRankingScoreDetails)
	assert.Empty(t, req.Sort)
	assert.Empty(t, req.Distinct)
	// By document: one hit per group.
	assert.Equal(t, "group", idx.Request(search.Query{Text: "affido", ByDocument: true}).Distinct)
	// A quoted phrase keeps its stop words, and gets no stems; long words get none either.
	assert.Equal(t, `affid "tribunale per i minorenni" affidi`, idx.Request(search.Query{Text: `"tribunale per i minorenni" degli affidi`}).Query)
	// Without stems there is one form, and nothing to merge: no scores asked for.
	req = idx.Request(search.Query{Text: `mediazione familiare`})
	assert.Equal(t, `mediazione familiare`, req.Query)
	assert.False(t, req.ShowRankingScore)
	assert.False(t, req.ShowRankingScoreDetails)
}

func TestDeletion(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.index(t,
		doc{ID: 1, Title: "Mediazione familiare", Text: "Percorso in più parti.", Parts: 3},
		doc{ID: 2, Title: "Affido familiare", Text: "Accoglienza di un minore."},
	)
	count := func(q search.Query) int { t.Helper(); return e.search(t, q).Total }
	require.Equal(t, 4, count(search.Query{}))

	// Fewer parts: the group is replaced, not added to.
	put(t, e.pool, doc{ID: 1, Title: "Mediazione familiare", Text: "Percorso in una parte.", Parts: 1})
	drain(t, e.indexer)
	assert.Equal(t, 2, count(search.Query{}))

	// A row gone from PostgreSQL: Load does not return it and its documents go.
	_, err := e.pool.Exec(context.Background(), `DELETE FROM test_docs WHERE id = 1`)
	require.NoError(t, err)
	require.NoError(t, search.Enqueue(context.Background(), e.pool, testKind, 1))
	drain(t, e.indexer)
	assert.Equal(t, 0, count(search.Query{Text: "mediazione"}))
	res := e.search(t, search.Query{})
	require.Len(t, res.Hits, 1)
	assert.Equal(t, int64(2), res.Hits[0].EntityID)
}

func TestSuggest(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.index(t,
		doc{ID: 1, Type: search.GuidelineSection, Title: "Mediazione familiare: linee guida", Text: "Sezione.", Parts: 4},
		doc{ID: 2, Type: search.Question, Title: "Medico di base per i minori?", Text: "Domanda."},
		doc{ID: 3, Title: "Affido familiare", Text: "Mediazione nel testo, non nel titolo."},
	)
	got, err := e.idx.Suggest(context.Background(), "medi", 20)
	require.NoError(t, err)
	var titles []string
	for _, s := range got {
		titles = append(titles, s.Title)
	}
	assert.ElementsMatch(t, []string{"Mediazione familiare: linee guida", "Medico di base per i minori?"}, titles)
	for _, s := range got {
		if s.Title == "Mediazione familiare: linee guida" {
			assert.Equal(t, search.Suggestion{Title: s.Title, URL: "/test/1", Type: search.GuidelineSection}, s)
		}
	}

	got, err = e.idx.Suggest(context.Background(), "medi", 1)
	require.NoError(t, err)
	assert.Len(t, got, 1)
	for _, c := range []struct {
		prefix string
		limit  int
	}{{" ", 5}, {"medi", 0}} {
		got, err = e.idx.Suggest(context.Background(), c.prefix, c.limit)
		require.NoError(t, err)
		assert.Empty(t, got, "%+v", c)
	}
}

func TestEnsureSettingsIsIdempotent(t *testing.T) {
	t.Parallel()
	idx := searchtest.NewIndex(t) // settings applied once
	client := searchtest.Client(t)
	ctx := context.Background()
	tasks := func() int64 {
		t.Helper()
		res, err := client.GetTasksWithContext(ctx, &meilisearch.TasksQuery{IndexUIDS: []string{idx.UID()}, Limit: 1})
		require.NoError(t, err)
		return res.Total
	}
	before := tasks()
	require.NoError(t, idx.EnsureSettings(ctx))
	assert.Equal(t, before, tasks(), "a second EnsureSettings enqueued a task")

	s, err := client.Index(idx.UID()).GetSettingsWithContext(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"title", "heading", "text", "stems"}, s.SearchableAttributes)
	assert.Equal(t, []string{"words", "typo", "attribute", "proximity", "sort", "exactness"}, s.RankingRules)
	assert.ElementsMatch(t, []string{"type", "serviceArea", "regions", "year", "group", "kind", "space"}, s.FilterableAttributes)
	assert.Equal(t, int64(1000), s.Pagination.MaxTotalHits)
	assert.Equal(t, int64(100), s.Faceting.MaxValuesPerFacet)
	assert.Contains(t, s.Synonyms["cpf"], "centro per le famiglie")

	// A setting changed behind its back is put back.
	task, err := client.Index(idx.UID()).UpdateSortableAttributesWithContext(ctx, &[]string{"year"})
	require.NoError(t, err)
	_, err = client.WaitForTaskWithContext(ctx, task.TaskUID, 0)
	require.NoError(t, err)
	require.NoError(t, idx.EnsureSettings(ctx))
	sortable, err := client.Index(idx.UID()).GetSortableAttributesWithContext(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"createdAt"}, *sortable)
}

func TestUnknownKindIsKeptWithAnError(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	require.NoError(t, search.Enqueue(ctx, e.pool, "mystery", 1))
	put(t, e.pool, doc{ID: 1, Title: "Affido familiare", Text: "Accoglienza."})

	n, err := e.indexer.Drain(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, n, "the known row is done")
	var attempts int
	var lastError string
	var later bool
	require.NoError(t, e.pool.QueryRow(ctx, `SELECT attempts, last_error, next_attempt_at > now() FROM search_outbox
		WHERE kind = 'mystery' AND done_at IS NULL`).Scan(&attempts, &lastError, &later))
	assert.Equal(t, 1, attempts)
	assert.Equal(t, "unknown kind", lastError)
	assert.True(t, later)
	pending, err := e.indexer.Pending(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, pending)
	assert.Equal(t, 1, e.search(t, search.Query{Text: "affido"}).Total)
}

func TestDrainDeduplicates(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	put(t, e.pool, doc{ID: 1, Title: "Primo", Text: "Uno."})
	put(t, e.pool, doc{ID: 1, Title: "Primo rivisto", Text: "Uno."})
	put(t, e.pool, doc{ID: 2, Title: "Secondo", Text: "Due."})
	n, err := e.indexer.Drain(ctx)
	require.NoError(t, err)
	assert.Equal(t, 3, n, "every row is marked done")
	res := e.search(t, search.Query{})
	titles := map[string]bool{}
	for _, h := range res.Hits {
		titles[h.Title] = true
	}
	assert.Equal(t, []string{"Primo rivisto", "Secondo"}, slices.Sorted(maps.Keys(titles)))
	assert.Equal(t, 2, res.Total)
}

func TestDrainWaitsForAnotherPass(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	put(t, e.pool, doc{ID: 1, Title: "Primo", Text: "Uno."})

	// Another instance's pass holds the lock: this one does nothing and keeps the row.
	tx, err := e.pool.Begin(ctx)
	require.NoError(t, err)
	_, err = tx.Exec(ctx, `SELECT pg_advisory_xact_lock(x'736561726368'::bigint)`)
	require.NoError(t, err)
	n, err := e.indexer.Drain(ctx)
	require.NoError(t, err)
	assert.Equal(t, 0, n)
	require.NoError(t, tx.Rollback(ctx))

	n, err = e.indexer.Drain(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
}

func TestDrainDeletesOldDoneRows(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	_, err := e.pool.Exec(ctx, `INSERT INTO search_outbox (kind, entity_id, done_at) VALUES
		('test', 1, now() - interval '25 hours'), ('test', 2, now() - interval '1 hour')`)
	require.NoError(t, err)
	_, err = e.indexer.Drain(ctx)
	require.NoError(t, err)
	rows, err := e.pool.Query(ctx, `SELECT entity_id FROM search_outbox`)
	require.NoError(t, err)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	require.NoError(t, err)
	assert.Equal(t, []int64{2}, ids, "a day's rows are kept for a rebuild's replay")
}
