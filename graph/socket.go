package graph

import (
	"context"
	"net"
	"strconv"
	"sync"

	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/auth"
)

const (
	// maxSubscriptionsPerSocket bounds what one connection follows at once: a page follows
	// a handful of things.
	maxSubscriptionsPerSocket = 20
	// maxSocketsPerUser bounds one person's open connections: a few tabs and devices.
	maxSocketsPerUser = 10
	// maxSocketsPerAddress bounds the connections without a session from one address
	// elsewhere: an office's readers share one behind its router. A peer on this machine
	// (a proxy in front, a developer) is counted by the instance's bound alone.
	maxSocketsPerAddress = 100
	// maxSockets bounds one instance's connections, whoever holds them: each costs some
	// 30 KiB, and up to maxSubscriptionsPerSocket subscriptions of some 16 KiB.
	maxSockets = 10_000
)

// socket is one WebSocket connection's state, kept in its context.
type socket struct {
	mu   sync.Mutex
	subs int
	// holder is whose connections it counts against (a user, else an address); empty
	// until connection_init is accepted.
	holder string
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

// sockets counts the instance's open connections, and each holder's.
type sockets struct {
	mu       sync.Mutex
	byHolder map[string]int
	total    int
}

// refusal is why a connection is not opened: the holder's bound, or the instance's.
type refusal int

const (
	admitted refusal = iota
	holderFull
	instanceFull
)

// open counts a connection of holder, unless it already has max (0: no bound of its own)
// or the instance is full.
func (c *sockets) open(holder string, max int) refusal {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byHolder == nil {
		c.byHolder = map[string]int{}
	}
	switch {
	case c.total >= maxSockets:
		return instanceFull
	case max > 0 && c.byHolder[holder] >= max:
		return holderFull
	}
	c.byHolder[holder]++
	c.total++
	return admitted
}

func (c *sockets) close(holder string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.total--
	if c.byHolder[holder]--; c.byHolder[holder] <= 0 {
		delete(c.byHolder, holder)
	}
}

// holderOf is whom a connection counts against, how many they may hold (0: the instance's
// bound alone) and the message when they hold that many: a signed-in user, else the
// address it came from.
func holderOf(u *auth.User, addr string) (holder string, max int, key string) {
	if u != nil {
		return "user:" + strconv.FormatInt(u.ID, 10), maxSocketsPerUser, "live.too_many_connections"
	}
	if ip := net.ParseIP(addr); ip == nil || ip.IsLoopback() {
		return "address:" + addr, 0, ""
	}
	return "address:" + addr, maxSocketsPerAddress, "live.too_many_connections_address"
}
