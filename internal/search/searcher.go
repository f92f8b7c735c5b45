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
	markStartRune = '\uE000'
	markEndRune   = '\uE001'
	markStart     = string(markStartRune)
	markEnd       = string(markEndRune)
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
	ID      string `json:"id"`
	Heading string `json:"heading"`
	URL     string `json:"url"`
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
	passageAttributes    = []string{"id", "group", "heading", "url"}
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
	// variant: a rewriting through a long thesaurus phrase.
	variant bool
}

// rewritten reports whether fs hold thesaurus rewritings, which are sent all at once.
func rewritten(fs []form) bool {
	return slices.ContainsFunc(fs, func(f form) bool { return f.variant })
}

// typedFollows reports whether fs are the stems form and the typed form alone: the typed
// form is then sent only when the stems form's best hit misses a word.
func typedFollows(fs []form) bool { return len(fs) == 2 && !rewritten(fs) }

// forms returns the forms a search may send for text (trimmed, not empty), stop words
// taken out.
//
//   - The stems form ("ret reti") comes first: the stems of the words that differ from them,
//     then the words, over every attribute. Meilisearch's matching strategy "last" drops query
//     words from the end when no document holds them all, so stems first keep inflected forms
//     ("la rete") and short words that get no typo tolerance.
//   - The typed form ("reti"), over the text attributes only, keeps Meilisearch's typo
//     tolerance on the words as typed when the stem of a mistyped word ("afid", from
//     "afidamento") matches nothing and sinks the stems form. Search sends it only then:
//     when the stems form's best hit does not match every word.
//   - A long thesaurus phrase adds both forms of each rewriting (see Thesaurus.variants).
//
// Hits found by several forms keep their best weighted ranking score. A query whose words
// all keep no stem has the stems form only.
func forms(text string, th *Thesaurus) []form {
	text = withoutStopWords(text)
	out := []form{{q: stemsForm(text), stems: true, weight: 1}}
	// Without stems the typed form would ask for the same words again.
	if out[0].q != text {
		out = append(out, form{q: text, weight: 1})
	}
	for _, v := range th.variants(termWords(text)) {
		t := withoutStopWords(strings.Join(v, " "))
		out = append(out, form{q: stemsForm(t), stems: true, weight: weightVariant, variant: true})
		if out[len(out)-1].q != t {
			out = append(out, form{q: t, weight: weightVariant, variant: true})
		}
	}
	return out
}

// stemsForm is the stems form of text: see forms. The stems come first because the
// matching strategy "last" never drops the first query word: "reti ret" would be cut down to
// "reti" and miss the passage about "la rete", while "ret reti" keeps the stem. Documents
// holding the words as typed also hold their stems, so they match every word and rank
// first; and the user's last word stays last, where Meilisearch matches it as a prefix.
// Words of nine letters or more keep no
// stem: Meilisearch forgives them two typos, which cover any change of an Italian ending
// ("multiproblematica", "multiproblematiche"), and each more query word costs time.
// Quoted phrases keep no stems either: they ask for the words as typed.
func stemsForm(text string) string {
	seen := map[string]bool{}
	var ws []string
	for i, seg := range strings.Split(text, `"`) {
		if i%2 == 0 {
			ws = append(ws, words(seg)...)
		}
	}
	for _, w := range ws {
		seen[w] = true
	}
	var b strings.Builder
	for _, w := range ws {
		if isStopWord[w] || typoBudget(w) == 2 {
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

// Request is the request that Search sends first for q (a fresh value each call): the
// listing when there are no words, else the stems form, asked for every hit up to the end
// of the page, since the page is cut after the forms are merged.
func (x *Index) Request(q Query) *meilisearch.SearchRequest {
	text := strings.TrimSpace(q.Text)
	if text == "" {
		limit, offset := q.page()
		r := x.baseRequest(q)
		r.Sort = []string{"createdAt:desc"}
		r.Offset, r.Limit = int64(offset), int64(limit)
		return r
	}
	return x.formRequest(q, forms(text, x.Thesaurus()), 0)
}

func (x *Index) baseRequest(q Query) *meilisearch.SearchRequest {
	r := &meilisearch.SearchRequest{
		AttributesToRetrieve:  slices.Clone(hitAttributes),
		AttributesToHighlight: []string{"title", "text"},
		AttributesToCrop:      []string{"text:" + strconv.Itoa(cropWords)},
		CropMarker:            "…",
		HighlightPreTag:       markStart,
		HighlightPostTag:      markEnd,
		MatchingStrategy:      meilisearch.Last,
		Facets:                slices.Clone(facets),
	}
	if f := q.filter(); f != "" {
		r.Filter = f
	}
	if q.ByDocument {
		r.Distinct = "group"
	}
	return r
}

// formRequest is the request for fs[i]. Ranking scores are asked for only when there are
// forms to merge, and the first form's score details only when they decide whether the
// typed form follows: both lengthen every hit of the answer.
func (x *Index) formRequest(q Query, fs []form, i int) *meilisearch.SearchRequest {
	limit, offset := q.page()
	f := fs[i]
	r := x.baseRequest(q)
	r.Query = f.q
	r.Limit = int64(offset + limit)
	r.ShowRankingScore = len(fs) > 1
	// The words rule's details tell whether the best hit matched every word.
	r.ShowRankingScoreDetails = i == 0 && typedFollows(fs)
	if !f.stems {
		r.AttributesToSearchOn = slices.Clone(typedAttributes)
	}
	return r
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
	ID       string  `json:"id"`
	Type     Type    `json:"type"`
	Kind     string  `json:"kind"`
	EntityID int64   `json:"entityId"`
	Group    string  `json:"group"`
	Title    string  `json:"title"`
	Heading  string  `json:"heading"`
	URL      string  `json:"url"`
	Score    float64 `json:"_rankingScore"`
	Details  struct {
		Words *struct {
			Matching int `json:"matchingWords"`
			Max      int `json:"maxMatchingWords"`
		} `json:"words"`
	} `json:"_rankingScoreDetails"`
	Formatted struct {
		Title string `json:"title"`
		Text  string `json:"text"`
	} `json:"_formatted"`
}

// formResult is Meilisearch's answer to one form.
type formResult struct {
	Hits              []rawHit                  `json:"hits"`
	Total             int                       `json:"estimatedTotalHits"`
	FacetDistribution map[string]map[string]int `json:"facetDistribution"`
	weight            float64
}

// complete reports whether the best hit matched every word of the form.
func (r *formResult) complete() bool {
	if len(r.Hits) == 0 {
		return false
	}
	w := r.Hits[0].Details.Words
	return w == nil || w.Matching == w.Max
}

// Search runs q over what the reader of ctx may read (see forms). When nothing is found
// though the query has several words, the words that match nothing on their own are left
// out and the search runs again, so that a query never finds nothing while one of its words
// (or a close spelling) is in something the reader may read.
func (x *Index) Search(ctx context.Context, q Query) (*Result, error) {
	visible, err := access.From(ctx).SearchFilter(ctx)
	if err != nil {
		return nil, err
	}
	q.Visible = visible
	text := strings.TrimSpace(q.Text)
	res, err := x.search(ctx, q)
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
			if res, err = x.search(ctx, retry); err != nil {
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

// search sends the forms of q that it needs and merges their answers into one page.
func (x *Index) search(ctx context.Context, q Query) (*Result, error) {
	text := strings.TrimSpace(q.Text)
	if text == "" {
		r, err := x.searchOne(ctx, x.Request(q))
		if err != nil {
			return nil, err
		}
		r.weight = 1
		return merge(q, []*formResult{r}, false), nil
	}
	fs := forms(text, x.Thesaurus())
	var results []*formResult
	if rewritten(fs) {
		// Thesaurus rewritings: every form at once.
		req := &meilisearch.MultiSearchRequest{}
		for i := range fs {
			r := x.formRequest(q, fs, i)
			r.IndexUID = x.uid
			req.Queries = append(req.Queries, r)
		}
		resp, err := x.client.MultiSearchWithContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		for i, rr := range resp.Results {
			r := &formResult{Total: int(rr.EstimatedTotalHits), weight: fs[i].weight}
			if len(rr.FacetDistribution) > 0 {
				if err := json.Unmarshal(rr.FacetDistribution, &r.FacetDistribution); err != nil {
					return nil, fmt.Errorf("search: decoding the facets: %w", err)
				}
			}
			r.Hits = make([]rawHit, len(rr.Hits))
			for j, h := range rr.Hits {
				if err := h.DecodeInto(&r.Hits[j]); err != nil {
					return nil, fmt.Errorf("search: decoding a hit: %w", err)
				}
			}
			results = append(results, r)
		}
	} else {
		first, err := x.searchOne(ctx, x.formRequest(q, fs, 0))
		if err != nil {
			return nil, err
		}
		first.weight = fs[0].weight
		results = append(results, first)
		if typedFollows(fs) && !first.complete() {
			typed, err := x.searchOne(ctx, x.formRequest(q, fs, 1))
			if err != nil {
				return nil, err
			}
			typed.weight = fs[1].weight
			results = append(results, typed)
		}
	}
	return merge(q, results, true), nil
}

func (x *Index) searchOne(ctx context.Context, req *meilisearch.SearchRequest) (*formResult, error) {
	raw, err := x.client.Index(x.uid).SearchRawWithContext(ctx, req.Query, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	var r formResult
	if err := json.Unmarshal(*raw, &r); err != nil {
		return nil, fmt.Errorf("search: decoding the response: %w", err)
	}
	return &r, nil
}

// merge makes one page of the forms' answers. paged: the answers start at the first hit,
// and the page is cut here.
func merge(q Query, results []*formResult, paged bool) *Result {
	limit, offset := q.page()
	if !paged {
		offset = 0
	}
	res := &Result{Facets: map[string]map[string]int{}}
	for _, f := range facets {
		res.Facets[f] = map[string]int{}
	}
	type scored struct {
		hit   *rawHit
		score float64
	}
	var merged []scored
	at := map[string]int{} // key → index in merged
	for _, r := range results {
		// Each form counts and facets the hits it found; the union is at least the
		// largest of them, and the forms mostly find the same documents.
		res.Total = max(res.Total, r.Total)
		for f, values := range r.FacetDistribution {
			if res.Facets[f] == nil {
				res.Facets[f] = map[string]int{}
			}
			for v, n := range values {
				res.Facets[f][v] = max(res.Facets[f][v], n)
			}
		}
		for i := range r.Hits {
			h := &r.Hits[i]
			key := h.ID
			if q.ByDocument {
				key = h.Group
			}
			s := h.Score * r.weight
			if j, seen := at[key]; seen {
				if s > merged[j].score {
					merged[j] = scored{h, s}
				}
				continue
			}
			at[key] = len(merged)
			merged = append(merged, scored{h, s})
		}
	}
	if len(results) > 1 {
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
	return res
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
			r := &meilisearch.SearchRequest{IndexUID: x.uid, Query: w, Limit: 1, AttributesToRetrieve: []string{"id"}}
			if f := q.filter(); f != "" {
				r.Filter = f
			}
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
		if !ok || p.ID == hits[i].ID || len(hits[i].More) == maxMore {
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
