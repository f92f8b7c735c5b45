package access_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/storetest"
)

// world is one space of each level and four readers.
type world struct {
	pool    *pgxpool.Pool
	spaces  map[access.Level]int64
	readers map[string]*auth.User
}

func newWorld(t *testing.T) *world {
	ctx := context.Background()
	pool := storetest.NewDB(t, storetest.Options{Seeded: true})
	w := &world{pool: pool, spaces: map[access.Level]int64{}, readers: map[string]*auth.User{"anonymous": nil}}
	for _, r := range []struct {
		name  string
		roles []auth.Role
	}{{"outsider", []auth.Role{auth.Operator}}, {"member", []auth.Role{auth.Operator}}, {"moderator", []auth.Role{auth.Moderator}}} {
		var id int64
		require.NoError(t, pool.QueryRow(ctx, `INSERT INTO users (email, display_name, password_hash, roles)
			VALUES ($1, $1, 'x', $2) RETURNING id`, r.name+"@prova.it", r.roles).Scan(&id))
		w.readers[r.name] = &auth.User{ID: id, Roles: r.roles}
	}
	var twin struct{ area, center, region int64 }
	require.NoError(t, pool.QueryRow(ctx, `SELECT service_area_id, lead_center_id, lead_region_id FROM twinnings LIMIT 1`).
		Scan(&twin.area, &twin.center, &twin.region))
	for i, level := range []access.Level{access.Open, access.Community, access.Restricted} {
		var thread, id int64
		require.NoError(t, pool.QueryRow(ctx, `INSERT INTO discussions (title) VALUES ('t') RETURNING id`).Scan(&thread))
		require.NoError(t, pool.QueryRow(ctx, `INSERT INTO twinnings (key, title, service_area_id, lead_center_id, lead_region_id,
			discussion_id, visibility) VALUES ($1, 'prova', $2, $3, $4, $5, $6) RETURNING id`,
			"prova-"+strconv.Itoa(i), twin.area, twin.center, twin.region, thread, level).Scan(&id))
		w.spaces[level] = id
		_, err := pool.Exec(ctx, `INSERT INTO twinning_members (twinning_id, user_id, role) VALUES ($1, $2, 'RECEIVING')`, id, w.readers["member"].ID)
		require.NoError(t, err)
	}
	return w
}

// want is the rule, spelt out for the test: who reads inside a space of each level.
func want(reader string, level access.Level) bool {
	switch level {
	case access.Open:
		return true
	case access.Community:
		return reader != "anonymous"
	default:
		return reader == "member" || reader == "moderator"
	}
}

// TestThreeFormsAgree checks the SQL predicate, the search filter and the check in Go
// against the rule, for every level and reader, and content outside any space.
func TestThreeFormsAgree(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	svc := access.NewService(w.pool)
	for name, viewer := range w.readers {
		for level, spaceID := range w.spaces {
			t.Run(fmt.Sprintf("%s/%s", name, level), func(t *testing.T) {
				scope := svc.Scope(viewer)
				expected := want(name, level)

				ok, err := scope.CanRead(ctx, &spaceID, level)
				require.NoError(t, err)
				require.Equal(t, expected, ok, "CanRead")

				var sqlOK bool
				require.NoError(t, w.pool.QueryRow(ctx, `SELECT `+scope.Predicate("c.space", 2)+` FROM (SELECT $1::bigint AS space) c`,
					spaceID, scope.Arg()).Scan(&sqlOK))
				require.Equal(t, expected, sqlOK, "Predicate")

				filter, err := scope.SearchFilter(ctx)
				require.NoError(t, err)
				inFilter := filter == "" || slices.Contains(filterIDs(filter), spaceID)
				require.Equal(t, expected, inFilter, "SearchFilter %q", filter)
			})
		}
		t.Run(name+"/no space", func(t *testing.T) {
			scope := svc.Scope(viewer)
			ok, err := scope.CanRead(ctx, nil, "")
			require.NoError(t, err)
			require.True(t, ok)
			var sqlOK bool
			require.NoError(t, w.pool.QueryRow(ctx, `SELECT `+scope.Predicate("NULL::bigint", 1), scope.Arg()).Scan(&sqlOK))
			require.True(t, sqlOK)
			filter, err := scope.SearchFilter(ctx)
			require.NoError(t, err)
			require.True(t, filter == "" || slices.Contains(filterIDs(filter), access.NoSpace))
		})
	}
}

func filterIDs(filter string) []int64 {
	inner := strings.TrimSuffix(strings.TrimPrefix(filter, "space IN ["), "]")
	var out []int64
	for _, p := range strings.Split(inner, ", ") {
		n, _ := strconv.ParseInt(p, 10, 64)
		out = append(out, n)
	}
	return out
}

// TestMembershipIsReadPerScope: a scope made after a member leaves reads as a non-member's.
func TestMembershipIsReadPerScope(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	svc := access.NewService(w.pool)
	member := w.readers["member"]
	space := w.spaces[access.Restricted]
	before := svc.Scope(member)
	ok, err := before.IsMember(ctx, space)
	require.NoError(t, err)
	require.True(t, ok)
	_, err = w.pool.Exec(ctx, `DELETE FROM twinning_members WHERE twinning_id = $1 AND user_id = $2`, space, member.ID)
	require.NoError(t, err)
	ok, err = svc.Scope(member).CanRead(ctx, &space, access.Restricted)
	require.NoError(t, err)
	require.False(t, ok, "the next operation's scope no longer reads the space")
}

// TestContributors: adding content inside a space is for its members and moderators; a
// space one may not read is not found.
func TestContributors(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	svc := access.NewService(w.pool)
	for name, viewer := range w.readers {
		for level, spaceID := range w.spaces {
			err := svc.Scope(viewer).CheckContributor(ctx, w.pool, spaceID, "spaceId")
			switch {
			case name == "member" || name == "moderator":
				require.NoError(t, err, "%s in %s", name, level)
			case !want(name, level):
				require.ErrorContains(t, err, "NOT_FOUND", "%s in %s", name, level)
			case name == "anonymous":
				require.ErrorContains(t, err, "UNAUTHENTICATED", "%s in %s", name, level)
			default:
				require.ErrorContains(t, err, "FORBIDDEN", "%s in %s", name, level)
			}
		}
	}
	require.ErrorContains(t, svc.Scope(w.readers["member"]).CheckContributor(ctx, w.pool, 999_999, "spaceId"), "NOT_FOUND")
}
