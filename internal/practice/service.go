package practice

import (
	"context"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/directory"
	"github.com/gemella/gemella/internal/file"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/plaintext"
	"github.com/gemella/gemella/internal/search"
	"github.com/gemella/gemella/internal/store"
	"github.com/gemella/gemella/internal/tag"
)

// Service is the good-practice use cases. Every read takes the viewer's scope from the
// context; every write is one transaction and checks who may do it.
type Service struct {
	pool  *pgxpool.Pool
	dir   *directory.Service
	files *file.Service
}

// NewService returns the practice service; its attachments are kept by files.
func NewService(pool *pgxpool.Pool, dir *directory.Service, files *file.Service) *Service {
	return &Service{pool: pool, dir: dir, files: files}
}

// maxAttachments bounds a practice's files: material to read, not an archive.
const maxAttachments = 20

// Attach stores a file (a handout, a form, a report) with a practice, in the practice's
// space. The author or a moderator, on a practice they can read. The bytes stream to the
// bucket before the transaction; if it fails they are discarded.
func (s *Service) Attach(ctx context.Context, practiceID int64, name string, r io.Reader) (*file.File, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	name = plaintext.Line(name)
	if name == "" {
		return nil, apperr.New(apperr.Required, "name", "practice.attachment.name")
	}
	// Who may attach is checked before the upload is read, and again under the lock.
	if _, err := s.attachable(ctx, s.pool, u, practiceID, false); err != nil {
		return nil, err
	}
	b, err := s.files.Put(ctx, name, r)
	if err != nil {
		return nil, err
	}
	var f *file.File
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		p, err := s.attachable(ctx, tx, u, practiceID, true)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM files WHERE owner_kind = $1 AND owner_id = $2`, file.OwnerPractice, p.ID).Scan(&n); err != nil {
			return err
		}
		if n >= maxAttachments {
			return apperr.New(apperr.Invalid, "file", "practice.attachment.too_many").With("Max", maxAttachments)
		}
		f, err = s.files.Record(ctx, tx, b, file.Owner{Kind: file.OwnerPractice, ID: p.ID}, p.SpaceID, &u.ID)
		return err
	})
	if err != nil {
		s.files.Discard(ctx, b)
		return nil, err
	}
	return f, nil
}

// attachable reads a practice u may add files to.
func (s *Service) attachable(ctx context.Context, q store.Querier, u *auth.User, id int64, lock bool) (*Practice, error) {
	p, err := practiceByID(ctx, q, access.From(ctx), id, lock)
	if err != nil {
		return nil, err
	}
	if !p.EditableBy(u) {
		return nil, apperr.New(apperr.Forbidden, "", "practice.edit.forbidden")
	}
	return p, nil
}

// AttachmentsOf returns each practice's files, oldest first. The practices were read
// through the scope, and their files are in their space.
func (s *Service) AttachmentsOf(ctx context.Context, ids []int64) (map[int64][]*file.File, error) {
	return s.files.OfOwners(ctx, file.OwnerPractice, ids)
}

var errNotFound = apperr.New(apperr.NotFound, "practiceId", "practice.not_found")

// PublishInput is a new practice. CenterID defaults to the viewer's centre; SpaceID nil
// publishes it to the whole community.
type PublishInput struct {
	Content
	ServiceAreaSlug *string
	CenterID        *int64
	SpaceID         *int64
}

// Publish publishes a practice by the viewer: any signed-in member, and inside a space its
// members (and moderators).
func (s *Service) Publish(ctx context.Context, in PublishInput) (*Practice, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	var errs apperr.List
	p := &Practice{Content: check(in.Content, &errs), SpaceID: in.SpaceID}
	centerID := in.CenterID
	if centerID == nil {
		centerID = u.CenterID
	}
	var out *Practice
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := s.resolveArea(ctx, tx, in.ServiceAreaSlug, p, &errs); err != nil {
			return err
		}
		if err := s.resolveCenter(ctx, tx, centerID, p, &errs); err != nil {
			return err
		}
		if in.SpaceID != nil {
			if _, err := errs.Keep(access.From(ctx).CheckContributor(ctx, tx, *in.SpaceID, "spaceId")); err != nil {
				return err
			}
		}
		if err := errs.Err(); err != nil {
			return err
		}
		id, err := insertPractice(ctx, tx, u.ID, p)
		if err != nil {
			return err
		}
		if err := search.Enqueue(ctx, tx, SearchKind, id); err != nil {
			return err
		}
		out, err = practiceByID(ctx, tx, access.From(ctx), id, false)
		return err
	})
	return out, err
}

// resolveArea sets p's service area from its slug, adding a userError to errs when it is
// missing or unknown.
func (s *Service) resolveArea(ctx context.Context, q store.Querier, slug *string, p *Practice, errs *apperr.List) error {
	if slug == nil || *slug == "" {
		errs.Add(apperr.New(apperr.Required, "serviceAreaSlug", "practice.service_area.required"))
		return nil
	}
	id, err := s.dir.ServiceAreaIDBySlug(ctx, q, *slug, "serviceAreaSlug")
	if ok, err := errs.Keep(err); !ok {
		return err
	}
	p.ServiceAreaID = id
	return nil
}

// resolveCenter sets p's centre, adding a userError to errs when it is missing or unknown.
func (s *Service) resolveCenter(ctx context.Context, q store.Querier, centerID *int64, p *Practice, errs *apperr.List) error {
	if centerID == nil {
		errs.Add(apperr.New(apperr.Required, "centerId", "practice.center.required"))
		return nil
	}
	if ok, err := errs.Keep(s.dir.CheckCenter(ctx, q, *centerID, "centerId")); !ok {
		return err
	}
	p.CenterID = *centerID
	return nil
}

// EditInput changes a practice; nil fields stay as they are.
type EditInput struct {
	PracticeID      int64
	Title           *string
	Summary         *string
	Context         *string
	Objectives      *string
	Target          *string
	Activities      *string
	Outcomes        *string
	Resources       *string
	Tags            []string
	TagsSet         bool
	Maturity        *Maturity
	Evidence        *string
	ServiceAreaSlug *string
	CenterID        *int64
}

// Edit changes a practice, keeping the version it replaces as a revision. The author or a
// moderator, and only on a practice they can read.
func (s *Service) Edit(ctx context.Context, in EditInput) (*Practice, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	var out *Practice
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		cur, err := practiceByID(ctx, tx, access.From(ctx), in.PracticeID, true)
		if err != nil {
			return err
		}
		if !cur.EditableBy(u) {
			return apperr.New(apperr.Forbidden, "", "practice.edit.forbidden")
		}
		c := cur.Content
		for _, f := range []struct {
			from *string
			to   *string
		}{
			{in.Title, &c.Title}, {in.Summary, &c.Summary}, {in.Context, &c.Context}, {in.Objectives, &c.Objectives},
			{in.Target, &c.Target}, {in.Activities, &c.Activities}, {in.Outcomes, &c.Outcomes},
			{in.Resources, &c.Resources}, {in.Evidence, &c.Evidence},
		} {
			if f.from != nil {
				*f.to = *f.from
			}
		}
		if in.TagsSet {
			c.Tags = in.Tags
		}
		if in.Maturity != nil {
			c.Maturity = *in.Maturity
		}
		var errs apperr.List
		next := *cur
		next.Content = check(c, &errs)
		if in.ServiceAreaSlug != nil {
			if err := s.resolveArea(ctx, tx, in.ServiceAreaSlug, &next, &errs); err != nil {
				return err
			}
		}
		if in.CenterID != nil {
			if err := s.resolveCenter(ctx, tx, in.CenterID, &next, &errs); err != nil {
				return err
			}
		}
		if err := errs.Err(); err != nil {
			return err
		}
		if err := updatePractice(ctx, tx, u.ID, cur, &next); err != nil {
			return err
		}
		if err := search.Enqueue(ctx, tx, SearchKind, cur.ID); err != nil {
			return err
		}
		out, err = practiceByID(ctx, tx, access.From(ctx), cur.ID, false)
		return err
	})
	return out, err
}

// AdoptionInput records that a centre took a practice up. CenterID defaults to the
// viewer's centre.
type AdoptionInput struct {
	PracticeID int64
	CenterID   *int64
	Kind       AdoptionKind
	Note       string
}

// RecordAdoption records, or records again, that a centre adopted or adapted a practice.
// An operator records it for their own centre; a moderator for any. The practice's own
// centre cannot adopt it.
func (s *Service) RecordAdoption(ctx context.Context, in AdoptionInput) (*Adoption, *Practice, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, nil, err
	}
	var errs apperr.List
	centerID := in.CenterID
	switch {
	case centerID == nil && u.CenterID == nil:
		errs.Add(apperr.New(apperr.Required, "centerId", "practice.center.required"))
	case centerID == nil:
		centerID = u.CenterID
	case (u.CenterID == nil || *centerID != *u.CenterID) && !u.CanModerate():
		errs.Add(apperr.New(apperr.Forbidden, "centerId", "practice.adoption.forbidden"))
	}
	if in.Kind != Adopted && in.Kind != Adapted {
		errs.Add(apperr.New(apperr.Invalid, "kind", "practice.adoption.kind"))
	}
	note := strings.TrimSpace(in.Note)
	if utf8.RuneCountInString(note) > maxNote {
		errs.Add(apperr.New(apperr.TooLarge, "note", "practice.adoption.note.too_long").With("Max", maxNote))
	}
	var a *Adoption
	var p *Practice
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		if p, err = practiceByID(ctx, tx, access.From(ctx), in.PracticeID, true); err != nil {
			return err
		}
		if centerID != nil {
			if ok, err := errs.Keep(s.dir.CheckCenter(ctx, tx, *centerID, "centerId")); err != nil {
				return err
			} else if ok && *centerID == p.CenterID {
				errs.Add(apperr.New(apperr.Invalid, "centerId", "practice.adoption.own_center"))
			}
		}
		if err := errs.Err(); err != nil {
			return err
		}
		a, err = upsertAdoption(ctx, tx, &Adoption{PracticeID: p.ID, CenterID: *centerID, Kind: in.Kind, Note: note, RecorderID: u.ID})
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return a, p, nil
}

// List returns one keyset page of the practices the viewer may read, newest first.
func (s *Service) List(ctx context.Context, f Filter, p paging.Page) (paging.Result[*Practice], error) {
	if f.Tag != nil {
		t := tag.Normalise(*f.Tag)
		f.Tag = &t
	}
	return listPractices(ctx, s.pool, access.From(ctx), f, p)
}

// ByIDs returns the practices with these ids that the viewer may read.
func (s *Service) ByIDs(ctx context.Context, ids []int64) (map[int64]*Practice, error) {
	return practicesByIDs(ctx, s.pool, access.From(ctx), ids)
}

// RevisionsOf returns the earlier versions of each practice, oldest first. Ids come from
// practices already read through the scope.
func (s *Service) RevisionsOf(ctx context.Context, ids []int64) (map[int64][]*Revision, error) {
	return revisionsOf(ctx, s.pool, ids)
}

// AdoptionsOf returns the centres that took each practice up, in the order they did. Ids
// come from practices already read through the scope.
func (s *Service) AdoptionsOf(ctx context.Context, ids []int64) (map[int64][]*Adoption, error) {
	return adoptionsOf(ctx, s.pool, ids)
}
