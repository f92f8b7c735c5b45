// Package directory holds the map of the network: regions, the service taxonomy and the
// Centri per la Famiglia.
package directory

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/store"
)

// Region is an Italian region or autonomous province.
type Region struct {
	ID   int64
	Code string
	Name string
}

// ServiceArea is a node of the service taxonomy.
type ServiceArea struct {
	ID          int64
	Slug        string
	Name        string
	Description string
	Facet       string
}

// Center is a Centro per la Famiglia.
type Center struct {
	ID            int64
	Key           string
	Name          string
	Municipality  string
	RegionID      int64
	PromotingBody string
}

// Service reads the directory.
type Service struct{ pool *pgxpool.Pool }

// NewService returns the directory service.
func NewService(pool *pgxpool.Pool) *Service { return &Service{pool: pool} }

// Regions lists every region by name.
func (s *Service) Regions(ctx context.Context) ([]*Region, error) {
	return store.Collect(ctx, s.pool, `SELECT id, code, name FROM regions ORDER BY name COLLATE "C"`, nil, scanRegion)
}

// RegionsByIDs returns the regions with these ids.
func (s *Service) RegionsByIDs(ctx context.Context, ids []int64) (map[int64]*Region, error) {
	list, err := store.Collect(ctx, s.pool, `SELECT id, code, name FROM regions WHERE id = ANY($1)`, []any{ids}, scanRegion)
	return store.ByID(list, func(r *Region) int64 { return r.ID }), err
}

// ServiceAreas lists the taxonomy.
func (s *Service) ServiceAreas(ctx context.Context) ([]*ServiceArea, error) {
	return store.Collect(ctx, s.pool, `SELECT `+areaColumns+` FROM service_areas ORDER BY facet DESC, id`, nil, scanArea)
}

// ServiceAreasByIDs returns the areas with these ids.
func (s *Service) ServiceAreasByIDs(ctx context.Context, ids []int64) (map[int64]*ServiceArea, error) {
	list, err := store.Collect(ctx, s.pool, `SELECT `+areaColumns+` FROM service_areas WHERE id = ANY($1)`, []any{ids}, scanArea)
	return store.ByID(list, func(a *ServiceArea) int64 { return a.ID }), err
}

// ServiceAreaIDBySlug resolves a slug from a client's input; an unknown slug is a userError
// on field.
func (s *Service) ServiceAreaIDBySlug(ctx context.Context, q store.Querier, slug, field string) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `SELECT id FROM service_areas WHERE slug = $1`, slug).Scan(&id)
	return id, store.Translate(err, apperr.New(apperr.Invalid, field, "directory.service_area.unknown"))
}

// CheckRegion verifies that a region id from a client exists.
func (s *Service) CheckRegion(ctx context.Context, q store.Querier, id int64, field string) error {
	var one int
	err := q.QueryRow(ctx, `SELECT 1 FROM regions WHERE id = $1`, id).Scan(&one)
	return store.Translate(err, apperr.New(apperr.Invalid, field, "directory.region.unknown"))
}

// CheckCenter verifies that a centre id from a client exists.
func (s *Service) CheckCenter(ctx context.Context, q store.Querier, id int64, field string) error {
	var one int
	err := q.QueryRow(ctx, `SELECT 1 FROM centers WHERE id = $1`, id).Scan(&one)
	return store.Translate(err, apperr.New(apperr.Invalid, field, "directory.center.unknown"))
}

// CenterFilter narrows a centre list.
type CenterFilter struct {
	RegionID        *int64
	ServiceAreaSlug *string
}

const centerColumns = `c.id, c.key, c.name, c.municipality, c.region_id, c.promoting_body`

// Centers lists centres by id, one keyset page at a time.
func (s *Service) Centers(ctx context.Context, f CenterFilter, p paging.Page) (paging.Result[*Center], error) {
	var after int64
	if _, err := p.Decode(&after); err != nil {
		return paging.Result[*Center]{}, err
	}
	where := `($1::bigint IS NULL OR c.region_id = $1)
		AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM center_services cs JOIN service_areas a ON a.id = cs.service_area_id
			WHERE cs.center_id = c.id AND a.slug = $2))`
	list, err := store.Collect(ctx, s.pool, `SELECT `+centerColumns+` FROM centers c WHERE `+where+` AND c.id > $3 ORDER BY c.id LIMIT $4`,
		[]any{f.RegionID, f.ServiceAreaSlug, after, p.First + 1}, scanCenter)
	if err != nil {
		return paging.Result[*Center]{}, err
	}
	r := paging.Trim(list, p, func(c *Center) any { return c.ID })
	r.Count = func() (int, error) {
		var n int
		err := s.pool.QueryRow(ctx, `SELECT count(*) FROM centers c WHERE `+where, f.RegionID, f.ServiceAreaSlug).Scan(&n)
		return n, err
	}
	return r, nil
}

// CentersByIDs returns the centres with these ids.
func (s *Service) CentersByIDs(ctx context.Context, ids []int64) (map[int64]*Center, error) {
	list, err := store.Collect(ctx, s.pool, `SELECT `+centerColumns+` FROM centers c WHERE c.id = ANY($1)`, []any{ids}, scanCenter)
	return store.ByID(list, func(c *Center) int64 { return c.ID }), err
}

// ServicesOfCenters returns the service areas each centre offers.
func (s *Service) ServicesOfCenters(ctx context.Context, centerIDs []int64) (map[int64][]*ServiceArea, error) {
	rows, err := s.pool.Query(ctx, `SELECT cs.center_id, `+areaColumns+` FROM center_services cs
		JOIN service_areas ON service_areas.id = cs.service_area_id WHERE cs.center_id = ANY($1) ORDER BY service_areas.id`, centerIDs)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]*ServiceArea{}
	for rows.Next() {
		var centerID int64
		a := &ServiceArea{}
		if err := rows.Scan(&centerID, &a.ID, &a.Slug, &a.Name, &a.Description, &a.Facet); err != nil {
			return nil, err
		}
		out[centerID] = append(out[centerID], a)
	}
	return out, rows.Err()
}

const areaColumns = `service_areas.id, service_areas.slug, service_areas.name, service_areas.description, service_areas.facet`

func scanRegion(row pgx.Row) (*Region, error) {
	r := &Region{}
	return r, row.Scan(&r.ID, &r.Code, &r.Name)
}

func scanArea(row pgx.Row) (*ServiceArea, error) {
	a := &ServiceArea{}
	return a, row.Scan(&a.ID, &a.Slug, &a.Name, &a.Description, &a.Facet)
}

func scanCenter(row pgx.Row) (*Center, error) {
	c := &Center{}
	return c, row.Scan(&c.ID, &c.Key, &c.Name, &c.Municipality, &c.RegionID, &c.PromotingBody)
}
