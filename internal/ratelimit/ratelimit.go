// Package ratelimit counts events per key in a sliding window: login attempts per address,
// writes per user. Each server instance counts for itself, which bounds abuse by the
// number of instances at most; no shared store is needed for that.
package ratelimit

import (
	"sync"
	"time"
)

// Limiter allows at most max events per key within window.
type Limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	hits   map[string][]time.Time
	now    func() time.Time
}

// New returns a limiter of max events per key within window.
func New(max int, window time.Duration) *Limiter {
	return &Limiter{max: max, window: window, hits: map[string][]time.Time{}, now: time.Now}
}

// Allow records an event for key and reports whether it is within the limit.
func (l *Limiter) Allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	recent := l.hits[key][:0]
	for _, t := range l.hits[key] {
		if now.Sub(t) < l.window {
			recent = append(recent, t)
		}
	}
	if len(recent) >= l.max {
		l.hits[key] = recent
		return false
	}
	l.hits[key] = append(recent, now)
	if len(l.hits) > 100_000 {
		l.sweep(now)
	}
	return true
}

// Blocked reports whether key has used up its events, without recording one.
func (l *Limiter) Blocked(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	n := 0
	for _, t := range l.hits[key] {
		if now.Sub(t) < l.window {
			n++
		}
	}
	return n >= l.max
}

// sweep drops keys with no recent event, so that the map cannot grow without bound.
func (l *Limiter) sweep(now time.Time) {
	for k, ts := range l.hits {
		if len(ts) == 0 || now.Sub(ts[len(ts)-1]) >= l.window {
			delete(l.hits, k)
		}
	}
}
