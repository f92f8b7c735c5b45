package server

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/gid"
	"github.com/gemella/gemella/internal/reqid"
)

// WorkshopExports writes what a workshop gives outside GraphQL: calendars, the
// registrations for a spreadsheet and certificates of attendance, each for the viewer of
// the context's scope. origin is the site's address, for links and calendar UIDs.
type WorkshopExports interface {
	WriteCalendar(ctx context.Context, w io.Writer, origin string, workshopID int64) error
	WriteFeed(ctx context.Context, w io.Writer, origin string) error
	FeedOwner(ctx context.Context, token string) (int64, bool, error)
	WriteRegistrationsCSV(ctx context.Context, w io.Writer, workshopID int64) error
	WriteCertificate(ctx context.Context, w io.Writer, origin, code string) error
}

// workshopRoutes adds the workshops' downloads to mux. Each is made whole in memory
// before a byte is sent, so that a failure halfway still answers with its status; they are
// small (a calendar, a list of people, a one-page PDF).
func (c Config) workshopRoutes(mux *http.ServeMux, authenticated func(http.Handler) http.Handler) {
	scoped := func(h http.HandlerFunc) http.Handler { return authenticated(withScope(c.Access, h)) }
	mux.Handle("GET /calendario/workshop/{file}", scoped(c.export("text/calendar; charset=utf-8", ".ics", "", func(r *http.Request, w io.Writer, id string) error {
		return c.Workshops.WriteCalendar(r.Context(), w, c.origin(r), workshopID(id))
	})))
	mux.Handle("GET /iscrizioni/{file}", scoped(c.export("text/csv; charset=utf-8", ".csv", "iscrizioni.csv", func(r *http.Request, w io.Writer, id string) error {
		return c.Workshops.WriteRegistrationsCSV(r.Context(), w, workshopID(id))
	})))
	mux.Handle("GET /attestati/{file}", scoped(c.export("application/pdf", ".pdf", "attestato.pdf", func(r *http.Request, w io.Writer, code string) error {
		return c.Workshops.WriteCertificate(r.Context(), w, c.origin(r), code)
	})))
	// The personal feed is read by calendar clients, which send no cookie: its secret
	// address names the reader, whose scope is made as a session's would be.
	mux.Handle("GET /calendario/{file}", c.export("text/calendar; charset=utf-8", ".ics", "", func(r *http.Request, w io.Writer, token string) error {
		ctx := r.Context()
		userID, ok, err := c.Workshops.FeedOwner(ctx, token)
		if err != nil || !ok {
			return notFoundUnless(err)
		}
		u, err := c.Auth.UserByID(ctx, userID)
		if err != nil {
			return err
		}
		ctx = access.WithScope(auth.WithViewer(ctx, u), c.Access.Scope(u))
		return c.Workshops.WriteFeed(ctx, w, c.origin(r))
	}))
}

func notFoundUnless(err error) error {
	if err != nil {
		return err
	}
	return apperr.New(apperr.NotFound, "", "common.not_found")
}

// workshopID reads a workshop's global id from a path; 0 (found by nobody) when it is not one.
func workshopID(g string) int64 {
	kind, id, ok := gid.Decode(g)
	if !ok || kind != gid.Workshop {
		return 0
	}
	return id
}

// export answers GET /…/{file}: the name's suffix is the format's, the rest is the key
// write reads. attachment names the download; "" shows it inline (a calendar).
func (c Config) export(contentType, suffix, attachment string, write func(r *http.Request, w io.Writer, key string) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key, ok := strings.CutSuffix(r.PathValue("file"), suffix)
		var buf bytes.Buffer
		var err error = apperr.New(apperr.NotFound, "", "common.not_found")
		if ok && key != "" {
			err = write(r, &buf, key)
		}
		ctx := r.Context()
		switch {
		case apperr.Is(err, apperr.NotFound) || apperr.Is(err, apperr.Unauthenticated) || apperr.Is(err, apperr.Forbidden):
			// What the reader may not see is missing, as for files.
			problem(w, r, http.StatusNotFound, "common.not_found", nil)
			return
		case err != nil:
			slog.ErrorContext(ctx, "writing a workshop export", "request_id", reqid.From(ctx), "path", r.URL.Path, "err", err)
			problem(w, r, http.StatusInternalServerError, "common.internal", map[string]any{"RequestID": reqid.From(ctx)})
			return
		}
		h := w.Header()
		h.Set("Content-Type", contentType)
		if attachment != "" {
			h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": attachment}))
		}
		h.Set("Cache-Control", "private, no-store")
		_, _ = w.Write(buf.Bytes())
	}
}

// origin is the site's public address, or the request's own in development.
func (c Config) origin(r *http.Request) string {
	if c.PublicOrigin != nil {
		return strings.TrimRight(c.PublicOrigin.String(), "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
