// Package certificate writes the certificate of attendance of a workshop as a one-page
// PDF, in the language of the context's localizer.
package certificate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // sessions are shown in Rome time on hosts without a zoneinfo database
	"unicode"

	"github.com/go-pdf/fpdf"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"github.com/gemella/gemella/internal/i18n"
)

// Session is one meeting the participant attended.
type Session struct {
	Start, End time.Time
	Place      string // a place or "Online"; may be ""
}

// Certificate is what a certificate of attendance states.
type Certificate struct {
	Participant string    // full name
	Center      string    // participant's centre, may be ""
	Workshop    string    // title
	Kind        string    // already-localised label, e.g. "Laboratorio tematico"
	Sessions    []Session // the sessions attended (times shown in Europe/Rome)
	Hours       float64   // hours attended
	Trainers    []string
	HostCenter  string // may be ""
	Code        string // verification code
	VerifyURL   string // e.g. https://host/verifica/CODE
	IssuedAt    time.Time
}

var rome = mustLoadRome()

func mustLoadRome() *time.Location {
	loc, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		panic(fmt.Sprintf("certificate: Europe/Rome: %v", err))
	}
	return loc
}

// listedSessions is how many sessions are listed one a line; more are summed up as a
// count and a range of dates, so that the page never overflows.
const listedSessions = 3

// Page geometry, in millimetres: A4 landscape.
const (
	pageW, pageH = 297.0, 210.0
	margin       = 25.0
	textW        = pageW - 2*margin
	footerTop    = pageH - 32
)

// The palette is sober: dark text, a muted grey for labels, a dark blue for the frame.
var (
	ink   = [3]int{26, 26, 26}
	muted = [3]int{90, 90, 90}
	frame = [3]int{0, 61, 115}
)

// Validate reports every problem of c at once; Write refuses a certificate with any.
func (c Certificate) Validate() error {
	var errs []error
	if strings.TrimSpace(c.Participant) == "" {
		errs = append(errs, errors.New("no participant name"))
	}
	if strings.TrimSpace(c.Workshop) == "" {
		errs = append(errs, errors.New("no workshop title"))
	}
	if len(c.Sessions) == 0 {
		errs = append(errs, errors.New("no session attended"))
	}
	for i, s := range c.Sessions {
		if s.Start.IsZero() || s.End.Before(s.Start) {
			errs = append(errs, fmt.Errorf("session %d: no start, or an end before it", i))
		}
	}
	if math.IsNaN(c.Hours) || c.Hours <= 0 {
		errs = append(errs, errors.New("hours must be positive"))
	}
	if strings.TrimSpace(c.Code) == "" {
		errs = append(errs, errors.New("no verification code"))
	}
	if c.IssuedAt.IsZero() {
		errs = append(errs, errors.New("no issue date"))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("certificate: %w", err)
	}
	return nil
}

// Write writes c as a PDF to w.
func Write(ctx context.Context, w io.Writer, c Certificate) error {
	if err := c.Validate(); err != nil {
		return err
	}
	l := i18n.From(ctx)
	pdf := fpdf.New("L", "mm", "A4", "")
	// One page: the layout bounds the lines of every paragraph instead of breaking pages.
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(margin, margin, margin)
	pdf.SetTitle(l.T("certificate.document_title", map[string]any{"Participant": c.Participant}), true)
	pdf.SetCreator("Gemella", true)
	pdf.SetLang(l.Lang())
	// The same certificate is the same file, byte for byte.
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(c.IssuedAt)
	pdf.SetModificationDate(c.IssuedAt)
	pdf.AddPage()

	pdf.SetDrawColor(frame[0], frame[1], frame[2])
	pdf.SetLineWidth(0.8)
	pdf.Rect(10, 10, pageW-20, pageH-20, "D")
	pdf.SetLineWidth(0.2)
	pdf.Rect(12.5, 12.5, pageW-25, pageH-25, "D")
	body(pdf, l, c)
	footer(pdf, l, c)
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("certificate: %w", err)
	}
	return pdf.Output(w)
}

// body writes the statement from the title down, and returns where it ends.
func body(pdf *fpdf.Fpdf, l *i18n.Localizer, c Certificate) float64 {
	d := page{pdf: pdf, y: 30}
	d.text(l.T("certificate.title", nil), "B", []float64{30}, 1, frame)
	d.gap(9)
	d.text(l.T("certificate.certifies", nil), "I", []float64{13}, 1, muted)
	d.gap(3)
	d.text(c.Participant, "B", []float64{26, 20, 16}, 1, ink)
	if c.Center != "" {
		d.text(c.Center, "", []float64{12, 10}, 2, muted)
	}
	d.gap(6)
	d.text(l.T("certificate.attended", nil), "I", []float64{13}, 1, muted)
	d.gap(2)
	if c.Kind != "" {
		d.text(c.Kind, "", []float64{12}, 1, muted)
	}
	d.text(c.Workshop, "B", []float64{19, 16, 13}, 3, ink)
	d.gap(6)
	for _, line := range sessionLines(l, c.Sessions) {
		d.text(line, "", []float64{11, 9}, 1, ink)
	}
	d.gap(1)
	d.text(hours(l, c.Hours), "B", []float64{12}, 1, ink)
	if names := joined(l, c.Trainers); names != "" {
		d.gap(3)
		d.text(l.T("certificate.trainers", map[string]any{"Names": names}), "", []float64{11, 9}, 2, ink)
	}
	if c.HostCenter != "" {
		d.text(l.T("certificate.host_center", map[string]any{"Center": c.HostCenter}), "", []float64{11, 9}, 1, ink)
	}
	return d.y
}

// page lays out centred paragraphs down the page.
type page struct {
	pdf *fpdf.Fpdf
	y   float64
}

func (p *page) gap(mm float64) { p.y += mm }

// text writes s centred, in the first of sizes (points) at which it takes at most maxLines
// lines, or cut to maxLines at the smallest size.
func (p *page) text(s, style string, sizes []float64, maxLines int, color [3]int) {
	// Core fonts keep the file to a few kilobytes; they speak Windows-1252, which holds
	// every Italian letter and the typographic apostrophe.
	encoded := []byte(cp1252(s))
	var lines [][]byte
	var size float64
	for _, size = range sizes {
		p.pdf.SetFont("Helvetica", style, size)
		lines = p.pdf.SplitLines(encoded, textW)
		if len(lines) <= maxLines {
			break
		}
	}
	if len(lines) > maxLines {
		lines = lines[:maxLines]
		lines[maxLines-1] = append(bytes.TrimRight(lines[maxLines-1], " "), 0x85) // the ellipsis in Windows-1252
	}
	p.pdf.SetTextColor(color[0], color[1], color[2])
	lineH := size * 0.3528 * 1.25 // points to millimetres, with some leading
	for _, line := range lines {
		p.pdf.SetXY(margin, p.y)
		p.pdf.CellFormat(textW, lineH, string(line), "", 0, "C", false, 0, "")
		p.y += lineH
	}
}

// footer writes the issue date, the verification code and the address where the code can
// be checked along the bottom of the page, the address as a link.
func footer(pdf *fpdf.Fpdf, l *i18n.Localizer, c Certificate) {
	y := footerTop
	pdf.SetDrawColor(muted[0], muted[1], muted[2])
	pdf.SetLineWidth(0.2)
	pdf.Line(margin, y, pageW-margin, y)
	pdf.SetTextColor(muted[0], muted[1], muted[2])
	pdf.SetFont("Helvetica", "", 10)
	pdf.SetXY(margin, y+3)
	pdf.CellFormat(textW/2, 5, cp1252(l.T("certificate.issued", map[string]any{"Date": date(l, c.IssuedAt)})), "", 0, "L", false, 0, "")
	pdf.SetFont("Helvetica", "B", 10)
	pdf.CellFormat(textW/2, 5, cp1252(l.T("certificate.code", map[string]any{"Code": c.Code})), "", 1, "R", false, 0, "")
	if c.VerifyURL != "" {
		pdf.SetFont("Helvetica", "", 9)
		pdf.SetX(margin)
		pdf.CellFormat(textW, 5, cp1252(l.T("certificate.verify", map[string]any{"URL": c.VerifyURL})), "", 1, "R", false, 0, c.VerifyURL)
	}
}

// sessionLines lists the sessions in time order, or sums them up when they are many.
func sessionLines(l *i18n.Localizer, sessions []Session) []string {
	sorted := slices.Clone(sessions)
	slices.SortStableFunc(sorted, func(a, b Session) int { return a.Start.Compare(b.Start) })
	if len(sorted) > listedSessions {
		return []string{l.T("certificate.sessions_range", map[string]any{
			"Count": len(sorted),
			"From":  date(l, sorted[0].Start),
			"To":    date(l, sorted[len(sorted)-1].Start),
		})}
	}
	lines := make([]string, 0, len(sorted))
	for _, s := range sorted {
		data := map[string]any{
			"Date":  date(l, s.Start),
			"Start": s.Start.In(rome).Format("15:04"),
			"End":   s.End.In(rome).Format("15:04"),
		}
		id := "certificate.session"
		if place := strings.TrimSpace(s.Place); place != "" {
			id, data["Place"] = "certificate.session_at", place
		}
		lines = append(lines, l.T(id, data))
	}
	return lines
}

var months = [12]string{
	"certificate.month.1", "certificate.month.2", "certificate.month.3", "certificate.month.4",
	"certificate.month.5", "certificate.month.6", "certificate.month.7", "certificate.month.8",
	"certificate.month.9", "certificate.month.10", "certificate.month.11", "certificate.month.12",
}

// date writes the day of t in Rome as "29 marzo 2026"; the first of the month is an
// ordinal in Italian ("1º marzo 2026").
func date(l *i18n.Localizer, t time.Time) string {
	t = t.In(rome)
	id := "certificate.date"
	if t.Day() == 1 {
		id = "certificate.date.first"
	}
	return l.T(id, map[string]any{
		"Day":   t.Day(),
		"Month": l.T(months[t.Month()-1], nil),
		"Year":  t.Year(),
	})
}

func hours(l *i18n.Localizer, h float64) string {
	id := "certificate.hours.other"
	if h == 1 {
		id = "certificate.hours.one"
	}
	return l.T(id, map[string]any{"Hours": l.Decimal(h)})
}

// joined writes names as "A, B e C".
func joined(l *i18n.Localizer, names []string) string {
	var kept []string
	for _, n := range names {
		if n = strings.TrimSpace(n); n != "" {
			kept = append(kept, n)
		}
	}
	if len(kept) < 2 {
		return strings.Join(kept, "")
	}
	return strings.Join(kept[:len(kept)-1], ", ") + " " + l.T("certificate.and", nil) + " " + kept[len(kept)-1]
}

// cp1252 encodes s for the core fonts. A letter outside Windows-1252 (a Romanian ș, a
// Czech ř) loses its accent rather than the whole letter; what still does not fit
// becomes a question mark.
func cp1252(s string) string {
	var b strings.Builder
	for _, r := range s {
		if c, ok := charmap.Windows1252.EncodeRune(r); ok {
			b.WriteByte(c)
			continue
		}
		base := '?'
		for _, d := range norm.NFD.String(string(r)) {
			if _, ok := charmap.Windows1252.EncodeRune(d); ok && !unicode.Is(unicode.Mn, d) {
				base = d
				break
			}
		}
		c, _ := charmap.Windows1252.EncodeRune(base)
		b.WriteByte(c)
	}
	return b.String()
}
