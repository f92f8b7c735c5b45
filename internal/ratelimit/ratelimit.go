// Package ratelimit counts events per key in a sliding window: login attempts per address,
// writes per user. Each server instance counts for itself, which bounds abuse by the
// number of instances at most; no shared store is needed for that.
package ratelimit

import (
	"slices"
	"sync"
	"time"
)

// Limiter allows at most max events per key within window. An event is recorded when it
// is allowed, under the same lock as the check, so that concurrent callers can never
// together exceed the limit.
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
func (l *Limiter) Allow(key string) bool { return l.AllowN(key, 1) }

// AllowN records n events for key when all of them are within the limit, and none
// otherwise.
func (l *Limiter) AllowN(key string, n int) bool {
	_, ok := l.take(key, n)
	return ok
}

// Reserve records an event for key before the work it limits, and returns a function that
// gives the event back: a login takes a slot before checking the password and returns it
// when the password was right, so that only failures count but no number of parallel
// guesses can pass the limit while their checks run.
func (l *Limiter) Reserve(key string) (release func(), ok bool) {
	t, ok := l.take(key, 1)
	if !ok {
		return func() {}, false
	}
	var once sync.Once
	return func() { once.Do(func() { l.give(key, t) }) }, true
}

func (l *Limiter) take(key string, n int) (time.Time, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	recent := l.hits[key][:0]
	for _, t := range l.hits[key] {
		if now.Sub(t) < l.window {
			recent = append(recent, t)
		}
	}
	if len(recent)+n > l.max {
		l.hits[key] = recent
		return now, false
	}
	for range n {
		recent = append(recent, now)
	}
	l.hits[key] = recent
	if len(l.hits) > 100_000 {
		l.sweep(now)
	}
	return now, true
}

// give removes one event recorded at t for key.
func (l *Limiter) give(key string, t time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	ts := l.hits[key]
	if i := slices.Index(ts, t); i >= 0 {
		l.hits[key] = slices.Delete(ts, i, i+1)
	}
}

// sweep drops keys with no recent event, so that the map cannot grow without bound.
func (l *Limiter) sweep(now time.Time) {
	for k, ts := range l.hits {
		if len(ts) == 0 || now.Sub(ts[len(ts)-1]) >= l.window {
			delete(l.hits, k)
		}
	}
}
