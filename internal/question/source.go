package question

import (
	"context"
	"strconv"
	"strings"

	"github.com/gemella/gemella/internal/gid"
	"github.com/gemella/gemella/internal/ingest"
	"github.com/gemella/gemella/internal/search"
	"github.com/gemella/gemella/internal/store"
)

// SearchKind is the outbox kind of a question; its document carries its answers' text.
const SearchKind = "question"

// SearchSource builds one search document per question.
type SearchSource struct{}

// Kind implements search.Source.
func (SearchSource) Kind() string { return SearchKind }

// Group implements search.Source.
func (SearchSource) Group(id int64) string { return "question-" + strconv.FormatInt(id, 10) }

// All implements search.Source.
func (SearchSource) All(ctx context.Context, q store.Querier) ([]int64, error) {
	return store.IDs(ctx, q, `SELECT id FROM questions ORDER BY id`)
}

// Load implements search.Source.
func (src SearchSource) Load(ctx context.Context, q store.Querier, ids []int64) (map[int64][]search.Document, error) {
	rows, err := q.Query(ctx, `SELECT q.id, q.title, q.body, coalesce(a.slug, ''), coalesce(r.code, ''),
			extract(epoch FROM q.created_at)::bigint,
			coalesce((SELECT string_agg(an.body, E'\n\n' ORDER BY an.id) FROM answers an WHERE an.question_id = q.id), ''),
			coalesce(q.space_id, 0)
		FROM questions q
		LEFT JOIN service_areas a ON a.id = q.service_area_id
		LEFT JOIN regions r ON r.id = q.region_id
		WHERE q.id = ANY($1)`, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]search.Document{}
	for rows.Next() {
		var d search.Document
		var body, region, answers string
		if err := rows.Scan(&d.EntityID, &d.Title, &body, &d.ServiceArea, &region, &d.CreatedAt, &answers, &d.Space); err != nil {
			return nil, err
		}
		d.ID = src.Group(d.EntityID)
		d.Group = d.ID
		d.Type = search.Question
		d.Kind = SearchKind
		d.Text = plainText(body + "\n\n" + answers)
		d.Regions = []string{}
		if region != "" {
			d.Regions = []string{region}
		}
		d.URL = "/domande/" + gid.Encode(gid.Question, d.EntityID)
		out[d.EntityID] = append(out[d.EntityID], d)
	}
	return out, rows.Err()
}

// plainText drops the Markdown markup, so that a hit's passage reads as text.
func plainText(md string) string {
	doc, err := ingest.Parse(ingest.KindMarkdown, []byte(md))
	if err != nil {
		return strings.TrimSpace(md)
	}
	return doc.Text
}
