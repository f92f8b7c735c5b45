package workshop

import (
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/calendar"
	"github.com/gemella/gemella/internal/i18n"
	"github.com/gemella/gemella/internal/paging"
)

// WriteRegistrationsCSV writes a workshop's registrations for a spreadsheet: its trainers
// and moderators only. UTF-8 with a byte order mark and semicolons, which is what Excel in
// Italian opens as columns; cells that a spreadsheet would run as a formula are quoted
// as text.
func (s *Service) WriteRegistrationsCSV(ctx context.Context, out io.Writer, workshopID int64) error {
	w, err := workshopByID(ctx, s.pool, access.From(ctx), workshopID)
	if err != nil {
		return err
	}
	if !w.EditableBy(auth.Viewer(ctx)) {
		return apperr.New(apperr.NotFound, "", "common.not_found")
	}
	sessions, err := sessionsOf(ctx, s.pool, access.Everything(), []int64{w.ID})
	if err != nil {
		return err
	}
	var active []*Session
	for _, sess := range sessions[w.ID] {
		if !sess.Cancelled {
			active = append(active, sess)
		}
	}
	l := i18n.From(ctx)
	header := []string{l.T("workshop.csv.name", nil), l.T("workshop.csv.center", nil), l.T("workshop.csv.region", nil),
		l.T("workshop.csv.status", nil), l.T("workshop.csv.position", nil), l.T("workshop.csv.registered_at", nil)}
	for _, sess := range active {
		header = append(header, l.T("workshop.csv.session", map[string]any{"Date": sess.StartsAt.In(calendar.Rome).Format("02/01/2006 15:04")}))
	}
	if _, err := io.WriteString(out, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(out)
	cw.Comma = ';'
	cw.UseCRLF = true
	if err := cw.Write(header); err != nil {
		return err
	}
	for after := ""; ; {
		page, err := listRegistrations(ctx, s.pool, w.ID, nil, paging.Page{First: paging.MaxSize, After: after})
		if err != nil {
			return err
		}
		rows, err := s.registrationRows(ctx, page.Items, active)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := cw.Write(r); err != nil {
				return err
			}
		}
		if !page.HasNextPage {
			break
		}
		after = page.Cursors[len(page.Cursors)-1]
	}
	cw.Flush()
	return cw.Error()
}

// registrationRows is one CSV row per registration, with the person's centre and region
// and a yes or no per session.
func (s *Service) registrationRows(ctx context.Context, regs []*Registration, sessions []*Session) ([][]string, error) {
	ids := make([]int64, len(regs))
	users := make([]int64, len(regs))
	for i, r := range regs {
		ids[i], users[i] = r.ID, r.UserID
	}
	attended, err := attendanceOf(ctx, s.pool, ids)
	if err != nil {
		return nil, err
	}
	type person struct{ name, center, region string }
	people := map[int64]person{}
	rows, err := s.pool.Query(ctx, `SELECT u.id, u.display_name, coalesce(c.name, ''), coalesce(r.name, '')
		FROM users u LEFT JOIN centers c ON c.id = u.center_id LEFT JOIN regions r ON r.id = coalesce(u.region_id, c.region_id)
		WHERE u.id = ANY($1)`, users)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var p person
		if err := rows.Scan(&id, &p.name, &p.center, &p.region); err != nil {
			return nil, err
		}
		people[id] = p
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	l := i18n.From(ctx)
	out := make([][]string, 0, len(regs))
	for _, r := range regs {
		p := people[r.UserID]
		pos := ""
		if r.WaitlistPosition != nil {
			pos = strconv.Itoa(*r.WaitlistPosition)
		}
		row := []string{cell(p.name), cell(p.center), cell(p.region), l.T(statusMessages[r.Status], nil), pos,
			r.CreatedAt.In(calendar.Rome).Format("02/01/2006 15:04")}
		for _, sess := range sessions {
			mark := l.T("workshop.csv.absent", nil)
			for _, id := range attended[r.ID] {
				if id == sess.ID {
					mark = l.T("workshop.csv.present", nil)
				}
			}
			row = append(row, mark)
		}
		out = append(out, row)
	}
	return out, nil
}

var statusMessages = map[RegistrationStatus]string{
	Confirmed: "workshop.status.CONFIRMED", Waitlisted: "workshop.status.WAITLISTED", Withdrawn: "workshop.status.CANCELLED",
}

// cell keeps a spreadsheet from reading text as a formula: a leading = + - @ or tab is
// what Excel and LibreOffice would run.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
