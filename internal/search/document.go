// Package search keeps Meilisearch in step with PostgreSQL and answers Gemella's one
// search over guideline sections, questions, practices and workshops.
package search

import (
	"context"

	"github.com/gemella/gemella/internal/store"
)

// Type is the kind of a search hit.
type Type string

const (
	GuidelineSection Type = "GUIDELINE_SECTION"
	Question         Type = "QUESTION"
	Practice         Type = "PRACTICE"
	Workshop         Type = "WORKSHOP"
)

// Document is what the index holds for one hit. Sources build them from PostgreSQL.
type Document struct {
	// ID is unique across types, e.g. "question-12" or "guideline-3-s-17".
	ID   string `json:"id"`
	Type Type   `json:"type"`
	// Group is what several documents of one object share (every section of a guideline):
	// a new version deletes the group before adding its documents, and suggestions show one
	// title per group.
	Group string `json:"group"`
	// Kind and EntityID name the object the hit opens (kind "guideline-section" with the
	// section id, "question" with the question id…), for the API to resolve it.
	Kind     string `json:"kind"`
	EntityID int64  `json:"entityId"`
	Title    string `json:"title"`
	// Heading is the section's heading path joined with " › ", empty for whole objects.
	Heading     string   `json:"heading"`
	Text        string   `json:"text"`
	ServiceArea string   `json:"serviceArea,omitempty"` // slug
	Regions     []string `json:"regions"`               // region codes
	Year        int      `json:"year,omitempty"`
	URL         string   `json:"url"`
	CreatedAt   int64    `json:"createdAt"` // unix seconds
	// Space is the twinning the object lives in, access.NoSpace for the whole community:
	// every search is filtered on it by the reader's scope.
	Space int64 `json:"space"`
}

// Source loads the documents of one outbox kind. Load returns, for each id that still
// exists, all of its documents (a guideline has one per section); ids absent from the map
// were deleted and their group is removed from the index.
type Source interface {
	Kind() string
	Group(id int64) string
	Load(ctx context.Context, q store.Querier, ids []int64) (map[int64][]Document, error)
	// All lists every id, for a full rebuild.
	All(ctx context.Context, q store.Querier) ([]int64, error)
}

// Enqueue records, inside the caller's transaction, that an object's documents must be
// (re)indexed. The indexer picks the row up once the transaction commits.
func Enqueue(ctx context.Context, q store.Querier, kind string, id int64) error {
	_, err := q.Exec(ctx, `INSERT INTO search_outbox (kind, entity_id) VALUES ($1, $2)`, kind, id)
	return err
}
