package search_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gemella/gemella/internal/search"
	"github.com/gemella/gemella/internal/search/searchtest"
)

// benchQueries mix typed words, inflections, accents, filters and the empty listing.
var benchQueries = []search.Query{
	{Text: "mediazione familiare"},
	{Text: "famiglia multiproblematica"},
	{Text: "sportello", Types: []search.Type{search.Practice, search.Question}},
	{Text: "citta di castello", Regions: []string{"UMB"}},
	{Text: "colloqui genitori", Year: 2023},
	{},
}

// benchDocs generates n documents from the vocabulary of the relevance passages.
func benchDocs(n int) []doc {
	var vocab []string
	for _, p := range passages {
		vocab = append(vocab, strings.Fields(p.Title+" "+p.Text)...)
	}
	r := rand.New(rand.NewPCG(1, 2))
	phrase := func(n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = vocab[r.IntN(len(vocab))]
		}
		return strings.Join(w, " ")
	}
	types := []search.Type{search.GuidelineSection, search.Question, search.Practice, search.Workshop}
	areas := []string{"minori", "famiglie", "anziani", "disabilita"}
	regions := []string{"UMB", "TOS", "LAZ", "EMR"}
	docs := make([]doc, n)
	for i := range docs {
		docs[i] = doc{ID: int64(i + 1), Type: types[r.IntN(4)], Title: phrase(3 + r.IntN(4)), Heading: phrase(r.IntN(4)),
			Text: phrase(60 + r.IntN(60)), ServiceArea: areas[r.IntN(4)], Regions: []string{regions[r.IntN(4)]},
			Year: 2019 + r.IntN(6)}
	}
	return docs
}

func benchEnv(b *testing.B) *env {
	e := newEnv(b)
	e.index(b, benchDocs(2000)...)
	return e
}

// BenchmarkSearch measures Search: building the request, Meilisearch, decoding the hits
// and their highlights.
func BenchmarkSearch(b *testing.B) {
	e := benchEnv(b)
	ctx := context.Background()
	b.Run("2000docs", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := e.idx.Search(ctx, benchQueries[i%len(benchQueries)]); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSearchDirect sends the same requests with the client alone: the baseline that
// BenchmarkSearch's overhead is measured against.
func BenchmarkSearchDirect(b *testing.B) {
	e := benchEnv(b)
	ctx := context.Background()
	index := searchtest.Client(b).Index(e.idx.UID())
	b.Run("2000docs", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			req := e.idx.Request(benchQueries[i%len(benchQueries)])
			if _, err := index.SearchWithContext(ctx, req.Query, req); err != nil {
				b.Fatal(fmt.Errorf("%+v: %w", req, err))
			}
		}
	})
}
