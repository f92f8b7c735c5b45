// Package workshop holds workshops, thematic labs, informative-training meetings and visits:
// how a lead centre's trainers pass their know-how on. A workshop has sessions, trainers,
// seats with a waitlist served in arrival order, attendance per session, certificates of
// attendance, material, and calendars of its sessions.
package workshop

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/plaintext"
)

// Kind is what kind of meeting a workshop is.
type Kind string

// The kinds of workshop.
const (
	KindWorkshop Kind = "WORKSHOP"
	KindLab      Kind = "LAB"
	KindMeeting  Kind = "MEETING"
	KindVisit    Kind = "VISIT"
)

// Mode is where a workshop happens.
type Mode string

// The modes.
const (
	Online   Mode = "ONLINE"
	InPerson Mode = "IN_PERSON"
	Hybrid   Mode = "HYBRID"
)

// Status is whether a workshop still takes place.
type Status string

// The statuses of a workshop.
const (
	Published Status = "PUBLISHED"
	Cancelled Status = "CANCELLED"
)

// RegistrationStatus is a person's place in a workshop.
type RegistrationStatus string

// The statuses of a registration.
const (
	Confirmed  RegistrationStatus = "CONFIRMED"
	Waitlisted RegistrationStatus = "WAITLISTED"
	Withdrawn  RegistrationStatus = "CANCELLED"
)

// Audience is who may open a piece of material.
type Audience string

// The audiences of material.
const (
	// Everyone who may read the workshop.
	Everyone Audience = "EVERYONE"
	// Participants: confirmed participants, trainers and, for a space's workshop, its
	// members (access.Scope.AudiencePredicate).
	Participants Audience = "PARTICIPANTS"
)

// Session is one meeting of a workshop.
type Session struct {
	ID         int64
	WorkshopID int64
	StartsAt   time.Time
	EndsAt     time.Time
	Place      *string
	OnlineURL  *string
	Cancelled  bool
}

// Hours is the session's length in hours.
func (s *Session) Hours() float64 { return s.EndsAt.Sub(s.StartsAt).Hours() }

// Workshop is one workshop, read for one reader.
type Workshop struct {
	ID                   int64
	OwnerID              int64
	SpaceID              *int64
	SpaceLevel           access.Level // "" outside any space
	DiscussionID         int64
	Title                string
	Description          string
	Kind                 Kind
	Mode                 Mode
	ServiceAreaID        *int64
	HostCenterID         *int64
	Capacity             *int
	RegistrationDeadline *time.Time
	AttendanceRequired   int
	StartsAt             time.Time
	EndsAt               time.Time
	Status               Status
	CancellationReason   *string
	Sequence             int
	CreatedAt            time.Time
	UpdatedAt            time.Time

	// Read with the row, for the reader of the operation.
	ConfirmedCount  int
	WaitlistCount   int
	ViewerIsTrainer bool
	// InAudience: the reader may open what the workshop keeps for its participants.
	InAudience bool
}

// SeatsLeft is the number of seats not taken, nil when unlimited.
func (w *Workshop) SeatsLeft() *int {
	if w.Capacity == nil {
		return nil
	}
	n := max(*w.Capacity-w.ConfirmedCount, 0)
	return &n
}

// closesAt is when registrations close: at the deadline, or when the first session starts.
func (w *Workshop) closesAt() time.Time {
	if w.RegistrationDeadline != nil && w.RegistrationDeadline.Before(w.StartsAt) {
		return *w.RegistrationDeadline
	}
	return w.StartsAt
}

// RegistrationOpen reports whether one may register at now; promotion from the waitlist
// stops when it closes too.
func (w *Workshop) RegistrationOpen(now time.Time) bool {
	return w.Status == Published && now.Before(w.closesAt())
}

// Private reports whether the workshop lives in a space not everyone may read.
func (w *Workshop) Private() bool { return w.SpaceID != nil && w.SpaceLevel != access.Open }

// EditableBy reports whether u may edit the workshop, attach material, see and export its
// registrations and mark attendance: its trainers and moderators. The row was read for u.
func (w *Workshop) EditableBy(u *auth.User) bool {
	return u != nil && (w.ViewerIsTrainer || u.CanModerate())
}

// Registration is one person's place in a workshop.
type Registration struct {
	ID         int64
	WorkshopID int64
	UserID     int64
	Status     RegistrationStatus
	// WaitlistPosition is from 1, nil unless waitlisted.
	WaitlistPosition *int
	CreatedAt        time.Time
	ConfirmedAt      *time.Time
	Sequence         int
	queueNo          int64 // the waitlist's order, and the list's cursor
}

// Material is a file or a link given with a workshop.
type Material struct {
	ID         int64
	WorkshopID int64
	Name       string
	URL        *string // a link's address; nil for a file
	FileID     *int64  // a file's metadata; nil for a link
	Audience   Audience
	CreatedAt  time.Time
}

// SessionInput is a session as a trainer writes it; ID names an existing one when editing.
type SessionInput struct {
	ID        *int64
	StartsAt  time.Time
	EndsAt    time.Time
	Place     *string
	OnlineURL *string
}

// LinkInput is a link given with a workshop.
type LinkInput struct {
	Name     string
	URL      string
	Audience Audience
}

const (
	minTitle       = 5
	maxTitle       = 200
	maxDescription = 20_000
	maxSessions    = 50
	maxPlace       = 300
	maxURL         = 2_000
	maxLinks       = 30
	maxReason      = 1_000
	maxTrainers    = 10
	maxCapacity    = 100_000
	// Sessions are checked to fall in a plausible span: a typo of a year is a mistake to
	// point out, not a workshop in 2202.
	minYear = 2000
	maxYear = 2100
)

func (k Kind) valid() bool {
	return k == KindWorkshop || k == KindLab || k == KindMeeting || k == KindVisit
}

func (m Mode) valid() bool { return m == Online || m == InPerson || m == Hybrid }

func (a Audience) orDefault() Audience {
	if a == "" {
		return Everyone
	}
	return a
}

func checkTitle(title string, errs *apperr.List) string {
	title = plaintext.Line(title)
	if n := utf8.RuneCountInString(title); n < minTitle || n > maxTitle {
		errs.Add(apperr.New(apperr.Invalid, "title", "workshop.title.length").With("Min", minTitle).With("Max", maxTitle))
	}
	return title
}

func checkDescription(d string, errs *apperr.List) string {
	d = strings.TrimRight(d, " \t\r\n")
	switch {
	case strings.TrimSpace(d) == "":
		errs.Add(apperr.New(apperr.Required, "description", "workshop.description.required"))
	case utf8.RuneCountInString(d) > maxDescription:
		errs.Add(apperr.New(apperr.TooLarge, "description", "workshop.description.too_long").With("Max", maxDescription))
	}
	return d
}

func checkKindMode(k Kind, m Mode, errs *apperr.List) {
	if !k.valid() {
		errs.Add(apperr.New(apperr.Invalid, "kind", "workshop.kind.invalid"))
	}
	if !m.valid() {
		errs.Add(apperr.New(apperr.Invalid, "mode", "workshop.mode.invalid"))
	}
}

func checkCapacity(c *int, errs *apperr.List) {
	if c != nil && (*c < 1 || *c > maxCapacity) {
		errs.Add(apperr.New(apperr.Invalid, "capacity", "workshop.capacity.range").With("Max", maxCapacity))
	}
}

func checkAttendance(a int, errs *apperr.List) {
	if a < 1 || a > 100 {
		errs.Add(apperr.New(apperr.Invalid, "attendanceRequired", "workshop.attendance.range"))
	}
}

// checkSessions cleans the sessions and reports each problem on its own row, so that a form
// can show it next to the session concerned.
func checkSessions(in []SessionInput, errs *apperr.List) []SessionInput {
	if len(in) == 0 {
		errs.Add(apperr.New(apperr.Required, "sessions", "workshop.sessions.required"))
		return nil
	}
	if len(in) > maxSessions {
		errs.Add(apperr.New(apperr.Invalid, "sessions", "workshop.sessions.too_many").With("Max", maxSessions))
		return nil
	}
	out := make([]SessionInput, len(in))
	for i, s := range in {
		field := func(name string) string { return sessionField(i, name) }
		s.StartsAt, s.EndsAt = s.StartsAt.UTC(), s.EndsAt.UTC()
		for _, t := range []struct {
			at   time.Time
			name string
		}{{s.StartsAt, "startsAt"}, {s.EndsAt, "endsAt"}} {
			if y := t.at.Year(); y < minYear || y > maxYear {
				errs.Add(apperr.New(apperr.Invalid, field(t.name), "workshop.session.year").With("Min", minYear).With("Max", maxYear))
			}
		}
		if !s.EndsAt.After(s.StartsAt) {
			errs.Add(apperr.New(apperr.Invalid, field("endsAt"), "workshop.session.ends_before_start"))
		} else if s.EndsAt.Sub(s.StartsAt) > 24*time.Hour {
			errs.Add(apperr.New(apperr.Invalid, field("endsAt"), "workshop.session.too_long"))
		}
		s.Place = optionalLine(s.Place)
		if s.Place != nil && utf8.RuneCountInString(*s.Place) > maxPlace {
			errs.Add(apperr.New(apperr.TooLarge, field("place"), "workshop.session.place.too_long").With("Max", maxPlace))
		}
		s.OnlineURL = optionalLine(s.OnlineURL)
		if s.OnlineURL != nil && !webURL(*s.OnlineURL) {
			errs.Add(apperr.New(apperr.Invalid, field("onlineUrl"), "workshop.url.invalid"))
		}
		out[i] = s
	}
	return out
}

func checkLinks(in []LinkInput, errs *apperr.List) []LinkInput {
	if len(in) > maxLinks {
		errs.Add(apperr.New(apperr.Invalid, "links", "workshop.links.too_many").With("Max", maxLinks))
		return nil
	}
	out := make([]LinkInput, len(in))
	for i, l := range in {
		l.Name, l.URL, l.Audience = plaintext.Line(l.Name), strings.TrimSpace(l.URL), l.Audience.orDefault()
		if l.Name == "" {
			errs.Add(apperr.New(apperr.Required, fmt.Sprintf("links.%d.name", i), "workshop.material.name.required"))
		} else if utf8.RuneCountInString(l.Name) > maxTitle {
			errs.Add(apperr.New(apperr.TooLarge, fmt.Sprintf("links.%d.name", i), "workshop.material.name.too_long").With("Max", maxTitle))
		}
		if !webURL(l.URL) {
			errs.Add(apperr.New(apperr.Invalid, fmt.Sprintf("links.%d.url", i), "workshop.url.invalid"))
		}
		out[i] = l
	}
	return out
}

// webURL reports whether s is an absolute http(s) address: a javascript: or data: link in a
// page of this site would run or show whatever it holds.
func webURL(s string) bool {
	if len(s) > maxURL {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil
}

func optionalLine(s *string) *string {
	if s == nil {
		return nil
	}
	v := plaintext.Line(*s)
	if v == "" {
		return nil
	}
	return &v
}

// span is the first start and the last end of the sessions not cancelled.
func span(sessions []SessionInput) (time.Time, time.Time) {
	start, end := sessions[0].StartsAt, sessions[0].EndsAt
	for _, s := range sessions[1:] {
		if s.StartsAt.Before(start) {
			start = s.StartsAt
		}
		if s.EndsAt.After(end) {
			end = s.EndsAt
		}
	}
	return start, end
}
