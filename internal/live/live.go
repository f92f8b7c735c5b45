// Package live carries committed changes to subscribers on every instance.
//
// A write that others may want to see records an event (Emit) in its own transaction and
// wakes the instances once it commits (WakeUp): this process's hubs at once, the others by
// a notification without content, which the hub sends after the commit, one for every
// commit of a read gap, or, where no hub runs in this process, a pg_notify in the
// transaction, which PostgreSQL folds into one per transaction and sends as it commits.
// Each instance keeps one connection outside the pool LISTENing (a transaction pooler
// would not carry LISTEN), and on every wake-up, and every second besides, reads the
// events that committed after the last it saw; an instance with no subscriber reads
// nothing, and starts again at the frontier when one comes.
//
// Events are read in (xid, id) order and only below the oldest transaction still running
// (pg_snapshot_xmin of the reading statement's snapshot): an identity or a sequence
// commits out of order, but a transaction still to commit has an xid at or above that
// frontier, so a cursor that moves only below it never passes an event that commits late.
// Subscribers resume from such a cursor with no gap and no duplicate.
package live

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/store"
)

// Channel is the one NOTIFY channel: a wake-up, carrying nothing (a payload would be
// limited to 8,000 bytes and readable by every database user).
const Channel = "gemella_events"

// Position orders events (and messages) as they committed: by transaction id, then id.
type Position struct {
	XID uint64
	ID  int64
}

// After reports whether p comes after q.
func (p Position) After(q Position) bool {
	return p.XID > q.XID || (p.XID == q.XID && p.ID > q.ID)
}

// Cursor is the opaque form of p that clients send back to resume.
func (p Position) Cursor() string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatUint(p.XID, 10) + "." + strconv.FormatInt(p.ID, 10)))
}

// ParseCursor reads a cursor made by Cursor; anything else is INVALID on field.
func ParseCursor(s, field string) (Position, error) {
	bad := apperr.New(apperr.Invalid, field, "live.cursor.invalid")
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return Position{}, bad
	}
	x, i, ok := strings.Cut(string(raw), ".")
	if !ok {
		return Position{}, bad
	}
	xid, err1 := strconv.ParseUint(x, 10, 64)
	id, err2 := strconv.ParseInt(i, 10, 64)
	if err1 != nil || err2 != nil || id < 0 {
		return Position{}, bad
	}
	return Position{XID: xid, ID: id}, nil
}

// XIDText is the position's transaction id as PostgreSQL reads an xid8 literal.
func (p Position) XIDText() string { return strconv.FormatUint(p.XID, 10) }

// Topics name what subscribers listen to.
func ThreadTopic(id int64) string   { return "thread:" + strconv.FormatInt(id, 10) }
func QuestionTopic(id int64) string { return "question:" + strconv.FormatInt(id, 10) }
func UserTopic(id int64) string     { return "user:" + strconv.FormatInt(id, 10) }
func SpaceTopic(id int64) string    { return "space:" + strconv.FormatInt(id, 10) }

// Emit records an event in the caller's transaction. Its wake-up is sent when the
// transaction commits, once however many events it holds (WakeUp).
func Emit(ctx context.Context, q store.Querier, kind, topic string, entityID int64) error {
	return EmitEach(ctx, q, kind, []string{topic}, []int64{entityID})
}

// EmitEach records one event of kind on each topic, about the entity of the same index,
// in the caller's transaction and with one wake-up, as Emit does.
func EmitEach(ctx context.Context, q store.Querier, kind string, topics []string, entityIDs []int64) error {
	if len(topics) == 0 {
		return nil
	}
	_, err := q.Exec(ctx, `WITH e AS (INSERT INTO events (kind, topic, entity_id)
		SELECT $1, t, id FROM unnest($2::text[], $3::bigint[]) AS u(t, id) RETURNING id) `+
		WakeUp(q), kind, topics, entityIDs)
	if err != nil {
		return fmt.Errorf("live: emitting %s: %w", kind, err)
	}
	return nil
}

// EventAccessNarrowed tells a topic's subscribers that fewer people may read what they
// follow than when they subscribed: each checks again, and a subscriber who may no longer
// read it is ended. On a user's topic, that user lost access to something (a space, a
// workshop's thread); on a thread's or a question's, its space was closed to more people.
const EventAccessNarrowed = "access.narrowed"

// WakeUp ends a statement that records events, written as a WITH whose e inserted them
// into events: how the instances learn that they should read the table.
//
// Where a hub runs in this process and q is a transaction store.WithTx runs, the wake-up is
// sent once the transaction has committed: this process's hubs are poked at once, and the
// other instances told by a notification that each hub sends for every commit of a read gap
// together (Hub.announce), where a pg_notify in each transaction has PostgreSQL wake every
// listening connection once per commit. Otherwise the statement queues a pg_notify, which
// PostgreSQL folds into one per transaction and sends once it commits.
func WakeUp(q store.Querier) string {
	if tx, ok := q.(pgx.Tx); ok && running.any() {
		db := databaseOf(tx.Conn().Config())
		if store.AfterCommit(q, Channel, func() { running.committed(db) }) {
			return `SELECT FROM e LIMIT 0` // a WITH's insert runs whether or not it is read
		}
	}
	return `SELECT pg_notify('` + Channel + `', '') FROM e LIMIT 1`
}

// databaseOf names the database a connection reaches: a process's commits wake its hubs
// on that database only (tests run several, each on a database of its own).
func databaseOf(c *pgx.ConnConfig) string {
	return c.Host + ":" + strconv.Itoa(int(c.Port)) + "/" + c.Database
}

// snapshot is a pg_snapshot: which transactions had committed when it was taken.
type snapshot struct {
	xmin, xmax uint64
	running    []uint64
}

// parseSnapshot reads pg_snapshot's text form, "xmin:xmax:xip,xip".
func parseSnapshot(s string) (snapshot, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return snapshot{}, fmt.Errorf("live: snapshot %q", s)
	}
	var sn snapshot
	var err error
	if sn.xmin, err = strconv.ParseUint(parts[0], 10, 64); err != nil {
		return snapshot{}, fmt.Errorf("live: snapshot %q: %w", s, err)
	}
	if sn.xmax, err = strconv.ParseUint(parts[1], 10, 64); err != nil {
		return snapshot{}, fmt.Errorf("live: snapshot %q: %w", s, err)
	}
	if parts[2] != "" {
		for _, x := range strings.Split(parts[2], ",") {
			v, err := strconv.ParseUint(x, 10, 64)
			if err != nil {
				return snapshot{}, fmt.Errorf("live: snapshot %q: %w", s, err)
			}
			sn.running = append(sn.running, v)
		}
	}
	return sn, nil
}

// visible reports whether transaction xid had committed when the snapshot was taken (an
// event's transaction that rolled back left no event to ask about).
func (s snapshot) visible(xid uint64) bool {
	return xid < s.xmin || (xid < s.xmax && !slices.Contains(s.running, xid))
}
