package main

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/auth"
)

const questionsPage = `query Questions($first: Int, $after: String, $serviceArea: String, $tag: String, $unanswered: Boolean) {
  questions(first: $first, after: $after, filter: { serviceAreaSlug: $serviceArea, tag: $tag, unanswered: $unanswered }, orderBy: NEWEST) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id title score answerCount tags author { displayName center { name } } createdAt } }
  }
}`

// budgetFixture fills a database with rows questions, each by a different author from a
// different centre, and one question with answers answers, each by a different author.
func budgetFixture(t testing.TB, s *testServer, rows, answers int) (busyQuestion string) {
	ctx := context.Background()
	pool := s.app.pool
	var centerIDs []int64
	r, err := pool.Query(ctx, `SELECT id FROM centers ORDER BY id`)
	require.NoError(t, err)
	for r.Next() {
		var id int64
		require.NoError(t, r.Scan(&id))
		centerIDs = append(centerIDs, id)
	}
	require.NoError(t, r.Err())
	users := make([]int64, 0, rows+answers)
	for i := range rows + answers {
		c := centerIDs[i%len(centerIDs)]
		u, err := s.app.auth.EnsureUser(ctx, pool, auth.User{
			Email: fmt.Sprintf("utente%d@gemella.test", i), DisplayName: fmt.Sprintf("Utente %d", i),
			Roles: []auth.Role{auth.Operator}, CenterID: &c,
		}, "password-lunga-abbastanza")
		require.NoError(t, err)
		users = append(users, u.ID)
	}
	var qid int64
	for i := range rows {
		require.NoError(t, pool.QueryRow(ctx, `WITH d AS (INSERT INTO discussions (title) VALUES ($2) RETURNING id)
			INSERT INTO questions (author_id, title, body, tags, discussion_id) SELECT $1, $2, $3, $4, d.id FROM d RETURNING id`,
			users[i], fmt.Sprintf("Domanda numero %d sul servizio", i), "Testo della domanda.", []string{"prova", fmt.Sprintf("tag-%d", i)}).Scan(&qid))
	}
	for i := range answers {
		_, err := pool.Exec(ctx, `WITH a AS (INSERT INTO answers (question_id, author_id, body, score) VALUES ($1, $2, $3, $4))
			UPDATE questions SET answer_count = answer_count + 1 WHERE id = $1`, qid, users[rows+i], fmt.Sprintf("Risposta %d", i), i%7)
		require.NoError(t, err)
	}
	// The busy question is the newest one.
	d := s.ok(t, "", `{ questions(first: 1) { edges { node { id } } } }`, nil)
	return dig(d, "questions", "edges", 0, "node", "id").(string)
}

// statements runs fn and returns how many SQL statements it sent.
func (s *testServer) statements(fn func()) int64 {
	before := s.counter.Count()
	fn()
	return s.counter.Count() - before
}

func TestStatementBudgets(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	busy := budgetFixture(t, s, 30, 60)

	// Read for the first time (the snapshot that keeps the answer for the next readers, the
	// page with its total, the authors, their centres), then served while nothing commits.
	page := func(token string) map[string]any {
		d := s.ok(t, token, questionsPage, map[string]any{"first": 20})
		require.Len(t, dig(d, "questions", "edges"), 20)
		require.NotEmpty(t, dig(d, "questions", "edges", 19, "node", "author", "center", "name"))
		return d
	}
	require.LessOrEqual(t, s.statements(func() { page("") }), int64(4), "Questions page of 20 with authors, centres and tags")
	require.Equal(t, int64(1), s.statements(func() { page("") }), "the same page again: the snapshot only")
	require.Zero(t, s.statements(func() { s.ok(t, "", `{ __typename }`, nil) }), "the empty query is not kept: it reads nothing")
	// A signed-in reader's pages are read every time, within the same budget: the session,
	// the page with its total, the authors, their centres.
	op := s.login(t, operator)
	for range 2 {
		require.LessOrEqual(t, s.statements(func() { page(op) }), int64(4), "a signed-in reader's Questions page")
	}

	// The list reads ahead only what the operation shows: no centres asked, none read.
	n := s.statements(func() {
		d := s.ok(t, "", `{ questions(first: 20) { totalCount edges { node { id author { displayName } } } } }`, nil)
		require.NotEmpty(t, dig(d, "questions", "edges", 19, "node", "author", "displayName"))
	})
	require.LessOrEqual(t, n, int64(3), "Questions page of 20 with authors only")
	n = s.statements(func() {
		d := s.ok(t, "", `{ questions(first: 20) { edges { node { id } } } }`, nil)
		require.Len(t, dig(d, "questions", "edges"), 20)
	})
	require.LessOrEqual(t, n, int64(2), "Questions page of 20 ids")

	n = s.statements(func() {
		d := s.ok(t, "", questionPage, map[string]any{"id": busy})
		require.Len(t, dig(d, "node", "answers", "edges"), 50)
		require.EqualValues(t, 60, dig(d, "node", "answers", "totalCount"))
		require.NotEmpty(t, dig(d, "node", "answers", "edges", 49, "node", "author", "displayName"))
	})
	require.LessOrEqual(t, n, int64(5), "question page with 50 answers")
}

// The benchmarks measure the two budgeted pages end to end over HTTP; statements/op must
// stay at the budget whatever b.N is.
func BenchmarkQuestionsPage(b *testing.B) {
	benchPage(b, func(s *testServer, _ string) (string, map[string]any) {
		return questionsPage, map[string]any{"first": 20}
	})
}

func BenchmarkQuestionPage50Answers(b *testing.B) {
	benchPage(b, func(_ *testServer, busy string) (string, map[string]any) {
		return questionPage, map[string]any{"id": busy}
	})
}

func benchPage(b *testing.B, op func(*testServer, string) (string, map[string]any)) {
	s := newTestServer(b, serverOptions{Seeded: true})
	busy := budgetFixture(b, s, 30, 60)
	query, vars := op(s, busy)
	s.ok(b, "", query, vars) // warm the pool
	before := s.counter.Count()
	b.ResetTimer()
	for b.Loop() {
		s.ok(b, "", query, vars)
	}
	b.ReportMetric(float64(s.counter.Count()-before)/float64(b.N), "statements/op")
}

// BenchmarkQuestionsPageRatio times the contract Questions page against an empty query
// ({ __typename }) over HTTP in one run (the budget: at most 3).
func BenchmarkQuestionsPageRatio(b *testing.B) {
	s := newTestServer(b, serverOptions{Seeded: true})
	budgetFixture(b, s, 30, 60)
	vars := map[string]any{"first": 20}
	compareP50(b, "page", func() { s.ok(b, "", questionsPage, vars) }, "empty", func() { s.ok(b, "", `{ __typename }`, nil) })
}

// compareP50 runs a and b alternately, b.N times each after a warm-up, so that the
// machine's drift weighs on both alike, and reports each one's p50 and the ratio of a's
// to b's.
func compareP50(tb *testing.B, nameA string, a func(), nameB string, b func()) {
	for range 20 {
		a()
		b()
	}
	var da, db []time.Duration
	tb.ResetTimer()
	for tb.Loop() {
		start := time.Now()
		b()
		db = append(db, time.Since(start))
		start = time.Now()
		a()
		da = append(da, time.Since(start))
	}
	p50 := func(d []time.Duration) time.Duration {
		slices.Sort(d)
		return d[len(d)/2]
	}
	pa, pb := p50(da), p50(db)
	tb.ReportMetric(float64(pa.Microseconds())/1000, nameA+"-p50-ms")
	tb.ReportMetric(float64(pb.Microseconds())/1000, nameB+"-p50-ms")
	tb.ReportMetric(float64(pa)/float64(pb), "ratio")
}
