package workshop

import (
	"context"
	"strconv"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/gid"
	"github.com/gemella/gemella/internal/ingest"
	"github.com/gemella/gemella/internal/search"
	"github.com/gemella/gemella/internal/store"
)

// SearchKind is the outbox kind of a workshop: one document with its description and the
// text of the material everyone may open. What is for participants only is not indexed, so
// that no hit, passage or count can show it to anyone else.
const SearchKind = "workshop"

// SearchSource builds one search document per workshop, carrying its space.
type SearchSource struct{}

// Kind implements search.Source.
func (SearchSource) Kind() string { return SearchKind }

// Group implements search.Source.
func (SearchSource) Group(id int64) string { return "workshop-" + strconv.FormatInt(id, 10) }

// All implements search.Source.
func (SearchSource) All(ctx context.Context, q store.Querier) ([]int64, error) {
	return store.IDs(ctx, q, `SELECT id FROM workshops ORDER BY id`)
}

// Load implements search.Source.
func (src SearchSource) Load(ctx context.Context, q store.Querier, ids []int64) (map[int64][]search.Document, error) {
	rows, err := q.Query(ctx, `SELECT w.id, w.title, coalesce(w.space_id, $2), coalesce(a.slug, ''), r.code,
			extract(epoch FROM w.created_at)::bigint, extract(year FROM w.starts_at AT TIME ZONE 'Europe/Rome')::int, w.description,
			coalesce((SELECT string_agg(m.name || E'\n' || m.text, E'\n\n' ORDER BY m.id) FROM workshop_materials m
				WHERE m.workshop_id = w.id AND m.audience = 'EVERYONE'), '')
		FROM workshops w
		LEFT JOIN service_areas a ON a.id = w.service_area_id
		LEFT JOIN centers c ON c.id = w.host_center_id
		LEFT JOIN regions r ON r.id = c.region_id
		WHERE w.id = ANY($1)`, ids, access.NoSpace)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]search.Document{}
	for rows.Next() {
		var d search.Document
		var region *string
		var description, material string
		if err := rows.Scan(&d.EntityID, &d.Title, &d.Space, &d.ServiceArea, &region, &d.CreatedAt, &d.Year, &description, &material); err != nil {
			return nil, err
		}
		d.ID = src.Group(d.EntityID)
		d.Group = d.ID
		d.Type = search.Workshop
		d.Kind = SearchKind
		d.Text = ingest.PlainMarkdown(description)
		if material != "" {
			d.Text += "\n\n" + material
		}
		d.Regions = []string{}
		if region != nil {
			d.Regions = []string{*region}
		}
		d.URL = "/workshop/" + gid.Encode(gid.Workshop, d.EntityID)
		out[d.EntityID] = append(out[d.EntityID], d)
	}
	return out, rows.Err()
}
