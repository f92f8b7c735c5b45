package guideline

import (
	"context"
	"strconv"
	"strings"

	"github.com/gemella/gemella/internal/search"
	"github.com/gemella/gemella/internal/store"
)

// SearchKind is the outbox kind of a guideline: its sections are indexed together.
const SearchKind = "guideline"

// SectionSearchKind is the kind of a section's search document: a hit opens the section.
const SectionSearchKind = "guideline-section"

// SearchSource builds a guideline's search documents, one per section.
type SearchSource struct{}

// Kind implements search.Source.
func (SearchSource) Kind() string { return SearchKind }

// Group implements search.Source: a new version replaces every section of the guideline.
func (SearchSource) Group(id int64) string { return "guideline-" + strconv.FormatInt(id, 10) }

// All implements search.Source.
func (SearchSource) All(ctx context.Context, q store.Querier) ([]int64, error) {
	return store.IDs(ctx, q, `SELECT id FROM guidelines ORDER BY id`)
}

// Load implements search.Source.
func (src SearchSource) Load(ctx context.Context, q store.Querier, ids []int64) (map[int64][]search.Document, error) {
	rows, err := q.Query(ctx, `SELECT g.id, g.title, coalesce(a.slug, ''), coalesce(g.year, 0), extract(epoch FROM g.created_at)::bigint,
			coalesce((SELECT array_agg(r.code ORDER BY r.code) FROM guideline_regions gr JOIN regions r ON r.id = gr.region_id
				WHERE gr.guideline_id = g.id), '{}'),
			s.id, s.heading_path, s.anchor, s.text, coalesce(g.twinning_id, 0)
		FROM guidelines g
		LEFT JOIN service_areas a ON a.id = g.service_area_id
		JOIN guideline_sections s ON s.guideline_id = g.id
		WHERE g.id = ANY($1) ORDER BY g.id, s.position`, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]search.Document{}
	for rows.Next() {
		var d search.Document
		var id int64
		var path []string
		var anchor string
		if err := rows.Scan(&id, &d.Title, &d.ServiceArea, &d.Year, &d.CreatedAt, &d.Regions, &d.EntityID, &path, &anchor, &d.Text, &d.Space); err != nil {
			return nil, err
		}
		d.ID = src.Group(id) + "-s-" + strconv.FormatInt(d.EntityID, 10)
		d.Type = search.GuidelineSection
		d.Group = src.Group(id)
		d.Kind = SectionSearchKind
		d.Heading = strings.Join(path, " › ")
		d.URL = SectionURL(&Section{GuidelineID: id, Anchor: anchor})
		out[id] = append(out[id], d)
	}
	return out, rows.Err()
}
