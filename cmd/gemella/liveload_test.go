package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/devenv"
	"github.com/gemella/gemella/internal/store"
	"github.com/gemella/gemella/internal/storetest"
)

// The live load tests run with GEMELLA_LIVE_LOAD=1 (docs/PERFORMANCE.md): they hold thousands of
// sockets for tens of seconds. TestLiveFanOutShort runs a small version of the fan-out and
// reconnection load with the other tests.

func liveLoad(t *testing.T) {
	if os.Getenv("GEMELLA_LIVE_LOAD") == "" {
		t.Skip("a load test: set GEMELLA_LIVE_LOAD=1")
	}
}

// liveSubscription is what the web app's thread page follows, with the cursor to resume.
const liveSubscription = `subscription($threadId: ID!, $after: String) {
  messageAdded(threadId: $threadId, after: $after) { id cursor bodyHTML author { displayName } createdAt }
}`

// loadClient is one anonymous WebSocket subscriber of a thread. It counts every message
// it receives by the index the body carries, and resumes from its last cursor when told
// to reconnect.
type loadClient struct {
	url, thread, query string
	got                []int32 // deliveries per message index
	receipts           []receipt
	cursor             string
	reconnects         int

	mu        sync.Mutex
	conn      *websocket.Conn
	reconnect atomic.Bool
	done      atomic.Bool
}

// benchIndex is the index a load message's body carries ("bench-12-"), -1 in any other
// frame.
func benchIndex(raw []byte) int {
	i := bytes.Index(raw, []byte("bench-"))
	if i < 0 {
		return -1
	}
	n, digits := 0, raw[i+len("bench-"):]
	for j, b := range digits {
		switch {
		case b >= '0' && b <= '9':
			n = 10*n + int(b-'0')
		case b == '-' && j > 0:
			return n
		default:
			return -1
		}
	}
	return -1
}

// frameField is the string value of the last field called name in a frame: the frame's
// own type, a message's cursor (neither needs unescaping).
func frameField(raw []byte, name string) string {
	key := []byte(`"` + name + `":"`)
	i := bytes.LastIndex(raw, key)
	if i < 0 {
		return ""
	}
	rest := raw[i+len(key):]
	end := bytes.IndexByte(rest, '"')
	if end < 0 {
		return ""
	}
	return string(rest[:end])
}

func dialLoad(url string) (*websocket.Conn, error) {
	d := websocket.Dialer{Subprotocols: []string{"graphql-transport-ws"}, HandshakeTimeout: 20 * time.Second}
	c, res, err := d.Dial(url, nil)
	if err != nil {
		return nil, err
	}
	res.Body.Close()
	if err := c.WriteJSON(map[string]any{"type": "connection_init", "payload": map[string]any{}}); err != nil {
		c.Close()
		return nil, err
	}
	var m struct{ Type string }
	if err := c.ReadJSON(&m); err != nil || m.Type != "connection_ack" {
		c.Close()
		return nil, fmt.Errorf("init: %v %q", err, m.Type)
	}
	return c, nil
}

// connect opens the socket and subscribes, after the client's cursor when it has one.
func (c *loadClient) connect() error {
	conn, err := dialLoad(c.url)
	if err != nil {
		return err
	}
	vars := map[string]any{"threadId": c.thread}
	if c.cursor != "" {
		vars["after"] = c.cursor
	}
	if err := conn.WriteJSON(map[string]any{"id": "m", "type": "subscribe", "payload": map[string]any{"query": c.query, "variables": vars}}); err != nil {
		conn.Close()
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done.Load() {
		// Closed while this socket was being opened: close saw the one before, and run
		// would wait on this one for ever.
		conn.Close()
	}
	c.conn = conn
	return nil
}

// drop closes the socket from outside; run resumes.
func (c *loadClient) drop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn != nil && !c.done.Load() {
		c.reconnect.Store(true)
		c.conn.Close()
	}
}

func (c *loadClient) close() {
	c.done.Store(true)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.conn.Close()
}

// receipt is when a client read message Index (unix nanoseconds).
type receipt struct{ Index, At int64 }

// run reads until closed; delivered is told of each message.
func (c *loadClient) run(delivered func()) error {
	for {
		c.mu.Lock()
		conn := c.conn
		c.mu.Unlock()
		for {
			_, raw, err := conn.ReadMessage()
			if err != nil {
				break
			}
			now := time.Now()
			// The frame is read with a few searches rather than decoded: the clients share
			// the server's two cores, and decoding 2,000 frames a message would weigh on
			// the server's figures (real readers decode on their own machines).
			switch frameField(raw, "type") {
			case "ka", "ping", "pong":
				continue
			case "next":
			default:
				return fmt.Errorf("unexpected %s", raw)
			}
			if bytes.Contains(raw, []byte(`"errors"`)) {
				return fmt.Errorf("errors: %s", raw)
			}
			i := benchIndex(raw)
			if i < 0 {
				return fmt.Errorf("not a load message: %s", raw)
			}
			c.mu.Lock()
			c.got[i]++
			c.mu.Unlock()
			c.receipts = append(c.receipts, receipt{int64(i), now.UnixNano()})
			c.cursor = frameField(raw, "cursor")
			delivered()
		}
		if c.done.Load() {
			return nil
		}
		if !c.reconnect.Swap(false) {
			return errors.New("the server closed the socket")
		}
		c.reconnects++
		if err := c.connect(); err != nil {
			return err
		}
	}
}

type fanOut struct {
	Clients, Messages int
	// Query is the subscription, liveSubscription when empty.
	Query    string
	Interval time.Duration // between writes
	// ReconnectShare of the clients drop their socket every ReconnectEvery and resume
	// from their last cursor; 0 for none.
	ReconnectShare float64
	ReconnectEvery time.Duration
}

type fanOutResult struct {
	P50, P99, Max     time.Duration
	Deliveries        int
	Reconnects        int
	Connect, Delivery time.Duration
	Statements        int64
	// WriteP50 and WriteMax are the postMessage calls' own durations.
	WriteP50, WriteMax time.Duration
}

// runFanOut subscribes o.Clients anonymous sockets to a public thread on one instance,
// writes o.Messages through another, and checks that every client got every message once.
//
// The clients run in a process of their own (TestLiveLoadClients): in this one they would
// wait in the Go scheduler's queue behind the very goroutines whose deliveries they time,
// which no reader on another machine does. They still share the machine's two cores.
func runFanOut(t *testing.T, o fanOut) fanOutResult {
	if o.Query == "" {
		o.Query = liveSubscription
	}
	writer := newTestServer(t, serverOptions{Seeded: true})
	reader := newTestServer(t, serverOptions{Share: writer})
	op := writer.login(t, operator)
	d := writer.ok(t, op, `{ questions(first: 1) { edges { node { discussion { id } } } } }`, nil)
	thread := dig(d, "questions", "edges", 0, "node", "discussion", "id").(string)
	// Every client starts from this message's cursor, so that one that drops before its
	// first delivery resumes too.
	d = writer.ok(t, op, `mutation($t: ID!) { postMessage(input: {threadId: $t, body: "Inizio."}) { message { cursor } } }`, map[string]any{"t": thread})
	cfg := loadClients{
		URL: "ws" + strings.TrimPrefix(reader.URL, "http") + "/graphql", Thread: thread, Query: o.Query,
		Start: dig(d, "postMessage", "message", "cursor").(string), fanOut: o,
		Results: filepath.Join(t.TempDir(), "receipts.json"),
	}
	raw, err := json.Marshal(cfg)
	require.NoError(t, err)
	cmd := exec.Command(os.Args[0], "-test.run=^TestLiveLoadClients$", "-test.count=1")
	cmd.Env = append(os.Environ(), "GEMELLA_LIVE_LOAD_CLIENTS="+string(raw))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	t0 := time.Now()
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	lines := make(chan string, 4)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	await := func(want string, within time.Duration) bool {
		deadline := time.After(within)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("the clients' process ended before %q", want)
				}
				if l == want {
					return true
				}
			case <-deadline:
				return false
			}
		}
	}
	require.True(t, await("connected", 2*time.Minute), "clients connected")
	require.Eventually(t, func() bool { return reader.app.hub.Subscribers() == o.Clients }, 60*time.Second, 20*time.Millisecond)
	res := fanOutResult{Connect: time.Since(t0)}

	t0 = time.Now()
	statements := writer.counter.Count()
	sent := make([]int64, o.Messages)
	var writes []time.Duration
	for i := range o.Messages {
		w0 := time.Now()
		sent[i] = w0.UnixNano()
		writer.ok(t, op, postMessageMutation, map[string]any{"threadId": thread, "body": fmt.Sprintf("bench-%d- messaggio di carico.", i)})
		writes = append(writes, time.Since(w0))
		time.Sleep(o.Interval)
	}
	_, err = io.WriteString(stdin, "written\n")
	require.NoError(t, err)
	await("complete", 30*time.Second)
	// A duplicate would come right after: give it the time to.
	time.Sleep(300 * time.Millisecond)
	res.Delivery = time.Since(t0)
	// Both instances share the writer's pool, and so its counter; the hubs' own
	// connections are not counted.
	res.Statements = writer.counter.Count() - statements
	require.NoError(t, stdin.Close())
	require.NoError(t, cmd.Wait())
	body, err := os.ReadFile(cfg.Results)
	require.NoError(t, err)
	var got clientResults
	require.NoError(t, json.Unmarshal(body, &got))
	require.Empty(t, got.Err)

	var all []time.Duration
	for ci, c := range got.Clients {
		for i, n := range c.Got {
			require.EqualValues(t, 1, n, "client %d, message %d", ci, i)
		}
		for _, r := range c.Receipts {
			all = append(all, time.Duration(r.At-sent[r.Index]))
		}
		res.Reconnects += c.Reconnects
	}
	slices.Sort(all)
	slices.Sort(writes)
	res.WriteP50, res.WriteMax = writes[len(writes)/2], writes[len(writes)-1]
	res.Deliveries = len(all)
	res.P50, res.P99, res.Max = all[len(all)/2], all[len(all)*99/100], all[len(all)-1]
	t.Logf("%d clients, %d messages every %s, %d reconnections: %d deliveries, write-to-delivery p50 %s p99 %s max %s (the write itself: p50 %s, max %s); %d statements through the pool; %s to connect",
		o.Clients, o.Messages, o.Interval, res.Reconnects, res.Deliveries, res.P50, res.P99, res.Max, res.WriteP50, res.WriteMax, res.Statements, res.Connect.Round(time.Millisecond))
	return res
}

// loadClients is what the clients' process is told.
type loadClients struct {
	fanOut
	URL, Thread, Query, Start string
	// Results is the file the process writes its clientResults to.
	Results string
}

type clientResults struct {
	Clients []clientResult
	Err     string
}

// clientResult is what one client of the process got.
type clientResult struct {
	Got        []int32
	Receipts   []receipt
	Reconnects int
}

// TestLiveLoadClients is the clients' process of runFanOut, started with the fan-out in
// $GEMELLA_LIVE_LOAD_CLIENTS. It prints "connected" once every client has subscribed and
// "complete" once every client has every message; a line "written" on its input stops the
// reconnections, the end of its input stops the clients and writes the results.
func TestLiveLoadClients(t *testing.T) {
	spec := os.Getenv("GEMELLA_LIVE_LOAD_CLIENTS")
	if spec == "" {
		t.Skip("the clients' process of runFanOut")
	}
	var o loadClients
	require.NoError(t, json.Unmarshal([]byte(spec), &o))
	clients := make([]*loadClient, o.Clients)
	var wg sync.WaitGroup
	errs := make(chan error, o.Clients+1)
	next := atomic.Int64{}
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < o.Clients; i = int(next.Add(1)) - 1 {
				c := &loadClient{url: o.URL, thread: o.Thread, query: o.Query, got: make([]int32, o.Messages), cursor: o.Start}
				if err := c.connect(); err != nil {
					errs <- err
					return
				}
				clients[i] = c
			}
		}()
	}
	wg.Wait()
	select {
	case err := <-errs:
		t.Fatal(err)
	default:
	}
	fmt.Println("connected")

	var delivered atomic.Int64
	var completeOnce sync.Once
	onDelivery := func() {
		if delivered.Add(1) == int64(o.Clients*o.Messages) {
			completeOnce.Do(func() { fmt.Println("complete") })
		}
	}
	var readers sync.WaitGroup
	for _, c := range clients {
		readers.Add(1)
		go func() {
			defer readers.Done()
			if err := c.run(onDelivery); err != nil {
				errs <- err
			}
		}()
	}
	stopDrops := make(chan struct{})
	dropsDone := make(chan struct{})
	go func(stopDrops <-chan struct{}) { // its own copy: the variable is cleared below
		defer close(dropsDone)
		if o.ReconnectShare == 0 {
			return
		}
		tick := time.NewTicker(o.ReconnectEvery)
		defer tick.Stop()
		for {
			select {
			case <-stopDrops:
				return
			case <-tick.C:
				for _, i := range rand.Perm(len(clients))[:int(o.ReconnectShare*float64(len(clients)))] {
					clients[i].drop()
				}
			}
		}
	}(stopDrops)
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		if sc.Text() == "written" {
			close(stopDrops)
			stopDrops = nil
		}
	}
	if stopDrops != nil {
		close(stopDrops)
	}
	<-dropsDone
	for _, c := range clients {
		c.close()
	}
	readers.Wait()
	var out clientResults
	select {
	case err := <-errs:
		out.Err = err.Error()
	default:
	}
	for _, c := range clients {
		out.Clients = append(out.Clients, clientResult{c.got, c.receipts, c.reconnects})
	}
	raw, err := json.Marshal(out)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(o.Results, raw, 0o600))
}

// TestLiveFanOutShort: 200 subscribers, 20 messages, 20% of the clients reconnecting every
// half second: every message arrives once at every client.
func TestLiveFanOutShort(t *testing.T) {
	t.Parallel()
	r := runFanOut(t, fanOut{Clients: 200, Messages: 20, Interval: 50 * time.Millisecond, ReconnectShare: 0.2, ReconnectEvery: 300 * time.Millisecond})
	require.Equal(t, 200*20, r.Deliveries)
	require.Positive(t, r.Reconnects)
}

// TestLiveLoadFanOut: 2,000 subscribers (GEMELLA_LIVE_CLIENTS others), 50 messages.
func TestLiveLoadFanOut(t *testing.T) {
	liveLoad(t)
	n := 2000
	if v := os.Getenv("GEMELLA_LIVE_CLIENTS"); v != "" {
		var err error
		n, err = strconv.Atoi(v)
		require.NoError(t, err)
	}
	r := runFanOut(t, fanOut{Clients: n, Messages: 50, Interval: 100 * time.Millisecond})
	require.Equal(t, n*50, r.Deliveries)
	require.LessOrEqual(t, r.P99, 50*time.Millisecond, "p99 write-to-delivery budget")
}

// TestLiveLoadFanOutWithoutAuthor is the fan-out of a subscription that selects no field
// resolved per subscriber: what delivery costs without the author's lookup.
func TestLiveLoadFanOutWithoutAuthor(t *testing.T) {
	liveLoad(t)
	r := runFanOut(t, fanOut{Clients: 2000, Messages: 50, Interval: 100 * time.Millisecond,
		Query: `subscription($threadId: ID!, $after: String) { messageAdded(threadId: $threadId, after: $after) { id cursor bodyHTML createdAt } }`})
	require.Equal(t, 2000*50, r.Deliveries)
}

func TestLiveLoadReconnects(t *testing.T) {
	liveLoad(t)
	r := runFanOut(t, fanOut{Clients: 2000, Messages: 50, Interval: 100 * time.Millisecond, ReconnectShare: 0.2, ReconnectEvery: time.Second})
	require.Equal(t, 2000*50, r.Deliveries)
}

// TestLiveLoadIdleMemory: 10,000 idle subscribers of a public thread on one instance, on
// 500 anonymous sockets of 20 subscriptions each (the most a socket may hold). What one
// subscriber costs the server is the growth of the heap and of the goroutine stacks from
// the sockets open to the sockets subscribed: the clients hold nothing per subscription.
func TestLiveLoadIdleMemory(t *testing.T) {
	liveLoad(t)
	const sockets, perSocket = 500, maxSubscriptionsPerSocketForTest
	s := newTestServer(t, serverOptions{Seeded: true})
	op := s.login(t, operator)
	d := s.ok(t, op, `{ questions(first: 1) { edges { node { discussion { id } } } } }`, nil)
	thread := dig(d, "questions", "edges", 0, "node", "discussion", "id").(string)
	url := "ws" + strings.TrimPrefix(s.URL, "http") + "/graphql"

	base := memInUse()
	conns := make([]*websocket.Conn, sockets)
	for i := range conns {
		c, err := dialLoad(url)
		require.NoError(t, err)
		t.Cleanup(func() { c.Close() })
		conns[i] = c
	}
	opened := memInUse()
	for _, c := range conns {
		for j := range perSocket {
			require.NoError(t, c.WriteJSON(map[string]any{"id": strconv.Itoa(j), "type": "subscribe",
				"payload": map[string]any{"query": liveSubscription, "variables": map[string]any{"threadId": thread}}}))
		}
	}
	require.Eventually(t, func() bool { return s.app.hub.Subscribers() == sockets*perSocket }, 60*time.Second, 20*time.Millisecond)
	// What the subscriptions allocated on their way in is collected: only what they hold stays.
	time.Sleep(500 * time.Millisecond)
	subscribed := memInUse()
	if path := os.Getenv("GEMELLA_LIVE_HEAP_PROFILE"); path != "" {
		f, err := os.Create(path)
		require.NoError(t, err)
		require.NoError(t, pprof.WriteHeapProfile(f))
		require.NoError(t, f.Close())
	}
	per := func(a, b memSample, n int) (heap, stack float64) {
		return float64(b.heap-a.heap) / float64(n) / 1024, float64(b.stack-a.stack) / float64(n) / 1024
	}
	ch, cs := per(base, opened, sockets)
	sh, ss := per(opened, subscribed, sockets*perSocket)
	t.Logf("%d sockets: %.1f KiB heap + %.1f KiB stacks each (client and server ends); %d subscribers: %.1f KiB heap + %.1f KiB stacks each (server), %d goroutines",
		sockets, ch, cs, sockets*perSocket, sh, ss, subscribed.goroutines)
	require.LessOrEqual(t, sh+ss, 20.0, "KiB of server memory per idle subscriber")
}

// maxSubscriptionsPerSocketForTest is graph's limit of subscriptions on one socket.
const maxSubscriptionsPerSocketForTest = 20

type memSample struct {
	heap, stack uint64
	goroutines  int
}

// memInUse is the live heap after a full collection, and the goroutine stacks.
func memInUse() memSample {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return memSample{heap: m.HeapAlloc, stack: m.StackInuse, goroutines: runtime.NumGoroutine()}
}

// liveInstance serves the application on pool, like newTestServer's instances, with its
// hub running or not; stop ends it before the test does.
func liveInstance(t *testing.T, cfg config, pool *pgxpool.Pool, withHub bool) (s *testServer, stop func()) {
	bucket, err := openBucket(context.Background(), cfg)
	require.NoError(t, err)
	a := newApp(cfg, pool, bucket, false)
	ctx, cancel := context.WithCancel(context.Background())
	lived := make(chan struct{})
	go func() {
		defer close(lived)
		if withHub {
			a.runLive(ctx)
		}
	}()
	srv := httptest.NewServer(a.handler)
	var once sync.Once
	stop = func() {
		once.Do(func() {
			srv.CloseClientConnections()
			srv.Close()
			cancel()
			<-lived
			_ = bucket.Close()
		})
	}
	t.Cleanup(stop)
	return &testServer{client: client{URL: srv.URL, http: srv.Client()}, app: a, cfg: cfg}, stop
}

// TestLiveLoadAnswerThroughput compares answers posted per second over HTTP with live
// events on (the instance's hub running, subscribers following the question on it) and
// off (no subscriber, no hub on any instance). Off is as near as the application comes
// without a switch of its own: the write still records its event and, with no hub in the
// process, queues its wake-up in its transaction, which nobody then reads. Rounds
// alternate, each on a fresh instance (the rate limit is per instance), so that the
// machine's other load falls on both.
func TestLiveLoadAnswerThroughput(t *testing.T) {
	liveLoad(t)
	counter := &store.Counter{}
	pool := storetest.NewDB(t, storetest.Options{Seeded: true, Counter: counter})
	meili := devenv.TestMeili(t)
	cfg := config{MeiliURL: meili.URL(), MeiliMasterKey: meili.MasterKey(), IndexPrefix: fmt.Sprintf("t%d_", indexSeq.Add(1)), FilesURL: storetest.FilesURL(t)}
	// Five writers at once, each through three accounts in turn: a round (600 answers) is
	// long enough for the machine's other load to even out, and no account passes the
	// rate limit of writes per minute.
	const writers, accounts, perAccount, subscribers, rounds = 5, 3, 40, 20, 16
	signup := auth.NewService(pool, true)
	tokens := make([][]string, writers)
	for i := range writers * accounts {
		sess, err := signup.Register(context.Background(), auth.RegisterInput{
			Email: fmt.Sprintf("carico%d@gemella.test", i), Password: "una password di carico", DisplayName: fmt.Sprintf("Carico %d", i)})
		require.NoError(t, err)
		tokens[i%writers] = append(tokens[i%writers], sess.Token)
	}
	// round posts the answers on a fresh instance, with its hub running or not and that
	// many subscribers, and returns answers per second and statements per answer.
	round := func(withHub bool, subs, n int) (float64, float64) {
		s, stop := liveInstance(t, cfg, pool, withHub)
		defer stop()
		q := mustAsk(t, s, tokens[0][0], fmt.Sprintf("Domanda di carico %d", n), nil)
		url := "ws" + strings.TrimPrefix(s.URL, "http") + "/graphql"
		for i := range subs {
			c, err := dialLoad(url)
			require.NoError(t, err)
			defer c.Close()
			require.NoError(t, c.WriteJSON(map[string]any{"id": strconv.Itoa(i), "type": "subscribe",
				"payload": map[string]any{"query": questionActivitySubscription, "variables": map[string]any{"questionId": q}}}))
			// What the server sends is drained unread: its cost is what is measured, and
			// the clients share the machine's two cores with it.
			go func() { _, _ = io.Copy(io.Discard, c.NetConn()) }()
		}
		if subs > 0 {
			require.Eventually(t, func() bool { return s.app.hub.Subscribers() == subs }, 10*time.Second, 10*time.Millisecond)
		}
		statements := counter.Count()
		t0 := time.Now()
		var wg sync.WaitGroup
		for w, list := range tokens {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for a, tok := range list {
					for i := range perAccount {
						if i == 0 && w == 0 && a == 0 {
							// The asker's first write went to the question.
							continue
						}
						mustAnswer(t, s, tok, q, fmt.Sprintf("Risposta %d di %d.", i, w))
					}
				}
			}()
		}
		wg.Wait()
		answers := float64(writers*accounts*perAccount - 1)
		rate := answers / time.Since(t0).Seconds()
		if subs > 0 {
			// The subscribers' reads of the last answers are counted too.
			time.Sleep(200 * time.Millisecond)
		}
		return rate, float64(counter.Count()-statements) / answers
	}
	var off, hub, on, offSt, hubSt, onSt []float64
	// The three kinds take turns at going first: each round adds answers to the database,
	// and the one that always came last would always meet the largest tables.
	kinds := []func(n int){
		func(n int) { r, st := round(false, 0, n); off, offSt = append(off, r), append(offSt, st) },
		func(n int) { r, st := round(true, 0, n); hub, hubSt = append(hub, r), append(hubSt, st) },
		func(n int) { r, st := round(true, subscribers, n); on, onSt = append(on, r), append(onSt, st) },
	}
	for n := range rounds {
		for k := range kinds {
			kinds[(n+k)%len(kinds)](3*n + k)
		}
	}
	// Each round is compared with the round of the other kind beside it: the machine's
	// speed drifts over a run, by more than the difference measured.
	ratios := func(a, b []float64) []float64 {
		var r []float64
		for i := range a {
			r = append(r, a[i]/b[i])
		}
		return r
	}
	onOff, hubOff := ratios(on, off), ratios(hub, off)
	t.Logf("answers per second (statements through the pool per answer): live off %.1f %v (%.1f), hub running without subscribers %.1f %v (%.1f), hub and %d subscribers %.1f %v (%.1f)",
		median(off), fmtFloats(off, 1), mean(offSt), median(hub), fmtFloats(hub, 1), mean(hubSt), subscribers, median(on), fmtFloats(on, 1), mean(onSt))
	t.Logf("round by round, on/off %v: median %.3f; hub/off %v: median %.3f", fmtFloats(onOff, 3), median(onOff), fmtFloats(hubOff, 3), median(hubOff))
	// Medians: a round that the shared machine slows weighs on one figure, not on the mean.
	require.GreaterOrEqual(t, median(onOff), 0.95)
}

func median(l []float64) float64 {
	s := slices.Clone(l)
	slices.Sort(s)
	return s[len(s)/2]
}

func mean(l []float64) float64 {
	sum := 0.0
	for _, v := range l {
		sum += v
	}
	return sum / float64(len(l))
}

func fmtFloats(l []float64, digits int) string {
	var s []string
	for _, v := range l {
		s = append(s, strconv.FormatFloat(v, 'f', digits, 64))
	}
	return "(" + strings.Join(s, ", ") + ")"
}
