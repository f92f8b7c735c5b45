package main

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"
	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/ingest/pdftest"
)

// The contract's operations, as in ../shared/contract/operations.graphql.
const (
	publishWorkshopMutation = `mutation PublishWorkshop($input: PublishWorkshopInput!) {
  publishWorkshop(input: $input) {
    workshop { id title kind mode icsUrl sessions { startsAt endsAt place } materials { name url } discussion { id } }
    userErrors { field message code }
  }
}`
	attachMaterialMutation = `mutation AttachMaterial($workshopId: ID!, $file: Upload!, $name: String) {
  attachWorkshopMaterial(input: { workshopId: $workshopId, file: $file, name: $name }) {
    material { name url contentType size }
    userErrors { field message code }
  }
}`
	upcomingWorkshopsQuery = `query UpcomingWorkshops($first: Int) {
  workshops(first: $first, filter: { upcoming: true }) {
    edges { node { id title kind mode hostCenter { name } sessions { startsAt endsAt place } } }
  }
}`
	registerMutation2 = `mutation RegisterForWorkshop($workshopId: ID!) {
  registerForWorkshop(input: { workshopId: $workshopId }) {
    registration { status workshop { id seatsLeft } }
    userErrors { field message code }
  }
}`
	cancelRegistrationMutation = `mutation CancelRegistration($workshopId: ID!) {
  cancelWorkshopRegistration(input: { workshopId: $workshopId }) {
    registration { status workshop { id seatsLeft } }
    userErrors { field message code }
  }
}`
	myRegistrationQuery = `query MyRegistration($id: ID!) {
  node(id: $id) {
    ... on Workshop { id seatsLeft viewerRegistration { status waitlistPosition } }
  }
}`
)

func workshopInput(extra map[string]any) map[string]any {
	in := map[string]any{
		"title": "Laboratorio sul primo colloquio", "description": "Due incontri **pratici**.",
		"kind": "LAB", "mode": "HYBRID", "serviceAreaSlug": "orientamento", "capacity": 1,
		"sessions": []any{
			map[string]any{"startsAt": "2031-02-04T09:00:00Z", "endsAt": "2031-02-04T12:00:00Z", "place": "Sala grande", "onlineUrl": "https://meet.example.org/x"},
			map[string]any{"startsAt": "2031-02-11T09:00:00Z", "endsAt": "2031-02-11T12:00:00Z", "place": "Sala grande"},
		},
		"links": []any{map[string]any{"name": "Programma", "url": "https://example.org/programma"}},
	}
	for k, v := range extra {
		in[k] = v
	}
	return in
}

func decodeICS(t *testing.T, raw []byte) []*ical.Component {
	t.Helper()
	cal, err := ical.NewDecoder(bytes.NewReader(raw)).Decode()
	require.NoError(t, err, string(raw))
	var out []*ical.Component
	for _, e := range cal.Events() {
		out = append(out, e.Component)
	}
	return out
}

func prop(t *testing.T, c *ical.Component, name string) string {
	t.Helper()
	p := c.Props.Get(name)
	require.NotNil(t, p, name)
	return p.Value
}

func TestWorkshopsContract(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	tr, op, co := s.login(t, trainer), s.login(t, operator), s.login(t, coordinator)

	// Every problem of the form at once, each on its field.
	bad := workshopInput(map[string]any{"sessions": []any{map[string]any{"startsAt": "2031-02-04T12:00:00Z", "endsAt": "2031-02-04T09:00:00Z"}}})
	d := s.ok(t, tr, publishWorkshopMutation, map[string]any{"input": bad})
	require.Equal(t, []string{"INVALID"}, userErrorCodes(dig(d, "publishWorkshop")))
	require.Equal(t, "sessions.0.endsAt", dig(d, "publishWorkshop", "userErrors", 0, "field"))
	d = s.ok(t, tr, publishWorkshopMutation, map[string]any{"input": workshopInput(map[string]any{"sessions": []any{}})})
	require.Equal(t, "sessions", dig(d, "publishWorkshop", "userErrors", 0, "field"))
	d = s.ok(t, op, publishWorkshopMutation, map[string]any{"input": workshopInput(nil)})
	require.Equal(t, []string{"FORBIDDEN"}, userErrorCodes(dig(d, "publishWorkshop")))

	d = s.ok(t, tr, publishWorkshopMutation, map[string]any{"input": workshopInput(nil)})
	require.Empty(t, userErrorCodes(dig(d, "publishWorkshop")))
	w := dig(d, "publishWorkshop", "workshop")
	id := dig(w, "id").(string)
	require.Len(t, dig(w, "sessions"), 2)
	require.Equal(t, "https://example.org/programma", dig(w, "materials", 0, "url"))
	require.NotNil(t, dig(w, "discussion", "id"), "the trainer reads the workshop's discussion")

	r := s.upload(t, tr, attachMaterialMutation, map[string]any{"workshopId": id, "name": "Slide"}, "slide.pdf", pdftest.Generate([]pdftest.PageText{{Lines: []string{"Traccia del colloquio melagranaslide"}}}))
	require.Empty(t, r.Errors, string(r.Raw))
	require.Equal(t, "application/pdf", dig(r.Data, "attachWorkshopMaterial", "material", "contentType"))
	r = s.upload(t, tr, `mutation($workshopId: ID!, $file: Upload!) { attachWorkshopMaterial(input: {workshopId: $workshopId, file: $file, audience: PARTICIPANTS}) {
	    material { url audience } userErrors { code } } }`, map[string]any{"workshopId": id}, "dispensa.txt", []byte("Solo per chi partecipa."))
	require.Empty(t, r.Errors, string(r.Raw))
	private := dig(r.Data, "attachWorkshopMaterial", "material", "url").(string)

	s.indexed(t)
	d = s.ok(t, "", `{ search(query: "melagranaslide", filter: {types: [WORKSHOP]}) { edges { node { type url item { ... on Node { id } } } } } }`, nil)
	require.Equal(t, id, dig(d, "search", "edges", 0, "node", "item", "id"), "the text of the workshop's PDF is searched")

	d = s.ok(t, "", upcomingWorkshopsQuery, map[string]any{"first": 100})
	found := false
	for _, e := range dig(d, "workshops", "edges").([]any) {
		found = found || dig(e, "node", "id") == id
	}
	require.True(t, found, "the new workshop is upcoming")

	// One seat: the first is confirmed, the second waits, and gets the seat when it frees.
	d = s.ok(t, op, registerMutation2, map[string]any{"workshopId": id})
	require.Equal(t, "CONFIRMED", dig(d, "registerForWorkshop", "registration", "status"))
	require.EqualValues(t, 0, dig(d, "registerForWorkshop", "registration", "workshop", "seatsLeft"))
	d = s.ok(t, co, registerMutation2, map[string]any{"workshopId": id})
	require.Equal(t, "WAITLISTED", dig(d, "registerForWorkshop", "registration", "status"))
	d = s.ok(t, co, myRegistrationQuery, map[string]any{"id": id})
	require.EqualValues(t, 1, dig(d, "node", "viewerRegistration", "waitlistPosition"))
	d = s.ok(t, op, registerMutation2, map[string]any{"workshopId": id})
	require.Equal(t, "CONFIRMED", dig(d, "registerForWorkshop", "registration", "status"), "again: the same registration")

	download := func(tok, path string) (*http.Response, []byte) {
		return s.rawRequest(t, http.MethodGet, path, nil, bearer(tok))
	}
	res, _ := download(op, private)
	require.Equal(t, http.StatusOK, res.StatusCode, "a confirmed participant opens the participants' file")
	for _, tok := range []string{"", co} {
		res, _ = download(tok, private)
		require.Equal(t, http.StatusNotFound, res.StatusCode, "nobody else does")
	}

	d = s.ok(t, op, cancelRegistrationMutation, map[string]any{"workshopId": id})
	require.Equal(t, "CANCELLED", dig(d, "cancelWorkshopRegistration", "registration", "status"))
	d = s.ok(t, co, myRegistrationQuery, map[string]any{"id": id})
	require.Equal(t, "CONFIRMED", dig(d, "node", "viewerRegistration", "status"), "promoted in the same transaction")
	require.Nil(t, dig(d, "node", "viewerRegistration", "waitlistPosition"))
	res, _ = download(op, private)
	require.Equal(t, http.StatusNotFound, res.StatusCode, "a cancelled registration opens it no more")
	res, _ = download(co, private)
	require.Equal(t, http.StatusOK, res.StatusCode)

	// The calendar: one event per session; a session taken out is sent as cancelled with a higher sequence.
	res, raw := download(tr, "/calendario/workshop/"+id+".ics")
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, "text/calendar", mediaType(res.Header))
	events := decodeICS(t, raw)
	require.Len(t, events, 2)
	uid := prop(t, events[1], ical.PropUID)
	d = s.ok(t, tr, `query($id: ID!) { node(id: $id) { ... on Workshop { sessions { id } } } }`, map[string]any{"id": id})
	first := dig(d, "node", "sessions", 0, "id")
	d = s.ok(t, tr, `mutation($in: EditWorkshopInput!) { editWorkshop(input: $in) { workshop { sessions { cancelled } } userErrors { field code } } }`,
		map[string]any{"in": map[string]any{"workshopId": id, "sessions": []any{map[string]any{"id": first, "startsAt": "2031-02-04T09:00:00Z", "endsAt": "2031-02-04T12:30:00Z",
			"onlineUrl": "https://meet.example.org/x"}}}})
	require.Empty(t, userErrorCodes(dig(d, "editWorkshop")))
	_, raw = download(tr, "/calendario/workshop/"+id+".ics")
	events = decodeICS(t, raw)
	require.Len(t, events, 2)
	require.Equal(t, uid, prop(t, events[1], ical.PropUID), "UIDs stay")
	require.Equal(t, "CANCELLED", prop(t, events[1], ical.PropStatus))
	require.Equal(t, "1", prop(t, events[0], ical.PropSequence))
	start, err := events[0].Props.DateTime(ical.PropDateTimeStart, nil)
	require.NoError(t, err)
	require.True(t, start.Equal(time.Date(2031, 2, 4, 9, 0, 0, 0, time.UTC)), "%v", start)

	// The registrations for Excel: the trainer's only.
	d = s.ok(t, tr, `query($id: ID!) { node(id: $id) { ... on Workshop { registrationsCsvUrl registrations { totalCount edges { node { status user { displayName } } } } } } }`, map[string]any{"id": id})
	require.EqualValues(t, 2, dig(d, "node", "registrations", "totalCount"))
	csvURL := dig(d, "node", "registrationsCsvUrl").(string)
	res, raw = download(tr, csvURL)
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, "text/csv", mediaType(res.Header))
	require.True(t, bytes.HasPrefix(raw, []byte("\ufeffNome;Centro;Regione;Stato")), string(raw))
	require.Contains(t, string(raw), "Confermata")
	res, _ = download(op, csvURL)
	require.Equal(t, http.StatusNotFound, res.StatusCode)
	d = s.ok(t, op, `query($id: ID!) { node(id: $id) { ... on Workshop { registrationsCsvUrl registrations { totalCount } } } }`, map[string]any{"id": id})
	require.Nil(t, dig(d, "node", "registrations"))

	// A personal feed at a secret address that calendar clients read without a session.
	d = s.ok(t, co, `mutation { renewCalendarFeed { url userErrors { code } } }`, nil)
	feed := dig(d, "renewCalendarFeed", "url").(string)
	res, raw = s.rawRequest(t, http.MethodGet, feed, nil, nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.NotEmpty(t, decodeICS(t, raw))
	require.Contains(t, string(raw), "meet.example.org", "a participant's feed has the link")
	s.ok(t, co, `mutation { renewCalendarFeed { url } }`, nil)
	res, _ = s.rawRequest(t, http.MethodGet, feed, nil, nil)
	require.Equal(t, http.StatusNotFound, res.StatusCode, "a renewed address retires the old one")
}

func TestCertificateOfAttendance(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	tr, op, co := s.login(t, trainer), s.login(t, operator), s.login(t, coordinator)
	start := time.Now().Add(2 * time.Second).UTC()
	d := s.ok(t, tr, publishWorkshopMutation, map[string]any{"input": workshopInput(map[string]any{"title": "Incontro breve di prova", "sessions": []any{
		map[string]any{"startsAt": start.Format(time.RFC3339Nano), "endsAt": start.Add(90 * time.Minute).Format(time.RFC3339Nano)}}})})
	id := dig(d, "publishWorkshop", "workshop", "id").(string)
	s.ok(t, op, registerMutation2, map[string]any{"workshopId": id})
	time.Sleep(time.Until(start))
	d = s.ok(t, tr, `query($id: ID!) { node(id: $id) { ... on Workshop { sessions { id } registrations { edges { node { user { id } } } } } } }`, map[string]any{"id": id})
	session := dig(d, "node", "sessions", 0, "id")
	user := dig(d, "node", "registrations", "edges", 0, "node", "user", "id")
	d = s.ok(t, tr, `mutation($w: ID!, $s: ID!, $u: ID!) { markAttendance(input: {workshopId: $w, sessionId: $s, userId: $u, attended: true}) {
	    registration { attendedHours certificateAvailable } userErrors { field code } } }`, map[string]any{"w": id, "s": session, "u": user})
	require.Empty(t, userErrorCodes(dig(d, "markAttendance")))
	require.EqualValues(t, 1.5, dig(d, "markAttendance", "registration", "attendedHours"))

	d = s.ok(t, op, `mutation($w: ID!) { requestCertificate(input: {workshopId: $w}) { certificate { code url verifyUrl } userErrors { code } } }`, map[string]any{"w": id})
	c := dig(d, "requestCertificate", "certificate")
	code := dig(c, "code").(string)
	res, raw := s.rawRequest(t, http.MethodGet, dig(c, "url").(string), nil, bearer(op))
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, "application/pdf", mediaType(res.Header))
	require.True(t, bytes.HasPrefix(raw, []byte("%PDF")))
	for _, tok := range []string{"", co} {
		res, _ = s.rawRequest(t, http.MethodGet, dig(c, "url").(string), nil, bearer(tok))
		require.Equal(t, http.StatusNotFound, res.StatusCode)
	}
	d = s.ok(t, "", `query($c: String!) { verifyCertificate(code: $c) { participant workshopTitle hours } }`, map[string]any{"c": strings.ToLower(code)})
	require.Equal(t, "Incontro breve di prova", dig(d, "verifyCertificate", "workshopTitle"))
	require.EqualValues(t, 1.5, dig(d, "verifyCertificate", "hours"))
	d = s.ok(t, "", `query { verifyCertificate(code: "0000-0000-0000") { participant } }`, nil)
	require.Nil(t, dig(d, "verifyCertificate"))
}

// upcomingWorkshopsPage is the web app's list (WorkshopList in web/src/graphql.workshops.ts),
// which asks more of each workshop than the contract's UpcomingWorkshops, with the trainers
// and their centres, as the workshop page shows them.
const upcomingWorkshopsPage = `query UpcomingWorkshopsPage($first: Int) {
  workshops(first: $first, filter: { upcoming: true }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id title kind mode status private startsAt endsAt capacity seatsLeft waitlistCount registrationOpen
        hostCenter { name region { name } }
        serviceArea { name }
        space { ... on Twinning { id title visibility } }
        trainers { id displayName center { name } }
        sessions { id startsAt endsAt place cancelled }
      }
    }
  }
}`

// TestUpcomingWorkshopsStatements: the upcoming list costs the same statements whatever the
// number of its workshops, sessions and trainers, for a reader who is not signed in and for
// one who is.
func TestUpcomingWorkshopsStatements(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	tr, op := s.login(t, trainer), s.login(t, operator)
	count := func(token string, workshops, trainers, sessions int) int64 {
		return s.statements(func() {
			d := s.ok(t, token, upcomingWorkshopsPage, map[string]any{"first": 50})
			edges := dig(d, "workshops", "edges").([]any)
			require.Len(t, edges, workshops)
			nt, ns := 0, 0
			for _, e := range edges {
				nt += len(dig(e, "node", "trainers").([]any))
				ns += len(dig(e, "node", "sessions").([]any))
			}
			require.Equal(t, []int{trainers, sessions}, []int{nt, ns}, "trainers and sessions on the page")
		})
	}
	// The seed's two upcoming workshops (one trainer each, three sessions and one) and one
	// of its own with two sessions.
	d := s.ok(t, tr, publishWorkshopMutation, map[string]any{"input": workshopInput(nil)})
	require.Empty(t, userErrorCodes(dig(d, "publishWorkshop")))
	anonBefore, opBefore := count("", 3, 3, 6), count(op, 3, 3, 6)

	// Twelve more, each with four sessions and four trainers: one from a centre that hosts no
	// upcoming workshop, whose centre must join the host centres' statement, one from none.
	_, err := s.app.pool.Exec(context.Background(), `UPDATE users SET center_id = (SELECT id FROM centers WHERE key = $2)
		WHERE email = $1`, moderator, "bari-japigia")
	require.NoError(t, err)
	var coTrainers []any
	for _, tok := range []string{s.login(t, coordinator), s.login(t, moderator), s.login(t, admin)} {
		coTrainers = append(coTrainers, dig(s.ok(t, tok, `{ me { id } }`, nil), "me", "id"))
	}
	for i := range 12 {
		sessions := []any{}
		for j := range 4 {
			at := time.Date(2032, 1, 1+i, 9+j, 0, 0, 0, time.UTC)
			sessions = append(sessions, map[string]any{"startsAt": at.Format(time.RFC3339), "endsAt": at.Add(30 * time.Minute).Format(time.RFC3339), "place": "Sala"})
		}
		d := s.ok(t, tr, publishWorkshopMutation, map[string]any{"input": workshopInput(map[string]any{"sessions": sessions, "trainerIds": coTrainers})})
		require.Empty(t, userErrorCodes(dig(d, "publishWorkshop")))
	}
	anonAfter, opAfter := count("", 15, 3+12*4, 6+12*4), count(op, 15, 3+12*4, 6+12*4)
	t.Logf("statements, not signed in: %d for 3 workshops (3 trainers, 6 sessions), %d for 15 (51 trainers, 54 sessions)", anonBefore, anonAfter)
	t.Logf("statements, signed in: %d, then %d", opBefore, opAfter)
	require.Equal(t, anonBefore, anonAfter, "statements do not grow with workshops, sessions and trainers")
	require.Equal(t, opBefore, opAfter, "statements do not grow with workshops, sessions and trainers, signed in")
	require.LessOrEqual(t, anonAfter, int64(9), "page, total, sessions, centres, regions, service areas, spaces, trainer ids, people")
	require.LessOrEqual(t, opAfter, anonAfter+1, "and the reader's session")
}
