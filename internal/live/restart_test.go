package live_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/devenv"
	"github.com/gemella/gemella/internal/live"
	"github.com/gemella/gemella/internal/store"
)

// TestLiveSurvivesPostgresRestart: PostgreSQL restarts under a running hub with subscribers
// connected. The hub reconnects by itself within a couple of seconds, every event committed
// after the restart reaches the subscriber once, and a subscriber resuming from a cursor
// taken before the restart reads exactly what it missed.
func TestLiveSurvivesPostgresRestart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := devenv.TestCluster(t)
	pg, err := devenv.StartPostgres(ctx, devenv.PostgresOptions{DataDir: dir})
	require.NoError(t, err)
	t.Cleanup(func() { _ = pg.Stop() })
	admin, err := pgx.Connect(ctx, pg.URL("postgres"))
	require.NoError(t, err)
	_, err = admin.Exec(ctx, `CREATE DATABASE live_restart`)
	require.NoError(t, err)
	require.NoError(t, admin.Close(ctx))
	pool, err := store.Open(ctx, pg.URL("live_restart"), nil)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	require.NoError(t, store.Migrate(ctx, pool))

	h := startHub(t, pool, nil)
	const topic = "thread:1"
	sub, err := h.Subscribe(ctx, topic)
	require.NoError(t, err)
	defer sub.Close()
	before := []int64{1, 2, 3}
	for _, id := range before {
		emit(t, pool, topic, id)
	}
	var cursor live.Position
	for i, id := range before {
		e := next(t, sub)
		require.Equal(t, id, e.EntityID)
		if i == 0 {
			// A second subscriber saw the first event, then went away.
			cursor = e.Position
		}
	}

	require.NoError(t, pg.Stop())
	pg, err = devenv.StartPostgres(ctx, devenv.PostgresOptions{DataDir: dir, Port: pg.Port()})
	require.NoError(t, err)
	restarted := time.Now()

	// The pool's connections died with the server: the first write may meet one of them.
	after := []int64{11, 12, 13, 14, 15}
	for _, id := range after {
		require.Eventually(t, func() bool {
			return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error { return live.Emit(ctx, tx, "test", topic, id) }) == nil
		}, 5*time.Second, 20*time.Millisecond, "writing after the restart")
	}
	for i, id := range after {
		e := next(t, sub)
		require.Equal(t, id, e.EntityID, "every event after the restart, once, in commit order")
		if i == 0 {
			require.Less(t, time.Since(restarted), 2500*time.Millisecond, "the hub reads again within a couple of seconds")
		}
	}
	quiet(t, sub)

	// The hub listens again (not only polls): its LISTEN connection is back.
	check, err := pgx.Connect(ctx, pg.URL("live_restart"))
	require.NoError(t, err)
	defer check.Close(ctx)
	require.Eventually(t, func() bool {
		var n int
		err := check.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE query = 'LISTEN `+live.Channel+`'`).Scan(&n)
		return err == nil && n == 1
	}, 3*time.Second, 50*time.Millisecond, "one LISTEN connection after the restart")
	// Woken by the notification, not by the next poll a second later.
	for id := int64(21); id <= 23; id++ {
		t0 := time.Now()
		emit(t, pool, topic, id)
		require.Equal(t, id, next(t, sub).EntityID)
		require.Less(t, time.Since(t0), 300*time.Millisecond, "delivered on the wake-up")
	}

	// Resuming from the cursor taken before the restart: exactly the gap.
	gap, err := h.EventsAfter(ctx, topic, cursor, 100)
	require.NoError(t, err)
	var ids []int64
	for _, e := range gap {
		ids = append(ids, e.EntityID)
	}
	require.Equal(t, []int64{2, 3, 11, 12, 13, 14, 15, 21, 22, 23}, ids)
	require.Equal(t, 1, h.Subscribers())
}
