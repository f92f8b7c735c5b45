package main

import (
	"slices"
	"testing"
	"time"
)

// BenchmarkScopedSearch times the contract Search by a signed-in operator, whose search is
// filtered on the spaces they may read (one statement and a Meilisearch filter), against
// the same search by a moderator, who reads every space and gets neither, alternated in
// one run; both pay the session lookup. The budget: the scoped p50 within 1.1× of the unscoped one.
func BenchmarkScopedSearch(b *testing.B) {
	s := newTestServer(b, serverOptions{Seeded: true})
	s.indexed(b)
	op, mod := s.login(b, operator), s.login(b, moderator)
	vars := map[string]any{"q": "mediazione familiare", "first": 10}
	for range 20 {
		s.ok(b, op, searchQuery, vars)
		s.ok(b, mod, searchQuery, vars)
	}
	var scoped, all []time.Duration
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		s.ok(b, op, searchQuery, vars)
		scoped = append(scoped, time.Since(start))
		start = time.Now()
		s.ok(b, mod, searchQuery, vars)
		all = append(all, time.Since(start))
	}
	p50 := func(d []time.Duration) time.Duration {
		slices.Sort(d)
		return d[len(d)/2]
	}
	ps, pa := p50(scoped), p50(all)
	b.ReportMetric(float64(ps.Microseconds())/1000, "scoped-p50-ms")
	b.ReportMetric(float64(pa.Microseconds())/1000, "unscoped-p50-ms")
	b.ReportMetric(float64(ps)/float64(pa), "ratio")
}
