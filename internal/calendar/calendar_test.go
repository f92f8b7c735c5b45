package calendar

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
	"github.com/emersion/go-ical"
	"github.com/stretchr/testify/require"
)

// The feed is written with one library and read back with another, so that a quirk of the
// writer is not hidden by the same quirk in its own parser.

func write(t *testing.T, c Calendar) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, Write(&b, c))
	return b.String()
}

// decode parses a feed and re-encodes it, which makes the parser check the properties
// RFC 5545 requires of each component (PRODID, VERSION, UID, DTSTAMP, TZOFFSETFROM …).
func decode(t *testing.T, feed string) *ical.Calendar {
	t.Helper()
	dec := ical.NewDecoder(strings.NewReader(feed))
	cal, err := dec.Decode()
	require.NoError(t, err)
	_, err = dec.Decode()
	require.ErrorIs(t, err, io.EOF, "one calendar in the stream")
	require.NoError(t, ical.NewEncoder(io.Discard).Encode(cal))
	return cal
}

func textOf(t *testing.T, c *ical.Component, name string) string {
	t.Helper()
	p := c.Props.Get(name)
	require.NotNil(t, p, "%s in %s", name, c.Name)
	s, err := c.Props.Text(name)
	require.NoError(t, err)
	return s
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestEventsRoundTrip(t *testing.T) {
	romeTime := time.FixedZone("CET", 3600)
	events := []Event{
		{
			UID:         "workshop-12-session-34@gemella.example",
			Sequence:    3,
			Start:       time.Date(2026, 6, 27, 9, 30, 0, 0, Rome),
			End:         time.Date(2026, 6, 27, 13, 0, 0, 0, Rome),
			Summary:     "Mediazione familiare: l’ascolto, il conflitto; la città",
			Description: "Prima parte: perché è così difficile?\nSeconda parte; più pratica, meno teoria.\r\nPortare: quaderno, penna \\ matita.",
			Location:    "Centro per la Famiglia, via Roma 1; Città di Castello (PG)",
			URL:         "https://gemella.example/laboratori/12?sessione=34&a=b,c",
			Updated:     utc("2026-05-02T10:11:12Z"),
		},
		{
			UID:       "workshop-12-session-35@gemella.example",
			Sequence:  7,
			Start:     time.Date(2026, 12, 3, 15, 0, 0, 0, romeTime),
			End:       time.Date(2026, 12, 3, 17, 30, 0, 0, romeTime),
			Summary:   "Visita a Viggianello — annullata",
			Location:  "Online",
			Cancelled: true,
			Updated:   utc("2026-11-30T08:00:00Z"),
		},
		{
			UID:     "workshop-13-session-1@gemella.example",
			Start:   utc("2027-01-15T08:00:00Z"),
			End:     utc("2027-01-15T10:00:00Z"),
			Summary: "Orientamento",
			Updated: utc("2026-12-01T00:00:00Z"),
		},
	}
	feed := write(t, Calendar{Name: "Laboratori di Gemella, Umbria; 2026", Events: events})
	cal := decode(t, feed)

	require.Equal(t, "2.0", textOf(t, cal.Component, ical.PropVersion))
	require.Equal(t, "-//Gemella//Calendario//IT", textOf(t, cal.Component, ical.PropProductID))
	require.Equal(t, "GREGORIAN", textOf(t, cal.Component, ical.PropCalendarScale))
	require.Equal(t, "PUBLISH", textOf(t, cal.Component, ical.PropMethod))
	require.Equal(t, "Laboratori di Gemella, Umbria; 2026", textOf(t, cal.Component, "X-WR-CALNAME"))

	got := cal.Events()
	require.Len(t, got, len(events))
	for i, want := range events {
		e := got[i]
		require.Equal(t, want.UID, textOf(t, e.Component, ical.PropUID))
		seq, err := e.Props.Get(ical.PropSequence).Int()
		require.NoError(t, err)
		require.Equal(t, want.Sequence, seq)
		status, err := e.Status()
		require.NoError(t, err)
		if want.Cancelled {
			require.Equal(t, ical.EventCancelled, status)
		} else {
			require.Equal(t, ical.EventConfirmed, status)
		}
		require.Equal(t, want.Summary, textOf(t, e.Component, ical.PropSummary))
		if want.Location != "" {
			require.Equal(t, want.Location, textOf(t, e.Component, ical.PropLocation))
		}
		start, err := e.DateTimeStart(nil)
		require.NoError(t, err)
		require.True(t, want.Start.Equal(start), "start %v, read %v", want.Start, start)
		end, err := e.DateTimeEnd(nil)
		require.NoError(t, err)
		require.True(t, want.End.Equal(end), "end %v, read %v", want.End, end)
		require.Equal(t, "Europe/Rome", e.Props.Get(ical.PropDateTimeStart).Params.Get(ical.ParamTimezoneID))
		stamp, err := e.Props.DateTime(ical.PropDateTimeStamp, nil)
		require.NoError(t, err)
		require.True(t, want.Updated.Equal(stamp))
		modified, err := e.Props.DateTime(ical.PropLastModified, nil)
		require.NoError(t, err)
		require.True(t, want.Updated.Equal(modified))
	}
	require.Equal(t, "Prima parte: perché è così difficile?\nSeconda parte; più pratica, meno teoria.\nPortare: quaderno, penna \\ matita.",
		textOf(t, got[0].Component, ical.PropDescription))
	u, err := got[0].Props.URI(ical.PropURL)
	require.NoError(t, err)
	require.Equal(t, events[0].URL, u.String())
	require.Nil(t, got[1].Props.Get(ical.PropDescription), "no empty DESCRIPTION")

	// Local times carry the zone's name, not an offset or UTC.
	require.Contains(t, feed, "\r\nDTSTART;TZID=Europe/Rome:20260627T093000\r\n")
	require.Contains(t, feed, "\r\nDTEND;TZID=Europe/Rome:20261203T173000\r\n")
	require.Contains(t, feed, "\r\nDTSTART;TZID=Europe/Rome:20270115T090000\r\n")

	// The writer's own parser agrees.
	again, err := ics.ParseCalendar(strings.NewReader(feed))
	require.NoError(t, err)
	require.Len(t, again.Events(), len(events))
	require.Equal(t, events[0].Location, again.Events()[0].GetProperty(ics.ComponentPropertyLocation).Value)
}

func TestLinesAreFoldedAt75OctetsOnCharacterBoundaries(t *testing.T) {
	var events []Event
	var descriptions []string
	// "DESCRIPTION:" is 12 octets: after 62 + k ASCII letters, a two-octet "è" or the
	// three-octet "’" straddles the 75th octet for every k, with and without spaces to fold at.
	for k := range 4 {
		for _, s := range []string{
			strings.Repeat("a", 62+k) + strings.Repeat("èàù", 30) + strings.Repeat("’", 40),
			strings.Repeat("a", 62+k) + strings.Repeat("ò ", 60) + "fine",
			strings.Repeat("parola più lunga, ", 12),
		} {
			descriptions = append(descriptions, s)
			events = append(events, Event{
				UID:         "fold-" + string(rune('a'+len(events))) + "@gemella.example",
				Start:       utc("2026-05-01T08:00:00Z"),
				End:         utc("2026-05-01T09:00:00Z"),
				Summary:     "Piega",
				Description: s,
				Updated:     utc("2026-04-01T00:00:00Z"),
			})
		}
	}
	feed := write(t, Calendar{Name: "Piega", Events: events})

	require.True(t, strings.HasSuffix(feed, "END:VCALENDAR\r\n"))
	lines := strings.Split(strings.TrimSuffix(feed, "\r\n"), "\r\n")
	continued := 0
	for _, line := range lines {
		require.NotContains(t, line, "\n", "bare line feed")
		require.NotContains(t, line, "\r", "bare carriage return")
		require.LessOrEqual(t, len(line), 75, "line of %d octets: %q", len(line), line)
		require.True(t, utf8.ValidString(line), "a fold split a character: %q", line)
		if strings.HasPrefix(line, " ") {
			continued++
		}
	}
	require.Greater(t, continued, 3*len(events), "long lines are folded")

	got := decode(t, feed).Events()
	require.Len(t, got, len(descriptions))
	for i, want := range descriptions {
		require.Equal(t, want, textOf(t, got[i].Component, ical.PropDescription))
	}
}

// zoneOffsets is the feed's own VTIMEZONE, read as RFC 5545 has it, without the host's
// zone database: the instants at which the offset changes, and the offsets.
type zoneOffsets struct {
	at   []time.Time
	from []time.Duration
	to   []time.Duration
}

func offset(t *testing.T, c *ical.Component, name string) time.Duration {
	t.Helper()
	p := c.Props.Get(name)
	require.NotNil(t, p, "%s in %s", name, c.Name)
	s := p.Value
	require.Len(t, s, 5)
	d, err := time.ParseDuration(s[1:3] + "h" + s[3:5] + "m")
	require.NoError(t, err)
	if s[0] == '-' {
		d = -d
	}
	return d
}

func readZone(t *testing.T, cal *ical.Calendar, until time.Time) zoneOffsets {
	t.Helper()
	var zones []*ical.Component
	for _, c := range cal.Children {
		if c.Name == ical.CompTimezone {
			zones = append(zones, c)
		}
	}
	require.Len(t, zones, 1)
	require.Equal(t, "Europe/Rome", textOf(t, zones[0], ical.PropTimezoneID))
	require.Len(t, zones[0].Children, 2)
	type change struct {
		at       time.Time
		from, to time.Duration
	}
	var changes []change
	kinds := map[string]bool{}
	for _, c := range zones[0].Children {
		kinds[c.Name] = true
		from, to := offset(t, c, ical.PropTimezoneOffsetFrom), offset(t, c, ical.PropTimezoneOffsetTo)
		set, err := c.RecurrenceSet(time.UTC) // DTSTART is local time: read as if UTC, then moved by the offset before the change
		require.NoError(t, err)
		require.NotNil(t, set, "%s has an RRULE", c.Name)
		first, err := c.Props.DateTime(ical.PropDateTimeStart, time.UTC)
		require.NoError(t, err)
		occurrences := set.Between(first, until, true)
		require.True(t, occurrences[0].Equal(first), "%s: DTSTART is an occurrence of its rule", c.Name)
		for _, o := range occurrences {
			changes = append(changes, change{o.Add(-from), from, to})
		}
	}
	require.Equal(t, map[string]bool{ical.CompTimezoneDaylight: true, ical.CompTimezoneStandard: true}, kinds)
	var z zoneOffsets
	for len(changes) > 0 {
		next := 0
		for i, c := range changes {
			if c.at.Before(changes[next].at) {
				next = i
			}
		}
		z.at = append(z.at, changes[next].at)
		z.from = append(z.from, changes[next].from)
		z.to = append(z.to, changes[next].to)
		changes = append(changes[:next], changes[next+1:]...)
	}
	return z
}

// instant resolves a DTSTART or DTEND with the feed's VTIMEZONE: of the instants that show
// that wall clock, the first, as RFC 5545 says.
func (z zoneOffsets) instant(t *testing.T, p *ical.Prop) time.Time {
	t.Helper()
	if strings.HasSuffix(p.Value, "Z") {
		u, err := time.Parse(utcLayout, p.Value)
		require.NoError(t, err)
		return u
	}
	require.Equal(t, "Europe/Rome", p.Params.Get(ical.ParamTimezoneID))
	wall, err := time.Parse(localLayout, p.Value)
	require.NoError(t, err)
	var first time.Time
	for _, off := range []time.Duration{z.from[0], z.to[0]} {
		if u := wall.Add(-off); z.offsetAt(u) == off && (first.IsZero() || u.Before(first)) {
			first = u
		}
	}
	require.False(t, first.IsZero(), "%s does not exist in the zone", p.Value)
	return first
}

func (z zoneOffsets) offsetAt(u time.Time) time.Duration {
	current := z.from[0]
	for i, at := range z.at {
		if u.Before(at) {
			break
		}
		current = z.to[i]
	}
	return current
}

func TestTimezoneIsTheEuropeanRule(t *testing.T) {
	since, until := utc("1996-01-01T00:00:00Z"), utc("2060-12-31T23:00:00Z")
	z := readZone(t, decode(t, write(t, Calendar{})), until)
	// The changes of the feed's VTIMEZONE from 1996 on are those of the zone database.
	var want []time.Time
	for u := since; u.Before(until); u = u.Add(time.Hour) {
		_, before := u.Add(-time.Hour).In(Rome).Zone()
		_, after := u.In(Rome).Zone()
		if before != after {
			want = append(want, u)
		}
	}
	var got []time.Time
	for i, at := range z.at {
		if at.Before(since) {
			continue
		}
		got = append(got, at)
		_, before := at.Add(-time.Second).In(Rome).Zone()
		_, after := at.In(Rome).Zone()
		require.Equal(t, z.from[i], time.Duration(before)*time.Second, "offset before %v", at)
		require.Equal(t, z.to[i], time.Duration(after)*time.Second, "offset after %v", at)
	}
	require.Equal(t, want, got)
	require.Len(t, got, 2*65)
	require.Contains(t, got, utc("2026-03-29T01:00:00Z"))
	require.Contains(t, got, utc("2026-10-25T01:00:00Z"))
}

func TestSessionsOnChangeNightsKeepTheirInstants(t *testing.T) {
	sessions := [][2]time.Time{
		{utc("2026-03-29T00:30:00Z"), utc("2026-03-29T03:30:00Z")}, // 01:30 CET – 05:30 CEST
		{utc("2026-10-25T00:30:00Z"), utc("2026-10-25T02:30:00Z")}, // 02:30 CEST (the first) – 03:30 CET
		{utc("2026-10-25T01:30:00Z"), utc("2026-10-25T03:00:00Z")}, // 02:30 CET (the second) – 04:00 CET
		{utc("2026-10-24T23:59:59Z"), utc("2026-10-25T01:00:00Z")}, // 01:59:59 CEST – 02:00 CET (the second)
		{utc("2026-03-29T00:59:59Z"), utc("2026-03-29T01:00:00Z")}, // 01:59:59 CET – 03:00 CEST
	}
	var events []Event
	for i, s := range sessions {
		events = append(events, Event{UID: "dst-" + string(rune('a'+i)) + "@gemella.example", Start: s[0], End: s[1], Summary: "Notte", Updated: s[0]})
	}
	feed := write(t, Calendar{Name: "Notti", Events: events})
	cal := decode(t, feed)
	z := readZone(t, cal, utc("2030-01-01T00:00:00Z"))
	got := cal.Events()
	require.Len(t, got, len(sessions))
	for i, s := range sessions {
		for j, name := range []string{ical.PropDateTimeStart, ical.PropDateTimeEnd} {
			p := got[i].Props.Get(name)
			// read with the host's zone database …
			read, err := p.DateTime(nil)
			require.NoError(t, err)
			require.Equal(t, s[j], read.UTC(), "session %d %s %s", i, name, p.Value)
			// … and with the feed's own VTIMEZONE
			require.Equal(t, s[j], z.instant(t, p).UTC(), "session %d %s %s", i, name, p.Value)
		}
	}
	require.Contains(t, feed, "DTSTART;TZID=Europe/Rome:20260329T013000\r\n")
	require.Contains(t, feed, "DTEND;TZID=Europe/Rome:20260329T053000\r\n")
	require.Contains(t, feed, "DTEND;TZID=Europe/Rome:20261025T033000\r\n")
	require.Contains(t, feed, "DTSTART;TZID=Europe/Rome:20260329T015959\r\n")
	require.Contains(t, feed, "DTEND;TZID=Europe/Rome:20260329T030000\r\n")
	// The repeated hour of the October night cannot be told apart in local time.
	require.Contains(t, feed, "DTSTART:20261025T003000Z\r\n")
	require.Contains(t, feed, "DTSTART:20261025T013000Z\r\n")
	require.Contains(t, feed, "DTEND:20261025T010000Z\r\n")
}

func TestEmptyCalendarIsValid(t *testing.T) {
	feed := write(t, Calendar{})
	require.True(t, strings.HasPrefix(feed, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
	cal := decode(t, feed)
	require.Empty(t, cal.Events())
	require.Nil(t, cal.Props.Get("X-WR-CALNAME"))
	require.Equal(t, "PUBLISH", textOf(t, cal.Component, ical.PropMethod))
	require.Len(t, cal.Children, 1, "the time zone alone, as a calendar needs one component")

	named := decode(t, write(t, Calendar{Name: "Nessun incontro"}))
	require.Equal(t, "Nessun incontro", textOf(t, named.Component, "X-WR-CALNAME"))
}

func TestInvalidEventsAreRefused(t *testing.T) {
	ok := Event{UID: "x@gemella.example", Start: utc("2026-05-01T08:00:00Z"), End: utc("2026-05-01T09:00:00Z")}
	for name, change := range map[string]func(*Event){
		"no uid":       func(e *Event) { e.UID = " " },
		"no start":     func(e *Event) { e.Start = time.Time{} },
		"no end":       func(e *Event) { e.End = time.Time{} },
		"end before":   func(e *Event) { e.End = e.Start.Add(-time.Minute) },
		"negative seq": func(e *Event) { e.Sequence = -1 },
	} {
		t.Run(name, func(t *testing.T) {
			e := ok
			change(&e)
			var b bytes.Buffer
			require.Error(t, Write(&b, Calendar{Events: []Event{ok, e}}))
			require.Zero(t, b.Len(), "nothing written")
		})
	}
	var b bytes.Buffer
	require.NoError(t, Write(&b, Calendar{Events: []Event{ok}}))
	require.Contains(t, b.String(), "\r\nDTSTAMP:", "DTSTAMP is required even when the caller has no update time")
	require.NotContains(t, b.String(), "LAST-MODIFIED")
}

func TestControlCharactersAreDropped(t *testing.T) {
	e := Event{UID: "ctl@gemella.example", Start: utc("2026-05-01T08:00:00Z"), End: utc("2026-05-01T09:00:00Z"),
		Summary: "Uno\x00due\x07\ttre\rquattro", Updated: utc("2026-04-01T00:00:00Z")}
	got := decode(t, write(t, Calendar{Events: []Event{e}})).Events()
	require.Equal(t, "Unodue\ttre\nquattro", textOf(t, got[0].Component, ical.PropSummary))
}
