package live_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/devenv"
	"github.com/gemella/gemella/internal/live"
	"github.com/gemella/gemella/internal/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	devenv.CleanupTestServers()
	os.Exit(code)
}

func startHub(t *testing.T, pool *pgxpool.Pool, loaders map[string]live.Loader) *live.Hub {
	t.Helper()
	h := live.NewHub(pool, loaders)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = h.Run(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return h
}

func emit(t *testing.T, pool *pgxpool.Pool, topic string, id int64) {
	t.Helper()
	require.NoError(t, pgx.BeginFunc(context.Background(), pool, func(tx pgx.Tx) error {
		return live.Emit(context.Background(), tx, "test", topic, id)
	}))
}

func next(t *testing.T, s *live.Subscriber) live.Event {
	t.Helper()
	select {
	case e, ok := <-s.C():
		require.True(t, ok, "subscriber ended: %v", s.Err())
		return *e
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5 s")
	}
	return live.Event{}
}

func quiet(t *testing.T, s *live.Subscriber) {
	t.Helper()
	select {
	case e := <-s.C():
		t.Fatalf("unexpected event %+v", e)
	case <-time.After(300 * time.Millisecond):
	}
}

// TestLateCommitIsNotSkipped: an event whose transaction began first but commits last is
// delivered, and before the later ones: the cursor never passes it.
func TestLateCommitIsNotSkipped(t *testing.T) {
	t.Parallel()
	pool := storetest.NewDB(t, storetest.Options{})
	ctx := context.Background()
	h := startHub(t, pool, map[string]live.Loader{"test": func(_ context.Context, ids []int64) (map[int64]any, error) {
		out := map[int64]any{}
		for _, id := range ids {
			out[id] = id * 10
		}
		return out, nil
	}})
	sub, err := h.Subscribe(ctx, "thread:1")
	require.NoError(t, err)
	other, err := h.Subscribe(ctx, "thread:2")
	require.NoError(t, err)

	slow, err := pool.Begin(ctx)
	require.NoError(t, err)
	require.NoError(t, live.Emit(ctx, slow, "test", "thread:1", 1))
	emit(t, pool, "thread:1", 2)
	quiet(t, sub) // 2 waits behind 1, whose transaction is still open
	require.NoError(t, slow.Commit(ctx))

	first, second := next(t, sub), next(t, sub)
	require.Equal(t, []int64{1, 2}, []int64{first.EntityID, second.EntityID})
	require.Equal(t, int64(10), first.Value, "loaded by the kind's loader")
	require.True(t, second.Position.After(first.Position))
	quiet(t, other)

	// A resume from the first's cursor gets exactly the second.
	from, err := live.ParseCursor(first.Position.Cursor(), "after")
	require.NoError(t, err)
	gap, err := h.EventsAfter(ctx, "thread:1", from, 100)
	require.NoError(t, err)
	require.Len(t, gap, 1)
	require.Equal(t, int64(2), gap[0].EntityID)

	// A rolled-back event is nobody's.
	require.Error(t, pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		require.NoError(t, live.Emit(ctx, tx, "test", "thread:1", 3))
		return apperr.New(apperr.Invalid, "", "x")
	}))
	quiet(t, sub)
}

// TestSubscribeStartsNow: a subscriber without a cursor gets what commits after it
// subscribed, not what committed before and the hub had yet to read (held behind a
// transaction still running), while a resuming one gets that too.
func TestSubscribeStartsNow(t *testing.T) {
	t.Parallel()
	pool := storetest.NewDB(t, storetest.Options{})
	ctx := context.Background()
	h := startHub(t, pool, nil)
	blocker, err := pool.Begin(ctx)
	require.NoError(t, err)
	require.NoError(t, live.Emit(ctx, blocker, "test", "thread:5", 0)) // holds the frontier back
	emit(t, pool, "thread:5", 1)
	fresh, err := h.Subscribe(ctx, "thread:5")
	require.NoError(t, err)
	resuming, err := h.Resume(ctx, "thread:5")
	require.NoError(t, err)
	emit(t, pool, "thread:5", 2)
	require.NoError(t, blocker.Commit(ctx))

	require.Equal(t, int64(0), next(t, fresh).EntityID, "committed after the subscription")
	require.Equal(t, int64(2), next(t, fresh).EntityID)
	quiet(t, fresh)
	for _, id := range []int64{0, 1, 2} {
		require.Equal(t, id, next(t, resuming).EntityID)
	}
}

func TestSlowSubscriberIsCutOff(t *testing.T) {
	t.Parallel()
	pool := storetest.NewDB(t, storetest.Options{})
	ctx := context.Background()
	h := startHub(t, pool, nil)
	slow, err := h.Subscribe(ctx, "thread:9")
	require.NoError(t, err)
	fast, err := h.Subscribe(ctx, "thread:9")
	require.NoError(t, err)
	burst := func(from, n int) {
		require.NoError(t, pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			for i := from; i < from+n; i++ {
				if err := live.Emit(ctx, tx, "test", "thread:9", int64(i)); err != nil {
					return err
				}
			}
			return nil
		}))
		// The fast one keeps up; the slow one reads nothing.
		for i := from; i < from+n; i++ {
			require.Equal(t, int64(i), next(t, fast).EntityID)
		}
	}
	burst(0, 50)
	burst(50, 30)
	n := 0
	for range slow.C() {
		n++
	}
	require.Equal(t, 64, n, "what it had buffered, then the end")
	require.ErrorIs(t, slow.Err(), live.ErrTooSlow)
}

func TestCursorParsing(t *testing.T) {
	p := live.Position{XID: 123456789, ID: 42}
	got, err := live.ParseCursor(p.Cursor(), "after")
	require.NoError(t, err)
	require.Equal(t, p, got)
	for _, bad := range []string{"", "x", "MTIz", "LTEuMg"} {
		_, err := live.ParseCursor(bad, "after")
		require.True(t, apperr.Is(err, apperr.Invalid), bad)
	}
}
