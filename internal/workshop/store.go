package workshop

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/store"
)

// workshopColumns reads a workshop for the reader bound as $N (the scope's argument): its
// space's level, its seat counts, whether the reader trains it, and whether they may open
// what it keeps for participants, all in one row.
func workshopColumns(scope *access.Scope, n int) string {
	p := "$" + strconv.Itoa(n) + "::bigint"
	return `w.id, w.owner_id, w.space_id, coalesce(ws.visibility, ''), w.discussion_id, w.title, w.description, w.kind, w.mode,
	w.service_area_id, w.host_center_id, w.capacity, w.registration_deadline, w.attendance_required, w.starts_at, w.ends_at,
	w.status, w.cancellation_reason, w.sequence, w.created_at, w.updated_at,
	(SELECT count(*) FROM workshop_registrations r WHERE r.workshop_id = w.id AND r.status = 'CONFIRMED'),
	(SELECT count(*) FROM workshop_registrations r WHERE r.workshop_id = w.id AND r.status = 'WAITLISTED'),
	EXISTS (SELECT 1 FROM workshop_trainers t WHERE t.workshop_id = w.id AND t.user_id = ` + p + `),
	` + scope.AudiencePredicate("w.id", n)
}

const workshopFrom = ` FROM workshops w LEFT JOIN twinnings ws ON ws.id = w.space_id`

func scanWorkshop(row pgx.Row) (*Workshop, error) {
	w := &Workshop{}
	var level, kind, mode, status string
	err := row.Scan(&w.ID, &w.OwnerID, &w.SpaceID, &level, &w.DiscussionID, &w.Title, &w.Description, &kind, &mode,
		&w.ServiceAreaID, &w.HostCenterID, &w.Capacity, &w.RegistrationDeadline, &w.AttendanceRequired, &w.StartsAt, &w.EndsAt,
		&status, &w.CancellationReason, &w.Sequence, &w.CreatedAt, &w.UpdatedAt,
		&w.ConfirmedCount, &w.WaitlistCount, &w.ViewerIsTrainer, &w.InAudience)
	w.SpaceLevel, w.Kind, w.Mode, w.Status = access.Level(level), Kind(kind), Mode(mode), Status(status)
	return w, err
}

// workshopByID reads one workshop the scope may read.
func workshopByID(ctx context.Context, q store.Querier, scope *access.Scope, id int64) (*Workshop, error) {
	w, err := scanWorkshop(q.QueryRow(ctx, `SELECT `+workshopColumns(scope, 2)+workshopFrom+
		` WHERE w.id = $1 AND `+scope.Predicate("w.space_id", 2), id, scope.Arg()))
	return w, store.Translate(err, errNotFound)
}

// lockWorkshop takes the workshop's row lock, which every change of its seats holds: the
// registrations of one workshop happen one after the other. The workshop is read after, by
// another statement, because a statement that waited for a lock still counts seats as of
// before the wait.
func lockWorkshop(ctx context.Context, tx pgx.Tx, id int64) error {
	var got int64
	err := tx.QueryRow(ctx, `SELECT id FROM workshops WHERE id = $1 FOR UPDATE`, id).Scan(&got)
	return store.Translate(err, errNotFound)
}

// lockedWorkshop takes a workshop's lock, then reads it for the scope of ctx.
func lockedWorkshop(ctx context.Context, tx pgx.Tx, id int64) (*Workshop, error) {
	if err := lockWorkshop(ctx, tx, id); err != nil {
		return nil, err
	}
	return workshopByID(ctx, tx, access.From(ctx), id)
}

func workshopsByIDs(ctx context.Context, q store.Querier, scope *access.Scope, ids []int64) (map[int64]*Workshop, error) {
	list, err := store.Collect(ctx, q, `SELECT `+workshopColumns(scope, 2)+workshopFrom+
		` WHERE w.id = ANY($1) AND `+scope.Predicate("w.space_id", 2), []any{ids, scope.Arg()}, scanWorkshop)
	return store.ByID(list, func(w *Workshop) int64 { return w.ID }), err
}

// Filter narrows the workshop list; nil fields do not filter.
type Filter struct {
	Upcoming        bool
	Past            bool
	ServiceAreaSlug *string
	RegionID        *int64
	SpaceID         *int64
	TrainerID       *int64
	Mode            *Mode
	Kind            *Kind
	From            *time.Time
	To              *time.Time
}

type listKey struct {
	At time.Time `json:"t"`
	ID int64     `json:"i"`
}

// listWorkshops pages through the workshops the scope may read: soonest first, or for
// past ones the most recent first.
func listWorkshops(ctx context.Context, db store.Querier, scope *access.Scope, f Filter, now time.Time, p paging.Page) (paging.Result[*Workshop], error) {
	var after listKey
	hasAfter, err := p.Decode(&after)
	if err != nil {
		return paging.Result[*Workshop]{}, err
	}
	var mode, kind *string
	if f.Mode != nil {
		mode = (*string)(f.Mode)
	}
	if f.Kind != nil {
		kind = (*string)(f.Kind)
	}
	where := `($1::text IS NULL OR w.service_area_id = (SELECT id FROM service_areas WHERE slug = $1))
		AND ($2::bigint IS NULL OR w.host_center_id IN (SELECT id FROM centers WHERE region_id = $2))
		AND ($3::bigint IS NULL OR w.space_id = $3)
		AND ($4::bigint IS NULL OR EXISTS (SELECT 1 FROM workshop_trainers t WHERE t.workshop_id = w.id AND t.user_id = $4))
		AND ($5::text IS NULL OR w.mode = $5)
		AND ($6::text IS NULL OR w.kind = $6)
		AND ($7::timestamptz IS NULL OR $8::timestamptz IS NULL OR EXISTS (SELECT 1 FROM workshop_sessions s
			WHERE s.workshop_id = w.id AND NOT s.cancelled AND s.starts_at < $8 AND s.ends_at > $7))
		AND ($7::timestamptz IS NULL OR $8::timestamptz IS NOT NULL OR w.ends_at > $7)
		AND ($8::timestamptz IS NULL OR $7::timestamptz IS NOT NULL OR w.starts_at < $8)
		AND ($9::boolean IS NOT TRUE OR w.ends_at > $11)
		AND ($10::boolean IS NOT TRUE OR w.ends_at <= $11)
		AND ` + scope.Predicate("w.space_id", 12)
	args := []any{f.ServiceAreaSlug, f.RegionID, f.SpaceID, f.TrainerID, mode, kind, f.From, f.To, f.Upcoming, f.Past, now, scope.Arg()}
	order, seek := `w.starts_at, w.id`, `(w.starts_at, w.id) > ($13, $14)`
	if f.Past && !f.Upcoming {
		order, seek = `w.starts_at DESC, w.id DESC`, `(w.starts_at, w.id) < ($13, $14)`
	}
	sql := `SELECT ` + workshopColumns(scope, 12) + workshopFrom + ` WHERE ` + where
	listArgs := args
	if hasAfter {
		sql += ` AND ` + seek
		listArgs = append(append([]any{}, args...), after.At, after.ID)
	}
	list, err := store.Collect(ctx, db, sql+` ORDER BY `+order+` LIMIT `+strconv.Itoa(p.First+1), listArgs, scanWorkshop)
	if err != nil {
		return paging.Result[*Workshop]{}, err
	}
	r := paging.Trim(list, p, func(w *Workshop) any { return listKey{At: w.StartsAt, ID: w.ID} })
	r.Count = func() (int, error) {
		var n int
		return n, db.QueryRow(ctx, `SELECT count(*) FROM workshops w WHERE `+where, args...).Scan(&n)
	}
	return r, nil
}

// sessionsOf reads the sessions of workshops the scope may read, in start order. The
// online link is read only for those who may open what is for participants.
func sessionsOf(ctx context.Context, q store.Querier, scope *access.Scope, ids []int64) (map[int64][]*Session, error) {
	rows, err := q.Query(ctx, `SELECT s.id, s.workshop_id, s.starts_at, s.ends_at, s.place,
			CASE WHEN `+scope.AudiencePredicate("s.workshop_id", 2)+` THEN s.online_url END, s.cancelled
		FROM workshop_sessions s JOIN workshops w ON w.id = s.workshop_id
		WHERE s.workshop_id = ANY($1) AND `+scope.Predicate("w.space_id", 2)+`
		ORDER BY s.workshop_id, s.starts_at, s.id`, ids, scope.Arg())
	if err != nil {
		return nil, err
	}
	out := map[int64][]*Session{}
	s := Session{}
	_, err = pgx.ForEachRow(rows, []any{&s.ID, &s.WorkshopID, &s.StartsAt, &s.EndsAt, &s.Place, &s.OnlineURL, &s.Cancelled}, func() error {
		c := s
		out[c.WorkshopID] = append(out[c.WorkshopID], &c)
		return nil
	})
	return out, err
}

// trainersOf reads the trainers' user ids of each workshop, the publisher first.
func trainersOf(ctx context.Context, q store.Querier, ids []int64) (map[int64][]int64, error) {
	rows, err := q.Query(ctx, `SELECT workshop_id, user_id FROM workshop_trainers WHERE workshop_id = ANY($1)
		ORDER BY workshop_id, position`, ids)
	if err != nil {
		return nil, err
	}
	out := map[int64][]int64{}
	var w, u int64
	_, err = pgx.ForEachRow(rows, []any{&w, &u}, func() error {
		out[w] = append(out[w], u)
		return nil
	})
	return out, err
}

// materialsOf reads the material of workshops the scope may read, oldest first, leaving
// out what is for participants unless the reader may open it.
func materialsOf(ctx context.Context, q store.Querier, scope *access.Scope, ids []int64) (map[int64][]*Material, error) {
	rows, err := q.Query(ctx, `SELECT m.id, m.workshop_id, m.name, m.url, m.file_id, m.audience, m.created_at
		FROM workshop_materials m JOIN workshops w ON w.id = m.workshop_id
		WHERE m.workshop_id = ANY($1) AND `+scope.Predicate("w.space_id", 2)+`
			AND (m.audience = 'EVERYONE' OR `+scope.AudiencePredicate("m.workshop_id", 2)+`)
		ORDER BY m.workshop_id, m.id`, ids, scope.Arg())
	if err != nil {
		return nil, err
	}
	out := map[int64][]*Material{}
	m := Material{}
	var audience string
	_, err = pgx.ForEachRow(rows, []any{&m.ID, &m.WorkshopID, &m.Name, &m.URL, &m.FileID, &audience, &m.CreatedAt}, func() error {
		c := m
		c.Audience = Audience(audience)
		out[c.WorkshopID] = append(out[c.WorkshopID], &c)
		return nil
	})
	return out, err
}

const registrationColumns = `r.id, r.workshop_id, r.user_id, r.status, r.created_at, r.confirmed_at, r.sequence, r.queue_no,
	CASE WHEN r.status = 'WAITLISTED' THEN (SELECT count(*) FROM workshop_registrations q
		WHERE q.workshop_id = r.workshop_id AND q.status = 'WAITLISTED' AND q.queue_no <= r.queue_no)::int END`

func scanRegistration(row pgx.Row) (*Registration, error) {
	r := &Registration{}
	var status string
	err := row.Scan(&r.ID, &r.WorkshopID, &r.UserID, &status, &r.CreatedAt, &r.ConfirmedAt, &r.Sequence, &r.queueNo, &r.WaitlistPosition)
	r.Status = RegistrationStatus(status)
	return r, err
}

// registrationOf reads a person's registration for a workshop; nil when there is none.
func registrationOf(ctx context.Context, q store.Querier, workshopID, userID int64) (*Registration, error) {
	r, err := scanRegistration(q.QueryRow(ctx, `SELECT `+registrationColumns+` FROM workshop_registrations r
		WHERE r.workshop_id = $1 AND r.user_id = $2`, workshopID, userID))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return r, err
}

// registrationsOfUser reads one person's registrations for these workshops.
func registrationsOfUser(ctx context.Context, q store.Querier, userID int64, ids []int64) (map[int64]*Registration, error) {
	list, err := store.Collect(ctx, q, `SELECT `+registrationColumns+` FROM workshop_registrations r
		WHERE r.workshop_id = ANY($1) AND r.user_id = $2`, []any{ids, userID}, scanRegistration)
	return store.ByID(list, func(r *Registration) int64 { return r.WorkshopID }), err
}

// upsertRegistration registers a person, or registers them again after a cancellation: at
// the end of the queue, as a new arrival.
func upsertRegistration(ctx context.Context, tx pgx.Tx, workshopID, userID int64, status RegistrationStatus) error {
	_, err := tx.Exec(ctx, `INSERT INTO workshop_registrations (workshop_id, user_id, status, queue_no, confirmed_at)
		VALUES ($1, $2, $3, nextval('workshop_queue_seq'), CASE WHEN $3 = 'CONFIRMED' THEN now() END)
		ON CONFLICT (workshop_id, user_id) DO UPDATE SET status = excluded.status, queue_no = excluded.queue_no,
			created_at = now(), confirmed_at = excluded.confirmed_at, cancelled_at = NULL,
			sequence = workshop_registrations.sequence + 1`, workshopID, userID, string(status))
	return err
}

func withdraw(ctx context.Context, tx pgx.Tx, id int64) error {
	_, err := tx.Exec(ctx, `UPDATE workshop_registrations SET status = 'CANCELLED', cancelled_at = now(), sequence = sequence + 1
		WHERE id = $1`, id)
	return err
}

// confirmedCount counts the seats taken, as of now: callers hold the workshop's lock.
func confirmedCount(ctx context.Context, tx pgx.Tx, workshopID int64) (int, error) {
	var n int
	err := tx.QueryRow(ctx, `SELECT count(*) FROM workshop_registrations WHERE workshop_id = $1 AND status = 'CONFIRMED'`, workshopID).Scan(&n)
	return n, err
}

// promoteFirst gives seats to the first n of the waitlist (every one when n is nil), in
// queue order, and returns who got one.
func promoteFirst(ctx context.Context, tx pgx.Tx, workshopID int64, n *int) ([]int64, error) {
	return store.IDs(ctx, tx, `UPDATE workshop_registrations SET status = 'CONFIRMED', confirmed_at = now(), sequence = sequence + 1
		WHERE id IN (SELECT id FROM workshop_registrations WHERE workshop_id = $1 AND status = 'WAITLISTED'
			ORDER BY queue_no LIMIT $2)
		RETURNING user_id`, workshopID, n)
}

type registrationKey struct {
	Q int64 `json:"q"`
}

// listRegistrations pages through a workshop's registrations in arrival order.
func listRegistrations(ctx context.Context, db store.Querier, workshopID int64, status *RegistrationStatus, p paging.Page) (paging.Result[*Registration], error) {
	var after registrationKey
	hasAfter, err := p.Decode(&after)
	if err != nil {
		return paging.Result[*Registration]{}, err
	}
	where := `r.workshop_id = $1 AND ($2::text IS NULL OR r.status = $2)`
	args := []any{workshopID, (*string)(status)}
	listArgs := args
	sql := `SELECT ` + registrationColumns + ` FROM workshop_registrations r WHERE ` + where
	if hasAfter {
		sql += ` AND r.queue_no > $3`
		listArgs = append(append([]any{}, args...), after.Q)
	}
	list, err := store.Collect(ctx, db, sql+` ORDER BY r.queue_no LIMIT `+strconv.Itoa(p.First+1), listArgs, scanRegistration)
	if err != nil {
		return paging.Result[*Registration]{}, err
	}
	out := paging.Trim(list, p, func(r *Registration) any { return registrationKey{Q: r.queueNo} })
	out.Count = func() (int, error) {
		var n int
		return n, db.QueryRow(ctx, `SELECT count(*) FROM workshop_registrations r WHERE `+where, args...).Scan(&n)
	}
	return out, nil
}

// attendanceOf reads the sessions each registration attended.
func attendanceOf(ctx context.Context, q store.Querier, regIDs []int64) (map[int64][]int64, error) {
	rows, err := q.Query(ctx, `SELECT a.registration_id, a.session_id FROM workshop_attendance a
		JOIN workshop_sessions s ON s.id = a.session_id
		WHERE a.registration_id = ANY($1) AND NOT s.cancelled ORDER BY a.registration_id, s.starts_at`, regIDs)
	if err != nil {
		return nil, err
	}
	out := map[int64][]int64{}
	var r, s int64
	_, err = pgx.ForEachRow(rows, []any{&r, &s}, func() error {
		out[r] = append(out[r], s)
		return nil
	})
	return out, err
}
