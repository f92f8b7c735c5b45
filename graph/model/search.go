package model

import "github.com/gemella/gemella/internal/search"

// SearchHit is one search result; Kind and EntityID let the item resolver find the object
// without the index knowing GraphQL.
type SearchHit struct {
	Type      search.Type
	Title     string
	Heading   string
	Highlight string
	URL       string
	Kind      string
	EntityID  int64
	// OtherPassages are the document's other matching sections (groupBy: DOCUMENT).
	OtherPassages []*SearchPassage
}

// SearchEdge is a hit with its cursor.
type SearchEdge = Edge[*SearchHit]

// SearchConnection is one page of search results. Search is paged by offset (Meilisearch
// pages at most 1,000 hits), so the cursor is an offset and the total is known at once.
type SearchConnection struct {
	Edges      []*SearchEdge
	PageInfo   *PageInfo
	Facets     *SearchFacets
	TotalCount int
	DidYouMean *string
}
