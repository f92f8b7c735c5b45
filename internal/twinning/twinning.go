// Package twinning holds the gemellaggi: a lead centre sharing one service with receiving
// centres in other regions, through phases and meetings. A twinning is also a space, with
// a visibility level and members (people, with a role in it); who may read what lives
// inside it is decided by internal/access.
package twinning

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/directory"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/store"
)

// Twinning is one gemellaggio.
type Twinning struct {
	ID            int64
	Key           string
	Title         string
	Summary       string
	ServiceAreaID int64
	LeadCenterID  int64
	LeadRegionID  int64
	VisitSchema   []string
	DiscussionID  int64
	Visibility    access.Level
	CreatedBy     *int64
	CreatedAt     time.Time
}

// Phase is a step of a twinning. Dates are calendar days (YYYY-MM-DD), not instants.
type Phase struct {
	Kind     string
	StartsOn string
	EndsOn   *string
	Note     string
}

// Event is a meeting of a twinning.
type Event struct {
	Title    string
	StartsAt time.Time
	EndsAt   time.Time
	Place    string
}

// Receiving are the receiving centres and regions of a twinning, in order.
type Receiving struct {
	CenterIDs []int64
	RegionIDs []int64
}

// Service is the twinning use cases.
type Service struct {
	pool *pgxpool.Pool
	dir  *directory.Service
}

// NewService returns the twinning service.
func NewService(pool *pgxpool.Pool, dir *directory.Service) *Service {
	return &Service{pool: pool, dir: dir}
}

const columns = `id, key, title, summary, service_area_id, lead_center_id, lead_region_id, visit_schema, discussion_id,
	visibility, created_by, created_at`

func scan(row pgx.Row) (*Twinning, error) {
	t := &Twinning{}
	return t, row.Scan(&t.ID, &t.Key, &t.Title, &t.Summary, &t.ServiceAreaID, &t.LeadCenterID, &t.LeadRegionID, &t.VisitSchema,
		&t.DiscussionID, &t.Visibility, &t.CreatedBy, &t.CreatedAt)
}

// List returns twinnings in creation order, one keyset page at a time.
func (s *Service) List(ctx context.Context, p paging.Page) (paging.Result[*Twinning], error) {
	var after int64
	if _, err := p.Decode(&after); err != nil {
		return paging.Result[*Twinning]{}, err
	}
	list, err := store.Collect(ctx, s.pool, `SELECT `+columns+` FROM twinnings WHERE id > $1 ORDER BY id LIMIT $2`,
		[]any{after, p.First + 1}, scan)
	if err != nil {
		return paging.Result[*Twinning]{}, err
	}
	r := paging.Trim(list, p, func(t *Twinning) any { return t.ID })
	r.Count = func() (int, error) {
		var n int
		return n, s.pool.QueryRow(ctx, `SELECT count(*) FROM twinnings`).Scan(&n)
	}
	return r, nil
}

// ByIDs returns the twinnings with these ids.
func (s *Service) ByIDs(ctx context.Context, ids []int64) (map[int64]*Twinning, error) {
	list, err := store.Collect(ctx, s.pool, `SELECT `+columns+` FROM twinnings WHERE id = ANY($1)`, []any{ids}, scan)
	return store.ByID(list, func(t *Twinning) int64 { return t.ID }), err
}

// ReceivingOf returns the receiving centres and regions of each twinning.
func (s *Service) ReceivingOf(ctx context.Context, ids []int64) (map[int64]*Receiving, error) {
	out := make(map[int64]*Receiving, len(ids))
	for _, id := range ids {
		out[id] = &Receiving{}
	}
	b := &pgx.Batch{}
	b.Queue(`SELECT twinning_id, center_id FROM twinning_receiving_centers WHERE twinning_id = ANY($1) ORDER BY position`, ids)
	b.Queue(`SELECT twinning_id, region_id FROM twinning_receiving_regions WHERE twinning_id = ANY($1) ORDER BY position`, ids)
	res := s.pool.SendBatch(ctx, b)
	defer res.Close()
	for _, appendTo := range []func(*Receiving, int64){
		func(m *Receiving, id int64) { m.CenterIDs = append(m.CenterIDs, id) },
		func(m *Receiving, id int64) { m.RegionIDs = append(m.RegionIDs, id) },
	} {
		rows, err := res.Query()
		if err != nil {
			return nil, err
		}
		var tid, id int64
		if _, err := pgx.ForEachRow(rows, []any{&tid, &id}, func() error {
			appendTo(out[tid], id)
			return nil
		}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// PhasesOf returns each twinning's phases in order.
func (s *Service) PhasesOf(ctx context.Context, ids []int64) (map[int64][]*Phase, error) {
	rows, err := s.pool.Query(ctx, `SELECT twinning_id, kind, to_char(starts_on, 'YYYY-MM-DD'), to_char(ends_on, 'YYYY-MM-DD'), note
		FROM twinning_phases WHERE twinning_id = ANY($1) ORDER BY starts_on`, ids)
	if err != nil {
		return nil, err
	}
	out := map[int64][]*Phase{}
	var tid int64
	p := Phase{}
	_, err = pgx.ForEachRow(rows, []any{&tid, &p.Kind, &p.StartsOn, &p.EndsOn, &p.Note}, func() error {
		c := p
		out[tid] = append(out[tid], &c)
		return nil
	})
	return out, err
}

// EventsOf returns each twinning's meetings by start time.
func (s *Service) EventsOf(ctx context.Context, ids []int64) (map[int64][]*Event, error) {
	rows, err := s.pool.Query(ctx, `SELECT twinning_id, title, starts_at, ends_at, place
		FROM twinning_events WHERE twinning_id = ANY($1) ORDER BY starts_at`, ids)
	if err != nil {
		return nil, err
	}
	out := map[int64][]*Event{}
	var tid int64
	e := Event{}
	_, err = pgx.ForEachRow(rows, []any{&tid, &e.Title, &e.StartsAt, &e.EndsAt, &e.Place}, func() error {
		c := e
		out[tid] = append(out[tid], &c)
		return nil
	})
	return out, err
}
