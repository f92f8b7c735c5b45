package seed

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/discussion"
	"github.com/gemella/gemella/internal/guideline"
	"github.com/gemella/gemella/internal/practice"
	"github.com/gemella/gemella/internal/question"
	"github.com/gemella/gemella/internal/store"
	"github.com/gemella/gemella/internal/workshop"
)

const runName = "demo"

// Load writes the demo data once, in one transaction, and (re)sets the demo accounts'
// password on every call, since dev prints a new random one when none is configured.
// It reports whether the content was loaded by this call.
func Load(ctx context.Context, pool *pgxpool.Pool, accounts *auth.Service, guidelines *guideline.Service, password string) (bool, error) {
	loaded := false
	// The guidelines' files are written to the bucket before the transaction commits:
	// they are deleted if it does not.
	var prepared []*guideline.Prepared
	err := store.WithTx(ctx, pool, func(tx pgx.Tx) error {
		// Serialise concurrent loaders (two dev processes on one database).
		if _, err := tx.Exec(ctx, `LOCK TABLE seed_runs IN EXCLUSIVE MODE`); err != nil {
			return err
		}
		var done bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM seed_runs WHERE name = $1)`, runName).Scan(&done); err != nil {
			return err
		}
		// The upcoming workshops are dated from this load; a reload writes nothing, so they
		// keep the dates of the first one.
		l := &loader{tx: tx, now: time.Now(), regions: map[string]int64{}, areas: map[string]int64{}, centers: map[string]int64{}, users: map[string]int64{}, twins: map[string]int64{}}
		if !done {
			if err := l.directory(ctx); err != nil {
				return fmt.Errorf("seeding the directory: %w", err)
			}
		} else if err := l.readDirectory(ctx); err != nil {
			return err
		}
		if err := l.accounts(ctx, accounts, password); err != nil {
			return fmt.Errorf("seeding demo accounts: %w", err)
		}
		if done {
			return nil
		}
		if err := l.twinnings(ctx); err != nil {
			return fmt.Errorf("seeding twinnings: %w", err)
		}
		if err := l.questions(ctx); err != nil {
			return fmt.Errorf("seeding questions: %w", err)
		}
		if err := l.guidelines(ctx, guidelines, &prepared); err != nil {
			return fmt.Errorf("seeding guidelines: %w", err)
		}
		if err := l.practices(ctx); err != nil {
			return fmt.Errorf("seeding practices: %w", err)
		}
		if err := l.workshops(ctx); err != nil {
			return fmt.Errorf("seeding workshops: %w", err)
		}
		loaded = true
		_, err := tx.Exec(ctx, `INSERT INTO seed_runs (name) VALUES ($1)`, runName)
		return err
	})
	if err != nil {
		for _, p := range prepared {
			guidelines.Discard(ctx, p)
		}
		return false, err
	}
	return loaded, nil
}

type loader struct {
	tx      pgx.Tx
	now     time.Time
	regions map[string]int64
	areas   map[string]int64
	centers map[string]int64
	users   map[string]int64
	twins   map[string]int64
}

func (l *loader) directory(ctx context.Context) error {
	for _, r := range Regions {
		var id int64
		if err := l.tx.QueryRow(ctx, `INSERT INTO regions (code, name) VALUES ($1, $2) RETURNING id`, r.Code, r.Name).Scan(&id); err != nil {
			return err
		}
		l.regions[r.Code] = id
	}
	for _, a := range ServiceAreas {
		var id int64
		if err := l.tx.QueryRow(ctx, `INSERT INTO service_areas (slug, name, description) VALUES ($1, $2, $3) RETURNING id`,
			a.Slug, a.Name, a.Description).Scan(&id); err != nil {
			return err
		}
		l.areas[a.Slug] = id
	}
	for _, c := range Centers {
		var id int64
		if err := l.tx.QueryRow(ctx, `INSERT INTO centers (key, name, municipality, region_id, promoting_body)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, c.Key, c.Name, c.Municipality, l.regions[c.RegionCode], c.PromotingBody).Scan(&id); err != nil {
			return err
		}
		l.centers[c.Key] = id
		for _, s := range c.Services {
			if _, err := l.tx.Exec(ctx, `INSERT INTO center_services (center_id, service_area_id) VALUES ($1, $2)`, id, l.areas[s]); err != nil {
				return err
			}
		}
	}
	return nil
}

// readDirectory maps the seed's keys to the ids a previous load gave them.
func (l *loader) readDirectory(ctx context.Context) error {
	for table, m := range map[string]map[string]int64{
		`SELECT code, id FROM regions`:       l.regions,
		`SELECT slug, id FROM service_areas`: l.areas,
		`SELECT key, id FROM centers`:        l.centers,
	} {
		rows, err := l.tx.Query(ctx, table)
		if err != nil {
			return err
		}
		var k string
		var id int64
		if _, err := pgx.ForEachRow(rows, []any{&k, &id}, func() error { m[k] = id; return nil }); err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) accounts(ctx context.Context, accounts *auth.Service, password string) error {
	for _, u := range Users {
		au := auth.User{Email: u.Email, DisplayName: u.DisplayName}
		for _, r := range u.Roles {
			au.Roles = append(au.Roles, auth.Role(r))
		}
		if id, ok := l.centers[u.CenterKey]; ok {
			au.CenterID = &id
		}
		if id, ok := l.regions[u.RegionCode]; ok {
			au.RegionID = &id
		}
		created, err := accounts.EnsureUser(ctx, l.tx, au, password)
		if err != nil {
			return err
		}
		l.users[u.Email] = created.ID
	}
	return nil
}

func (l *loader) twinnings(ctx context.Context) error {
	for _, t := range Twinnings {
		threadID, err := discussion.Open(ctx, l.tx, t.Title, nil)
		if err != nil {
			return err
		}
		var id int64
		if err := l.tx.QueryRow(ctx, `INSERT INTO twinnings (key, title, summary, service_area_id, lead_center_id, lead_region_id, visit_schema, discussion_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			t.Key, t.Title, t.Summary, l.areas[t.ServiceAreaSlug], l.centers[t.LeadCenterKey], l.regions[t.LeadRegionCode],
			t.VisitSchema, threadID).Scan(&id); err != nil {
			return err
		}
		l.twins[t.Key] = id
		if err := discussion.SetSpace(ctx, l.tx, threadID, &id); err != nil {
			return err
		}
		for email, role := range t.Members {
			if _, err := l.tx.Exec(ctx, `INSERT INTO twinning_members (twinning_id, user_id, role) VALUES ($1, $2, $3)`,
				id, l.users[email], role); err != nil {
				return err
			}
		}
		for i, c := range t.ReceivingCenterKeys {
			if _, err := l.tx.Exec(ctx, `INSERT INTO twinning_receiving_centers (twinning_id, center_id, position) VALUES ($1, $2, $3)`,
				id, l.centers[c], i); err != nil {
				return err
			}
		}
		for i, r := range t.ReceivingRegionCodes {
			if _, err := l.tx.Exec(ctx, `INSERT INTO twinning_receiving_regions (twinning_id, region_id, position) VALUES ($1, $2, $3)`,
				id, l.regions[r], i); err != nil {
				return err
			}
		}
		for _, p := range t.Phases {
			var ends any
			if !p.EndsOn.IsZero() {
				ends = p.EndsOn.Format("2006-01-02")
			}
			if _, err := l.tx.Exec(ctx, `INSERT INTO twinning_phases (twinning_id, kind, starts_on, ends_on, note) VALUES ($1, $2, $3, $4, $5)`,
				id, p.Kind, p.StartsOn.Format("2006-01-02"), ends, p.Note); err != nil {
				return err
			}
		}
		for _, e := range t.Events {
			if _, err := l.tx.Exec(ctx, `INSERT INTO twinning_events (twinning_id, title, starts_at, ends_at, place) VALUES ($1, $2, $3, $4, $5)`,
				id, e.Title, e.StartsAt, e.EndsAt, e.Place); err != nil {
				return err
			}
		}
	}
	return nil
}

// questions inserts the demo Q&A directly: the seed is trusted content checked by its own
// test, and it must land in the same transaction as the rest.
func (l *loader) questions(ctx context.Context) error {
	for _, q := range Questions {
		var area, region *int64
		if id, ok := l.areas[q.ServiceAreaSlug]; ok {
			area = &id
		}
		if id, ok := l.regions[q.RegionCode]; ok {
			region = &id
		}
		threadID, err := discussion.Open(ctx, l.tx, q.Title, nil)
		if err != nil {
			return err
		}
		var qid int64
		if err := l.tx.QueryRow(ctx, `INSERT INTO questions (author_id, title, body, tags, service_area_id, region_id, answer_count, discussion_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			l.users[q.AuthorEmail], q.Title, q.Body, q.Tags, area, region, len(q.Answers), threadID).Scan(&qid); err != nil {
			return err
		}
		for i, a := range q.Answers {
			var aid int64
			if err := l.tx.QueryRow(ctx, `INSERT INTO answers (question_id, author_id, body) VALUES ($1, $2, $3) RETURNING id`,
				qid, l.users[a.AuthorEmail], a.Body).Scan(&aid); err != nil {
				return err
			}
			if i == q.AcceptedAnswer {
				if _, err := l.tx.Exec(ctx, `UPDATE questions SET accepted_answer_id = $2 WHERE id = $1`, qid, aid); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// guidelines imports the demo guidelines through the same path as an upload, so that they
// are sectioned and queued for search like any other.
func (l *loader) guidelines(ctx context.Context, svc *guideline.Service, prepared *[]*guideline.Prepared) error {
	for _, g := range Guidelines {
		year := g.Year
		in := guideline.ImportInput{
			FileName: g.Key + ".md", File: strings.NewReader(g.Body), Title: g.Title,
			ServiceAreaSlug: &g.ServiceAreaSlug, Year: &year,
		}
		if id, ok := l.twins[g.TwinningKey]; ok {
			in.TwinningID = &id
		}
		for _, r := range g.RegionCodes {
			in.RegionIDs = append(in.RegionIDs, l.regions[r])
		}
		p, err := svc.Prepare(ctx, in)
		if err != nil {
			return fmt.Errorf("%s: %w", g.Key, err)
		}
		*prepared = append(*prepared, p)
		if _, err := svc.Store(ctx, l.tx, nil, p); err != nil {
			return fmt.Errorf("%s: %w", g.Key, err)
		}
	}
	// The questions were written directly: queue them for search in the same transaction.
	_, err := l.tx.Exec(ctx, `INSERT INTO search_outbox (kind, entity_id) SELECT $1, id FROM questions`, question.SearchKind)
	return err
}

// practices inserts the demo practices and their adoptions directly, as the questions are,
// and queues them for search in the same transaction.
func (l *loader) practices(ctx context.Context) error {
	for _, p := range Practices {
		var space *int64
		if id, ok := l.twins[p.TwinningKey]; ok {
			space = &id
		}
		threadID, err := discussion.Open(ctx, l.tx, p.Title, space)
		if err != nil {
			return err
		}
		var id int64
		if err := l.tx.QueryRow(ctx, `INSERT INTO practices (author_id, space_id, center_id, service_area_id, title, summary,
				context, objectives, target, activities, outcomes, resources, tags, maturity, evidence, discussion_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
			l.users[p.AuthorEmail], space, l.centers[p.CenterKey], l.areas[p.ServiceAreaSlug], p.Title, p.Summary,
			p.Context, p.Objectives, p.Target, p.Activities, p.Outcomes, p.Resources, p.Tags, p.Maturity, p.Evidence, threadID).Scan(&id); err != nil {
			return fmt.Errorf("%s: %w", p.Key, err)
		}
		for _, a := range p.Adoptions {
			if _, err := l.tx.Exec(ctx, `INSERT INTO practice_adoptions (practice_id, center_id, kind, note, recorded_by)
				VALUES ($1, $2, $3, $4, $5)`, id, l.centers[a.CenterKey], a.Kind, a.Note, l.users[a.RecorderEmail]); err != nil {
				return fmt.Errorf("%s: %w", p.Key, err)
			}
		}
	}
	_, err := l.tx.Exec(ctx, `INSERT INTO search_outbox (kind, entity_id) SELECT $1, id FROM practices`, practice.SearchKind)
	return err
}

// workshops inserts the demo workshops with their sessions and threads, and queues them for
// search in the same transaction.
func (l *loader) workshops(ctx context.Context) error {
	for _, w := range Workshops(l.now) {
		var space, host, area *int64
		if id, ok := l.twins[w.TwinningKey]; ok {
			space = &id
		}
		if id, ok := l.centers[w.HostCenterKey]; ok {
			host = &id
		}
		if id, ok := l.areas[w.ServiceAreaSlug]; ok {
			area = &id
		}
		threadID, err := discussion.Open(ctx, l.tx, w.Title, space)
		if err != nil {
			return err
		}
		start, end := w.Sessions[0].Start, w.Sessions[len(w.Sessions)-1].End
		var id int64
		if err := l.tx.QueryRow(ctx, `INSERT INTO workshops (owner_id, space_id, discussion_id, title, description, kind, mode,
				service_area_id, host_center_id, capacity, starts_at, ends_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
			l.users[w.TrainerEmail], space, threadID, w.Title, w.Description, w.Kind, w.Mode, area, host, w.Capacity, start, end).Scan(&id); err != nil {
			return fmt.Errorf("%s: %w", w.Key, err)
		}
		if err := discussion.KeepFor(ctx, l.tx, threadID, id); err != nil {
			return err
		}
		if _, err := l.tx.Exec(ctx, `INSERT INTO workshop_trainers (workshop_id, user_id, position) VALUES ($1, $2, 1)`,
			id, l.users[w.TrainerEmail]); err != nil {
			return err
		}
		for _, s := range w.Sessions {
			if _, err := l.tx.Exec(ctx, `INSERT INTO workshop_sessions (workshop_id, starts_at, ends_at, place, online_url)
				VALUES ($1, $2, $3, nullif($4, ''), nullif($5, ''))`, id, s.Start, s.End, s.Place, s.OnlineURL); err != nil {
				return fmt.Errorf("%s: %w", w.Key, err)
			}
		}
	}
	_, err := l.tx.Exec(ctx, `INSERT INTO search_outbox (kind, entity_id) SELECT $1, id FROM workshops`, workshop.SearchKind)
	return err
}
