package twinning_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/directory"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/storetest"
	"github.com/gemella/gemella/internal/twinning"
)

type fixture struct {
	pool  *pgxpool.Pool
	svc   *twinning.Service
	users map[string]*auth.User
	// centres of two regions: lead and receiving candidates
	leadCenter, otherCenter, farCenter int64
}

func newFixture(t *testing.T) *fixture {
	pool := storetest.NewDB(t, storetest.Options{Seeded: true})
	f := &fixture{pool: pool, svc: twinning.NewService(pool, directory.NewService(pool)), users: map[string]*auth.User{}}
	accounts := auth.NewService(pool, false)
	ctx := context.Background()
	rows, err := pool.Query(ctx, `SELECT id, email FROM users`)
	require.NoError(t, err)
	for rows.Next() {
		var id int64
		var email string
		require.NoError(t, rows.Scan(&id, &email))
		u, err := accounts.UserByID(ctx, id)
		require.NoError(t, err)
		f.users[email] = u
	}
	coord := f.users["coordinatrice@gemella.test"]
	require.NotNil(t, coord.RegionID, "the demo coordinator has a region")
	require.NoError(t, pool.QueryRow(ctx, `SELECT id FROM centers WHERE region_id = $1 ORDER BY id LIMIT 1`, *coord.RegionID).Scan(&f.leadCenter))
	require.NoError(t, pool.QueryRow(ctx, `SELECT id FROM centers WHERE region_id <> $1 ORDER BY id LIMIT 1`, *coord.RegionID).Scan(&f.otherCenter))
	require.NoError(t, pool.QueryRow(ctx, `SELECT id FROM centers WHERE region_id <> $1 ORDER BY id DESC LIMIT 1`, *coord.RegionID).Scan(&f.farCenter))
	return f
}

// as is ctx for one operation of email's account ("" for anonymous).
func (f *fixture) as(email string) context.Context {
	u := f.users[email]
	ctx := auth.WithViewer(context.Background(), u)
	return access.WithScope(ctx, access.NewService(f.pool).Scope(u))
}

func (f *fixture) create(t *testing.T, who string, level access.Level) *twinning.Twinning {
	t.Helper()
	tw, err := f.svc.Create(f.as(who), twinning.CreateInput{
		Title: "Gemellaggio di prova", Summary: "Per provare.", ServiceAreaSlug: "orientamento",
		LeadCenterID: f.leadCenter, ReceivingCenterIDs: []int64{f.otherCenter, f.farCenter}, Visibility: level,
	})
	require.NoError(t, err)
	return tw
}

func TestCreateIsForCoordinatorsOfTheLeadRegion(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tw := f.create(t, "coordinatrice@gemella.test", access.Restricted)
	require.Equal(t, access.Restricted, tw.Visibility)
	ok, err := f.svc.CanManage(f.as("coordinatrice@gemella.test"), tw)
	require.NoError(t, err)
	require.True(t, ok, "the creator manages the space")
	member, err := access.NewService(f.pool).Scope(f.users["coordinatrice@gemella.test"]).IsMember(context.Background(), tw.ID)
	require.NoError(t, err)
	require.True(t, member, "and is its first member")

	in := twinning.CreateInput{Title: "Altro gemellaggio", Summary: "x", ServiceAreaSlug: "orientamento",
		LeadCenterID: f.otherCenter, ReceivingCenterIDs: []int64{f.leadCenter}, Visibility: access.Open}
	_, err = f.svc.Create(f.as("coordinatrice@gemella.test"), in)
	require.True(t, apperr.Is(err, apperr.Forbidden), "a lead centre of another region: %v", err)
	_, err = f.svc.Create(f.as("formatrice@gemella.test"), in)
	require.True(t, apperr.Is(err, apperr.Forbidden), "a trainer: %v", err)
	_, err = f.svc.Create(f.as("admin@gemella.test"), in)
	require.NoError(t, err, "an admin, anywhere")

	_, err = f.svc.Create(f.as("admin@gemella.test"), twinning.CreateInput{Title: "x", ServiceAreaSlug: "nessuna",
		LeadCenterID: f.leadCenter, ReceivingCenterIDs: []int64{f.leadCenter}, Visibility: "SEGRETO"})
	errs, ok := apperr.Expected(err)
	require.True(t, ok, "%v", err)
	fields := map[string]bool{}
	for _, e := range errs {
		fields[e.Field] = true
	}
	for _, want := range []string{"title", "summary", "visibility", "receivingCenterIds", "serviceAreaSlug"} {
		require.True(t, fields[want], "every field's error at once: %s missing from %v", want, err)
	}

	// An empty form: each choice not made is named as required, beside the texts' problems.
	_, err = f.svc.Create(f.as("coordinatrice@gemella.test"), twinning.CreateInput{Visibility: access.Restricted})
	errs, ok = apperr.Expected(err)
	require.True(t, ok, "%v", err)
	codes := map[string]apperr.Code{}
	for _, e := range errs {
		codes[e.Field] = e.Code
	}
	require.Equal(t, map[string]apperr.Code{"title": apperr.Invalid, "summary": apperr.Required, "serviceAreaSlug": apperr.Required,
		"leadCenterId": apperr.Required, "receivingCenterIds": apperr.Required}, codes)
}

func TestMembersAreManagedByTheSpaceManagers(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tw := f.create(t, "coordinatrice@gemella.test", access.Restricted)
	op := f.users["operatore@gemella.test"]
	_, err := f.svc.AddMember(f.as("formatrice@gemella.test"), tw.ID, op.ID, twinning.RoleReceiving)
	require.True(t, apperr.Is(err, apperr.NotFound), "a non-member cannot even see the restricted space: %v", err)

	m, err := f.svc.AddMember(f.as("coordinatrice@gemella.test"), tw.ID, op.ID, twinning.RoleReceiving)
	require.NoError(t, err)
	require.Equal(t, twinning.RoleReceiving, m.Role)
	_, err = f.svc.AddMember(f.as("operatore@gemella.test"), tw.ID, f.users["formatrice@gemella.test"].ID, twinning.RoleTrainer)
	require.True(t, apperr.Is(err, apperr.Forbidden), "a plain member does not manage: %v", err)
	_, err = f.svc.AddMember(f.as("coordinatrice@gemella.test"), tw.ID, op.ID, "CAPO")
	require.True(t, apperr.Is(err, apperr.Invalid))

	page, err := f.svc.Members(f.as("coordinatrice@gemella.test"), tw, paging.Page{First: 10})
	require.NoError(t, err)
	require.Len(t, page.Items, 2)
	require.Equal(t, twinning.RoleCoordinator, page.Items[0].Role, "coordinators first")
	n, err := page.Count()
	require.NoError(t, err)
	require.Equal(t, 2, n)

	require.NoError(t, f.svc.RemoveMember(f.as("coordinatrice@gemella.test"), tw.ID, op.ID))
	ok, err := access.NewService(f.pool).Scope(op).CanRead(context.Background(), &tw.ID, tw.Visibility)
	require.NoError(t, err)
	require.False(t, ok, "removed: the next scope cannot read the space")
	err = f.svc.RemoveMember(f.as("coordinatrice@gemella.test"), tw.ID, op.ID)
	require.True(t, apperr.Is(err, apperr.NotFound), "removing twice")
}

func TestJoinRequests(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tw := f.create(t, "coordinatrice@gemella.test", access.Community)
	asker := "operatore@gemella.test"
	jr, err := f.svc.RequestJoin(f.as(asker), tw.ID, "Vorrei partecipare.")
	require.NoError(t, err)
	again, err := f.svc.RequestJoin(f.as(asker), tw.ID, "Di nuovo")
	require.NoError(t, err)
	require.Equal(t, jr.ID, again.ID, "asking again returns the waiting request")
	_, err = f.svc.RequestJoin(context.Background(), tw.ID, "")
	require.True(t, apperr.Is(err, apperr.Unauthenticated))

	pending, err := f.svc.PendingJoins(f.as("coordinatrice@gemella.test"), tw)
	require.NoError(t, err)
	require.Len(t, pending, 1)
	none, err := f.svc.PendingJoins(f.as(asker), tw)
	require.NoError(t, err)
	require.Empty(t, none, "only managers see the requests")

	_, err = f.svc.DecideJoin(f.as(asker), jr.ID, true, twinning.RoleReceiving)
	require.True(t, apperr.Is(err, apperr.Forbidden), "%v", err)
	decided, err := f.svc.DecideJoin(f.as("coordinatrice@gemella.test"), jr.ID, true, twinning.RoleReceiving)
	require.NoError(t, err)
	require.Equal(t, "APPROVED", decided.Status)
	member, err := access.NewService(f.pool).Scope(f.users[asker]).IsMember(context.Background(), tw.ID)
	require.NoError(t, err)
	require.True(t, member)
	_, err = f.svc.DecideJoin(f.as("coordinatrice@gemella.test"), jr.ID, false, "")
	require.True(t, apperr.Is(err, apperr.NotFound), "a decided request is no longer pending")
	_, err = f.svc.RequestJoin(f.as(asker), tw.ID, "")
	require.True(t, apperr.Is(err, apperr.Conflict), "already a member")
}

func TestVisitReportsKeepRevisions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tw := f.create(t, "coordinatrice@gemella.test", access.Restricted)
	in := twinning.VisitReportInput{TwinningID: tw.ID, CenterID: f.otherCenter, Governance: "Prima stesura"}
	_, err := f.svc.UpdateVisitReport(f.as("operatore@gemella.test"), in)
	require.True(t, apperr.Is(err, apperr.NotFound), "a non-member of a restricted space: %v", err)

	v1, err := f.svc.UpdateVisitReport(f.as("coordinatrice@gemella.test"), in)
	require.NoError(t, err)
	require.Equal(t, 1, v1.Revision)
	in.Governance, in.ServiceFocus = "Seconda stesura", "Il focus"
	v2, err := f.svc.UpdateVisitReport(f.as("coordinatrice@gemella.test"), in)
	require.NoError(t, err)
	require.Equal(t, 2, v2.Revision)
	revs, err := f.svc.VisitRevisions(context.Background(), v2)
	require.NoError(t, err)
	require.Len(t, revs, 1)
	require.Equal(t, "Prima stesura", revs[0].Governance)

	all, err := f.svc.VisitReports(context.Background(), tw)
	require.NoError(t, err)
	require.Len(t, all, 2, "one per receiving centre, side by side")
	require.Equal(t, f.otherCenter, all[0].CenterID)
	require.Equal(t, "Seconda stesura", all[0].Governance)
	require.Zero(t, all[1].Revision, "the other centre has not written yet")

	in.CenterID = f.leadCenter
	_, err = f.svc.UpdateVisitReport(f.as("coordinatrice@gemella.test"), in)
	require.True(t, apperr.Is(err, apperr.Invalid), "the lead centre is not a receiving one")
}
