package main

import "testing"

// BenchmarkScopedSearch times the contract Search by a signed-in operator, whose search is
// filtered on the spaces they may read (one statement and a Meilisearch filter), against
// the same search by a moderator, who reads every space and gets neither, alternated in
// one run; both pay the session lookup. The budget: the scoped p50 within 1.1× of the unscoped one.
func BenchmarkScopedSearch(b *testing.B) {
	s := newTestServer(b, serverOptions{Seeded: true})
	s.indexed(b)
	op, mod := s.login(b, operator), s.login(b, moderator)
	vars := map[string]any{"q": "mediazione familiare", "first": 10}
	compareP50(b, "scoped", func() { s.ok(b, op, searchQuery, vars) }, "unscoped", func() { s.ok(b, mod, searchQuery, vars) })
}
