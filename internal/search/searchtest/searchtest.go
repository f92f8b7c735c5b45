// Package searchtest gives each test a search index of its own on the test binary's
// Meilisearch (internal/devenv).
package searchtest

import (
	"context"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"github.com/meilisearch/meilisearch-go"

	"github.com/gemella/gemella/internal/devenv"
	"github.com/gemella/gemella/internal/search"
)

// Client returns a client of the test binary's Meilisearch, with its master key.
func Client(tb testing.TB) meilisearch.ServiceManager {
	tb.Helper()
	m := devenv.TestMeili(tb)
	return search.NewClient(m.URL(), m.MasterKey())
}

// NewIndex returns an index with a unique prefix and its settings applied. The index (and
// a rebuild's leftover, if any) is deleted when the test ends.
func NewIndex(tb testing.TB) *search.Index {
	tb.Helper()
	client := Client(tb)
	prefix := "t" + strings.ToLower(rand.Text()[:10]) + "_"
	idx := search.NewIndex(client, prefix)
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		// Deletions are not waited for: nothing reads these indexes any more.
		for _, uid := range []string{prefix + "search", prefix + "search_next"} {
			_, _ = client.DeleteIndexWithContext(ctx, uid)
		}
	})
	if err := idx.EnsureSettings(context.Background()); err != nil {
		tb.Fatalf("searchtest: %v", err)
	}
	return idx
}
