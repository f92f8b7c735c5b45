package search_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/meilisearch/meilisearch-go"

	"github.com/gemella/gemella/internal/search"
	"github.com/gemella/gemella/internal/search/searchtest"
)

func TestZZExplore(t *testing.T) {
	e := newEnv(t)
	e.index(t, passages...)
	e.index(t, doc{ID: 99, Title: "Nota interna", Text: "Il CpF di zona ha aggiornato gli orari."})
	cl := searchtest.Client(t)
	raw := func(q string, on []string) []int64 {
		var out []int64
		resp, err := cl.Index(e.idx.UID()).SearchWithContext(context.Background(), q, &meilisearch.SearchRequest{Query: q, AttributesToSearchOn: on, Limit: 10, MatchingStrategy: meilisearch.Last})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range resp.Hits {
			var d struct{ EntityID int64 `json:"entityId"` }
			h.DecodeInto(&d)
			out = append(out, d.EntityID)
		}
		return out
	}
	noStems := []string{"title", "heading", "text"}
	for _, c := range relevanceCases {
		plain := raw(c.query, noStems)
		req := e.idx.Request(search.Query{Text: c.query})
		wf := raw(c.query+" "+req.Query[:max(0, len(req.Query)-len(c.query)-1)], nil)
		t.Logf("%-30q sent=%q plain-no-stems rank=%d  words-first rank=%d", c.query, req.Query, slices.Index(plain, c.want)+1, slices.Index(wf, c.want)+1)
	}
	for _, q := range []string{"città", "Citta", "équipe", "EQUIPE", "genitorialita", "centro per le famiglie", "centri per la famiglia", "centro famiglie", "cpf", "mediazione familiare"} {
		t.Logf("raw no stems %q → %v", q, raw(q, noStems))
	}
	res, _ := e.idx.Search(context.Background(), search.Query{Text: "reti"})
	for _, h := range res.Hits {
		fmt.Println("reti:", h.EntityID, h.Highlight)
	}
	res, _ = e.idx.Search(context.Background(), search.Query{Text: "casa"})
	for _, h := range res.Hits {
		fmt.Println("casa:", h.EntityID, h.Highlight, res.Total)
	}
	res, _ = e.idx.Search(context.Background(), search.Query{Text: "famiglia multiproblematica"})
	for _, h := range res.Hits {
		fmt.Println("fm:", h.EntityID, h.Highlight, res.Total, res.Facets)
	}
	s, _ := cl.Index(e.idx.UID()).GetSettings()
	fmt.Printf("%+v\n", s.RankingRules)
	fmt.Printf("%+v\n", s.Synonyms)
}
