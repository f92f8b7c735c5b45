package search

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/gemella/gemella/internal/store"
)

const (
	// batchSize is how many outbox rows one pass takes, and how many ids a rebuild loads
	// at a time.
	batchSize = 500
	// pollInterval is the pause of Run when nothing is due: a write shows up in search
	// about this long after it commits.
	pollInterval = 250 * time.Millisecond
	// cleanupEvery is how often done rows older than a day are deleted.
	cleanupEvery = time.Hour
	// maxErrorLen bounds last_error, which may quote a long Meilisearch message.
	maxErrorLen = 2000
	// thesaurusEvery is how often Run looks for a thesaurus saved by another instance.
	thesaurusEvery = 5 * time.Second
	// indexerLock is the key of the advisory lock that one pass holds ("search" in ASCII).
	indexerLock int64 = 0x736561726368
)

// Indexer drains search_outbox into the index. Documents are built from PostgreSQL's
// current state, so a row delivered twice is harmless.
//
// Several server instances may run one each, but their passes never overlap: two passes
// loading the same object at different moments could enqueue their Meilisearch tasks in
// the other order and leave the older state in the index. Meilisearch applies the writes
// to one index one task at a time anyway, so serial passes cost no throughput.
type Indexer struct {
	pool        *pgxpool.Pool
	idx         *Index
	sources     map[string]Source
	nextCleanup atomic.Int64 // unix nanoseconds
	// thesaurusAt is when the thesaurus in use was saved (zero: the default), as Run
	// last read it; nextThesaurus is when Run looks again.
	thesaurusAt, nextThesaurus time.Time
}

// NewIndexer returns an indexer for the outbox kinds of sources.
func NewIndexer(pool *pgxpool.Pool, idx *Index, sources ...Source) *Indexer {
	x := &Indexer{pool: pool, idx: idx, sources: map[string]Source{}}
	for _, s := range sources {
		if _, dup := x.sources[s.Kind()]; dup {
			panic("search: two sources of kind " + s.Kind())
		}
		x.sources[s.Kind()] = s
	}
	return x
}

// Prepare loads the stored thesaurus and brings the index settings in line with it: the
// start of Run.
func (x *Indexer) Prepare(ctx context.Context) error {
	at, err := x.idx.LoadThesaurus(ctx, x.pool)
	if err != nil {
		return err
	}
	if err := x.idx.EnsureSettings(ctx); err != nil {
		return err
	}
	x.thesaurusAt, x.nextThesaurus = at, time.Now().Add(thesaurusEvery)
	return nil
}

// refreshThesaurus reloads the thesaurus and reapplies the settings when another instance
// saved a new one (or when applying this instance's own change failed).
func (x *Indexer) refreshThesaurus(ctx context.Context) error {
	if time.Now().Before(x.nextThesaurus) {
		return nil
	}
	x.nextThesaurus = time.Now().Add(thesaurusEvery)
	var at time.Time
	err := x.pool.QueryRow(ctx, `SELECT updated_at FROM search_thesaurus`).Scan(&at)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("search: the thesaurus: %w", err)
	}
	if at.Equal(x.thesaurusAt) {
		return nil
	}
	return x.Prepare(ctx)
}

// Run drains the outbox until ctx is done, pausing pollInterval whenever nothing was due
// or a pass failed (the failed rows wait for their own backoff). Errors are logged, not
// returned: Meilisearch being away is a state to wait out. It returns ctx's error.
func (x *Indexer) Run(ctx context.Context) error {
	for {
		if err := x.refreshThesaurus(ctx); err != nil && ctx.Err() == nil {
			slog.WarnContext(ctx, "search: thesaurus not refreshed, will retry", "err", err)
		}
		n, err := x.Drain(ctx)
		if err != nil && ctx.Err() == nil {
			slog.WarnContext(ctx, "search: indexing failed, will retry", "err", err)
		}
		if n < batchSize || err != nil {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(pollInterval):
			}
		}
	}
}

type outboxRow struct {
	id       int64
	kind     string
	entityID int64
}

// Drain makes one pass over the rows that are due (at most batchSize) and returns how
// many it marked done. When the pass fails the rows are kept, with their attempts counted
// and their next attempt pushed back, and the error is returned.
func (x *Indexer) Drain(ctx context.Context) (processed int, err error) {
	x.cleanup(ctx)
	var passErr error
	err = store.WithTx(ctx, x.pool, func(tx pgx.Tx) error {
		var mine bool
		if err := tx.QueryRow(ctx, `SELECT pg_try_advisory_xact_lock($1)`, indexerLock).Scan(&mine); err != nil || !mine {
			return err // nil when another instance's pass is running: nothing to do here
		}
		// No row locks: only a pass, under the lock above, changes a pending row (writers
		// insert, cleanup deletes done ones). A lock would give the pass a transaction id
		// for as long as it waits on Meilisearch, and hold back every live event that
		// commits meanwhile (internal/live reads below the oldest running transaction);
		// without, the pass takes one only for its last statement.
		rows, err := tx.Query(ctx, `SELECT id, kind, entity_id FROM search_outbox
			WHERE done_at IS NULL AND next_attempt_at <= now()
			ORDER BY id LIMIT $1`, batchSize)
		if err != nil {
			return err
		}
		var due []outboxRow
		var r outboxRow
		if _, err := pgx.ForEachRow(rows, []any{&r.id, &r.kind, &r.entityID}, func() error {
			due = append(due, r)
			return nil
		}); err != nil {
			return err
		}

		// Rows of a kind no source knows are kept and retried with backoff (a newer
		// instance may know it), and reported, never dropped.
		var known, unknown []int64
		ids := map[string][]int64{} // kind → distinct entity ids
		seen := map[outboxRow]bool{}
		for _, r := range due {
			if _, ok := x.sources[r.kind]; !ok {
				slog.ErrorContext(ctx, "search: outbox row of an unknown kind", "id", r.id, "kind", r.kind)
				unknown = append(unknown, r.id)
				continue
			}
			known = append(known, r.id)
			key := outboxRow{kind: r.kind, entityID: r.entityID}
			if !seen[key] {
				seen[key] = true
				ids[r.kind] = append(ids[r.kind], r.entityID)
			}
		}
		if len(unknown) > 0 {
			if err := postpone(ctx, tx, unknown, "unknown kind"); err != nil {
				return err
			}
		}
		if len(known) == 0 {
			return nil
		}
		if passErr = x.apply(ctx, tx, ids); passErr != nil {
			// Commit the postponement: the rows stay pending, one attempt older.
			return postpone(ctx, tx, known, passErr.Error())
		}
		processed = len(known)
		_, err = tx.Exec(ctx, `UPDATE search_outbox SET done_at = now(), last_error = NULL WHERE id = ANY($1)`, known)
		return err
	})
	if err == nil {
		err = passErr
	}
	if err != nil {
		return 0, fmt.Errorf("search: indexing: %w", err)
	}
	return processed, nil
}

// apply brings the index in line with PostgreSQL for the given entities: their groups
// are deleted and their current documents added, in two tasks for the whole pass (tasks
// of one index run in the order they were enqueued, so the additions land after the
// deletion).
func (x *Indexer) apply(ctx context.Context, q store.Querier, ids map[string][]int64) error {
	var groups []string
	var docs []indexedDocument
	for kind, kindIDs := range ids {
		src := x.sources[kind]
		loaded, err := src.Load(ctx, q, kindIDs)
		if err != nil {
			return fmt.Errorf("loading %s documents: %w", kind, err)
		}
		// An id absent from loaded was deleted: its group is deleted and nothing added.
		for _, id := range kindIDs {
			groups = append(groups, src.Group(id))
			for _, d := range loaded[id] {
				docs = append(docs, prepare(d))
			}
		}
	}
	return x.idx.replaceGroups(ctx, groups, docs)
}

// replaceGroups deletes every document of groups, then adds docs, and waits for both.
func (x *Index) replaceGroups(ctx context.Context, groups []string, docs []indexedDocument) error {
	index := x.client.Index(x.uid)
	task, err := index.DeleteDocumentsByFilterWithContext(ctx, "group IN "+filterList(groups), nil)
	if err != nil {
		return err
	}
	if len(docs) == 0 {
		return x.wait(ctx, task, nil)
	}
	added, err := index.AddDocumentsWithContext(ctx, docs, nil)
	if err := x.wait(ctx, task, err); err != nil {
		return err
	}
	return x.wait(ctx, added, nil)
}

// indexedDocument is a Document as sent to Meilisearch, with its stems.
type indexedDocument struct {
	Document
	Stems string `json:"stems"`
}

// prepare strips the highlight sentinels from the document's text, so that content cannot
// forge a <mark>, and adds its stems.
func prepare(d Document) indexedDocument {
	d.Title = stripSentinels.Replace(d.Title)
	d.Heading = stripSentinels.Replace(d.Heading)
	d.Text = stripSentinels.Replace(d.Text)
	return indexedDocument{Document: d, Stems: stems(d.Title, d.Heading, d.Text)}
}

// postpone records a failed attempt on rows: the next one comes after an exponential
// backoff, 1 s doubling up to 60 s, with ±20% jitter so that rows that failed together
// (or several instances) do not retry in lockstep.
func postpone(ctx context.Context, q store.Querier, ids []int64, reason string) error {
	if len(reason) > maxErrorLen {
		reason = strings.ToValidUTF8(reason[:maxErrorLen], "")
	}
	_, err := q.Exec(ctx, `UPDATE search_outbox SET attempts = attempts + 1,
			next_attempt_at = now() + least(60, power(2, least(attempts, 6)))
				* (0.8 + 0.4 * random()) * interval '1 second',
			last_error = $2
		WHERE id = ANY($1)`, ids, reason)
	return err
}

// cleanup deletes, at most once every cleanupEvery, the done rows older than a day (a
// rebuild replays only what changed while it ran, so a day is plenty).
func (x *Indexer) cleanup(ctx context.Context) {
	now := time.Now().UnixNano()
	next := x.nextCleanup.Load()
	if now < next || !x.nextCleanup.CompareAndSwap(next, now+int64(cleanupEvery)) {
		return
	}
	if _, err := x.pool.Exec(ctx, `DELETE FROM search_outbox WHERE done_at < now() - interval '24 hours'`); err != nil {
		slog.WarnContext(ctx, "search: deleting old outbox rows", "err", err)
	}
}

// Pending counts the rows not yet done, due or waiting for a retry.
func (x *Indexer) Pending(ctx context.Context) (int, error) {
	var n int
	err := x.pool.QueryRow(ctx, `SELECT count(*) FROM search_outbox WHERE done_at IS NULL`).Scan(&n)
	return n, err
}
