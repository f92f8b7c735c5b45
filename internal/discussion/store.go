package discussion

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/live"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/store"
)

var errNotFound = apperr.New(apperr.NotFound, "threadId", "discussion.not_found")

// threadColumns reads a thread with where it lives.
const threadColumns = `d.id, d.title, d.created_at, d.space_id, d.audience_workshop_id`

func scanThread(row pgx.Row) (*Discussion, error) {
	d := &Discussion{}
	return d, row.Scan(&d.ID, &d.Title, &d.CreatedAt, &d.SpaceID, &d.AudienceWorkshopID)
}

// threadPredicate is the visibility rule of a thread: its space's, and for a workshop's
// thread its participants'.
func threadPredicate(scope *access.Scope, arg int) string {
	return scope.Predicate("d.space_id", arg) + ` AND ` + scope.AudiencePredicate("d.audience_workshop_id", arg)
}

func threadByID(ctx context.Context, q store.Querier, scope *access.Scope, id int64) (*Discussion, error) {
	d, err := scanThread(q.QueryRow(ctx, `SELECT `+threadColumns+` FROM discussions d WHERE d.id = $1 AND `+threadPredicate(scope, 2), id, scope.Arg()))
	return d, store.Translate(err, errNotFound)
}

// readable returns those of users who may read the thread, each by their own scope.
func readable(ctx context.Context, q store.Querier, users []int64, threadID int64) ([]int64, error) {
	if len(users) == 0 {
		return nil, nil
	}
	return store.IDs(ctx, q, `SELECT u.id FROM users u, discussions d WHERE u.id = ANY($1) AND d.id = $2 AND `+
		access.ReadableBy("d.space_id", "d.audience_workshop_id", "u.id", "u.roles")+` ORDER BY u.id`, users, threadID)
}

const messageColumns = `m.id, m.xid::text, m.discussion_id, m.author_id, m.reply_to_id, m.body, m.created_at, m.edited_at, m.deleted_at`

func scanMessage(row pgx.Row) (*Message, error) {
	m := &Message{}
	var xid string
	err := row.Scan(&m.ID, &xid, &m.DiscussionID, &m.AuthorID, &m.ReplyToID, &m.Body, &m.CreatedAt, &m.EditedAt, &m.DeletedAt)
	m.Position = live.Position{ID: m.ID}
	m.Position.XID, _ = strconv.ParseUint(xid, 10, 64)
	return m, err
}

// messagesByIDs reads messages whatever their thread: callers have checked the thread.
func messagesByIDs(ctx context.Context, q store.Querier, ids []int64) (map[int64]*Message, error) {
	list, err := store.Collect(ctx, q, `SELECT `+messageColumns+` FROM messages m WHERE m.id = ANY($1)`, []any{ids}, scanMessage)
	return store.ByID(list, func(m *Message) int64 { return m.ID }), err
}

// scopedMessages reads the messages with these ids whose thread the scope may read.
func scopedMessages(ctx context.Context, q store.Querier, scope *access.Scope, ids []int64) (map[int64]*Message, error) {
	list, err := store.Collect(ctx, q, `SELECT `+messageColumns+` FROM messages m JOIN discussions d ON d.id = m.discussion_id
		WHERE m.id = ANY($1) AND `+threadPredicate(scope, 2), []any{ids, scope.Arg()}, scanMessage)
	return store.ByID(list, func(m *Message) int64 { return m.ID }), err
}

// scopedMessage reads one message whose thread the scope may read, locked for a change
// when lock is set: one statement, so that what is checked is what gets changed.
func scopedMessage(ctx context.Context, q store.Querier, scope *access.Scope, id int64, lock bool) (*Message, error) {
	sql := `SELECT ` + messageColumns + ` FROM messages m JOIN discussions d ON d.id = m.discussion_id
		WHERE m.id = $1 AND ` + threadPredicate(scope, 2)
	if lock {
		sql += ` FOR UPDATE OF m`
	}
	m, err := scanMessage(q.QueryRow(ctx, sql, id, scope.Arg()))
	return m, store.Translate(err, apperr.New(apperr.NotFound, "messageId", "message.not_found"))
}

type historyKey struct {
	X string `json:"x"`
	I int64  `json:"i"`
}

// history pages through a thread's messages in commit order, oldest first, after a
// cursor; with last, the newest page instead (still oldest first within it).
func history(ctx context.Context, q store.Querier, threadID int64, p paging.Page, last bool) (paging.Result[*Message], error) {
	var after historyKey
	hasAfter, err := p.Decode(&after)
	if err != nil {
		return paging.Result[*Message]{}, err
	}
	where := `m.discussion_id = $1 AND m.xid < pg_snapshot_xmin(pg_current_snapshot())`
	args := []any{threadID}
	order := `m.xid, m.id`
	if last {
		order = `m.xid DESC, m.id DESC`
	}
	sql, listArgs := `SELECT `+messageColumns+` FROM messages m WHERE `+where, args
	if hasAfter {
		cmp := ">"
		if last {
			cmp = "<"
		}
		sql += ` AND (m.xid, m.id) ` + cmp + ` ($2::xid8, $3::bigint)`
		listArgs = append(append([]any{}, args...), after.X, after.I)
	}
	list, err := store.Collect(ctx, q, sql+` ORDER BY `+order+` LIMIT `+strconv.Itoa(p.First+1), listArgs, scanMessage)
	if err != nil {
		return paging.Result[*Message]{}, err
	}
	r := paging.Trim(list, p, func(m *Message) any { return historyKey{X: m.Position.XIDText(), I: m.ID} })
	if last {
		for i, j := 0, len(r.Items)-1; i < j; i, j = i+1, j-1 {
			r.Items[i], r.Items[j] = r.Items[j], r.Items[i]
			r.Cursors[i], r.Cursors[j] = r.Cursors[j], r.Cursors[i]
		}
	}
	r.Count = func() (int, error) {
		var n int
		return n, q.QueryRow(ctx, `SELECT count(*) FROM messages m WHERE `+where, args...).Scan(&n)
	}
	return r, nil
}

// messagesAfter reads a thread's messages that committed after a position, below the
// frontier, oldest first: the gap a resuming subscriber missed.
func messagesAfter(ctx context.Context, q store.Querier, threadID int64, from live.Position, limit int) ([]*Message, error) {
	return store.Collect(ctx, q, `SELECT `+messageColumns+` FROM messages m
		WHERE m.discussion_id = $1 AND (m.xid, m.id) > ($2::xid8, $3::bigint) AND m.xid < pg_snapshot_xmin(pg_current_snapshot())
		ORDER BY m.xid, m.id LIMIT $4`, []any{threadID, from.XIDText(), from.ID, limit}, scanMessage)
}

// Counts is what a thread holds for one reader.
type Counts struct {
	Unread   int
	Mentions int
	Follows  bool
}

// countsOf counts, for each thread, the reader's unread messages and unread mentions
// against their read position (never kept as counters, which drift), and whether they
// follow it.
func countsOf(ctx context.Context, q store.Querier, userID int64, ids []int64) (map[int64]Counts, error) {
	rows, err := q.Query(ctx, `SELECT d.id,
			(SELECT count(*) FROM messages m WHERE m.discussion_id = d.id AND m.author_id <> $2 AND m.deleted_at IS NULL
				AND (r.read_xid IS NULL OR (m.xid, m.id) > (r.read_xid, r.read_id))),
			(SELECT count(*) FROM messages m JOIN message_mentions mm ON mm.message_id = m.id AND mm.user_id = $2
				WHERE m.discussion_id = d.id AND m.deleted_at IS NULL AND (r.read_xid IS NULL OR (m.xid, m.id) > (r.read_xid, r.read_id))),
			coalesce(f.following, false)
		FROM discussions d
		LEFT JOIN thread_reads r ON r.discussion_id = d.id AND r.user_id = $2
		LEFT JOIN thread_follows f ON f.discussion_id = d.id AND f.user_id = $2
		WHERE d.id = ANY($1)`, ids, userID)
	if err != nil {
		return nil, err
	}
	out := map[int64]Counts{}
	var id int64
	var c Counts
	_, err = pgx.ForEachRow(rows, []any{&id, &c.Unread, &c.Mentions, &c.Follows}, func() error {
		out[id] = c
		return nil
	})
	return out, err
}

// Reaction is how many people reacted to a message with one emoji, and whether the
// reader is one of them.
type Reaction struct {
	Emoji  string
	Count  int
	Viewer bool
}

func reactionsOf(ctx context.Context, q store.Querier, userID int64, ids []int64) (map[int64][]Reaction, error) {
	rows, err := q.Query(ctx, `SELECT message_id, emoji, count(*), bool_or(user_id = $2) FROM message_reactions
		WHERE message_id = ANY($1) GROUP BY message_id, emoji ORDER BY message_id, min(created_at), emoji`, ids, userID)
	if err != nil {
		return nil, err
	}
	out := map[int64][]Reaction{}
	var id int64
	var r Reaction
	_, err = pgx.ForEachRow(rows, []any{&id, &r.Emoji, &r.Count, &r.Viewer}, func() error {
		out[id] = append(out[id], r)
		return nil
	})
	return out, err
}

// ownersOf names what each thread belongs to, as "Kind:id" (the global id's kind): a
// question, practice, guideline, twinning or workshop. Threads were read through the scope.
func ownersOf(ctx context.Context, q store.Querier, ids []int64) (map[int64]string, error) {
	rows, err := q.Query(ctx, `SELECT d.id, coalesce(
			(SELECT 'Question:' || x.id FROM questions x WHERE x.discussion_id = d.id),
			(SELECT 'Practice:' || x.id FROM practices x WHERE x.discussion_id = d.id),
			(SELECT 'Guideline:' || x.id FROM guidelines x WHERE x.discussion_id = d.id),
			(SELECT 'Twinning:' || x.id FROM twinnings x WHERE x.discussion_id = d.id),
			(SELECT 'Workshop:' || x.id FROM workshops x WHERE x.discussion_id = d.id), '')
		FROM discussions d WHERE d.id = ANY($1)`, ids)
	if err != nil {
		return nil, err
	}
	out := map[int64]string{}
	var id int64
	var owner string
	_, err = pgx.ForEachRow(rows, []any{&id, &owner}, func() error {
		if owner != "" {
			out[id] = owner
		}
		return nil
	})
	return out, err
}
