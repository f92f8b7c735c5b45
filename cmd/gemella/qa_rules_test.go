package main

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/gid"
)

// testGlobalID builds a global id the way the server does, to name objects that do not
// exist. Real ids are always taken from responses.
func testGlobalID(kind string, id int64) string {
	return gid.Encode(kind, id)
}

// mustAsk asks a question that must be accepted and returns its id.
func mustAsk(t testing.TB, s *testServer, token, title string, extra map[string]any) string {
	t.Helper()
	vars := map[string]any{"title": title, "body": "Testo della domanda di prova."}
	for k, v := range extra {
		vars[k] = v
	}
	q := `mutation($title: String!, $body: String!, $tags: [String!], $serviceArea: String, $regionId: ID) {
	  askQuestion(input: { title: $title, body: $body, tags: $tags, serviceAreaSlug: $serviceArea, regionId: $regionId }) {
	    question { id } userErrors { field message code } } }`
	d := s.ok(t, token, q, vars)
	require.Empty(t, userErrorCodes(dig(d, "askQuestion")), "%v", d)
	return dig(d, "askQuestion", "question", "id").(string)
}

// mustAnswer answers a question and returns the answer's id.
func mustAnswer(t testing.TB, s *testServer, token, questionID, body string) string {
	t.Helper()
	d := s.ok(t, token, answerMutation, map[string]any{"questionId": questionID, "body": body})
	require.Empty(t, userErrorCodes(dig(d, "answerQuestion")), "%v", d)
	return dig(d, "answerQuestion", "answer", "id").(string)
}

// questionsTotal is the number of questions the public list shows.
func questionsTotal(t testing.TB, s *testServer) int {
	t.Helper()
	d := s.ok(t, "", `{ questions(first: 0) { totalCount } }`, nil)
	return int(dig(d, "questions", "totalCount").(float64))
}

// payloadOf posts a mutation that must answer with a payload (no GraphQL error, HTTP 200)
// and returns the payload under name.
func payloadOf(t testing.TB, s *testServer, token, name, query string, vars map[string]any) any {
	t.Helper()
	r := s.do(t, token, query, vars)
	require.Equal(t, http.StatusOK, r.Status, string(r.Raw))
	require.Empty(t, r.Errors, string(r.Raw))
	p := dig(r.Data, name)
	require.NotNil(t, p, string(r.Raw))
	return p
}

const questionState = `query($id: ID!) { node(id: $id) { ... on Question {
  id title body tags score answerCount closed closedAt lastActivityAt updatedAt
  acceptedAnswer { id }
  comments { id body bodyHTML author { displayName } }
  revisions { title body tags editor { displayName } createdAt }
} } }`

const editQuestionMutation = `mutation($id: ID!, $title: String, $body: String, $tags: [String!]) {
  editQuestion(input: { questionId: $id, title: $title, body: $body, tags: $tags }) {
    question { id title body tags revisions { title body tags editor { displayName } } }
    userErrors { field message code }
  }
}`

const editAnswerMutation = `mutation($id: ID!, $body: String!) {
  editAnswer(input: { answerId: $id, body: $body }) {
    answer { id body bodyHTML revisions { title body tags editor { displayName } } }
    userErrors { field message code }
  }
}`

const commentMutation = `mutation($id: ID!, $body: String!) {
  addComment(input: { postId: $id, body: $body }) { comment { id body bodyHTML author { displayName } } userErrors { field message code } }
}`

const closeMutation = `mutation($id: ID!, $reason: String) {
  closeQuestion(input: { questionId: $id, reason: $reason }) { question { id closed closedAt } userErrors { field message code } }
}`

const reopenMutation = `mutation($id: ID!) {
  reopenQuestion(input: { questionId: $id }) { question { id closed closedAt } userErrors { field message code } }
}`

func TestAnonymousWritesAreRefused(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	// A demo question with an accepted answer.
	d := s.ok(t, "", `{ questions(first: 1) { edges { node { id } } } }`, nil)
	qid := dig(d, "questions", "edges", 0, "node", "id").(string)
	before := s.ok(t, "", questionState, map[string]any{"id": qid})
	page := s.ok(t, "", questionPage, map[string]any{"id": qid})
	aid := dig(page, "node", "answers", "edges", 0, "node", "id").(string)
	total := questionsTotal(t, s)

	calls := []struct{ name, query string }{
		{"askQuestion", askMutation},
		{"answerQuestion", answerMutation},
		{"vote", voteMutation},
		{"acceptAnswer", acceptMutation},
		{"addComment", commentMutation},
		{"editQuestion", editQuestionMutation},
		{"editAnswer", editAnswerMutation},
		{"closeQuestion", closeMutation},
		{"reopenQuestion", reopenMutation},
	}
	vars := map[string]any{
		"title": "Una domanda senza accesso", "body": "Testo", "questionId": qid, "postId": aid, "value": "UP",
		"answerId": aid, "id": qid,
	}
	for _, token := range []string{"", "not-a-session-token"} {
		for _, c := range calls {
			v := map[string]any{}
			for k, val := range vars {
				if strings.Contains(c.query, "$"+k+":") {
					v[k] = val
				}
			}
			if c.name == "editAnswer" {
				v["id"] = aid
			}
			p := payloadOf(t, s, token, c.name, c.query, v)
			require.Equal(t, []string{"UNAUTHENTICATED"}, userErrorCodes(p), "%s: %v", c.name, p)
			require.Equal(t, "Serve l'accesso.", dig(p, "userErrors", 0, "message"))
		}
		// A vote on the question as well as on the answer.
		p := payloadOf(t, s, token, "vote", voteMutation, map[string]any{"postId": qid, "value": "DOWN"})
		require.Equal(t, []string{"UNAUTHENTICATED"}, userErrorCodes(p))
		require.Nil(t, dig(p, "score"))
	}

	require.Equal(t, total, questionsTotal(t, s), "nothing was asked")
	after := s.ok(t, "", questionState, map[string]any{"id": qid})
	require.Equal(t, before, after, "nothing was answered, voted, accepted, commented, edited or closed")
	page2 := s.ok(t, "", questionPage, map[string]any{"id": qid})
	require.Equal(t, page, page2)
}

func TestAskQuestionTitleBounds(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	tok := s.login(t, operator)
	total := questionsTotal(t, s)

	ask := func(title string) any {
		return payloadOf(t, s, tok, "askQuestion", askMutation, map[string]any{"title": title, "body": "Testo della domanda."})
	}
	refused := []string{
		"Domandina",                          // 9
		"àèìòùàèìò",                          // 9 runes, 18 bytes
		"   Domandina   ",                    // 9 once trimmed
		strings.Repeat("é", 201),             // 201 runes
		strings.Repeat("a", 201),             // 201
		"a" + strings.Repeat(" ", 199) + "b", // 201 with inner spaces
	}
	for _, title := range refused {
		p := ask(title)
		require.Equal(t, []string{"INVALID"}, userErrorCodes(p), "%q", title)
		require.Equal(t, []string{"title"}, userErrorFields(p), "%q", title)
		require.Equal(t, "Il titolo deve avere tra 10 e 200 caratteri.", dig(p, "userErrors", 0, "message"))
		require.Nil(t, dig(p, "question"))
	}
	accepted := map[string]string{
		"Domandina?":                           "Domandina?",
		"àèìòùàèìòù":                           "àèìòùàèìòù", // 10 runes, 20 bytes
		strings.Repeat("é", 200):               strings.Repeat("é", 200),
		"  " + strings.Repeat("b", 200) + "  ": strings.Repeat("b", 200),
	}
	for title, want := range accepted {
		p := ask(title)
		require.Empty(t, userErrorCodes(p), "%q: %v", title, p)
		require.Equal(t, want, dig(p, "question", "title"))
	}
	require.Equal(t, total+len(accepted), questionsTotal(t, s))
}

func TestAskQuestionValidation(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	tok := s.login(t, operator)
	total := questionsTotal(t, s)
	ask := func(vars map[string]any) any {
		v := map[string]any{"title": "Una domanda valida", "body": "Testo della domanda."}
		for k, val := range vars {
			v[k] = val
		}
		return payloadOf(t, s, tok, "askQuestion", askMutation, v)
	}

	// Tags: at most five after normalisation, each letters, digits and hyphens.
	p := ask(map[string]any{"tags": []string{"uno", "due", "tre", "quattro", "cinque"}})
	require.Empty(t, userErrorCodes(p))
	require.Equal(t, []any{"uno", "due", "tre", "quattro", "cinque"}, dig(p, "question", "tags"))
	p = ask(map[string]any{"tags": []string{"uno", "due", "tre", "quattro", "cinque", "sei"}})
	require.Equal(t, []string{"INVALID"}, userErrorCodes(p))
	require.Equal(t, []string{"tags"}, userErrorFields(p))
	require.Equal(t, "Puoi indicare al massimo 5 etichette.", dig(p, "userErrors", 0, "message"))
	p = ask(map[string]any{"tags": []string{"uno", "due", "tre", "quattro", "cinque", "UNO", " Due "}})
	require.Empty(t, userErrorCodes(p), "duplicates collapse before counting")
	p = ask(map[string]any{"tags": []string{"Genitorialità", "rete servizi", strings.Repeat("x", 35)}})
	require.Empty(t, userErrorCodes(p))
	require.Equal(t, []any{"genitorialità", "rete-servizi", strings.Repeat("x", 35)}, dig(p, "question", "tags"))
	for _, bad := range []string{"c++", "tag_x", "#hashtag", "-inizio", "fine-", "a--b", strings.Repeat("x", 36), "<b>"} {
		p = ask(map[string]any{"tags": []string{"buona", bad}})
		require.Equal(t, []string{"INVALID"}, userErrorCodes(p), "%q", bad)
		require.Equal(t, []string{"tags"}, userErrorFields(p), "%q", bad)
	}

	// References.
	p = ask(map[string]any{"serviceArea": "non-esiste"})
	require.Equal(t, []string{"INVALID"}, userErrorCodes(p))
	require.Equal(t, []string{"serviceAreaSlug"}, userErrorFields(p))
	require.Equal(t, "Area di servizio sconosciuta.", dig(p, "userErrors", 0, "message"))

	// Body.
	for _, body := range []string{"", "   \n\t "} {
		p = ask(map[string]any{"body": body})
		require.Equal(t, []string{"REQUIRED"}, userErrorCodes(p), "%q", body)
		require.Equal(t, []string{"body"}, userErrorFields(p))
	}
	p = ask(map[string]any{"body": strings.Repeat("a", 50_001)})
	require.Equal(t, []string{"TOO_LARGE"}, userErrorCodes(p))

	// Several problems are reported together.
	p = ask(map[string]any{"title": "corto", "body": " ", "tags": []string{"c++"}, "serviceArea": "non-esiste"})
	require.ElementsMatch(t, []string{"title", "body", "tags", "serviceAreaSlug"}, userErrorFields(p))

	require.Equal(t, total+3, questionsTotal(t, s), "only the three valid questions were written")
}

func TestAskQuestionRegion(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	tok := s.login(t, operator)
	regions := s.ok(t, "", `{ regions { id name } }`, nil)
	var piemonte string
	for _, r := range dig(regions, "regions").([]any) {
		if dig(r, "name") == "Piemonte" {
			piemonte = dig(r, "id").(string)
		}
	}
	require.NotEmpty(t, piemonte)
	centers := s.ok(t, "", `{ centers(first: 1) { edges { node { id } } } }`, nil)
	center := dig(centers, "centers", "edges", 0, "node", "id").(string)

	const q = `mutation($regionId: ID) { askQuestion(input: { title: "Domanda con regione", body: "Testo", regionId: $regionId }) {
	  question { region { id name } } userErrors { field message code } } }`
	// Default: the asker's region.
	d := s.ok(t, tok, q, nil)
	require.Equal(t, "Liguria", dig(d, "askQuestion", "question", "region", "name"))
	d = s.ok(t, tok, q, map[string]any{"regionId": piemonte})
	require.Equal(t, piemonte, dig(d, "askQuestion", "question", "region", "id"))
	for _, bad := range []string{testGlobalID("Region", 999999), center, "xyz"} {
		d = s.ok(t, tok, q, map[string]any{"regionId": bad})
		require.Equal(t, []string{"regionId"}, userErrorFields(dig(d, "askQuestion")), bad)
		require.Nil(t, dig(d, "askQuestion", "question"))
	}
}

func TestInvalidIDsAreUserErrors(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	// Writes are rate limited per user (60 a minute): the calls are spread over accounts.
	op := s.login(t, operator)
	tr := s.login(t, trainer)
	co := s.login(t, coordinator)
	mod := s.login(t, moderator)
	adm := s.login(t, admin)
	d := s.ok(t, "", `{ centers(first: 1) { edges { node { id } } } regions { id } }`, nil)
	center := dig(d, "centers", "edges", 0, "node", "id").(string)
	region := dig(d, "regions", 0, "id").(string)
	qid := mustAsk(t, s, op, "Domanda per gli id sbagliati", nil)
	aid := mustAnswer(t, s, tr, qid, "Una risposta")

	wrong := []string{center, region, "xyz", "", "!!!", testGlobalID("Question", 0), base64.RawURLEncoding.EncodeToString([]byte("Question:-3")),
		base64.RawURLEncoding.EncodeToString([]byte("Question:abc")), testGlobalID("Nope", 1)}
	type call struct {
		name, query, field string
		token              string
		vars               func(id string) map[string]any
		unknown            string // a well-formed id of the right kind that does not exist
	}
	calls := []call{
		{"answerQuestion", answerMutation, "questionId", op, func(id string) map[string]any { return map[string]any{"questionId": id, "body": "Testo"} }, testGlobalID("Question", 999999)},
		{"answerQuestion", answerMutation, "questionId", op, func(id string) map[string]any { return map[string]any{"questionId": id, "body": "Testo"} }, aid},
		{"vote", voteMutation, "postId", co, func(id string) map[string]any { return map[string]any{"postId": id, "value": "UP"} }, testGlobalID("Answer", 999999)},
		{"vote", voteMutation, "postId", co, func(id string) map[string]any { return map[string]any{"postId": id, "value": "UP"} }, testGlobalID("Question", 999999)},
		{"acceptAnswer", acceptMutation, "answerId", op, func(id string) map[string]any { return map[string]any{"answerId": id} }, testGlobalID("Answer", 999999)},
		{"acceptAnswer", acceptMutation, "answerId", op, func(id string) map[string]any { return map[string]any{"answerId": id} }, qid},
		{"addComment", commentMutation, "postId", tr, func(id string) map[string]any { return map[string]any{"id": id, "body": "Commento"} }, testGlobalID("Answer", 999999)},
		{"editQuestion", editQuestionMutation, "questionId", mod, func(id string) map[string]any { return map[string]any{"id": id, "title": "Nuovo titolo lungo"} }, testGlobalID("Question", 999999)},
		{"editQuestion", editQuestionMutation, "questionId", mod, func(id string) map[string]any { return map[string]any{"id": id, "title": "Nuovo titolo lungo"} }, aid},
		{"editAnswer", editAnswerMutation, "answerId", mod, func(id string) map[string]any { return map[string]any{"id": id, "body": "Nuovo testo"} }, testGlobalID("Answer", 999999)},
		{"editAnswer", editAnswerMutation, "answerId", mod, func(id string) map[string]any { return map[string]any{"id": id, "body": "Nuovo testo"} }, qid},
		{"closeQuestion", closeMutation, "questionId", adm, func(id string) map[string]any { return map[string]any{"id": id} }, testGlobalID("Question", 999999)},
		{"reopenQuestion", reopenMutation, "questionId", adm, func(id string) map[string]any { return map[string]any{"id": id} }, testGlobalID("Question", 999999)},
	}
	for _, c := range calls {
		for _, id := range append(wrong, c.unknown) {
			p := payloadOf(t, s, c.token, c.name, c.query, c.vars(id))
			codes := userErrorCodes(p)
			require.Len(t, codes, 1, "%s(%q): %v", c.name, id, p)
			require.Contains(t, []string{"NOT_FOUND", "INVALID"}, codes[0], "%s(%q)", c.name, id)
			require.Equal(t, []string{c.field}, userErrorFields(p), "%s(%q)", c.name, id)
		}
	}
	// Nothing happened to the real question.
	st := s.ok(t, "", questionState, map[string]any{"id": qid})
	require.EqualValues(t, 1, dig(st, "node", "answerCount"))
	require.EqualValues(t, 0, dig(st, "node", "score"))
	require.Empty(t, dig(st, "node", "comments"))
}

func TestEditQuestionKeepsRevisions(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true, OpenSignup: true})
	author := s.login(t, operator)
	mod := s.login(t, moderator)
	reg := s.ok(t, "", registerMutation, map[string]any{"email": "altra@esempio.it", "password": "una-password-lunga", "displayName": "Altra Operatrice"})
	other := dig(reg, "register", "token").(string)

	qid := mustAsk(t, s, author, "Titolo originale della domanda", map[string]any{"body": "Corpo originale", "tags": []string{"prima", "seconda"}})
	before := dig(s.ok(t, "", questionState, map[string]any{"id": qid}), "node")

	p := payloadOf(t, s, author, "editQuestion", editQuestionMutation, map[string]any{"id": qid, "title": "Titolo corretto dall'autrice"})
	require.Empty(t, userErrorCodes(p), "%v", p)
	require.Equal(t, "Titolo corretto dall'autrice", dig(p, "question", "title"))
	require.Equal(t, "Corpo originale", dig(p, "question", "body"), "fields left out stay as they are")
	require.Equal(t, []any{"prima", "seconda"}, dig(p, "question", "tags"))
	require.Equal(t, []any{map[string]any{
		"title": "Titolo originale della domanda", "body": "Corpo originale", "tags": []any{"prima", "seconda"},
		"editor": map[string]any{"displayName": "Operatrice CpF La Spezia"},
	}}, dig(p, "question", "revisions"))

	// Another operator and a trainer may not edit it; nothing changes.
	for _, tok := range []string{other, s.login(t, trainer)} {
		p = payloadOf(t, s, tok, "editQuestion", editQuestionMutation, map[string]any{"id": qid, "title": "Titolo di qualcun altro"})
		require.Equal(t, []string{"FORBIDDEN"}, userErrorCodes(p))
		require.Nil(t, dig(p, "question"))
	}
	// An invalid edit changes nothing either.
	p = payloadOf(t, s, author, "editQuestion", editQuestionMutation, map[string]any{"id": qid, "title": "corto", "body": " "})
	require.ElementsMatch(t, []string{"title", "body"}, userErrorFields(p))

	// A moderator may.
	p = payloadOf(t, s, mod, "editQuestion", editQuestionMutation, map[string]any{"id": qid, "body": "Corpo moderato", "tags": []string{"Terza"}})
	require.Empty(t, userErrorCodes(p), "%v", p)
	require.Equal(t, "Corpo moderato", dig(p, "question", "body"))
	require.Equal(t, []any{"terza"}, dig(p, "question", "tags"))

	after := dig(s.ok(t, "", questionState, map[string]any{"id": qid}), "node")
	revs := dig(after, "revisions").([]any)
	require.Len(t, revs, 2, "one revision per accepted edit")
	require.Equal(t, "Titolo corretto dall'autrice", dig(revs[1], "title"))
	require.Equal(t, "Corpo originale", dig(revs[1], "body"))
	require.Equal(t, []any{"prima", "seconda"}, dig(revs[1], "tags"))
	require.Equal(t, "Moderazione Gemella", dig(revs[1], "editor", "displayName"))
	require.Equal(t, "Titolo corretto dall'autrice", dig(after, "title"))
	require.NotEqual(t, dig(before, "updatedAt"), dig(after, "updatedAt"))
	require.NotEqual(t, dig(before, "lastActivityAt"), dig(after, "lastActivityAt"))
}

func TestEditAnswerKeepsRevisions(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	asker := s.login(t, operator)
	author := s.login(t, trainer)
	mod := s.login(t, moderator)
	qid := mustAsk(t, s, asker, "Domanda con una risposta da correggere", nil)
	aid := mustAnswer(t, s, author, qid, "Prima *versione*")

	p := payloadOf(t, s, author, "editAnswer", editAnswerMutation, map[string]any{"id": aid, "body": "Seconda **versione**"})
	require.Empty(t, userErrorCodes(p), "%v", p)
	require.Equal(t, "Seconda **versione**", dig(p, "answer", "body"))
	require.Contains(t, dig(p, "answer", "bodyHTML"), "<strong>versione</strong>")
	require.Equal(t, []any{map[string]any{
		"title": nil, "body": "Prima *versione*", "tags": nil, "editor": map[string]any{"displayName": "Formatrice CpF Rimini"},
	}}, dig(p, "answer", "revisions"))

	// The question's author is not the answer's author.
	for _, tok := range []string{asker, s.login(t, coordinator)} {
		p = payloadOf(t, s, tok, "editAnswer", editAnswerMutation, map[string]any{"id": aid, "body": "Riscritta da altri"})
		require.Equal(t, []string{"FORBIDDEN"}, userErrorCodes(p))
		require.Nil(t, dig(p, "answer"))
	}
	p = payloadOf(t, s, author, "editAnswer", editAnswerMutation, map[string]any{"id": aid, "body": "  "})
	require.Equal(t, []string{"REQUIRED"}, userErrorCodes(p))

	p = payloadOf(t, s, mod, "editAnswer", editAnswerMutation, map[string]any{"id": aid, "body": "Versione moderata"})
	require.Empty(t, userErrorCodes(p), "%v", p)
	revs := dig(p, "answer", "revisions").([]any)
	require.Len(t, revs, 2)
	require.Equal(t, "Seconda **versione**", dig(revs[1], "body"))
	require.Equal(t, "Moderazione Gemella", dig(revs[1], "editor", "displayName"))
	page := s.ok(t, "", questionPage, map[string]any{"id": qid})
	require.Equal(t, "<p>Versione moderata</p>", strings.TrimSpace(dig(page, "node", "answers", "edges", 0, "node", "bodyHTML").(string)))
}

func TestCommentsOnQuestionsAndAnswers(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	op := s.login(t, operator)
	tr := s.login(t, trainer)
	qid := mustAsk(t, s, op, "Domanda da commentare bene", nil)
	aid := mustAnswer(t, s, tr, qid, "Risposta da commentare")

	p := payloadOf(t, s, tr, "addComment", commentMutation, map[string]any{"id": qid, "body": "Puoi precisare la *zona*?"})
	require.Empty(t, userErrorCodes(p))
	c1 := dig(p, "comment", "id").(string)
	require.Contains(t, dig(p, "comment", "bodyHTML"), "<em>zona</em>")
	require.Equal(t, "Formatrice CpF Rimini", dig(p, "comment", "author", "displayName"))
	p = payloadOf(t, s, op, "addComment", commentMutation, map[string]any{"id": qid, "body": "Liguria, provincia della Spezia."})
	c2 := dig(p, "comment", "id").(string)
	p = payloadOf(t, s, op, "addComment", commentMutation, map[string]any{"id": aid, "body": "Grazie!"})
	c3 := dig(p, "comment", "id").(string)

	for _, bad := range []string{"", "   ", strings.Repeat("a", 2001)} {
		p = payloadOf(t, s, op, "addComment", commentMutation, map[string]any{"id": qid, "body": bad})
		require.Equal(t, []string{"INVALID"}, userErrorCodes(p))
		require.Equal(t, []string{"body"}, userErrorFields(p))
	}
	p = payloadOf(t, s, op, "addComment", commentMutation, map[string]any{"id": aid, "body": strings.Repeat("à", 2000)})
	require.Empty(t, userErrorCodes(p), "2000 runes are allowed")

	d := s.ok(t, "", `query($q: ID!, $a: ID!) {
	  q: node(id: $q) { ... on Question { comments { id body author { displayName } } } }
	  a: node(id: $a) { ... on Answer { comments { id body author { displayName } } } }
	}`, map[string]any{"q": qid, "a": aid})
	qc := dig(d, "q", "comments").([]any)
	require.Len(t, qc, 2)
	require.Equal(t, c1, dig(qc[0], "id"), "oldest first")
	require.Equal(t, c2, dig(qc[1], "id"))
	require.Equal(t, "Liguria, provincia della Spezia.", dig(qc[1], "body"))
	require.Equal(t, "Operatrice CpF La Spezia", dig(qc[1], "author", "displayName"))
	ac := dig(d, "a", "comments").([]any)
	require.Len(t, ac, 2)
	require.Equal(t, c3, dig(ac[0], "id"))

	// A comment is a node of its own.
	d = s.ok(t, "", `query($id: ID!) { node(id: $id) { __typename ... on Comment { id body } } }`, map[string]any{"id": c3})
	require.Equal(t, "Comment", dig(d, "node", "__typename"))
	require.Equal(t, "Grazie!", dig(d, "node", "body"))
}

func TestCloseAndReopenQuestion(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	op := s.login(t, operator)
	tr := s.login(t, trainer)
	mod := s.login(t, moderator)
	qid := mustAsk(t, s, op, "Domanda da chiudere e riaprire", nil)

	for _, tok := range []string{op, tr, s.login(t, coordinator)} {
		p := payloadOf(t, s, tok, "closeQuestion", closeMutation, map[string]any{"id": qid})
		require.Equal(t, []string{"FORBIDDEN"}, userErrorCodes(p))
		require.Nil(t, dig(p, "question"))
	}
	p := payloadOf(t, s, mod, "closeQuestion", closeMutation, map[string]any{"id": qid, "reason": strings.Repeat("x", 501)})
	require.Equal(t, []string{"reason"}, userErrorFields(p))

	p = payloadOf(t, s, mod, "closeQuestion", closeMutation, map[string]any{"id": qid, "reason": "Duplicato"})
	require.Empty(t, userErrorCodes(p), "%v", p)
	require.Equal(t, true, dig(p, "question", "closed"))
	require.NotNil(t, dig(p, "question", "closedAt"))

	p = payloadOf(t, s, tr, "answerQuestion", answerMutation, map[string]any{"questionId": qid, "body": "Troppo tardi"})
	require.Equal(t, []string{"FORBIDDEN"}, userErrorCodes(p))
	require.Equal(t, []string{"questionId"}, userErrorFields(p))
	require.Equal(t, "La domanda è chiusa: non accetta nuove risposte.", dig(p, "userErrors", 0, "message"))
	require.Nil(t, dig(p, "answer"))

	p = payloadOf(t, s, mod, "closeQuestion", closeMutation, map[string]any{"id": qid})
	require.Equal(t, []string{"CONFLICT"}, userErrorCodes(p))

	p = payloadOf(t, s, op, "reopenQuestion", reopenMutation, map[string]any{"id": qid})
	require.Equal(t, []string{"FORBIDDEN"}, userErrorCodes(p))
	st := s.ok(t, "", questionState, map[string]any{"id": qid})
	require.Equal(t, true, dig(st, "node", "closed"))
	require.EqualValues(t, 0, dig(st, "node", "answerCount"))

	p = payloadOf(t, s, mod, "reopenQuestion", reopenMutation, map[string]any{"id": qid})
	require.Empty(t, userErrorCodes(p))
	require.Equal(t, false, dig(p, "question", "closed"))
	require.Nil(t, dig(p, "question", "closedAt"))
	p = payloadOf(t, s, mod, "reopenQuestion", reopenMutation, map[string]any{"id": qid})
	require.Equal(t, []string{"CONFLICT"}, userErrorCodes(p))

	mustAnswer(t, s, tr, qid, "Ora si può rispondere")
	st = s.ok(t, "", questionState, map[string]any{"id": qid})
	require.EqualValues(t, 1, dig(st, "node", "answerCount"))

	// ADMIN holds every role.
	p = payloadOf(t, s, s.login(t, admin), "closeQuestion", closeMutation, map[string]any{"id": qid})
	require.Empty(t, userErrorCodes(p))
	require.Equal(t, true, dig(p, "question", "closed"))
}

func TestViewerVote(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	op := s.login(t, operator)
	tr := s.login(t, trainer)
	co := s.login(t, coordinator)
	qid := mustAsk(t, s, op, "Domanda per i voti del lettore", nil)
	aid := mustAnswer(t, s, tr, qid, "Risposta da votare")

	const view = `query($q: ID!, $a: ID!) {
	  q: node(id: $q) { ... on Question { score viewerVote } }
	  a: node(id: $a) { ... on Answer { score viewerVote } }
	}`
	vv := func(token string) (any, any) {
		d := s.ok(t, token, view, map[string]any{"q": qid, "a": aid})
		return dig(d, "q", "viewerVote"), dig(d, "a", "viewerVote")
	}
	q, a := vv(tr)
	require.Nil(t, q)
	require.Nil(t, a)

	d := s.ok(t, tr, `mutation($id: ID!) { vote(input: { postId: $id, value: UP }) { score post { __typename ... on Question { viewerVote } } userErrors { code } } }`,
		map[string]any{"id": qid})
	require.EqualValues(t, 1, dig(d, "vote", "score"))
	require.Equal(t, "Question", dig(d, "vote", "post", "__typename"))
	require.Equal(t, "UP", dig(d, "vote", "post", "viewerVote"))
	s.ok(t, co, voteMutation, map[string]any{"postId": aid, "value": "DOWN"})

	q, a = vv(tr)
	require.Equal(t, "UP", q)
	require.Nil(t, a, "own answer: no vote")
	q, a = vv(co)
	require.Nil(t, q)
	require.Equal(t, "DOWN", a)
	q, a = vv("")
	require.Nil(t, q, "anonymous")
	require.Nil(t, a, "anonymous")
	q, a = vv(op)
	require.Nil(t, q)
	require.Nil(t, a)

	s.ok(t, tr, voteMutation, map[string]any{"postId": qid, "value": "DOWN"})
	q, _ = vv(tr)
	require.Equal(t, "DOWN", q)
	d = s.ok(t, "", view, map[string]any{"q": qid, "a": aid})
	require.EqualValues(t, -1, dig(d, "q", "score"))
	require.EqualValues(t, -1, dig(d, "a", "score"))

	s.ok(t, tr, voteMutation, map[string]any{"postId": qid, "value": "NONE"})
	q, _ = vv(tr)
	require.Nil(t, q)
	d = s.ok(t, "", view, map[string]any{"q": qid, "a": aid})
	require.EqualValues(t, 0, dig(d, "q", "score"))
}

func TestAcceptAndAnswerCount(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	op := s.login(t, operator)
	tr := s.login(t, trainer)
	co := s.login(t, coordinator)
	qid := mustAsk(t, s, op, "Domanda per accettare una risposta", map[string]any{"tags": []string{"accettazione"}})

	const count = `query($id: ID!) { node(id: $id) { ... on Question { answerCount answers(first: 10) { totalCount } } }
	  questions(filter: { tag: "accettazione" }) { edges { node { answerCount } } } }`
	counts := func() (any, any, any) {
		d := s.ok(t, "", count, map[string]any{"id": qid})
		return dig(d, "node", "answerCount"), dig(d, "node", "answers", "totalCount"), dig(d, "questions", "edges", 0, "node", "answerCount")
	}
	a, b, c := counts()
	require.EqualValues(t, []any{0.0, 0.0, 0.0}, []any{a, b, c})
	a1 := mustAnswer(t, s, tr, qid, "Prima risposta")
	a, b, c = counts()
	require.EqualValues(t, []any{1.0, 1.0, 1.0}, []any{a, b, c})
	a2 := mustAnswer(t, s, co, qid, "Seconda risposta")
	a, b, c = counts()
	require.EqualValues(t, []any{2.0, 2.0, 2.0}, []any{a, b, c})

	const accepted = `query($a: ID!, $b: ID!) { a: node(id: $a) { ... on Answer { accepted } } b: node(id: $b) { ... on Answer { accepted } } }`
	p := payloadOf(t, s, op, "acceptAnswer", acceptMutation, map[string]any{"answerId": a1})
	require.Equal(t, a1, dig(p, "question", "acceptedAnswer", "id"))
	d := s.ok(t, "", accepted, map[string]any{"a": a1, "b": a2})
	require.Equal(t, true, dig(d, "a", "accepted"))
	require.Equal(t, false, dig(d, "b", "accepted"))

	p = payloadOf(t, s, tr, "acceptAnswer", acceptMutation, map[string]any{"answerId": a2})
	require.Equal(t, []string{"FORBIDDEN"}, userErrorCodes(p), "only the asker accepts")
	p = payloadOf(t, s, s.login(t, moderator), "acceptAnswer", acceptMutation, map[string]any{"answerId": a2})
	require.Equal(t, []string{"FORBIDDEN"}, userErrorCodes(p), "not even a moderator")

	p = payloadOf(t, s, op, "acceptAnswer", acceptMutation, map[string]any{"answerId": a2})
	require.Equal(t, a2, dig(p, "question", "acceptedAnswer", "id"))
	d = s.ok(t, "", accepted, map[string]any{"a": a1, "b": a2})
	require.Equal(t, false, dig(d, "a", "accepted"))
	require.Equal(t, true, dig(d, "b", "accepted"))
	a, b, c = counts()
	require.EqualValues(t, []any{2.0, 2.0, 2.0}, []any{a, b, c}, "accepting does not change the count")

	const unaccept = `mutation($q: ID!) { unacceptAnswer(input: {questionId: $q}) { question { id acceptedAnswer { id } } userErrors { field code } } }`
	p = payloadOf(t, s, tr, "unacceptAnswer", unaccept, map[string]any{"q": qid})
	require.Equal(t, []string{"FORBIDDEN"}, userErrorCodes(p), "only the asker un-accepts")
	p = payloadOf(t, s, op, "unacceptAnswer", unaccept, map[string]any{"q": qid})
	require.Empty(t, userErrorCodes(p))
	require.Nil(t, dig(p, "question", "acceptedAnswer"))
	d = s.ok(t, "", accepted, map[string]any{"a": a1, "b": a2})
	require.Equal(t, false, dig(d, "a", "accepted"))
	require.Equal(t, false, dig(d, "b", "accepted"))
}

func TestWritesAreRateLimitedPerUser(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	tok := s.login(t, operator)
	other := s.login(t, trainer)
	comment := `mutation($p: ID!) { addComment(input: { postId: $p, body: "Grazie!" }) { comment { id } userErrors { code } } }`
	q := dig(s.ok(t, "", `{ questions(first: 1) { edges { node { id } } } }`, nil), "questions", "edges", 0, "node", "id")
	for range 60 {
		s.ok(t, tok, comment, map[string]any{"p": q})
	}
	r := s.do(t, tok, comment, map[string]any{"p": q})
	require.NotEmpty(t, r.Errors, string(r.Raw))
	require.Equal(t, "RATE_LIMITED", r.Errors[0].Extensions["code"])
	require.Nil(t, dig(r.Data, "addComment"))
	// Another user is not affected, and reads go on.
	s.ok(t, other, comment, map[string]any{"p": q})
	s.ok(t, tok, `{ me { id } }`, nil)
}

// TestHistoriesAndNodesAreBounded: a post's history shows its newest paging.HistorySize
// versions, oldest first, however often it was edited, and nodes(ids:) takes a page of ids:
// a query under the complexity limit cannot ask for one long history hundreds of times.
func TestHistoriesAndNodesAreBounded(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	tok := s.login(t, operator)
	q := mustAsk(t, s, tok, "Una domanda corretta molte volte", nil)
	for i := range 12 {
		d := s.ok(t, tok, editQuestionMutation, map[string]any{"id": q, "body": "Versione " + strconv.Itoa(i+1) + " del testo."})
		require.Empty(t, userErrorCodes(dig(d, "editQuestion")))
	}
	d := s.ok(t, tok, questionState, map[string]any{"id": q})
	revisions := dig(d, "node", "revisions").([]any)
	require.Len(t, revisions, 10)
	require.Equal(t, "Versione 11 del testo.", dig(revisions[9], "body"), "the newest, oldest first")

	ids := make([]string, 101)
	for i := range ids {
		ids[i] = q
	}
	r := s.do(t, "", `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids})
	require.NotEmpty(t, r.Errors, string(r.Raw))
	require.Equal(t, "INVALID", r.Errors[0].Extensions["code"], string(r.Raw))
	r = s.do(t, "", `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Question { revisions { body } } } }`, map[string]any{"ids": ids[:100]})
	require.Empty(t, r.Errors, "a page of ids with their histories: %s", r.Raw)
	many := ""
	for i := range 5 {
		many += fmt.Sprintf(" a%d: nodes(ids: $ids) { ... on Question { revisions { body } } }", i)
	}
	r = s.do(t, "", `query($ids: [ID!]!) {`+many+` }`, map[string]any{"ids": ids[:100]})
	require.NotEmpty(t, r.Errors)
	require.Equal(t, "QUERY_TOO_COMPLEX", r.Errors[0].Extensions["code"], string(r.Raw))
}
