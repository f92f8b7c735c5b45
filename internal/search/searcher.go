package search

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
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

var stripSentinels = strings.NewReplacer(markStart, "", markEnd, "")

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
	// ByDocument returns one hit per group (a guideline, not each of its sections): its
	// best passage, with the group's other matching passages in Hit.More.
	ByDocument bool
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
	// More are the other matching passages of the hit's group, best first, when the
	// query asked for hits by document.
	More []Passage
}

// Passage is one more matching section of a document.
type Passage struct {
	Kind     string
	EntityID int64
	Heading  string
	URL      string
}

// Result is one page of hits, the number of hits in all and the facet counts over them:
// Facets["type"|"serviceArea"|"regions"|"year"] maps each value to its count.
type Result struct {
	Hits   []Hit
	Total  int
	Facets map[string]map[string]int
	// DidYouMean is the query as Meilisearch understood it when that differs from what was
	// typed (a word matched only with typos, or matched nothing and was left out); empty
	// otherwise.
	DidYouMean string
}

var (
	facets               = []string{"type", "serviceArea", "regions", "year"}
	hitAttributes        = []string{"id", "type", "kind", "entityId", "group", "title", "heading", "url"}
	passageAttributes    = []string{"kind", "entityId", "group", "heading", "url"}
	suggestionAttributes = []string{"title", "url", "type"}
	// typedAttributes are where the words as typed are looked for: every searchable
	// attribute but the stems.
	typedAttributes = []string{"title", "heading", "text"}
)

const (
	// maxMore bounds the other passages listed under a document's hit.
	maxMore = 5
	// weightVariant ranks a query rewritten through a long thesaurus phrase a little below
	// the query as typed.
	weightVariant = 0.9
)

// form is one way of asking Meilisearch for what the user typed.
type form struct {
	q string
	// stems: the stems of the words first, then the words, over every attribute; else
	// the words only, over title, heading and text.
	stems  bool
	weight float64
}

// forms returns the forms a search sends for text (trimmed, not empty).
//
// Two forms answer every query, and the best of the two ranks each hit:
//   - the stems form ("ret reti"): the stems of the words that differ from them, then the
//     words. Meilisearch's matching strategy "last" drops query words from the end when no
//     document holds them all, so stems first keep inflected forms ("la rete") and short words
//     that get no typo tolerance;
//   - the typed form ("reti"), over the text attributes only: the words keep Meilisearch's
//     typo tolerance even when a stem of a mistyped word ("afid", from "afidamento") matches
//     nothing and would sink the stems form.
//
// A long thesaurus phrase adds both forms of each rewriting (see Thesaurus.variants).
func forms(text string, th *Thesaurus) []form {
	text = withoutStopWords(text)
	out := []form{{q: stemsForm(text), stems: true, weight: 1}, {q: text, weight: 1}}
	if th == nil {
		return out
	}
	for _, v := range th.variants(words(foldAccents(text))) {
		t := withoutStopWords(strings.Join(v, " "))
		out = append(out, form{q: stemsForm(t), stems: true, weight: weightVariant}, form{q: t, weight: weightVariant})
	}
	return out
}

// stemsForm is the stems form of text: see forms.
func stemsForm(text string) string {
	seen := map[string]bool{}
	ws := words(text)
	for _, w := range ws {
		seen[w] = true
	}
	var b strings.Builder
	for _, w := range ws {
		if isStopWord[w] {
			continue
		}
		if s := stem(w); !seen[s] {
			seen[s] = true
			b.WriteString(s)
			b.WriteByte(' ')
		}
	}
	b.WriteString(text)
	return b.String()
}

// page returns the limit and offset of q, within Meilisearch's reach.
func (q Query) page() (limit, offset int) {
	limit = q.Limit
	if limit <= 0 {
		limit = defaultLimit
	}
	limit = min(limit, maxLimit)
	offset = min(max(q.Offset, 0), maxTotalHits)
	limit = min(limit, maxTotalHits-offset)
	if limit == 0 {
		// Past the last reachable hit: Meilisearch returns nothing there whatever the
		// limit, and a zero limit would be omitted from the request and mean 20.
		limit = 1
	}
	return limit, offset
}

// Request is the multi-search that Search sends first for q (a fresh value each call).
// With several forms each is asked for the hits up to the end of the page, and the page is
// cut after they are merged.
func (x *Index) Request(q Query) *meilisearch.MultiSearchRequest {
	limit, offset := q.page()
	text := strings.TrimSpace(q.Text)
	base := func() *meilisearch.SearchRequest {
		r := &meilisearch.SearchRequest{
			IndexUID:              x.uid,
			AttributesToRetrieve:  slices.Clone(hitAttributes),
			AttributesToHighlight: []string{"title", "text"},
			AttributesToCrop:      []string{"text:" + strconv.Itoa(cropWords)},
			CropMarker:            "…",
			HighlightPreTag:       markStart,
			HighlightPostTag:      markEnd,
			MatchingStrategy:      meilisearch.Last,
			Facets:                slices.Clone(facets),
			Filter:                q.filter(),
		}
		if q.ByDocument {
			r.Distinct = "group"
		}
		return r
	}
	if text == "" {
		// No words: the newest documents first.
		r := base()
		r.Sort = []string{"createdAt:desc"}
		r.Offset, r.Limit = int64(offset), int64(limit)
		return &meilisearch.MultiSearchRequest{Queries: []*meilisearch.SearchRequest{r}}
	}
	return x.formsRequest(base, forms(text, x.Thesaurus()), offset+limit)
}

func (x *Index) formsRequest(base func() *meilisearch.SearchRequest, fs []form, upTo int) *meilisearch.MultiSearchRequest {
	req := &meilisearch.MultiSearchRequest{}
	for _, f := range fs {
		r := base()
		r.Query = f.q
		r.Limit = int64(upTo)
		r.ShowRankingScore = true
		if !f.stems {
			r.AttributesToSearchOn = slices.Clone(typedAttributes)
		}
		req.Queries = append(req.Queries, r)
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

// rawHit is the part of a Meilisearch hit that Search reads.
type rawHit struct {
	ID        string  `json:"id"`
	Type      Type    `json:"type"`
	Kind      string  `json:"kind"`
	EntityID  int64   `json:"entityId"`
	Group     string  `json:"group"`
	Title     string  `json:"title"`
	Heading   string  `json:"heading"`
	URL       string  `json:"url"`
	Score     float64 `json:"_rankingScore"`
	Formatted struct {
		Title string `json:"title"`
		Text  string `json:"text"`
	} `json:"_formatted"`
}

// Search runs q over what the reader of ctx may read: the forms of its text in one
// multi-search, merged by their weighted ranking scores. When every form comes back empty
// though the query has several words, the words that match nothing on their own are left
// out and the search runs again, so that a query never finds nothing while one of its words
// is in the index.
func (x *Index) Search(ctx context.Context, q Query) (*Result, error) {
	visible, err := access.From(ctx).SearchFilter(ctx)
	if err != nil {
		return nil, err
	}
	q.Visible = visible
	text := strings.TrimSpace(q.Text)
	req := x.Request(q)
	fs := []form{{weight: 1}}
	if text != "" {
		fs = forms(text, x.Thesaurus())
	}
	res, err := x.run(ctx, q, req, fs)
	if err != nil {
		return nil, err
	}
	dropped := map[string]bool{}
	if res.Total == 0 && len(contentWords(text)) > 1 {
		ws := contentWords(text)
		kept, err := x.matchingWords(ctx, q, ws)
		if err != nil {
			return nil, err
		}
		if len(kept) > 0 {
			for _, w := range ws {
				dropped[w] = !slices.Contains(kept, w)
			}
			retry := q
			retry.Text = strings.Join(kept, " ")
			if res, err = x.run(ctx, retry, x.Request(retry), forms(retry.Text, x.Thesaurus())); err != nil {
				return nil, err
			}
		}
	}
	var hl *highlighter
	if text != "" {
		hl = newHighlighter(text)
	}
	for i := range res.Hits {
		res.Hits[i].Highlight = hl.finish(res.Hits[i].Highlight)
	}
	if hl != nil {
		res.DidYouMean = hl.didYouMean(res.Hits, dropped)
	}
	if q.ByDocument && len(res.Hits) > 0 && text != "" {
		if err := x.addPassages(ctx, q, res.Hits); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// run sends req and merges its results into one page.
func (x *Index) run(ctx context.Context, q Query, req *meilisearch.MultiSearchRequest, fs []form) (*Result, error) {
	resp, err := x.client.MultiSearchWithContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	limit, offset := q.page()
	if len(req.Queries) == 1 && req.Queries[0].Offset > 0 {
		offset = 0 // the listing pages in Meilisearch itself
	}
	res := &Result{Facets: map[string]map[string]int{}}
	for _, f := range facets {
		res.Facets[f] = map[string]int{}
	}
	type scored struct {
		hit   rawHit
		score float64
	}
	var merged []scored
	at := map[string]int{} // key → index in merged
	for i, r := range resp.Results {
		// Each form counts and facets the hits it found; the union is at least the
		// largest of them, and the forms mostly find the same documents.
		res.Total = max(res.Total, int(r.EstimatedTotalHits))
		if len(r.FacetDistribution) > 0 {
			var dist map[string]map[string]int
			if err := json.Unmarshal(r.FacetDistribution, &dist); err != nil {
				return nil, fmt.Errorf("search: decoding the facets: %w", err)
			}
			for f, values := range dist {
				if res.Facets[f] == nil {
					res.Facets[f] = map[string]int{}
				}
				for v, n := range values {
					res.Facets[f][v] = max(res.Facets[f][v], n)
				}
			}
		}
		for _, h := range r.Hits {
			var raw rawHit
			if err := h.DecodeInto(&raw); err != nil {
				return nil, fmt.Errorf("search: decoding a hit: %w", err)
			}
			key := raw.ID
			if q.ByDocument {
				key = raw.Group
			}
			s := raw.Score * fs[min(i, len(fs)-1)].weight
			if j, seen := at[key]; seen {
				if s > merged[j].score {
					merged[j] = scored{raw, s}
				}
				continue
			}
			at[key] = len(merged)
			merged = append(merged, scored{raw, s})
		}
	}
	if len(resp.Results) > 1 {
		slices.SortStableFunc(merged, func(a, b scored) int { return cmp.Compare(b.score, a.score) })
	}
	merged = merged[min(offset, len(merged)):]
	merged = merged[:min(limit, len(merged))]
	res.Hits = make([]Hit, len(merged))
	for i, m := range merged {
		h := m.hit
		res.Hits[i] = Hit{
			ID: h.ID, Type: h.Type, Kind: h.Kind, EntityID: h.EntityID, Group: h.Group,
			Title: h.Title, Heading: h.Heading, URL: h.URL,
			Highlight: pickHighlight(h.Formatted.Text, h.Formatted.Title),
		}
	}
	return res, nil
}

// contentWords are the words of text that are not stop words.
func contentWords(text string) []string {
	return slices.DeleteFunc(words(text), func(w string) bool { return isStopWord[w] })
}

// matchingWords returns the words that find something on their own, as typed (with typo
// tolerance) or through their stem, under q's filters: one multi-search of two one-hit
// queries per word.
func (x *Index) matchingWords(ctx context.Context, q Query, ws []string) ([]string, error) {
	req := &meilisearch.MultiSearchRequest{}
	for _, w := range ws {
		for _, stems := range []bool{false, true} {
			r := &meilisearch.SearchRequest{IndexUID: x.uid, Query: w, Limit: 1, AttributesToRetrieve: []string{"id"}, Filter: q.filter()}
			if stems {
				r.Query = stem(w)
				r.AttributesToSearchOn = []string{"stems"}
			} else {
				r.AttributesToSearchOn = slices.Clone(typedAttributes)
			}
			req.Queries = append(req.Queries, r)
		}
	}
	resp, err := x.client.MultiSearchWithContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	var kept []string
	for i, w := range ws {
		if len(resp.Results[2*i].Hits) > 0 || len(resp.Results[2*i+1].Hits) > 0 {
			kept = append(kept, w)
		}
	}
	return kept, nil
}

// addPassages lists under each document's hit its other passages that match the query,
// best first: one search in the page's groups.
func (x *Index) addPassages(ctx context.Context, q Query, hits []Hit) error {
	groups := make([]string, len(hits))
	for i, h := range hits {
		groups[i] = h.Group
	}
	filter := "group IN " + filterList(groups)
	if f := q.filter(); f != "" {
		filter = f + " AND " + filter
	}
	raw, err := x.client.Index(x.uid).SearchRawWithContext(ctx, stemsForm(withoutStopWords(strings.TrimSpace(q.Text))), &meilisearch.SearchRequest{
		Limit:                int64(min(maxTotalHits, len(hits)*(maxMore+1))),
		AttributesToRetrieve: passageAttributes,
		MatchingStrategy:     meilisearch.Last,
		Filter:               filter,
	})
	if err != nil {
		return fmt.Errorf("search: passages: %w", err)
	}
	var resp struct {
		Hits []struct {
			Passage
			Group string `json:"group"`
		} `json:"hits"`
	}
	if err := json.Unmarshal(*raw, &resp); err != nil {
		return fmt.Errorf("search: passages: decoding the response: %w", err)
	}
	at := map[string]int{}
	for i, h := range hits {
		at[h.Group] = i
	}
	for _, p := range resp.Hits {
		i, ok := at[p.Group]
		if !ok || (p.Kind == hits[i].Kind && p.EntityID == hits[i].EntityID) || len(hits[i].More) == maxMore {
			continue
		}
		hits[i].More = append(hits[i].More, p.Passage)
	}
	return nil
}

// pickHighlight picks the cropped text, or the title when only the title has a match, and
// turns it into safe HTML.
func pickHighlight(text, title string) string {
	s := text
	if !strings.Contains(text, markStart) && strings.Contains(title, markStart) {
		s = title
	}
	return s
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
