package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const directoryQuery = `query Directory {
  regions { id name }
  serviceAreas { id slug name }
  centers(first: 100) { totalCount edges { node { id name municipality region { name } } } }
}`

const twinningsQuery = `query Twinnings {
  twinnings(first: 20) {
    edges {
      node {
        id
        title
        serviceArea { slug name }
        leadCenter { name region { name } }
        receivingCenters { name region { name } }
        events { title startsAt endsAt place }
        discussion { id }
      }
    }
  }
}`

func TestDirectoryContract(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	d := s.ok(t, "", directoryQuery, nil)

	regions := dig(d, "regions").([]any)
	require.Len(t, regions, 21)
	names := map[string]bool{}
	for _, r := range regions {
		require.NotEmpty(t, dig(r, "id"))
		names[dig(r, "name").(string)] = true
	}
	require.Len(t, names, 21)
	for _, n := range []string{"Piemonte", "Provincia autonoma di Bolzano", "Provincia autonoma di Trento", "Sardegna", "Valle d'Aosta"} {
		require.True(t, names[n], n)
	}
	require.False(t, names["Trentino-Alto Adige"], "Trentino-Alto Adige appears as its two provinces")

	slugs := map[string]bool{}
	for _, a := range dig(d, "serviceAreas").([]any) {
		require.NotEmpty(t, dig(a, "id"))
		require.NotEmpty(t, dig(a, "name"))
		slugs[dig(a, "slug").(string)] = true
	}
	for _, slug := range []string{"orientamento", "mediazione-familiare", "famiglie-multiproblematiche", "sostegno-genitorialita", "promozione-benessere"} {
		require.True(t, slugs[slug], slug)
	}

	centers := dig(d, "centers")
	total := int(dig(centers, "totalCount").(float64))
	require.GreaterOrEqual(t, total, 16)
	edges := dig(centers, "edges").([]any)
	require.Len(t, edges, total, "one page of 100 holds every centre")
	byMunicipality := map[string]any{}
	ids := map[string]bool{}
	for _, e := range edges {
		n := dig(e, "node")
		byMunicipality[dig(n, "municipality").(string)] = n
		ids[dig(n, "id").(string)] = true
		require.NotEmpty(t, dig(n, "region", "name"))
	}
	require.Len(t, ids, total)
	castello := byMunicipality["Città di Castello"]
	require.NotNil(t, castello, "Città di Castello is in the directory")
	require.Equal(t, "Centro per le Famiglie di Città di Castello", dig(castello, "name"))
	require.Equal(t, "Umbria", dig(castello, "region", "name"))
	for m, region := range map[string]string{"Rimini": "Emilia-Romagna", "La Spezia": "Liguria", "Settimo Torinese": "Piemonte",
		"Elmas": "Sardegna", "Reggio Calabria": "Calabria", "Todi": "Umbria", "Camerino": "Marche", "Bari": "Puglia"} {
		require.NotNil(t, byMunicipality[m], m)
		require.Equal(t, region, dig(byMunicipality[m], "region", "name"), m)
	}

	// Paging the centres in small pages sees the same set.
	seen := map[string]bool{}
	var after any
	for range 20 {
		p := s.ok(t, "", `query($after: String) { centers(first: 5, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`,
			map[string]any{"after": after})
		require.EqualValues(t, total, dig(p, "centers", "totalCount"))
		for _, e := range dig(p, "centers", "edges").([]any) {
			id := dig(e, "node", "id").(string)
			require.False(t, seen[id], id)
			seen[id] = true
		}
		if dig(p, "centers", "pageInfo", "hasNextPage") != true {
			break
		}
		after = dig(p, "centers", "pageInfo", "endCursor")
	}
	require.Equal(t, ids, seen)
}

func TestTwinningsContract(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	rome, err := time.LoadLocation("Europe/Rome")
	require.NoError(t, err)
	d := s.ok(t, "", twinningsQuery, nil)
	edges := dig(d, "twinnings", "edges").([]any)
	require.Len(t, edges, 3)

	type want struct {
		lead, leadRegion, place, from, to string
		receiving                         []string
	}
	wants := map[string]want{
		"orientamento": {lead: "Rimini", leadRegion: "Emilia-Romagna", place: "Rimini", from: "2023-06-27", to: "2023-06-28",
			receiving: []string{"Liguria", "Basilicata", "Toscana"}},
		"famiglie-multiproblematiche": {lead: "Bari", leadRegion: "Puglia", place: "Bari", from: "2023-06-28", to: "2023-06-29",
			receiving: []string{"Sardegna", "Calabria"}},
		"mediazione-familiare": {lead: "Settimo Torinese", leadRegion: "Piemonte", place: "Torino", from: "2023-07-10", to: "2023-07-11",
			receiving: []string{"Veneto", "Abruzzo", "Umbria", "Marche"}},
	}
	discussions := map[string]bool{}
	for _, e := range edges {
		n := dig(e, "node")
		require.NotEmpty(t, dig(n, "id"))
		require.NotEmpty(t, dig(n, "title"))
		slug, _ := dig(n, "serviceArea", "slug").(string)
		w, ok := wants[slug]
		require.True(t, ok, "unexpected twinning on %q", slug)
		delete(wants, slug)
		require.NotEmpty(t, dig(n, "serviceArea", "name"))
		require.Contains(t, dig(n, "leadCenter", "name"), w.lead)
		require.Equal(t, w.leadRegion, dig(n, "leadCenter", "region", "name"))

		receiving := dig(n, "receivingCenters").([]any)
		require.NotEmpty(t, receiving)
		regions := map[string]bool{}
		for _, c := range receiving {
			require.NotEmpty(t, dig(c, "name"))
			require.NotEqual(t, dig(n, "leadCenter", "name"), dig(c, "name"), "the lead centre is not among the receiving ones")
			regions[dig(c, "region", "name").(string)] = true
		}
		for _, r := range w.receiving {
			require.True(t, regions[r], "%s: a receiving centre in %s", slug, r)
		}
		require.Len(t, regions, len(w.receiving), slug)

		disc, _ := dig(n, "discussion", "id").(string)
		require.NotEmpty(t, disc)
		require.False(t, discussions[disc], "each twinning has its own discussion")
		discussions[disc] = true

		events := dig(n, "events").([]any)
		require.Len(t, events, 1, slug)
		ev := events[0]
		require.NotEmpty(t, dig(ev, "title"))
		require.Contains(t, dig(ev, "place"), w.place)
		start, err := time.Parse(time.RFC3339, dig(ev, "startsAt").(string))
		require.NoError(t, err)
		end, err := time.Parse(time.RFC3339, dig(ev, "endsAt").(string))
		require.NoError(t, err)
		require.Equal(t, w.from, start.In(rome).Format(time.DateOnly), slug)
		require.Equal(t, w.to, end.In(rome).Format(time.DateOnly), slug)
		require.True(t, end.After(start))
	}
	require.Empty(t, wants, "all three twinnings")

	d = s.ok(t, "", `{ twinnings(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`, nil)
	require.EqualValues(t, 3, dig(d, "twinnings", "totalCount"))
	require.Equal(t, true, dig(d, "twinnings", "pageInfo", "hasNextPage"))
	d = s.ok(t, "", `query($a: String) { twinnings(first: 2, after: $a) { pageInfo { hasNextPage } edges { node { id } } } }`,
		map[string]any{"a": dig(d, "twinnings", "pageInfo", "endCursor")})
	require.Len(t, dig(d, "twinnings", "edges"), 1)
	require.Equal(t, false, dig(d, "twinnings", "pageInfo", "hasNextPage"))
}

func TestNodeRoundTrips(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	d := s.ok(t, "", `{
	  regions { id name }
	  serviceAreas { id slug }
	  centers(first: 1) { edges { node { id name } } }
	  twinnings(first: 1) { edges { node { id title discussion { id title } } } }
	}`, nil)
	objects := []struct {
		typename, id, field string
		want                any
	}{
		{"Region", dig(d, "regions", 0, "id").(string), "name", dig(d, "regions", 0, "name")},
		{"ServiceArea", dig(d, "serviceAreas", 0, "id").(string), "slug", dig(d, "serviceAreas", 0, "slug")},
		{"Center", dig(d, "centers", "edges", 0, "node", "id").(string), "name", dig(d, "centers", "edges", 0, "node", "name")},
		{"Twinning", dig(d, "twinnings", "edges", 0, "node", "id").(string), "title", dig(d, "twinnings", "edges", 0, "node", "title")},
		{"Discussion", dig(d, "twinnings", "edges", 0, "node", "discussion", "id").(string), "title", dig(d, "twinnings", "edges", 0, "node", "discussion", "title")},
	}
	const q = `query($id: ID!) { node(id: $id) { __typename id
	  ... on Region { name } ... on ServiceArea { slug } ... on Center { name } ... on Twinning { title } ... on Discussion { title } } }`
	var all []string
	for _, o := range objects {
		n := dig(s.ok(t, "", q, map[string]any{"id": o.id}), "node")
		require.Equal(t, o.typename, dig(n, "__typename"))
		require.Equal(t, o.id, dig(n, "id"))
		require.Equal(t, o.want, dig(n, o.field), o.typename)
		all = append(all, o.id)
	}
	// The ids of different types differ even where the numbers match.
	require.Len(t, map[string]bool{all[0]: true, all[1]: true, all[2]: true, all[3]: true, all[4]: true}, 5)

	// Garbage and unknown ids are null, not errors.
	for _, id := range []string{"xyz", "", "!!!", "Region:1", testGlobalID("Region", 999999), testGlobalID("Center", 999999),
		testGlobalID("Twinning", 999999), testGlobalID("Discussion", 999999), testGlobalID("Nope", 1), testGlobalID("Region", 0)} {
		r := s.do(t, "", q, map[string]any{"id": id})
		require.Empty(t, r.Errors, "%q: %s", id, r.Raw)
		require.Contains(t, r.Data, "node")
		require.Nil(t, r.Data["node"], id)
	}

	// nodes keeps order and nulls.
	d = s.ok(t, "", `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, map[string]any{"ids": []string{all[2], "xyz", all[0]}})
	list := dig(d, "nodes").([]any)
	require.Len(t, list, 3)
	require.Equal(t, all[2], dig(list[0], "id"))
	require.Nil(t, list[1])
	require.Equal(t, all[0], dig(list[2], "id"))
}
