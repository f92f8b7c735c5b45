// Package calendar writes iCalendar (RFC 5545) feeds that calendar applications subscribe
// to: one VEVENT per scheduled session, in Italian local time.
package calendar

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Rome must resolve on hosts without a zoneinfo database

	ics "github.com/arran4/golang-ical"
)

// ContentType is the media type of a feed written by Write.
const ContentType = "text/calendar; charset=utf-8"

// Zone is the time zone every event is written in.
const Zone = "Europe/Rome"

const (
	productID = "-//Gemella//Calendario//IT"
	// refresh asks subscribed applications to read the feed again every hour, so that a
	// cancellation reaches them the same day.
	refresh = "PT1H"

	localLayout = "20060102T150405"
	utcLayout   = "20060102T150405Z"
)

// Rome is Zone's location, for whatever shows an event's times beside its calendar.
var Rome = mustLoadRome()

func mustLoadRome() *time.Location {
	loc, err := time.LoadLocation(Zone)
	if err != nil {
		panic(fmt.Sprintf("calendar: %s: %v", Zone, err))
	}
	return loc
}

// Event is one scheduled occurrence.
type Event struct {
	UID         string    // stable across edits, e.g. "workshop-12-session-34@gemella.example"
	Sequence    int       // raised by the caller on each change
	Start, End  time.Time // any zone; written in Europe/Rome local time with TZID (see setTime)
	Summary     string
	Description string // plain text
	Location    string
	URL         string    // the page or the online link
	Cancelled   bool      // STATUS:CANCELLED (else STATUS:CONFIRMED)
	Updated     time.Time // DTSTAMP and LAST-MODIFIED; when zero, DTSTAMP is the time of writing
}

// Calendar is a named feed of events.
type Calendar struct {
	Name   string // X-WR-CALNAME
	Events []Event
}

// Write writes c as an iCalendar stream with CRLF line endings, lines folded at 75 octets.
// An event without a UID or ending before it starts is an error: nothing is written then.
func Write(w io.Writer, c Calendar) error {
	for i, e := range c.Events {
		if err := e.check(); err != nil {
			return fmt.Errorf("calendar: event %d: %w", i, err)
		}
	}
	cal := ics.NewCalendarFor("Gemella")
	cal.SetProductId(productID)
	cal.SetCalscale("GREGORIAN")
	cal.SetMethod(ics.MethodPublish)
	if name := text(c.Name); name != "" {
		cal.SetXWRCalName(name)
	}
	cal.SetXWRTimezone(Zone)
	cal.SetRefreshInterval(refresh)
	cal.SetXPublishedTTL(refresh)
	// The time zone is written even for a feed with no events, as a calendar must hold at
	// least one component.
	cal.AddVTimezone(romeTimezone())
	now := time.Now()
	for _, e := range c.Events {
		cal.AddVEvent(e.vevent(now))
	}
	return cal.SerializeTo(w, ics.WithNewLineWindows)
}

func (e Event) check() error {
	switch {
	case strings.TrimSpace(e.UID) == "":
		return errors.New("no UID")
	case e.Start.IsZero() || e.End.IsZero():
		return errors.New("no start or end")
	case e.End.Before(e.Start):
		return errors.New("ends before it starts")
	case e.Sequence < 0:
		return errors.New("negative sequence")
	}
	return nil
}

func (e Event) vevent(now time.Time) *ics.VEvent {
	v := ics.NewEvent(text(e.UID))
	stamp := e.Updated
	if stamp.IsZero() {
		stamp = now
	}
	v.SetProperty(ics.ComponentPropertyDtstamp, stamp.UTC().Format(utcLayout))
	if !e.Updated.IsZero() {
		v.SetProperty(ics.ComponentPropertyLastModified, e.Updated.UTC().Format(utcLayout))
	}
	v.SetSequence(e.Sequence)
	setTime(v, ics.ComponentPropertyDtStart, e.Start)
	setTime(v, ics.ComponentPropertyDtEnd, e.End)
	if s := text(e.Summary); s != "" {
		v.SetSummary(s)
	}
	if d := text(e.Description); d != "" {
		v.SetDescription(d)
	}
	if l := text(e.Location); l != "" {
		v.SetLocation(l)
	}
	if u := text(e.URL); u != "" {
		v.SetURL(strings.ReplaceAll(u, "\n", ""))
	}
	if e.Cancelled {
		v.SetStatus(ics.ObjectStatusCancelled)
	} else {
		v.SetStatus(ics.ObjectStatusConfirmed)
	}
	return v
}

// setTime writes t as Rome local time with its TZID. The hour repeated when summer time
// ends (02:00–03:00 on the last Sunday of October) is ambiguous in local time: RFC 5545
// means its first occurrence, but readers differ (Go's own parsing takes the second), so
// an instant in that hour is written in UTC, which every reader understands alike.
func setTime(v *ics.VEvent, p ics.ComponentProperty, t time.Time) {
	t = t.Truncate(time.Second)
	if ambiguous(t) {
		v.SetProperty(p, t.UTC().Format(utcLayout))
		return
	}
	v.SetProperty(p, t.In(Rome).Format(localLayout), ics.WithTZID(Zone))
}

// ambiguous reports whether Rome's wall clock at t also shows at another instant.
func ambiguous(t time.Time) bool {
	local := t.In(Rome)
	wall := time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(), local.Second(), 0, time.UTC)
	for _, near := range []time.Time{t.Add(-2 * time.Hour), t.Add(2 * time.Hour)} {
		_, offset := near.In(Rome).Zone()
		other := wall.Add(-time.Duration(offset) * time.Second)
		if _, o := other.In(Rome).Zone(); o == offset && !other.Equal(t) {
			return true
		}
	}
	return false
}

// romeTimezone is Italy's rule since 1996, the European Union's: summer time (CEST, UTC+2)
// from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October,
// CET (UTC+1) otherwise. Each DTSTART is local time before the change, as RFC 5545 asks.
func romeTimezone() *ics.VTimezone {
	tz := ics.NewTimezone(Zone)
	tz.SetProperty(ics.ComponentProperty("X-LIC-LOCATION"), Zone)
	summer := &ics.Daylight{}
	summer.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), "+0100")
	summer.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), "+0200")
	summer.SetProperty(ics.ComponentProperty(ics.PropertyTzname), "CEST")
	summer.SetProperty(ics.ComponentPropertyDtStart, "19700329T020000")
	summer.SetProperty(ics.ComponentPropertyRrule, "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")
	winter := ics.NewStandard()
	winter.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), "+0200")
	winter.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), "+0100")
	winter.SetProperty(ics.ComponentProperty(ics.PropertyTzname), "CET")
	winter.SetProperty(ics.ComponentPropertyDtStart, "19701025T030000")
	winter.SetProperty(ics.ComponentPropertyRrule, "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU")
	tz.Components = append(tz.Components, summer, winter)
	return tz
}

// text makes a value fit a TEXT property, whose escaping the library does (backslash,
// comma, semicolon, newline): line breaks of any convention become one newline, and the
// other control characters, which the format does not allow, are dropped.
func text(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\n' || r == '\t':
			return r
		case r < 0x20 || r == 0x7f:
			return -1
		}
		return r
	}, s)
}
