package twinning

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/discussion"
	"github.com/gemella/gemella/internal/live"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/plaintext"
	"github.com/gemella/gemella/internal/store"
)

// Role is what a member does in a space.
type Role string

const (
	RoleLead        Role = "LEAD"        // an operator of the lead centre
	RoleReceiving   Role = "RECEIVING"   // an operator of a receiving centre
	RoleTrainer     Role = "TRAINER"     // a trainer of the twinning's workshops
	RoleCoordinator Role = "COORDINATOR" // manages the space and its members
)

var roles = []Role{RoleLead, RoleReceiving, RoleTrainer, RoleCoordinator}

// Member is a person with a role in a space.
type Member struct {
	TwinningID int64
	UserID     int64
	Role       Role
	CreatedAt  time.Time
	rank       int // the role's place in the members list
}

// JoinRequest is a member of Gemella asking to join a space.
type JoinRequest struct {
	ID         int64
	TwinningID int64
	UserID     int64
	Message    string
	Status     string // PENDING, APPROVED, REFUSED
	CreatedAt  time.Time
}

const (
	minTitle      = 5
	maxTitle      = 200
	maxSummary    = 20_000
	maxReceiving  = 30
	maxJoinNote   = 1000
	maxVisitField = 20_000
)

var (
	errNotFound = apperr.New(apperr.NotFound, "twinningId", "twinning.not_found")
	errManage   = apperr.New(apperr.Forbidden, "", "twinning.manage.forbidden")
)

// CreateInput is a new twinning.
type CreateInput struct {
	Title              string
	Summary            string
	ServiceAreaSlug    string
	LeadCenterID       int64
	ReceivingCenterIDs []int64
	Visibility         access.Level
	VisitSchema        []string
}

// defaultVisitSchema is the programme's common visit schema.
var defaultVisitSchema = []string{"Governance", "Contesto organizzativo", "Servizi offerti", "Focus sul servizio"}

// Create opens a twinning and its space: a regional coordinator for a lead centre of their
// own region, an admin for any. The creator becomes the space's first coordinator.
func (s *Service) Create(ctx context.Context, in CreateInput) (*Twinning, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	if !u.Has(auth.RegionalCoordinator) {
		return nil, apperr.New(apperr.Forbidden, "", "twinning.create.forbidden")
	}
	var errs apperr.List
	title := plaintext.Line(in.Title)
	if n := utf8.RuneCountInString(title); n < minTitle || n > maxTitle {
		errs.Add(apperr.New(apperr.Invalid, "title", "twinning.title.length").With("Min", minTitle).With("Max", maxTitle))
	}
	summary := strings.TrimSpace(in.Summary)
	if summary == "" {
		errs.Add(apperr.New(apperr.Required, "summary", "twinning.summary.required"))
	} else if utf8.RuneCountInString(summary) > maxSummary {
		errs.Add(apperr.New(apperr.TooLarge, "summary", "twinning.summary.too_long").With("Max", maxSummary))
	}
	if !in.Visibility.Valid() {
		errs.Add(apperr.New(apperr.Invalid, "visibility", "twinning.visibility.invalid"))
	}
	receiving := slices.Compact(slices.Sorted(slices.Values(in.ReceivingCenterIDs)))
	switch {
	case len(receiving) == 0:
		errs.Add(apperr.New(apperr.Required, "receivingCenterIds", "twinning.receiving.required"))
	case len(receiving) > maxReceiving:
		errs.Add(apperr.New(apperr.Invalid, "receivingCenterIds", "twinning.receiving.too_many").With("Max", maxReceiving))
	case slices.Contains(receiving, in.LeadCenterID):
		errs.Add(apperr.New(apperr.Invalid, "receivingCenterIds", "twinning.receiving.lead"))
	}
	var t *Twinning
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		// A choice not made is named beside the other fields' problems, all at once.
		var areaID, leadRegion int64
		var err error
		if in.ServiceAreaSlug == "" {
			errs.Add(apperr.New(apperr.Required, "serviceAreaSlug", "twinning.service_area.required"))
		} else if areaID, err = s.dir.ServiceAreaIDBySlug(ctx, tx, in.ServiceAreaSlug, "serviceAreaSlug"); err != nil {
			e, ok := apperr.Expected(err)
			if !ok {
				return err
			}
			errs.Add(e[0])
		}
		if in.LeadCenterID == 0 {
			errs.Add(apperr.New(apperr.Required, "leadCenterId", "twinning.lead.required"))
		} else if leadRegion, err = centerRegion(ctx, tx, in.LeadCenterID); err != nil {
			return err
		} else if leadRegion == 0 {
			errs.Add(apperr.New(apperr.NotFound, "leadCenterId", "directory.center.unknown"))
		} else if !u.Has(auth.Admin) && (u.RegionID == nil || *u.RegionID != leadRegion) {
			errs.Add(apperr.New(apperr.Forbidden, "leadCenterId", "twinning.create.other_region"))
		}
		var receivingRegions []int64
		for _, c := range in.ReceivingCenterIDs { // in the order given
			r, err := centerRegion(ctx, tx, c)
			if err != nil {
				return err
			}
			if r == 0 {
				errs.Add(apperr.New(apperr.NotFound, "receivingCenterIds", "directory.center.unknown"))
				break
			}
			if !slices.Contains(receivingRegions, r) {
				receivingRegions = append(receivingRegions, r)
			}
		}
		if err := errs.Err(); err != nil {
			return err
		}
		threadID, err := discussion.Open(ctx, tx, title, nil)
		if err != nil {
			return err
		}
		schema := in.VisitSchema
		if len(schema) == 0 {
			schema = defaultVisitSchema
		}
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO twinnings (key, title, summary, service_area_id, lead_center_id, lead_region_id,
				visit_schema, discussion_id, visibility, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			newKey(title), title, summary, areaID, in.LeadCenterID, leadRegion, schema, threadID, in.Visibility, u.ID).Scan(&id); err != nil {
			return err
		}
		if err := discussion.SetSpace(ctx, tx, threadID, &id); err != nil {
			return err
		}
		seen := map[int64]bool{}
		pos := 0
		for _, c := range in.ReceivingCenterIDs {
			if seen[c] {
				continue
			}
			seen[c] = true
			if _, err := tx.Exec(ctx, `INSERT INTO twinning_receiving_centers (twinning_id, center_id, position) VALUES ($1, $2, $3)`, id, c, pos); err != nil {
				return err
			}
			pos++
		}
		for i, r := range receivingRegions {
			if _, err := tx.Exec(ctx, `INSERT INTO twinning_receiving_regions (twinning_id, region_id, position) VALUES ($1, $2, $3)`, id, r, i); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO twinning_phases (twinning_id, kind, starts_on) VALUES ($1, 'LETTER_OF_INTENT', current_date)`, id); err != nil {
			return err
		}
		if err := upsertMember(ctx, tx, id, u.ID, RoleCoordinator, u.ID); err != nil {
			return err
		}
		t, err = scan(tx.QueryRow(ctx, `SELECT `+columns+` FROM twinnings WHERE id = $1`, id))
		return err
	})
	return t, err
}

// newKey is a twinning's stable key: its title's words and a random suffix.
func newKey(title string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(strings.ToLower(title), func(r rune) bool { return !('a' <= r && r <= 'z' || '0' <= r && r <= '9') }) {
		if b.Len() > 40 {
			break
		}
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteString(w)
	}
	suffix := make([]byte, 4)
	_, _ = rand.Read(suffix)
	return b.String() + "-" + hex.EncodeToString(suffix)
}

// centerRegion returns a centre's region, 0 when the centre does not exist.
func centerRegion(ctx context.Context, q store.Querier, centerID int64) (int64, error) {
	var region int64
	err := q.QueryRow(ctx, `SELECT region_id FROM centers WHERE id = $1`, centerID).Scan(&region)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	return region, err
}

// SetVisibility changes who may read what lives in the space. Its managers only.
func (s *Service) SetVisibility(ctx context.Context, twinningID int64, level access.Level) (*Twinning, error) {
	if !level.Valid() {
		return nil, apperr.New(apperr.Invalid, "visibility", "twinning.visibility.invalid")
	}
	var t *Twinning
	err := store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		cur, err := s.lockManaged(ctx, tx, twinningID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE twinnings SET visibility = $2 WHERE id = $1`, cur.ID, level); err != nil {
			return err
		}
		if level.Narrower(cur.Visibility) {
			if err := narrowed(ctx, tx, cur.ID); err != nil {
				return err
			}
		}
		cur.Visibility = level
		t = cur
		return nil
	})
	return t, err
}

// narrowed tells the subscribers of every thread and question in the space that fewer
// may read them now: those who may not are ended (live.EventAccessNarrowed).
func narrowed(ctx context.Context, tx pgx.Tx, spaceID int64) error {
	threads, err := store.IDs(ctx, tx, `SELECT id FROM discussions WHERE space_id = $1`, spaceID)
	if err != nil {
		return err
	}
	questions, err := store.IDs(ctx, tx, `SELECT id FROM questions WHERE space_id = $1`, spaceID)
	if err != nil {
		return err
	}
	var topics []string
	for _, id := range threads {
		topics = append(topics, live.ThreadTopic(id))
	}
	for _, id := range questions {
		topics = append(topics, live.QuestionTopic(id))
	}
	return live.EmitEach(ctx, tx, live.EventAccessNarrowed, topics, append(threads, questions...))
}

// lockManaged locks a twinning the viewer manages: an admin, a coordinator of the space,
// or a regional coordinator of its lead region. A twinning they may not read inside is
// not found.
func (s *Service) lockManaged(ctx context.Context, tx pgx.Tx, twinningID int64) (*Twinning, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	t, err := scan(tx.QueryRow(ctx, `SELECT `+columns+` FROM twinnings WHERE id = $1 FOR UPDATE`, twinningID))
	if err != nil {
		return nil, store.Translate(err, errNotFound)
	}
	ok, err := s.manages(ctx, tx, u, t)
	if err != nil {
		return nil, err
	}
	if !ok {
		if readable, err := access.From(ctx).CanRead(ctx, &t.ID, t.Visibility); err != nil || !readable {
			if err != nil {
				return nil, err
			}
			return nil, errNotFound
		}
		return nil, errManage
	}
	return t, nil
}

// manages reports whether u manages the space of t.
func (s *Service) manages(ctx context.Context, q store.Querier, u *auth.User, t *Twinning) (bool, error) {
	if u == nil {
		return false, nil
	}
	if u.Has(auth.Admin) || (u.Has(auth.RegionalCoordinator) && u.RegionID != nil && *u.RegionID == t.LeadRegionID) {
		return true, nil
	}
	var role Role
	err := q.QueryRow(ctx, `SELECT role FROM twinning_members WHERE twinning_id = $1 AND user_id = $2`, t.ID, u.ID).Scan(&role)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	return role == RoleCoordinator, err
}

// CanManage reports whether the viewer manages the space of t.
func (s *Service) CanManage(ctx context.Context, t *Twinning) (bool, error) {
	return s.manages(ctx, s.pool, auth.Viewer(ctx), t)
}

func validRole(r Role) bool { return slices.Contains(roles, r) }

func upsertMember(ctx context.Context, q store.Querier, twinningID, userID int64, role Role, by int64) error {
	_, err := q.Exec(ctx, `INSERT INTO twinning_members (twinning_id, user_id, role, added_by) VALUES ($1, $2, $3, $4)
		ON CONFLICT (twinning_id, user_id) DO UPDATE SET role = EXCLUDED.role`, twinningID, userID, role, by)
	return err
}

// AddMember gives a user a role in the space (or changes it). Its managers only.
func (s *Service) AddMember(ctx context.Context, twinningID, userID int64, role Role) (*Member, error) {
	if !validRole(role) {
		return nil, apperr.New(apperr.Invalid, "role", "twinning.role.invalid")
	}
	var m *Member
	err := store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		t, err := s.lockManaged(ctx, tx, twinningID)
		if err != nil {
			return err
		}
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE id = $1)`, userID).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return apperr.New(apperr.NotFound, "userId", "twinning.user.unknown")
		}
		u := auth.Viewer(ctx)
		if err := upsertMember(ctx, tx, t.ID, userID, role, u.ID); err != nil {
			return err
		}
		// A pending request of the same person is answered by the addition.
		if _, err := tx.Exec(ctx, `UPDATE twinning_join_requests SET status = 'APPROVED', decided_by = $3, decided_at = now()
			WHERE twinning_id = $1 AND user_id = $2 AND status = 'PENDING'`, t.ID, userID, u.ID); err != nil {
			return err
		}
		m, err = memberOf(ctx, tx, t.ID, userID)
		return err
	})
	return m, err
}

// RemoveMember takes a user out of the space: from their very next request they read it
// as any non-member. Its managers only.
func (s *Service) RemoveMember(ctx context.Context, twinningID, userID int64) error {
	return store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		t, err := s.lockManaged(ctx, tx, twinningID)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM twinning_members WHERE twinning_id = $1 AND user_id = $2`, t.ID, userID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return apperr.New(apperr.NotFound, "userId", "twinning.member.not_found")
		}
		// Their open subscriptions check again what they may read.
		return live.Emit(ctx, tx, live.EventAccessNarrowed, live.UserTopic(userID), t.ID)
	})
}

func memberOf(ctx context.Context, q store.Querier, twinningID, userID int64) (*Member, error) {
	m := &Member{}
	err := q.QueryRow(ctx, `SELECT twinning_id, user_id, role, created_at FROM twinning_members WHERE twinning_id = $1 AND user_id = $2`,
		twinningID, userID).Scan(&m.TwinningID, &m.UserID, &m.Role, &m.CreatedAt)
	return m, err
}

// memberKey orders a space's members: coordinators first, then by when they joined.
type memberKey struct {
	Rank int   `json:"r"`
	User int64 `json:"u"`
}

const memberRank = `CASE m.role WHEN 'COORDINATOR' THEN 0 WHEN 'LEAD' THEN 1 WHEN 'TRAINER' THEN 2 ELSE 3 END`

// Members returns one page of a space's members, for whoever may read inside it (the
// caller has checked that on t).
func (s *Service) Members(ctx context.Context, t *Twinning, p paging.Page) (paging.Result[*Member], error) {
	var after memberKey
	hasAfter, err := p.Decode(&after)
	if err != nil {
		return paging.Result[*Member]{}, err
	}
	seek := "true"
	args := []any{t.ID}
	if hasAfter {
		seek = `(` + memberRank + `, m.user_id) > ($2, $3)`
		args = append(args, after.Rank, after.User)
	}
	list, err := store.Collect(ctx, s.pool, `SELECT m.twinning_id, m.user_id, m.role, m.created_at, `+memberRank+` FROM twinning_members m
		WHERE m.twinning_id = $1 AND `+seek+` ORDER BY 5, m.user_id LIMIT `+strconv.Itoa(p.First+1), args,
		func(row pgx.Row) (*Member, error) {
			m := &Member{}
			return m, row.Scan(&m.TwinningID, &m.UserID, &m.Role, &m.CreatedAt, &m.rank)
		})
	if err != nil {
		return paging.Result[*Member]{}, err
	}
	out := paging.Trim(list, p, func(m *Member) any { return memberKey{Rank: m.rank, User: m.UserID} })
	out.Count = func() (int, error) {
		var n int
		return n, s.pool.QueryRow(ctx, `SELECT count(*) FROM twinning_members WHERE twinning_id = $1`, t.ID).Scan(&n)
	}
	return out, nil
}

// RequestJoin asks to join a space. Any signed-in member of Gemella who may see the
// twinning; asking again while a request waits returns that request.
func (s *Service) RequestJoin(ctx context.Context, twinningID int64, message string) (*JoinRequest, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	message = strings.TrimSpace(message)
	if utf8.RuneCountInString(message) > maxJoinNote {
		return nil, apperr.New(apperr.TooLarge, "message", "twinning.join.message.too_long").With("Max", maxJoinNote)
	}
	var jr *JoinRequest
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		var one int
		if err := tx.QueryRow(ctx, `SELECT 1 FROM twinnings WHERE id = $1`, twinningID).Scan(&one); err != nil {
			return store.Translate(err, errNotFound)
		}
		if _, err := memberOf(ctx, tx, twinningID, u.ID); err == nil {
			return apperr.New(apperr.Conflict, "twinningId", "twinning.join.already_member")
		} else if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO twinning_join_requests (twinning_id, user_id, message) VALUES ($1, $2, $3)
			ON CONFLICT (twinning_id, user_id) WHERE status = 'PENDING' DO NOTHING`, twinningID, u.ID, message); err != nil {
			return err
		}
		jr, err = scanJoin(tx.QueryRow(ctx, `SELECT `+joinColumns+` FROM twinning_join_requests
			WHERE twinning_id = $1 AND user_id = $2 AND status = 'PENDING'`, twinningID, u.ID))
		return err
	})
	return jr, err
}

const joinColumns = `id, twinning_id, user_id, message, status, created_at`

func scanJoin(row pgx.Row) (*JoinRequest, error) {
	j := &JoinRequest{}
	return j, row.Scan(&j.ID, &j.TwinningID, &j.UserID, &j.Message, &j.Status, &j.CreatedAt)
}

// DecideJoin approves (with a role) or refuses a pending request. The space's managers.
func (s *Service) DecideJoin(ctx context.Context, requestID int64, approve bool, role Role) (*JoinRequest, error) {
	if approve && !validRole(role) {
		return nil, apperr.New(apperr.Invalid, "role", "twinning.role.invalid")
	}
	var jr *JoinRequest
	err := store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		cur, err := scanJoin(tx.QueryRow(ctx, `SELECT `+joinColumns+` FROM twinning_join_requests WHERE id = $1 AND status = 'PENDING' FOR UPDATE`, requestID))
		if err != nil {
			return store.Translate(err, apperr.New(apperr.NotFound, "requestId", "twinning.join.not_found"))
		}
		t, err := s.lockManaged(ctx, tx, cur.TwinningID)
		if err != nil {
			if apperr.Is(err, apperr.NotFound) {
				return apperr.New(apperr.NotFound, "requestId", "twinning.join.not_found")
			}
			return err
		}
		u := auth.Viewer(ctx)
		status := "REFUSED"
		if approve {
			status = "APPROVED"
			if err := upsertMember(ctx, tx, t.ID, cur.UserID, role, u.ID); err != nil {
				return err
			}
		}
		jr, err = scanJoin(tx.QueryRow(ctx, `UPDATE twinning_join_requests SET status = $2, decided_by = $3, decided_at = now()
			WHERE id = $1 RETURNING `+joinColumns, cur.ID, status, u.ID))
		return err
	})
	return jr, err
}

// PendingJoins returns the requests waiting in a space, oldest first, for its managers.
func (s *Service) PendingJoins(ctx context.Context, t *Twinning) ([]*JoinRequest, error) {
	ok, err := s.CanManage(ctx, t)
	if err != nil || !ok {
		return nil, err
	}
	return store.Collect(ctx, s.pool, `SELECT `+joinColumns+` FROM twinning_join_requests
		WHERE twinning_id = $1 AND status = 'PENDING' ORDER BY id LIMIT 200`, []any{t.ID}, scanJoin)
}

// ViewerRequest returns the viewer's pending request to join t, if any.
func (s *Service) ViewerRequest(ctx context.Context, t *Twinning) (*JoinRequest, error) {
	u := auth.Viewer(ctx)
	if u == nil {
		return nil, nil
	}
	j, err := scanJoin(s.pool.QueryRow(ctx, `SELECT `+joinColumns+` FROM twinning_join_requests
		WHERE twinning_id = $1 AND user_id = $2 AND status = 'PENDING'`, t.ID, u.ID))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return j, err
}
