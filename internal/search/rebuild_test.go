package search_test

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/search"
	"github.com/gemella/gemella/internal/search/searchtest"
	"github.com/gemella/gemella/internal/store"
)

// hookSource is testSource with a function run once, after the first Load.
type hookSource struct {
	testSource
	once      sync.Once
	afterLoad func()
}

func (h *hookSource) Load(ctx context.Context, q store.Querier, ids []int64) (map[int64][]search.Document, error) {
	docs, err := h.testSource.Load(ctx, q, ids)
	h.once.Do(h.afterLoad)
	return docs, err
}

func TestRebuild(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newEnv(t)
	client := searchtest.Client(t)
	e.index(t, passages...)
	e.index(t, doc{ID: 100, Title: "Guida in più sezioni", Text: "Sezione della guida.", Parts: 3})
	// A row deleted without going through the outbox: only a rebuild notices.
	_, err := e.pool.Exec(ctx, `DELETE FROM test_docs WHERE id = 16`)
	require.NoError(t, err)

	// A write that lands while the rebuild runs, after the rebuild loaded the row: the
	// indexer puts it in the old index, and the new one gets it from the replay.
	src := &hookSource{afterLoad: func() {
		put(t, e.pool, doc{ID: 1, Title: "Orientamento ai servizi", Text: "Testo riscritto durante la ricostruzione."})
		drain(t, e.indexer)
	}}
	require.NoError(t, search.Rebuild(ctx, e.pool, e.idx, src))

	stats, err := client.Index(e.idx.UID()).GetStatsWithContext(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(len(passages)-1+3), stats.NumberOfDocuments)
	gone := e.search(t, search.Query{Text: "bandi numerose"})
	assert.Equal(t, 0, gone.Total, "deleted row gone: %+v", gone.Hits)
	_, err = client.GetIndexWithContext(ctx, e.idx.UID()+"_next")
	assert.Error(t, err, "the old index is deleted")
	s, err := client.Index(e.idx.UID()).GetSettingsWithContext(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"title", "heading", "text", "stems"}, s.SearchableAttributes)
	assert.Contains(t, s.Synonyms, "cpf")
	assert.Equal(t, 1, e.search(t, search.Query{Text: "reti"}).Total, "stems are indexed")

	pending, err := e.indexer.Pending(ctx)
	require.NoError(t, err)
	assert.Positive(t, pending, "the outbox is replayed")
	drain(t, e.indexer)
	assert.Equal(t, 1, e.search(t, search.Query{Text: "riscritto ricostruzione"}).Total)

	// A write after the rebuild goes to the new index as usual.
	e.index(t, doc{ID: 200, Title: "Nuovo sportello", Text: "Aperto dopo la ricostruzione del catalogo."})
	assert.Equal(t, 1, e.search(t, search.Query{Text: "catalogo"}).Total)
}

func TestRebuildWithoutLiveIndex(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newEnv(t)
	client := searchtest.Client(t)
	put(t, e.pool, passages[:3]...)
	task, err := client.DeleteIndexWithContext(ctx, e.idx.UID())
	require.NoError(t, err)
	_, err = client.WaitForTaskWithContext(ctx, task.TaskUID, 0)
	require.NoError(t, err)

	require.NoError(t, search.Rebuild(ctx, e.pool, e.idx, testSource{}))
	assert.Equal(t, 3, e.search(t, search.Query{}).Total)
	_, err = client.GetIndexWithContext(ctx, e.idx.UID()+"_next")
	assert.Error(t, err)
	require.NoError(t, e.idx.EnsureSettings(ctx))
}
