package search_test

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/meilisearch/meilisearch-go"
	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/search"
	"github.com/gemella/gemella/internal/search/searchtest"
)

// The relevance set: passages of several sources and styles (guidelines, service sheets,
// forum questions, workshop notices, reports) and queries of eight kinds, each with the
// passages a reader would want in the first five hits. They were written before the search
// was tuned on them.
var (
	//go:embed testdata/relevance_passages.json
	relevancePassagesJSON []byte
	//go:embed testdata/relevance_queries.json
	relevanceQueriesJSON []byte
)

type relevancePassage struct {
	ID      int64  `json:"id"`
	Source  string `json:"source"`
	Title   string `json:"title"`
	Heading string `json:"heading"`
	Text    string `json:"text"`
}

type relevanceQuery struct {
	Kind string
	Q    string
	Want []int64
}

// scores are MRR@5 and recall@5 of one kind of query.
type scores struct {
	queries, zeroHits int
	mrr, recall       float64
}

func (s *scores) add(ranked []int64, want []int64) {
	s.queries++
	if len(ranked) == 0 {
		s.zeroHits++
	}
	top := ranked[:min(5, len(ranked))]
	for i, id := range top {
		if slices.Contains(want, id) {
			s.mrr += 1 / float64(i+1)
			break
		}
	}
	found := 0
	for _, id := range want {
		if slices.Contains(top, id) {
			found++
		}
	}
	s.recall += float64(found) / float64(min(len(want), 5))
}

func (s scores) MRR() float64    { return s.mrr / float64(s.queries) }
func (s scores) Recall() float64 { return s.recall / float64(s.queries) }

// TestRelevanceSet scores Gemella's search and plain Meilisearch (an index of the same
// passages with default settings, queried with the text as typed) in one run, per kind of
// query. No kind may score below plain Meilisearch, and no query may come back empty.
func TestRelevanceSet(t *testing.T) {
	t.Parallel()
	var passages []relevancePassage
	var queries []relevanceQuery
	require.NoError(t, json.Unmarshal(relevancePassagesJSON, &passages))
	require.NoError(t, json.Unmarshal(relevanceQueriesJSON, &queries))
	require.GreaterOrEqual(t, len(passages), 40)
	require.GreaterOrEqual(t, len(queries), 80)

	e := newEnv(t)
	docs := make([]doc, len(passages))
	for i, p := range passages {
		docs[i] = doc{ID: p.ID, Title: p.Title, Heading: p.Heading, Text: p.Text}
	}
	e.index(t, docs...)
	plain := plainIndex(t, e.idx.UID()+"_plain", passages)

	ctx := context.Background()
	ours, theirs := map[string]*scores{}, map[string]*scores{}
	var kinds []string
	var misses []string
	for _, q := range queries {
		if ours[q.Kind] == nil {
			kinds = append(kinds, q.Kind)
			ours[q.Kind], theirs[q.Kind] = &scores{}, &scores{}
		}
		res := e.search(t, search.Query{Text: q.Q, Limit: 5})
		var got []int64
		for _, h := range res.Hits {
			got = append(got, h.EntityID)
		}
		ours[q.Kind].add(got, q.Want)
		if len(got) == 0 || !slices.ContainsFunc(got, func(id int64) bool { return slices.Contains(q.Want, id) }) {
			misses = append(misses, fmt.Sprintf("%s %q: got %v, want one of %v", q.Kind, q.Q, got, q.Want))
		}

		raw, err := plain.SearchWithContext(ctx, q.Q, &meilisearch.SearchRequest{Limit: 5, AttributesToRetrieve: []string{"id"}})
		require.NoError(t, err)
		var ids []int64
		for _, h := range raw.Hits {
			var id int64
			require.NoError(t, json.Unmarshal(h["id"], &id))
			ids = append(ids, id)
		}
		theirs[q.Kind].add(ids, q.Want)
	}

	var table strings.Builder
	table.WriteString("\n| kind | queries | MRR@5 Gemella | MRR@5 plain | recall@5 Gemella | recall@5 plain | zero hits Gemella | zero hits plain |\n|---|---|---|---|---|---|---|---|\n")
	var all, allPlain scores
	for _, k := range append(kinds, "all") {
		o, p := ours[k], theirs[k]
		if k == "all" {
			o, p = &all, &allPlain
		} else {
			for _, pair := range [][2]*scores{{&all, o}, {&allPlain, p}} {
				pair[0].queries += pair[1].queries
				pair[0].zeroHits += pair[1].zeroHits
				pair[0].mrr += pair[1].mrr
				pair[0].recall += pair[1].recall
			}
		}
		fmt.Fprintf(&table, "| %s | %d | %.3f | %.3f | %.3f | %.3f | %d | %d |\n",
			k, o.queries, o.MRR(), p.MRR(), o.Recall(), p.Recall(), o.zeroHits, p.zeroHits)
	}
	t.Log(table.String())
	t.Logf("queries without a wanted passage in the top 5:\n%s", strings.Join(misses, "\n"))

	for _, k := range kinds {
		o, p := ours[k], theirs[k]
		if o.MRR() < p.MRR() || o.Recall() < p.Recall() {
			t.Errorf("%s: MRR@5 %.3f and recall@5 %.3f, plain Meilisearch %.3f and %.3f", k, o.MRR(), o.Recall(), p.MRR(), p.Recall())
		}
	}
	require.Zero(t, all.zeroHits, "queries with no hit at all")
}

// plainIndex is a Meilisearch index of the passages with default settings but for the
// searchable attributes, which follow Gemella's order (title, heading, text).
func plainIndex(t *testing.T, uid string, passages []relevancePassage) meilisearch.IndexManager {
	t.Helper()
	client := searchtest.Client(t)
	ctx := context.Background()
	t.Cleanup(func() { _, _ = client.DeleteIndexWithContext(context.Background(), uid) })
	wait := func(task *meilisearch.TaskInfo, err error) {
		t.Helper()
		require.NoError(t, err)
		done, err := client.WaitForTaskWithContext(ctx, task.TaskUID, 20*time.Millisecond)
		require.NoError(t, err)
		require.Equal(t, meilisearch.TaskStatusSucceeded, done.Status, done.Error.Message)
	}
	wait(client.CreateIndexWithContext(ctx, &meilisearch.IndexConfig{Uid: uid, PrimaryKey: "id"}))
	index := client.Index(uid)
	wait(index.UpdateSearchableAttributesWithContext(ctx, &[]string{"title", "heading", "text"}))
	wait(index.AddDocumentsWithContext(ctx, passages, nil))
	return index
}
