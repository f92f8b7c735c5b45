// Package discussion holds the threads attached to twinnings, workshops, practices,
// guidelines and questions, and their messages.
package discussion

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/live"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/store"
)

// Discussion is a thread.
type Discussion struct {
	ID        int64
	Title     string
	CreatedAt time.Time
	// SpaceID and AudienceWorkshopID are where it lives: a twinning's space, and for a
	// workshop's thread that workshop's participants.
	SpaceID            *int64
	AudienceWorkshopID *int64
}

// Service is the threads' use cases: messages, reactions, read positions, follows.
type Service struct {
	pool  *pgxpool.Pool
	users func(context.Context, []int64) (map[int64]*auth.User, error)
}

// NewService returns the discussion service; users reads accounts (auth.Service.UsersByIDs).
func NewService(pool *pgxpool.Pool, users func(context.Context, []int64) (map[int64]*auth.User, error)) *Service {
	return &Service{pool: pool, users: users}
}

// Open creates a thread inside the caller's transaction, so that the object it belongs to
// and its thread exist together or not at all. A thread in a space (a twinning's id, nil
// for the whole community) is read by the space's readers.
func Open(ctx context.Context, q store.Querier, title string, spaceID *int64) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `INSERT INTO discussions (title, space_id) VALUES ($1, $2) RETURNING id`, title, spaceID).Scan(&id)
	return id, err
}

// SetSpace puts a thread in a space: a twinning's own thread is opened before the
// twinning exists, in the same transaction, so nobody follows it yet.
func SetSpace(ctx context.Context, q store.Querier, id int64, spaceID *int64) error {
	_, err := q.Exec(ctx, `UPDATE discussions SET space_id = $2 WHERE id = $1`, id, spaceID)
	return err
}

// KeepFor keeps a thread for a workshop's participants, trainers and space members
// (access.Scope.AudiencePredicate), in the caller's transaction.
func KeepFor(ctx context.Context, q store.Querier, id, workshopID int64) error {
	_, err := q.Exec(ctx, `UPDATE discussions SET audience_workshop_id = $2 WHERE id = $1`, id, workshopID)
	return err
}

// ByIDs returns the threads with these ids that the reader may read.
func (s *Service) ByIDs(ctx context.Context, ids []int64) (map[int64]*Discussion, error) {
	scope := access.From(ctx)
	list, err := store.Collect(ctx, s.pool, `SELECT `+threadColumns+` FROM discussions d
		WHERE d.id = ANY($1) AND `+threadPredicate(scope, 2), []any{ids, scope.Arg()}, scanThread)
	return store.ByID(list, func(d *Discussion) int64 { return d.ID }), err
}

// History pages through a thread the reader may read, oldest first; last gives the newest
// page (a chat opens at its end) and its cursors go back in time.
func (s *Service) History(ctx context.Context, threadID int64, p paging.Page, last bool) (paging.Result[*Message], error) {
	if _, err := threadByID(ctx, s.pool, access.From(ctx), threadID); err != nil {
		return paging.Result[*Message]{}, err
	}
	return history(ctx, s.pool, threadID, p, last)
}

// MessagesAfter is the gap of a subscriber that resumes from a position: the thread's
// messages that committed after it, at most limit, oldest first. The caller checked the
// thread.
func (s *Service) MessagesAfter(ctx context.Context, threadID int64, from live.Position, limit int) ([]*Message, error) {
	return messagesAfter(ctx, s.pool, threadID, from, limit)
}

// Thread reads one thread the reader may read.
func (s *Service) Thread(ctx context.Context, id int64) (*Discussion, error) {
	return threadByID(ctx, s.pool, access.From(ctx), id)
}

// MessagesByIDs returns the messages with these ids whose thread the reader may read.
func (s *Service) MessagesByIDs(ctx context.Context, ids []int64) (map[int64]*Message, error) {
	return scopedMessages(ctx, s.pool, access.From(ctx), ids)
}

// CountsOf returns the reader's unread and mention counts and follow state per thread;
// nothing for an anonymous reader.
func (s *Service) CountsOf(ctx context.Context, ids []int64) (map[int64]Counts, error) {
	u := auth.Viewer(ctx)
	if u == nil {
		return map[int64]Counts{}, nil
	}
	return countsOf(ctx, s.pool, u.ID, ids)
}

// ReactionsOf returns each message's reactions, and which are the reader's.
func (s *Service) ReactionsOf(ctx context.Context, ids []int64) (map[int64][]Reaction, error) {
	var viewer int64
	if u := auth.Viewer(ctx); u != nil {
		viewer = u.ID
	}
	return reactionsOf(ctx, s.pool, viewer, ids)
}

// LoadEvents reads the messages of live events once for every subscriber of this
// instance, with their authors: the live.Loader of the message kinds. Who may see each is
// checked per subscriber, when it subscribes to the thread.
func (s *Service) LoadEvents(ctx context.Context, ids []int64) (map[int64]any, error) {
	msgs, err := messagesByIDs(ctx, s.pool, ids)
	if err != nil {
		return nil, err
	}
	authors := make([]int64, 0, len(msgs))
	for _, m := range msgs {
		authors = append(authors, m.AuthorID)
	}
	users, err := s.users(ctx, authors)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]any, len(msgs))
	for id, m := range msgs {
		m.Author = users[m.AuthorID]
		out[id] = m
	}
	return out, nil
}

// maxCandidates bounds the people suggested for a mention.
const maxCandidates = 10

// MentionCandidates suggests people to mention in a thread the reader may read: those who
// may read it too whose name matches query as auth.NameMatch has it, by name.
func (s *Service) MentionCandidates(ctx context.Context, threadID int64, query string) ([]*auth.User, error) {
	if _, err := auth.Require(ctx); err != nil {
		return nil, err
	}
	if _, err := threadByID(ctx, s.pool, access.From(ctx), threadID); err != nil {
		return nil, err
	}
	match, args, ok := auth.NameMatch(query, []any{threadID, maxCandidates})
	if !ok {
		return []*auth.User{}, nil
	}
	found, err := store.Collect(ctx, s.pool, `SELECT `+auth.UserColumns+` FROM users u, discussions d
		WHERE d.id = $1 AND `+match+` AND `+access.ReadableBy("d.space_id", "d.audience_workshop_id", "u.id", "u.roles")+`
		ORDER BY u.name_words, u.id LIMIT $2`, args, func(row pgx.Row) (*auth.User, error) { return auth.ScanUser(row) })
	if found == nil && err == nil {
		found = []*auth.User{}
	}
	return found, err
}

// OwnersOf names what each thread belongs to, "Kind:id" with the kind of its global id.
func (s *Service) OwnersOf(ctx context.Context, ids []int64) (map[int64]string, error) {
	return ownersOf(ctx, s.pool, ids)
}
