package graph

import (
	"context"
	"sync"

	"github.com/gemella/gemella/internal/apperr"
)

const (
	// maxSubscriptionsPerSocket bounds what one connection follows at once: a page follows
	// a handful of things.
	maxSubscriptionsPerSocket = 20
	// maxSocketsPerUser bounds one person's open connections: a few tabs and devices.
	maxSocketsPerUser = 10
)

// socket is one WebSocket connection's state, kept in its context.
type socket struct {
	mu   sync.Mutex
	subs int
	user int64 // the signed-in user whose connections it counts against, 0 for none
}

type socketKey struct{}

// socketFrom returns the connection of ctx; a request that is no WebSocket gets one of its
// own, since it cannot hold subscriptions open anyway.
func socketFrom(ctx context.Context) *socket {
	if s, ok := ctx.Value(socketKey{}).(*socket); ok {
		return s
	}
	return &socket{}
}

// take counts a new subscription against the connection's limit; release gives it back.
func (s *socket) take() (release func(), err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.subs >= maxSubscriptionsPerSocket {
		return nil, apperr.New(apperr.RateLimited, "", "live.too_many_subscriptions").With("Max", maxSubscriptionsPerSocket)
	}
	s.subs++
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			s.subs--
			s.mu.Unlock()
		})
	}, nil
}

// sockets counts each user's open connections.
type sockets struct {
	mu     sync.Mutex
	byUser map[int64]int
}

// open counts a connection of user; false when they already have too many.
func (c *sockets) open(user int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byUser == nil {
		c.byUser = map[int64]int{}
	}
	if c.byUser[user] >= maxSocketsPerUser {
		return false
	}
	c.byUser[user]++
	return true
}

func (c *sockets) close(user int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byUser[user]--; c.byUser[user] <= 0 {
		delete(c.byUser, user)
	}
}
