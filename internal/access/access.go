// Package access decides who may see what. A twinning is a space with a level (OPEN,
// COMMUNITY, RESTRICTED) and members; content that lives in a space (its guidelines,
// questions asked there, practices, files, its discussion) is readable by whoever may read
// the space, and content outside any space by everyone.
//
// The rule is written here once, in three forms that must agree: a SQL predicate that every
// store read of content embeds (lists, totals and the loaders behind node(id:) alike, at no
// extra statement), a Meilisearch filter for search, and a check in Go for one object whose
// space is already known. Services take the viewer's Scope from the context; no other
// package decides who may see.
package access

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/store"
)

// Level is a space's visibility.
type Level string

const (
	// Open spaces are readable by anyone, signed in or not.
	Open Level = "OPEN"
	// Community spaces are readable by every signed-in member of Gemella.
	Community Level = "COMMUNITY"
	// Restricted spaces are readable by their members, moderators and admins.
	Restricted Level = "RESTRICTED"
)

// Valid reports whether l is one of the three levels.
func (l Level) Valid() bool { return l == Open || l == Community || l == Restricted }

// Narrower reports whether fewer people may read at level l than at than.
func (l Level) Narrower(than Level) bool { return l.rank() < than.rank() }

func (l Level) rank() int {
	switch l {
	case Open:
		return 2
	case Community:
		return 1
	}
	return 0
}

// Scope is who reads, for one operation (one event, for a subscription): made from the
// viewer when the operation starts, so that a member removed a moment ago reads as a
// non-member on their very next request.
type Scope struct {
	pool   *pgxpool.Pool
	viewer *auth.User

	once    sync.Once
	members map[int64]bool // spaces the viewer belongs to, read on first need
	err     error
}

// Service makes scopes.
type Service struct{ pool *pgxpool.Pool }

// NewService returns the access service.
func NewService(pool *pgxpool.Pool) *Service { return &Service{pool: pool} }

// Scope returns the scope of viewer (nil for an anonymous reader).
func (s *Service) Scope(viewer *auth.User) *Scope {
	return &Scope{pool: s.pool, viewer: viewer}
}

type scopeKey struct{}

// WithScope returns ctx carrying s.
func WithScope(ctx context.Context, s *Scope) context.Context {
	return context.WithValue(ctx, scopeKey{}, s)
}

// From returns the scope of ctx. Without one (a command, the indexer) the reader is
// anonymous: a missing scope can never show more.
func From(ctx context.Context) *Scope {
	if s, ok := ctx.Value(scopeKey{}).(*Scope); ok {
		return s
	}
	return &Scope{}
}

// Everything returns a scope that reads every space: for the search indexer and commands,
// which work for the system, never for a reader.
func Everything() *Scope { return &Scope{viewer: &auth.User{Roles: []auth.Role{auth.Admin}}} }

// Viewer is the reader, nil when anonymous.
func (s *Scope) Viewer() *auth.User { return s.viewer }

// readsAll reports whether the reader sees every space: moderators and admins.
func (s *Scope) readsAll() bool { return s.viewer.CanModerate() }

func (s *Scope) viewerID() int64 {
	if s.viewer == nil {
		return 0
	}
	return s.viewer.ID
}

// Predicate returns a SQL condition that holds for rows whose space, in column col (NULL
// for content outside any space), the reader may read. The reader's id is bound as the
// argument numbered arg, whose value Arg gives.
func (s *Scope) Predicate(col string, arg int) string {
	p := "$" + strconv.Itoa(arg) + "::bigint"
	if s.readsAll() {
		return p + " IS NOT NULL" // always true, and binds the argument like the full rule
	}
	return spaceRule(col, p)
}

// spaceRule is the space's rule for the reader whose id is the SQL expression viewer (0
// for anonymous). The aliases are the rule's own, so that no caller's column can be
// captured by them.
func spaceRule(col, viewer string) string {
	return fmt.Sprintf(`(%[1]s IS NULL OR EXISTS (SELECT 1 FROM twinnings access_sp WHERE access_sp.id = %[1]s
		AND (access_sp.visibility = 'OPEN'
		OR (access_sp.visibility = 'COMMUNITY' AND %[2]s > 0)
		OR EXISTS (SELECT 1 FROM twinning_members access_m WHERE access_m.twinning_id = access_sp.id AND access_m.user_id = %[2]s))))`, col, viewer)
}

// audienceRule is the rule of what a workshop keeps for its participants, for the reader
// whose id is the SQL expression viewer.
func audienceRule(col, viewer string) string {
	return fmt.Sprintf(`(%[1]s IS NULL OR EXISTS (SELECT 1 FROM workshops access_w WHERE access_w.id = %[1]s
		AND (EXISTS (SELECT 1 FROM workshop_trainers access_t WHERE access_t.workshop_id = access_w.id AND access_t.user_id = %[2]s)
		OR EXISTS (SELECT 1 FROM workshop_registrations access_r WHERE access_r.workshop_id = access_w.id
			AND access_r.user_id = %[2]s AND access_r.status = 'CONFIRMED')
		OR EXISTS (SELECT 1 FROM twinning_members access_m WHERE access_m.twinning_id = access_w.space_id AND access_m.user_id = %[2]s))))`, col, viewer)
}

// ReadableBy returns a SQL condition that holds when the user of column userCol, whose
// roles are in rolesCol, may read content of space spaceCol kept for audienceCol ("" when
// it has none): the rule of Predicate and AudiencePredicate for someone other than the
// reader, such as the people a message mentions or a thread's followers.
func ReadableBy(spaceCol, audienceCol, userCol, rolesCol string) string {
	rule := spaceRule(spaceCol, userCol)
	if audienceCol != "" {
		rule += " AND " + audienceRule(audienceCol, userCol)
	}
	return "(" + rolesCol + " && ARRAY['" + string(auth.Moderator) + "', '" + string(auth.Admin) + "'] OR (" + rule + "))"
}

// AudiencePredicate returns a SQL condition that holds for rows of content kept for a
// workshop's participants, whose workshop id is in column col (NULL for content not kept
// so): its trainers, its confirmed participants and, for a space's workshop, the space's
// members, besides moderators. It binds the same argument as Predicate, and is added to
// it, never in its place: the workshop's space must be readable too.
func (s *Scope) AudiencePredicate(col string, arg int) string {
	p := "$" + strconv.Itoa(arg) + "::bigint"
	if s.readsAll() {
		return p + " IS NOT NULL"
	}
	return audienceRule(col, p)
}

// InAudience reports whether the reader may open what a workshop keeps for its
// participants: AudiencePredicate, asked of one workshop.
func (s *Scope) InAudience(ctx context.Context, q store.Querier, workshopID int64) (bool, error) {
	var ok bool
	// $1 is named outside the rule too: a moderator's rule does not read it.
	err := q.QueryRow(ctx, `SELECT $1::bigint IS NOT NULL AND `+s.AudiencePredicate("$1::bigint", 2), workshopID, s.Arg()).Scan(&ok)
	return ok, err
}

// Arg is the value of Predicate's argument.
func (s *Scope) Arg() int64 { return s.viewerID() }

// CanRead reports whether the reader may read what lives in a space of this level and id
// (nil for content outside any space).
func (s *Scope) CanRead(ctx context.Context, spaceID *int64, level Level) (bool, error) {
	switch {
	case spaceID == nil || level == Open || s.readsAll():
		return true, nil
	case s.viewer == nil:
		return false, nil
	case level == Community:
		return true, nil
	}
	return s.IsMember(ctx, *spaceID)
}

// IsMember reports whether the reader is a member of the space.
func (s *Scope) IsMember(ctx context.Context, spaceID int64) (bool, error) {
	if s.viewer == nil {
		return false, nil
	}
	if err := s.loadMembers(ctx); err != nil {
		return false, err
	}
	return s.members[spaceID], nil
}

func (s *Scope) loadMembers(ctx context.Context) error {
	s.once.Do(func() {
		s.members = map[int64]bool{}
		rows, err := s.pool.Query(ctx, `SELECT twinning_id FROM twinning_members WHERE user_id = $1`, s.viewer.ID)
		if err != nil {
			s.err = err
			return
		}
		var id int64
		_, s.err = pgx.ForEachRow(rows, []any{&id}, func() error {
			s.members[id] = true
			return nil
		})
	})
	return s.err
}

// CheckContributor checks that the reader may add content inside a space: its members,
// moderators and admins. A space the reader may not even read is not found, like one that
// does not exist; on field either way.
func (s *Scope) CheckContributor(ctx context.Context, q store.Querier, spaceID int64, field string) error {
	var level Level
	err := q.QueryRow(ctx, `SELECT visibility FROM twinnings WHERE id = $1`, spaceID).Scan(&level)
	if errors.Is(err, pgx.ErrNoRows) {
		return apperr.New(apperr.NotFound, field, "space.not_found")
	}
	if err != nil {
		return err
	}
	if ok, err := s.CanRead(ctx, &spaceID, level); err != nil || !ok {
		if err != nil {
			return err
		}
		return apperr.New(apperr.NotFound, field, "space.not_found")
	}
	if s.viewer == nil {
		return auth.ErrUnauthenticated
	}
	if s.readsAll() {
		return nil
	}
	member, err := s.IsMember(ctx, spaceID)
	if err != nil {
		return err
	}
	if !member {
		return apperr.New(apperr.Forbidden, field, "space.members_only")
	}
	return nil
}

// NoSpace is the space value of search documents that live outside any space.
const NoSpace = 0

// SearchFilter returns the Meilisearch filter on the "space" attribute that keeps the hits
// the reader may read, "" when they may read all. It costs one statement, the first time.
func (s *Scope) SearchFilter(ctx context.Context) (string, error) {
	if s.readsAll() {
		return "", nil
	}
	if s.pool == nil {
		return "space IN [" + strconv.Itoa(NoSpace) + "]", nil
	}
	rows, err := s.pool.Query(ctx, `SELECT t.id FROM twinnings t WHERE `+s.Predicate("t.id", 1)+` ORDER BY t.id`, s.Arg())
	if err != nil {
		return "", err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return "", err
	}
	parts := []string{strconv.Itoa(NoSpace)}
	for _, id := range slices.Compact(ids) {
		parts = append(parts, strconv.FormatInt(id, 10))
	}
	return "space IN [" + strings.Join(parts, ", ") + "]", nil
}
