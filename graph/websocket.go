package graph

import (
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/gorilla/websocket"
)

// gorillaWebsocket adapts gorilla/websocket to gqlgen's WebSocket transport, which speaks
// to any implementation through this small interface.
type gorillaWebsocket struct{ upgrader websocket.Upgrader }

func (g gorillaWebsocket) Accept(w http.ResponseWriter, r *http.Request, o transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	up := g.upgrader
	up.Subprotocols = o.Subprotocols
	c, err := up.Upgrade(w, r, o.ResponseHeader)
	if err != nil {
		return nil, err
	}
	return gorillaConn{c}, nil
}

type gorillaConn struct{ *websocket.Conn }

var (
	_ transport.WebsocketReadLimiter   = gorillaConn{}
	_ transport.WebsocketReadDeadliner = gorillaConn{}
)

func (c gorillaConn) NextReader() (int, io.Reader, error) {
	t, r, err := c.Conn.NextReader()
	// The transport only needs to know that the peer closed; gorilla reports each close
	// code as its own error.
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		return t, r, transport.ErrWebsocketClosed
	}
	return t, r, err
}

func (c gorillaConn) WriteClose(code int, message string) error {
	return c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, message), time.Now().Add(time.Second))
}
