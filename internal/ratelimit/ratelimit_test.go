package ratelimit

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestLimiterWindow(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	l := New(3, time.Minute)
	l.now = func() time.Time { return now }
	for range 3 {
		require.True(t, l.Allow("a"))
	}
	require.False(t, l.Allow("a"), "fourth event within the window")
	require.True(t, l.Allow("b"), "keys are counted apart")

	now = now.Add(61 * time.Second)
	require.True(t, l.Allow("a"), "the window slid past the old events")
}

func TestLimiterAllowNIsAllOrNothing(t *testing.T) {
	l := New(5, time.Minute)
	require.True(t, l.AllowN("a", 4))
	require.False(t, l.AllowN("a", 2), "two more would make six")
	require.True(t, l.Allow("a"), "the refused batch recorded nothing")
	require.False(t, l.Allow("a"))
}

func TestLimiterReserveAndRelease(t *testing.T) {
	l := New(2, time.Minute)
	release, ok := l.Reserve("a")
	require.True(t, ok)
	_, ok = l.Reserve("a")
	require.True(t, ok)
	_, ok = l.Reserve("a")
	require.False(t, ok, "both slots are taken while their work runs")
	release()
	release() // a second call gives back nothing more
	_, ok = l.Reserve("a")
	require.True(t, ok, "the released slot is free again")
	_, ok = l.Reserve("a")
	require.False(t, ok)
}

// TestLimiterHoldsUnderConcurrency races many callers for one key: exactly max get through,
// whatever the interleaving.
func TestLimiterHoldsUnderConcurrency(t *testing.T) {
	l := New(10, time.Minute)
	var allowed atomic.Int32
	var wg sync.WaitGroup
	for range 500 {
		wg.Go(func() {
			if _, ok := l.Reserve("a"); ok {
				allowed.Add(1)
			}
		})
	}
	wg.Wait()
	require.EqualValues(t, 10, allowed.Load())
}

func TestLimiterSweepsIdleKeys(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	l := New(1, time.Second)
	l.now = func() time.Time { return now }
	l.Allow("old")
	now = now.Add(time.Minute)
	l.sweep(now)
	require.NotContains(t, l.hits, "old")
}
