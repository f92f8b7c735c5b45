// Package discussion holds the threads attached to twinnings, workshops, practices and
// guidelines.
package discussion

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/store"
)

// Discussion is a thread.
type Discussion struct {
	ID        int64
	Title     string
	CreatedAt time.Time
}

// Service reads and opens threads.
type Service struct{ pool *pgxpool.Pool }

// NewService returns the discussion service.
func NewService(pool *pgxpool.Pool) *Service { return &Service{pool: pool} }

// Open creates a thread inside the caller's transaction, so that the object it belongs to
// and its thread exist together or not at all. A thread in a space (a twinning's id, nil
// for the whole community) is read by the space's readers.
func Open(ctx context.Context, q store.Querier, title string, spaceID *int64) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `INSERT INTO discussions (title, space_id) VALUES ($1, $2) RETURNING id`, title, spaceID).Scan(&id)
	return id, err
}

// SetSpace moves a thread into a space: a twinning's own thread is opened before the
// twinning exists.
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
	list, err := store.Collect(ctx, s.pool, `SELECT d.id, d.title, d.created_at FROM discussions d
		WHERE d.id = ANY($1) AND `+scope.Predicate("d.space_id", 2)+` AND `+scope.AudiencePredicate("d.audience_workshop_id", 2), []any{ids, scope.Arg()},
		func(row pgx.Row) (*Discussion, error) {
			d := &Discussion{}
			return d, row.Scan(&d.ID, &d.Title, &d.CreatedAt)
		})
	return store.ByID(list, func(d *Discussion) int64 { return d.ID }), err
}
