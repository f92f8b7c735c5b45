package search_test

import (
	"context"
	"crypto/rand"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/devenv"
	"github.com/gemella/gemella/internal/search"
	"github.com/gemella/gemella/internal/storetest"
)

// TestOutboxSurvivesMeilisearchOutage stops a Meilisearch of its own while a write is
// pending: the write is kept and retried, and reaches the index once the server is back.
func TestOutboxSurvivesMeilisearchOutage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "meili")
	key := rand.Text()
	start := func(port int) *devenv.Meili {
		t.Helper()
		m, err := devenv.StartMeili(ctx, devenv.MeiliOptions{DataDir: dir, Port: port, MasterKey: key})
		require.NoError(t, err)
		t.Cleanup(func() { _ = m.Stop() })
		return m
	}
	meili := start(0)
	port := meili.Port() // the restarted server must answer at the same address

	idx := search.NewIndex(search.NewClient(meili.URL(), key), "gemella_")
	require.NoError(t, idx.EnsureSettings(ctx))
	pool := storetest.NewDB(t, storetest.Options{})
	createTestDocs(t, pool)
	indexer := search.NewIndexer(pool, idx, testSource{})
	hits := func(word string) int {
		t.Helper()
		res, err := idx.Search(ctx, search.Query{Text: word})
		require.NoError(t, err)
		return res.Total
	}

	put(t, pool, doc{ID: 1, Title: "Ludoteca", Text: "Giochi con la giraffa di legno."})
	drain(t, indexer)
	require.Equal(t, 1, hits("giraffa"))

	require.NoError(t, meili.Stop())
	put(t, pool, doc{ID: 1, Title: "Ludoteca", Text: "Giochi con la zebra di stoffa."})
	n, err := indexer.Drain(ctx)
	require.Error(t, err, "Drain with Meilisearch down")
	assert.Equal(t, 0, n)

	var attempts int
	var later bool
	var lastError string
	require.NoError(t, pool.QueryRow(ctx, `SELECT attempts, next_attempt_at > now(), last_error
		FROM search_outbox WHERE done_at IS NULL`).Scan(&attempts, &later, &lastError))
	assert.Equal(t, 1, attempts)
	assert.True(t, later, "next attempt is backed off")
	assert.NotEmpty(t, lastError)
	pending, err := indexer.Pending(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, pending, "the row is kept")

	// Not due yet: a pass leaves it alone.
	n, err = indexer.Drain(ctx)
	require.NoError(t, err)
	assert.Equal(t, 0, n)

	start(port)
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- indexer.Run(runCtx) }()
	eventually(t, 30*time.Second, "the update reaches the index", func() bool {
		p, err := indexer.Pending(ctx)
		return err == nil && p == 0 && hits("zebra") == 1
	})
	stop()
	assert.True(t, errors.Is(<-done, context.Canceled))
	assert.Equal(t, 0, hits("giraffa"), "the old text is gone")
}
