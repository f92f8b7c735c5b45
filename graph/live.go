package graph

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/gemella/gemella/graph/model"
	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/discussion"
	"github.com/gemella/gemella/internal/gid"
	"github.com/gemella/gemella/internal/live"
)

func messagePayload(ctx context.Context, m *discussion.Message, err error) (*model.MessagePayload, error) {
	ue, err := userErrors(ctx, err)
	if err != nil {
		return nil, err
	}
	return &model.MessagePayload{Message: m, UserErrors: ue}, nil
}

func threadPayload(ctx context.Context, d *discussion.Discussion, err error) (*model.ThreadPayload, error) {
	ue, err := userErrors(ctx, err)
	if err != nil {
		return nil, err
	}
	return &model.ThreadPayload{Thread: d, UserErrors: ue}, nil
}

// The events that make a subscriber check again whether its viewer may still read what it
// follows: on the viewer's own topic a logout or a loss of access (a removal from a space,
// a cancelled registration), on the followed topic a change of who may read it.
var revocations = []string{auth.EventSessionEnded, live.EventAccessNarrowed}

// accessCheck keys the outcome of a check again (stillReadable) that the subscribers of one
// topic share: those with the same session, or none, get the same answer.
type accessCheck struct{ token, topic string }

// gapPage is how many missed events a resuming subscriber reads at a time.
const gapPage = 200

// follow describes one subscription: what it listens to and how its values are made.
type follow[T any] struct {
	topic string
	kinds []string
	// gap reads what committed after a position, for a resume: at most limit events,
	// in commit order, their positions in the same order as pos gives.
	gap func(ctx context.Context, from live.Position, limit int) ([]live.Event, error)
	// value makes the subscription's value of an event; false skips it.
	value func(ctx context.Context, e live.Event) (T, bool, error)
	// pos is an event's place in the subscription's order (its cursor).
	pos func(live.Event) live.Position
	// readable reports whether the viewer may still read what the subscription follows,
	// with a scope made now.
	readable func(ctx context.Context) (bool, error)
}

// subscribe runs a subscription: it registers with this instance's hub, then (resuming)
// sends what committed after the cursor, then the live stream, skipping what the gap
// already sent, so that nothing is missed and nothing repeats. It ends when the client
// goes, when the hub cuts it off (it fell behind: the client resumes from its cursor), or
// when the viewer may no longer read what it follows.
//
// Its values are made one at a time by the operation's stream (see respond), on the
// goroutine gqlgen's transport runs the subscription on: a subscription holds no goroutine
// of its own.
func subscribe[T any](ctx context.Context, r *Resolver, after *string, f follow[T]) (<-chan T, error) {
	st, _ := ctx.Value(streamKey{}).(*stream)
	if st == nil {
		return nil, errors.New("graph: a subscription outside an operation's stream")
	}
	var from *live.Position
	if after != nil && *after != "" {
		p, err := live.ParseCursor(*after, "after")
		if err != nil {
			return nil, err
		}
		from = &p
	}
	release, err := socketFrom(ctx).take()
	if err != nil {
		return nil, err
	}
	register := r.svc.Live.Subscribe
	if from != nil {
		register = r.svc.Live.Resume
	}
	sub, err := register(ctx, f.topic)
	if err != nil {
		release()
		return nil, err
	}
	var guard <-chan *live.Event
	var guardSub *live.Subscriber
	if u := auth.Viewer(ctx); u != nil && f.topic != live.UserTopic(u.ID) {
		if guardSub, err = r.svc.Live.Subscribe(ctx, live.UserTopic(u.ID)); err != nil {
			sub.Close()
			release()
			return nil, err
		}
		guard = guardSub.C()
	}
	// The operation's context ends with the subscription, however it ends.
	context.AfterFunc(ctx, func() {
		sub.Close()
		if guardSub != nil {
			guardSub.Close()
		}
		release()
	})

	out := make(chan T, 1)
	var last live.Position
	var pending []live.Event // the gap's events read and not yet sent
	gapLeft := from != nil   // more of the gap may wait in the table
	if from != nil {
		last = *from
	}
	// The value is made only for a response that is executed: the subscribers who share
	// one do without.
	allowed := func(ctx context.Context) bool { return r.stillReadable(ctx, f.readable) }
	st.allowed = allowed
	st.deliver = func(ctx context.Context, e *live.Event) (bool, error) {
		v, ok, err := f.value(ctx, *e)
		if ok && err == nil {
			out <- v
		}
		return ok, err
	}
	// lost reports whether an event of the viewer's own topic took away what the
	// subscription follows (or the topic's subscriber ended).
	lost := func(g *live.Event, ok bool) bool {
		return !ok || slices.Contains(revocations, g.Kind) && !allowed(ctx)
	}
	// revoked reads what waits on the viewer's own topic. It runs before each event is
	// sent: the hub hands a guard event over before any event that committed after it,
	// but a select between the two channels would take either.
	revoked := func() bool {
		for {
			select {
			case g, ok := <-guard:
				if lost(g, ok) {
					return true
				}
			default:
				return false
			}
		}
	}
	token, _ := ctx.Value(socketTokenKey{}).(string)
	// A session ends by itself too, with no event to say so: its stream ends with it.
	var expired <-chan time.Time
	if ends, _ := ctx.Value(sessionEndsKey{}).(time.Time); !ends.IsZero() {
		t := time.NewTimer(time.Until(ends))
		context.AfterFunc(ctx, func() { t.Stop() })
		expired = t.C
	}
	st.next = func(ctx context.Context) (*live.Event, bool) {
		for {
			var e *live.Event
			fromGap := len(pending) > 0
			switch {
			case fromGap:
				e, pending = &pending[0], pending[1:]
			case gapLeft:
				batch, err := f.gap(ctx, last, gapPage)
				if err != nil {
					return nil, false
				}
				// Checked once the page is read: an event that committed after the viewer
				// lost access is in it only if the loss committed before the read, which
				// this check then sees.
				if len(batch) > 0 && !allowed(ctx) {
					return nil, false
				}
				pending, gapLeft = batch, len(batch) == gapPage
				continue
			default:
				if len(sub.C()) == 0 {
					flushSocket(ctx) // what was sent goes out before the wait
				}
				var ok bool
				select {
				case <-ctx.Done():
					return nil, false
				case e, ok = <-sub.C():
					if !ok {
						if errors.Is(sub.Err(), live.ErrTooSlow) {
							closeToRetry(ctx)
						}
						return nil, false
					}
					if slices.Contains(revocations, e.Kind) {
						// Everyone on the topic checks again; those with the same session
						// (anonymous readers: none) share the answer.
						if !e.Share(accessCheck{token, f.topic}, func() any { return allowed(ctx) }).(bool) {
							return nil, false
						}
						continue
					}
				case g, ok := <-guard:
					if lost(g, ok) {
						return nil, false
					}
					continue
				case <-expired:
					return nil, false
				}
			}
			// The gap's events all move the position on, so that its next page starts
			// after them; of the live stream's, what the gap already sent is skipped.
			p, wanted := f.pos(*e), slices.Contains(f.kinds, e.Kind)
			if !p.After(last) || !wanted && !fromGap {
				continue
			}
			last = p
			if !wanted {
				continue
			}
			if revoked() {
				return nil, false
			}
			return e, true
		}
	}
	return out, nil
}

// stream is a subscription's source of values, kept in its operation's context: next
// waits for the subscription's next event (false at the end); deliver makes an event's
// value and hands it to the channel the subscription's resolver returned, or reports that
// the subscriber gets none (false) or that the stream ends (an error).
type stream struct {
	next    func(ctx context.Context) (*live.Event, bool)
	deliver func(ctx context.Context, e *live.Event) (bool, error)
	// key tells apart the responses of one event: the operation, its variables, the
	// language and the viewer; made an interface once, as the events' shares take it.
	key any
	// write sends a result on the subscription's WebSocket as gqlgen's transport would;
	// nil for a subscription over any other transport.
	write func(payload []byte) error
	// allowed checks again that the viewer may read what the subscription follows.
	allowed func(ctx context.Context) bool
}

type streamKey struct{}

type streamKeyOf struct {
	// op is operationKey's digest: the key is compared for each subscriber of each event,
	// and a query's text is long.
	op     [sha256.Size]byte
	viewer int64
}

// withStream gives a subscription operation its stream.
func withStream(ctx context.Context, oc *graphql.OperationContext) context.Context {
	var viewer int64
	if u := auth.Viewer(ctx); u != nil {
		viewer = u.ID
	}
	st := &stream{key: any(streamKeyOf{op: sha256.Sum256([]byte(operationKey(ctx, oc))), viewer: viewer})}
	if c := connFrom(ctx); c != nil {
		st.write, _ = c.resultWriter(oc)
	}
	return context.WithValue(ctx, streamKey{}, st)
}

// sharedResponse is one event's response for the subscribers who get the same one, and its
// JSON as gqlgen's transport marshals a response.
type sharedResponse struct {
	resp    *graphql.Response
	payload []byte
}

// respond makes the responses to the stream's events. Subscribers on this instance whose
// operation, variables, viewer and language are the same (a public thread's anonymous
// readers) share one: it is executed once, by the first of them to come, and marshalled
// once. On a WebSocket the stream writes each shared result itself and goes on to the next
// event, where handing it back would have gqlgen marshal the same response again for every
// subscriber; it returns to gqlgen a response with errors (each carries one request's id),
// and nil at the end.
//
// fresh gives the response's execution its own scope and loaders; the stream's own reads
// make a scope of their own when they need one (freshScope).
func (s *stream) respond(ctx context.Context, fresh func(context.Context) context.Context, next graphql.ResponseHandler) *graphql.Response {
	for {
		e, ok := s.next(ctx)
		if !ok {
			return nil
		}
		var own *graphql.Response
		var end bool
		shared, _ := e.Made(s.key).(*sharedResponse)
		if shared == nil {
			own, shared, end = s.execute(ctx, e, fresh, next)
		}
		switch {
		case shared != nil && s.write != nil:
			if s.write(shared.payload) != nil {
				return nil // the socket is gone
			}
		case own != nil && len(own.Errors) > 0 && !s.allowed(ctx):
			// The viewer lost what it follows as the event came (what it reads of it is
			// gone): the stream ends, as it would have on the event of the loss.
			return nil
		case own != nil:
			return own
		case shared != nil:
			return shared.resp
		case end:
			return nil
		}
	}
}

// execute makes the response to e: shared when it has no errors, as the first of the
// subscribers with the same key to come makes it; own when this subscriber executed it;
// neither when the subscriber gets none, with end when its stream ends.
func (s *stream) execute(ctx context.Context, e *live.Event, fresh func(context.Context) context.Context, next graphql.ResponseHandler) (own *graphql.Response, shared *sharedResponse, end bool) {
	run := func() {
		ok, err := s.deliver(ctx, e)
		if end = err != nil; ok && !end {
			own = next(fresh(ctx))
		}
	}
	ran := false
	shared, _ = e.Share(s.key, func() any {
		ran = true
		if run(); own == nil || len(own.Errors) > 0 {
			return nil // each subscriber makes its own
		}
		payload, err := json.Marshal(own)
		if err != nil {
			return nil
		}
		c := *own
		c.Data = bytes.Clone(own.Data) // gqlgen reuses its buffer for the next event
		return &sharedResponse{resp: &c, payload: payload}
	}).(*sharedResponse)
	if !ran && shared == nil {
		run() // the one who ran it got no response to share
	}
	return own, shared, end
}

// stillReadable checks again, after a logout or a removal, that the subscriber's session
// holds and that it may still read what it follows.
func (r *Resolver) stillReadable(ctx context.Context, readable func(context.Context) (bool, error)) bool {
	if token, ok := ctx.Value(socketTokenKey{}).(string); ok {
		u, err := r.svc.Auth.Authenticate(ctx, token)
		if err != nil || u == nil {
			return false
		}
		ctx = auth.WithViewer(ctx, u)
	} else if auth.Viewer(ctx) != nil {
		// A cookie session: the socket carries no token of its own to check again.
		return false
	}
	ok, err := readable(r.freshScope(ctx))
	return err == nil && ok
}

// eventPos is an event's own position.
func eventPos(e live.Event) live.Position { return e.Position }

// refused is the answer to a subscription to what the viewer may not read: the same as for
// what does not exist.
func refused(field string) error {
	return apperr.New(apperr.NotFound, field, "common.not_found")
}

// kindOf turns an event kind ("question.answered") into its GraphQL enum value (ANSWERED).
func kindOf(event string) string {
	_, k, _ := strings.Cut(event, ".")
	return strings.ToUpper(k)
}

func errOr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

// messageValue is the message of an event, as the hub loaded it for every subscriber, or
// read now for one that subscribed while its batch was on its way.
func (r *Resolver) messageValue(ctx context.Context, e live.Event) (*discussion.Message, bool, error) {
	if m, ok := e.Value.(*discussion.Message); ok && m != nil {
		return m, true, nil
	}
	list, err := r.svc.Discussions.MessagesByIDs(r.freshScope(ctx), []int64{e.EntityID})
	return list[e.EntityID], list[e.EntityID] != nil, err
}

// readableThread decodes a thread's id and checks that the viewer may read it.
func (r *Resolver) readableThread(ctx context.Context, g string) (int64, error) {
	id, err := decodeOne(g, "threadId", gid.Discussion)
	if err != nil {
		return 0, err
	}
	if ok, err := r.threadReadable(id)(ctx); err != nil || !ok {
		return 0, errOr(err, refused("threadId"))
	}
	return id, nil
}

func (r *Resolver) threadReadable(id int64) func(context.Context) (bool, error) {
	return func(ctx context.Context) (bool, error) {
		_, err := r.svc.Discussions.Thread(ctx, id)
		if apperr.Is(err, apperr.NotFound) {
			return false, nil
		}
		return err == nil, err
	}
}

// threadEvents follows one kind of change of a thread's messages, resuming from the
// events table.
func (r *Resolver) threadEvents(ctx context.Context, threadID string, after *string, kind string) (<-chan *discussion.Message, error) {
	id, err := r.readableThread(ctx, threadID)
	if err != nil {
		return nil, err
	}
	topic := live.ThreadTopic(id)
	return subscribe(ctx, r, after, follow[*discussion.Message]{
		topic: topic, kinds: []string{kind},
		gap: func(ctx context.Context, from live.Position, limit int) ([]live.Event, error) {
			return r.svc.Live.EventsAfter(ctx, topic, from, limit)
		},
		value: r.messageValue, pos: eventPos, readable: r.threadReadable(id),
	})
}

// freshScope gives ctx a scope made now, for a subscription's reads long after it began.
func (r *Resolver) freshScope(ctx context.Context) context.Context {
	return access.WithScope(ctx, r.svc.Access.Scope(auth.Viewer(ctx)))
}

// pagePaths are the web app's pages of what threads belong to, by global id kind.
var pagePaths = map[string]string{
	gid.Question: "/domande/", gid.Practice: "/buone-pratiche/", gid.Guideline: "/linee-guida/",
	gid.Twinning: "/gemellaggi/", gid.Workshop: "/workshop/",
}
