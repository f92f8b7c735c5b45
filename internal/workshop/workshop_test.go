package workshop_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/ledongthuc/pdf"
	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/devenv"
	"github.com/gemella/gemella/internal/directory"
	"github.com/gemella/gemella/internal/discussion"
	"github.com/gemella/gemella/internal/notification"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/storetest"
	"github.com/gemella/gemella/internal/workshop"
)

func TestMain(m *testing.M) {
	code := m.Run()
	devenv.CleanupTestServers()
	os.Exit(code)
}

type fixture struct {
	pool  *pgxpool.Pool
	svc   *workshop.Service
	space int64 // a RESTRICTED twinning whose only member is the coordinator
	users map[string]*auth.User
	clock time.Time
	mu    sync.Mutex
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	pool := storetest.NewDB(t, storetest.Options{Seeded: true})
	ctx := context.Background()
	f := &fixture{pool: pool, svc: workshop.NewService(pool, directory.NewService(pool), storetest.Files(t, pool)),
		users: map[string]*auth.User{}, clock: time.Date(2030, 3, 1, 9, 0, 0, 0, time.UTC)}
	workshop.SetClock(f.svc, func() time.Time {
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.clock
	})
	require.NoError(t, pool.QueryRow(ctx, `UPDATE twinnings SET visibility = 'RESTRICTED' WHERE key = 'gemellaggio-mediazione-familiare' RETURNING id`).Scan(&f.space))
	for _, name := range []string{"operatore", "formatrice", "coordinatrice", "moderatore"} {
		f.users[name] = f.user(t, name+"@gemella.test")
	}
	_, err := pool.Exec(ctx, `INSERT INTO twinning_members (twinning_id, user_id, role) VALUES ($1, $2, 'COORDINATOR')
		ON CONFLICT DO NOTHING`, f.space, f.users["coordinatrice"].ID)
	require.NoError(t, err)
	return f
}

func (f *fixture) user(t testing.TB, email string) *auth.User {
	var id int64
	require.NoError(t, f.pool.QueryRow(context.Background(), `SELECT id FROM users WHERE email = $1`, email).Scan(&id))
	u, err := auth.NewService(f.pool, false).UserByID(context.Background(), id)
	require.NoError(t, err)
	return u
}

// people makes n operators.
func (f *fixture) people(t testing.TB, n int) []*auth.User {
	out := make([]*auth.User, n)
	for i := range out {
		email := fmt.Sprintf("persona%d-%d@gemella.test", i, time.Now().UnixNano())
		var id int64
		require.NoError(t, f.pool.QueryRow(context.Background(), `INSERT INTO users (email, display_name, password_hash)
			VALUES ($1, $2, 'x') RETURNING id`, email, fmt.Sprintf("Persona %d", i)).Scan(&id))
		out[i] = &auth.User{ID: id, DisplayName: fmt.Sprintf("Persona %d", i), Roles: []auth.Role{auth.Operator}}
	}
	return out
}

func (f *fixture) setClock(t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.clock = t
}

// as is the context of one operation by u (nil for anonymous).
func (f *fixture) as(u *auth.User) context.Context {
	ctx := auth.WithViewer(context.Background(), u)
	return access.WithScope(ctx, access.NewService(f.pool).Scope(u))
}

func ptr[T any](v T) *T { return &v }

var day = time.Date(2030, 4, 10, 7, 0, 0, 0, time.UTC)

func validInput() workshop.PublishInput {
	return workshop.PublishInput{
		Title: "Laboratorio sulla mediazione", Description: "Due mattine di **lavoro** in gruppo.",
		Kind: workshop.KindLab, Mode: workshop.Hybrid, ServiceAreaSlug: ptr("mediazione-familiare"),
		Sessions: []workshop.SessionInput{
			{StartsAt: day, EndsAt: day.Add(3 * time.Hour), Place: ptr("Sala del Centro")},
			{StartsAt: day.Add(24 * time.Hour), EndsAt: day.Add(27 * time.Hour), OnlineURL: ptr("https://meet.example.org/lab")},
		},
	}
}

func (f *fixture) publish(t *testing.T, mod func(*workshop.PublishInput)) *workshop.Workshop {
	t.Helper()
	in := validInput()
	if mod != nil {
		mod(&in)
	}
	w, err := f.svc.Publish(f.as(f.users["formatrice"]), in)
	require.NoError(t, err)
	return w
}

func fields(t *testing.T, err error) []string {
	t.Helper()
	errs, ok := apperr.Expected(err)
	require.True(t, ok, "unexpected error %v", err)
	var out []string
	for _, e := range errs {
		out = append(out, e.Field)
	}
	sort.Strings(out)
	return out
}

func TestPublishValidatesEveryFieldAtOnce(t *testing.T) {
	f := newFixture(t)
	ctx := f.as(f.users["formatrice"])
	in := validInput()
	in.Title = "x"
	in.Capacity = ptr(0)
	in.Sessions[0].EndsAt = in.Sessions[0].StartsAt.Add(-time.Hour)
	in.Sessions[1].OnlineURL = ptr("javascript:alert(1)")
	in.Links = []workshop.LinkInput{{Name: "", URL: "data:text/html,x"}}
	in.RegistrationDeadline = ptr(day.Add(48 * time.Hour))
	_, err := f.svc.Publish(ctx, in)
	require.Equal(t, []string{"capacity", "links.0.name", "links.0.url", "registrationDeadline", "sessions.0.endsAt", "sessions.1.onlineUrl", "title"}, fields(t, err))

	in = validInput()
	in.Sessions = nil
	_, err = f.svc.Publish(ctx, in)
	require.Equal(t, []string{"sessions"}, fields(t, err))

	_, err = f.svc.Publish(f.as(f.users["operatore"]), validInput())
	require.True(t, apperr.Is(err, apperr.Forbidden))

	var n int
	require.NoError(t, f.pool.QueryRow(context.Background(), `SELECT count(*) FROM workshops WHERE title IN ('x', $1)`, validInput().Title).Scan(&n))
	require.Zero(t, n, "a refused workshop leaves nothing behind")
}

func TestPublishedWorkshopKeepsItsSessionsInUTC(t *testing.T) {
	f := newFixture(t)
	rome, err := time.LoadLocation("Europe/Rome")
	require.NoError(t, err)
	// The night the clocks go forward: 01:30 CET to 04:30 CEST is two hours.
	start := time.Date(2030, 3, 31, 1, 30, 0, 0, rome)
	w := f.publish(t, func(in *workshop.PublishInput) {
		in.Sessions = []workshop.SessionInput{{StartsAt: start, EndsAt: time.Date(2030, 3, 31, 4, 30, 0, 0, rome)}}
	})
	sessions, err := f.svc.SessionsOf(f.as(nil), []int64{w.ID})
	require.NoError(t, err)
	require.Len(t, sessions[w.ID], 1)
	s := sessions[w.ID][0]
	require.True(t, s.StartsAt.Equal(start))
	require.Equal(t, 2.0, s.Hours())
	require.True(t, w.StartsAt.Equal(start))
}

// TestLastSeatRace: many people registering at once for the last seat never overbook.
func TestLastSeatRace(t *testing.T) {
	f := newFixture(t)
	w := f.publish(t, func(in *workshop.PublishInput) { in.Capacity = ptr(1) })
	people := f.people(t, 60)
	var wg sync.WaitGroup
	statuses := make([]workshop.RegistrationStatus, len(people))
	errs := make([]error, len(people))
	start := make(chan struct{})
	for i, u := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r, err := f.svc.Register(f.as(u), w.ID)
			errs[i] = err
			if err == nil {
				statuses[i] = r.Status
			}
		}()
	}
	close(start)
	wg.Wait()
	confirmed := 0
	for i := range people {
		require.NoError(t, errs[i])
		if statuses[i] == workshop.Confirmed {
			confirmed++
		}
	}
	require.Equal(t, 1, confirmed)
	rows, err := f.pool.Query(context.Background(), `SELECT status, count(*) FROM workshop_registrations WHERE workshop_id = $1 GROUP BY status`, w.ID)
	require.NoError(t, err)
	counts := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		require.NoError(t, rows.Scan(&s, &n))
		counts[s] = n
	}
	require.Equal(t, map[string]int{"CONFIRMED": 1, "WAITLISTED": 59}, counts)
	var got []int
	require.NoError(t, f.pool.QueryRow(context.Background(), `SELECT array_agg(p ORDER BY p) FROM (
		SELECT count(*) OVER (ORDER BY queue_no) AS p FROM workshop_registrations WHERE workshop_id = $1 AND status = 'WAITLISTED') x`, w.ID).Scan(&got))
	require.Len(t, got, 59)
	// Each waiting person reads their own place: 1 to 59, each once.
	var positions []int
	for _, u := range people {
		if st, pos := position(t, f, u, w); st == workshop.Waitlisted {
			positions = append(positions, pos)
		}
	}
	sort.Ints(positions)
	for i, p := range positions {
		require.Equal(t, i+1, p)
	}
	require.Len(t, positions, 59)
}

func register(t *testing.T, f *fixture, u *auth.User, w *workshop.Workshop) *workshop.Registration {
	t.Helper()
	r, err := f.svc.Register(f.as(u), w.ID)
	require.NoError(t, err)
	return r
}

func position(t *testing.T, f *fixture, u *auth.User, w *workshop.Workshop) (workshop.RegistrationStatus, int) {
	t.Helper()
	regs, err := f.svc.ViewerRegistrations(f.as(u), []int64{w.ID})
	require.NoError(t, err)
	r := regs[w.ID]
	require.NotNil(t, r)
	if r.WaitlistPosition == nil {
		return r.Status, 0
	}
	return r.Status, *r.WaitlistPosition
}

func notifications(t *testing.T, f *fixture, u *auth.User, kind string) int {
	var n int
	require.NoError(t, f.pool.QueryRow(context.Background(), `SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = $2`, u.ID, kind).Scan(&n))
	return n
}

func TestWaitlistIsServedInArrivalOrder(t *testing.T) {
	f := newFixture(t)
	w := f.publish(t, func(in *workshop.PublishInput) { in.Capacity = ptr(2) })
	p := f.people(t, 6)
	for _, u := range p[:5] {
		register(t, f, u, w)
	}
	for i, want := range []int{0, 0, 1, 2, 3} {
		st, pos := position(t, f, p[i], w)
		require.Equal(t, want, pos, "person %d", i)
		require.Equal(t, want == 0, st == workshop.Confirmed)
	}
	// Registering again returns the same registration, without moving.
	again := register(t, f, p[3], w)
	require.Equal(t, workshop.Waitlisted, again.Status)
	require.Equal(t, 2, *again.WaitlistPosition)

	// A cancellation promotes the first in the waitlist, in the same transaction, and tells them.
	r, err := f.svc.CancelRegistration(f.as(p[0]), w.ID)
	require.NoError(t, err)
	require.Equal(t, workshop.Withdrawn, r.Status)
	st, _ := position(t, f, p[2], w)
	require.Equal(t, workshop.Confirmed, st)
	require.Equal(t, 1, notifications(t, f, p[2], notification.RegistrationPromoted))
	require.Zero(t, notifications(t, f, p[3], notification.RegistrationPromoted))
	_, pos := position(t, f, p[3], w)
	require.Equal(t, 1, pos)

	// A newcomer queues behind those waiting; someone who cancels and comes back too.
	register(t, f, p[5], w)
	_, pos = position(t, f, p[5], w)
	require.Equal(t, 3, pos)
	_, err = f.svc.CancelRegistration(f.as(p[3]), w.ID)
	require.NoError(t, err)
	register(t, f, p[3], w)
	_, pos = position(t, f, p[3], w)
	require.Equal(t, 3, pos)
	_, pos = position(t, f, p[4], w)
	require.Equal(t, 1, pos)

	// A larger capacity gives the new seats to the first two waiting.
	_, err = f.svc.Edit(f.as(f.users["formatrice"]), workshop.EditInput{WorkshopID: w.ID, Capacity: ptr(4)})
	require.NoError(t, err)
	for _, u := range []*auth.User{p[4], p[5]} {
		st, _ := position(t, f, u, w)
		require.Equal(t, workshop.Confirmed, st)
	}
	_, pos = position(t, f, p[3], w)
	require.Equal(t, 1, pos)
}

func TestNoPromotionOnceRegistrationsClose(t *testing.T) {
	f := newFixture(t)
	w := f.publish(t, func(in *workshop.PublishInput) {
		in.Capacity = ptr(1)
		in.RegistrationDeadline = ptr(day.Add(-24 * time.Hour))
	})
	p := f.people(t, 3)
	register(t, f, p[0], w)
	register(t, f, p[1], w)

	f.setClock(day.Add(-23 * time.Hour)) // after the deadline, before the start
	_, err := f.svc.Register(f.as(p[2]), w.ID)
	require.True(t, apperr.Is(err, apperr.Invalid))
	_, err = f.svc.CancelRegistration(f.as(p[0]), w.ID)
	require.NoError(t, err)
	st, pos := position(t, f, p[1], w)
	require.Equal(t, workshop.Waitlisted, st, "nobody is promoted after registrations close")
	require.Equal(t, 1, pos)
	require.Zero(t, notifications(t, f, p[1], notification.RegistrationPromoted))

	// Without a deadline, registrations close when the first session starts.
	w2 := f.publish(t, func(in *workshop.PublishInput) { in.Capacity = ptr(1) })
	f.setClock(day.Add(time.Minute))
	_, err = f.svc.Register(f.as(p[2]), w2.ID)
	require.True(t, apperr.Is(err, apperr.Invalid))
}

func TestAttendanceAndCertificate(t *testing.T) {
	f := newFixture(t)
	w := f.publish(t, nil)
	p := f.people(t, 2)
	register(t, f, p[0], w)
	trainer := f.as(f.users["formatrice"])
	sessions, err := f.svc.SessionsOf(trainer, []int64{w.ID})
	require.NoError(t, err)
	first, second := sessions[w.ID][0], sessions[w.ID][1]

	_, err = f.svc.MarkAttendance(trainer, w.ID, first.ID, p[0].ID, true)
	require.True(t, apperr.Is(err, apperr.Invalid), "a session that has not started")

	f.setClock(day.Add(48 * time.Hour))
	_, err = f.svc.MarkAttendance(f.as(p[1]), w.ID, first.ID, p[0].ID, true)
	require.True(t, apperr.Is(err, apperr.Forbidden))
	_, err = f.svc.MarkAttendance(trainer, w.ID, first.ID, p[1].ID, true)
	require.True(t, apperr.Is(err, apperr.Invalid), "not registered")
	_, err = f.svc.MarkAttendance(trainer, w.ID, first.ID, p[0].ID, true)
	require.NoError(t, err)

	_, err = f.svc.RequestCertificate(f.as(p[0]), w.ID)
	require.True(t, apperr.Is(err, apperr.Invalid), "one session of two is not enough by default")

	_, err = f.svc.MarkAttendance(trainer, w.ID, second.ID, p[0].ID, true)
	require.NoError(t, err)
	c, err := f.svc.RequestCertificate(f.as(p[0]), w.ID)
	require.NoError(t, err)
	require.Equal(t, 6.0, c.Hours)
	require.Regexp(t, `^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$`, c.Code)
	again, err := f.svc.RequestCertificate(f.as(p[0]), w.ID)
	require.NoError(t, err)
	require.Equal(t, c.Code, again.Code)

	v, err := f.svc.Verify(context.Background(), strings.ToLower(strings.ReplaceAll(c.Code, "-", "")))
	require.NoError(t, err)
	require.NotNil(t, v)
	require.Equal(t, "Persona 0", v.Participant)
	require.Len(t, v.Sessions, 2)
	require.Nil(t, v.Sessions[1].OnlineURL)
	missing, err := f.svc.Verify(context.Background(), "0000-0000-0000")
	require.NoError(t, err)
	require.Nil(t, missing)

	_, err = f.svc.CertificateForDownload(f.as(p[1]), c.Code)
	require.True(t, apperr.Is(err, apperr.NotFound), "someone else's certificate")
	for _, u := range []*auth.User{p[0], f.users["formatrice"], f.users["moderatore"]} {
		_, err = f.svc.CertificateForDownload(f.as(u), c.Code)
		require.NoError(t, err)
	}
}

// TestParticipantsOnly: material for participants, the discussion and the online link reach
// confirmed participants, trainers, the space's members and moderators, nobody else.
func TestParticipantsOnly(t *testing.T) {
	f := newFixture(t)
	w := f.publish(t, func(in *workshop.PublishInput) {
		in.Capacity = ptr(1)
		in.Links = []workshop.LinkInput{{Name: "Programma", URL: "https://example.org/p"},
			{Name: "Dispense", URL: "https://example.org/d", Audience: workshop.Participants}}
	})
	p := f.people(t, 3)
	register(t, f, p[0], w) // confirmed
	register(t, f, p[1], w) // waitlisted
	threads := discussion.NewService(f.pool, auth.NewService(f.pool, false).UsersByIDs)
	for _, c := range []struct {
		name string
		u    *auth.User
		in   bool
	}{
		{"anonymous", nil, false}, {"other member", p[2], false}, {"waitlisted", p[1], false},
		{"confirmed", p[0], true}, {"trainer", f.users["formatrice"], true}, {"moderator", f.users["moderatore"], true},
	} {
		ctx := f.as(c.u)
		m, err := f.svc.MaterialsOf(ctx, []int64{w.ID})
		require.NoError(t, err)
		want := 1
		if c.in {
			want = 2
		}
		require.Len(t, m[w.ID], want, c.name)
		got, err := f.svc.ByIDs(ctx, []int64{w.ID})
		require.NoError(t, err)
		require.Equal(t, c.in, got[w.ID].InAudience, c.name)
		d, err := threads.ByIDs(ctx, []int64{w.DiscussionID})
		require.NoError(t, err)
		require.Equal(t, c.in, d[w.DiscussionID] != nil, c.name)
		s, err := f.svc.SessionsOf(ctx, []int64{w.ID})
		require.NoError(t, err)
		require.Equal(t, c.in, s[w.ID][1].OnlineURL != nil, c.name)
	}

	// In a RESTRICTED space the workshop is its members'; they read the participants' part too.
	in := validInput()
	in.SpaceID = &f.space
	_, err := f.svc.Publish(f.as(f.users["formatrice"]), in)
	require.True(t, apperr.Is(err, apperr.NotFound), "a trainer outside the space cannot publish in it: %v", err)
	sw, err := f.svc.Publish(f.as(f.users["coordinatrice"]), in)
	require.NoError(t, err)
	member, err := f.svc.ByIDs(f.as(f.users["coordinatrice"]), []int64{sw.ID})
	require.NoError(t, err)
	require.True(t, member[sw.ID].InAudience)
	outside, err := f.svc.ByIDs(f.as(p[0]), []int64{sw.ID})
	require.NoError(t, err)
	require.Nil(t, outside[sw.ID])
	_, err = f.svc.Register(f.as(p[0]), sw.ID)
	require.True(t, apperr.Is(err, apperr.NotFound))
}

func TestNewWorkshopIsAnnouncedToItsServiceArea(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	// The operator's centre offers mediation; the trainer who publishes is not told.
	var center int64
	require.NoError(t, f.pool.QueryRow(ctx, `SELECT center_id FROM users WHERE id = $1`, f.users["operatore"].ID).Scan(&center))
	_, err := f.pool.Exec(ctx, `INSERT INTO center_services (center_id, service_area_id)
		SELECT $1, id FROM service_areas WHERE slug = 'mediazione-familiare' ON CONFLICT DO NOTHING`, center)
	require.NoError(t, err)
	w := f.publish(t, nil)
	require.Equal(t, 1, notifications(t, f, f.users["operatore"], notification.NewWorkshop))
	require.Zero(t, notifications(t, f, f.users["formatrice"], notification.NewWorkshop))
	_ = w

	// Inside a RESTRICTED space, only those who may read it hear of it.
	in := validInput()
	in.SpaceID = &f.space
	_, err = f.svc.Publish(f.as(f.users["coordinatrice"]), in)
	require.NoError(t, err)
	require.Equal(t, 1, notifications(t, f, f.users["operatore"], notification.NewWorkshop), "not a member: not told")
}

// TestWhoMayEditAndCancel: the owner, a co-trainer, a moderator and an admin edit and cancel
// a workshop, nobody else. A cancelled workshop reaches calendars as every session
// CANCELLED, same UIDs, higher SEQUENCE (read back by a parser), and everyone registered is told.
func TestWhoMayEditAndCancel(t *testing.T) {
	f := newFixture(t)
	admin := f.user(t, "admin@gemella.test")
	w := f.publish(t, func(in *workshop.PublishInput) { in.TrainerIDs = []int64{f.users["coordinatrice"].ID} })
	p := f.people(t, 1)
	register(t, f, p[0], w)
	for _, u := range []*auth.User{f.users["operatore"], p[0]} {
		_, err := f.svc.Edit(f.as(u), workshop.EditInput{WorkshopID: w.ID, Title: ptr("Un titolo non suo")})
		require.True(t, apperr.Is(err, apperr.Forbidden), "%s: %v", u.DisplayName, err)
		_, err = f.svc.Cancel(f.as(u), w.ID, "")
		require.True(t, apperr.Is(err, apperr.Forbidden), "%s: %v", u.DisplayName, err)
	}
	for i, u := range []*auth.User{f.users["formatrice"], f.users["coordinatrice"], f.users["moderatore"], admin} {
		got, err := f.svc.Edit(f.as(u), workshop.EditInput{WorkshopID: w.ID, Title: ptr(fmt.Sprintf("Laboratorio rivisto %d", i))})
		require.NoError(t, err, u.DisplayName)
		require.Equal(t, i+1, got.Sequence, "each change raises the sequence")
	}
	calendar := func() []ical.Event {
		var b bytes.Buffer
		require.NoError(t, f.svc.WriteCalendar(f.as(nil), &b, "https://gemella.example", w.ID))
		cal, err := ical.NewDecoder(&b).Decode()
		require.NoError(t, err)
		return cal.Events()
	}
	before := calendar()
	require.Len(t, before, 2)

	cancelled, err := f.svc.Cancel(f.as(admin), w.ID, "Sala non disponibile")
	require.NoError(t, err)
	require.Equal(t, workshop.Cancelled, cancelled.Status)
	require.Equal(t, 1, notifications(t, f, p[0], notification.WorkshopCancelled))
	_, err = f.svc.Edit(f.as(f.users["formatrice"]), workshop.EditInput{WorkshopID: w.ID, Capacity: ptr(3)})
	require.True(t, apperr.Is(err, apperr.Invalid), "a cancelled workshop is not edited: %v", err)

	after := calendar()
	require.Len(t, after, len(before))
	for i, e := range after {
		require.Equal(t, before[i].Props.Get(ical.PropUID).Value, e.Props.Get(ical.PropUID).Value, "UIDs stay")
		status, err := e.Status()
		require.NoError(t, err)
		require.Equal(t, ical.EventCancelled, status)
		was, err := before[i].Props.Get(ical.PropSequence).Int()
		require.NoError(t, err)
		now, err := e.Props.Get(ical.PropSequence).Int()
		require.NoError(t, err)
		require.Greater(t, now, was)
	}
}

// TestNoPromotionAfterTheStart: without a deadline registrations close when the first
// session starts; a seat freed after that, by a cancellation or a larger capacity, goes to
// nobody, and the waitlist keeps its order.
func TestNoPromotionAfterTheStart(t *testing.T) {
	f := newFixture(t)
	w := f.publish(t, func(in *workshop.PublishInput) { in.Capacity = ptr(1) })
	p := f.people(t, 3)
	for _, u := range p {
		register(t, f, u, w)
	}
	f.setClock(day.Add(time.Minute))
	_, err := f.svc.CancelRegistration(f.as(p[0]), w.ID)
	require.NoError(t, err)
	_, err = f.svc.Edit(f.as(f.users["formatrice"]), workshop.EditInput{WorkshopID: w.ID, Capacity: ptr(5)})
	require.NoError(t, err)
	for i, u := range p[1:] {
		st, pos := position(t, f, u, w)
		require.Equal(t, workshop.Waitlisted, st, "person %d", i+1)
		require.Equal(t, i+1, pos)
		require.Zero(t, notifications(t, f, u, notification.RegistrationPromoted))
	}
}

// TestCertificateAtTheShareTheTrainerSets: with half the sessions required, one of two is
// enough; the PDF names the participant, the workshop, the session attended in Rome time, the
// hours, the trainers, the host centre and the code with its verification address.
func TestCertificateAtTheShareTheTrainerSets(t *testing.T) {
	f := newFixture(t)
	var center int64
	var centerName string
	require.NoError(t, f.pool.QueryRow(context.Background(), `SELECT id, name FROM centers ORDER BY id LIMIT 1`).Scan(&center, &centerName))
	w := f.publish(t, func(in *workshop.PublishInput) {
		in.AttendanceRequired, in.HostCenterID, in.TrainerIDs = ptr(50), &center, []int64{f.users["coordinatrice"].ID}
	})
	p := f.people(t, 1)
	register(t, f, p[0], w)
	trainer := f.as(f.users["formatrice"])
	sessions, err := f.svc.SessionsOf(trainer, []int64{w.ID})
	require.NoError(t, err)
	f.setClock(day.Add(time.Hour))
	_, err = f.svc.MarkAttendance(trainer, w.ID, sessions[w.ID][0].ID, p[0].ID, true)
	require.NoError(t, err)
	c, err := f.svc.RequestCertificate(f.as(p[0]), w.ID)
	require.NoError(t, err)
	require.Equal(t, 3.0, c.Hours)
	require.Equal(t, []int64{sessions[w.ID][0].ID}, c.SessionIDs)

	var file bytes.Buffer
	require.NoError(t, f.svc.WriteCertificate(f.as(p[0]), &file, "https://gemella.example", c.Code))
	r, err := pdf.NewReader(bytes.NewReader(file.Bytes()), int64(file.Len()))
	require.NoError(t, err)
	plain, err := r.GetPlainText()
	require.NoError(t, err)
	raw, err := io.ReadAll(plain)
	require.NoError(t, err)
	text := strings.Join(strings.Fields(string(raw)), " ")
	for _, want := range []string{"Persona 0", w.Title, "10 aprile 2030, dalle 09:00 alle 12:00", "3 ore",
		f.users["formatrice"].DisplayName, f.users["coordinatrice"].DisplayName, centerName, c.Code, "https://gemella.example/verifica/" + c.Code} {
		require.Contains(t, text, want)
	}
}

// TestAddedLinkIsSearchedAgain: a link added later is queued for search like any change of
// the workshop's document.
func TestAddedLinkIsSearchedAgain(t *testing.T) {
	f := newFixture(t)
	w := f.publish(t, nil)
	queued := func() int {
		var n int
		require.NoError(t, f.pool.QueryRow(context.Background(), `SELECT count(*) FROM search_outbox WHERE kind = $1 AND entity_id = $2`,
			workshop.SearchKind, w.ID).Scan(&n))
		return n
	}
	n := queued()
	_, err := f.svc.AddLink(f.as(f.users["formatrice"]), w.ID, workshop.LinkInput{Name: "Scheda melagranalink", URL: "https://example.org/s"})
	require.NoError(t, err)
	require.Equal(t, n+1, queued())
}

// TestListFilters: upcoming and past, by service area, region, space, trainer and mode, and
// keyset pages that neither skip nor repeat.
func TestListFilters(t *testing.T) {
	f := newFixture(t)
	var center, region int64
	require.NoError(t, f.pool.QueryRow(context.Background(), `SELECT id, region_id FROM centers ORDER BY id LIMIT 1`).Scan(&center, &region))
	a := f.publish(t, func(in *workshop.PublishInput) {
		in.Mode, in.ServiceAreaSlug, in.HostCenterID = workshop.Online, ptr("orientamento"), &center
	})
	in := validInput()
	in.Mode, in.SpaceID, in.TrainerIDs = workshop.InPerson, &f.space, []int64{f.users["formatrice"].ID}
	for i := range in.Sessions {
		in.Sessions[i].StartsAt, in.Sessions[i].EndsAt = in.Sessions[i].StartsAt.Add(48*time.Hour), in.Sessions[i].EndsAt.Add(48*time.Hour)
	}
	b, err := f.svc.Publish(f.as(f.users["coordinatrice"]), in)
	require.NoError(t, err)
	past := time.Date(2029, 5, 2, 7, 0, 0, 0, time.UTC)
	c := f.publish(t, func(in *workshop.PublishInput) {
		in.Sessions = []workshop.SessionInput{{StartsAt: past, EndsAt: past.Add(2 * time.Hour)}}
	})
	list := func(filter workshop.Filter, first int) ([]int64, int) {
		t.Helper()
		var ids []int64
		total := 0
		for after := ""; ; {
			r, err := f.svc.List(f.as(f.users["moderatore"]), filter, paging.Page{First: first, After: after})
			require.NoError(t, err)
			for _, w := range r.Items {
				ids = append(ids, w.ID)
			}
			total, err = r.Count()
			require.NoError(t, err)
			if !r.HasNextPage {
				return ids, total
			}
			after = r.Cursors[len(r.Cursors)-1]
		}
	}
	for _, tc := range []struct {
		name   string
		filter workshop.Filter
		want   []int64
	}{
		{"upcoming", workshop.Filter{Upcoming: true}, []int64{a.ID, b.ID}},
		{"service area", workshop.Filter{Upcoming: true, ServiceAreaSlug: ptr("orientamento")}, []int64{a.ID}},
		{"region", workshop.Filter{Upcoming: true, RegionID: &region}, []int64{a.ID}},
		{"space", workshop.Filter{Upcoming: true, SpaceID: &f.space}, []int64{b.ID}},
		{"publisher", workshop.Filter{Upcoming: true, TrainerID: &f.users["coordinatrice"].ID}, []int64{b.ID}},
		{"co-trainer", workshop.Filter{Upcoming: true, TrainerID: &f.users["formatrice"].ID}, []int64{a.ID, b.ID}},
		{"mode", workshop.Filter{Upcoming: true, Mode: ptr(workshop.Online)}, []int64{a.ID}},
	} {
		got, total := list(tc.filter, 50)
		require.Equal(t, tc.want, got, tc.name)
		require.Equal(t, len(tc.want), total, tc.name)
	}
	all, total := list(workshop.Filter{Past: true}, 50)
	require.Equal(t, c.ID, all[0], "the most recent past one first")
	require.Len(t, all, total)
	paged, _ := list(workshop.Filter{Past: true}, 2)
	require.Equal(t, all, paged, "pages of two give the same list")
}
