package twinning_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/twinning"
)

// person adds an account straight to the table (no password to hash) and returns its id.
func (f *fixture) person(t *testing.T, name string, center int64, roles ...string) int64 {
	t.Helper()
	if roles == nil {
		roles = []string{"OPERATOR"}
	}
	var id int64
	require.NoError(t, f.pool.QueryRow(context.Background(), `INSERT INTO users (email, display_name, password_hash, roles, center_id, region_id)
		SELECT $1, $2, 'x', $3, c.id, c.region_id FROM centers c WHERE c.id = $4 RETURNING id`,
		fmt.Sprintf("p%d-%s@gemella.test", center, name), name, roles, center).Scan(&id))
	return id
}

func (f *fixture) load(t *testing.T, id int64) *auth.User {
	t.Helper()
	u, err := auth.NewService(f.pool, false).UserByID(context.Background(), id)
	require.NoError(t, err)
	return u
}

func names(users []*auth.User) []string {
	out := []string{}
	for _, u := range users {
		out = append(out, u.DisplayName)
	}
	return out
}

func TestCandidatesMatchTheStartOfAnyWordOfTheName(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tw := f.create(t, "coordinatrice@gemella.test", access.Restricted)
	f.person(t, "Élodie Rossi", f.leadCenter)
	rossiHere := f.person(t, "Mario Rossi", f.leadCenter)
	rossiThere := f.person(t, "Mario Rossi", f.otherCenter)
	f.person(t, "Maria D'Angelo", f.farCenter)
	f.person(t, "NICCOLÒ Bianchi-Ferrà", f.farCenter)
	coord := f.as("coordinatrice@gemella.test")

	find := func(query string) []string {
		t.Helper()
		found, err := f.svc.Candidates(coord, tw, query, 20)
		require.NoError(t, err)
		require.NotNil(t, found, "the space's coordinator may search")
		return names(found)
	}
	require.Equal(t, []string{"Élodie Rossi", "Mario Rossi", "Mario Rossi"}, find("ross"))
	require.Equal(t, []string{"Élodie Rossi"}, find("elo"), "accents aside")
	require.Equal(t, []string{"Élodie Rossi"}, find("ÉLOD"), "case aside")
	require.Equal(t, []string{"Mario Rossi", "Mario Rossi"}, find("ros mar"), "every word of the query, in any order")
	require.Equal(t, []string{"Maria D'Angelo"}, find("angelo"), "a word after an apostrophe")
	require.Equal(t, []string{"Maria D'Angelo"}, find("d'ang"))
	require.Equal(t, []string{"Maria D'Angelo"}, find("dangelo"), "the name without its apostrophe")
	require.Equal(t, []string{"NICCOLÒ Bianchi-Ferrà"}, find("niccolo ferra"))
	require.Empty(t, find("ossi"), "the start of a word, not its middle")
	require.Empty(t, find("%"), "no letters, no pattern")
	require.Empty(t, find("m"), "one letter finds no one")
	require.Empty(t, find("coordinatrice"), "the coordinator is a member already")

	// Two people of the same name are told apart by their centre; a member is left out.
	both, err := f.svc.Candidates(coord, tw, "mario", 20)
	require.NoError(t, err)
	require.ElementsMatch(t, []int64{rossiHere, rossiThere}, []int64{both[0].ID, both[1].ID})
	require.NotEqual(t, *both[0].CenterID, *both[1].CenterID)
	_, err = f.svc.AddMember(coord, tw.ID, rossiHere, twinning.RoleReceiving)
	require.NoError(t, err)
	left, err := f.svc.Candidates(coord, tw, "mario", 20)
	require.NoError(t, err)
	require.Len(t, left, 1)
	require.Equal(t, rossiThere, left[0].ID, "members are not candidates")
}

func TestCandidatesAreLimited(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tw := f.create(t, "coordinatrice@gemella.test", access.Open)
	for i := range twinning.MaxCandidates + 5 {
		f.person(t, fmt.Sprintf("Omonimo %02d", i), f.otherCenter)
	}
	coord := f.as("coordinatrice@gemella.test")
	found, err := f.svc.Candidates(coord, tw, "omon", 1000)
	require.NoError(t, err)
	require.Len(t, found, twinning.MaxCandidates, "never more than the limit")
	require.Equal(t, "Omonimo 00", found[0].DisplayName, "by name")
	found, err = f.svc.Candidates(coord, tw, "omon", 3)
	require.NoError(t, err)
	require.Len(t, found, 3)
	found, err = f.svc.Candidates(coord, tw, "omon", 0)
	require.NoError(t, err)
	require.Len(t, found, 1, "at least one")
}

func TestOnlyTheSpaceManagersSearchCandidates(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	for _, level := range []access.Level{access.Open, access.Restricted} {
		tw := f.create(t, "coordinatrice@gemella.test", level)
		other := f.create(t, "coordinatrice@gemella.test", level)
		f.person(t, "Giulia Verdi "+string(level), f.farCenter)
		coord := f.as("coordinatrice@gemella.test")
		_, err := f.svc.AddMember(coord, tw.ID, f.users["operatore@gemella.test"].ID, twinning.RoleReceiving)
		require.NoError(t, err)
		_, err = f.svc.AddMember(coord, tw.ID, f.users["formatrice@gemella.test"].ID, twinning.RoleCoordinator)
		require.NoError(t, err)
		// A coordinator of another space only, and a regional coordinator of another region.
		otherCoord := f.load(t, f.person(t, "Coordinatore Altrove "+string(level), f.otherCenter))
		_, err = f.svc.AddMember(coord, other.ID, otherCoord.ID, twinning.RoleCoordinator)
		require.NoError(t, err)
		farRegional := f.load(t, f.person(t, "Regionale Lontana "+string(level), f.farCenter, "REGIONAL_COORDINATOR"))

		viewer := func(u *auth.User) context.Context {
			return access.WithScope(auth.WithViewer(ctx, u), access.NewService(f.pool).Scope(u))
		}
		for name, c := range map[string]context.Context{
			"anonymous":                           f.as(""),
			"a plain member":                      f.as("operatore@gemella.test"),
			"a moderator":                         f.as("moderatore@gemella.test"),
			"a coordinator of another space":      viewer(otherCoord),
			"a regional coordinator of elsewhere": viewer(farRegional),
		} {
			found, err := f.svc.Candidates(c, tw, "giulia", 20)
			require.NoError(t, err, name)
			require.Nil(t, found, "%s, %s space: nothing", name, level)
		}
		for name, c := range map[string]context.Context{
			"the regional coordinator of the lead region": coord,
			"a coordinator of the space":                  f.as("formatrice@gemella.test"),
			"an admin":                                    f.as("admin@gemella.test"),
		} {
			found, err := f.svc.Candidates(c, tw, "giulia verdi "+string(level), 20)
			require.NoError(t, err, name)
			require.Equal(t, []string{"Giulia Verdi " + string(level)}, names(found), "%s, %s space", name, level)
		}
	}
}
