package practice

import (
	"context"
	"strconv"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/gid"
	"github.com/gemella/gemella/internal/ingest"
	"github.com/gemella/gemella/internal/search"
	"github.com/gemella/gemella/internal/store"
)

// SearchKind is the outbox kind of a practice: one document with every section's text.
const SearchKind = "practice"

// SearchSource builds one search document per practice, carrying its space so that the
// search filter keeps it from readers who may not see it.
type SearchSource struct{}

// Kind implements search.Source.
func (SearchSource) Kind() string { return SearchKind }

// Group implements search.Source.
func (SearchSource) Group(id int64) string { return "practice-" + strconv.FormatInt(id, 10) }

// All implements search.Source.
func (SearchSource) All(ctx context.Context, q store.Querier) ([]int64, error) {
	return store.IDs(ctx, q, `SELECT id FROM practices ORDER BY id`)
}

// Load implements search.Source.
func (src SearchSource) Load(ctx context.Context, q store.Querier, ids []int64) (map[int64][]search.Document, error) {
	rows, err := q.Query(ctx, `SELECT p.id, p.title, coalesce(p.space_id, $2), a.slug, r.code, extract(epoch FROM p.created_at)::bigint,
			concat_ws(E'\n\n', p.summary, p.context, p.objectives, p.target, p.activities, p.outcomes, p.resources, p.evidence)
		FROM practices p
		JOIN service_areas a ON a.id = p.service_area_id
		JOIN centers c ON c.id = p.center_id
		JOIN regions r ON r.id = c.region_id
		WHERE p.id = ANY($1)`, ids, access.NoSpace)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]search.Document{}
	for rows.Next() {
		var d search.Document
		var region, text string
		if err := rows.Scan(&d.EntityID, &d.Title, &d.Space, &d.ServiceArea, &region, &d.CreatedAt, &text); err != nil {
			return nil, err
		}
		d.ID = src.Group(d.EntityID)
		d.Group = d.ID
		d.Type = search.Practice
		d.Kind = SearchKind
		d.Text = ingest.PlainMarkdown(text)
		d.Regions = []string{region}
		d.URL = "/buone-pratiche/" + gid.Encode(gid.Practice, d.EntityID)
		out[d.EntityID] = append(out[d.EntityID], d)
	}
	return out, rows.Err()
}
