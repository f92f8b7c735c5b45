package main

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/gid"
)

const questionsWalk = `query($first: Int, $after: String, $order: QuestionOrder, $filter: QuestionFilter) {
  questions(first: $first, after: $after, orderBy: $order, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id score lastActivityAt answerCount tags serviceArea { slug } region { id } } }
  }
}`

// listedQuestion is what the paging tests read of each question.
type listedQuestion struct {
	ID          string
	Num         int64
	Score       int
	At          time.Time
	AnswerCount int
	Tags        []string
	Area        string
	Region      string
}

// numericID reads the database id out of a global id, to check id order.
func numericID(t testing.TB, global string) int64 {
	t.Helper()
	kind, n, ok := gid.Decode(global)
	require.True(t, ok, global)
	require.Equal(t, "Question", kind)
	return n
}

// walkQuestions reads every page of the question list and checks the page invariants.
func walkQuestions(t testing.TB, s *testServer, order string, first int, filter map[string]any) ([]listedQuestion, int) {
	t.Helper()
	var out []listedQuestion
	var after any
	total := -1
	for page := 0; ; page++ {
		require.Less(t, page, 100, "the walk ends")
		d := s.ok(t, "", questionsWalk, map[string]any{"first": first, "after": after, "order": order, "filter": filter})
		c := dig(d, "questions")
		n := int(dig(c, "totalCount").(float64))
		if total >= 0 {
			require.Equal(t, total, n, "%s: totalCount is the same on every page", order)
		}
		total = n
		edges := dig(c, "edges").([]any)
		require.LessOrEqual(t, len(edges), first)
		for _, e := range edges {
			node := dig(e, "node")
			require.NotEmpty(t, dig(e, "cursor"))
			at, err := time.Parse(time.RFC3339Nano, dig(node, "lastActivityAt").(string))
			require.NoError(t, err)
			q := listedQuestion{
				ID: dig(node, "id").(string), Score: int(dig(node, "score").(float64)), At: at,
				AnswerCount: int(dig(node, "answerCount").(float64)),
			}
			q.Num = numericID(t, q.ID)
			for _, tag := range dig(node, "tags").([]any) {
				q.Tags = append(q.Tags, tag.(string))
			}
			q.Area, _ = dig(node, "serviceArea", "slug").(string)
			q.Region, _ = dig(node, "region", "id").(string)
			out = append(out, q)
		}
		if len(edges) > 0 {
			require.Equal(t, dig(edges[len(edges)-1], "cursor"), dig(c, "pageInfo", "endCursor"))
		}
		if dig(c, "pageInfo", "hasNextPage") != true {
			break
		}
		require.Len(t, edges, first, "%s: a page before the last is full", order)
		after = dig(c, "pageInfo", "endCursor")
	}
	seen := map[string]bool{}
	for _, q := range out {
		require.False(t, seen[q.ID], "%s: %s seen twice", order, q.ID)
		seen[q.ID] = true
	}
	require.Len(t, out, total, "%s: every question is seen once", order)
	return out, total
}

// pagingFixture adds 25 questions with varied votes, areas, regions, tags and answers.
// It returns the global id of Piemonte.
func pagingFixture(t testing.TB, s *testServer) string {
	t.Helper()
	op := s.login(t, operator)
	voters := []string{s.login(t, trainer), s.login(t, coordinator), s.login(t, moderator), s.login(t, admin)}
	var piemonte string
	for _, r := range dig(s.ok(t, "", `{ regions { id name } }`, nil), "regions").([]any) {
		if dig(r, "name") == "Piemonte" {
			piemonte = dig(r, "id").(string)
		}
	}
	require.NotEmpty(t, piemonte)
	areas := []string{"orientamento", "mediazione-familiare", "famiglie-multiproblematiche", ""}
	pattern := []string{"UP", "", "DOWN", "UP", "UP", "", "UP"}
	ids := make([]string, 25)
	for i := range ids {
		extra := map[string]any{"tags": []string{"paging"}}
		if i%2 == 0 {
			extra["tags"] = []string{"paging", "paging-pari"}
		}
		if a := areas[i%4]; a != "" {
			extra["serviceArea"] = a
		}
		if i%5 == 0 {
			extra["regionId"] = piemonte
		}
		ids[i] = mustAsk(t, s, op, fmt.Sprintf("Domanda di paginazione numero %02d", i), extra)
		for j, v := range voters {
			if value := pattern[(i+j)%len(pattern)]; value != "" {
				s.ok(t, v, voteMutation, map[string]any{"postId": ids[i], "value": value})
			}
		}
	}
	// Answers to older questions, newest first, so that activity order differs from id order.
	for i := 24; i >= 0; i-- {
		if i%3 == 0 {
			mustAnswer(t, s, voters[0], ids[i], "Una risposta che sposta l'attività")
		}
	}
	return piemonte
}

func TestQuestionsPaging(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	piemonte := pagingFixture(t, s)

	newest, total := walkQuestions(t, s, "NEWEST", 7, nil)
	require.GreaterOrEqual(t, total, 25)
	for i := 1; i < len(newest); i++ {
		require.Greater(t, newest[i-1].Num, newest[i].Num, "NEWEST: ids descending")
	}
	active, n := walkQuestions(t, s, "ACTIVE", 7, nil)
	require.Equal(t, total, n)
	for i := 1; i < len(active); i++ {
		a, b := active[i-1], active[i]
		require.True(t, a.At.After(b.At) || (a.At.Equal(b.At) && a.Num > b.Num),
			"ACTIVE: lastActivityAt descending, then id: %v then %v", a, b)
	}
	votes, n := walkQuestions(t, s, "VOTES", 7, nil)
	require.Equal(t, total, n)
	for i := 1; i < len(votes); i++ {
		a, b := votes[i-1], votes[i]
		require.True(t, a.Score > b.Score || (a.Score == b.Score && a.Num > b.Num),
			"VOTES: score descending, then id: %v then %v", a, b)
	}
	// The fixture really exercises the orders.
	require.NotEqual(t, questionIDsOf(newest), questionIDsOf(active))
	require.NotEqual(t, questionIDsOf(newest), questionIDsOf(votes))
	require.ElementsMatch(t, questionIDsOf(newest), questionIDsOf(active))
	require.ElementsMatch(t, questionIDsOf(newest), questionIDsOf(votes))
	scores := map[int]bool{}
	for _, q := range votes {
		scores[q.Score] = true
	}
	require.GreaterOrEqual(t, len(scores), 4, "varied scores")

	// Page sizes at the limits.
	d := s.ok(t, "", questionsWalk, map[string]any{"first": 0})
	require.Empty(t, dig(d, "questions", "edges"))
	require.EqualValues(t, total, dig(d, "questions", "totalCount"))
	d = s.ok(t, "", questionsWalk, map[string]any{"first": 100})
	require.Len(t, dig(d, "questions", "edges"), min(total, 100))
	require.Equal(t, total > 100, dig(d, "questions", "pageInfo", "hasNextPage"))
	d = s.ok(t, "", questionsWalk, map[string]any{"first": total})
	require.Equal(t, false, dig(d, "questions", "pageInfo", "hasNextPage"), "exactly all: no next page")
	d = s.ok(t, "", questionsWalk, map[string]any{"first": total - 1})
	require.Equal(t, true, dig(d, "questions", "pageInfo", "hasNextPage"))
	d = s.ok(t, "", `{ questions { edges { node { id } } } }`, nil)
	require.Len(t, dig(d, "questions", "edges"), min(total, 20), "default page size")

	// Filters narrow the list and its total.
	filters := []struct {
		name   string
		filter map[string]any
		keep   func(q listedQuestion) bool
	}{
		{"serviceAreaSlug", map[string]any{"serviceAreaSlug": "mediazione-familiare"}, func(q listedQuestion) bool { return q.Area == "mediazione-familiare" }},
		{"tag", map[string]any{"tag": "paging-pari"}, func(q listedQuestion) bool { return slices.Contains(q.Tags, "paging-pari") }},
		{"unanswered", map[string]any{"unanswered": true}, func(q listedQuestion) bool { return q.AnswerCount == 0 }},
		{"regionId", map[string]any{"regionId": piemonte}, func(q listedQuestion) bool { return q.Region == piemonte }},
		{"tag+unanswered", map[string]any{"tag": "paging-pari", "unanswered": true}, func(q listedQuestion) bool {
			return slices.Contains(q.Tags, "paging-pari") && q.AnswerCount == 0
		}},
		{"unanswered false", map[string]any{"unanswered": false}, func(listedQuestion) bool { return true }},
	}
	for _, f := range filters {
		var want []string
		for _, q := range newest {
			if f.keep(q) {
				want = append(want, q.ID)
			}
		}
		got, n := walkQuestions(t, s, "NEWEST", 7, f.filter)
		require.Equal(t, want, questionIDsOf(got), f.name)
		require.Equal(t, len(want), n, f.name)
		require.NotEmpty(t, want, f.name)
		if f.name != "unanswered false" {
			require.Less(t, n, total, f.name)
		}
		got, _ = walkQuestions(t, s, "VOTES", 4, f.filter)
		require.ElementsMatch(t, want, questionIDsOf(got), f.name)
	}
	paging := 0
	for _, q := range newest {
		if slices.Contains(q.Tags, "paging-pari") {
			paging++
		}
	}
	require.Equal(t, 13, paging)
}

func questionIDsOf(list []listedQuestion) []string {
	out := make([]string, len(list))
	for i, q := range list {
		out[i] = q.ID
	}
	return out
}

func TestQuestionsPagingErrors(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})

	invalid := func(name string, vars map[string]any, msg string) {
		t.Helper()
		r := s.do(t, "", questionsWalk, vars)
		require.Equal(t, http.StatusOK, r.Status, "%s: %s", name, r.Raw)
		require.Len(t, r.Errors, 1, "%s: %s", name, r.Raw)
		require.Equal(t, "INVALID", r.Errors[0].Extensions["code"], "%s: %s", name, r.Raw)
		require.Equal(t, []any{"questions"}, r.Errors[0].Path)
		require.Nil(t, r.Data, name)
		if msg != "" {
			require.Equal(t, msg, r.Errors[0].Message, name)
		}
	}
	invalid("first=101", map[string]any{"first": 101}, "Puoi chiedere da 0 a 100 elementi per pagina.")
	invalid("first=-1", map[string]any{"first": -1}, "Puoi chiedere da 0 a 100 elementi per pagina.")
	const badCursor = "Il cursore di paginazione non è valido."
	for _, after := range []string{"garbage!!", "xyz", "e30", base64.RawURLEncoding.EncodeToString([]byte("null")),
		base64.RawURLEncoding.EncodeToString([]byte(`"testo"`)), base64.RawURLEncoding.EncodeToString([]byte(`[1,2]`))} {
		invalid("after="+after, map[string]any{"first": 5, "after": after}, badCursor)
	}

	// A cursor belongs to its order.
	cursors := map[string]string{}
	for _, order := range []string{"NEWEST", "ACTIVE", "VOTES"} {
		d := s.ok(t, "", questionsWalk, map[string]any{"first": 2, "order": order})
		cursors[order] = dig(d, "questions", "pageInfo", "endCursor").(string)
		d = s.ok(t, "", questionsWalk, map[string]any{"first": 2, "order": order, "after": cursors[order]})
		require.Len(t, dig(d, "questions", "edges"), 2)
	}
	for from, cursor := range cursors {
		for _, order := range []string{"NEWEST", "ACTIVE", "VOTES"} {
			if order != from {
				invalid(from+" cursor with "+order, map[string]any{"first": 5, "order": order, "after": cursor}, badCursor)
			}
		}
	}

	// English on request.
	r := s.doWith(t, questionsWalk, map[string]any{"first": 101}, map[string]string{"Accept-Language": "en"})
	require.Equal(t, "A page holds between 0 and 100 items.", r.Errors[0].Message)

	// The same limits hold for the other connections.
	for _, q := range []string{
		`{ centers(first: 101) { totalCount } }`,
		`{ twinnings(first: -1) { totalCount } }`,
		`{ centers(first: 5, after: "xyz") { totalCount } }`,
		`{ twinnings(first: 5, after: "xyz") { totalCount } }`,
	} {
		r := s.do(t, "", q, nil)
		require.Equal(t, http.StatusOK, r.Status, q)
		require.Len(t, r.Errors, 1, "%s: %s", q, r.Raw)
		require.Equal(t, "INVALID", r.Errors[0].Extensions["code"], q)
	}
	d := s.ok(t, "", `{ questions(first: 1) { edges { node { id } } } }`, nil)
	qid := dig(d, "questions", "edges", 0, "node", "id").(string)
	r = s.do(t, "", `query($id: ID!) { node(id: $id) { ... on Question { answers(first: 101) { totalCount } } } }`, map[string]any{"id": qid})
	require.Len(t, r.Errors, 1, string(r.Raw))
	require.Equal(t, "INVALID", r.Errors[0].Extensions["code"])
}

func TestAnswersPaging(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	op := s.login(t, operator)
	tr := s.login(t, trainer)
	co := s.login(t, coordinator)
	mod := s.login(t, moderator)
	adm := s.login(t, admin)
	qid := mustAsk(t, s, op, "Domanda con cinque risposte", nil)
	a1 := mustAnswer(t, s, tr, qid, "Risposta uno")
	a2 := mustAnswer(t, s, co, qid, "Risposta due")
	a3 := mustAnswer(t, s, mod, qid, "Risposta tre")
	a4 := mustAnswer(t, s, adm, qid, "Risposta quattro")
	a5 := mustAnswer(t, s, tr, qid, "Risposta cinque")
	s.ok(t, op, voteMutation, map[string]any{"postId": a3, "value": "UP"})
	s.ok(t, op, voteMutation, map[string]any{"postId": a4, "value": "UP"})
	s.ok(t, co, voteMutation, map[string]any{"postId": a4, "value": "UP"})
	s.ok(t, op, acceptMutation, map[string]any{"answerId": a2})

	const page = `query($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on Question {
	  answers(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id score accepted } } }
	} } }`
	// The accepted answer first, then by score, then oldest first.
	want := [][]string{{a2, a4}, {a3, a1}, {a5}}
	var after any
	for i, w := range want {
		d := s.ok(t, "", page, map[string]any{"id": qid, "first": 2, "after": after})
		c := dig(d, "node", "answers")
		require.EqualValues(t, 5, dig(c, "totalCount"))
		var got []string
		for _, e := range dig(c, "edges").([]any) {
			got = append(got, dig(e, "node", "id").(string))
		}
		require.Equal(t, w, got, "page %d", i+1)
		require.Equal(t, i < len(want)-1, dig(c, "pageInfo", "hasNextPage"), "page %d", i+1)
		after = dig(c, "pageInfo", "endCursor")
	}
	d := s.ok(t, "", page, map[string]any{"id": qid, "first": 0})
	require.Empty(t, dig(d, "node", "answers", "edges"))
	r := s.do(t, "", page, map[string]any{"id": qid, "first": 2, "after": "xyz"})
	require.Len(t, r.Errors, 1, string(r.Raw))
	require.Equal(t, "INVALID", r.Errors[0].Extensions["code"])
}

func TestQuestionsTagFilterIsNormalisedLikeTags(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	mustAsk(t, s, s.login(t, operator), "Domanda con etichetta composta", map[string]any{"tags": []string{"Rete Servizi Locali"}})
	for _, tag := range []string{"rete-servizi-locali", "Rete Servizi Locali", "RETE-SERVIZI-LOCALI"} {
		d := s.ok(t, "", `query($t: String) { questions(filter: { tag: $t }) { totalCount } }`, map[string]any{"t": tag})
		require.EqualValues(t, 1, dig(d, "questions", "totalCount"), tag)
	}
}

// A profile lists the questions one asked and the ones one answered.
func TestQuestionsByAuthorAndAnswerer(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	op := s.login(t, "operatore@gemella.test")
	tr := s.login(t, "formatrice@gemella.test")
	me := func(tok string) string { return dig(s.ok(t, tok, `{ me { id } }`, nil), "me", "id").(string) }
	opID, trID := me(op), me(tr)
	q := dig(s.ok(t, op, `mutation { askQuestion(input: {title: "Chi ha esperienza di gruppi per nonni?", body: "Una prova."}) { question { id } } }`, nil), "askQuestion", "question", "id").(string)
	s.ok(t, tr, `mutation($q: ID!) { answerQuestion(input: {questionId: $q, body: "Noi sì, da due anni."}) { answer { id } } }`, map[string]any{"q": q})

	const list = `query($f: QuestionFilter) { questions(first: 40, filter: $f) { totalCount edges { node { id author { id } answers(first: 10) { edges { node { author { id } } } } } } } }`
	all := dig(s.ok(t, "", list, nil), "questions", "totalCount").(float64)
	asked := s.ok(t, "", list, map[string]any{"f": map[string]any{"authorId": opID}})
	edges := dig(asked, "questions", "edges").([]any)
	require.NotEmpty(t, edges)
	require.Less(t, float64(len(edges)), all)
	require.Equal(t, q, dig(edges[0], "node", "id"), "newest first")
	for _, e := range edges {
		require.Equal(t, opID, dig(e, "node", "author", "id"))
	}
	answered := s.ok(t, "", list, map[string]any{"f": map[string]any{"answeredById": trID}})
	edges = dig(answered, "questions", "edges").([]any)
	require.Equal(t, q, dig(edges[0], "node", "id"))
	for _, e := range edges {
		var by []any
		for _, a := range dig(e, "node", "answers", "edges").([]any) {
			by = append(by, dig(a, "node", "author", "id"))
		}
		require.Contains(t, by, trID)
	}
	require.EqualValues(t, len(edges), dig(answered, "questions", "totalCount"))

	r := s.do(t, "", list, map[string]any{"f": map[string]any{"authorId": q}})
	require.NotEmpty(t, r.Errors, "a question's id is not a user's")
}

func TestQuestionsTextFilter(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	op := s.login(t, operator)
	q := mustAsk(t, s, op, "Chi usa il 100% della sala_riunioni il sabato?", nil)
	body := dig(s.ok(t, op, `mutation { askQuestion(input: {title: "Una domanda con la parola nel testo", body: "Parliamo di ludoteca serale."}) { question { id } } }`, nil), "askQuestion", "question", "id")
	const list = `query($t: String) { questions(first: 50, filter: {text: $t}) { totalCount edges { node { id } } } }`
	ids := func(text string) []any {
		var out []any
		for _, e := range dig(s.ok(t, "", list, map[string]any{"t": text}), "questions", "edges").([]any) {
			out = append(out, dig(e, "node", "id"))
		}
		return out
	}
	require.Equal(t, []any{q}, ids("100%"))
	require.Equal(t, []any{q}, ids("SALA_RIUNIONI"), "case aside")
	require.Empty(t, ids("100x"))
	require.Empty(t, ids("sala riunioni"), "_ is a character, not a wildcard")
	require.Equal(t, []any{body}, ids("Ludoteca"), "the body counts too")
	all := dig(s.ok(t, "", list, map[string]any{"t": "  "}), "questions", "totalCount")
	require.Equal(t, dig(s.ok(t, "", list, nil), "questions", "totalCount"), all, "blank is no filter")
}
