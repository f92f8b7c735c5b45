package twinning

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/store"
)

// VisitReport is the common visit schema as one receiving centre filled it in: governance,
// organisational context, services offered and the focus on the twinned service.
type VisitReport struct {
	TwinningID            int64
	CenterID              int64
	Governance            string
	OrganisationalContext string
	ServicesOffered       string
	ServiceFocus          string
	Revision              int // 0 while nobody has written it
	UpdatedBy             *int64
	UpdatedAt             time.Time
}

const visitColumns = `twinning_id, center_id, governance, organisational_context, services_offered, service_focus,
	revision, updated_by, updated_at`

func scanVisit(row pgx.Row) (*VisitReport, error) {
	v := &VisitReport{}
	return v, row.Scan(&v.TwinningID, &v.CenterID, &v.Governance, &v.OrganisationalContext, &v.ServicesOffered, &v.ServiceFocus,
		&v.Revision, &v.UpdatedBy, &v.UpdatedAt)
}

// VisitReports returns one report per receiving centre, in the twinning's order, side by
// side; a centre nobody has written for yet has an empty one. The caller has checked that
// the reader may read inside t.
func (s *Service) VisitReports(ctx context.Context, t *Twinning) ([]*VisitReport, error) {
	return store.Collect(ctx, s.pool, `SELECT rc.twinning_id, rc.center_id, coalesce(v.governance, ''), coalesce(v.organisational_context, ''),
			coalesce(v.services_offered, ''), coalesce(v.service_focus, ''), coalesce(v.revision, 0), v.updated_by, coalesce(v.updated_at, t.created_at)
		FROM twinning_receiving_centers rc
		JOIN twinnings t ON t.id = rc.twinning_id
		LEFT JOIN twinning_visit_reports v ON v.twinning_id = rc.twinning_id AND v.center_id = rc.center_id
		WHERE rc.twinning_id = $1 ORDER BY rc.position`, []any{t.ID}, scanVisit)
}

// VisitRevisions returns the earlier texts of a report, newest first: paging.HistorySize
// of them.
func (s *Service) VisitRevisions(ctx context.Context, v *VisitReport) ([]*VisitReport, error) {
	return store.Collect(ctx, s.pool, `SELECT `+visitColumns+` FROM twinning_visit_report_revisions
		WHERE twinning_id = $1 AND center_id = $2 ORDER BY revision DESC LIMIT $3`, []any{v.TwinningID, v.CenterID, paging.HistorySize}, scanVisit)
}

// VisitReportInput is a new text of a receiving centre's report.
type VisitReportInput struct {
	TwinningID            int64
	CenterID              int64
	Governance            string
	OrganisationalContext string
	ServicesOffered       string
	ServiceFocus          string
}

// UpdateVisitReport writes a receiving centre's report, keeping the previous text as a
// revision. The space's members (and moderators) only.
func (s *Service) UpdateVisitReport(ctx context.Context, in VisitReportInput) (*VisitReport, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	fields := map[string]*string{
		"governance": &in.Governance, "organisationalContext": &in.OrganisationalContext,
		"servicesOffered": &in.ServicesOffered, "serviceFocus": &in.ServiceFocus,
	}
	var errs apperr.List
	for _, name := range []string{"governance", "organisationalContext", "servicesOffered", "serviceFocus"} {
		*fields[name] = strings.TrimSpace(*fields[name])
		if utf8.RuneCountInString(*fields[name]) > maxVisitField {
			errs.Add(apperr.New(apperr.TooLarge, name, "twinning.visit.too_long").With("Max", maxVisitField))
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	var v *VisitReport
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := access.From(ctx).CheckContributor(ctx, tx, in.TwinningID, "twinningId"); err != nil {
			return err
		}
		var receiving bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM twinning_receiving_centers WHERE twinning_id = $1 AND center_id = $2)`,
			in.TwinningID, in.CenterID).Scan(&receiving); err != nil {
			return err
		}
		if !receiving {
			return apperr.New(apperr.Invalid, "centerId", "twinning.visit.not_receiving")
		}
		// The current text, if any, becomes a revision before it is replaced.
		if _, err := tx.Exec(ctx, `INSERT INTO twinning_visit_report_revisions (`+visitColumns+`)
			SELECT `+visitColumns+` FROM twinning_visit_reports WHERE twinning_id = $1 AND center_id = $2 FOR UPDATE`,
			in.TwinningID, in.CenterID); err != nil {
			return err
		}
		v, err = scanVisit(tx.QueryRow(ctx, `INSERT INTO twinning_visit_reports (twinning_id, center_id, governance, organisational_context,
				services_offered, service_focus, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (twinning_id, center_id) DO UPDATE SET governance = EXCLUDED.governance,
				organisational_context = EXCLUDED.organisational_context, services_offered = EXCLUDED.services_offered,
				service_focus = EXCLUDED.service_focus, updated_by = EXCLUDED.updated_by, updated_at = now(),
				revision = twinning_visit_reports.revision + 1
			RETURNING `+visitColumns, in.TwinningID, in.CenterID, in.Governance, in.OrganisationalContext, in.ServicesOffered,
			in.ServiceFocus, u.ID))
		return err
	})
	return v, err
}
