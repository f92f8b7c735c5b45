// Package store opens the PostgreSQL pool, runs migrations and holds what every domain's SQL
// shares: the transaction helper and the translation of database errors into apperr.
// Each domain package keeps its own queries next to its service.
package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/gemella/gemella/internal/apperr"
)

// Querier is what both a pool and a transaction offer, so read queries run on either.
type Querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// Snapshot is PostgreSQL's current snapshot, in its text form: which transactions had
// committed when it was taken (what a snapshot shows committed, a later reader sees too).
func Snapshot(ctx context.Context, q Querier) (string, error) {
	var s string
	err := q.QueryRow(ctx, `SELECT pg_current_snapshot()::text`).Scan(&s)
	return s, err
}

// Open connects a pool and checks that the server answers. counter may be nil; when set it
// counts every statement the pool sends (used by the statement-budget tests).
func Open(ctx context.Context, url string, counter *Counter) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	if counter != nil {
		cfg.ConnConfig.Tracer = counter
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("PostgreSQL: %w", err)
	}
	return pool, nil
}

// WithTx runs fn in one transaction: committed when fn returns nil, rolled back otherwise.
// Every write in Gemella goes through it, so nothing is ever half-written.
func WithTx(ctx context.Context, pool *pgxpool.Pool, fn func(tx pgx.Tx) error) error {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after Commit
	hooks := &commitHooks{}
	afterCommit.Store(tx, hooks)
	defer afterCommit.Delete(tx)
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	hooks.run()
	return nil
}

// afterCommit holds, for each transaction WithTx runs, what is to run once it commits.
var afterCommit sync.Map // pgx.Tx → *commitHooks

type commitHooks struct {
	mu   sync.Mutex
	keys []string
	fns  []func()
}

func (h *commitHooks) run() {
	h.mu.Lock()
	fns := h.fns
	h.mu.Unlock()
	for _, f := range fns {
		f()
	}
}

// AfterCommit has f run once tx has committed, once however often it is asked with the
// same key; false when tx is not a transaction WithTx runs (a pool, a savepoint), and f
// will not run.
func AfterCommit(tx Querier, key string, f func()) bool {
	v, ok := afterCommit.Load(tx)
	if !ok {
		return false
	}
	h := v.(*commitHooks)
	h.mu.Lock()
	defer h.mu.Unlock()
	if !slices.Contains(h.keys, key) {
		h.keys, h.fns = append(h.keys, key), append(h.fns, f)
	}
	return true
}

// constraintErrors maps constraint names to the expected failure they mean, so that a race
// the service's own checks could not see still ends as a userError, not a 500.
var constraintErrors = map[string]*apperr.Error{
	"users_email_key":      apperr.New(apperr.Conflict, "email", "auth.email.taken"),
	"users_center_id_fkey": apperr.New(apperr.Invalid, "centerId", "directory.center.unknown"),
	"users_region_id_fkey": apperr.New(apperr.Invalid, "regionId", "directory.region.unknown"),
}

// Translate turns database errors into expected failures where they have a meaning for the
// user (no row, a known constraint); other errors pass through unchanged.
func Translate(err error, notFound *apperr.Error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, pgx.ErrNoRows) && notFound != nil {
		return notFound
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		if e, ok := constraintErrors[pgErr.ConstraintName]; ok {
			return e
		}
	}
	return err
}

// Counter is a pgx tracer that counts statements. Tests use it to hold resolvers to a
// statement budget (no N+1).
type Counter struct{ n atomic.Int64 }

// Count returns how many statements have started so far.
func (c *Counter) Count() int64 { return c.n.Load() }

// TraceQueryStart implements pgx.QueryTracer.
func (c *Counter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	return ctx
}

// TraceQueryEnd implements pgx.QueryTracer.
func (c *Counter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// TraceBatchStart implements pgx.BatchTracer: a batch is one round trip but several
// statements, and it counts as what it is.
func (c *Counter) TraceBatchStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceBatchStartData) context.Context {
	c.n.Add(int64(d.Batch.Len()))
	return ctx
}

// TraceBatchQuery implements pgx.BatchTracer.
func (c *Counter) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}

// TraceBatchEnd implements pgx.BatchTracer.
func (c *Counter) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}
