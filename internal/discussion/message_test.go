package discussion_test

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/devenv"
	"github.com/gemella/gemella/internal/discussion"
	"github.com/gemella/gemella/internal/gid"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	devenv.CleanupTestServers()
	os.Exit(code)
}

type fixture struct {
	pool   *pgxpool.Pool
	svc    *discussion.Service
	users  map[string]*auth.User
	public int64 // a question's thread, open to all
	closed int64 // a RESTRICTED twinning's thread; the coordinator is its only member
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	pool := storetest.NewDB(t, storetest.Options{Seeded: true})
	ctx := context.Background()
	accounts := auth.NewService(pool, false)
	f := &fixture{pool: pool, svc: discussion.NewService(pool, accounts.UsersByIDs), users: map[string]*auth.User{}}
	for _, name := range []string{"operatore", "formatrice", "coordinatrice", "moderatore"} {
		var id int64
		require.NoError(t, pool.QueryRow(ctx, `SELECT id FROM users WHERE email = $1`, name+"@gemella.test").Scan(&id))
		u, err := accounts.UserByID(ctx, id)
		require.NoError(t, err)
		f.users[name] = u
	}
	require.NoError(t, pool.QueryRow(ctx, `SELECT discussion_id FROM questions ORDER BY id LIMIT 1`).Scan(&f.public))
	var space int64
	require.NoError(t, pool.QueryRow(ctx, `UPDATE twinnings SET visibility = 'RESTRICTED' WHERE key = 'gemellaggio-mediazione-familiare'
		RETURNING id, discussion_id`).Scan(&space, &f.closed))
	_, err := pool.Exec(ctx, `DELETE FROM twinning_members WHERE twinning_id = $1 AND user_id <> $2`, space, f.users["coordinatrice"].ID)
	require.NoError(t, err)
	_, err = pool.Exec(ctx, `INSERT INTO twinning_members (twinning_id, user_id, role) VALUES ($1, $2, 'COORDINATOR') ON CONFLICT DO NOTHING`,
		space, f.users["coordinatrice"].ID)
	require.NoError(t, err)
	return f
}

func (f *fixture) as(name string) context.Context {
	u := f.users[name]
	return access.WithScope(auth.WithViewer(context.Background(), u), access.NewService(f.pool).Scope(u))
}

func (f *fixture) post(t *testing.T, who string, thread int64, body string) *discussion.Message {
	t.Helper()
	m, err := f.svc.Post(f.as(who), discussion.PostInput{ThreadID: thread, Body: body})
	require.NoError(t, err)
	return m
}

func (f *fixture) notified(t *testing.T, who, kind string) int {
	var n int
	require.NoError(t, f.pool.QueryRow(context.Background(), `SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = $2`,
		f.users[who].ID, kind).Scan(&n))
	return n
}

func mention(u *auth.User) string {
	return "[@" + u.DisplayName + "](mention:" + gid.Encode(gid.User, u.ID) + ")"
}

func TestMentionsReachOnlyThoseWhoMayRead(t *testing.T) {
	f := newFixture(t)
	m := f.post(t, "coordinatrice", f.closed, "Ne parlo con "+mention(f.users["operatore"])+" e "+mention(f.users["moderatore"]))
	require.Equal(t, 0, f.notified(t, "operatore", "MENTION"), "not a member: neither told nor revealed")
	require.Equal(t, 1, f.notified(t, "moderatore", "MENTION"))
	require.Contains(t, m.HTML(), "@"+f.users["operatore"].DisplayName)
	require.NotContains(t, m.HTML(), "mention:")

	// A reply tells the author replied to; followers hear of activity; the author hears nothing of their own.
	f.post(t, "operatore", f.public, "Prima domanda nel filo.")
	first := f.post(t, "formatrice", f.public, "Una proposta.")
	_, err := f.svc.Post(f.as("operatore"), discussion.PostInput{ThreadID: f.public, Body: "Risposta alla proposta.", ReplyToID: &first.ID})
	require.NoError(t, err)
	require.Equal(t, 1, f.notified(t, "formatrice", "REPLY"))
	require.Equal(t, 0, f.notified(t, "formatrice", "THREAD_ACTIVITY"), "one notification per person and message")
	require.Equal(t, 1, f.notified(t, "operatore", "THREAD_ACTIVITY"), "the formatrice's message, in a thread the operator posted in")
	_, err = f.svc.Follow(f.as("operatore"), f.public, false)
	require.NoError(t, err)
	f.post(t, "formatrice", f.public, "Ancora io.")
	require.Equal(t, 1, f.notified(t, "operatore", "THREAD_ACTIVITY"), "unfollowed")
	f.post(t, "operatore", f.public, "Scrivo di nuovo, senza tornare a seguire.")
	f.post(t, "formatrice", f.public, "E io rispondo.")
	require.Equal(t, 1, f.notified(t, "operatore", "THREAD_ACTIVITY"), "posting again does not follow again")

	_, err = f.svc.Post(f.as("operatore"), discussion.PostInput{ThreadID: f.closed, Body: "Entro?"})
	require.True(t, apperr.Is(err, apperr.NotFound))
}

// TestUnreadCountsStayRight: counts are taken against the read position in commit order, so
// a message that commits after the reader marked the thread read is unread, even when its
// id is lower than the last one read.
func TestUnreadCountsStayRight(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	count := func() discussion.Counts {
		c, err := f.svc.CountsOf(f.as("operatore"), []int64{f.public})
		require.NoError(t, err)
		return c[f.public]
	}
	f.post(t, "formatrice", f.public, "Uno.")
	f.post(t, "formatrice", f.public, "Due "+mention(f.users["operatore"]))
	require.Equal(t, discussion.Counts{Unread: 2, Mentions: 1}, count())
	f.post(t, "operatore", f.public, "Il mio non conta.")
	require.Equal(t, 2, count().Unread)

	// A message whose transaction began first (lower id) commits after the reader marks read.
	late, err := f.pool.Begin(ctx)
	require.NoError(t, err)
	_, err = late.Exec(ctx, `INSERT INTO messages (discussion_id, author_id, body) VALUES ($1, $2, 'In ritardo.')`, f.public, f.users["moderatore"].ID)
	require.NoError(t, err)
	f.post(t, "formatrice", f.public, "Tre.")
	_, err = f.svc.MarkRead(f.as("operatore"), f.public)
	require.NoError(t, err)
	require.NoError(t, late.Commit(ctx))
	require.Equal(t, discussion.Counts{Unread: 2, Follows: true}, count(), "Tre waited behind the late one, which was not read either")
	_, err = f.svc.MarkRead(f.as("operatore"), f.public)
	require.NoError(t, err)
	require.Equal(t, discussion.Counts{Follows: true}, count())

	page, err := f.svc.History(f.as("operatore"), f.public, paging.Page{First: 2}, true)
	require.NoError(t, err)
	require.Len(t, page.Items, 2)
	require.Equal(t, "Tre.", page.Items[1].Body, "newest last")
}

func TestEditDeleteAndReact(t *testing.T) {
	f := newFixture(t)
	m := f.post(t, "formatrice", f.public, "Testo da correggere.")
	_, err := f.svc.Edit(f.as("operatore"), m.ID, "Non è mio.")
	require.True(t, apperr.Is(err, apperr.Forbidden))
	edited, err := f.svc.Edit(f.as("formatrice"), m.ID, "Testo corretto.")
	require.NoError(t, err)
	require.NotNil(t, edited.EditedAt)
	_, err = f.svc.React(f.as("operatore"), m.ID, "👍", true)
	require.NoError(t, err)
	// Only the set's reactions: no markup, no text, no invisible or direction characters.
	for _, bad := range []string{"<b>", "abcd", "a\u202eb", "\u200b", "x\ny", "👍👍"} {
		_, err = f.svc.React(f.as("operatore"), m.ID, bad, true)
		require.True(t, apperr.Is(err, apperr.Invalid), "%q: %v", bad, err)
	}
	// A heart without its variation selector is the set's heart.
	_, err = f.svc.React(f.as("moderatore"), m.ID, "❤", true)
	require.NoError(t, err)
	_, err = f.svc.React(f.as("moderatore"), m.ID, "❤", false)
	require.NoError(t, err)
	r, err := f.svc.ReactionsOf(f.as("operatore"), []int64{m.ID})
	require.NoError(t, err)
	require.Equal(t, []discussion.Reaction{{Emoji: "👍", Count: 1, Viewer: true}}, r[m.ID])
	deleted, err := f.svc.Delete(f.as("moderatore"), m.ID)
	require.NoError(t, err)
	require.True(t, deleted.Deleted())
	require.Empty(t, deleted.Body)
	require.Empty(t, deleted.HTML())
	var kinds []string
	rows, err := f.pool.Query(context.Background(), `SELECT kind FROM events WHERE entity_id = $1 AND kind LIKE 'message.%' ORDER BY xid, id`, m.ID)
	require.NoError(t, err)
	kinds, err = pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	require.Equal(t, []string{"message.added", "message.updated", "message.updated", "message.updated", "message.updated", "message.deleted"}, kinds)
}
