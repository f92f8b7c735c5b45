package workshop

import (
	"context"
	"io"
	"net/url"
	"strconv"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/calendar"
	"github.com/gemella/gemella/internal/certificate"
	"github.com/gemella/gemella/internal/gid"
	"github.com/gemella/gemella/internal/i18n"
	"github.com/gemella/gemella/internal/ingest"
	"github.com/gemella/gemella/internal/store"
)

// WriteCalendar writes the calendar of one workshop the viewer may read: one event per
// session, cancelled ones (and all of a cancelled workshop) marked so, each with a UID that
// edits keep and a SEQUENCE that they raise.
func (s *Service) WriteCalendar(ctx context.Context, w io.Writer, origin string, workshopID int64) error {
	ws, err := workshopByID(ctx, s.pool, access.From(ctx), workshopID)
	if err != nil {
		return err
	}
	sessions, err := sessionsOf(ctx, s.pool, access.From(ctx), []int64{ws.ID})
	if err != nil {
		return err
	}
	return calendar.Write(w, calendar.Calendar{Name: ws.Title, Events: events(ws, sessions[ws.ID], origin, 0, false)})
}

// WriteFeed writes the viewer's calendar of registrations: the sessions of every workshop
// they registered for and may still read, confirmed ones as such and the others (waiting,
// withdrawn, cancelled) as cancelled, so that a calendar that had them drops them.
func (s *Service) WriteFeed(ctx context.Context, w io.Writer, origin string) error {
	u, err := auth.Require(ctx)
	if err != nil {
		return err
	}
	scope := access.From(ctx)
	regs, err := store.Collect(ctx, s.pool, `SELECT `+registrationColumns+` FROM workshop_registrations r
		JOIN workshops w ON w.id = r.workshop_id
		WHERE r.user_id = $1 AND w.ends_at > now() - interval '180 days' AND `+scope.Predicate("w.space_id", 2)+`
		ORDER BY w.starts_at LIMIT 500`, []any{u.ID, scope.Arg()}, scanRegistration)
	if err != nil {
		return err
	}
	ids := make([]int64, len(regs))
	for i, r := range regs {
		ids[i] = r.WorkshopID
	}
	workshops, err := workshopsByIDs(ctx, s.pool, scope, ids)
	if err != nil {
		return err
	}
	sessions, err := sessionsOf(ctx, s.pool, scope, ids)
	if err != nil {
		return err
	}
	c := calendar.Calendar{Name: i18n.From(ctx).T("workshop.feed.name", nil)}
	for _, r := range regs {
		if ws := workshops[r.WorkshopID]; ws != nil {
			c.Events = append(c.Events, events(ws, sessions[ws.ID], origin, r.Sequence, r.Status != Confirmed)...)
		}
	}
	return calendar.Write(w, c)
}

// events are a workshop's sessions as calendar events. extra is added to the sequence (a
// registration's own changes, in a personal feed); withdrawn marks every event cancelled.
func events(w *Workshop, sessions []*Session, origin string, extra int, withdrawn bool) []calendar.Event {
	page := origin + "/workshop/" + gid.Encode(gid.Workshop, w.ID)
	host := hostOf(origin)
	out := make([]calendar.Event, 0, len(sessions))
	for _, s := range sessions {
		e := calendar.Event{
			UID:         "workshop-" + strconv.FormatInt(w.ID, 10) + "-session-" + strconv.FormatInt(s.ID, 10) + "@" + host,
			Sequence:    w.Sequence + extra,
			Start:       s.StartsAt,
			End:         s.EndsAt,
			Summary:     w.Title,
			Description: ingest.PlainMarkdown(w.Description) + "\n\n" + page,
			URL:         page,
			Cancelled:   withdrawn || s.Cancelled || w.Status == Cancelled,
			Updated:     w.UpdatedAt,
		}
		switch {
		case s.Place != nil && s.OnlineURL != nil:
			e.Location = *s.Place + " — " + *s.OnlineURL
		case s.Place != nil:
			e.Location = *s.Place
		case s.OnlineURL != nil:
			e.Location = *s.OnlineURL
		}
		out = append(out, e)
	}
	return out
}

// hostOf is the host of an origin, for UIDs: "gemella" when there is none (a command).
func hostOf(origin string) string {
	if u, err := url.Parse(origin); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "gemella"
}

// WriteCertificate writes a certificate of attendance as a PDF, for its holder, the
// workshop's trainers and moderators.
func (s *Service) WriteCertificate(ctx context.Context, w io.Writer, origin, code string) error {
	v, err := s.CertificateForDownload(ctx, code)
	if err != nil {
		return err
	}
	c := certificate.Certificate{
		Participant: v.Participant, Center: v.Center, Workshop: v.Title,
		Kind: i18n.From(ctx).T(kindMessages[v.Kind], nil), Hours: v.Hours, Trainers: v.Trainers,
		Code: v.Code, VerifyURL: origin + "/verifica/" + v.Code, IssuedAt: v.IssuedAt,
	}
	if v.HostCenter != nil {
		c.HostCenter = *v.HostCenter
	}
	for _, sess := range v.Sessions {
		c.Sessions = append(c.Sessions, certificate.Session{Start: sess.StartsAt, End: sess.EndsAt, Place: deref(sess.Place)})
	}
	return certificate.Write(ctx, w, c)
}

var kindMessages = map[Kind]string{
	KindWorkshop: "workshop.kind.WORKSHOP", KindLab: "workshop.kind.LAB", KindMeeting: "workshop.kind.MEETING", KindVisit: "workshop.kind.VISIT",
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
