package auth

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"
)

// CookieName is the HttpOnly session cookie set at login.
const CookieName = "gemella_session"

// TokenFromRequest returns the session token of a request: the Bearer token when present,
// else the session cookie.
func TokenFromRequest(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, token, ok := strings.Cut(h, " ")
		if ok && strings.EqualFold(scheme, "Bearer") {
			return strings.TrimSpace(token)
		}
		return ""
	}
	if c, err := r.Cookie(CookieName); err == nil {
		return c.Value
	}
	return ""
}

// Middleware puts the viewer of each request in its context, and a cookie jar that login
// and logout use to set or clear the session cookie.
func (s *Service) Middleware(secureCookies bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx := r.Context()
			token := TokenFromRequest(r)
			if token != "" {
				u, err := s.Authenticate(ctx, token)
				if err != nil {
					// A database hiccup must not turn into a 500 for a read a guest could do:
					// the request goes on anonymously and the failure is logged; what needs
					// the session answers UNAVAILABLE, not "sign in".
					if ctx.Err() == nil { // not merely a client that went
						slog.ErrorContext(ctx, "authenticating session", "err", err)
					}
					ctx = WithSessionUnknown(ctx)
				}
				if u != nil {
					ctx = WithViewer(ctx, u)
				}
			}
			ctx = context.WithValue(ctx, jarKey{}, &cookieJar{w: w, token: token, secure: secureCookies})
			if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
				ctx = context.WithValue(ctx, clientIPKey{}, host)
			}
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

type jarKey struct{}

type clientIPKey struct{}

// ClientIP is the address the request came from: the peer of the connection, since a
// forwarded-for header is the client's own word unless a trusted proxy sets it.
func ClientIP(ctx context.Context) string {
	ip, _ := ctx.Value(clientIPKey{}).(string)
	return ip
}

type cookieJar struct {
	w      http.ResponseWriter
	token  string
	secure bool
	// signedIn is the account this request has just signed in as, if any.
	signedIn int64
}

// SetSessionCookie sets the HttpOnly session cookie on the HTTP response of ctx, when there
// is one (a WebSocket operation has none).
func SetSessionCookie(ctx context.Context, sess *Session) {
	if j, ok := ctx.Value(jarKey{}).(*cookieJar); ok {
		j.signedIn = sess.User.ID
		http.SetCookie(j.w, &http.Cookie{
			Name: CookieName, Value: sess.Token, Path: "/", Expires: sess.ExpiresAt,
			HttpOnly: true, Secure: j.secure, SameSite: http.SameSiteLaxMode,
		})
	}
}

// ClearSessionCookie removes the session cookie.
func ClearSessionCookie(ctx context.Context) {
	if j, ok := ctx.Value(jarKey{}).(*cookieJar); ok {
		http.SetCookie(j.w, &http.Cookie{
			Name: CookieName, Value: "", Path: "/", Expires: time.Unix(0, 0), MaxAge: -1,
			HttpOnly: true, Secure: j.secure, SameSite: http.SameSiteLaxMode,
		})
	}
}

// RequestToken returns the token the current request authenticated with.
func RequestToken(ctx context.Context) string {
	if j, ok := ctx.Value(jarKey{}).(*cookieJar); ok {
		return j.token
	}
	return ""
}

// IsSelf reports whether the account with this id is the viewer's own: the signed-in user,
// or the one this very request signed in as (a login's answer shows the account's e-mail
// although the request came in anonymous).
func IsSelf(ctx context.Context, id int64) bool {
	if v := Viewer(ctx); v != nil && v.ID == id {
		return true
	}
	j, ok := ctx.Value(jarKey{}).(*cookieJar)
	return ok && j.signedIn == id && id != 0
}
