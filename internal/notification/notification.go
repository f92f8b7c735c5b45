// Package notification keeps each person's notifications: stored when what they tell
// happens, so that nothing is lost while the person is away, listed, counted and marked
// read; a live subscription only pushes them as they are stored.
package notification

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/live"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/store"
)

// The kinds of notification.
const (
	Mention               = "MENTION"
	Reply                 = "REPLY"
	ThreadActivity        = "THREAD_ACTIVITY"
	Answer                = "ANSWER"
	Accepted              = "ACCEPTED"
	NewWorkshop           = "NEW_WORKSHOP"
	RegistrationConfirmed = "REGISTRATION_CONFIRMED"
	RegistrationPromoted  = "REGISTRATION_PROMOTED"
	WorkshopCancelled     = "WORKSHOP_CANCELLED"
)

// EventAdded is the event of a stored notification, on its user's topic.
const EventAdded = "notification.added"

// Notification is one thing a person is told.
type Notification struct {
	ID           int64
	UserID       int64
	Kind         string
	ActorID      *int64
	DiscussionID *int64
	MessageID    *int64
	QuestionID   *int64
	WorkshopID   *int64
	CreatedAt    time.Time
	ReadAt       *time.Time
	// Position is the order it committed in: its cursor.
	Position live.Position
}

// Add stores n for each user, in the caller's transaction, with the live event that
// pushes it to their open sessions.
func Add(ctx context.Context, tx pgx.Tx, users []int64, n Notification) error {
	if len(users) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `WITH n AS (
			INSERT INTO notifications (user_id, kind, actor_id, discussion_id, message_id, question_id, workshop_id)
			SELECT u, $2, $3, $4, $5, $6, $7 FROM unnest($1::bigint[]) AS u RETURNING id, user_id),
		e AS (INSERT INTO events (kind, topic, entity_id) SELECT $8, 'user:' || n.user_id, n.id FROM n RETURNING id) `+
		live.WakeUp(tx),
		users, n.Kind, n.ActorID, n.DiscussionID, n.MessageID, n.QuestionID, n.WorkshopID, EventAdded)
	return err
}

// Service lists and marks the viewer's notifications.
type Service struct{ pool *pgxpool.Pool }

// NewService returns the notification service.
func NewService(pool *pgxpool.Pool) *Service { return &Service{pool: pool} }

const columns = `n.id, n.user_id, n.kind, n.actor_id, n.discussion_id, n.message_id, n.question_id, n.workshop_id, n.created_at, n.read_at, n.xid::text`

func scan(row pgx.Row) (*Notification, error) {
	n := &Notification{}
	var xid string
	err := row.Scan(&n.ID, &n.UserID, &n.Kind, &n.ActorID, &n.DiscussionID, &n.MessageID, &n.QuestionID, &n.WorkshopID, &n.CreatedAt, &n.ReadAt, &xid)
	n.Position = live.Position{ID: n.ID}
	n.Position.XID, _ = strconv.ParseUint(xid, 10, 64)
	return n, err
}

// visible keeps what the viewer may still read: a notification about a thread, question or
// workshop of a space they left tells nothing more.
func visible(scope *access.Scope, arg int) string {
	return `(n.discussion_id IS NULL OR EXISTS (SELECT 1 FROM discussions vd WHERE vd.id = n.discussion_id AND ` +
		scope.Predicate("vd.space_id", arg) + ` AND ` + scope.AudiencePredicate("vd.audience_workshop_id", arg) + `))
		AND (n.question_id IS NULL OR EXISTS (SELECT 1 FROM questions vq WHERE vq.id = n.question_id AND ` + scope.Predicate("vq.space_id", arg) + `))
		AND (n.workshop_id IS NULL OR EXISTS (SELECT 1 FROM workshops vw WHERE vw.id = n.workshop_id AND ` + scope.Predicate("vw.space_id", arg) + `))`
}

// List pages through the viewer's notifications, newest first.
func (s *Service) List(ctx context.Context, unreadOnly bool, p paging.Page) (paging.Result[*Notification], error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return paging.Result[*Notification]{}, err
	}
	var after int64
	hasAfter, err := p.Decode(&after)
	if err != nil {
		return paging.Result[*Notification]{}, err
	}
	scope := access.From(ctx)
	where := `n.user_id = $1 AND ($2::boolean IS NOT TRUE OR n.read_at IS NULL) AND ` + visible(scope, 3)
	args := []any{u.ID, unreadOnly, scope.Arg()}
	sql, listArgs := `SELECT `+columns+` FROM notifications n WHERE `+where, args
	if hasAfter {
		sql += ` AND n.id < $4`
		listArgs = append(append([]any{}, args...), after)
	}
	list, err := store.Collect(ctx, s.pool, sql+` ORDER BY n.id DESC LIMIT `+strconv.Itoa(p.First+1), listArgs, scan)
	if err != nil {
		return paging.Result[*Notification]{}, err
	}
	r := paging.Trim(list, p, func(n *Notification) any { return n.ID })
	r.Count = func() (int, error) {
		var n int
		return n, s.pool.QueryRow(ctx, `SELECT count(*) FROM notifications n WHERE `+where, args...).Scan(&n)
	}
	return r, nil
}

// UnreadCount counts the viewer's unread notifications (0 when not signed in).
func (s *Service) UnreadCount(ctx context.Context) (int, error) {
	u := auth.Viewer(ctx)
	if u == nil {
		return 0, nil
	}
	scope := access.From(ctx)
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM notifications n WHERE n.user_id = $1 AND n.read_at IS NULL AND `+visible(scope, 2),
		u.ID, scope.Arg()).Scan(&n)
	return n, err
}

// MarkRead marks the viewer's notifications read: these ids, or all when ids is empty.
func (s *Service) MarkRead(ctx context.Context, ids []int64) error {
	u, err := auth.Require(ctx)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, `UPDATE notifications SET read_at = now()
		WHERE user_id = $1 AND read_at IS NULL AND (cardinality($2::bigint[]) = 0 OR id = ANY($2))`, u.ID, ids)
	return err
}

// ByIDs returns the viewer's own notifications with these ids (a live event's), that they
// may still read.
func (s *Service) ByIDs(ctx context.Context, ids []int64) (map[int64]*Notification, error) {
	u := auth.Viewer(ctx)
	if u == nil {
		return map[int64]*Notification{}, nil
	}
	scope := access.From(ctx)
	list, err := store.Collect(ctx, s.pool, `SELECT `+columns+` FROM notifications n WHERE n.id = ANY($1) AND n.user_id = $2 AND `+visible(scope, 3),
		[]any{ids, u.ID, scope.Arg()}, scan)
	return store.ByID(list, func(n *Notification) int64 { return n.ID }), err
}

// After reads the viewer's notifications that committed after a position, oldest first:
// the gap of a subscriber that resumes.
func (s *Service) After(ctx context.Context, from live.Position, limit int) ([]*Notification, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	scope := access.From(ctx)
	return store.Collect(ctx, s.pool, `SELECT `+columns+` FROM notifications n
		WHERE n.user_id = $1 AND (n.xid, n.id) > ($2::xid8, $3::bigint) AND n.xid < pg_snapshot_xmin(pg_current_snapshot())
			AND `+visible(scope, 5)+` ORDER BY n.xid, n.id LIMIT $4`, []any{u.ID, from.XIDText(), from.ID, limit, scope.Arg()}, scan)
}
