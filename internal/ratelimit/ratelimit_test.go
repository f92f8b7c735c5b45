package ratelimit

import (
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
	require.True(t, l.Blocked("a"))
	require.False(t, l.Allow("a"), "fourth event within the window")
	require.True(t, l.Allow("b"), "keys are counted apart")

	now = now.Add(61 * time.Second)
	require.False(t, l.Blocked("a"))
	require.True(t, l.Allow("a"), "the window slid past the old events")
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
