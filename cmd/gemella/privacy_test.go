package main

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The readers of the privacy matrix. Each is a demo account (or none) with a known relation
// to the restricted space the test opens.
const (
	anonymous     = "anonymous"
	nonMember     = "non-member" // signed in, never in the space
	member        = "member"     // in the space
	removedMember = "removed"    // was in the space until a moment ago
	moderatorView = "moderator"  // reads every space
	adminCreator  = "admin@gemella.test"
)

var privacyReaders = []string{anonymous, nonMember, member, removedMember, moderatorView}

// readsRestricted is who may read what lives in a RESTRICTED space.
var readsRestricted = map[string]bool{member: true, moderatorView: true}

// restrictedSpace is a RESTRICTED twinning with one piece of every content type inside it.
type restrictedSpace struct {
	twinning, discussion        string
	question, answer, comment   string
	guideline, section, fileURL string
	questionWord, guidelineWord string
	practice, practiceWord      string
	workshop, workshopWord      string
	message, notification       string
	tokens                      map[string]string
}

func openRestrictedSpace(t *testing.T, s *testServer) *restrictedSpace {
	t.Helper()
	admin := s.login(t, adminCreator)
	d := s.ok(t, admin, `{ centers(first: 100) { edges { node { id name } } } }`, nil)
	centers := dig(d, "centers", "edges").([]any)
	lead, recv := dig(centers[0], "node", "id").(string), dig(centers[1], "node", "id").(string)
	d = s.ok(t, admin, `mutation($in: CreateTwinningInput!) { createTwinning(input: $in) {
	    twinning { id visibility discussion { id } } userErrors { field code } } }`, map[string]any{"in": map[string]any{
		"title": "Gemellaggio riservato di prova", "summary": "Uno spazio chiuso.", "serviceAreaSlug": "orientamento",
		"leadCenterId": lead, "receivingCenterIds": []string{recv}, "visibility": "RESTRICTED",
	}})
	require.Empty(t, userErrorCodes(dig(d, "createTwinning")))
	sp := &restrictedSpace{
		twinning:      dig(d, "createTwinning", "twinning", "id").(string),
		discussion:    dig(d, "createTwinning", "twinning", "discussion", "id").(string),
		questionWord:  "zafferanoriservato",
		guidelineWord: "cardamomoriservato",
		tokens: map[string]string{
			anonymous: "", nonMember: s.login(t, trainer), member: s.login(t, operator),
			removedMember: s.login(t, coordinator), moderatorView: s.login(t, moderator),
		},
	}
	me := func(tok string) string { return dig(s.ok(t, tok, `{ me { id } }`, nil), "me", "id").(string) }
	for _, who := range []string{member, removedMember} {
		d = s.ok(t, admin, `mutation($t: ID!, $u: ID!) { addTwinningMember(input: {twinningId: $t, userId: $u, role: RECEIVING}) {
		    member { role } userErrors { code } } }`, map[string]any{"t": sp.twinning, "u": me(sp.tokens[who])})
		require.Empty(t, userErrorCodes(dig(d, "addTwinningMember")))
	}
	tok := sp.tokens[member]
	d = s.ok(t, tok, `mutation($s: ID) { askQuestion(input: {title: "Domanda interna allo spazio", body: "Parola zafferanoriservato.", spaceId: $s}) {
	    question { id } userErrors { field code } } }`, map[string]any{"s": sp.twinning})
	require.Empty(t, userErrorCodes(dig(d, "askQuestion")))
	sp.question = dig(d, "askQuestion", "question", "id").(string)
	d = s.ok(t, tok, answerMutation, map[string]any{"questionId": sp.question, "body": "Risposta interna."})
	sp.answer = dig(d, "answerQuestion", "answer", "id").(string)
	d = s.ok(t, tok, `mutation($p: ID!) { addComment(input: {postId: $p, body: "Commento interno."}) { comment { id } userErrors { code } } }`,
		map[string]any{"p": sp.question})
	sp.comment = dig(d, "addComment", "comment", "id").(string)
	r := s.upload(t, admin, `mutation($file: Upload!, $t: ID) { importGuideline(input: {file: $file, title: "Relazione interna", twinningId: $t}) {
	    guideline { id file { url } sections(first: 1) { edges { node { id } } } } userErrors { field code } } }`,
		map[string]any{"t": sp.twinning}, "interna.md", []byte("# Relazione interna\n\n## Esiti\n\nTesto con cardamomoriservato.\n"))
	require.Empty(t, r.Errors, string(r.Raw))
	g := dig(r.Data, "importGuideline", "guideline")
	sp.guideline = dig(g, "id").(string)
	sp.section = dig(g, "sections", "edges", 0, "node", "id").(string)
	sp.fileURL = dig(g, "file", "url").(string)
	sp.practiceWord = "curcumariservata"
	d = s.ok(t, tok, publishPracticeMutation, map[string]any{"input": practiceInput(map[string]any{
		"spaceId": sp.twinning, "title": "Pratica interna allo spazio", "summary": "Parola curcumariservata.",
	})})
	require.Empty(t, userErrorCodes(dig(d, "publishPractice")))
	sp.practice = dig(d, "publishPractice", "practice", "id").(string)
	d = s.ok(t, tok, postMessageMutation, map[string]any{"threadId": sp.discussion, "body": "Un messaggio interno."})
	require.Empty(t, userErrorCodes(dig(d, "postMessage")))
	sp.message = dig(d, "postMessage", "message", "id").(string)
	// The coordinator (about to be removed) is told of the member's answer to their question.
	d = s.ok(t, sp.tokens[removedMember], `mutation($s: ID) { askQuestion(input: {title: "Una domanda del coordinamento", body: "Testo.", spaceId: $s}) {
	    question { id } } }`, map[string]any{"s": sp.twinning})
	s.ok(t, tok, answerMutation, map[string]any{"questionId": dig(d, "askQuestion", "question", "id"), "body": "La risposta del membro."})
	d = s.ok(t, sp.tokens[removedMember], `{ notifications(first: 1) { edges { node { id kind } } } }`, nil)
	require.Equal(t, "ANSWER", dig(d, "notifications", "edges", 0, "node", "kind"))
	sp.notification = dig(d, "notifications", "edges", 0, "node", "id").(string)
	sp.workshopWord = "melagranariservata"
	d = s.ok(t, admin, `mutation($in: PublishWorkshopInput!) { publishWorkshop(input: $in) { workshop { id } userErrors { field code } } }`,
		map[string]any{"in": map[string]any{"title": "Workshop interno allo spazio", "description": "Parola melagranariservata.",
			"kind": "LAB", "mode": "ONLINE", "twinningId": sp.twinning,
			"sessions": []any{map[string]any{"startsAt": "2031-05-06T09:00:00Z", "endsAt": "2031-05-06T12:00:00Z"}}}})
	require.Empty(t, userErrorCodes(dig(d, "publishWorkshop")))
	sp.workshop = dig(d, "publishWorkshop", "workshop", "id").(string)
	d = s.ok(t, admin, `mutation($t: ID!, $u: ID!) { removeTwinningMember(input: {twinningId: $t, userId: $u}) { ok userErrors { code } } }`,
		map[string]any{"t": sp.twinning, "u": me(sp.tokens[removedMember])})
	require.Equal(t, true, dig(d, "removeTwinningMember", "ok"))
	s.indexed(t)
	return sp
}

// privacyRow is one content type of the matrix: how each read path shows it to a reader.
type privacyRow struct {
	// typename is the GraphQL type; every type implementing Node is in the matrix or in
	// publicTypes.
	typename string
	id       func(*restrictedSpace) string
	// list, when set, reports whether a reader finds the object in its list (and the
	// list's total counts it).
	list func(t *testing.T, s *testServer, sp *restrictedSpace, tok string) bool
	// search, when set, is the word that finds the object in search, as searchType.
	search     func(*restrictedSpace) string
	searchType string
}

// publicTypes are readable by everyone whatever the space: the directory and the twinning's
// card (what lives inside it has rows of its own).
var publicTypes = []string{"User", "Region", "ServiceArea", "Center", "Twinning"}

// ownTypes are each person's own: nobody else reads them, moderators included
// (TestOwnNotifications).
var ownTypes = []string{"Notification"}

var privacyMatrix = []privacyRow{
	{typename: "Question", id: func(sp *restrictedSpace) string { return sp.question },
		list: func(t *testing.T, s *testServer, sp *restrictedSpace, tok string) bool {
			return listed(t, s, tok, `{ questions(first: 100) { totalCount edges { node { id } } } }`, "questions", sp.question)
		},
		search: func(sp *restrictedSpace) string { return sp.questionWord }, searchType: "QUESTION"},
	{typename: "Answer", id: func(sp *restrictedSpace) string { return sp.answer }},
	{typename: "Comment", id: func(sp *restrictedSpace) string { return sp.comment }},
	{typename: "Guideline", id: func(sp *restrictedSpace) string { return sp.guideline },
		list: func(t *testing.T, s *testServer, sp *restrictedSpace, tok string) bool {
			return listed(t, s, tok, `{ guidelines(first: 100) { totalCount edges { node { id } } } }`, "guidelines", sp.guideline)
		},
		search: func(sp *restrictedSpace) string { return sp.guidelineWord }, searchType: "GUIDELINE_SECTION"},
	{typename: "GuidelineSection", id: func(sp *restrictedSpace) string { return sp.section }},
	{typename: "Practice", id: func(sp *restrictedSpace) string { return sp.practice },
		list: func(t *testing.T, s *testServer, sp *restrictedSpace, tok string) bool {
			inList := listed(t, s, tok, `{ practices(first: 100) { totalCount edges { node { id } } } }`, "practices", sp.practice)
			d := s.ok(t, tok, `query($id: ID!) { node(id: $id) { ... on Twinning { practices(first: 20) { totalCount edges { node { id } } } } } }`,
				map[string]any{"id": sp.twinning})
			edges := dig(d, "node", "practices", "edges").([]any)
			require.EqualValues(t, len(edges), dig(d, "node", "practices", "totalCount"))
			require.Equal(t, inList, len(edges) == 1, "the twinning's own list agrees")
			return inList
		},
		search: func(sp *restrictedSpace) string { return sp.practiceWord }, searchType: "PRACTICE"},
	{typename: "Discussion", id: func(sp *restrictedSpace) string { return sp.discussion }},
	{typename: "Message", id: func(sp *restrictedSpace) string { return sp.message }},
	{typename: "Workshop", id: func(sp *restrictedSpace) string { return sp.workshop },
		list: func(t *testing.T, s *testServer, sp *restrictedSpace, tok string) bool {
			return listed(t, s, tok, `{ workshops(first: 100) { totalCount edges { node { id } } } }`, "workshops", sp.workshop)
		},
		search: func(sp *restrictedSpace) string { return sp.workshopWord }, searchType: "WORKSHOP"},
}

// listed reports whether a list holds id, checking that its total agrees.
func listed(t *testing.T, s *testServer, tok, query, field, id string) bool {
	t.Helper()
	d := s.ok(t, tok, query, nil)
	edges := dig(d, field, "edges").([]any)
	require.EqualValues(t, len(edges), dig(d, field, "totalCount"), "the total counts what the list shows")
	return slices.ContainsFunc(edges, func(e any) bool { return dig(e, "node", "id") == id })
}

// TestPrivacyMatrix reads every content type of a RESTRICTED space as every kind of reader,
// through every read path: node, nodes, lists and totals, search hits, totals and facets,
// suggestions, the twinning's inner fields, file downloads and subscriptions.
func TestPrivacyMatrix(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true, Dev: true})
	sp := openRestrictedSpace(t, s)

	for _, row := range privacyMatrix {
		for _, reader := range privacyReaders {
			want := readsRestricted[reader]
			tok := sp.tokens[reader]
			t.Run(row.typename+"/"+reader, func(t *testing.T) {
				id := row.id(sp)
				d := s.ok(t, tok, `query($id: ID!) { node(id: $id) { id } nodes(ids: [$id]) { id } }`, map[string]any{"id": id})
				require.Equal(t, want, dig(d, "node") != nil, "node(id:)")
				require.Equal(t, want, dig(d, "nodes", 0) != nil, "nodes(ids:)")
				if row.list != nil {
					require.Equal(t, want, row.list(t, s, sp, tok), "list")
				}
				if row.search != nil {
					d := s.ok(t, tok, `query($q: String!) { search(query: $q) { totalCount facets { types { value count } }
					    edges { node { item { ... on Node { id } } } } } }`, map[string]any{"q": row.search(sp)})
					n := len(dig(d, "search", "edges").([]any))
					require.Equal(t, want, n > 0, "search hits")
					require.EqualValues(t, n, dig(d, "search", "totalCount"), "search total")
					var faceted float64
					for _, f := range dig(d, "search", "facets", "types").([]any) {
						faceted += dig(f, "count").(float64)
					}
					require.EqualValues(t, n, faceted, "facets count only what may be read")
				}
			})
		}
	}

	t.Run("Twinning inside/manager", func(t *testing.T) {
		d := s.ok(t, s.login(t, adminCreator), `query($id: ID!) { node(id: $id) { ... on Twinning {
		    memberCandidates(query: "GEMELLA") { displayName center { name } } } } }`, map[string]any{"id": sp.twinning})
		require.Equal(t, []any{map[string]any{"displayName": "Moderazione Gemella", "center": nil}}, dig(d, "node", "memberCandidates"),
			"its coordinator finds who is not a member yet")
	})
	for _, reader := range privacyReaders {
		want := readsRestricted[reader]
		tok := sp.tokens[reader]
		t.Run("Twinning inside/"+reader, func(t *testing.T) {
			d := s.ok(t, tok, `query($id: ID!) { node(id: $id) { ... on Twinning { title visibility viewerCanRead
			    members(first: 50) { totalCount } discussion { id } visitReports { center { name } }
			    guidelines { id } memberCandidates(query: "gemella") { id } } } }`, map[string]any{"id": sp.twinning})
			tw := dig(d, "node")
			require.NotNil(t, tw, "the card is visible to all")
			require.Equal(t, "Gemellaggio riservato di prova", dig(tw, "title"))
			require.Equal(t, want, dig(tw, "viewerCanRead"))
			require.Equal(t, want, dig(tw, "members") != nil, "members")
			require.Equal(t, want, dig(tw, "discussion") != nil, "discussion")
			require.Equal(t, want, dig(tw, "visitReports") != nil, "visit reports")
			require.Equal(t, want, len(dig(tw, "guidelines").([]any)) > 0, "reports")
			require.Nil(t, dig(tw, "memberCandidates"), "people to add: for the space's managers only, none of these")
		})
		t.Run("File/"+reader, func(t *testing.T) {
			res, body := s.rawRequest(t, http.MethodGet, sp.fileURL, nil, bearer(tok))
			if want {
				require.Equal(t, http.StatusOK, res.StatusCode)
				require.Contains(t, string(body), "cardamomoriservato")
			} else {
				require.Equal(t, http.StatusNotFound, res.StatusCode, "as for a file that does not exist")
			}
		})
		t.Run("Suggestions/"+reader, func(t *testing.T) {
			d := s.ok(t, tok, `{ searchSuggestions(prefix: "Relazione interna") { title } }`, nil)
			found := slices.ContainsFunc(dig(d, "searchSuggestions").([]any), func(x any) bool { return dig(x, "title") == "Relazione interna" })
			require.Equal(t, want, found)
		})
		t.Run("Live/"+reader, func(t *testing.T) {
			// Every subscription to what lives in the space: refused as for what does not
			// exist, or followed, with the next message delivered.
			c := wsDial(t, s, "graphql-transport-ws", nil)
			wsInit(t, c, tok)
			subs := map[string]string{
				"added":    `subscription($t: ID!) { messageAdded(threadId: $t) { id } }`,
				"updated":  `subscription($t: ID!) { messageUpdated(threadId: $t) { id } }`,
				"deleted":  `subscription($t: ID!) { messageDeleted(threadId: $t) { id } }`,
				"question": `subscription($q: ID!) { questionActivity(questionId: $q) { kind } }`,
			}
			for id, q := range subs {
				wsSubscribe(t, c, id, q, map[string]any{"t": sp.discussion, "q": sp.question})
			}
			if !want {
				refused := map[any]bool{}
				for len(refused) < len(subs) {
					m := wsRead(t, c)
					if m["type"] == "complete" {
						continue
					}
					require.Contains(t, []any{"error", "next"}, m["type"], "%v", m)
					require.Contains(t, fmt.Sprint(m["payload"]), "NOT_FOUND", "%v", m)
					refused[m["id"]] = true
				}
				return
			}
			time.Sleep(200 * time.Millisecond)
			d := s.ok(t, sp.tokens[moderatorView], postMessageMutation, map[string]any{"threadId": sp.discussion, "body": "Per chi legge lo spazio."})
			require.Equal(t, dig(d, "postMessage", "message", "id"), dig(wsNext(t, c, "added"), "messageAdded", "id"))
		})
		t.Run("Writes/"+reader, func(t *testing.T) {
			if tok == "" {
				return
			}
			d := s.ok(t, tok, answerMutation, map[string]any{"questionId": sp.question, "body": "Provo a rispondere."})
			codes := userErrorCodes(dig(d, "answerQuestion"))
			if want {
				require.Empty(t, codes)
			} else {
				require.Equal(t, []string{"NOT_FOUND"}, codes, "a question one may not read cannot be answered")
			}
		})
	}
}

// TestPrivacyMatrixCoversEveryNodeType fails when a type reachable through node(id:) has no
// row in the matrix and is not public.
func TestPrivacyMatrixCoversEveryNodeType(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Dev: true})
	d := s.ok(t, "", `{ __type(name: "Node") { possibleTypes { name } } }`, nil)
	var covered []string
	for _, row := range privacyMatrix {
		covered = append(covered, row.typename)
	}
	for _, pt := range dig(d, "__type", "possibleTypes").([]any) {
		name := dig(pt, "name").(string)
		require.True(t, slices.Contains(covered, name) || slices.Contains(publicTypes, name) || slices.Contains(ownTypes, name),
			"%s implements Node but has no row in the privacy matrix", name)
	}
	// Every kind of search hit has a row that searches for it.
	d = s.ok(t, "", `{ __type(name: "SearchType") { enumValues { name } } }`, nil)
	searched := map[string]bool{}
	for _, row := range privacyMatrix {
		if row.search != nil {
			searched[row.searchType] = true
		}
	}
	for _, v := range dig(d, "__type", "enumValues").([]any) {
		name := dig(v, "name").(string)
		require.True(t, searched[name], "search type %s has no row that searches for it", name)
	}
}

// TestDemoSpaces: the demo twinnings are open, with demo accounts among their members.
func TestDemoSpaces(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	d := s.ok(t, s.login(t, operator), `{ twinnings(first: 10) { edges { node { title visibility viewerIsMember
	    members(first: 10) { totalCount edges { node { role user { displayName } } } } } } } }`, nil)
	members, mine := 0, 0
	for _, e := range dig(d, "twinnings", "edges").([]any) {
		require.Equal(t, "OPEN", dig(e, "node", "visibility"))
		members += int(dig(e, "node", "members", "totalCount").(float64))
		if dig(e, "node", "viewerIsMember") == true {
			mine++
			require.Contains(t, dig(e, "node", "title"), "rientamento", "the operator of La Spezia receives the Rimini orientation service")
		}
	}
	require.Equal(t, 3, members)
	require.Equal(t, 1, mine)
}

// TestParticipantsMatrix reads what a community workshop keeps for its participants (its
// discussion, material marked for participants, the online link) as every kind of reader,
// through node, the workshop's fields, file downloads and search, which never holds it.
func TestParticipantsMatrix(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true, OpenSignup: true})
	tr := s.login(t, trainer)
	d := s.ok(t, "", registerMutation, map[string]any{"email": "collega@esempio.it", "password": "una-password-lunga", "displayName": "Collega"})
	colleague := dig(d, "register", "token").(string)
	d = s.ok(t, tr, publishWorkshopMutation, map[string]any{"input": workshopInput(map[string]any{"capacity": 1})})
	require.Empty(t, userErrorCodes(dig(d, "publishWorkshop")))
	id := dig(d, "publishWorkshop", "workshop", "id").(string)
	thread := dig(d, "publishWorkshop", "workshop", "discussion", "id").(string)
	r := s.upload(t, tr, `mutation($workshopId: ID!, $file: Upload!) { attachWorkshopMaterial(input: {workshopId: $workshopId, file: $file, audience: PARTICIPANTS}) {
	    material { url } userErrors { code } } }`, map[string]any{"workshopId": id}, "dispensa.txt", []byte("Dispensa con parola pistacchioriservato."))
	require.Empty(t, r.Errors, string(r.Raw))
	fileURL := dig(r.Data, "attachWorkshopMaterial", "material", "url").(string)

	readers := map[string]string{
		"anonymous": "", "signed-in": colleague, "trainer": tr, "moderator": s.login(t, moderator),
		"confirmed": s.login(t, operator), "waitlisted": s.login(t, coordinator),
	}
	for _, who := range []string{"confirmed", "waitlisted"} {
		d := s.ok(t, readers[who], registerMutation2, map[string]any{"workshopId": id})
		require.Empty(t, userErrorCodes(dig(d, "registerForWorkshop")))
	}
	s.indexed(t)
	opens := map[string]bool{"trainer": true, "moderator": true, "confirmed": true}
	for who, tok := range readers {
		want := opens[who]
		t.Run(who, func(t *testing.T) {
			d := s.ok(t, tok, `query($id: ID!, $t: ID!) { thread: node(id: $t) { id }
			    node(id: $id) { ... on Workshop { viewerIsParticipant discussion { id } materials { audience } sessions { onlineUrl } } } }`,
				map[string]any{"id": id, "t": thread})
			require.Equal(t, want, dig(d, "thread") != nil, "the discussion by node")
			require.Equal(t, want, dig(d, "node", "discussion") != nil, "the workshop's discussion")
			require.Equal(t, want, dig(d, "node", "viewerIsParticipant"))
			require.Len(t, dig(d, "node", "materials"), map[bool]int{true: 2, false: 1}[want], "material")
			require.Equal(t, want, dig(d, "node", "sessions", 0, "onlineUrl") != nil, "the online link")
			res, _ := s.rawRequest(t, http.MethodGet, fileURL, nil, bearer(tok))
			require.Equal(t, map[bool]int{true: http.StatusOK, false: http.StatusNotFound}[want], res.StatusCode, "the file")
			d = s.ok(t, tok, `{ search(query: "pistacchioriservato") { totalCount } }`, nil)
			require.EqualValues(t, 0, dig(d, "search", "totalCount"), "what is for participants is never indexed")
		})
	}
}

// TestOwnNotifications: a notification is its person's; about a space they left, it shows
// nothing more, and nobody else reads it by id, moderators included.
func TestOwnNotifications(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	sp := openRestrictedSpace(t, s)
	for _, reader := range privacyReaders {
		d := s.ok(t, sp.tokens[reader], `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": sp.notification})
		require.Nil(t, dig(d, "node"), reader)
	}
	// Its owner was removed from the space: what it is about is no longer theirs to read.
	d := s.ok(t, sp.tokens[removedMember], `{ unreadNotificationCount notifications(first: 5) { totalCount } }`, nil)
	require.EqualValues(t, 0, dig(d, "notifications", "totalCount"))
	require.EqualValues(t, 0, dig(d, "unreadNotificationCount"))
}
