package graph

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/auth"
)

// TestSocketsAreBounded: a user holds at most maxSocketsPerUser connections, an address
// without a session maxSocketsPerAddress, a peer on this machine only the instance's
// bound, and the instance maxSockets, whoever holds them; a closed one frees its place.
func TestSocketsAreBounded(t *testing.T) {
	var c sockets
	fill := func(u *auth.User, addr string, n int) refusal {
		holder, max, _ := holderOf(u, addr)
		for range n {
			if r := c.open(holder, max); r != admitted {
				return r
			}
		}
		return admitted
	}
	user := &auth.User{ID: 7}
	require.Equal(t, admitted, fill(user, "203.0.113.9", maxSocketsPerUser))
	require.Equal(t, holderFull, fill(user, "198.51.100.1", 1), "wherever the user connects from")
	require.Equal(t, admitted, fill(nil, "203.0.113.9", maxSocketsPerAddress), "the user's address is counted apart")
	require.Equal(t, holderFull, fill(nil, "203.0.113.9", 1))
	require.Equal(t, admitted, fill(nil, "2001:db8::1", maxSocketsPerAddress))
	holder, _, _ := holderOf(nil, "203.0.113.9")
	c.close(holder)
	require.Equal(t, admitted, fill(nil, "203.0.113.9", 1), "a closed connection frees its place")
	require.Equal(t, admitted, fill(nil, "127.0.0.1", maxSockets-c.total), "a local peer has the instance's bound alone")
	require.Equal(t, instanceFull, fill(&auth.User{ID: 8}, "192.0.2.1", 1))
}
