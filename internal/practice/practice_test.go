package practice_test

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/devenv"
	"github.com/gemella/gemella/internal/directory"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/practice"
	"github.com/gemella/gemella/internal/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	devenv.CleanupTestServers()
	os.Exit(code)
}

// fixture is a seeded database with the mediation twinning made RESTRICTED and the
// coordinator its only member (as the demo data has it).
type fixture struct {
	pool  *pgxpool.Pool
	svc   *practice.Service
	space int64
	users map[string]*auth.User
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	pool := storetest.NewDB(t, storetest.Options{Seeded: true})
	ctx := context.Background()
	f := &fixture{pool: pool, svc: practice.NewService(pool, directory.NewService(pool), storetest.Files(t, pool)),
		users: map[string]*auth.User{}}
	require.NoError(t, pool.QueryRow(ctx, `UPDATE twinnings SET visibility = 'RESTRICTED' WHERE key = 'gemellaggio-mediazione-familiare' RETURNING id`).Scan(&f.space))
	accounts := auth.NewService(pool, false)
	for _, name := range []string{"operatore", "formatrice", "coordinatrice", "moderatore"} {
		var id int64
		require.NoError(t, pool.QueryRow(ctx, `SELECT id FROM users WHERE email = $1`, name+"@gemella.test").Scan(&id))
		u, err := accounts.UserByID(ctx, id)
		require.NoError(t, err)
		f.users[name] = u
	}
	_, err := pool.Exec(ctx, `INSERT INTO twinning_members (twinning_id, user_id, role) VALUES ($1, $2, 'COORDINATOR')
		ON CONFLICT DO NOTHING`, f.space, f.users["coordinatrice"].ID)
	require.NoError(t, err)
	return f
}

// as is the context of one operation by the named demo user ("" for anonymous).
func (f *fixture) as(name string) context.Context {
	u := f.users[name]
	ctx := auth.WithViewer(context.Background(), u)
	return access.WithScope(ctx, access.NewService(f.pool).Scope(u))
}

func (f *fixture) centerID(t *testing.T, key string) int64 {
	var id int64
	require.NoError(t, f.pool.QueryRow(context.Background(), `SELECT id FROM centers WHERE key = $1`, key).Scan(&id))
	return id
}

// otherSpace is an OPEN twinning the operator is not a member of.
func (f *fixture) otherSpace(t *testing.T) int64 {
	var id int64
	require.NoError(t, f.pool.QueryRow(context.Background(), `SELECT id FROM twinnings WHERE key = 'gemellaggio-famiglie-multiproblematiche'`).Scan(&id))
	return id
}

func ptr[T any](v T) *T { return &v }

func validInput() practice.PublishInput {
	return practice.PublishInput{
		Content: practice.Content{
			Title: "Colazioni condivise tra genitori", Summary: "Un incontro al mese a colazione.",
			Context: "Genitori soli.", Objectives: "Creare legami.", Target: "Genitori di bambini piccoli.",
			Activities: "Colazione e chiacchierata guidata.", Tags: []string{"Prima Infanzia", "gruppi", "gruppi"},
			Maturity: practice.Emerging,
		},
		ServiceAreaSlug: ptr("prima-infanzia"),
	}
}

func fields(err error) map[string]apperr.Code {
	errs, _ := apperr.Expected(err)
	out := map[string]apperr.Code{}
	for _, e := range errs {
		out[e.Field] = e.Code
	}
	return out
}

func TestPublishReportsEveryProblemAtOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, err := f.svc.Publish(f.as("moderatore"), practice.PublishInput{Content: practice.Content{Title: "corto", Summary: "  \n"}})
	require.Equal(t, map[string]apperr.Code{
		"title": apperr.Invalid, "summary": apperr.Required, "context": apperr.Required, "objectives": apperr.Required,
		"target": apperr.Required, "activities": apperr.Required, "maturity": apperr.Required,
		"serviceAreaSlug": apperr.Required, "centerId": apperr.Required, // the moderator has no centre
	}, fields(err))

	in := validInput()
	in.Maturity = practice.Established
	in.ServiceAreaSlug = ptr("nessuna-area")
	in.CenterID = ptr(int64(999_999))
	in.SpaceID = ptr(int64(999_999))
	in.Tags = []string{"non valida!"}
	_, err = f.svc.Publish(f.as("operatore"), in)
	require.Equal(t, map[string]apperr.Code{
		"evidence": apperr.Required, "serviceAreaSlug": apperr.Invalid, "centerId": apperr.Invalid,
		"spaceId": apperr.NotFound, "tags": apperr.Invalid,
	}, fields(err))

	_, err = f.svc.Publish(context.Background(), validInput())
	require.True(t, apperr.Is(err, apperr.Unauthenticated))
	var n int
	require.NoError(t, f.pool.QueryRow(context.Background(), `SELECT count(*) FROM practices WHERE title LIKE 'Colazioni%' OR title = 'corto'`).Scan(&n))
	require.Zero(t, n, "nothing written")
}

func TestPublishDefaultsAndCleansUp(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	in := validInput()
	in.Title = "  Colazioni\u200b condivise\n tra genitori "
	p, err := f.svc.Publish(f.as("operatore"), in)
	require.NoError(t, err)
	require.Equal(t, "Colazioni condivise tra genitori", p.Title)
	require.Equal(t, []string{"prima-infanzia", "gruppi"}, p.Tags)
	require.Equal(t, *f.users["operatore"].CenterID, p.CenterID, "the author's centre by default")
	require.Nil(t, p.SpaceID)
	require.False(t, p.Private())
	require.Equal(t, 1, p.Revision)
}

func TestPublishingInsideASpaceIsForItsMembers(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	in := validInput()
	in.SpaceID = &f.space
	_, err := f.svc.Publish(f.as("operatore"), in)
	require.Equal(t, map[string]apperr.Code{"spaceId": apperr.NotFound}, fields(err), "a restricted space the reader cannot see")
	open := f.otherSpace(t)
	in.SpaceID = &open
	_, err = f.svc.Publish(f.as("operatore"), in)
	require.Equal(t, map[string]apperr.Code{"spaceId": apperr.Forbidden}, fields(err), "an open space, but not theirs")
	in.SpaceID = &f.space

	p, err := f.svc.Publish(f.as("coordinatrice"), in)
	require.NoError(t, err)
	require.Equal(t, f.space, *p.SpaceID)
	require.True(t, p.Private())
	require.Equal(t, access.Restricted, p.SpaceLevel)

	_, err = f.svc.Publish(f.as("moderatore"), func() practice.PublishInput { in.CenterID = ptr(f.centerID(t, "rivoli")); return in }())
	require.NoError(t, err, "moderators publish in any space")
}

func TestReadsFollowTheSpace(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	in := validInput()
	in.SpaceID = &f.space
	in.Tags = []string{"riservata"}
	hidden, err := f.svc.Publish(f.as("coordinatrice"), in)
	require.NoError(t, err)

	for _, c := range []struct {
		who  string
		sees bool
	}{{"", false}, {"operatore", false}, {"coordinatrice", true}, {"moderatore", true}} {
		ctx := f.as(c.who)
		byID, err := f.svc.ByIDs(ctx, []int64{hidden.ID})
		require.NoError(t, err)
		require.Equal(t, c.sees, byID[hidden.ID] != nil, "%q by id", c.who)

		res, err := f.svc.List(ctx, practice.Filter{Tag: ptr("Riservata")}, paging.Page{First: 10})
		require.NoError(t, err)
		n, err := res.Count()
		require.NoError(t, err)
		want := 0
		if c.sees {
			want = 1
		}
		require.Len(t, res.Items, want, "%q in the list", c.who)
		require.Equal(t, want, n, "%q in the total", c.who)

		res, err = f.svc.List(ctx, practice.Filter{SpaceID: &f.space}, paging.Page{First: 10})
		require.NoError(t, err)
		for _, p := range res.Items {
			require.True(t, c.sees, "%q reads inside the space", c.who)
			require.Equal(t, f.space, *p.SpaceID)
		}
	}
}

func TestListFiltersAndPages(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := f.as("moderatore")
	all, err := f.svc.List(ctx, practice.Filter{}, paging.Page{First: 100})
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(all.Items), 5, "the demo practices")

	var piemonte int64
	require.NoError(t, f.pool.QueryRow(context.Background(), `SELECT id FROM regions WHERE code = 'piemonte'`).Scan(&piemonte))
	for name, c := range map[string]struct {
		filter practice.Filter
		keep   func(*practice.Practice) bool
	}{
		"region": {practice.Filter{RegionID: &piemonte}, func(p *practice.Practice) bool {
			return p.CenterID == f.centerID(t, "settimo-torinese") || p.CenterID == f.centerID(t, "rivoli")
		}},
		"centre": {practice.Filter{CenterID: ptr(f.centerID(t, "rimini"))}, func(p *practice.Practice) bool { return p.CenterID == f.centerID(t, "rimini") }},
		"level":  {practice.Filter{Maturity: ptr(practice.Emerging)}, func(p *practice.Practice) bool { return p.Maturity == practice.Emerging }},
		"tag":    {practice.Filter{Tag: ptr("Gruppi")}, func(p *practice.Practice) bool { return contains(p.Tags, "gruppi") }},
		"space":  {practice.Filter{SpaceID: &f.space}, func(p *practice.Practice) bool { return p.SpaceID != nil && *p.SpaceID == f.space }},
		"area": {practice.Filter{ServiceAreaSlug: ptr("orientamento")}, func(p *practice.Practice) bool {
			return p.Title == "Sportello di orientamento con scheda di primo contatto"
		}},
		"no match": {practice.Filter{Tag: ptr("nessuna")}, func(*practice.Practice) bool { return false }},
	} {
		var want []int64
		for _, p := range all.Items {
			if c.keep(p) {
				want = append(want, p.ID)
			}
		}
		res, err := f.svc.List(ctx, c.filter, paging.Page{First: 100})
		require.NoError(t, err, name)
		var got []int64
		for _, p := range res.Items {
			got = append(got, p.ID)
		}
		require.Equal(t, want, got, name)
		if name != "no match" {
			require.NotEmpty(t, got, name)
		}
	}

	// Keyset pages of two: every practice once, newest first, the total on each page.
	var seen []int64
	p := paging.Page{First: 2}
	for {
		res, err := f.svc.List(ctx, practice.Filter{}, p)
		require.NoError(t, err)
		n, err := res.Count()
		require.NoError(t, err)
		require.Equal(t, len(all.Items), n)
		for _, it := range res.Items {
			seen = append(seen, it.ID)
		}
		if !res.HasNextPage {
			break
		}
		p.After = res.Cursors[len(res.Cursors)-1]
	}
	var want []int64
	for _, it := range all.Items {
		want = append(want, it.ID)
	}
	require.Equal(t, want, seen)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestEditKeepsRevisionsAndIsTheAuthors(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	p, err := f.svc.Publish(f.as("operatore"), validInput())
	require.NoError(t, err)

	_, err = f.svc.Edit(f.as("formatrice"), practice.EditInput{PracticeID: p.ID, Title: ptr("Un altro titolo lungo")})
	require.True(t, apperr.Is(err, apperr.Forbidden))

	_, err = f.svc.Edit(f.as("operatore"), practice.EditInput{PracticeID: p.ID, Title: ptr("no"), Maturity: ptr(practice.Promising)})
	require.Equal(t, map[string]apperr.Code{"title": apperr.Invalid, "evidence": apperr.Required}, fields(err))

	edited, err := f.svc.Edit(f.as("operatore"), practice.EditInput{PracticeID: p.ID, Maturity: ptr(practice.Promising),
		Evidence: ptr("Tre cicli con buona partecipazione.")})
	require.NoError(t, err)
	require.Equal(t, 2, edited.Revision)
	require.Equal(t, practice.Promising, edited.Maturity)
	require.Equal(t, p.Title, edited.Title, "what the edit leaves out stays")

	edited, err = f.svc.Edit(f.as("moderatore"), practice.EditInput{PracticeID: p.ID, Title: ptr("Colazioni condivise, seconda versione")})
	require.NoError(t, err)
	require.Equal(t, 3, edited.Revision)

	revs, err := f.svc.RevisionsOf(f.as(""), []int64{p.ID})
	require.NoError(t, err)
	require.Len(t, revs[p.ID], 2)
	require.Equal(t, 1, revs[p.ID][0].Number)
	require.Equal(t, practice.Emerging, revs[p.ID][0].Maturity)
	require.Equal(t, f.users["operatore"].ID, revs[p.ID][0].EditorID)
	require.Equal(t, f.users["moderatore"].ID, revs[p.ID][1].EditorID)
	require.Equal(t, "Tre cicli con buona partecipazione.", revs[p.ID][1].Evidence)

	// Inside a restricted space, a non-member cannot even find it to edit.
	in := validInput()
	in.SpaceID = &f.space
	hidden, err := f.svc.Publish(f.as("coordinatrice"), in)
	require.NoError(t, err)
	_, err = f.svc.Edit(f.as("operatore"), practice.EditInput{PracticeID: hidden.ID, Title: ptr("Titolo cambiato di nascosto")})
	require.True(t, apperr.Is(err, apperr.NotFound))
}

func TestAdoptions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	p, err := f.svc.Publish(f.as("formatrice"), validInput()) // Rimini's
	require.NoError(t, err)
	laSpezia := f.centerID(t, "la-spezia")

	_, _, err = f.svc.RecordAdoption(f.as("operatore"), practice.AdoptionInput{PracticeID: p.ID, CenterID: ptr(f.centerID(t, "treviso")), Kind: "COPIED"})
	require.Equal(t, map[string]apperr.Code{"centerId": apperr.Forbidden, "kind": apperr.Invalid}, fields(err))
	_, _, err = f.svc.RecordAdoption(f.as("formatrice"), practice.AdoptionInput{PracticeID: p.ID, Kind: practice.Adopted})
	require.Equal(t, map[string]apperr.Code{"centerId": apperr.Invalid}, fields(err), "not by its own centre")

	a, _, err := f.svc.RecordAdoption(f.as("operatore"), practice.AdoptionInput{PracticeID: p.ID, Kind: practice.Adopted, Note: " Ripresa così com'è. "})
	require.NoError(t, err)
	require.Equal(t, laSpezia, a.CenterID)
	require.Equal(t, "Ripresa così com'è.", a.Note)
	a, _, err = f.svc.RecordAdoption(f.as("operatore"), practice.AdoptionInput{PracticeID: p.ID, Kind: practice.Adapted, Note: "Un incontro ogni due mesi."})
	require.NoError(t, err)
	require.Equal(t, practice.Adapted, a.Kind)
	_, _, err = f.svc.RecordAdoption(f.as("moderatore"), practice.AdoptionInput{PracticeID: p.ID, CenterID: ptr(f.centerID(t, "elmas")), Kind: practice.Adopted})
	require.NoError(t, err)

	list, err := f.svc.AdoptionsOf(f.as(""), []int64{p.ID})
	require.NoError(t, err)
	require.Len(t, list[p.ID], 2, "one row per centre: recording again replaces")
	require.Equal(t, laSpezia, list[p.ID][0].CenterID)
	require.Equal(t, "Un incontro ogni due mesi.", list[p.ID][0].Note)

	in := validInput()
	in.SpaceID = &f.space
	hidden, err := f.svc.Publish(f.as("coordinatrice"), in)
	require.NoError(t, err)
	_, _, err = f.svc.RecordAdoption(f.as("operatore"), practice.AdoptionInput{PracticeID: hidden.ID, Kind: practice.Adopted})
	require.True(t, apperr.Is(err, apperr.NotFound), "what one cannot read, one cannot adopt")
}
