package seed

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPractices(t *testing.T) {
	centers := indexCenters()
	areas := indexServiceAreas()
	users := indexUsers()
	twinnings := map[string]Twinning{}
	for _, tw := range Twinnings {
		twinnings[tw.Key] = tw
	}
	require.GreaterOrEqual(t, len(Practices), 4)
	seen := map[string]bool{}
	levels := map[string]bool{}
	adopted := 0
	for _, p := range Practices {
		require.Regexp(t, slugPattern, p.Key)
		require.False(t, seen[p.Key], "duplicate practice %q", p.Key)
		seen[p.Key] = true
		require.Contains(t, users, p.AuthorEmail, p.Key)
		center, ok := centers[p.CenterKey]
		require.True(t, ok, "practice %q: centre %q", p.Key, p.CenterKey)
		require.Contains(t, areas, p.ServiceAreaSlug, p.Key)
		n := len([]rune(p.Title))
		require.True(t, n >= 10 && n <= 200, "practice %q: title length %d", p.Key, n)
		for _, s := range []string{p.Summary, p.Context, p.Objectives, p.Target, p.Activities} {
			require.NotEmpty(t, s, p.Key)
		}
		require.LessOrEqual(t, len([]rune(p.Summary)), 1000, p.Key)
		for _, tag := range p.Tags {
			require.Regexp(t, slugPattern, tag, p.Key)
		}
		require.Contains(t, []string{"EMERGING", "PROMISING", "ESTABLISHED"}, p.Maturity, p.Key)
		levels[p.Maturity] = true
		if p.Maturity != "EMERGING" {
			require.NotEmpty(t, p.Evidence, "practice %q: a level above EMERGING needs its evidence", p.Key)
		}
		var receiving []string
		if p.TwinningKey != "" {
			tw, ok := twinnings[p.TwinningKey]
			require.True(t, ok, "practice %q: twinning %q", p.Key, p.TwinningKey)
			require.Equal(t, tw.LeadCenterKey, p.CenterKey, "practice %q travels from its twinning's lead centre", p.Key)
			receiving = tw.ReceivingCenterKeys
		}
		for _, a := range p.Adoptions {
			adopted++
			c, ok := centers[a.CenterKey]
			require.True(t, ok, "practice %q: adopting centre %q", p.Key, a.CenterKey)
			require.NotEqual(t, center.Key, c.Key, p.Key)
			if receiving != nil {
				require.True(t, slices.Contains(receiving, a.CenterKey), "practice %q: %q is not a receiving centre", p.Key, a.CenterKey)
			}
			require.Contains(t, []string{"ADOPTED", "ADAPTED"}, a.Kind, p.Key)
			require.NotEmpty(t, a.Note, p.Key)
			recorder, ok := users[a.RecorderEmail]
			require.True(t, ok, "practice %q: recorder %q", p.Key, a.RecorderEmail)
			// An operator records for their own centre only, as the service requires.
			if !slices.Contains(recorder.Roles, "MODERATOR") && !slices.Contains(recorder.Roles, "ADMIN") {
				require.Equal(t, a.CenterKey, recorder.CenterKey, p.Key)
			}
		}
	}
	require.Len(t, levels, 3, "every maturity level has an example")
	require.Positive(t, adopted)
}
