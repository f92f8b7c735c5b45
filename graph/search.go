package graph

import (
	"context"
	"errors"
	"sort"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/gemella/gemella/graph/model"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/gid"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/search"
)

const (
	maxSearchQuery = 200
	maxSearchPage  = 50
	// maxSearchHits is Meilisearch's maxTotalHits: no page reaches beyond it.
	maxSearchHits = 1000
)

// search pages by offset: Meilisearch ranks by relevance, which has no stable key to seek
// on, and it pages through at most 1,000 hits anyway.
func (r *Resolver) search(ctx context.Context, text string, filter *model.SearchFilter, first *int, after *string, groupBy model.SearchGroupBy) (*model.SearchConnection, error) {
	if utf8.RuneCountInString(text) > maxSearchQuery {
		return nil, apperr.New(apperr.Invalid, "query", "search.query.too_long").With("Max", maxSearchQuery)
	}
	limit := paging.DefaultSize
	if first != nil {
		if *first < 0 || *first > maxSearchPage {
			return nil, apperr.New(apperr.Invalid, "first", "paging.first.range").With("Max", maxSearchPage)
		}
		limit = *first
	}
	offset := 0
	if after != nil {
		if _, err := (paging.Page{After: *after}).Decode(&offset); err != nil || offset < 0 {
			return nil, apperr.New(apperr.Invalid, "after", "paging.after.invalid")
		}
	}
	if offset+limit > maxSearchHits {
		return nil, apperr.New(apperr.Invalid, "after", "search.after.too_far").With("Max", maxSearchHits)
	}
	// Meilisearch reads a zero limit as its default: first: 0 asks for one hit and shows none,
	// which still gives the total and the facets.
	q := search.Query{Text: text, Limit: max(limit, 1), Offset: offset, ByDocument: groupBy == model.SearchGroupByDocument}
	if filter != nil {
		q.Types = filter.Types
		if filter.ServiceAreaSlug != nil {
			q.ServiceArea = *filter.ServiceAreaSlug
		}
		if filter.Year != nil {
			q.Year = *filter.Year
		}
		if filter.RegionID != nil {
			_, id, err := decodeID(*filter.RegionID, "regionId", gid.Region)
			if err != nil {
				return nil, err
			}
			region, err := load(ctx, loadersFrom(ctx).regions, id)
			if err != nil {
				return nil, err
			}
			if region == nil {
				return nil, apperr.New(apperr.Invalid, "regionId", "directory.region.unknown")
			}
			q.Regions = []string{region.Code}
		}
	}
	res, err := r.svc.Search.Search(ctx, q)
	if err != nil {
		return nil, unavailable(err)
	}
	res.Hits = res.Hits[:min(len(res.Hits), limit)]
	conn := &model.SearchConnection{
		Edges:      make([]*model.SearchEdge, len(res.Hits)),
		PageInfo:   &model.PageInfo{HasPreviousPage: offset > 0},
		TotalCount: res.Total,
		Facets: &model.SearchFacets{
			Types:        facet(res.Facets["type"]),
			ServiceAreas: facet(res.Facets["serviceArea"]),
			Regions:      facet(res.Facets["regions"]),
			Years:        facet(res.Facets["year"]),
		},
	}
	if res.DidYouMean != "" {
		conn.DidYouMean = &res.DidYouMean
	}
	for i, h := range res.Hits {
		cursor := paging.Encode(offset + i + 1)
		more := make([]*model.SearchPassage, len(h.More))
		for j, p := range h.More {
			more[j] = &model.SearchPassage{Heading: p.Heading, URL: p.URL}
		}
		conn.Edges[i] = &model.SearchEdge{Cursor: cursor, Node: &model.SearchHit{
			Type: h.Type, Title: h.Title, Heading: h.Heading, Highlight: h.Highlight, URL: h.URL, Kind: h.Kind, EntityID: h.EntityID,
			OtherPassages: more,
		}}
	}
	n := len(conn.Edges)
	conn.PageInfo.HasNextPage = offset+n < min(res.Total, maxSearchHits)
	if n > 0 {
		conn.PageInfo.StartCursor = &conn.Edges[0].Cursor
		conn.PageInfo.EndCursor = &conn.Edges[n-1].Cursor
	}
	return conn, nil
}

// unavailable reports a search engine failure as an expected, retryable one: PostgreSQL
// still holds everything, the index will catch up.
func unavailable(err error) error {
	if _, ok := apperr.Expected(err); ok || errors.Is(err, context.Canceled) {
		return err
	}
	return errors.Join(apperr.New(apperr.Unavailable, "", "search.unavailable"), err)
}

func thesaurus(th *search.ThesaurusState) *model.SearchThesaurus {
	if th == nil {
		return nil
	}
	return &model.SearchThesaurus{Text: th.Text, EntryCount: th.Entries, IsDefault: th.IsDefault,
		DefaultText: search.DefaultThesaurus, UpdatedAt: th.UpdatedAt}
}

func facet(counts map[string]int) []*model.SearchFacetValue {
	out := make([]*model.SearchFacetValue, 0, len(counts))
	for v, n := range counts {
		out = append(out, &model.SearchFacetValue{Value: v, Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	return out
}

func (r *Resolver) suggest(ctx context.Context, prefix string, first *int) ([]*model.SearchSuggestion, error) {
	limit := 8
	if first != nil {
		if *first < 0 || *first > 10 {
			return nil, apperr.New(apperr.Invalid, "first", "paging.first.range").With("Max", 10)
		}
		limit = *first
	}
	if utf8.RuneCountInString(prefix) > maxSearchQuery {
		return nil, apperr.New(apperr.Invalid, "prefix", "search.query.too_long").With("Max", maxSearchQuery)
	}
	list, err := r.svc.Search.Suggest(ctx, prefix, limit)
	if err != nil {
		return nil, unavailable(err)
	}
	out := make([]*model.SearchSuggestion, len(list))
	for i, s := range list {
		out[i] = &model.SearchSuggestion{Title: s.Title, Type: s.Type, URL: s.URL}
	}
	return out, nil
}

// searchItem resolves the object of a hit. When the client asks only for its id (as a
// result list does), the hit already holds it and no database read is needed.
func (r *Resolver) searchItem(ctx context.Context, h *model.SearchHit) (model.Node, error) {
	identityOnly := onlyIdentity(graphql.GetFieldContext(ctx).Field.Selections, graphql.GetOperationContext(ctx).Doc.Fragments)
	k, ok := bySearchKind[h.Kind]
	if !ok {
		return nil, nil
	}
	if identityOnly {
		return k.stub(h.EntityID), nil
	}
	return k.load(ctx, loadersFrom(ctx), h.EntityID)
}

// onlyIdentity reports whether a selection asks for nothing but id and __typename.
func onlyIdentity(set ast.SelectionSet, frags ast.FragmentDefinitionList) bool {
	for _, s := range set {
		switch s := s.(type) {
		case *ast.Field:
			if s.Name != "id" && s.Name != "__typename" {
				return false
			}
		case *ast.InlineFragment:
			if !onlyIdentity(s.SelectionSet, frags) {
				return false
			}
		case *ast.FragmentSpread:
			f := frags.ForName(s.Name)
			if f == nil || !onlyIdentity(f.SelectionSet, frags) {
				return false
			}
		}
	}
	return true
}
