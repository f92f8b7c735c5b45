package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

const (
	operator    = "operatore@gemella.test"
	trainer     = "formatrice@gemella.test"
	coordinator = "coordinatrice@gemella.test"
	moderator   = "moderatore@gemella.test"
	admin       = "admin@gemella.test"
)

const askMutation = `mutation AskQuestion($title: String!, $body: String!, $tags: [String!], $serviceArea: String) {
  askQuestion(input: { title: $title, body: $body, tags: $tags, serviceAreaSlug: $serviceArea }) {
    question { id title bodyHTML tags author { displayName } }
    userErrors { field message code }
  }
}`

const answerMutation = `mutation AnswerQuestion($questionId: ID!, $body: String!) {
  answerQuestion(input: { questionId: $questionId, body: $body }) {
    answer { id bodyHTML author { displayName } }
    userErrors { field message code }
  }
}`

const voteMutation = `mutation Vote($postId: ID!, $value: VoteValue!) {
  vote(input: { postId: $postId, value: $value }) { score userErrors { field message code } }
}`

const acceptMutation = `mutation AcceptAnswer($answerId: ID!) {
  acceptAnswer(input: { answerId: $answerId }) { question { id acceptedAnswer { id } } userErrors { field message code } }
}`

const questionPage = `query QuestionPage($id: ID!) {
  node(id: $id) {
    ... on Question {
      id title body bodyHTML score tags createdAt
      author { displayName }
      acceptedAnswer { id }
      answers(first: 50) { totalCount edges { node { id bodyHTML score createdAt author { displayName } } } }
    }
  }
}`

func TestQuestionAndAnswerFlow(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	asker := s.login(t, operator)
	helper := s.login(t, trainer)
	voter := s.login(t, coordinator)

	d := s.ok(t, asker, askMutation, map[string]any{
		"title": "Come strutturare il primo colloquio di orientamento?",
		"body":  "Cerchiamo un **modello** per il primo colloquio.\n\n<script>alert(1)</script>[link](javascript:alert(1))",
		"tags":  []string{"Accoglienza", "primo colloquio", "accoglienza"}, "serviceArea": "orientamento",
	})
	require.Empty(t, userErrorCodes(dig(d, "askQuestion")))
	q := dig(d, "askQuestion", "question")
	qid := dig(q, "id").(string)
	require.Equal(t, []any{"accoglienza", "primo-colloquio"}, dig(q, "tags"))
	html := dig(q, "bodyHTML").(string)
	require.Contains(t, html, "<strong>modello</strong>")
	require.NotContains(t, html, "<script")
	require.NotContains(t, html, `href="javascript:`, "no link runs a script")
	require.Contains(t, html, "[link]", "the text beside the script tag stays visible")
	require.Equal(t, "Operatrice CpF La Spezia", dig(q, "author", "displayName"))

	d = s.ok(t, helper, answerMutation, map[string]any{"questionId": qid, "body": "Usate una *scheda* condivisa."})
	first := dig(d, "answerQuestion", "answer", "id").(string)
	d = s.ok(t, voter, answerMutation, map[string]any{"questionId": qid, "body": "Da noi funziona lo sportello."})
	second := dig(d, "answerQuestion", "answer", "id").(string)

	// Votes: one per user, changeable and withdrawable; never on one's own post.
	require.EqualValues(t, 1, dig(s.ok(t, asker, voteMutation, map[string]any{"postId": first, "value": "UP"}), "vote", "score"))
	require.EqualValues(t, 1, dig(s.ok(t, asker, voteMutation, map[string]any{"postId": first, "value": "UP"}), "vote", "score"))
	require.EqualValues(t, 2, dig(s.ok(t, voter, voteMutation, map[string]any{"postId": first, "value": "UP"}), "vote", "score"))
	require.EqualValues(t, 0, dig(s.ok(t, voter, voteMutation, map[string]any{"postId": first, "value": "DOWN"}), "vote", "score"))
	require.EqualValues(t, 1, dig(s.ok(t, voter, voteMutation, map[string]any{"postId": first, "value": "NONE"}), "vote", "score"))
	require.EqualValues(t, 1, dig(s.ok(t, helper, voteMutation, map[string]any{"postId": qid, "value": "UP"}), "vote", "score"))
	own := dig(s.ok(t, helper, voteMutation, map[string]any{"postId": first, "value": "UP"}), "vote")
	require.Equal(t, []string{"FORBIDDEN"}, userErrorCodes(own))
	require.Nil(t, dig(own, "score"))

	// Acceptance: the asker only, and it can move to another answer.
	denied := dig(s.ok(t, helper, acceptMutation, map[string]any{"answerId": first}), "acceptAnswer")
	require.Equal(t, []string{"FORBIDDEN"}, userErrorCodes(denied))
	require.Nil(t, dig(denied, "question"))
	d = s.ok(t, asker, acceptMutation, map[string]any{"answerId": first})
	require.Equal(t, first, dig(d, "acceptAnswer", "question", "acceptedAnswer", "id"))
	d = s.ok(t, asker, acceptMutation, map[string]any{"answerId": second})
	require.Equal(t, second, dig(d, "acceptAnswer", "question", "acceptedAnswer", "id"))

	page := s.ok(t, "", questionPage, map[string]any{"id": qid})
	node := dig(page, "node")
	require.Equal(t, qid, dig(node, "id"))
	require.EqualValues(t, 1, dig(node, "score"))
	require.Equal(t, second, dig(node, "acceptedAnswer", "id"))
	require.EqualValues(t, 2, dig(node, "answers", "totalCount"))
	// The accepted answer comes first, then by score.
	require.Equal(t, second, dig(node, "answers", "edges", 0, "node", "id"))
	require.Equal(t, first, dig(node, "answers", "edges", 1, "node", "id"))
	require.EqualValues(t, 1, dig(node, "answers", "edges", 1, "node", "score"))
	require.Equal(t, "Formatrice CpF Rimini", dig(node, "answers", "edges", 1, "node", "author", "displayName"))
}
