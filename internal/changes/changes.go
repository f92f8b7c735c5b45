// Package changes tells whether anything an answer may show has been committed since a
// snapshot of PostgreSQL was taken: every transaction that writes a tracked table leaves
// its id in the changes table (migration 012), so that an answer kept with the snapshot it
// was read after is served again, exactly as fresh as reading it again, while none has.
package changes

import (
	"context"
	"log/slog"
	"strconv"
	"time"

	"github.com/gemella/gemella/internal/store"
)

// Horizon is how long the trace of a transaction is kept: an answer kept longer than this
// is read again, since what changed before could be pruned.
const Horizon = time.Hour

// Since returns the current snapshot and whether a transaction that wrote a tracked table
// has committed since snapshot (store.Snapshot's, or one Since returned) was taken, in one
// statement.
func Since(ctx context.Context, q store.Querier, snapshot string) (now string, changed bool, err error) {
	err = q.QueryRow(ctx, `SELECT pg_current_snapshot()::text, EXISTS (SELECT 1 FROM changes
		WHERE xid >= pg_snapshot_xmin($1::pg_snapshot) AND NOT pg_visible_in_snapshot(xid, $1::pg_snapshot))`,
		snapshot).Scan(&now, &changed)
	return now, changed, err
}

// Prune deletes the traces older than Horizon, every Horizon until ctx ends; every
// instance may, harmlessly.
func Prune(ctx context.Context, q store.Querier) {
	t := time.NewTicker(Horizon)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if _, err := q.Exec(ctx, `DELETE FROM changes WHERE at < now() - $1::interval`,
			strconv.Itoa(int(Horizon.Seconds()))+" seconds"); err != nil && ctx.Err() == nil {
			slog.WarnContext(ctx, "pruning changes", "err", err)
		}
	}
}
