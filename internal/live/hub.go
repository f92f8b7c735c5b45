package live

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/gemella/gemella/internal/store"
)

// Event is one committed change, with what its kind's loader read for it: loaded once per
// instance, then handed to every subscriber of its topic.
type Event struct {
	Position
	Kind     string
	Topic    string
	EntityID int64
	// Value is what the kind's Loader returned for EntityID; nil when it is gone or the kind
	// has no loader.
	Value any
	// shared holds what the event's subscribers make of it once for all (Share); nil on
	// events read for one subscriber alone.
	shared *sync.Map
}

// share is one value made for an event's subscribers: by the one who stored it, the others
// waiting for ready.
type share struct {
	ready chan struct{}
	v     any
}

// Share returns value's result for key, made once for every subscriber of the event that
// asks with the same key (the first to ask makes it, those asking meanwhile wait); on an
// event read for one subscriber alone, value's result.
func (e *Event) Share(key any, value func() any) any {
	if e.shared == nil {
		return value()
	}
	if v, ok := e.made(key); ok {
		return v
	}
	mine := &share{ready: make(chan struct{})}
	if s, loaded := e.shared.LoadOrStore(key, mine); loaded {
		sh := s.(*share)
		<-sh.ready
		return sh.v
	}
	defer close(mine.ready)
	mine.v = value()
	return mine.v
}

// Made returns what Share made for key, once it is made (waiting while it is being made);
// nil when nobody asked for it yet, and on an event read for one subscriber alone.
func (e *Event) Made(key any) any {
	v, _ := e.made(key)
	return v
}

func (e *Event) made(key any) (any, bool) {
	if e.shared == nil {
		return nil, false
	}
	s, ok := e.shared.Load(key)
	if !ok {
		return nil, false
	}
	sh := s.(*share)
	<-sh.ready
	return sh.v, true
}

// Loader reads the objects of one kind of event for a batch of entity ids.
type Loader func(ctx context.Context, ids []int64) (map[int64]any, error)

const (
	// subscriberBuffer is how many events a subscriber may fall behind before it is cut
	// off: a slow client never blocks the others, and resumes from its cursor.
	subscriberBuffer = 64
	// batchSize bounds one read of the table.
	batchSize = 500
	// pollEvery reads the table even without a wake-up: an event held back behind a
	// transaction that was still running becomes readable when that one ends, which sends
	// no notification of its own.
	pollEvery = time.Second
	// readGap is the least time between two reads of the table, and how soon to read
	// again while events wait behind the frontier (a transaction that began before theirs
	// is still running, and may end without a wake-up).
	readGap = 50 * time.Millisecond
	// maxBackoff bounds the wait between attempts to reconnect the LISTEN connection.
	maxBackoff = time.Second
	// hubConns is the hub's own pool: one reads the table, one serves resuming subscribers,
	// one tells the other instances of this one's commits.
	hubConns = 3
)

// Hub is one instance's end of the event stream: it reads committed events and hands
// them to this instance's subscribers.
type Hub struct {
	// config is the database's; the hub opens connections of its own from it, so that
	// delivery never waits behind a burst of requests for a pooled connection, nor they
	// behind it. Statement tracers are left out: they count what requests cost.
	config *pgxpool.Config
	// db names its database (databaseOf): the commits that wake it are made there.
	db      string
	pool    *pgxpool.Pool
	loaders map[string]Loader

	mu     sync.Mutex
	topics map[string]map[*Subscriber]struct{}
	pos    Position
	// stale is set while the instance has no subscriber: the table is not read, and pos is
	// moved to the frontier before the next subscriber registers (Resume).
	stale  bool
	ready  chan struct{}
	once   sync.Once
	closed bool
	wake   chan struct{}
	// announced asks the hub to tell the other instances that this process committed
	// events (announce).
	announced chan struct{}
}

// NewHub returns a hub on the database of pool; Run starts it. loaders maps event kinds to
// what they load.
func NewHub(pool *pgxpool.Pool, loaders map[string]Loader) *Hub {
	config := pool.Config()
	return &Hub{config: config, db: databaseOf(config.ConnConfig), loaders: loaders, topics: map[string]map[*Subscriber]struct{}{},
		ready: make(chan struct{}), wake: make(chan struct{}, 1), announced: make(chan struct{}, 1)}
}

// Subscriber receives the events of one topic, in commit order.
type Subscriber struct {
	hub   *Hub
	topic string
	// c carries events shared by every subscriber of the batch, never changed after
	// dispatch: a pointer each keeps an idle subscriber's buffer small.
	c chan *Event
	// once closes c, with the reason Err gives, when the subscriber ends.
	once   sync.Once
	reason error
	// seen, for a subscriber of what commits from now on, is the snapshot taken as it
	// started: the events it shows committed are older. Nil once the hub has passed it.
	seen *snapshot
}

// ErrTooSlow ends a subscriber that fell subscriberBuffer events behind.
var ErrTooSlow = errors.New("live: subscriber fell behind")

// ErrStopped ends subscribers when the hub stops.
var ErrStopped = errors.New("live: stopped")

// C delivers the subscriber's events; it is closed when the subscriber ends.
func (s *Subscriber) C() <-chan *Event { return s.c }

// Err is why the subscriber ended, once C is closed: ErrTooSlow, ErrStopped, or nil
// after Close.
func (s *Subscriber) Err() error { return s.reason }

// Close ends the subscriber.
func (s *Subscriber) Close() { s.hub.remove(s, nil) }

// Subscribe registers a subscriber of topic that gets what commits from now on: not what
// this instance has yet to read of what committed before (its position lags the database's
// while a transaction holds the frontier back).
func (h *Hub) Subscribe(ctx context.Context, topic string) (*Subscriber, error) {
	s, err := h.Resume(ctx, topic)
	if err != nil {
		return nil, err
	}
	// The snapshot is taken once the subscriber is registered: what commits later is in no
	// batch read before, so it reaches the subscriber.
	text, err := store.Snapshot(ctx, h.pool)
	if err != nil {
		s.Close()
		return nil, err
	}
	seen, err := parseSnapshot(text)
	if err != nil {
		s.Close()
		return nil, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.topics[topic][s]; !ok {
		return nil, s.reason
	}
	// What was dispatched meanwhile and committed before the snapshot is not the
	// subscriber's; dispatch filters the rest.
	for range len(s.c) {
		if e := <-s.c; !seen.visible(e.XID) {
			s.c <- e
		}
	}
	s.seen = &seen
	return s, nil
}

// Resume registers a subscriber of topic that gets every event after this instance's
// position: a caller resuming from a cursor reads the gap from the table afterwards
// (EventsAfter), and skips what C then repeats.
func (h *Hub) Resume(ctx context.Context, topic string) (*Subscriber, error) {
	select {
	case <-h.ready:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	s := &Subscriber{hub: h, topic: topic, c: make(chan *Event, subscriberBuffer)}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.stale {
		// Nobody listened, and the hub read nothing meanwhile: it starts again from the
		// frontier, as when it started, with what committed since left to the table.
		h.mu.Unlock()
		pos, err := frontier(ctx, h.pool)
		h.mu.Lock()
		if err != nil {
			return nil, err
		}
		if h.stale {
			h.pos, h.stale = pos, false
		}
	}
	if h.closed {
		return nil, ErrStopped
	}
	subs := h.topics[topic]
	if subs == nil {
		subs = map[*Subscriber]struct{}{}
		h.topics[topic] = subs
	}
	subs[s] = struct{}{}
	return s, nil
}

// Subscribers counts this instance's subscribers, for metrics and tests.
func (h *Hub) Subscribers() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, subs := range h.topics {
		n += len(subs)
	}
	return n
}

// Position is the last event this instance has read, for metrics and tests.
func (h *Hub) Position() Position {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.pos
}

func (h *Hub) remove(s *Subscriber, reason error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.removeLocked(s, reason)
}

func (h *Hub) removeLocked(s *Subscriber, reason error) {
	if subs := h.topics[s.topic]; subs != nil {
		if _, ok := subs[s]; ok {
			delete(subs, s)
			if len(subs) == 0 {
				delete(h.topics, s.topic)
			}
		}
	}
	s.once.Do(func() {
		s.reason = reason
		close(s.c)
	})
}

// Run reads and dispatches events until ctx ends. Its LISTEN connection is its own,
// outside the pool; when it breaks (PostgreSQL restarted) it reconnects within a second and
// reads what committed meanwhile from the table.
func (h *Hub) Run(ctx context.Context) error {
	cfg := h.config.Copy()
	cfg.ConnConfig.Tracer = nil
	cfg.MaxConns = hubConns
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	h.pool = pool
	if err := h.start(ctx); err != nil {
		return err
	}
	defer h.stop()
	go h.listen(ctx)
	go h.prune(ctx)
	go h.announce(ctx)
	running.add(h)
	defer running.remove(h)
	timer := time.NewTimer(pollEvery)
	defer timer.Stop()
	var read time.Time // when the table was last read and held events
	for {
		// Wake-ups closer together than readGap are read together: under a burst of
		// writes the table is read (and its events loaded, and each subscriber's frames
		// written) twenty times a second, not once per commit; a wake-up after a quiet
		// spell is read at once. A read that found nothing does not count: it is the
		// wake-up of a commit whose events the read before took, and holding the next
		// commit back behind it would delay every isolated write by up to readGap.
		if gap := readGap - time.Since(read); gap > 0 {
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(gap):
			}
		}
		began := time.Now()
		var found, pending bool
		var err error
		if !h.idle() { // with nobody to hand events to, a wake-up is not worth a read
			found, pending, err = h.catchUp(ctx)
		}
		if found || pending {
			read = began
		}
		if err != nil && ctx.Err() == nil {
			slog.WarnContext(ctx, "reading events", "err", err)
		}
		wait := pollEvery
		switch {
		case err != nil:
			wait = maxBackoff
		case pending:
			wait = readGap
		}
		timer.Reset(wait)
		select {
		case <-ctx.Done():
			return nil
		case <-h.wake:
		case <-timer.C:
		}
	}
}

// idle reports, and notes, that the instance has no subscriber (see stale).
func (h *Hub) idle() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.topics) == 0 {
		h.stale = true
	}
	return h.stale
}

// frontier is the last event below the frontier: what commits after it is not read yet.
func frontier(ctx context.Context, q store.Querier) (Position, error) {
	var xid string
	var id int64
	err := q.QueryRow(ctx, `SELECT coalesce(max(xid), '0')::text, coalesce(max(id), 0) FROM (
		SELECT xid, id FROM events WHERE xid < pg_snapshot_xmin(pg_current_snapshot())
		ORDER BY xid DESC, id DESC LIMIT 1) last`).Scan(&xid, &id)
	if err != nil {
		return Position{}, err
	}
	x, _ := strconv.ParseUint(xid, 10, 64)
	return Position{XID: x, ID: id}, nil
}

// start sets the hub's position to the last event below the frontier: subscribers get
// what commits from now on.
func (h *Hub) start(ctx context.Context) error {
	for wait := 100 * time.Millisecond; ; wait = min(2*wait, maxBackoff) {
		pos, err := frontier(ctx, h.pool)
		if err == nil {
			h.mu.Lock()
			h.pos = pos
			h.mu.Unlock()
			h.once.Do(func() { close(h.ready) })
			return nil
		}
		slog.WarnContext(ctx, "live events not started yet; retrying", "err", err, "in", wait)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

func (h *Hub) stop() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for _, subs := range h.topics {
		for s := range subs {
			h.removeLocked(s, ErrStopped)
		}
	}
}

// Retention is how long events are kept for subscribers that resume. Messages and
// notifications resume from their own tables, whatever their age; a question's activity
// or a message's edits older than this are read from the page itself.
const Retention = 30 * 24 * time.Hour

// prune deletes events past Retention, once an hour; every instance may, harmlessly.
func (h *Hub) prune(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if _, err := h.pool.Exec(ctx, `DELETE FROM events WHERE created_at < now() - $1::interval`,
			strconv.Itoa(int(Retention.Seconds()))+" seconds"); err != nil && ctx.Err() == nil {
			slog.WarnContext(ctx, "pruning events", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// listen keeps one LISTEN connection open and turns each notification into a wake-up.
func (h *Hub) listen(ctx context.Context) {
	for wait := 50 * time.Millisecond; ctx.Err() == nil; wait = min(2*wait, maxBackoff) {
		conn, err := pgx.ConnectConfig(ctx, h.pool.Config().ConnConfig)
		if err == nil {
			if _, err = conn.Exec(ctx, "LISTEN "+Channel); err == nil {
				wait = 50 * time.Millisecond
				// What committed while the connection was down is read now.
				h.poke()
				for err == nil {
					_, err = conn.WaitForNotification(ctx)
					if err == nil {
						h.poke()
					}
				}
			}
			_ = conn.Close(context.WithoutCancel(ctx))
		}
		if ctx.Err() != nil {
			return
		}
		slog.WarnContext(ctx, "live events connection lost; reconnecting", "err", err, "in", wait)
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

// running are the hubs of this process, which its commits wake (WakeUp).
var running hubs

type hubs struct {
	mu   sync.Mutex
	list []*Hub
}

func (r *hubs) add(h *Hub) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.list = append(r.list, h)
}

func (r *hubs) remove(h *Hub) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.list = slices.DeleteFunc(r.list, func(o *Hub) bool { return o == h })
}

func (r *hubs) any() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.list) > 0
}

// committed follows a commit of this process that recorded events in database db: each
// hub on it reads them, and tells the other instances.
func (r *hubs) committed(db string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, h := range r.list {
		if h.db != db {
			continue
		}
		h.poke()
		select {
		case h.announced <- struct{}{}:
		default:
		}
	}
}

// announce notifies the channel for this process's commits: at once after a quiet spell,
// then at most once per read gap for all the commits of the gap, which a hub reads
// together anyway. A notification sent in each transaction would have PostgreSQL wake
// every listening connection once per commit.
func (h *Hub) announce(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-h.announced:
		}
		if _, err := h.pool.Exec(ctx, `SELECT pg_notify('`+Channel+`', '')`); err != nil && ctx.Err() == nil {
			// The others read the table within pollEvery anyway.
			slog.WarnContext(ctx, "announcing events", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(readGap):
		}
	}
}

func (h *Hub) poke() {
	select {
	case h.wake <- struct{}{}:
	default:
	}
}

// catchUp reads and dispatches every event below the frontier after the hub's position.
// It reports whether it found any, and whether events wait behind a transaction still
// running.
func (h *Hub) catchUp(ctx context.Context) (found, pending bool, err error) {
	for {
		h.mu.Lock()
		from := h.pos
		h.mu.Unlock()
		var batch []Event
		batch, pending, err = readEvents(ctx, h.pool, "", from, batchSize)
		if err != nil {
			return found, false, err
		}
		if len(batch) > 0 {
			found = true
			h.load(ctx, batch)
			h.dispatch(batch)
		}
		if len(batch) < batchSize {
			return found, pending, nil
		}
	}
}

// listened reports whether this instance has subscribers of topic: only their events are
// worth loading.
func (h *Hub) listened(topic string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.topics[topic]) > 0
}

// load reads each event's object once for all subscribers, a batch per kind. Each object
// is asked for once, however many of the batch's events are about it (a busy question's
// answers): a list of the same id repeated misleads the planner's estimate of the rows.
func (h *Hub) load(ctx context.Context, batch []Event) {
	ids := map[string][]int64{}
	for _, e := range batch {
		if h.loaders[e.Kind] != nil && h.listened(e.Topic) && !slices.Contains(ids[e.Kind], e.EntityID) {
			ids[e.Kind] = append(ids[e.Kind], e.EntityID)
		}
	}
	for kind, list := range ids {
		values, err := h.loaders[kind](ctx, list)
		if err != nil {
			slog.WarnContext(ctx, "loading events", "kind", kind, "err", err)
			continue
		}
		for i := range batch {
			if batch[i].Kind == kind {
				batch[i].Value = values[batch[i].EntityID]
			}
		}
	}
}

func (h *Hub) dispatch(batch []Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	var topics []string
	byTopic := map[string][]*Event{}
	for i := range batch {
		e := &batch[i]
		if len(h.topics[e.Topic]) == 0 {
			continue
		}
		e.shared = new(sync.Map)
		if byTopic[e.Topic] == nil {
			topics = append(topics, e.Topic)
		}
		byTopic[e.Topic] = append(byTopic[e.Topic], e)
	}
	// Each subscriber is handed its events of the batch one after another, so that it
	// finds them all waiting when it wakes and sends them in one write; handed one event
	// while the next went to every other subscriber first, it would send each alone.
	for _, topic := range topics {
		for s := range h.topics[topic] {
			h.handOver(s, byTopic[topic])
		}
	}
	if len(batch) > 0 {
		h.pos = batch[len(batch)-1].Position
	}
}

// handOver gives s the events, in order, cutting it off if it cannot take them all.
func (h *Hub) handOver(s *Subscriber, events []*Event) {
	for _, e := range events {
		if s.seen != nil {
			if s.seen.visible(e.XID) {
				continue
			}
			if e.XID >= s.seen.xmax {
				s.seen = nil // every later event is newer too
			}
		}
		select {
		case s.c <- e:
		default:
			h.removeLocked(s, ErrTooSlow)
			return
		}
	}
}

// readEvents reads up to limit events after from, in commit order and below the frontier,
// of one topic ("" for all). pending reports events committed but still behind the frontier.
func readEvents(ctx context.Context, q store.Querier, topic string, from Position, limit int) ([]Event, bool, error) {
	rows, err := q.Query(ctx, `SELECT e.xid::text, e.id, e.kind, e.topic, e.entity_id,
			e.xid < pg_snapshot_xmin(pg_current_snapshot())
		FROM events e
		WHERE (e.xid, e.id) > ($1::xid8, $2::bigint) AND ($3 = '' OR e.topic = $3)
		ORDER BY e.xid, e.id LIMIT $4`, from.XIDText(), from.ID, topic, limit)
	if err != nil {
		return nil, false, err
	}
	var out []Event
	pending := false
	var xid string
	var below bool
	e := Event{}
	_, err = pgx.ForEachRow(rows, []any{&xid, &e.ID, &e.Kind, &e.Topic, &e.EntityID, &below}, func() error {
		if !below {
			// Everything after this one waits too: order is kept.
			pending = true
			return errStop
		}
		e.XID, _ = strconv.ParseUint(xid, 10, 64)
		out = append(out, e)
		return nil
	})
	if errors.Is(err, errStop) {
		err = nil
	}
	return out, pending, err
}

var errStop = errors.New("stop")

// EventsAfter reads the events of one topic that committed after a cursor, for a
// subscriber that resumes: at most limit, in commit order, loaded by their kinds' loaders.
func (h *Hub) EventsAfter(ctx context.Context, topic string, from Position, limit int) ([]Event, error) {
	batch, _, err := readEvents(ctx, h.pool, topic, from, limit)
	if err != nil {
		return nil, err
	}
	h.load(ctx, batch)
	return batch, nil
}
