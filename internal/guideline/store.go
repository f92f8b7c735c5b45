package guideline

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/ingest"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/store"
)

var errNotFound = apperr.New(apperr.NotFound, "guidelineId", "guideline.not_found")

const columns = `g.id, g.title, g.service_area_id, g.twinning_id, g.year, g.version, g.kind, g.file_id, g.section_count,
	g.discussion_id, g.created_by, g.created_at, g.updated_at`

func scan(row pgx.Row) (*Guideline, error) {
	g := &Guideline{}
	return g, row.Scan(&g.ID, &g.Title, &g.ServiceAreaID, &g.TwinningID, &g.Year, &g.Version, &g.Kind, &g.FileID,
		&g.SectionCount, &g.DiscussionID, &g.CreatedBy, &g.CreatedAt, &g.UpdatedAt)
}

func guidelineByID(ctx context.Context, q store.Querier, scope *access.Scope, id int64) (*Guideline, error) {
	g, err := scan(q.QueryRow(ctx, `SELECT `+columns+` FROM guidelines g WHERE g.id = $1 AND `+scope.Predicate("g.twinning_id", 2), id, scope.Arg()))
	return g, store.Translate(err, errNotFound)
}

func guidelinesByIDs(ctx context.Context, q store.Querier, scope *access.Scope, ids []int64) (map[int64]*Guideline, error) {
	list, err := store.Collect(ctx, q, `SELECT `+columns+` FROM guidelines g WHERE g.id = ANY($1) AND `+scope.Predicate("g.twinning_id", 2),
		[]any{ids, scope.Arg()}, scan)
	return store.ByID(list, func(g *Guideline) int64 { return g.ID }), err
}

func checkTwinning(ctx context.Context, q store.Querier, id int64) error {
	var one int
	err := q.QueryRow(ctx, `SELECT 1 FROM twinnings WHERE id = $1`, id).Scan(&one)
	return store.Translate(err, apperr.New(apperr.Invalid, "twinningId", "guideline.twinning.unknown"))
}

// reserveID takes the id of a guideline about to be written.
func reserveID(ctx context.Context, q store.Querier) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `SELECT nextval(pg_get_serial_sequence('guidelines', 'id'))`).Scan(&id)
	return id, err
}

func insertGuideline(ctx context.Context, q store.Querier, g *Guideline, doc *ingest.Document) error {
	_, err := q.Exec(ctx, `INSERT INTO guidelines (id, title, service_area_id, twinning_id, year, kind, file_id, text, section_count, discussion_id, created_by)
		OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		g.ID, g.Title, g.ServiceAreaID, g.TwinningID, g.Year, g.Kind, g.FileID, doc.Text, len(doc.Sections), g.DiscussionID, g.CreatedBy)
	return err
}

// lockOwner locks a guideline for a new version and returns who published it (nil for
// the demo data and command-line imports).
func lockOwner(ctx context.Context, q store.Querier, scope *access.Scope, id int64) (owner, space *int64, err error) {
	err = q.QueryRow(ctx, `SELECT g.created_by, g.twinning_id FROM guidelines g WHERE g.id = $1 AND `+scope.Predicate("g.twinning_id", 2)+` FOR UPDATE`,
		id, scope.Arg()).Scan(&owner, &space)
	return owner, space, store.Translate(err, errNotFound)
}

// newVersion replaces a guideline's document, keeping its id, owner, space and thread: its
// sections are replaced and the version number goes up, while the earlier files stay in
// guideline_versions.
func newVersion(ctx context.Context, q store.Querier, g *Guideline, doc *ingest.Document) error {
	if _, err := q.Exec(ctx, `UPDATE guidelines SET title = $2, service_area_id = $3, year = $4, kind = $5,
		file_id = $6, text = $7, section_count = $8, version = version + 1, updated_at = now() WHERE id = $1`,
		g.ID, g.Title, g.ServiceAreaID, g.Year, g.Kind, g.FileID, doc.Text, len(doc.Sections)); err != nil {
		return err
	}
	_, err := q.Exec(ctx, `DELETE FROM guideline_sections WHERE guideline_id = $1`, g.ID)
	return err
}

// recordVersion keeps the guideline's current version, with its file, in the history.
func recordVersion(ctx context.Context, q store.Querier, id int64, uploader *int64) error {
	_, err := q.Exec(ctx, `INSERT INTO guideline_versions (guideline_id, version, title, kind, file_id, uploaded_by)
		SELECT id, version, title, kind, file_id, $2 FROM guidelines WHERE id = $1`, id, uploader)
	return err
}

func versionsOf(ctx context.Context, q store.Querier, ids []int64) (map[int64][]*Version, error) {
	list, err := store.Collect(ctx, q, `SELECT guideline_id, version, title, kind, file_id, created_at
		FROM guideline_versions WHERE guideline_id = ANY($1) ORDER BY guideline_id, version DESC`, []any{ids},
		func(row pgx.Row) (*Version, error) {
			v := &Version{}
			return v, row.Scan(&v.GuidelineID, &v.Version, &v.Title, &v.Kind, &v.FileID, &v.CreatedAt)
		})
	out := make(map[int64][]*Version, len(ids))
	for _, v := range list {
		out[v.GuidelineID] = append(out[v.GuidelineID], v)
	}
	return out, err
}

func replaceRegions(ctx context.Context, q store.Querier, id int64, regionIDs []int64) error {
	if _, err := q.Exec(ctx, `DELETE FROM guideline_regions WHERE guideline_id = $1`, id); err != nil {
		return err
	}
	_, err := q.Exec(ctx, `INSERT INTO guideline_regions (guideline_id, region_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`, id, regionIDs)
	return err
}

// insertSections copies the sections in one round trip: a long PDF has hundreds.
func insertSections(ctx context.Context, tx pgx.Tx, id int64, sections []ingest.Section) error {
	rows := make([][]any, len(sections))
	for i, s := range sections {
		rows[i] = []any{id, s.Position, s.HeadingPath, s.Anchor, s.Text, s.Marks, s.Page}
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"guideline_sections"},
		[]string{"guideline_id", "position", "heading_path", "anchor", "text", "marks", "page"}, pgx.CopyFromRows(rows))
	return err
}

func listGuidelines(ctx context.Context, q store.Querier, scope *access.Scope, f Filter, p paging.Page) (paging.Result[*Guideline], error) {
	var after int64
	hasAfter, err := p.Decode(&after)
	if err != nil {
		return paging.Result[*Guideline]{}, err
	}
	if !hasAfter {
		after = 1<<63 - 1
	}
	where := `($1::text IS NULL OR g.service_area_id = (SELECT id FROM service_areas WHERE slug = $1))
		AND ($2::bigint IS NULL OR g.twinning_id = $2)
		AND ($3::bigint IS NULL OR EXISTS (SELECT 1 FROM guideline_regions r WHERE r.guideline_id = g.id AND r.region_id = $3))
		AND ($4::int IS NULL OR g.year = $4)
		AND ` + scope.Predicate("g.twinning_id", 5)
	args := []any{f.ServiceAreaSlug, f.TwinningID, f.RegionID, f.Year, scope.Arg()}
	list, err := store.Collect(ctx, q, `SELECT `+columns+` FROM guidelines g WHERE `+where+` AND g.id < $6 ORDER BY g.id DESC LIMIT `+
		strconv.Itoa(p.First+1), append(args, after), scan)
	if err != nil {
		return paging.Result[*Guideline]{}, err
	}
	r := paging.Trim(list, p, func(g *Guideline) any { return g.ID })
	r.Count = func() (int, error) {
		var n int
		return n, q.QueryRow(ctx, `SELECT count(*) FROM guidelines g WHERE `+where, args...).Scan(&n)
	}
	return r, nil
}

const sectionColumns = `s.id, s.guideline_id, s.position, s.heading_path, s.anchor, s.text, s.marks, s.page`

func scanSection(row pgx.Row) (*Section, error) {
	s := &Section{}
	return s, row.Scan(&s.ID, &s.GuidelineID, &s.Position, &s.HeadingPath, &s.Anchor, &s.Text, &s.Marks, &s.Page)
}

func sectionsByIDs(ctx context.Context, q store.Querier, scope *access.Scope, ids []int64) (map[int64]*Section, error) {
	list, err := store.Collect(ctx, q, `SELECT `+sectionColumns+` FROM guideline_sections s JOIN guidelines g ON g.id = s.guideline_id
		WHERE s.id = ANY($1) AND `+scope.Predicate("g.twinning_id", 2), []any{ids, scope.Arg()}, scanSection)
	return store.ByID(list, func(s *Section) int64 { return s.ID }), err
}

func listSections(ctx context.Context, q store.Querier, guidelineID int64, p paging.Page) (paging.Result[*Section], error) {
	after := -1
	if _, err := p.Decode(&after); err != nil {
		return paging.Result[*Section]{}, err
	}
	list, err := store.Collect(ctx, q, `SELECT `+sectionColumns+` FROM guideline_sections s
		WHERE s.guideline_id = $1 AND s.position > $2 ORDER BY s.position LIMIT `+strconv.Itoa(p.First+1),
		[]any{guidelineID, after}, scanSection)
	if err != nil {
		return paging.Result[*Section]{}, err
	}
	return paging.Trim(list, p, func(s *Section) any { return s.Position }), nil
}

func regionsOf(ctx context.Context, q store.Querier, ids []int64) (map[int64][]int64, error) {
	rows, err := q.Query(ctx, `SELECT guideline_id, region_id FROM guideline_regions WHERE guideline_id = ANY($1) ORDER BY region_id`, ids)
	if err != nil {
		return nil, err
	}
	out := map[int64][]int64{}
	var gid, rid int64
	_, err = pgx.ForEachRow(rows, []any{&gid, &rid}, func() error {
		out[gid] = append(out[gid], rid)
		return nil
	})
	return out, err
}

func guidelinesOfTwinnings(ctx context.Context, q store.Querier, scope *access.Scope, ids []int64) (map[int64][]*Guideline, error) {
	list, err := store.Collect(ctx, q, `SELECT `+columns+` FROM guidelines g WHERE g.twinning_id = ANY($1) AND `+scope.Predicate("g.twinning_id", 2)+
		` ORDER BY g.id DESC`, []any{ids, scope.Arg()}, scan)
	out := map[int64][]*Guideline{}
	for _, g := range list {
		out[*g.TwinningID] = append(out[*g.TwinningID], g)
	}
	return out, err
}

// updateGuideline sets the fields given (nil: unchanged; clearArea removes the area).
func updateGuideline(ctx context.Context, q store.Querier, id int64, title *string, area *int64, clearArea bool, year *int) error {
	_, err := q.Exec(ctx, `UPDATE guidelines SET title = coalesce($2, title),
		service_area_id = CASE WHEN $4 THEN NULL ELSE coalesce($3, service_area_id) END,
		year = coalesce($5, year), updated_at = now() WHERE id = $1`, id, title, area, clearArea, year)
	return err
}

// deleteGuideline deletes g (its sections, regions and versions go with it), then the
// files of all its versions and its discussion, which nothing else refers to.
// deleteGuideline removes a guideline, its versions and sections and its thread; its files
// are the file service's to remove.
func deleteGuideline(ctx context.Context, q store.Querier, g *Guideline) error {
	if _, err := q.Exec(ctx, `DELETE FROM guidelines WHERE id = $1`, g.ID); err != nil {
		return err
	}
	_, err := q.Exec(ctx, `DELETE FROM discussions WHERE id = $1`, g.DiscussionID)
	return err
}
