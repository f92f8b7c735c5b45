package main

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/gid"
)

// The contract's operations, as in ../shared/contract/operations.graphql.
const (
	practicesQuery = `query Practices($first: Int, $after: String) {
  practices(first: $first, after: $after) {
    totalCount
    edges { node { id title maturity center { name } space { ... on Twinning { id } } } }
  }
}`
	publishPracticeMutation = `mutation PublishPractice($input: PublishPracticeInput!) {
  publishPractice(input: $input) {
    practice { id title summary center { name } serviceArea { slug } }
    userErrors { field message code }
  }
}`
)

const practicePage = `query($id: ID!) { node(id: $id) { ... on Practice {
  id title summaryHTML contextHTML objectivesHTML targetHTML activitiesHTML outcomesHTML resourcesHTML
  tags maturity evidence private revision
  center { name } region { name } serviceArea { slug } author { displayName }
  space { __typename ... on Twinning { id title } }
  adoptions { kind note center { name } recordedBy { displayName } }
  revisions { revision title editor { displayName } }
} } }`

func practiceInput(extra map[string]any) map[string]any {
	in := map[string]any{
		"title":           "Merende in biblioteca per famiglie nuove arrivate",
		"summary":         "Un pomeriggio al mese in biblioteca, con **merenda** e letture.",
		"context":         "Famiglie arrivate da poco nel quartiere.\n\n<script>alert(1)</script>",
		"objectives":      "- conoscersi\n- scoprire i servizi",
		"target":          "Genitori con bambini da 0 a 6 anni.",
		"activities":      "Letture ad alta voce, merenda, presentazione dei servizi.",
		"outcomes":        "Venti famiglie al primo anno.",
		"resources":       "[Scheda](javascript:alert(1)) della biblioteca.",
		"serviceAreaSlug": "prima-infanzia",
		"tags":            []string{"Biblioteca", "prima infanzia"},
		"maturity":        "EMERGING",
	}
	for k, v := range extra {
		in[k] = v
	}
	return in
}

func TestPracticesContract(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	d := s.ok(t, "", practicesQuery, map[string]any{"first": 20})
	edges := dig(d, "practices", "edges").([]any)
	require.EqualValues(t, len(edges), dig(d, "practices", "totalCount"))
	require.GreaterOrEqual(t, len(edges), 5, "the demo practices")
	inSpace := 0
	for _, e := range edges {
		n := dig(e, "node")
		require.Contains(t, []any{"EMERGING", "PROMISING", "ESTABLISHED"}, dig(n, "maturity"))
		require.NotEmpty(t, dig(n, "center", "name"))
		if id, ok := dig(n, "space", "id").(string); ok {
			kind, _, _ := gid.Decode(id)
			require.Equal(t, gid.Twinning, kind)
			inSpace++
		}
	}
	require.Positive(t, inSpace, "some demo practices live in a twinning's space")
	require.Less(t, inSpace, len(edges), "and some in the whole community")

	// Pages of two walk the same list.
	var ids []any
	vars := map[string]any{"first": 2}
	for {
		d := s.ok(t, "", `query($first: Int, $after: String) { practices(first: $first, after: $after) {
		  pageInfo { hasNextPage endCursor } edges { node { id } } } }`, vars)
		for _, e := range dig(d, "practices", "edges").([]any) {
			ids = append(ids, dig(e, "node", "id"))
		}
		if dig(d, "practices", "pageInfo", "hasNextPage") != true {
			break
		}
		vars["after"] = dig(d, "practices", "pageInfo", "endCursor")
	}
	require.Len(t, ids, len(edges))
	for i, e := range edges {
		require.Equal(t, dig(e, "node", "id"), ids[i])
	}

	// Where a demo practice travelled: from its lead centre to receiving ones.
	d = s.ok(t, "", `{ practices(first: 20, filter: { serviceAreaSlug: "orientamento" }) { edges { node { id } } } }`, nil)
	id := dig(d, "practices", "edges", 0, "node", "id")
	d = s.ok(t, "", practicePage, map[string]any{"id": id})
	require.Equal(t, "Centro per le Famiglie di Rimini", dig(d, "node", "center", "name"))
	require.Equal(t, "Twinning", dig(d, "node", "space", "__typename"))
	require.Equal(t, false, dig(d, "node", "private"), "the demo twinnings are open")
	var receiving []any
	for _, a := range dig(d, "node", "adoptions").([]any) {
		receiving = append(receiving, dig(a, "center", "name"))
	}
	require.Contains(t, receiving, "Centro per le Famiglie della Spezia")
}

func TestPublishPracticeContract(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	op := s.login(t, operator)

	d := s.ok(t, op, publishPracticeMutation, map[string]any{"input": practiceInput(nil)})
	p := dig(d, "publishPractice")
	require.Empty(t, userErrorCodes(p))
	require.Equal(t, "Merende in biblioteca per famiglie nuove arrivate", dig(p, "practice", "title"))
	require.Equal(t, "Un pomeriggio al mese in biblioteca, con **merenda** e letture.", dig(p, "practice", "summary"))
	require.Equal(t, "Centro per le Famiglie della Spezia", dig(p, "practice", "center", "name"), "the author's centre")
	require.Equal(t, "prima-infanzia", dig(p, "practice", "serviceArea", "slug"))
	id := dig(p, "practice", "id").(string)

	// Anyone reads a community practice, Markdown rendered and sanitised.
	d = s.ok(t, "", practicePage, map[string]any{"id": id})
	n := dig(d, "node")
	require.Contains(t, dig(n, "summaryHTML"), "<strong>merenda</strong>")
	require.NotContains(t, dig(n, "contextHTML"), "<script")
	require.NotContains(t, dig(n, "resourcesHTML"), "javascript:")
	require.Contains(t, dig(n, "objectivesHTML"), "<li>")
	require.Equal(t, []any{"biblioteca", "prima-infanzia"}, dig(n, "tags"))
	require.Equal(t, "Liguria", dig(n, "region", "name"))
	require.Nil(t, dig(n, "space"))
	require.Equal(t, false, dig(n, "private"))

	// Every field's problem at once, each on its field.
	d = s.ok(t, op, publishPracticeMutation, map[string]any{"input": map[string]any{
		"title": "x", "summary": "", "context": " ", "objectives": "", "target": "", "activities": "",
		"maturity": "ESTABLISHED", "serviceAreaSlug": "inesistente",
	}})
	p = dig(d, "publishPractice")
	require.Nil(t, dig(p, "practice"))
	require.ElementsMatch(t, []string{"title", "summary", "context", "objectives", "target", "activities", "evidence", "serviceAreaSlug"},
		userErrorFields(p))
	for _, e := range dig(p, "userErrors").([]any) {
		require.NotEmpty(t, dig(e, "message"))
	}

	d = s.ok(t, "", publishPracticeMutation, map[string]any{"input": practiceInput(nil)})
	require.Equal(t, []string{"UNAUTHENTICATED"}, userErrorCodes(dig(d, "publishPractice")))

	// Edit by the author keeps the old version; by someone else it is refused.
	const edit = `mutation($input: EditPracticeInput!) { editPractice(input: $input) {
	  practice { revision maturity evidence } userErrors { field code } } }`
	d = s.ok(t, s.login(t, trainer), edit, map[string]any{"input": map[string]any{"practiceId": id, "title": "Titolo di qualcun altro"}})
	require.Equal(t, []string{"FORBIDDEN"}, userErrorCodes(dig(d, "editPractice")))
	d = s.ok(t, op, edit, map[string]any{"input": map[string]any{"practiceId": id, "maturity": "PROMISING", "evidence": "Due anni di incontri."}})
	require.Empty(t, userErrorCodes(dig(d, "editPractice")))
	require.EqualValues(t, 2, dig(d, "editPractice", "practice", "revision"))

	// A receiving centre records that it adapted it.
	const adopt = `mutation($input: RecordPracticeAdoptionInput!) { recordPracticeAdoption(input: $input) {
	  adoption { kind note center { name } } practice { id } userErrors { field code } } }`
	d = s.ok(t, op, adopt, map[string]any{"input": map[string]any{"practiceId": id, "kind": "ADOPTED"}})
	require.Equal(t, []string{"centerId"}, userErrorFields(dig(d, "recordPracticeAdoption")), "not by the practice's own centre")
	tr := s.login(t, trainer)
	d = s.ok(t, tr, adopt, map[string]any{"input": map[string]any{"practiceId": id, "kind": "ADAPTED", "note": "Due pomeriggi al mese."}})
	require.Empty(t, userErrorCodes(dig(d, "recordPracticeAdoption")))
	require.Equal(t, "Centro per le Famiglie di Rimini", dig(d, "recordPracticeAdoption", "adoption", "center", "name"))

	d = s.ok(t, "", practicePage, map[string]any{"id": id})
	n = dig(d, "node")
	require.Len(t, dig(n, "adoptions"), 1)
	require.Equal(t, "ADAPTED", dig(n, "adoptions", 0, "kind"))
	require.Equal(t, "Due pomeriggi al mese.", dig(n, "adoptions", 0, "note"))
	require.Len(t, dig(n, "revisions"), 1)
	require.EqualValues(t, 1, dig(n, "revisions", 0, "revision"))

	// Searchable as PRACTICE.
	s.indexed(t)
	d = s.ok(t, "", searchQuery, map[string]any{"q": "merende biblioteca", "types": []string{"PRACTICE"}})
	require.NotZero(t, dig(d, "search", "totalCount"))
	hit := dig(d, "search", "edges", 0, "node")
	require.Equal(t, "PRACTICE", dig(hit, "type"))
	require.Equal(t, "/buone-pratiche/"+id, dig(hit, "url"))
	require.Equal(t, "Practice", dig(hit, "item", "__typename"))
	require.Equal(t, id, dig(hit, "item", "id"))
}

// TestPracticeVisibility: a practice in a RESTRICTED twinning is seen by its members and
// moderators only, on every read path: lists and totals, node(id:), the twinning's own list,
// search hits, totals and facets, and suggestions.
func TestPracticeVisibility(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	ctx := context.Background()
	var spaceID, memberID int64
	require.NoError(t, s.app.pool.QueryRow(ctx, `UPDATE twinnings SET visibility = 'RESTRICTED'
		WHERE key = 'gemellaggio-mediazione-familiare' RETURNING id`).Scan(&spaceID))
	require.NoError(t, s.app.pool.QueryRow(ctx, `SELECT id FROM users WHERE email = $1`, coordinator).Scan(&memberID))
	_, err := s.app.pool.Exec(ctx, `INSERT INTO twinning_members (twinning_id, user_id, role) VALUES ($1, $2, 'COORDINATOR')
		ON CONFLICT DO NOTHING`, spaceID, memberID)
	require.NoError(t, err)
	space := gid.Encode(gid.Twinning, spaceID)

	member := s.login(t, coordinator)
	nonMember := s.login(t, operator)
	mod := s.login(t, moderator)

	d := s.ok(t, nonMember, publishPracticeMutation, map[string]any{"input": practiceInput(map[string]any{"spaceId": space})})
	require.Equal(t, []string{"spaceId"}, userErrorFields(dig(d, "publishPractice")), "inside a space: its members")
	d = s.ok(t, member, publishPracticeMutation, map[string]any{"input": practiceInput(map[string]any{
		"spaceId": space, "title": "Zafferano: laboratorio riservato del gemellaggio", "tags": []string{"zafferano"},
	})})
	require.Empty(t, userErrorCodes(dig(d, "publishPractice")))
	id := dig(d, "publishPractice", "practice", "id").(string)
	s.indexed(t)

	type view struct{ list, node, twinning, search, suggest int }
	see := func(token string) view {
		var v view
		d := s.ok(t, token, `query($space: ID!) {
		  tagged: practices(filter: { tag: "zafferano" }) { totalCount edges { node { id private } } }
		  inSpace: practices(filter: { spaceId: $space }) { totalCount edges { node { id } } }
		}`, map[string]any{"space": space})
		n := len(dig(d, "tagged", "edges").([]any))
		require.EqualValues(t, n, dig(d, "tagged", "totalCount"))
		require.EqualValues(t, len(dig(d, "inSpace", "edges").([]any)), dig(d, "inSpace", "totalCount"))
		if n > 0 {
			require.Equal(t, true, dig(d, "tagged", "edges", 0, "node", "private"))
		}
		v.list = n

		d = s.ok(t, token, practicePage, map[string]any{"id": id})
		if dig(d, "node") != nil {
			v.node = 1
		}
		d = s.ok(t, token, `query($id: ID!) { nodes(ids: [$id]) { id } }`, map[string]any{"id": id})
		require.Equal(t, v.node == 1, dig(d, "nodes", 0) != nil, "nodes agrees with node")

		d = s.ok(t, token, `query($id: ID!) { node(id: $id) { ... on Twinning { title practices(first: 20) { totalCount edges { node { id } } } } } }`,
			map[string]any{"id": space})
		require.NotEmpty(t, dig(d, "node", "title"), "the twinning's card is for everyone")
		v.twinning = int(dig(d, "node", "practices", "totalCount").(float64))
		require.Len(t, dig(d, "node", "practices", "edges"), v.twinning)

		d = s.ok(t, token, searchQuery, map[string]any{"q": "zafferano"})
		v.search = int(dig(d, "search", "totalCount").(float64))
		require.Len(t, dig(d, "search", "edges"), v.search)
		facet := 0
		for _, f := range dig(d, "search", "facets", "types").([]any) {
			if dig(f, "value") == "PRACTICE" {
				facet = int(dig(f, "count").(float64))
			}
		}
		require.Equal(t, v.search, facet, "facets count what the reader sees")

		d = s.ok(t, token, `{ searchSuggestions(prefix: "zafferano") { title url } }`, nil)
		v.suggest = len(dig(d, "searchSuggestions").([]any))
		return v
	}

	hidden := view{}
	require.Equal(t, hidden, see(""), "anonymous")
	require.Equal(t, hidden, see(nonMember), "signed-in non-member")
	// The demo practice in the same space makes two inside it.
	shown := view{list: 1, node: 1, twinning: 2, search: 1, suggest: 1}
	require.Equal(t, shown, see(member), "member")
	require.Equal(t, shown, see(mod), "moderator")

	// Removing the member takes effect on their very next request.
	_, err = s.app.pool.Exec(ctx, `DELETE FROM twinning_members WHERE twinning_id = $1 AND user_id = $2`, spaceID, memberID)
	require.NoError(t, err)
	require.Equal(t, hidden, see(member), "removed member")
}

// TestPracticesPageStatements: a page of practices with their centres, regions, authors,
// spaces and adoptions costs the same few statements whatever its size (no N+1), the
// viewer's scope included.
func TestPracticesPageStatements(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	tok := s.login(t, operator)
	for i := range 12 {
		d := s.ok(t, tok, publishPracticeMutation, map[string]any{"input": practiceInput(map[string]any{
			"title": fmt.Sprintf("Pratica numero %d per la prova", i),
		})})
		require.Empty(t, userErrorCodes(dig(d, "publishPractice")))
	}
	const page = `query($first: Int) { practices(first: $first) { totalCount edges { node {
	  id title maturity private center { name region { name } } author { displayName }
	  space { ... on Twinning { id title } } adoptions { kind center { name } } } } } }`
	count := func(first int) int64 {
		return s.statements(func() {
			d := s.ok(t, tok, page, map[string]any{"first": first})
			require.Len(t, dig(d, "practices", "edges"), first)
		})
	}
	// The newest two have no space and no adoption; fifteen reach the demo practices, which
	// have both, and adoptions' centres are a level of their own. Regions and adopting
	// centres are second-level batches, which a busy machine may split once each: still far
	// from one statement per practice.
	require.LessOrEqual(t, count(2), int64(8), "session, list, total, centres, regions, authors, adoptions")
	require.LessOrEqual(t, count(15), int64(11), "and the spaces and the adopting centres, whatever the page size")
}

// TestPracticeAttachments: the author attaches a file to a practice of a restricted space;
// its readers download it, anyone else gets a 404 as for a missing file, and only the author
// or a moderator may attach.
func TestPracticeAttachments(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	ctx := context.Background()
	var spaceID, memberID int64
	require.NoError(t, s.app.pool.QueryRow(ctx, `UPDATE twinnings SET visibility = 'RESTRICTED'
		WHERE key = 'gemellaggio-mediazione-familiare' RETURNING id`).Scan(&spaceID))
	require.NoError(t, s.app.pool.QueryRow(ctx, `SELECT id FROM users WHERE email = $1`, coordinator).Scan(&memberID))
	_, err := s.app.pool.Exec(ctx, `INSERT INTO twinning_members (twinning_id, user_id, role) VALUES ($1, $2, 'COORDINATOR')
		ON CONFLICT DO NOTHING`, spaceID, memberID)
	require.NoError(t, err)
	author := s.login(t, coordinator)
	d := s.ok(t, author, publishPracticeMutation, map[string]any{"input": practiceInput(map[string]any{"spaceId": gid.Encode(gid.Twinning, spaceID)})})
	id := dig(d, "publishPractice", "practice", "id").(string)

	const attach = `mutation($file: Upload!, $id: ID!, $name: String) {
	  attachPracticeFile(input: { practiceId: $id, file: $file, name: $name }) {
	    file { name contentType size url } userErrors { field code }
	  }
	}`
	content := []byte("Scheda di iscrizione al gruppo di parola.\n")
	r := s.upload(t, s.login(t, moderator), attach, map[string]any{"id": id, "name": "Scheda del moderatore"}, "scheda.txt", content)
	require.Empty(t, userErrorCodes(dig(r.Data, "attachPracticeFile")), string(r.Raw))
	r = s.upload(t, s.login(t, operator), attach, map[string]any{"id": id}, "x.txt", content)
	require.Equal(t, []string{"NOT_FOUND"}, userErrorCodes(dig(r.Data, "attachPracticeFile")), "a practice one may not read")
	r = s.upload(t, author, attach, map[string]any{"id": id, "name": "Scheda di iscrizione"}, "scheda.txt", content)
	require.Empty(t, userErrorCodes(dig(r.Data, "attachPracticeFile")), string(r.Raw))
	f := dig(r.Data, "attachPracticeFile", "file")
	require.Equal(t, "Scheda di iscrizione", dig(f, "name"))
	require.EqualValues(t, len(content), dig(f, "size"))

	d = s.ok(t, author, `query($id: ID!) { node(id: $id) { ... on Practice { attachments { name url } } } }`, map[string]any{"id": id})
	list := dig(d, "node", "attachments").([]any)
	require.Len(t, list, 2, "oldest first")
	require.Equal(t, "Scheda del moderatore", dig(list, 0, "name"))
	url := dig(f, "url").(string)
	for token, want := range map[string]int{author: http.StatusOK, s.login(t, moderator): http.StatusOK, s.login(t, trainer): http.StatusNotFound, "": http.StatusNotFound} {
		res, body := s.rawRequest(t, http.MethodGet, url, nil, bearer(token))
		require.Equal(t, want, res.StatusCode)
		if want == http.StatusOK {
			require.Equal(t, content, body)
		}
	}
}
