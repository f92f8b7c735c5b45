package practice

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/discussion"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/store"
)

// practiceColumns reads a practice with its space's level, in one row.
const practiceColumns = `p.id, p.author_id, p.space_id, coalesce(ps.visibility, ''), p.center_id, p.service_area_id,
	p.title, p.summary, p.context, p.objectives, p.target, p.activities, p.outcomes, p.resources, p.tags,
	p.maturity, p.evidence, p.revision, p.created_at, p.updated_at, p.discussion_id`

const practiceFrom = ` FROM practices p LEFT JOIN twinnings ps ON ps.id = p.space_id`

func scanPractice(row pgx.Row) (*Practice, error) {
	p := &Practice{}
	var level, maturity string
	err := row.Scan(&p.ID, &p.AuthorID, &p.SpaceID, &level, &p.CenterID, &p.ServiceAreaID,
		&p.Title, &p.Summary, &p.Context, &p.Objectives, &p.Target, &p.Activities, &p.Outcomes, &p.Resources, &p.Tags,
		&maturity, &p.Evidence, &p.Revision, &p.CreatedAt, &p.UpdatedAt, &p.DiscussionID)
	p.SpaceLevel, p.Maturity = access.Level(level), Maturity(maturity)
	return p, err
}

// practiceByID reads one practice the scope may read.
func practiceByID(ctx context.Context, q store.Querier, scope *access.Scope, id int64, forUpdate bool) (*Practice, error) {
	sql := `SELECT ` + practiceColumns + practiceFrom + ` WHERE p.id = $1 AND ` + scope.Predicate("p.space_id", 2)
	if forUpdate {
		sql += ` FOR UPDATE OF p`
	}
	p, err := scanPractice(q.QueryRow(ctx, sql, id, scope.Arg()))
	return p, store.Translate(err, errNotFound)
}

func practicesByIDs(ctx context.Context, q store.Querier, scope *access.Scope, ids []int64) (map[int64]*Practice, error) {
	list, err := store.Collect(ctx, q, `SELECT `+practiceColumns+practiceFrom+` WHERE p.id = ANY($1) AND `+scope.Predicate("p.space_id", 2),
		[]any{ids, scope.Arg()}, scanPractice)
	return store.ByID(list, func(p *Practice) int64 { return p.ID }), err
}

func insertPractice(ctx context.Context, q store.Querier, authorID int64, p *Practice) (int64, error) {
	threadID, err := discussion.Open(ctx, q, p.Title, p.SpaceID)
	if err != nil {
		return 0, err
	}
	var id int64
	err = q.QueryRow(ctx, `INSERT INTO practices (author_id, space_id, center_id, service_area_id, title, summary, context,
			objectives, target, activities, outcomes, resources, tags, maturity, evidence, discussion_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
		authorID, p.SpaceID, p.CenterID, p.ServiceAreaID, p.Title, p.Summary, p.Context,
		p.Objectives, p.Target, p.Activities, p.Outcomes, p.Resources, p.Tags, string(p.Maturity), p.Evidence, threadID).Scan(&id)
	return id, err
}

// updatePractice writes next over the current version, which it first keeps as a revision.
func updatePractice(ctx context.Context, q store.Querier, editorID int64, cur, next *Practice) error {
	if _, err := q.Exec(ctx, `INSERT INTO practice_revisions (practice_id, revision, title, summary, context, objectives,
			target, activities, outcomes, resources, tags, maturity, evidence, editor_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		cur.ID, cur.Revision, cur.Title, cur.Summary, cur.Context, cur.Objectives, cur.Target, cur.Activities,
		cur.Outcomes, cur.Resources, cur.Tags, string(cur.Maturity), cur.Evidence, editorID); err != nil {
		return err
	}
	_, err := q.Exec(ctx, `UPDATE practices SET center_id = $2, service_area_id = $3, title = $4, summary = $5, context = $6,
			objectives = $7, target = $8, activities = $9, outcomes = $10, resources = $11, tags = $12, maturity = $13,
			evidence = $14, revision = revision + 1, updated_at = now()
		WHERE id = $1`,
		cur.ID, next.CenterID, next.ServiceAreaID, next.Title, next.Summary, next.Context, next.Objectives, next.Target,
		next.Activities, next.Outcomes, next.Resources, next.Tags, string(next.Maturity), next.Evidence)
	return err
}

// listPractices pages through the practices the scope may read, newest first.
func listPractices(ctx context.Context, db store.Querier, scope *access.Scope, f Filter, p paging.Page) (paging.Result[*Practice], error) {
	var after int64
	hasAfter, err := p.Decode(&after)
	if err != nil {
		return paging.Result[*Practice]{}, err
	}
	var maturity *string
	if f.Maturity != nil {
		m := string(*f.Maturity)
		maturity = &m
	}
	where := `($1::text IS NULL OR p.service_area_id = (SELECT id FROM service_areas WHERE slug = $1))
		AND ($2::bigint IS NULL OR p.center_id IN (SELECT id FROM centers WHERE region_id = $2))
		AND ($3::bigint IS NULL OR p.center_id = $3)
		AND ($4::text IS NULL OR p.maturity = $4)
		AND ($5::text IS NULL OR p.tags @> ARRAY[$5::text])
		AND ($6::bigint IS NULL OR p.space_id = $6)
		AND ` + scope.Predicate("p.space_id", 7)
	args := []any{f.ServiceAreaSlug, f.RegionID, f.CenterID, maturity, f.Tag, f.SpaceID, scope.Arg()}
	seek := `true`
	if hasAfter {
		seek = `p.id < $8`
		args = append(args, after)
	}
	list, err := store.Collect(ctx, db, `SELECT `+practiceColumns+practiceFrom+` WHERE `+where+` AND `+seek+
		` ORDER BY p.id DESC LIMIT `+strconv.Itoa(p.First+1), args, scanPractice)
	if err != nil {
		return paging.Result[*Practice]{}, err
	}
	r := paging.Trim(list, p, func(p *Practice) any { return p.ID })
	r.Count = func() (int, error) {
		var n int
		return n, db.QueryRow(ctx, `SELECT count(*) FROM practices p WHERE `+where, args[:7]...).Scan(&n)
	}
	return r, nil
}

func revisionsOf(ctx context.Context, q store.Querier, ids []int64) (map[int64][]*Revision, error) {
	// The newest paging.HistorySize of each practice, oldest first.
	rows, err := q.Query(ctx, `SELECT practice_id, revision, title, summary, context, objectives, target, activities,
			outcomes, resources, tags, maturity, evidence, editor_id, created_at
		FROM (SELECT *, row_number() OVER (PARTITION BY practice_id ORDER BY revision DESC) n
			FROM practice_revisions WHERE practice_id = ANY($1)) r
		WHERE n <= $2 ORDER BY practice_id, revision`, ids, paging.HistorySize)
	if err != nil {
		return nil, err
	}
	out := map[int64][]*Revision{}
	var id int64
	var maturity string
	r := Revision{}
	_, err = pgx.ForEachRow(rows, []any{&id, &r.Number, &r.Title, &r.Summary, &r.Context, &r.Objectives, &r.Target,
		&r.Activities, &r.Outcomes, &r.Resources, &r.Tags, &maturity, &r.Evidence, &r.EditorID, &r.CreatedAt}, func() error {
		c := r
		c.Maturity = Maturity(maturity)
		out[id] = append(out[id], &c)
		return nil
	})
	return out, err
}

// upsertAdoption records a centre's adoption; recording again replaces kind and note.
func upsertAdoption(ctx context.Context, q store.Querier, a *Adoption) (*Adoption, error) {
	out := &Adoption{}
	var kind string
	err := q.QueryRow(ctx, `INSERT INTO practice_adoptions (practice_id, center_id, kind, note, recorded_by)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (practice_id, center_id) DO UPDATE
			SET kind = excluded.kind, note = excluded.note, recorded_by = excluded.recorded_by, updated_at = now()
		RETURNING practice_id, center_id, kind, note, recorded_by, created_at, updated_at`,
		a.PracticeID, a.CenterID, string(a.Kind), a.Note, a.RecorderID).
		Scan(&out.PracticeID, &out.CenterID, &kind, &out.Note, &out.RecorderID, &out.CreatedAt, &out.UpdatedAt)
	out.Kind = AdoptionKind(kind)
	return out, err
}

func adoptionsOf(ctx context.Context, q store.Querier, ids []int64) (map[int64][]*Adoption, error) {
	rows, err := q.Query(ctx, `SELECT practice_id, center_id, kind, note, recorded_by, created_at, updated_at
		FROM practice_adoptions WHERE practice_id = ANY($1) ORDER BY practice_id, created_at, center_id`, ids)
	if err != nil {
		return nil, err
	}
	out := map[int64][]*Adoption{}
	var kind string
	a := Adoption{}
	_, err = pgx.ForEachRow(rows, []any{&a.PracticeID, &a.CenterID, &kind, &a.Note, &a.RecorderID, &a.CreatedAt, &a.UpdatedAt}, func() error {
		c := a
		c.Kind = AdoptionKind(kind)
		out[c.PracticeID] = append(out[c.PracticeID], &c)
		return nil
	})
	return out, err
}
