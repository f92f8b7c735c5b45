package workshop

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/directory"
	"github.com/gemella/gemella/internal/discussion"
	"github.com/gemella/gemella/internal/file"
	"github.com/gemella/gemella/internal/live"
	"github.com/gemella/gemella/internal/notification"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/plaintext"
	"github.com/gemella/gemella/internal/search"
	"github.com/gemella/gemella/internal/store"
)

// Service is the workshop use cases. Every read takes the viewer's scope from the context;
// every write is one transaction and checks who may do it.
type Service struct {
	pool  *pgxpool.Pool
	dir   *directory.Service
	files *file.Service
	// now is the clock: registrations close at an instant, and tests move it.
	now func() time.Time
}

// NewService returns the workshop service; its files are kept by files.
func NewService(pool *pgxpool.Pool, dir *directory.Service, files *file.Service) *Service {
	return &Service{pool: pool, dir: dir, files: files, now: time.Now}
}

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.now() }

var errNotFound = apperr.New(apperr.NotFound, "workshopId", "workshop.not_found")

// CanPublish reports whether u may publish workshops: trainers and the roles above them.
func CanPublish(u *auth.User) bool {
	return u.Has(auth.Trainer) || u.Has(auth.RegionalCoordinator) || u.Has(auth.Moderator)
}

// PublishInput is a new workshop.
type PublishInput struct {
	Title                string
	Description          string
	Kind                 Kind
	Mode                 Mode
	ServiceAreaSlug      *string
	HostCenterID         *int64
	SpaceID              *int64
	TrainerIDs           []int64
	Capacity             *int
	RegistrationDeadline *time.Time
	AttendanceRequired   *int
	Sessions             []SessionInput
	Links                []LinkInput
}

// Publish publishes a workshop whose first trainer is the viewer.
func (s *Service) Publish(ctx context.Context, in PublishInput) (*Workshop, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	if !CanPublish(u) {
		return nil, apperr.New(apperr.Forbidden, "", "workshop.publish.forbidden")
	}
	var errs apperr.List
	title := checkTitle(in.Title, &errs)
	description := checkDescription(in.Description, &errs)
	checkKindMode(in.Kind, in.Mode, &errs)
	checkCapacity(in.Capacity, &errs)
	attendance := 100
	if in.AttendanceRequired != nil {
		attendance = *in.AttendanceRequired
	}
	checkAttendance(attendance, &errs)
	sessions := checkSessions(in.Sessions, &errs)
	for i, sess := range in.Sessions {
		if sess.ID != nil {
			errs.Add(apperr.New(apperr.Invalid, sessionField(i, "id"), "workshop.session.unknown"))
		}
	}
	links := checkLinks(in.Links, &errs)
	deadline := checkDeadline(in.RegistrationDeadline, sessions, &errs)
	var out *Workshop
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		area, err := s.optionalArea(ctx, tx, in.ServiceAreaSlug, &errs)
		if err != nil {
			return err
		}
		if err := s.optionalCenter(ctx, tx, in.HostCenterID, &errs); err != nil {
			return err
		}
		if in.SpaceID != nil {
			if _, err := errs.Keep(access.From(ctx).CheckContributor(ctx, tx, *in.SpaceID, "twinningId")); err != nil {
				return err
			}
		}
		trainers, err := checkTrainers(ctx, tx, u.ID, in.TrainerIDs, &errs)
		if err != nil {
			return err
		}
		if err := errs.Err(); err != nil {
			return err
		}
		threadID, err := discussion.Open(ctx, tx, title, in.SpaceID)
		if err != nil {
			return err
		}
		start, end := span(sessions)
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO workshops (owner_id, space_id, discussion_id, title, description, kind, mode,
				service_area_id, host_center_id, capacity, registration_deadline, attendance_required, starts_at, ends_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
			u.ID, in.SpaceID, threadID, title, description, string(in.Kind), string(in.Mode), area, in.HostCenterID,
			in.Capacity, deadline, attendance, start, end).Scan(&id); err != nil {
			return err
		}
		if err := discussion.KeepFor(ctx, tx, threadID, id); err != nil {
			return err
		}
		if err := setTrainers(ctx, tx, id, trainers); err != nil {
			return err
		}
		for _, sess := range sessions {
			if err := insertSession(ctx, tx, id, sess); err != nil {
				return err
			}
		}
		for _, l := range links {
			if _, err := tx.Exec(ctx, `INSERT INTO workshop_materials (workshop_id, name, url, audience) VALUES ($1, $2, $3, $4)`,
				id, l.Name, l.URL, string(l.Audience)); err != nil {
				return err
			}
		}
		if err := search.Enqueue(ctx, tx, SearchKind, id); err != nil {
			return err
		}
		if err := announce(ctx, tx, id, trainers); err != nil {
			return err
		}
		out, err = workshopByID(ctx, tx, access.From(ctx), id)
		return err
	})
	return out, err
}

// announce tells the people whose centre offers the workshop's service area, and who may
// read it, that a new one is out; not its trainers.
func announce(ctx context.Context, tx pgx.Tx, workshopID int64, trainers []int64) error {
	people, err := store.IDs(ctx, tx, `SELECT DISTINCT u.id FROM workshops w
		JOIN center_services cs ON cs.service_area_id = w.service_area_id
		JOIN users u ON u.center_id = cs.center_id
		WHERE w.id = $1 AND u.id <> ALL($2) AND `+access.ReadableBy("w.space_id", "", "u.id", "u.roles")+` ORDER BY u.id`,
		workshopID, trainers)
	if err != nil {
		return err
	}
	return notify(ctx, tx, people, notification.NewWorkshop, workshopID)
}

func sessionField(i int, name string) string {
	return "sessions." + strconv.Itoa(i) + "." + name
}

// checkDeadline keeps a deadline that falls before the first session; registrations close
// at the start anyway, so a later one is a mistake.
func checkDeadline(d *time.Time, sessions []SessionInput, errs *apperr.List) *time.Time {
	if d == nil || len(sessions) == 0 {
		return d
	}
	start, _ := span(sessions)
	t := d.UTC()
	if t.After(start) {
		errs.Add(apperr.New(apperr.Invalid, "registrationDeadline", "workshop.deadline.after_start"))
	}
	return &t
}

func (s *Service) optionalArea(ctx context.Context, q store.Querier, slug *string, errs *apperr.List) (*int64, error) {
	if slug == nil || *slug == "" {
		return nil, nil
	}
	id, err := s.dir.ServiceAreaIDBySlug(ctx, q, *slug, "serviceAreaSlug")
	if ok, err := errs.Keep(err); !ok {
		return nil, err
	}
	return &id, nil
}

func (s *Service) optionalCenter(ctx context.Context, q store.Querier, id *int64, errs *apperr.List) error {
	if id == nil {
		return nil
	}
	_, err := errs.Keep(s.dir.CheckCenter(ctx, q, *id, "hostCenterId"))
	return err
}

// checkTrainers returns the workshop's trainers, owner first: co-trainers must be people
// who may train (TRAINER or above).
func checkTrainers(ctx context.Context, q store.Querier, ownerID int64, ids []int64, errs *apperr.List) ([]int64, error) {
	out := []int64{ownerID}
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	if len(out) > maxTrainers {
		errs.Add(apperr.New(apperr.Invalid, "trainerIds", "workshop.trainers.too_many").With("Max", maxTrainers))
		return nil, nil
	}
	found, err := store.IDs(ctx, q, `SELECT id FROM users WHERE id = ANY($1)
		AND roles && ARRAY['TRAINER', 'REGIONAL_COORDINATOR', 'MODERATOR', 'ADMIN']`, out[1:])
	if err != nil {
		return nil, err
	}
	if len(found) != len(out)-1 {
		errs.Add(apperr.New(apperr.Invalid, "trainerIds", "workshop.trainers.unknown"))
	}
	return out, nil
}

// setTrainers makes ids the workshop's trainers, in order. Those who are no longer among
// them may lose its participants' thread: their open subscriptions check again.
func setTrainers(ctx context.Context, tx pgx.Tx, workshopID int64, ids []int64) error {
	were, err := store.IDs(ctx, tx, `DELETE FROM workshop_trainers WHERE workshop_id = $1 RETURNING user_id`, workshopID)
	if err != nil {
		return err
	}
	gone := slices.DeleteFunc(were, func(u int64) bool { return slices.Contains(ids, u) })
	if _, err := tx.Exec(ctx, `INSERT INTO workshop_trainers (workshop_id, user_id, position)
		SELECT $1, u, p FROM unnest($2::bigint[]) WITH ORDINALITY AS t(u, p)`, workshopID, ids); err != nil {
		return err
	}
	return lostAccess(ctx, tx, gone, workshopID)
}

// lostAccess tells users' open subscriptions that they may no longer read what the
// workshop keeps for its participants.
func lostAccess(ctx context.Context, tx pgx.Tx, users []int64, workshopID int64) error {
	topics := make([]string, len(users))
	ids := make([]int64, len(users))
	for i, u := range users {
		topics[i], ids[i] = live.UserTopic(u), workshopID
	}
	return live.EmitEach(ctx, tx, live.EventAccessNarrowed, topics, ids)
}

func insertSession(ctx context.Context, tx pgx.Tx, workshopID int64, s SessionInput) error {
	_, err := tx.Exec(ctx, `INSERT INTO workshop_sessions (workshop_id, starts_at, ends_at, place, online_url)
		VALUES ($1, $2, $3, $4, $5)`, workshopID, s.StartsAt, s.EndsAt, s.Place, s.OnlineURL)
	return err
}

// EditInput changes a workshop; nil fields stay as they are. Sessions, when set, are the
// whole new list: an existing session left out is cancelled, so that calendars learn it.
type EditInput struct {
	WorkshopID           int64
	Title                *string
	Description          *string
	Kind                 *Kind
	Mode                 *Mode
	ServiceAreaSlug      *string
	HostCenterID         *int64
	TrainerIDs           []int64
	TrainersSet          bool
	Capacity             *int
	Unlimited            bool
	RegistrationDeadline *time.Time
	AttendanceRequired   *int
	Sessions             []SessionInput
	SessionsSet          bool
}

// Edit changes a workshop: its trainers or a moderator. A larger capacity gives the freed
// seats to the waitlist in the same transaction.
func (s *Service) Edit(ctx context.Context, in EditInput) (*Workshop, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	var out *Workshop
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		w, err := lockedWorkshop(ctx, tx, in.WorkshopID)
		if err != nil {
			return err
		}
		if !w.EditableBy(u) {
			return apperr.New(apperr.Forbidden, "", "workshop.edit.forbidden")
		}
		if w.Status == Cancelled {
			return apperr.New(apperr.Invalid, "workshopId", "workshop.cancelled")
		}
		var errs apperr.List
		next := *w
		if in.Title != nil {
			next.Title = checkTitle(*in.Title, &errs)
		}
		if in.Description != nil {
			next.Description = checkDescription(*in.Description, &errs)
		}
		if in.Kind != nil {
			next.Kind = *in.Kind
		}
		if in.Mode != nil {
			next.Mode = *in.Mode
		}
		checkKindMode(next.Kind, next.Mode, &errs)
		switch {
		case in.Unlimited:
			next.Capacity = nil
		case in.Capacity != nil:
			checkCapacity(in.Capacity, &errs)
			next.Capacity = in.Capacity
		}
		if in.AttendanceRequired != nil {
			checkAttendance(*in.AttendanceRequired, &errs)
			next.AttendanceRequired = *in.AttendanceRequired
		}
		if in.ServiceAreaSlug != nil {
			if next.ServiceAreaID, err = s.optionalArea(ctx, tx, in.ServiceAreaSlug, &errs); err != nil {
				return err
			}
		}
		if in.HostCenterID != nil {
			if err := s.optionalCenter(ctx, tx, in.HostCenterID, &errs); err != nil {
				return err
			}
			next.HostCenterID = in.HostCenterID
		}
		var trainers []int64
		if in.TrainersSet {
			cur, err := trainersOf(ctx, tx, []int64{w.ID})
			if err != nil {
				return err
			}
			if trainers, err = checkTrainers(ctx, tx, cur[w.ID][0], in.TrainerIDs, &errs); err != nil {
				return err
			}
		}
		existing, err := sessionsOf(ctx, tx, access.Everything(), []int64{w.ID})
		if err != nil {
			return err
		}
		sessions := activeInputs(existing[w.ID])
		if in.SessionsSet {
			sessions = checkSessions(in.Sessions, &errs)
			for i, sess := range in.Sessions {
				if sess.ID != nil && !slices.ContainsFunc(existing[w.ID], func(e *Session) bool { return e.ID == *sess.ID }) {
					errs.Add(apperr.New(apperr.Invalid, sessionField(i, "id"), "workshop.session.unknown"))
				}
			}
		}
		next.RegistrationDeadline = w.RegistrationDeadline
		if in.RegistrationDeadline != nil {
			next.RegistrationDeadline = in.RegistrationDeadline
		}
		next.RegistrationDeadline = checkDeadline(next.RegistrationDeadline, sessions, &errs)
		if err := errs.Err(); err != nil {
			return err
		}
		if in.SessionsSet {
			if err := replaceSessions(ctx, tx, w.ID, existing[w.ID], sessions); err != nil {
				return err
			}
		}
		next.StartsAt, next.EndsAt = span(sessions)
		if _, err := tx.Exec(ctx, `UPDATE workshops SET title = $2, description = $3, kind = $4, mode = $5,
				service_area_id = $6, host_center_id = $7, capacity = $8, registration_deadline = $9, attendance_required = $10,
				starts_at = $11, ends_at = $12, sequence = sequence + 1, updated_at = now()
			WHERE id = $1`, w.ID, next.Title, next.Description, string(next.Kind), string(next.Mode), next.ServiceAreaID,
			next.HostCenterID, next.Capacity, next.RegistrationDeadline, next.AttendanceRequired, next.StartsAt, next.EndsAt); err != nil {
			return err
		}
		if next.Title != w.Title {
			if _, err := tx.Exec(ctx, `UPDATE discussions SET title = $2 WHERE id = $1`, w.DiscussionID, next.Title); err != nil {
				return err
			}
		}
		if trainers != nil {
			if err := setTrainers(ctx, tx, w.ID, trainers); err != nil {
				return err
			}
		}
		if err := s.promote(ctx, tx, &next); err != nil {
			return err
		}
		if err := search.Enqueue(ctx, tx, SearchKind, w.ID); err != nil {
			return err
		}
		out, err = workshopByID(ctx, tx, access.From(ctx), w.ID)
		return err
	})
	return out, err
}

// activeInputs is the sessions not cancelled, as inputs.
func activeInputs(list []*Session) []SessionInput {
	var out []SessionInput
	for _, s := range list {
		if !s.Cancelled {
			id := s.ID
			out = append(out, SessionInput{ID: &id, StartsAt: s.StartsAt, EndsAt: s.EndsAt, Place: s.Place, OnlineURL: s.OnlineURL})
		}
	}
	return out
}

// replaceSessions writes the new list of sessions: named ones are updated (and restored if
// they had been cancelled), new ones inserted, and those left out cancelled but kept, with
// their attendance.
func replaceSessions(ctx context.Context, tx pgx.Tx, workshopID int64, existing []*Session, next []SessionInput) error {
	kept := map[int64]bool{}
	for _, s := range next {
		if s.ID == nil {
			if err := insertSession(ctx, tx, workshopID, s); err != nil {
				return err
			}
			continue
		}
		kept[*s.ID] = true
		if _, err := tx.Exec(ctx, `UPDATE workshop_sessions SET starts_at = $3, ends_at = $4, place = $5, online_url = $6,
				cancelled = false WHERE id = $1 AND workshop_id = $2`, *s.ID, workshopID, s.StartsAt, s.EndsAt, s.Place, s.OnlineURL); err != nil {
			return err
		}
	}
	for _, s := range existing {
		if !kept[s.ID] && !s.Cancelled {
			if _, err := tx.Exec(ctx, `UPDATE workshop_sessions SET cancelled = true WHERE id = $1`, s.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// Cancel cancels a whole workshop: its trainers or a moderator. Registrations stay, and
// everyone registered or waiting is told.
func (s *Service) Cancel(ctx context.Context, workshopID int64, reason string) (*Workshop, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	reason = plaintext.Line(reason)
	if len([]rune(reason)) > maxReason {
		return nil, apperr.New(apperr.TooLarge, "reason", "workshop.reason.too_long").With("Max", maxReason)
	}
	var out *Workshop
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		w, err := lockedWorkshop(ctx, tx, workshopID)
		if err != nil {
			return err
		}
		if !w.EditableBy(u) {
			return apperr.New(apperr.Forbidden, "", "workshop.edit.forbidden")
		}
		if w.Status == Published {
			var r *string
			if reason != "" {
				r = &reason
			}
			if _, err := tx.Exec(ctx, `UPDATE workshops SET status = 'CANCELLED', cancellation_reason = $2,
					sequence = sequence + 1, updated_at = now() WHERE id = $1`, w.ID, r); err != nil {
				return err
			}
			registered, err := store.IDs(ctx, tx, `SELECT user_id FROM workshop_registrations
				WHERE workshop_id = $1 AND status <> 'CANCELLED'`, w.ID)
			if err != nil {
				return err
			}
			if err := notify(ctx, tx, registered, notification.WorkshopCancelled, w.ID); err != nil {
				return err
			}
			if err := search.Enqueue(ctx, tx, SearchKind, w.ID); err != nil {
				return err
			}
		}
		out, err = workshopByID(ctx, tx, access.From(ctx), w.ID)
		return err
	})
	return out, err
}

// List returns one keyset page of the workshops the viewer may read.
func (s *Service) List(ctx context.Context, f Filter, p paging.Page) (paging.Result[*Workshop], error) {
	if f.From != nil && f.To != nil && !f.To.After(*f.From) {
		return paging.Result[*Workshop]{}, apperr.New(apperr.Invalid, "filter.to", "workshop.filter.range")
	}
	return listWorkshops(ctx, s.pool, access.From(ctx), f, s.now(), p)
}

// ByIDs returns the workshops with these ids that the viewer may read.
func (s *Service) ByIDs(ctx context.Context, ids []int64) (map[int64]*Workshop, error) {
	return workshopsByIDs(ctx, s.pool, access.From(ctx), ids)
}

// SessionsOf returns each workshop's sessions in start order.
func (s *Service) SessionsOf(ctx context.Context, ids []int64) (map[int64][]*Session, error) {
	return sessionsOf(ctx, s.pool, access.From(ctx), ids)
}

// TrainersOf returns each workshop's trainers' user ids, the publisher first.
func (s *Service) TrainersOf(ctx context.Context, ids []int64) (map[int64][]int64, error) {
	return trainersOf(ctx, s.pool, ids)
}

// MaterialsOf returns each workshop's material that the viewer may open.
func (s *Service) MaterialsOf(ctx context.Context, ids []int64) (map[int64][]*Material, error) {
	return materialsOf(ctx, s.pool, access.From(ctx), ids)
}
