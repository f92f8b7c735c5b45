package graph

import (
	"encoding/json"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestFramesEncodeAsJSONWould: the frames written without encoding/json are the bytes it
// would write, for the shape of gqlgen's messages.
func TestFramesEncodeAsJSONWould(t *testing.T) {
	type kind string
	type message struct {
		Payload json.RawMessage `json:"payload,omitempty"`
		ID      string          `json:"id,omitempty"`
		Type    kind            `json:"type"`
	}
	for _, m := range []*message{
		{Payload: json.RawMessage(`{"data":{"messageAdded":{"bodyHTML":"\u003cp\u003eCiao \"a\" tutte\u003c/p\u003e"}}}`), ID: "m1", Type: "next"},
		{ID: `strano "id" <&> è`, Type: "complete"},
		{Type: "connection_ack"},
		{Payload: json.RawMessage(`[{"message":"no"}]`), ID: "x", Type: "error"},
	} {
		want, err := json.Marshal(m)
		require.NoError(t, err)
		got, f, err := encodeFrame(m)
		require.NoError(t, err)
		require.Equal(t, string(want), string(got))
		require.Equal(t, frame{ID: m.ID, Type: string(m.Type)}, f)
	}
	// Another shape is marshalled.
	got, f, err := encodeFrame(map[string]string{"type": "ping"})
	require.NoError(t, err)
	require.JSONEq(t, `{"type":"ping"}`, string(got))
	require.Equal(t, "ping", f.Type)
}

// TestBatchConnKeepsOrder: what is written while held waits, and leaves before anything
// written after it, in one write.
func TestBatchConnKeepsOrder(t *testing.T) {
	server, client := net.Pipe()
	defer client.Close()
	c := &batchConn{Conn: server}
	reads := make(chan string, 4)
	go func() {
		buf := make([]byte, 64)
		for {
			n, err := client.Read(buf)
			if err != nil {
				close(reads)
				return
			}
			reads <- string(buf[:n])
		}
	}()
	c.hold()
	_, _ = c.Write([]byte("uno "))
	_, _ = c.Write([]byte("due "))
	c.release()
	select {
	case r := <-reads:
		t.Fatalf("written while held: %q", r)
	case <-time.After(50 * time.Millisecond):
	}
	_, err := c.Write([]byte("tre"))
	require.NoError(t, err)
	require.Equal(t, "uno due tre", <-reads, "one write, in order")

	c.hold()
	_, _ = c.Write([]byte("quattro"))
	c.release()
	c.flush()
	require.Equal(t, "quattro", <-reads)
	require.NoError(t, server.Close())
}
