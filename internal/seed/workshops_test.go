package seed

import (
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var yearSuffix = regexp.MustCompile(`-(\d{4})$`)

// loadTimes are instants the demo data could be loaded at: today, a late evening in UTC that
// is already the next day in Rome, weeks before the clocks go forward and back (the sessions
// straddle the change), and late December (the sessions fall in the next year).
func loadTimes() []time.Time {
	return []time.Time{
		time.Now(),
		time.Date(2026, time.June, 30, 23, 30, 0, 0, time.UTC),
		time.Date(2026, time.February, 20, 12, 0, 0, 0, time.UTC),
		time.Date(2026, time.September, 15, 8, 0, 0, 0, time.UTC),
		time.Date(2026, time.December, 20, 18, 0, 0, 0, rome),
	}
}

func TestWorkshops(t *testing.T) {
	centers := indexCenters()
	areas := indexServiceAreas()
	users := indexUsers()
	twinnings := map[string]bool{}
	for _, tw := range Twinnings {
		twinnings[tw.Key] = true
	}
	for _, now := range loadTimes() {
		list := Workshops(now)
		require.Len(t, list, len(pastWorkshops)+2, now)
		seen := map[string]bool{}
		upcoming := 0
		for _, w := range list {
			require.Regexp(t, slugPattern, w.Key)
			require.False(t, seen[w.Key], "duplicate workshop %q", w.Key)
			seen[w.Key] = true
			require.Contains(t, users, w.TrainerEmail, w.Key)
			if w.TwinningKey != "" {
				require.True(t, twinnings[w.TwinningKey], "workshop %q: twinning %q", w.Key, w.TwinningKey)
			}
			if w.HostCenterKey != "" {
				require.Contains(t, centers, w.HostCenterKey, w.Key)
			}
			require.Contains(t, areas, w.ServiceAreaSlug, w.Key)
			require.Contains(t, []string{"WORKSHOP", "LAB", "MEETING", "VISIT"}, w.Kind, w.Key)
			require.Contains(t, []string{"ONLINE", "IN_PERSON", "HYBRID"}, w.Mode, w.Key)
			require.NotEmpty(t, w.Sessions, w.Key)
			for i, s := range w.Sessions {
				require.Equal(t, "Europe/Rome", s.Start.Location().String(), w.Key)
				require.True(t, s.End.After(s.Start), "workshop %q: session %d ends before it starts", w.Key, i)
				if i > 0 {
					require.False(t, s.Start.Before(w.Sessions[i-1].End), "workshop %q: session %d overlaps the one before", w.Key, i)
				}
			}
			// A key names a year only when its workshop starts in it.
			if m := yearSuffix.FindStringSubmatch(w.Key); m != nil {
				y, _ := strconv.Atoi(m[1])
				require.Equal(t, y, w.Sessions[0].Start.Year(), w.Key)
			}
			if w.Sessions[0].Start.After(now) {
				upcoming++
				// Registration closes when the first session starts (the demo sets no earlier
				// deadline): weeks to register in.
				require.True(t, w.Sessions[0].Start.After(now.AddDate(0, 0, 21)), "workshop %q starts %s, loaded %s", w.Key, w.Sessions[0].Start, now)
				require.True(t, w.Sessions[0].Start.Before(now.AddDate(0, 0, 70)), "workshop %q starts %s, loaded %s", w.Key, w.Sessions[0].Start, now)
			}
		}
		require.Equal(t, 2, upcoming, now)
	}
}

// TestUpcomingWorkshopDates: the lab's three Tuesdays a week apart at 10:00–12:00 and the
// Thursday workshop at 9:30–16:30 after it, in Rome, across changes of UTC offset and years.
func TestUpcomingWorkshopDates(t *testing.T) {
	for _, now := range loadTimes() {
		up := upcomingWorkshops(now)
		lab, day := up[0], up[1]
		require.Equal(t, "laboratorio-primo-colloquio", lab.Key)
		require.Equal(t, "workshop-gruppi-di-parola", day.Key)
		require.Len(t, lab.Sessions, 3)
		for i, s := range lab.Sessions {
			start, end := s.Start.In(rome), s.End.In(rome)
			require.Equal(t, time.Tuesday, start.Weekday(), "%s: session %d", now, i)
			require.Equal(t, []int{10, 0, 12, 0}, []int{start.Hour(), start.Minute(), end.Hour(), end.Minute()}, "%s: session %d", now, i)
			require.Equal(t, 2*time.Hour, end.Sub(start))
			if i > 0 {
				py, pm, pd := lab.Sessions[i-1].Start.In(rome).Date()
				require.Equal(t, time.Date(py, pm, pd+7, 0, 0, 0, 0, time.UTC), dateOf(start), "%s: a week after the one before", now)
			}
		}
		require.Len(t, day.Sessions, 1)
		start, end := day.Sessions[0].Start.In(rome), day.Sessions[0].End.In(rome)
		require.Equal(t, time.Thursday, start.Weekday(), now)
		require.Equal(t, []int{9, 30, 16, 30}, []int{start.Hour(), start.Minute(), end.Hour(), end.Minute()}, now)
		require.True(t, start.After(lab.Sessions[2].End), "%s: the workshop comes after the lab", now)
	}
	// Loaded on a Tuesday, the lab starts four weeks later to the day.
	tue := time.Date(2026, time.March, 3, 9, 0, 0, 0, rome)
	require.Equal(t, time.Date(2026, time.March, 31, 10, 0, 0, 0, rome), upcomingWorkshops(tue)[0].Sessions[0].Start)
	// 23:30 UTC on Tuesday 31 March is Wednesday 1 April in Rome: the day counted is Rome's,
	// or the lab would start on 28 April.
	require.Equal(t, time.Date(2026, time.May, 5, 10, 0, 0, 0, rome),
		upcomingWorkshops(time.Date(2026, time.March, 31, 23, 30, 0, 0, time.UTC))[0].Sessions[0].Start)
}

// dateOf is t's calendar day, as midnight UTC, to compare days across UTC offsets.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// TestPastWorkshopDates: the meetings of 2023 and the Piedmont workshop keep their dates,
// whenever the data is loaded.
func TestPastWorkshopDates(t *testing.T) {
	want := map[string]string{
		"incontro-rimini-2023":   "2023-06-27T09:30:00+02:00",
		"incontro-bari-2023":     "2023-06-28T09:30:00+02:00",
		"incontro-torino-2023":   "2023-07-10T09:30:00+02:00",
		"workshop-piemonte-2021": "2021-06-21T09:30:00+02:00",
	}
	for _, now := range loadTimes() {
		got := map[string]string{}
		for _, w := range Workshops(now) {
			if _, ok := want[w.Key]; ok {
				got[w.Key] = w.Sessions[0].Start.Format(time.RFC3339)
			}
		}
		require.Equal(t, want, got, now)
	}
}
