package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestKeptAnswersAreNeverStale: the Questions page kept for readers who are not signed in is
// served again only while nothing it may show has changed: a new question, a vote, a space
// made private all show at once, on this instance and on another one.
func TestKeptAnswersAreNeverStale(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	other := newTestServer(t, serverOptions{Share: s})
	sp := openRestrictedSpace(t, s)
	admin := s.login(t, adminCreator)
	const list = `{ questions(first: 50) { totalCount edges { node { id title score } } } }`
	titles := func(srv *testServer) (map[string]float64, float64) {
		d := srv.ok(t, "", list, nil)
		out := map[string]float64{}
		for _, e := range dig(d, "questions", "edges").([]any) {
			out[dig(e, "node", "title").(string)] = dig(e, "node", "score").(float64)
		}
		return out, dig(d, "questions", "totalCount").(float64)
	}
	before, total := titles(s)
	require.Equal(t, int64(1), s.statements(func() { titles(s) }), "kept: the check alone")
	titles(other) // kept on the other instance too

	// A question in the space, once the space is open, shows to everyone at once.
	const inside = "Domanda interna allo spazio"
	require.NotContains(t, before, inside)
	setVisibility := func(level string) {
		d := s.ok(t, admin, `mutation($t: ID!, $v: SpaceVisibility!) { setTwinningVisibility(input: {twinningId: $t, visibility: $v}) {
		    userErrors { code } } }`, map[string]any{"t": sp.twinning, "v": level})
		require.Empty(t, userErrorCodes(dig(d, "setTwinningVisibility")))
	}
	setVisibility("OPEN")
	for _, srv := range []*testServer{s, other} {
		now, n := titles(srv)
		require.Contains(t, now, inside)
		require.Greater(t, n, total)
	}
	// Made private again, it is gone from both at once: no kept answer outlives a change.
	setVisibility("RESTRICTED")
	for _, srv := range []*testServer{s, other} {
		now, n := titles(srv)
		require.NotContains(t, now, inside)
		require.Equal(t, total, n)
	}

	// A vote changes a score on the next read.
	voter := s.login(t, trainer)
	id := dig(s.ok(t, "", `{ questions(first: 1) { edges { node { id title } } } }`, nil), "questions", "edges", 0, "node")
	d := s.ok(t, voter, `mutation($p: ID!) { vote(input: {postId: $p, value: UP}) { userErrors { code } } }`,
		map[string]any{"p": dig(id, "id")})
	require.Empty(t, userErrorCodes(dig(d, "vote")))
	for _, srv := range []*testServer{s, other} {
		now, _ := titles(srv)
		require.Equal(t, before[dig(id, "title").(string)]+1, now[dig(id, "title").(string)])
	}

	// A new question heads the list on the other instance at once.
	mustAsk(t, s, sp.tokens[member], "Una domanda nuova per tutte e tutti", nil)
	now, _ := titles(other)
	require.Contains(t, now, "Una domanda nuova per tutte e tutti")
}
