// Package discussion holds the threads attached to twinnings, workshops, practices and
// guidelines.
package discussion

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

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
// and its thread exist together or not at all.
func Open(ctx context.Context, q store.Querier, title string) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `INSERT INTO discussions (title) VALUES ($1) RETURNING id`, title).Scan(&id)
	return id, err
}

// ByIDs returns the threads with these ids.
func (s *Service) ByIDs(ctx context.Context, ids []int64) (map[int64]*Discussion, error) {
	list, err := store.Collect(ctx, s.pool, `SELECT id, title, created_at FROM discussions WHERE id = ANY($1)`, []any{ids},
		func(row pgx.Row) (*Discussion, error) {
			d := &Discussion{}
			return d, row.Scan(&d.ID, &d.Title, &d.CreatedAt)
		})
	return store.ByID(list, func(d *Discussion) int64 { return d.ID }), err
}
