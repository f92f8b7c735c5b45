package workshop

import (
	"context"
	"math"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/notification"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/store"
)

// Register gives the viewer a seat while seats last, else a place at the end of the
// waitlist. Registering again returns the same registration; after a cancellation it is a
// new arrival.
func (s *Service) Register(ctx context.Context, workshopID int64) (*Registration, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	var out *Registration
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		w, err := lockedWorkshop(ctx, tx, workshopID)
		if err != nil {
			return err
		}
		cur, err := registrationOf(ctx, tx, w.ID, u.ID)
		if err != nil {
			return err
		}
		if cur != nil && cur.Status != Withdrawn {
			out = cur
			return nil
		}
		switch {
		case w.Status == Cancelled:
			return apperr.New(apperr.Invalid, "workshopId", "workshop.cancelled")
		case !w.RegistrationOpen(s.now()):
			return apperr.New(apperr.Invalid, "workshopId", "workshop.registration.closed")
		case w.ViewerIsTrainer:
			return apperr.New(apperr.Invalid, "workshopId", "workshop.registration.trainer")
		}
		// Nobody overtakes the waitlist: while anyone waits, a newcomer waits behind them.
		status := Waitlisted
		if w.WaitlistCount == 0 && (w.Capacity == nil || w.ConfirmedCount < *w.Capacity) {
			status = Confirmed
		}
		if err := upsertRegistration(ctx, tx, w.ID, u.ID, status); err != nil {
			return err
		}
		if status == Confirmed {
			if err := notify(ctx, tx, []int64{u.ID}, notification.RegistrationConfirmed, w.ID); err != nil {
				return err
			}
		}
		out, err = registrationOf(ctx, tx, w.ID, u.ID)
		return err
	})
	return out, err
}

// CancelRegistration withdraws the viewer's registration. A seat it frees goes to the first
// in the waitlist in the same transaction, while registrations are open.
func (s *Service) CancelRegistration(ctx context.Context, workshopID int64) (*Registration, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	var out *Registration
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		w, err := lockedWorkshop(ctx, tx, workshopID)
		if err != nil {
			return err
		}
		cur, err := registrationOf(ctx, tx, w.ID, u.ID)
		if err != nil {
			return err
		}
		if cur == nil {
			return apperr.New(apperr.NotFound, "workshopId", "workshop.registration.none")
		}
		if cur.Status != Withdrawn {
			if err := withdraw(ctx, tx, cur.ID); err != nil {
				return err
			}
			if cur.Status == Confirmed {
				w.ConfirmedCount--
				if err := s.promote(ctx, tx, w); err != nil {
					return err
				}
				if err := lostAccess(ctx, tx, []int64{u.ID}, w.ID); err != nil {
					return err
				}
			}
		}
		out, err = registrationOf(ctx, tx, w.ID, u.ID)
		return err
	})
	return out, err
}

// promote fills free seats from the waitlist, first come first served, and tells each
// person promoted. Nothing moves once registrations have closed: a seat given after the
// start would reach nobody in time. The caller holds the workshop's lock.
func (s *Service) promote(ctx context.Context, tx pgx.Tx, w *Workshop) error {
	if !w.RegistrationOpen(s.now()) {
		return nil
	}
	var free *int
	if w.Capacity != nil {
		taken, err := confirmedCount(ctx, tx, w.ID)
		if err != nil {
			return err
		}
		n := *w.Capacity - taken
		if n <= 0 {
			return nil
		}
		free = &n
	}
	users, err := promoteFirst(ctx, tx, w.ID, free)
	if err != nil || len(users) == 0 {
		return err
	}
	return notify(ctx, tx, users, notification.RegistrationPromoted, w.ID)
}

// notify stores a notification for each user, in the caller's transaction.
func notify(ctx context.Context, tx pgx.Tx, users []int64, kind string, workshopID int64) error {
	return notification.Add(ctx, tx, users, notification.Notification{Kind: kind, WorkshopID: &workshopID})
}

// ViewerRegistrations returns the viewer's registration for each of these workshops.
func (s *Service) ViewerRegistrations(ctx context.Context, ids []int64) (map[int64]*Registration, error) {
	u := auth.Viewer(ctx)
	if u == nil {
		return map[int64]*Registration{}, nil
	}
	return registrationsOfUser(ctx, s.pool, u.ID, ids)
}

// Registrations pages through a workshop's registrations in arrival order: for its
// trainers and moderators only (nil, nil for anyone else).
func (s *Service) Registrations(ctx context.Context, w *Workshop, status *RegistrationStatus, p paging.Page) (*paging.Result[*Registration], error) {
	if !w.EditableBy(auth.Viewer(ctx)) {
		return nil, nil
	}
	r, err := listRegistrations(ctx, s.pool, w.ID, status, p)
	return &r, err
}

// MyRegistrations pages through the viewer's registrations not cancelled, of workshops they
// may still read: upcoming soonest first, or past most recent first.
func (s *Service) MyRegistrations(ctx context.Context, past bool, p paging.Page) (paging.Result[*Registration], error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return paging.Result[*Registration]{}, err
	}
	var after listKey
	hasAfter, err := p.Decode(&after)
	if err != nil {
		return paging.Result[*Registration]{}, err
	}
	scope := access.From(ctx)
	where := `r.user_id = $1 AND r.status <> 'CANCELLED' AND (w.ends_at <= $2) = $3 AND ` + scope.Predicate("w.space_id", 4)
	args := []any{u.ID, s.now(), past, scope.Arg()}
	order, seek := `w.starts_at, w.id`, `(w.starts_at, w.id) > ($5, $6)`
	if past {
		order, seek = `w.starts_at DESC, w.id DESC`, `(w.starts_at, w.id) < ($5, $6)`
	}
	from := ` FROM workshop_registrations r JOIN workshops w ON w.id = r.workshop_id WHERE ` + where
	sql, listArgs := `SELECT `+registrationColumns+`, w.starts_at`+from, args
	if hasAfter {
		sql += ` AND ` + seek
		listArgs = append(append([]any{}, args...), after.At, after.ID)
	}
	type row struct {
		r  *Registration
		at time.Time
	}
	list, err := store.Collect(ctx, s.pool, sql+` ORDER BY `+order+` LIMIT `+strconv.Itoa(p.First+1), listArgs, func(pr pgx.Row) (row, error) {
		x := row{r: &Registration{}}
		var st string
		err := pr.Scan(&x.r.ID, &x.r.WorkshopID, &x.r.UserID, &st, &x.r.CreatedAt, &x.r.ConfirmedAt, &x.r.Sequence,
			&x.r.queueNo, &x.r.WaitlistPosition, &x.at)
		x.r.Status = RegistrationStatus(st)
		return x, err
	})
	if err != nil {
		return paging.Result[*Registration]{}, err
	}
	t := paging.Trim(list, p, func(x row) any { return listKey{At: x.at, ID: x.r.WorkshopID} })
	out := paging.Result[*Registration]{Cursors: t.Cursors, HasNextPage: t.HasNextPage}
	for _, x := range t.Items {
		out.Items = append(out.Items, x.r)
	}
	out.Count = func() (int, error) {
		var n int
		return n, s.pool.QueryRow(ctx, `SELECT count(*)`+from, args...).Scan(&n)
	}
	return out, nil
}

// MarkAttendance records whether a confirmed participant attended a session that has
// started: the workshop's trainers or a moderator.
func (s *Service) MarkAttendance(ctx context.Context, workshopID, sessionID, userID int64, attended bool) (*Registration, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	var out *Registration
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		w, err := workshopByID(ctx, tx, access.From(ctx), workshopID)
		if err != nil {
			return err
		}
		if !w.EditableBy(u) {
			return apperr.New(apperr.Forbidden, "", "workshop.edit.forbidden")
		}
		var startsAt time.Time
		var cancelled bool
		err = tx.QueryRow(ctx, `SELECT starts_at, cancelled FROM workshop_sessions WHERE id = $1 AND workshop_id = $2`,
			sessionID, w.ID).Scan(&startsAt, &cancelled)
		if err := store.Translate(err, apperr.New(apperr.NotFound, "sessionId", "workshop.session.unknown")); err != nil {
			return err
		}
		switch {
		case cancelled:
			return apperr.New(apperr.Invalid, "sessionId", "workshop.session.cancelled")
		case startsAt.After(s.now()):
			return apperr.New(apperr.Invalid, "sessionId", "workshop.attendance.not_started")
		}
		reg, err := registrationOf(ctx, tx, w.ID, userID)
		if err != nil {
			return err
		}
		if reg == nil || reg.Status != Confirmed {
			return apperr.New(apperr.Invalid, "userId", "workshop.attendance.not_confirmed")
		}
		if attended {
			_, err = tx.Exec(ctx, `INSERT INTO workshop_attendance (registration_id, session_id, marked_by) VALUES ($1, $2, $3)
				ON CONFLICT DO NOTHING`, reg.ID, sessionID, u.ID)
		} else {
			_, err = tx.Exec(ctx, `DELETE FROM workshop_attendance WHERE registration_id = $1 AND session_id = $2`, reg.ID, sessionID)
		}
		out = reg
		return err
	})
	return out, err
}

// AttendanceOf returns the sessions each registration attended (sessions not cancelled).
func (s *Service) AttendanceOf(ctx context.Context, regIDs []int64) (map[int64][]int64, error) {
	return attendanceOf(ctx, s.pool, regIDs)
}

// Attended is what a registration attended, measured against the workshop's sessions.
type Attended struct {
	Sessions []*Session
	Hours    float64
	// Enough: the share the trainer set is met, so a certificate can be issued.
	Enough bool
}

// Measure weighs the sessions attended (ids) against the workshop's sessions.
func Measure(w *Workshop, sessions []*Session, attended []int64, status RegistrationStatus) Attended {
	var a Attended
	active := 0
	for _, s := range sessions {
		if s.Cancelled {
			continue
		}
		active++
		for _, id := range attended {
			if id == s.ID {
				a.Sessions = append(a.Sessions, s)
				a.Hours += s.Hours()
			}
		}
	}
	need := int(math.Ceil(float64(active*w.AttendanceRequired) / 100))
	a.Hours = math.Round(a.Hours*100) / 100
	a.Enough = status == Confirmed && w.Status == Published && len(a.Sessions) > 0 && len(a.Sessions) >= need
	return a
}
