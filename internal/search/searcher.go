package search

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"slices"
	"strconv"
	"strings"

	"github.com/meilisearch/meilisearch-go"

	"github.com/gemella/gemella/internal/access"
)

const (
	// maxTotalHits is how deep Meilisearch pages (the index's pagination setting): hits
	// past it cannot be reached whatever the offset.
	maxTotalHits = 1000
	defaultLimit = 20
	maxLimit     = 50
	// cropWords is the length of a hit's passage.
	cropWords      = 40
	maxSuggestions = 10
)

// Highlights are asked for with sentinels from the Private Use Area rather than with
// <mark>: the passage is HTML-escaped whole and only then are the sentinels turned into
// tags, so neither the document's text nor a forged tag can inject markup. The indexer
// strips the sentinels from content for the same reason.
const (
	markStart = "\uE000"
	markEnd   = "\uE001"
)

var (
	stripSentinels = strings.NewReplacer(markStart, "", markEnd, "")
	sentinelToMark = strings.NewReplacer(markStart, "<mark>", markEnd, "</mark>")
)

// Query is one search. Filters combine with AND; Types and Regions match any of theirs.
type Query struct {
	Text        string
	Types       []Type
	ServiceArea string   // slug
	Regions     []string // region codes
	Year        int
	// Visible is the reader's filter on spaces (access.Scope.SearchFilter); Search and
	// Suggest set it from the context, whatever the caller put there.
	Visible string
	// Limit is at most 50 (20 when zero); Offset+Limit is cut to 1,000.
	Limit, Offset int
}

// Hit is one search result.
type Hit struct {
	ID       string
	Type     Type
	Kind     string
	EntityID int64
	Group    string
	Title    string
	Heading  string
	URL      string
	// Highlight is safe HTML: the passage of the text that best matches the query (or
	// the title when the text does not), with the matched words in <mark>.
	Highlight string
}

// Result is one page of hits, the number of hits in all and the facet counts over them:
// Facets["type"|"serviceArea"|"regions"|"year"] maps each value to its count.
type Result struct {
	Hits   []Hit
	Total  int
	Facets map[string]map[string]int
}

var (
	facets               = []string{"type", "serviceArea", "regions", "year"}
	hitAttributes        = []string{"id", "type", "kind", "entityId", "group", "title", "heading", "url"}
	suggestionAttributes = []string{"title", "url", "type"}
)

// Request is the Meilisearch request that Search sends for q (a fresh value each call).
func (x *Index) Request(q Query) *meilisearch.SearchRequest {
	limit := q.Limit
	if limit <= 0 {
		limit = defaultLimit
	}
	limit = min(limit, maxLimit)
	offset := min(max(q.Offset, 0), maxTotalHits)
	limit = min(limit, maxTotalHits-offset)
	if limit == 0 {
		// Past the last reachable hit: Meilisearch returns nothing there whatever the
		// limit, and a zero limit would be omitted from the request and mean 20.
		limit = 1
	}
	req := &meilisearch.SearchRequest{
		Offset:                int64(offset),
		Limit:                 int64(limit),
		AttributesToRetrieve:  slices.Clone(hitAttributes),
		AttributesToHighlight: []string{"title", "text"},
		AttributesToCrop:      []string{"text:" + strconv.Itoa(cropWords)},
		CropMarker:            "…",
		HighlightPreTag:       markStart,
		HighlightPostTag:      markEnd,
		MatchingStrategy:      meilisearch.Last,
		Facets:                slices.Clone(facets),
	}
	if filter := q.filter(); filter != "" {
		req.Filter = filter
	}
	if strings.TrimSpace(q.Text) == "" {
		// No words: the newest documents first.
		req.Sort = []string{"createdAt:desc"}
	} else {
		req.Query = queryText(q.Text)
	}
	return req
}

func (q Query) filter() string {
	var and []string
	if len(q.Types) > 0 {
		types := make([]string, len(q.Types))
		for i, t := range q.Types {
			types[i] = string(t)
		}
		and = append(and, "type IN "+filterList(types))
	}
	if q.ServiceArea != "" {
		and = append(and, "serviceArea = "+quote(q.ServiceArea))
	}
	if len(q.Regions) > 0 {
		and = append(and, "regions IN "+filterList(q.Regions))
	}
	if q.Year != 0 {
		and = append(and, "year = "+strconv.Itoa(q.Year))
	}
	if q.Visible != "" {
		and = append(and, q.Visible)
	}
	return strings.Join(and, " AND ")
}

// searchResponse is the part of Meilisearch's answer that Search reads.
type searchResponse struct {
	Hits []struct {
		ID        string `json:"id"`
		Type      Type   `json:"type"`
		Kind      string `json:"kind"`
		EntityID  int64  `json:"entityId"`
		Group     string `json:"group"`
		Title     string `json:"title"`
		Heading   string `json:"heading"`
		URL       string `json:"url"`
		Formatted struct {
			Title string `json:"title"`
			Text  string `json:"text"`
		} `json:"_formatted"`
	} `json:"hits"`
	EstimatedTotalHits int                       `json:"estimatedTotalHits"`
	FacetDistribution  map[string]map[string]int `json:"facetDistribution"`
}

// Search runs q over what the reader of ctx may read. Italian is helped along: see
// queryText.
func (x *Index) Search(ctx context.Context, q Query) (*Result, error) {
	visible, err := access.From(ctx).SearchFilter(ctx)
	if err != nil {
		return nil, err
	}
	q.Visible = visible
	req := x.Request(q)
	raw, err := x.client.Index(x.uid).SearchRawWithContext(ctx, req.Query, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	var resp searchResponse
	if err := json.Unmarshal(*raw, &resp); err != nil {
		return nil, fmt.Errorf("search: decoding the response: %w", err)
	}
	res := &Result{Hits: make([]Hit, len(resp.Hits)), Total: resp.EstimatedTotalHits, Facets: resp.FacetDistribution}
	// Meilisearch leaves out a facet that no document has; callers get every one.
	if res.Facets == nil {
		res.Facets = map[string]map[string]int{}
	}
	for _, f := range facets {
		if res.Facets[f] == nil {
			res.Facets[f] = map[string]int{}
		}
	}
	for i, h := range resp.Hits {
		res.Hits[i] = Hit{
			ID: h.ID, Type: h.Type, Kind: h.Kind, EntityID: h.EntityID, Group: h.Group,
			Title: h.Title, Heading: h.Heading, URL: h.URL,
			Highlight: highlight(h.Formatted.Text, h.Formatted.Title),
		}
	}
	return res, nil
}

// highlight picks the cropped text, or the title when only the title has a match, and
// turns it into safe HTML.
func highlight(text, title string) string {
	s := text
	if !strings.Contains(text, markStart) && strings.Contains(title, markStart) {
		s = title
	}
	return sentinelToMark.Replace(html.EscapeString(s))
}

// Suggestion is a title to offer while the user types.
type Suggestion struct {
	Title string
	URL   string
	Type  Type
}

// Suggest returns up to limit (at most 10) titles matching prefix, one per group (so a
// guideline shows once, not once per section). It searches titles only and asks for
// nothing else, to answer as the user types.
func (x *Index) Suggest(ctx context.Context, prefix string, limit int) ([]Suggestion, error) {
	if strings.TrimSpace(prefix) == "" || limit <= 0 {
		return nil, nil
	}
	limit = min(limit, maxSuggestions)
	visible, err := access.From(ctx).SearchFilter(ctx)
	if err != nil {
		return nil, err
	}
	req := &meilisearch.SearchRequest{
		Limit:                int64(limit),
		AttributesToSearchOn: []string{"title"},
		AttributesToRetrieve: suggestionAttributes,
		Distinct:             "group",
	}
	if visible != "" {
		req.Filter = visible
	}
	raw, err := x.client.Index(x.uid).SearchRawWithContext(ctx, prefix, req)
	if err != nil {
		return nil, fmt.Errorf("search: suggest: %w", err)
	}
	var resp struct {
		Hits []struct {
			Title string `json:"title"`
			URL   string `json:"url"`
			Type  Type   `json:"type"`
		} `json:"hits"`
	}
	if err := json.Unmarshal(*raw, &resp); err != nil {
		return nil, fmt.Errorf("search: suggest: decoding the response: %w", err)
	}
	out := make([]Suggestion, len(resp.Hits))
	for i, h := range resp.Hits {
		out[i] = Suggestion{Title: h.Title, URL: h.URL, Type: h.Type}
	}
	return out, nil
}

// filterList renders values as a Meilisearch filter array of quoted strings.
func filterList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = quote(v)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// quote renders s as a Meilisearch filter string: double quotes, with backslashes and
// double quotes escaped.
func quote(s string) string {
	return `"` + filterEscaper.Replace(s) + `"`
}

var filterEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)
