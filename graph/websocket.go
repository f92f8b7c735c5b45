package graph

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net"
	"net/http"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/gorilla/websocket"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// gorillaWebsocket adapts gorilla/websocket to gqlgen's WebSocket transport, which speaks
// to any implementation through this small interface. It also keeps two rules of the
// graphql-transport-ws protocol that gqlgen leaves out: a connection that sends no
// connection_init in time is closed with 4408, and a subscribe with the id of an operation
// still running is closed with 4409.
type gorillaWebsocket struct {
	upgrader    websocket.Upgrader
	initTimeout time.Duration
}

// The close codes of graphql-transport-ws, and of WebSocket itself.
const (
	// closeTryAgain (RFC 6455's 1013, "try again later") ends the connection of a client that
	// fell behind its events: it reconnects and resumes each subscription from its cursor.
	closeTryAgain       = 1013
	closeInvalidMessage = 4400
	closeUnauthorized   = 4401 // a subscribe before connection_init
	closeInitTimeout    = 4408
	closeDuplicateID    = 4409
	closeTooManyInits   = 4429 // a second connection_init
	// closeTooManyConnections is the project's own, in the range of application codes:
	// "too many requests", to retry later.
	closeTooManyConnections = 4429
)

func (g gorillaWebsocket) Accept(w http.ResponseWriter, r *http.Request, o transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	up := g.upgrader
	up.Subprotocols = o.Subprotocols
	h, ok := w.(http.Hijacker)
	if !ok {
		return nil, errors.New("graph: the response cannot be hijacked for a WebSocket")
	}
	hw := &batchingHijacker{ResponseWriter: w, hijacker: h}
	c, err := up.Upgrade(hw, r, o.ResponseHeader)
	if err != nil {
		return nil, err
	}
	gc := &gorillaConn{Conn: c, batch: hw.conn, active: map[string]bool{}, ops: map[*graphql.OperationContext]string{},
		inited: make(chan struct{}), done: make(chan struct{})}
	if h, ok := r.Context().Value(connHolderKey{}).(*connHolder); ok {
		h.conn.Store(gc)
	}
	go gc.awaitInit(g.initTimeout)
	return gc, nil
}

type gorillaConn struct {
	*websocket.Conn
	batch *batchConn
	// wmu lets one frame be written at a time (gorilla takes one writer): gqlgen's transport
	// writes under a lock of its own, and a subscription's stream writes its results
	// itself (resultWriter), so every write takes this one.
	wmu    sync.Mutex
	mu     sync.Mutex
	active map[string]bool // ids of the operations running
	// reading is the id of the subscribe message the transport is reading, and ops the id
	// of each subscription's operation created from one, until its stream takes it.
	reading  string
	ops      map[*graphql.OperationContext]string
	inited   chan struct{}
	initOnce sync.Once
	done     chan struct{}
	doneOnce sync.Once
}

var (
	_ transport.WebsocketReadLimiter   = &gorillaConn{}
	_ transport.WebsocketReadDeadliner = &gorillaConn{}
)

// awaitInit closes the connection with 4408 when connection_init does not come in time.
func (c *gorillaConn) awaitInit(timeout time.Duration) {
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-c.inited:
	case <-c.done:
	case <-t.C:
		_ = c.WriteClose(closeInitTimeout, "Connection initialisation timeout")
		_ = c.Close()
	}
}

// frame is what the adapter reads of a protocol message: its type and operation id.
type frame struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

func (c *gorillaConn) NextReader() (int, io.Reader, error) {
	t, r, err := c.Conn.NextReader()
	// The transport only needs to know that the peer closed; gorilla reports each close
	// code as its own error.
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		return t, r, transport.ErrWebsocketClosed
	}
	if err != nil {
		return t, r, err
	}
	data, err := io.ReadAll(r) // bounded by the read limit the transport sets
	if err != nil {
		return t, nil, err
	}
	var f frame
	if json.Unmarshal(data, &f) == nil {
		// graphql-transport-ws's own closes, where gqlgen closes with 1002 for either.
		transportWS := c.Subprotocol() == "graphql-transport-ws"
		switch f.Type {
		case "connection_init":
			// Frames are read one at a time: nothing inits between the check and the close.
			if transportWS && c.initDone() {
				return t, nil, c.refuse(closeTooManyInits, "Too many initialisation requests")
			}
			c.initOnce.Do(func() { close(c.inited) })
		case "subscribe", "start":
			if transportWS && !c.initDone() {
				return t, nil, c.refuse(closeUnauthorized, "Unauthorized")
			}
			if f.ID == "" {
				// Nothing could answer it: every answer names its operation.
				return t, nil, c.refuse(closeInvalidMessage, "An operation needs an id")
			}
			c.mu.Lock()
			dup := c.active[f.ID]
			c.active[f.ID] = true
			c.reading = f.ID
			c.mu.Unlock()
			if dup {
				return t, nil, c.refuse(closeDuplicateID, "Subscriber for "+f.ID+" already exists")
			}
		case "complete", "stop":
			c.forget(f.ID)
		}
	}
	return t, bytes.NewReader(data), nil
}

// refuse closes the connection with a protocol's code, for a message that breaks it.
func (c *gorillaConn) refuse(code int, reason string) error {
	_ = c.WriteClose(code, reason)
	_ = c.Close()
	return transport.ErrWebsocketClosed
}

// initDone reports whether connection_init has come.
func (c *gorillaConn) initDone() bool {
	select {
	case <-c.inited:
		return true
	default:
		return false
	}
}

// WriteJSON sends a message, noting the end of an operation when it is one.
func (c *gorillaConn) WriteJSON(v any) error {
	data, f, err := encodeFrame(v)
	if err != nil {
		return err
	}
	if f.Type == "complete" || f.Type == "error" {
		c.forget(f.ID)
	}
	if f.Type != "next" && f.Type != "data" {
		c.wmu.Lock()
		defer c.wmu.Unlock()
		return c.WriteMessage(websocket.TextMessage, data)
	}
	return c.writeHeld(data)
}

// writeHeld writes a result: it waits in the batch until its subscription has nothing more
// to send (flushSocket) or the next message that is not one.
func (c *gorillaConn) writeHeld(data []byte) error {
	c.batch.hold()
	defer c.batch.release()
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.WriteMessage(websocket.TextMessage, data)
}

// bind notes the client's id of a subscription's operation as the transport creates it,
// while it reads the message that asked for it (see subscriptionIDs).
func (c *gorillaConn) bind(oc *graphql.OperationContext) {
	c.mu.Lock()
	c.ops[oc] = c.reading
	c.mu.Unlock()
}

// resultWriter returns what writes the results of oc's subscription on this connection as
// gqlgen's transport would (its id, the protocol's message type), from a payload marshalled
// as gqlgen marshals a response; false for an operation the connection did not bind.
func (c *gorillaConn) resultWriter(oc *graphql.OperationContext) (func(payload []byte) error, bool) {
	c.mu.Lock()
	id, ok := c.ops[oc]
	delete(c.ops, oc)
	c.mu.Unlock()
	if !ok {
		return nil, false
	}
	typ := "data" // graphql-ws, which gqlgen also speaks to a client that names no protocol
	if c.Subprotocol() == "graphql-transport-ws" {
		typ = "next"
	}
	// Every frame of the subscription ends the same way, and is written from its stream
	// alone: one buffer serves them all (gorilla copies what it is given).
	end := appendFrame(nil, nil, id, typ)[1:]
	var buf []byte
	return func(payload []byte) error {
		buf = append(append(append(buf[:0], `{"payload":`...), payload...), ',')
		buf = append(buf, end...)
		return c.writeHeld(buf)
	}, true
}

// encodeFrame encodes one of gqlgen's protocol messages, which both its exchangers shape as
// {Payload json.RawMessage; ID string; Type string-kinded}, without encoding/json: its
// compaction of the payload, which gqlgen has just marshalled, would scan every result a
// second time, on the path each live delivery takes. Any other shape is marshalled.
func encodeFrame(v any) ([]byte, frame, error) {
	rv := reflect.Indirect(reflect.ValueOf(v))
	if rv.Kind() != reflect.Struct || rv.NumField() < 3 || !frameShaped(rv.Type()) {
		data, err := json.Marshal(v)
		var f frame
		if err == nil {
			err = json.Unmarshal(data, &f)
		}
		return data, f, err
	}
	f := frame{ID: rv.Field(1).String(), Type: rv.Field(2).String()}
	return appendFrame(nil, rv.Field(0).Bytes(), f.ID, f.Type), f, nil
}

// appendFrame appends the message {"payload":…,"id":…,"type":…} that gqlgen's exchangers
// write, leaving out an empty payload or id as they do.
func appendFrame(out, payload []byte, id, typ string) []byte {
	out = slices.Grow(out, len(payload)+len(id)+len(typ)+32)
	out = append(out, '{')
	if len(payload) > 0 {
		out = append(out, `"payload":`...)
		out = append(out, payload...)
		out = append(out, ',')
	}
	if id != "" {
		quoted, _ := json.Marshal(id) // the client's own id: escaped as JSON wants
		out = append(out, `"id":`...)
		out = append(out, quoted...)
		out = append(out, ',')
	}
	out = append(out, `"type":"`...)
	out = append(out, typ...)
	out = append(out, `"}`...)
	return out
}

func frameShaped(t reflect.Type) bool {
	p, id, typ := t.Field(0), t.Field(1), t.Field(2)
	return p.Name == "Payload" && p.Type == reflect.TypeFor[json.RawMessage]() &&
		id.Name == "ID" && id.Type.Kind() == reflect.String &&
		typ.Name == "Type" && typ.Type.Kind() == reflect.String
}

func (c *gorillaConn) forget(id string) {
	c.mu.Lock()
	delete(c.active, id)
	// An operation that ended before its stream took its id (refused, or not a stream's).
	maps.DeleteFunc(c.ops, func(_ *graphql.OperationContext, v string) bool { return v == id })
	c.mu.Unlock()
}

// Close closes the connection.
func (c *gorillaConn) Close() error {
	c.doneOnce.Do(func() { close(c.done) })
	return c.Conn.Close()
}

func (c *gorillaConn) WriteClose(code int, message string) error {
	return c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, message), time.Now().Add(time.Second))
}

// connHolder lets what runs inside a connection's operations reach the connection: a
// subscriber that fell behind closes its socket with closeTryAgain.
type connHolder struct{ conn atomic.Pointer[gorillaConn] }

type connHolderKey struct{}

// withConnHolder gives each request a holder that Accept fills when it is a WebSocket.
func withConnHolder(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), connHolderKey{}, &connHolder{})))
	})
}

// connFrom is the WebSocket connection of ctx; nil for other requests.
func connFrom(ctx context.Context) *gorillaConn {
	if h, ok := ctx.Value(connHolderKey{}).(*connHolder); ok {
		return h.conn.Load()
	}
	return nil
}

// closeToRetry closes the connection of ctx, if it is a WebSocket, with closeTryAgain.
func closeToRetry(ctx context.Context) {
	if c := connFrom(ctx); c != nil {
		_ = c.WriteClose(closeTryAgain, "Too slow: reconnect and resume")
		_ = c.Close()
	}
}

// batchingHijacker hands gorilla the connection wrapped in a batchConn.
type batchingHijacker struct {
	http.ResponseWriter
	hijacker http.Hijacker
	conn     *batchConn
}

func (h *batchingHijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, rw, err := h.hijacker.Hijack()
	if err != nil {
		return nil, nil, err
	}
	h.conn = &batchConn{Conn: c}
	return h.conn, rw, nil
}

// batchConn lets the results a subscription sends one after another (a resume's gap, the
// events of one read of the table) leave in one write, where each would take a system
// call of its own: the frames gorilla writes while a result is held are kept, in order,
// and go out with the next write that is not held, or at flush. Order is kept whoever
// writes, since every write goes after what is kept.
type batchConn struct {
	net.Conn
	mu   sync.Mutex
	held int
	kept []byte
	err  error
}

// maxKept bounds what waits for a flush.
const maxKept = 32 << 10

func (c *batchConn) hold() {
	c.mu.Lock()
	c.held++
	c.mu.Unlock()
}

func (c *batchConn) release() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.held--
	if len(c.kept) >= maxKept {
		c.flushLocked()
	}
}

func (c *batchConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return 0, c.err
	}
	if c.held > 0 {
		c.kept = append(c.kept, p...)
		return len(p), nil
	}
	if len(c.kept) > 0 {
		c.kept = append(c.kept, p...)
		c.flushLocked()
		return len(p), c.err
	}
	return c.Conn.Write(p)
}

// flush writes what is kept.
func (c *batchConn) flush() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.flushLocked()
}

func (c *batchConn) flushLocked() {
	if len(c.kept) == 0 || c.err != nil {
		return
	}
	_, c.err = c.Conn.Write(c.kept)
	c.kept = c.kept[:0]
	if cap(c.kept) > maxKept {
		c.kept = nil // a burst's buffer is not kept for an idle socket
	}
}

// flushSocket sends what the connection of ctx keeps, if it is a WebSocket: a subscription
// calls it before it waits for its next event.
func flushSocket(ctx context.Context) {
	if c := connFrom(ctx); c != nil {
		c.batch.flush()
	}
}

// subscriptionIDs binds each subscription's operation to the id its client gave it, so
// that its stream can write results itself (gorillaConn.resultWriter). gqlgen creates the
// operation while its read loop handles the client's message, after the adapter has read
// it, and hands it to a goroutine of its own only then: registered last, so that no later
// mutator may fail an operation bound already.
type subscriptionIDs struct{}

func (subscriptionIDs) ExtensionName() string                   { return "SubscriptionIDs" }
func (subscriptionIDs) Validate(graphql.ExecutableSchema) error { return nil }

func (subscriptionIDs) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if c := connFrom(ctx); c != nil && oc.Operation != nil && oc.Operation.Operation == ast.Subscription {
		c.bind(oc)
	}
	return nil
}
