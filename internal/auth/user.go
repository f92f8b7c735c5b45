// Package auth holds accounts, sessions and roles: registration, login with argon2id
// password hashes, opaque session tokens stored hashed, and the viewer of each request.
package auth

import (
	"context"
	"slices"
	"time"

	"github.com/gemella/gemella/internal/apperr"
)

// Role is what a user may do beyond reading and writing their own posts.
type Role string

const (
	Operator            Role = "OPERATOR"
	Trainer             Role = "TRAINER"
	RegionalCoordinator Role = "REGIONAL_COORDINATOR"
	Moderator           Role = "MODERATOR"
	Admin               Role = "ADMIN"
)

// User is an account.
type User struct {
	ID          int64
	Email       string
	DisplayName string
	Roles       []Role
	CenterID    *int64
	RegionID    *int64
	CreatedAt   time.Time
}

// Has reports whether u holds role r. ADMIN holds every role.
func (u *User) Has(r Role) bool {
	if u == nil {
		return false
	}
	return slices.Contains(u.Roles, r) || slices.Contains(u.Roles, Admin)
}

// CanModerate reports whether u may edit or close anyone's content.
func (u *User) CanModerate() bool { return u.Has(Moderator) }

type viewerKey struct{}

// WithViewer returns ctx carrying the signed-in user.
func WithViewer(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, viewerKey{}, u)
}

// ErrUnauthenticated is the failure of a use case that needs a signed-in user.
var ErrUnauthenticated = apperr.New(apperr.Unauthenticated, "", "auth.required")

// errSessionUnknown is the failure of a use case that needs a signed-in user when the
// request's session could not be looked up: the user may well be signed in, and should
// retry rather than sign in again.
var errSessionUnknown = apperr.New(apperr.Unavailable, "", "common.unavailable")

type sessionUnknownKey struct{}

// WithSessionUnknown marks ctx as carrying a session token that could not be checked.
func WithSessionUnknown(ctx context.Context) context.Context {
	return context.WithValue(ctx, sessionUnknownKey{}, true)
}

// Require returns the signed-in user, or ErrUnauthenticated (UNAVAILABLE when the session
// could not be checked).
func Require(ctx context.Context) (*User, error) {
	if u := Viewer(ctx); u != nil {
		return u, nil
	}
	if unknown, _ := ctx.Value(sessionUnknownKey{}).(bool); unknown {
		return nil, errSessionUnknown
	}
	return nil, ErrUnauthenticated
}

// Viewer returns the signed-in user, or nil for an anonymous request.
func Viewer(ctx context.Context) *User {
	u, _ := ctx.Value(viewerKey{}).(*User)
	return u
}
