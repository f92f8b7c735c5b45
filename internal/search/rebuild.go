package search

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/meilisearch/meilisearch-go"
)

// replayMargin widens the window of outbox rows replayed after a rebuild, for clock skew
// between PostgreSQL's now() and the commits that raced with the start.
const replayMargin = time.Minute

// Rebuild rebuilds the index from PostgreSQL without downtime (`gemella reindex`): it
// fills prefix+"search_next" with every document of sources, swaps it with the live index
// and deletes the old one. Searches keep answering from the live index until the swap.
//
// Writes that commit while it runs may reach only the old index (the indexer keeps writing
// there) or be missed by the new one (loaded before the write), so once the new index is
// live, every object that entered the outbox since the start (a minute of margin
// included, done or not) is enqueued again, and the indexer brings it up to date.
//
// Two rebuilds of one index must not run at once.
func Rebuild(ctx context.Context, pool *pgxpool.Pool, idx *Index, sources ...Source) error {
	var start time.Time
	if err := pool.QueryRow(ctx, `SELECT now()`).Scan(&start); err != nil {
		return fmt.Errorf("search: rebuild: %w", err)
	}
	next := idx.next()
	// A previous run that stopped half-way left its index behind.
	task, err := idx.client.DeleteIndexWithContext(ctx, next.uid)
	if err := next.wait(ctx, task, err); err != nil && !isNotFound(err) {
		return fmt.Errorf("search: rebuild: deleting %s: %w", next.uid, err)
	}
	if _, err := idx.LoadThesaurus(ctx, pool); err != nil {
		return fmt.Errorf("search: rebuild: %w", err)
	}
	if err := next.EnsureSettings(ctx); err != nil {
		return fmt.Errorf("search: rebuild: %w", err)
	}

	// Additions are enqueued as they are loaded and waited for at the end: Meilisearch
	// indexes one batch while the next is read from PostgreSQL, and batches consecutive
	// additions together.
	var tasks []*meilisearch.TaskInfo
	for _, src := range sources {
		ids, err := src.All(ctx, pool)
		if err != nil {
			return fmt.Errorf("search: rebuild: listing %s: %w", src.Kind(), err)
		}
		for batch := range slices.Chunk(ids, batchSize) {
			loaded, err := src.Load(ctx, pool, batch)
			if err != nil {
				return fmt.Errorf("search: rebuild: loading %s: %w", src.Kind(), err)
			}
			var docs []indexedDocument
			for _, id := range batch {
				for _, d := range loaded[id] {
					docs = append(docs, prepare(d))
				}
			}
			if len(docs) == 0 {
				continue
			}
			task, err := idx.client.Index(next.uid).AddDocumentsWithContext(ctx, docs, nil)
			if err != nil {
				return fmt.Errorf("search: rebuild: adding %s documents: %w", src.Kind(), err)
			}
			tasks = append(tasks, task)
		}
	}
	for _, task := range tasks {
		if err := next.wait(ctx, task, nil); err != nil {
			return fmt.Errorf("search: rebuild: %w", err)
		}
	}

	if err := swap(ctx, idx, next); err != nil {
		return fmt.Errorf("search: rebuild: %w", err)
	}

	_, err = pool.Exec(ctx, `INSERT INTO search_outbox (kind, entity_id)
		SELECT DISTINCT kind, entity_id FROM search_outbox WHERE created_at >= $1`, start.Add(-replayMargin))
	if err != nil {
		return fmt.Errorf("search: rebuild: replaying the outbox: %w", err)
	}
	return nil
}

// swap makes next the live index. When there is a live index the two are swapped and the
// old one (now under next's uid) is deleted; on the first build there is nothing to swap
// with, and next is renamed.
func swap(ctx context.Context, live, next *Index) error {
	_, err := live.client.GetIndexWithContext(ctx, live.uid)
	if err != nil && !isNotFound(err) {
		return err
	}
	rename := err != nil
	task, err := live.client.SwapIndexesWithContext(ctx, []*meilisearch.SwapIndexesParams{
		// With rename, the first index takes the second's uid.
		{Indexes: []string{next.uid, live.uid}, Rename: rename},
	})
	if err := live.wait(ctx, task, err); err != nil {
		return fmt.Errorf("swapping %s and %s: %w", next.uid, live.uid, err)
	}
	if rename {
		return nil
	}
	task, err = live.client.DeleteIndexWithContext(ctx, next.uid)
	if err := live.wait(ctx, task, err); err != nil {
		return fmt.Errorf("deleting the old index: %w", err)
	}
	return nil
}
