package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/require"
)

// wsDial opens a WebSocket on /graphql with one subprotocol.
func wsDial(t testing.TB, s *testServer, subprotocol string, header http.Header) *websocket.Conn {
	t.Helper()
	d := websocket.Dialer{Subprotocols: []string{subprotocol}, HandshakeTimeout: 5 * time.Second}
	c, res, err := d.Dial("ws"+strings.TrimPrefix(s.URL, "http")+"/graphql", header)
	require.NoError(t, err)
	res.Body.Close()
	t.Cleanup(func() { c.Close() })
	require.Equal(t, subprotocol, c.Subprotocol())
	require.NoError(t, c.SetReadDeadline(time.Now().Add(10*time.Second)))
	return c
}

// wsRead returns the next message that is not a keep-alive.
func wsRead(t testing.TB, c *websocket.Conn) map[string]any {
	t.Helper()
	for {
		var m map[string]any
		require.NoError(t, c.ReadJSON(&m))
		switch m["type"] {
		case "ka", "ping", "pong":
			continue
		}
		return m
	}
}

// wsInit sends connection_init with an optional token and waits for the ack.
func wsInit(t testing.TB, c *websocket.Conn, token string) {
	t.Helper()
	payload := map[string]any{}
	if token != "" {
		payload["authToken"] = token
	}
	require.NoError(t, c.WriteJSON(map[string]any{"type": "connection_init", "payload": payload}))
	m := wsRead(t, c)
	require.Equal(t, "connection_ack", m["type"], "%v", m)
}

// wsQuery runs one operation over graphql-transport-ws and returns its one result payload.
func wsQuery(t testing.TB, c *websocket.Conn, id, query string) map[string]any {
	t.Helper()
	require.NoError(t, c.WriteJSON(map[string]any{"id": id, "type": "subscribe", "payload": map[string]any{"query": query}}))
	m := wsRead(t, c)
	require.Equal(t, "next", m["type"], "%v", m)
	require.Equal(t, id, m["id"])
	payload, _ := m["payload"].(map[string]any)
	m = wsRead(t, c)
	require.Equal(t, "complete", m["type"], "%v", m)
	require.Equal(t, id, m["id"])
	return payload
}

func TestWebSocketTransport(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	tok := s.login(t, operator)

	c := wsDial(t, s, "graphql-transport-ws", nil)
	wsInit(t, c, tok)
	p := wsQuery(t, c, "1", `{ me { displayName email } }`)
	require.Nil(t, p["errors"], "%v", p)
	require.Equal(t, "Operatrice CpF La Spezia", dig(p, "data", "me", "displayName"))
	require.Equal(t, operator, dig(p, "data", "me", "email"))
	// Several operations on one connection, each with fresh data.
	qid := mustAsk(t, s, tok, "Domanda letta dal WebSocket", nil)
	p = wsQuery(t, c, "2", `{ questions(first: 1) { edges { node { id viewerVote } } } }`)
	require.Equal(t, qid, dig(p, "data", "questions", "edges", 0, "node", "id"))

	// Without a token: a guest.
	anon := wsDial(t, s, "graphql-transport-ws", nil)
	wsInit(t, anon, "")
	p = wsQuery(t, anon, "1", `{ me { displayName } }`)
	require.Nil(t, p["errors"], "%v", p)
	data, _ := p["data"].(map[string]any)
	require.Contains(t, data, "me")
	require.Nil(t, data["me"])

	// An unknown token: a guest as well.
	bad := wsDial(t, s, "graphql-transport-ws", nil)
	wsInit(t, bad, "not-a-session-token")
	p = wsQuery(t, bad, "1", `{ me { displayName } }`)
	require.Nil(t, dig(p, "data", "me"))

	// After logout the token no longer opens a session.
	s.ok(t, tok, logoutMutation, nil)
	gone := wsDial(t, s, "graphql-transport-ws", nil)
	wsInit(t, gone, tok)
	p = wsQuery(t, gone, "1", `{ me { displayName } }`)
	require.Nil(t, dig(p, "data", "me"))
}

func TestWebSocketLimits(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	c := wsDial(t, s, "graphql-transport-ws", nil)
	wsInit(t, c, "")
	for id, tc := range map[string]struct{ query, code string }{
		"1": {tooComplex, "QUERY_TOO_COMPLEX"},
		"2": {`{ questions(first: 1) { edges { node { answers(first: 1) { edges { node { question { answers(first: 1) {
		  edges { node { question { author { center { region { name } } } } } } } } } } } } } } }`, "QUERY_TOO_DEEP"},
		// One stream per subscription, though validation lets one field under two aliases by.
		"4": {`subscription { a: messageAdded(threadId: "RGlzY3Vzc2lvbjox") { id } b: messageAdded(threadId: "RGlzY3Vzc2lvbjox") { id } }`, "GRAPHQL_VALIDATION_FAILED"},
	} {
		require.NoError(t, c.WriteJSON(map[string]any{"id": id, "type": "subscribe", "payload": map[string]any{"query": tc.query}}))
		m := wsRead(t, c)
		require.Equal(t, id, m["id"])
		var errs []any
		switch m["type"] {
		case "next":
			require.Nil(t, dig(m, "payload", "data"), "%v", m)
			errs, _ = dig(m, "payload", "errors").([]any)
		case "error":
			errs, _ = m["payload"].([]any)
		default:
			t.Fatalf("unexpected message %v", m)
		}
		require.NotEmpty(t, errs, "%v", m)
		require.Equal(t, tc.code, dig(errs[0], "extensions", "code"), "%v", m)
		// gqlgen ends the operation with complete after either message.
		require.Equal(t, "complete", wsRead(t, c)["type"])
	}
	// The connection is still usable.
	p := wsQuery(t, c, "3", `{ regions { name } }`)
	require.Len(t, dig(p, "data", "regions"), 21)
}

func TestWebSocketLegacyProtocol(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	tok := s.login(t, trainer)

	c := wsDial(t, s, "graphql-ws", nil)
	wsInit(t, c, tok)
	require.NoError(t, c.WriteJSON(map[string]any{"id": "1", "type": "start", "payload": map[string]any{"query": `{ me { displayName roles } }`}}))
	m := wsRead(t, c)
	require.Equal(t, "data", m["type"], "%v", m)
	require.Equal(t, "1", m["id"])
	require.Nil(t, dig(m, "payload", "errors"), "%v", m)
	require.Equal(t, "Formatrice CpF Rimini", dig(m, "payload", "data", "me", "displayName"))
	require.Equal(t, []any{"TRAINER"}, dig(m, "payload", "data", "me", "roles"))
	m = wsRead(t, c)
	require.Equal(t, "complete", m["type"], "%v", m)
	require.Equal(t, "1", m["id"])

	anon := wsDial(t, s, "graphql-ws", nil)
	wsInit(t, anon, "")
	require.NoError(t, anon.WriteJSON(map[string]any{"id": "a", "type": "start", "payload": map[string]any{"query": `{ me { displayName } regions { name } }`}}))
	m = wsRead(t, anon)
	require.Equal(t, "data", m["type"], "%v", m)
	require.Nil(t, dig(m, "payload", "data", "me"))
	require.Len(t, dig(m, "payload", "data", "regions"), 21)
}

func TestWebSocketOrigin(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{})
	// A page on another site may not open a socket that would carry the user's cookie.
	d := websocket.Dialer{Subprotocols: []string{"graphql-transport-ws"}, HandshakeTimeout: 5 * time.Second}
	url := "ws" + strings.TrimPrefix(s.URL, "http") + "/graphql"
	c, res, err := d.Dial(url, http.Header{"Origin": {"https://evil.example"}})
	require.Error(t, err)
	if c != nil {
		c.Close()
	}
	require.NotNil(t, res)
	require.Equal(t, http.StatusForbidden, res.StatusCode)
	// In dev, the server's own pages and the web app's Vite server may; another local
	// page may not.
	c = wsDial(t, s, "graphql-transport-ws", http.Header{"Origin": {"http://localhost:5173"}})
	wsInit(t, c, "")
	c = wsDial(t, s, "graphql-transport-ws", http.Header{"Origin": {s.URL}})
	wsInit(t, c, "")
	for _, origin := range []string{"http://localhost:3000", "http://127.0.0.1:9999", "http://[::1]:1"} {
		_, res, err = d.Dial(url, http.Header{"Origin": {origin}})
		require.Error(t, err, origin)
		require.Equal(t, http.StatusForbidden, res.StatusCode, origin)
	}
}

func TestLogoutEndsWebSocketSession(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	tok := s.login(t, operator)
	c := wsDial(t, s, "graphql-transport-ws", nil)
	wsInit(t, c, tok)
	require.Equal(t, "Operatrice CpF La Spezia", dig(wsQuery(t, c, "1", `{ me { displayName } }`), "data", "me", "displayName"))
	s.ok(t, tok, logoutMutation, nil)
	total := questionsTotal(t, s)

	// Either the server closes the socket, or the socket is a guest from now on.
	require.NoError(t, c.WriteJSON(map[string]any{"id": "2", "type": "subscribe", "payload": map[string]any{
		"query": `mutation { askQuestion(input: { title: "Domanda dopo il logout", body: "Testo" }) { question { id } userErrors { code } } }`,
	}}))
	var m map[string]any
	if err := c.ReadJSON(&m); err == nil && m["type"] == "next" {
		require.Equal(t, []string{"UNAUTHENTICATED"}, userErrorCodes(dig(m, "payload", "data", "askQuestion")), "%v", m)
	}
	require.Equal(t, total, questionsTotal(t, s), "nothing written after logout")
}

// TestCookieWebSocketFollowsTheSession: a browser's socket authenticates with the session
// cookie of its upgrade request, and a logout reaches it too.
func TestCookieWebSocketFollowsTheSession(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	tok := s.login(t, operator)
	c := wsDial(t, s, "graphql-transport-ws", http.Header{"Cookie": {"gemella_session=" + tok}})
	wsInit(t, c, "")
	require.Equal(t, "Operatrice CpF La Spezia", dig(wsQuery(t, c, "1", `{ me { displayName } }`), "data", "me", "displayName"))
	s.ok(t, tok, logoutMutation, nil)
	require.Nil(t, dig(wsQuery(t, c, "2", `{ me { displayName } }`), "data", "me"))
}

// wsClosedWith reads until the server closes the connection, and returns the close code.
func wsClosedWith(t *testing.T, c *websocket.Conn) int {
	t.Helper()
	require.NoError(t, c.SetReadDeadline(time.Now().Add(10*time.Second)))
	for {
		_, _, err := c.ReadMessage()
		if err != nil {
			var ce *websocket.CloseError
			require.ErrorAs(t, err, &ce, "closed without a close frame: %v", err)
			return ce.Code
		}
	}
}

func TestWebSocketProtocolRules(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	// No connection_init within a few seconds: 4408.
	c := wsDial(t, s, "graphql-transport-ws", nil)
	start := time.Now()
	require.Equal(t, 4408, wsClosedWith(t, c))
	require.Less(t, time.Since(start), 8*time.Second)

	// A subscribe with the id of an operation still running: 4409.
	tok := s.login(t, operator)
	d := s.ok(t, tok, `{ questions(first: 1) { edges { node { discussion { id } } } } }`, nil)
	thread := dig(d, "questions", "edges", 0, "node", "discussion", "id")
	c = wsDial(t, s, "graphql-transport-ws", nil)
	wsInit(t, c, tok)
	wsSubscribe(t, c, "same", messageAddedSubscription, map[string]any{"threadId": thread})
	wsSubscribe(t, c, "same", messageAddedSubscription, map[string]any{"threadId": thread})
	require.Equal(t, 4409, wsClosedWith(t, c))

	// A subscribe before connection_init: 4401; a second connection_init: 4429.
	c = wsDial(t, s, "graphql-transport-ws", nil)
	wsSubscribe(t, c, "early", messageAddedSubscription, map[string]any{"threadId": thread})
	require.Equal(t, 4401, wsClosedWith(t, c))
	c = wsDial(t, s, "graphql-transport-ws", nil)
	wsInit(t, c, tok)
	require.NoError(t, c.WriteJSON(map[string]any{"type": "connection_init", "payload": map[string]any{}}))
	require.Equal(t, 4429, wsClosedWith(t, c))
	// An operation without an id: 4400.
	c = wsDial(t, s, "graphql-transport-ws", nil)
	wsInit(t, c, tok)
	wsSubscribe(t, c, "", `{ regions { name } }`, nil)
	require.Equal(t, 4400, wsClosedWith(t, c))

	// An id may be used again once its operation has completed.
	c = wsDial(t, s, "graphql-transport-ws", nil)
	wsInit(t, c, tok)
	wsQuery(t, c, "q", `{ regions { name } }`)
	wsQuery(t, c, "q", `{ regions { name } }`)

	// At most 20 subscriptions on one connection.
	for i := range 20 {
		wsSubscribe(t, c, fmt.Sprint("s", i), messageAddedSubscription, map[string]any{"threadId": thread})
	}
	wsSubscribe(t, c, "one-too-many", messageAddedSubscription, map[string]any{"threadId": thread})
	// The 21 start at once: whichever comes last is refused, the others wait for events.
	m := wsRead(t, c)
	require.Equal(t, "next", m["type"], "%v", m)
	require.Contains(t, fmt.Sprint(m["payload"]), "RATE_LIMITED")
	require.Equal(t, "complete", wsRead(t, c)["type"])
}

func TestWebSocketConnectionsPerUser(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	tok := s.login(t, operator)
	for i := range 10 {
		c := wsDial(t, s, "graphql-transport-ws", nil)
		require.NoError(t, c.WriteJSON(map[string]any{"type": "connection_init", "payload": map[string]any{"authToken": tok}}))
		var m map[string]any
		require.NoError(t, c.ReadJSON(&m), "connection %d", i)
		require.Equal(t, "connection_ack", m["type"], "connection %d: %v", i, m)
	}
	c := wsDial(t, s, "graphql-transport-ws", nil)
	require.NoError(t, c.WriteJSON(map[string]any{"type": "connection_init", "payload": map[string]any{"authToken": tok}}))
	require.Equal(t, 4429, wsClosedWith(t, c), "the eleventh connection of one person is refused")
}
