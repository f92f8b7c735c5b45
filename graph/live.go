package graph

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/gemella/gemella/graph/model"
	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/discussion"
	"github.com/gemella/gemella/internal/gid"
	"github.com/gemella/gemella/internal/live"
	"github.com/gemella/gemella/internal/twinning"
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
// follows, on the viewer's own topic: a logout, a removal from a space.
var revocations = []string{auth.EventSessionEnded, twinning.EventMemberRemoved}

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
func subscribe[T any](ctx context.Context, r *Resolver, after *string, f follow[T]) (<-chan T, error) {
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
	subscribe := r.svc.Live.Subscribe
	if from != nil {
		subscribe = r.svc.Live.Resume
	}
	sub, err := subscribe(ctx, f.topic)
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
	out := make(chan T, 1)
	go func() {
		defer close(out)
		defer release()
		defer sub.Close()
		if guardSub != nil {
			defer guardSub.Close()
		}
		send := func(e live.Event) bool {
			v, ok, err := f.value(ctx, e)
			if err != nil || !ok {
				return err == nil
			}
			select {
			case out <- v:
				return true
			case <-ctx.Done():
				return false
			}
		}
		var last live.Position
		if from != nil {
			last = *from
			for {
				batch, err := f.gap(ctx, last, gapPage)
				if err != nil {
					return
				}
				for _, e := range batch {
					if slices.Contains(f.kinds, e.Kind) && !send(e) {
						return
					}
					last = f.pos(e)
				}
				if len(batch) < gapPage {
					break
				}
			}
		}
		for {
			select {
			case <-ctx.Done():
				return
			case e, ok := <-sub.C():
				if !ok {
					if errors.Is(sub.Err(), live.ErrTooSlow) {
						closeToRetry(ctx)
					}
					return
				}
				p := f.pos(*e)
				if !slices.Contains(f.kinds, e.Kind) || !p.After(last) {
					continue
				}
				if !send(*e) {
					return
				}
				last = p
			case e, ok := <-guard:
				if !ok {
					return
				}
				if slices.Contains(revocations, e.Kind) {
					if !r.stillReadable(ctx, f.readable) {
						return
					}
				}
			}
		}
	}()
	return out, nil
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
