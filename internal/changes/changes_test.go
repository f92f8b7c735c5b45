package changes_test

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/changes"
	"github.com/gemella/gemella/internal/devenv"
	"github.com/gemella/gemella/internal/store"
	"github.com/gemella/gemella/internal/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	devenv.CleanupTestServers()
	os.Exit(code)
}

// untracked are the tables whose changes no page shows (migration 012 leaves them out).
var untracked = []string{"calendar_feeds", "changes", "events", "notifications", "schema_version",
	"search_outbox", "seed_runs", "sessions", "thread_follows", "thread_reads"}

// TestEveryTableIsTracked: a table added without track_changes('name') fails here, before a
// kept answer could show its rows stale.
func TestEveryTableIsTracked(t *testing.T) {
	t.Parallel()
	pool := storetest.NewDB(t, storetest.Options{})
	without, err := store.Collect(context.Background(), pool, `SELECT c.relname::text FROM pg_class c
		WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace
		AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = 'note_change')
		ORDER BY 1`, nil, func(r pgx.Row) (string, error) {
		var s string
		return s, r.Scan(&s)
	})
	require.NoError(t, err)
	require.Equal(t, untracked, without, "tables without the note_change trigger")
}

func TestSince(t *testing.T) {
	t.Parallel()
	pool := storetest.NewDB(t, storetest.Options{Seeded: true})
	ctx := context.Background()
	snap, err := store.Snapshot(ctx, pool)
	require.NoError(t, err)
	_, changed, err := changes.Since(ctx, pool, snap)
	require.NoError(t, err)
	require.False(t, changed, "nothing written")

	// A write to a table no page shows changes nothing kept.
	_, err = pool.Exec(ctx, `INSERT INTO search_outbox (kind, entity_id) VALUES ('question', 1)`)
	require.NoError(t, err)
	later, changed, err := changes.Since(ctx, pool, snap)
	require.NoError(t, err)
	require.False(t, changed)

	// A write that is still running is not seen; once committed, it is, even against a
	// snapshot taken after it began.
	tx, err := pool.Begin(ctx)
	require.NoError(t, err)
	_, err = tx.Exec(ctx, `UPDATE questions SET title = title || '.' WHERE id = (SELECT min(id) FROM questions)`)
	require.NoError(t, err)
	during, changed, err := changes.Since(ctx, pool, later)
	require.NoError(t, err)
	require.False(t, changed)
	require.NoError(t, tx.Commit(ctx))
	for _, s := range []string{snap, later, during} {
		_, changed, err = changes.Since(ctx, pool, s)
		require.NoError(t, err)
		require.True(t, changed, s)
	}
	after, err := store.Snapshot(ctx, pool)
	require.NoError(t, err)
	_, changed, err = changes.Since(ctx, pool, after)
	require.NoError(t, err)
	require.False(t, changed)
}
