package search_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/gemella/gemella/internal/search"
	"github.com/gemella/gemella/internal/search/searchtest"
	"github.com/gemella/gemella/internal/store"
	"github.com/gemella/gemella/internal/storetest"
)

// testKind is the outbox kind of the test table's rows.
const testKind = "test"

// testSource serves the rows of test_docs, a table each test creates in its database:
// a row is one group "test-<id>" of `parts` documents.
type testSource struct{}

func (testSource) Kind() string { return testKind }

func (testSource) Group(id int64) string { return fmt.Sprintf("test-%d", id) }

func (testSource) All(ctx context.Context, q store.Querier) ([]int64, error) {
	rows, err := q.Query(ctx, `SELECT id FROM test_docs ORDER BY id`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

func (src testSource) Load(ctx context.Context, q store.Querier, ids []int64) (map[int64][]search.Document, error) {
	rows, err := q.Query(ctx, `SELECT id, type, title, heading, text, service_area, regions, year, parts, created_at
		FROM test_docs WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, err
	}
	out := map[int64][]search.Document{}
	var r doc
	_, err = pgx.ForEachRow(rows, []any{&r.ID, &r.Type, &r.Title, &r.Heading, &r.Text, &r.ServiceArea, &r.Regions, &r.Year, &r.Parts, &r.CreatedAt}, func() error {
		for part := range r.Parts {
			out[r.ID] = append(out[r.ID], search.Document{
				ID: fmt.Sprintf("test-%d-%d", r.ID, part), Type: r.Type, Group: src.Group(r.ID),
				Kind: testKind, EntityID: r.ID, Title: r.Title, Heading: r.Heading, Text: r.Text,
				ServiceArea: r.ServiceArea, Regions: r.Regions, Year: r.Year,
				URL: fmt.Sprintf("/test/%d", r.ID), CreatedAt: r.CreatedAt,
			})
		}
		return nil
	})
	return out, err
}

// doc is a row of test_docs. Zero Type, Parts and CreatedAt get defaults from put.
type doc struct {
	ID                   int64
	Type                 search.Type
	Title, Heading, Text string
	ServiceArea          string
	Regions              []string
	Year, Parts          int
	CreatedAt            int64
}

// env is a test's database (with test_docs), index and indexer.
type env struct {
	pool    *pgxpool.Pool
	idx     *search.Index
	indexer *search.Indexer
}

func newEnv(tb testing.TB) *env {
	tb.Helper()
	pool := storetest.NewDB(tb, storetest.Options{})
	createTestDocs(tb, pool)
	idx := searchtest.NewIndex(tb)
	return &env{pool: pool, idx: idx, indexer: search.NewIndexer(pool, idx, testSource{})}
}

func createTestDocs(tb testing.TB, pool *pgxpool.Pool) {
	tb.Helper()
	_, err := pool.Exec(context.Background(), `CREATE TABLE test_docs (
		id           bigint PRIMARY KEY,
		type         text NOT NULL,
		title        text NOT NULL,
		heading      text NOT NULL,
		text         text NOT NULL,
		service_area text NOT NULL,
		regions      text[] NOT NULL,
		year         int NOT NULL,
		parts        int NOT NULL,
		created_at   bigint NOT NULL)`)
	if err != nil {
		tb.Fatal(err)
	}
}

// put writes rows and enqueues them, in one transaction as a domain service does.
func put(tb testing.TB, pool *pgxpool.Pool, docs ...doc) {
	tb.Helper()
	ctx := context.Background()
	err := store.WithTx(ctx, pool, func(tx pgx.Tx) error {
		for _, d := range docs {
			if d.Type == "" {
				d.Type = search.Practice
			}
			if d.Parts == 0 {
				d.Parts = 1
			}
			if d.CreatedAt == 0 {
				d.CreatedAt = 1_700_000_000 + d.ID
			}
			if d.Regions == nil {
				d.Regions = []string{}
			}
			if _, err := tx.Exec(ctx, `INSERT INTO test_docs VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
				ON CONFLICT (id) DO UPDATE SET type = $2, title = $3, heading = $4, text = $5,
					service_area = $6, regions = $7, year = $8, parts = $9, created_at = $10`,
				d.ID, d.Type, d.Title, d.Heading, d.Text, d.ServiceArea, d.Regions, d.Year, d.Parts, d.CreatedAt); err != nil {
				return err
			}
			if err := search.Enqueue(ctx, tx, testKind, d.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// drain runs indexer passes until nothing is due.
func drain(tb testing.TB, ix *search.Indexer) {
	tb.Helper()
	for {
		n, err := ix.Drain(context.Background())
		if err != nil {
			tb.Fatalf("Drain: %v", err)
		}
		if n == 0 {
			return
		}
	}
}

// index writes docs and drains them into e's index.
func (e *env) index(tb testing.TB, docs ...doc) {
	tb.Helper()
	put(tb, e.pool, docs...)
	drain(tb, e.indexer)
}

func (e *env) search(tb testing.TB, q search.Query) *search.Result {
	tb.Helper()
	res, err := e.idx.Search(context.Background(), q)
	if err != nil {
		tb.Fatalf("Search(%+v): %v", q, err)
	}
	return res
}

// eventually polls cond until it holds or the deadline passes.
func eventually(tb testing.TB, within time.Duration, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("not after %s: %s", within, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
