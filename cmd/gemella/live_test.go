package main

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/gid"
)

// The contract's live operations, as in ../shared/contract/operations.graphql.
const (
	postMessageMutation = `mutation PostMessage($threadId: ID!, $body: String!) {
  postMessage(input: { threadId: $threadId, body: $body }) {
    message { id bodyHTML author { displayName } createdAt }
    userErrors { field message code }
  }
}`
	messageAddedSubscription = `subscription MessageAdded($threadId: ID!) {
  messageAdded(threadId: $threadId) { id bodyHTML author { displayName } createdAt }
}`
	messageAddedAfterSubscription = `subscription MessageAddedAfter($threadId: ID!, $after: String!) {
  messageAdded(threadId: $threadId, after: $after) { id cursor bodyHTML createdAt }
}`
	questionActivitySubscription = `subscription QuestionActivity($questionId: ID!) {
  questionActivity(questionId: $questionId) { kind question { id score answerCount acceptedAnswer { id } } }
}`
)

// wsSubscribe starts a subscription and returns its id.
func wsSubscribe(t *testing.T, c *websocket.Conn, id, query string, vars map[string]any) {
	t.Helper()
	require.NoError(t, c.WriteJSON(map[string]any{"id": id, "type": "subscribe", "payload": map[string]any{"query": query, "variables": vars}}))
}

// wsNext reads the next message of a subscription: its data, or fails on anything else.
func wsNext(t *testing.T, c *websocket.Conn, id string) map[string]any {
	t.Helper()
	m := wsRead(t, c)
	require.Equal(t, "next", m["type"], "%v", m)
	require.Equal(t, id, m["id"])
	require.Nil(t, dig(m, "payload", "errors"), "%v", m)
	return dig(m, "payload", "data").(map[string]any)
}

// wsQuiet checks that nothing arrives for a while.
func wsQuiet(t *testing.T, c *websocket.Conn, d time.Duration) {
	t.Helper()
	require.NoError(t, c.SetReadDeadline(time.Now().Add(d)))
	for {
		var m map[string]any
		err := c.ReadJSON(&m)
		if err != nil {
			// The deadline passed: quiet. A connection that times out a read is unusable after.
			return
		}
		if m["type"] != "ka" && m["type"] != "ping" && m["type"] != "pong" {
			t.Fatalf("unexpected message %v", m)
		}
	}
}

func TestLiveAcrossInstances(t *testing.T) {
	t.Parallel()
	writer := newTestServer(t, serverOptions{Seeded: true})
	reader := newTestServer(t, serverOptions{Share: writer})
	op, co := writer.login(t, operator), writer.login(t, coordinator)

	d := writer.ok(t, op, `{ questions(first: 1) { edges { node { id discussion { id } } } } }`, nil)
	questionID := dig(d, "questions", "edges", 0, "node", "id").(string)
	thread := dig(d, "questions", "edges", 0, "node", "discussion", "id").(string)

	// A subscriber on one instance gets, exactly once, what is written through the other.
	c := wsDial(t, reader, "graphql-transport-ws", nil)
	wsInit(t, c, co)
	wsSubscribe(t, c, "m", messageAddedSubscription, map[string]any{"threadId": thread})
	wsSubscribe(t, c, "q", questionActivitySubscription, map[string]any{"questionId": questionID})
	time.Sleep(200 * time.Millisecond) // both are registered
	d = writer.ok(t, op, postMessageMutation, map[string]any{"threadId": thread, "body": "Primo messaggio **dal vivo**."})
	require.Empty(t, userErrorCodes(dig(d, "postMessage")))
	got := wsNext(t, c, "m")
	require.Equal(t, dig(d, "postMessage", "message", "id"), dig(got, "messageAdded", "id"))
	require.Contains(t, dig(got, "messageAdded", "bodyHTML"), "<strong>dal vivo</strong>")

	d = writer.ok(t, op, answerMutation, map[string]any{"questionId": questionID, "body": "Una risposta arrivata dal vivo."})
	require.Empty(t, userErrorCodes(dig(d, "answerQuestion")))
	got = wsNext(t, c, "q")
	require.Equal(t, "ANSWERED", dig(got, "questionActivity", "kind"))
	require.Equal(t, questionID, dig(got, "questionActivity", "question", "id"))

	// Resuming: with the last cursor seen, exactly what committed meanwhile, then the live stream.
	c2 := wsDial(t, reader, "graphql-transport-ws", nil)
	wsInit(t, c2, co)
	wsSubscribe(t, c2, "a", messageAddedAfterSubscription, map[string]any{"threadId": thread, "after": "MC4w"}) // "0.0": from the start
	first := wsNext(t, c2, "a")
	cursor := dig(first, "messageAdded", "cursor").(string)
	require.NoError(t, c2.Close())
	var posted []string
	for i := range 3 {
		d := writer.ok(t, op, postMessageMutation, map[string]any{"threadId": thread, "body": fmt.Sprintf("Messaggio %d mentre era via.", i)})
		posted = append(posted, dig(d, "postMessage", "message", "id").(string))
	}
	c3 := wsDial(t, reader, "graphql-transport-ws", nil)
	wsInit(t, c3, co)
	wsSubscribe(t, c3, "a", messageAddedAfterSubscription, map[string]any{"threadId": thread, "after": cursor})
	for _, id := range posted {
		require.Equal(t, id, dig(wsNext(t, c3, "a"), "messageAdded", "id"), "the gap, in commit order")
	}
	d = writer.ok(t, op, postMessageMutation, map[string]any{"threadId": thread, "body": "E ora di nuovo dal vivo."})
	require.Equal(t, dig(d, "postMessage", "message", "id"), dig(wsNext(t, c3, "a"), "messageAdded", "id"))
	wsQuiet(t, c3, 300*time.Millisecond)

	// The first subscriber saw every message once, in order, and nothing else.
	for _, id := range append(posted, dig(d, "postMessage", "message", "id").(string)) {
		require.Equal(t, id, dig(wsNext(t, c, "m"), "messageAdded", "id"))
	}
}

// TestLiveResponsesSharedOnlyWhereTheyAreTheSame: subscribers of one thread on one
// instance share an event's response only when their operation, variables and viewer are
// the same: a field that depends on the viewer stays each viewer's own.
func TestLiveResponsesSharedOnlyWhereTheyAreTheSame(t *testing.T) {
	t.Parallel()
	writer := newTestServer(t, serverOptions{Seeded: true})
	reader := newTestServer(t, serverOptions{Share: writer})
	op, co := writer.login(t, operator), writer.login(t, coordinator)
	d := writer.ok(t, op, `{ questions(first: 1) { edges { node { discussion { id } } } } }`, nil)
	thread := dig(d, "questions", "edges", 0, "node", "discussion", "id").(string)
	const mine = `subscription($threadId: ID!) { messageAdded(threadId: $threadId) { id viewerCanEdit } }`
	subscribers := map[string]string{"author": op, "author again": op, "other": co, "anonymous": "", "anonymous again": ""}
	conns := map[string]*websocket.Conn{}
	for name, token := range subscribers {
		c := wsDial(t, reader, "graphql-transport-ws", nil)
		wsInit(t, c, token)
		wsSubscribe(t, c, "m", mine, map[string]any{"threadId": thread})
		conns[name] = c
	}
	// Another operation by the same viewer gets its own response too.
	plain := wsDial(t, reader, "graphql-transport-ws", nil)
	wsInit(t, plain, "")
	wsSubscribe(t, plain, "plain", messageAddedSubscription, map[string]any{"threadId": thread})
	time.Sleep(200 * time.Millisecond)
	for round := range 2 {
		d = writer.ok(t, op, postMessageMutation, map[string]any{"threadId": thread, "body": fmt.Sprintf("Chi può modificarlo? (%d)", round)})
		id := dig(d, "postMessage", "message", "id")
		for name, c := range conns {
			got := wsNext(t, c, "m")
			require.Equal(t, id, dig(got, "messageAdded", "id"), name)
			require.Equal(t, strings.HasPrefix(name, "author"), dig(got, "messageAdded", "viewerCanEdit"), name)
		}
		got := wsNext(t, plain, "plain")
		require.Equal(t, id, dig(got, "messageAdded", "id"))
		require.Contains(t, dig(got, "messageAdded", "bodyHTML"), fmt.Sprintf("(%d)", round))
		require.Nil(t, dig(got, "messageAdded", "viewerCanEdit"))
	}
}

func TestLiveRefusesWhatOneMayNotRead(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	other := newTestServer(t, serverOptions{Share: s})
	sp := openRestrictedSpace(t, s)
	outsider := sp.tokens[nonMember]

	c := wsDial(t, other, "graphql-transport-ws", nil)
	wsInit(t, c, outsider)
	wsSubscribe(t, c, "x", messageAddedSubscription, map[string]any{"threadId": sp.discussion})
	m := wsRead(t, c)
	require.Contains(t, []any{"error", "next"}, m["type"], "%v", m)
	require.Contains(t, fmt.Sprint(m["payload"]), "NOT_FOUND", "refused like a thread that does not exist")

	// A member follows the space's thread; removed, the stream ends on the other instance.
	admin := s.login(t, adminCreator)
	inside := sp.tokens[member]
	c2 := wsDial(t, other, "graphql-transport-ws", nil)
	wsInit(t, c2, inside)
	wsSubscribe(t, c2, "t", messageAddedSubscription, map[string]any{"threadId": sp.discussion})
	time.Sleep(200 * time.Millisecond)
	s.ok(t, inside, postMessageMutation, map[string]any{"threadId": sp.discussion, "body": "Riservato ai membri."})
	wsNext(t, c2, "t")
	me := dig(s.ok(t, inside, `{ me { id } }`, nil), "me", "id")
	d := s.ok(t, admin, `mutation($t: ID!, $u: ID!) { removeTwinningMember(input: {twinningId: $t, userId: $u}) { ok userErrors { code } } }`,
		map[string]any{"t": sp.twinning, "u": me})
	require.Equal(t, true, dig(d, "removeTwinningMember", "ok"))
	m = wsRead(t, c2)
	require.Equal(t, "complete", m["type"], "the removal ends the stream: %v", m)
	s.ok(t, sp.tokens[moderatorView], postMessageMutation, map[string]any{"threadId": sp.discussion, "body": "Dopo l'uscita."})
	wsQuiet(t, c2, 300*time.Millisecond)
}

func TestNotificationsArriveLive(t *testing.T) {
	t.Parallel()
	writer := newTestServer(t, serverOptions{Seeded: true})
	reader := newTestServer(t, serverOptions{Share: writer})
	op, co := writer.login(t, operator), writer.login(t, coordinator)
	d := writer.ok(t, op, `{ questions(first: 1) { edges { node { id discussion { id } } } } }`, nil)
	thread := dig(d, "questions", "edges", 0, "node", "discussion", "id").(string)
	questionID := dig(d, "questions", "edges", 0, "node", "id").(string)
	coID := dig(writer.ok(t, co, `{ me { id displayName } }`, nil), "me", "id").(string)

	c := wsDial(t, reader, "graphql-transport-ws", nil)
	wsInit(t, c, co)
	wsSubscribe(t, c, "n", `subscription { notificationAdded { id kind actor { displayName } message { bodyHTML } cursor } }`, nil)
	time.Sleep(200 * time.Millisecond)
	d = writer.ok(t, op, postMessageMutation, map[string]any{"threadId": thread, "body": "Ne parliamo con [@Coordinatrice](mention:" + coID + ")?"})
	require.Empty(t, userErrorCodes(dig(d, "postMessage")))
	n := wsNext(t, c, "n")
	require.Equal(t, "MENTION", dig(n, "notificationAdded", "kind"))
	require.Contains(t, dig(n, "notificationAdded", "message", "bodyHTML"), "@Coordinatrice")
	require.NotContains(t, dig(n, "notificationAdded", "message", "bodyHTML"), "mention:")

	d = writer.ok(t, co, `{ unreadNotificationCount notifications(first: 5) { totalCount edges { node { kind thread { id url } } } } }`, nil)
	require.EqualValues(t, 1, dig(d, "unreadNotificationCount"))
	require.Equal(t, thread, dig(d, "notifications", "edges", 0, "node", "thread", "id"))
	require.Equal(t, "/domande/"+questionID, dig(d, "notifications", "edges", 0, "node", "thread", "url"), "the page the thread belongs to")
	d = writer.ok(t, co, `query($id: ID!) { node(id: $id) { ... on Discussion { unreadCount mentionCount viewerFollows } } }`, map[string]any{"id": thread})
	require.EqualValues(t, 1, dig(d, "node", "unreadCount"))
	require.EqualValues(t, 1, dig(d, "node", "mentionCount"))
	d = writer.ok(t, co, `mutation($t: ID!) { markThreadRead(input: {threadId: $t}) { thread { unreadCount mentionCount } } }`, map[string]any{"t": thread})
	require.EqualValues(t, 0, dig(d, "markThreadRead", "thread", "unreadCount"))
	d = writer.ok(t, co, `{ unreadNotificationCount }`, nil)
	require.EqualValues(t, 0, dig(d, "unreadNotificationCount"), "the mention, read in its thread, is read in the bell too")

	// A notification of a message not read yet stays unread; marked read, it is.
	d = writer.ok(t, op, postMessageMutation, map[string]any{"threadId": thread, "body": "E ancora [@Coordinatrice](mention:" + coID + ")."})
	require.Empty(t, userErrorCodes(dig(d, "postMessage")))
	wsNext(t, c, "n")
	require.EqualValues(t, 1, dig(writer.ok(t, co, `{ unreadNotificationCount }`, nil), "unreadNotificationCount"))
	d = writer.ok(t, co, `mutation { markNotificationsRead(input: {}) { unreadCount } }`, nil)
	require.EqualValues(t, 0, dig(d, "markNotificationsRead", "unreadCount"))
}

func TestLiveEditsDeletionsAndLogout(t *testing.T) {
	t.Parallel()
	writer := newTestServer(t, serverOptions{Seeded: true})
	reader := newTestServer(t, serverOptions{Share: writer})
	op, co := writer.login(t, operator), writer.login(t, coordinator)
	d := writer.ok(t, op, `{ practices(first: 1) { edges { node { discussion { id } } } } }`, nil)
	thread := dig(d, "practices", "edges", 0, "node", "discussion", "id").(string)

	c := wsDial(t, reader, "graphql-transport-ws", nil)
	wsInit(t, c, co)
	wsSubscribe(t, c, "u", `subscription($t: ID!) { messageUpdated(threadId: $t) { id body editedAt reactions { emoji count } } }`, map[string]any{"threadId": thread, "t": thread})
	wsSubscribe(t, c, "d", `subscription($t: ID!) { messageDeleted(threadId: $t) { id deleted body } }`, map[string]any{"t": thread})
	time.Sleep(200 * time.Millisecond)
	d = writer.ok(t, op, postMessageMutation, map[string]any{"threadId": thread, "body": "Da correggere."})
	id := dig(d, "postMessage", "message", "id")
	writer.ok(t, op, `mutation($m: ID!) { editMessage(input: {messageId: $m, body: "Corretto."}) { userErrors { code } } }`, map[string]any{"m": id})
	got := wsNext(t, c, "u")
	require.Equal(t, "Corretto.", dig(got, "messageUpdated", "body"))
	require.NotNil(t, dig(got, "messageUpdated", "editedAt"))
	writer.ok(t, co, `mutation($m: ID!) { react(input: {messageId: $m, emoji: "👍"}) { userErrors { code } } }`, map[string]any{"m": id})
	got = wsNext(t, c, "u")
	require.EqualValues(t, 1, dig(got, "messageUpdated", "reactions", 0, "count"))
	writer.ok(t, op, `mutation($m: ID!) { deleteMessage(input: {messageId: $m}) { userErrors { code } } }`, map[string]any{"m": id})
	got = wsNext(t, c, "d")
	require.Equal(t, true, dig(got, "messageDeleted", "deleted"))
	require.Equal(t, "", dig(got, "messageDeleted", "body"))

	// A logout ends the streams of the session that logged out, on every instance.
	writer.ok(t, co, logoutMutation, nil)
	ended := map[any]bool{}
	for len(ended) < 2 {
		m := wsRead(t, c)
		require.Equal(t, "complete", m["type"], "%v", m)
		ended[m["id"]] = true
	}
}

// TestSharedResultsKeepEachSubscriptionsFrame: the stream writes a shared result itself
// (graph's stream.respond); each subscription still gets it under its own id, with its
// protocol's message type, in the message gqlgen would have written, and in order.
func TestSharedResultsKeepEachSubscriptionsFrame(t *testing.T) {
	t.Parallel()
	writer := newTestServer(t, serverOptions{Seeded: true})
	reader := newTestServer(t, serverOptions{Share: writer})
	op := writer.login(t, operator)
	d := writer.ok(t, op, `{ questions(first: 1) { edges { node { discussion { id } } } } }`, nil)
	thread := dig(d, "questions", "edges", 0, "node", "discussion", "id").(string)
	vars := map[string]any{"threadId": thread}

	two := wsDial(t, reader, "graphql-transport-ws", nil)
	wsInit(t, two, "")
	wsSubscribe(t, two, "a", messageAddedSubscription, vars)
	wsSubscribe(t, two, `"b\"`, messageAddedSubscription, vars) // an id JSON must escape
	legacy := wsDial(t, reader, "graphql-ws", nil)
	wsInit(t, legacy, "")
	require.NoError(t, legacy.WriteJSON(map[string]any{"id": "z", "type": "start",
		"payload": map[string]any{"query": messageAddedSubscription, "variables": vars}}))
	time.Sleep(200 * time.Millisecond)

	var ids []any
	for round := range 3 {
		d = writer.ok(t, op, postMessageMutation, map[string]any{"threadId": thread, "body": fmt.Sprintf("Per tutti (%d)", round)})
		ids = append(ids, dig(d, "postMessage", "message", "id"))
	}
	frame := func(c *websocket.Conn) map[string]any {
		var raw []byte
		var m map[string]any
		for m == nil || m["type"] == "ka" { // graphql-ws keeps the connection alive so
			_, b, err := c.ReadMessage()
			require.NoError(t, err)
			m, raw = nil, b
			require.NoError(t, json.Unmarshal(raw, &m), "%s", raw)
		}
		require.ElementsMatch(t, []string{"payload", "id", "type"}, slices.Collect(maps.Keys(m)), "%s", raw)
		require.ElementsMatch(t, []string{"data"}, slices.Collect(maps.Keys(m["payload"].(map[string]any))), "%s", raw)
		return m
	}
	got := map[any][]any{}
	for range 2 * len(ids) {
		m := frame(two)
		require.Equal(t, "next", m["type"])
		got[m["id"]] = append(got[m["id"]], dig(m, "payload", "data", "messageAdded", "id"))
	}
	for range ids {
		m := frame(legacy)
		require.Equal(t, "data", m["type"])
		got[m["id"]] = append(got[m["id"]], dig(m, "payload", "data", "messageAdded", "id"))
	}
	require.Equal(t, map[any][]any{"a": ids, `"b\"`: ids, "z": ids}, got)
}

// TestLiveStreamsEndWhereAccessNarrows: every change that leaves a subscriber unable to
// read what it follows ends its stream, on the other instance, before anything written
// afterwards reaches it: a space closed to more people (anonymous readers and non-members
// of what was open), a cancelled registration (a workshop's thread is its participants'),
// a logout (the notifications of the session too). Those who may still read keep theirs;
// a guideline's new version stays in its space with its thread.
func TestLiveStreamsEndWhereAccessNarrows(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	other := newTestServer(t, serverOptions{Share: s})
	sp := openRestrictedSpace(t, s)
	admin := s.login(t, adminCreator)
	follow := func(token, threadID string) *websocket.Conn {
		c := wsDial(t, other, "graphql-transport-ws", nil)
		wsInit(t, c, token)
		wsSubscribe(t, c, "t", messageAddedSubscription, map[string]any{"threadId": threadID})
		return c
	}
	ended := func(c *websocket.Conn, who string) {
		t.Helper()
		m := wsRead(t, c)
		require.Equal(t, "complete", m["type"], "%s: %v", who, m)
	}
	post := func(token, threadID, body string) {
		t.Helper()
		d := s.ok(t, token, postMessageMutation, map[string]any{"threadId": threadID, "body": body})
		require.Empty(t, userErrorCodes(dig(d, "postMessage")))
	}

	// The space, opened to everyone, then restricted again.
	d := s.ok(t, admin, `mutation($t: ID!, $v: SpaceVisibility!) { setTwinningVisibility(input: {twinningId: $t, visibility: $v}) { userErrors { code } } }`,
		map[string]any{"t": sp.twinning, "v": "OPEN"})
	require.Empty(t, userErrorCodes(dig(d, "setTwinningVisibility")))
	anon, outsider, inside := follow("", sp.discussion), follow(sp.tokens[nonMember], sp.discussion), follow(sp.tokens[member], sp.discussion)
	time.Sleep(200 * time.Millisecond)
	post(sp.tokens[member], sp.discussion, "Ancora aperto a tutti.")
	for _, c := range []*websocket.Conn{anon, outsider, inside} {
		wsNext(t, c, "t")
	}
	d = s.ok(t, admin, `mutation($t: ID!, $v: SpaceVisibility!) { setTwinningVisibility(input: {twinningId: $t, visibility: $v}) { userErrors { code } } }`,
		map[string]any{"t": sp.twinning, "v": "RESTRICTED"})
	require.Empty(t, userErrorCodes(dig(d, "setTwinningVisibility")))
	post(sp.tokens[member], sp.discussion, "Ora solo per i membri.")
	ended(anon, "anonymous")
	ended(outsider, "non-member")
	require.Contains(t, dig(wsNext(t, inside, "t"), "messageAdded", "bodyHTML"), "solo per i membri", "a member keeps the stream")
	wsQuiet(t, anon, 200*time.Millisecond)
	wsQuiet(t, outsider, 200*time.Millisecond)

	// A workshop's participant who cancels.
	tr, op := s.login(t, trainer), s.login(t, coordinator)
	d = s.ok(t, tr, publishWorkshopMutation, map[string]any{"input": workshopInput(map[string]any{"capacity": 5})})
	require.Empty(t, userErrorCodes(dig(d, "publishWorkshop")))
	workshopID := dig(d, "publishWorkshop", "workshop", "id")
	wthread := dig(d, "publishWorkshop", "workshop", "discussion", "id").(string)
	d = s.ok(t, op, registerMutation2, map[string]any{"workshopId": workshopID})
	require.Equal(t, "CONFIRMED", dig(d, "registerForWorkshop", "registration", "status"))
	participant := follow(op, wthread)
	time.Sleep(200 * time.Millisecond)
	post(tr, wthread, "Benvenuti al laboratorio.")
	wsNext(t, participant, "t")
	s.ok(t, op, cancelRegistrationMutation, map[string]any{"workshopId": workshopID})
	post(tr, wthread, "Solo per chi partecipa.")
	ended(participant, "a cancelled participant")

	// A guideline's new version stays in its space, and so does its thread: moved out, it
	// would have shown everyone what the members wrote there.
	importMutation := `mutation($file: Upload!, $t: ID, $g: ID) { importGuideline(input: {file: $file, title: "", twinningId: $t, guidelineId: $g}) {
	    guideline { id discussion { id } } userErrors { field code } } }`
	r := s.upload(t, admin, importMutation, map[string]any{"t": sp.twinning, "g": nil}, "riservata.md", []byte("# Nota riservata\n\nPer i membri.\n"))
	require.Empty(t, r.Errors, string(r.Raw))
	require.Empty(t, userErrorCodes(dig(r.Data, "importGuideline")), string(r.Raw))
	g := dig(r.Data, "importGuideline", "guideline", "id")
	gthread := dig(r.Data, "importGuideline", "guideline", "discussion", "id").(string)
	reader := follow(sp.tokens[member], gthread)
	time.Sleep(200 * time.Millisecond)
	r = s.upload(t, admin, importMutation, map[string]any{"t": nil, "g": g}, "seconda.md", []byte("# Nota riservata\n\nSeconda versione.\n"))
	require.Empty(t, userErrorCodes(dig(r.Data, "importGuideline")), string(r.Raw))
	elsewhere := openRestrictedSpace(t, s)
	r = s.upload(t, admin, importMutation, map[string]any{"t": elsewhere.twinning, "g": g}, "altrove.md", []byte("# Nota riservata\n\nAltrove.\n"))
	require.Equal(t, []string{"INVALID"}, userErrorCodes(dig(r.Data, "importGuideline")), string(r.Raw))
	post(sp.tokens[member], gthread, "Dentro lo spazio.")
	require.Contains(t, dig(wsNext(t, reader, "t"), "messageAdded", "bodyHTML"), "Dentro lo spazio")
	for _, id := range []any{g, gthread} {
		d = s.ok(t, "", `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id})
		require.Nil(t, dig(d, "node"), "still the space's")
	}

	// A logout ends the session's notifications too.
	c := wsDial(t, other, "graphql-transport-ws", nil)
	wsInit(t, c, sp.tokens[member])
	wsSubscribe(t, c, "n", `subscription { notificationAdded { id } }`, nil)
	time.Sleep(200 * time.Millisecond)
	s.ok(t, sp.tokens[member], logoutMutation, nil)
	ended(c, "the notifications of a session that logged out")
}

// TestLiveResumeStopsWhereAccessEnds: a member resuming from an old cursor reads a long
// gap slowly, and is removed from the space meanwhile; what is written after the removal
// never reaches them, and the stream ends.
func TestLiveResumeStopsWhereAccessEnds(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	other := newTestServer(t, serverOptions{Share: s})
	sp := openRestrictedSpace(t, s)
	inside := sp.tokens[member]
	d := s.ok(t, inside, `mutation($t: ID!) { postMessage(input: {threadId: $t, body: "Primo."}) { message { cursor } } }`,
		map[string]any{"t": sp.discussion})
	first := dig(d, "postMessage", "message", "cursor").(string)
	// Far more than the sockets' buffers hold (the reader's kept small), so that the gap
	// is still being written when the removal commits.
	const gap = 1500
	_, thread, _ := gid.Decode(sp.discussion)
	_, err := s.app.pool.Exec(context.Background(), `INSERT INTO messages (discussion_id, author_id, body)
		SELECT $1, m.author_id, repeat('Storico. ', 1000) FROM (SELECT author_id FROM messages WHERE discussion_id = $1 LIMIT 1) m,
		generate_series(1, $2::int)`, thread, gap)
	require.NoError(t, err)

	d2 := websocket.Dialer{Subprotocols: []string{"graphql-transport-ws"}, HandshakeTimeout: 5 * time.Second,
		NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			conn, err := (&net.Dialer{}).DialContext(ctx, network, addr)
			if err == nil {
				err = conn.(*net.TCPConn).SetReadBuffer(16 << 10)
			}
			return conn, err
		}}
	c, res, err := d2.Dial("ws"+strings.TrimPrefix(other.URL, "http")+"/graphql", nil)
	require.NoError(t, err)
	res.Body.Close()
	defer c.Close()
	require.NoError(t, c.SetReadDeadline(time.Now().Add(30*time.Second)))
	wsInit(t, c, inside)
	wsSubscribe(t, c, "t", messageAddedAfterSubscription, map[string]any{"threadId": sp.discussion, "after": first})
	time.Sleep(300 * time.Millisecond) // the gap fills the socket's buffers
	me := dig(s.ok(t, inside, `{ me { id } }`, nil), "me", "id")
	d = s.ok(t, s.login(t, adminCreator), `mutation($t: ID!, $u: ID!) { removeTwinningMember(input: {twinningId: $t, userId: $u}) { ok } }`,
		map[string]any{"t": sp.twinning, "u": me})
	require.Equal(t, true, dig(d, "removeTwinningMember", "ok"))
	s.ok(t, sp.tokens[moderatorView], postMessageMutation, map[string]any{"threadId": sp.discussion, "body": "Dopo la rimozione."})
	got := 0
	for {
		m := wsRead(t, c)
		if m["type"] == "complete" {
			break
		}
		require.Equal(t, "next", m["type"], "%v", m)
		require.NotContains(t, fmt.Sprint(m["payload"]), "Dopo la rimozione")
		got++
	}
	t.Logf("%d of the gap's %d messages arrived before the removal ended the stream", got, gap)
	require.Less(t, got, gap, "the gap stopped at the removal")
}

// TestLiveStreamEndsWithItsSession: a session that runs out while its socket is open ends
// its streams then, with no event to say so.
func TestLiveStreamEndsWithItsSession(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	tok := s.login(t, operator)
	_, err := s.app.pool.Exec(context.Background(), `UPDATE sessions SET expires_at = now() + interval '2 seconds'
		WHERE user_id = (SELECT id FROM users WHERE email = $1)`, operator)
	require.NoError(t, err)
	c := wsDial(t, s, "graphql-transport-ws", nil)
	wsInit(t, c, tok)
	wsSubscribe(t, c, "n", `subscription { notificationAdded { id } }`, nil)
	start := time.Now()
	m := wsRead(t, c)
	require.Equal(t, "complete", m["type"], "%v", m)
	require.Greater(t, time.Since(start), time.Second, "ended before its session did")
}
