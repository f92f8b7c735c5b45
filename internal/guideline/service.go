package guideline

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/directory"
	"github.com/gemella/gemella/internal/discussion"
	"github.com/gemella/gemella/internal/file"
	"github.com/gemella/gemella/internal/ingest"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/plaintext"
	"github.com/gemella/gemella/internal/search"
	"github.com/gemella/gemella/internal/store"
)

const (
	minTitle = 3
	maxTitle = 200
	minYear  = 1990
)

// Service is the guideline use cases.
type Service struct {
	pool  *pgxpool.Pool
	dir   *directory.Service
	files *file.Service
}

// NewService returns the guideline service, which keeps its originals in files.
func NewService(pool *pgxpool.Pool, dir *directory.Service, files *file.Service) *Service {
	return &Service{pool: pool, dir: dir, files: files}
}

// ImportInput is a document to import, as a new guideline or as a new version of one.
type ImportInput struct {
	FileName        string
	File            io.Reader
	Title           string
	ServiceAreaSlug *string
	Year            *int
	RegionIDs       []int64
	TwinningID      *int64
	// GuidelineID, when set, makes the import a new version of that guideline: its
	// sections are replaced, in search too.
	GuidelineID *int64
}

// CanPublish reports whether u may import guidelines: trainers and above.
func CanPublish(u *auth.User) bool {
	return u.Has(auth.Trainer) || u.Has(auth.RegionalCoordinator) || u.Has(auth.Moderator)
}

// Import reads, checks and stores a document. Nothing is stored unless everything is: the
// file's metadata, its text, its sections and the search outbox row are one transaction,
// and the file's bytes, written to the bucket before it, are deleted when it fails.
func (s *Service) Import(ctx context.Context, in ImportInput) (*Guideline, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	if !CanPublish(u) {
		return nil, apperr.New(apperr.Forbidden, "", "guideline.import.forbidden")
	}
	return s.importAs(ctx, u, in)
}

// ImportAsSystem imports on behalf of the operator running `gemella import` or the demo
// data: no account is recorded as its author.
func (s *Service) ImportAsSystem(ctx context.Context, in ImportInput) (*Guideline, error) {
	return s.importAs(ctx, nil, in)
}

func (s *Service) importAs(ctx context.Context, u *auth.User, in ImportInput) (*Guideline, error) {
	p, err := s.Prepare(ctx, in)
	if err != nil {
		return nil, err
	}
	var g *Guideline
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		g, err = s.Store(ctx, tx, u, p)
		return err
	})
	if err != nil {
		s.Discard(ctx, p)
	}
	return g, err
}

// Prepared is a checked and parsed import, its file in the bucket, ready to store.
type Prepared struct {
	in    ImportInput
	title string
	kind  ingest.Kind
	doc   *ingest.Document
	blob  *file.Blob
}

// Prepare reads and parses the file, checks the fields that need no database and writes
// the file to the bucket, outside any transaction: parsing a long PDF takes a while. The
// file is read from disk, never held whole in memory unless it is text to parse. Every
// problem found is reported at once; an empty title is the document's own (its first
// heading, or the HTML <title>). A prepared import that is not stored must be discarded.
func (s *Service) Prepare(ctx context.Context, in ImportInput) (*Prepared, error) {
	var errs apperr.List
	if in.Year != nil && (*in.Year < minYear || *in.Year > time.Now().Year()+1) {
		errs.Add(apperr.New(apperr.Invalid, "year", "guideline.year.range").With("Min", minYear).With("Max", time.Now().Year()+1))
	}
	var doc *ingest.Document
	var kind ingest.Kind
	src, err := s.spool(in.File)
	if err != nil {
		var ae *apperr.Error
		if !errors.As(err, &ae) {
			return nil, err
		}
		errs.Add(ae)
	} else {
		defer src.close()
		var e *apperr.Error
		doc, kind, e = parse(in.FileName, src.r, src.size)
		errs.Add(e)
	}
	title := plaintext.Line(in.Title)
	if title == "" && doc != nil {
		title = plaintext.Line(doc.Title)
	}
	if n := utf8.RuneCountInString(title); n < minTitle || n > maxTitle {
		errs.Add(apperr.New(apperr.Invalid, "title", "guideline.title.length").With("Min", minTitle).With("Max", maxTitle))
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	b, err := s.files.Put(ctx, in.FileName, io.NewSectionReader(src.r, 0, src.size))
	if err != nil {
		return nil, err
	}
	if b.ContentType, err = contentType(kind, io.NewSectionReader(src.r, 0, src.size)); err != nil {
		s.files.Discard(ctx, b)
		return nil, err
	}
	return &Prepared{in: in, title: title, kind: kind, doc: doc, blob: b}, nil
}

// Discard deletes the file of an import that was not stored.
func (s *Service) Discard(ctx context.Context, p *Prepared) { s.files.Discard(ctx, p.blob) }

// source is an upload that can be read in place.
type source struct {
	r     io.ReaderAt
	size  int64
	close func()
}

// spool makes an upload readable in place: a file on disk (a large multipart upload, a
// command-line import) as it is, anything else copied to a temporary file first. A file
// over the limit is refused before it is read further than the limit.
func (s *Service) spool(r io.Reader) (*source, error) {
	tooLarge := apperr.New(apperr.TooLarge, "file", "file.too_large").With("Max", fmt.Sprintf("%d MB", s.files.MaxBytes()>>20))
	if f, ok := r.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			if st.Size() > s.files.MaxBytes() {
				return nil, tooLarge
			}
			return &source{r: f, size: st.Size(), close: func() {}}, nil
		}
	}
	tmp, err := os.CreateTemp("", "gemella-upload-")
	if err != nil {
		return nil, err
	}
	remove := func() {
		_ = tmp.Close()
		_ = os.Remove(tmp.Name())
	}
	n, err := io.Copy(tmp, io.LimitReader(r, s.files.MaxBytes()+1))
	if err != nil {
		remove()
		return nil, apperr.New(apperr.Invalid, "file", "guideline.file.unreadable")
	}
	if n > s.files.MaxBytes() {
		remove()
		return nil, tooLarge
	}
	return &source{r: tmp, size: n, close: remove}, nil
}

// CanManage reports whether u may edit, delete or publish a new version of g: its publisher
// or a moderator (the demo data and command-line imports have no publisher).
func CanManage(u *auth.User, g *Guideline) bool {
	return u != nil && (g.CreatedBy != nil && *g.CreatedBy == u.ID || u.CanModerate())
}

// EditInput changes a guideline's description; nil fields stay as they are, an empty
// ServiceAreaSlug removes the area.
type EditInput struct {
	ID              int64
	Title           *string
	ServiceAreaSlug *string
	Year            *int
}

// Edit changes a guideline's title, service area or year. Its publisher or a moderator.
func (s *Service) Edit(ctx context.Context, in EditInput) (*Guideline, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	var errs apperr.List
	var title *string
	if in.Title != nil {
		t := plaintext.Line(*in.Title)
		if n := utf8.RuneCountInString(t); n < minTitle || n > maxTitle {
			errs.Add(apperr.New(apperr.Invalid, "title", "guideline.title.length").With("Min", minTitle).With("Max", maxTitle))
		}
		title = &t
	}
	if in.Year != nil && (*in.Year < minYear || *in.Year > time.Now().Year()+1) {
		errs.Add(apperr.New(apperr.Invalid, "year", "guideline.year.range").With("Min", minYear).With("Max", time.Now().Year()+1))
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	var g *Guideline
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		cur, err := s.lockManaged(ctx, tx, u, in.ID)
		if err != nil {
			return err
		}
		area, clearArea := (*int64)(nil), false
		if in.ServiceAreaSlug != nil {
			if *in.ServiceAreaSlug == "" {
				clearArea = true
			} else {
				id, err := s.dir.ServiceAreaIDBySlug(ctx, tx, *in.ServiceAreaSlug, "serviceAreaSlug")
				if err != nil {
					return err
				}
				area = &id
			}
		}
		if err := updateGuideline(ctx, tx, cur.ID, title, area, clearArea, in.Year); err != nil {
			return err
		}
		if err := search.Enqueue(ctx, tx, SearchKind, cur.ID); err != nil {
			return err
		}
		g, err = guidelineByID(ctx, tx, access.From(ctx), cur.ID)
		return err
	})
	return g, err
}

// Delete removes a guideline with its sections, versions, their files and its discussion,
// and takes it out of search. Its publisher or a moderator.
func (s *Service) Delete(ctx context.Context, id int64) error {
	u, err := auth.Require(ctx)
	if err != nil {
		return err
	}
	var blobs []*file.Blob
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		cur, err := s.lockManaged(ctx, tx, u, id)
		if err != nil {
			return err
		}
		if err := deleteGuideline(ctx, tx, cur); err != nil {
			return err
		}
		if blobs, err = s.files.DeleteOwned(ctx, tx, file.Owner{Kind: file.OwnerGuideline, ID: cur.ID}); err != nil {
			return err
		}
		return search.Enqueue(ctx, tx, SearchKind, cur.ID)
	})
	if err != nil {
		return err
	}
	for _, b := range blobs { // the rows are gone for good: so are the bytes
		s.files.Discard(ctx, b)
	}
	return nil
}

// lockManaged locks guideline id for a change by u, refused unless CanManage.
func (s *Service) lockManaged(ctx context.Context, tx pgx.Tx, u *auth.User, id int64) (*Guideline, error) {
	// What the viewer cannot see does not exist for them, as everywhere else.
	scope := access.From(ctx)
	if _, _, err := lockOwner(ctx, tx, scope, id); err != nil {
		return nil, err
	}
	g, err := guidelineByID(ctx, tx, scope, id)
	if err != nil {
		return nil, err
	}
	if !CanManage(u, g) {
		return nil, apperr.New(apperr.Forbidden, "guidelineId", "guideline.manage.forbidden")
	}
	return g, nil
}

// Store writes a prepared import in the caller's transaction: the file, the guideline or
// its new version, its sections and the search outbox row. u is who imports, nil for the
// demo data and command-line imports; a new version is for the guideline's publisher or a
// moderator.
func (s *Service) Store(ctx context.Context, tx pgx.Tx, u *auth.User, p *Prepared) (*Guideline, error) {
	in := p.in
	var userID *int64
	scope := access.Everything() // the demo data and commands import for the system
	if u != nil {
		userID = &u.ID
		scope = access.From(ctx)
	}
	if in.GuidelineID != nil {
		owner, space, err := lockOwner(ctx, tx, scope, *in.GuidelineID)
		if err != nil {
			return nil, err
		}
		if u != nil && (owner == nil || *owner != u.ID) && !u.CanModerate() {
			return nil, apperr.New(apperr.Forbidden, "guidelineId", "guideline.version.forbidden")
		}
		// A new version stays where the guideline is: moved out of its space, it would show
		// everyone what the space kept for its members, its discussion too.
		if in.TwinningID != nil && (space == nil || *in.TwinningID != *space) {
			return nil, apperr.New(apperr.Invalid, "twinningId", "guideline.version.space")
		}
		in.TwinningID = space
	}
	var areaID *int64
	if in.ServiceAreaSlug != nil && *in.ServiceAreaSlug != "" {
		id, err := s.dir.ServiceAreaIDBySlug(ctx, tx, *in.ServiceAreaSlug, "serviceAreaSlug")
		if err != nil {
			return nil, err
		}
		areaID = &id
	}
	for _, r := range in.RegionIDs {
		if err := s.dir.CheckRegion(ctx, tx, r, "regionIds"); err != nil {
			return nil, err
		}
	}
	if in.TwinningID != nil {
		// A twinning's report goes into its space: for the space's members.
		check := func() error { return scope.CheckContributor(ctx, tx, *in.TwinningID, "twinningId") }
		if u == nil {
			check = func() error { return checkTwinning(ctx, tx, *in.TwinningID) }
		}
		if err := check(); err != nil {
			return nil, err
		}
	}
	// The file names its owner, so a new guideline's id is taken before either is written.
	var id int64
	var err error
	if in.GuidelineID != nil {
		id = *in.GuidelineID
	} else if id, err = reserveID(ctx, tx); err != nil {
		return nil, err
	}
	owner := file.Owner{Kind: file.OwnerGuideline, ID: id}
	f, err := s.files.Record(ctx, tx, p.blob, owner, in.TwinningID, userID)
	if err != nil {
		return nil, err
	}
	row := &Guideline{ID: id, Title: p.title, ServiceAreaID: areaID, TwinningID: in.TwinningID, Year: in.Year, Kind: string(p.kind), FileID: f.ID, CreatedBy: userID}
	if in.GuidelineID != nil {
		err = newVersion(ctx, tx, row, p.doc)
	} else {
		if row.DiscussionID, err = discussion.Open(ctx, tx, p.title, in.TwinningID); err != nil {
			return nil, err
		}
		err = insertGuideline(ctx, tx, row, p.doc)
	}
	if err != nil {
		return nil, err
	}
	if err := recordVersion(ctx, tx, id, userID); err != nil {
		return nil, err
	}
	if err := replaceRegions(ctx, tx, id, in.RegionIDs); err != nil {
		return nil, err
	}
	if err := insertSections(ctx, tx, id, p.doc.Sections); err != nil {
		return nil, err
	}
	if err := search.Enqueue(ctx, tx, SearchKind, id); err != nil {
		return nil, err
	}
	return guidelineByID(ctx, tx, scope, id)
}

// contentTypes are the types the original is stored and served with.
var contentTypes = map[ingest.Kind]string{
	ingest.KindMarkdown: "text/markdown; charset=utf-8",
	ingest.KindText:     "text/plain; charset=utf-8",
	ingest.KindHTML:     "text/html; charset=utf-8",
	ingest.KindPDF:      "application/pdf",
}

// contentType is the type the original is served with, known better from the parsed kind
// than sniffed (Markdown sniffs as plain text). Text kept in a legacy encoding
// (Windows-1252, UTF-16) is served without a charset rather than with a wrong one.
func contentType(kind ingest.Kind, r io.Reader) (string, error) {
	t := contentTypes[kind]
	if kind == ingest.KindPDF {
		return t, nil
	}
	valid, err := validUTF8(r)
	if !valid {
		t, _, _ = strings.Cut(t, ";")
	}
	return t, err
}

// validUTF8 reports whether r reads as UTF-8, a rune at a time.
func validUTF8(r io.Reader) (bool, error) {
	br := bufio.NewReader(r)
	for {
		c, size, err := br.ReadRune()
		switch {
		case err == io.EOF:
			return true, nil
		case err != nil:
			return false, err
		case c == utf8.RuneError && size == 1:
			return false, nil
		}
	}
}

// parse detects and reads a document, turning the reader's failures into userErrors on
// the file field.
func parse(name string, r io.ReaderAt, size int64) (*ingest.Document, ingest.Kind, *apperr.Error) {
	doc, kind, err := ingest.ReadAt(name, r, size)
	if err == nil {
		if len(doc.Sections) == 0 {
			return nil, "", apperr.New(apperr.Invalid, "file", "guideline.file.no_text")
		}
		return doc, kind, nil
	}
	switch {
	case errors.Is(err, ingest.ErrEmpty):
		return nil, "", apperr.New(apperr.Invalid, "file", "guideline.file.empty")
	case errors.Is(err, ingest.ErrUnsupported):
		return nil, "", apperr.New(apperr.Unsupported, "file", "guideline.file.unsupported")
	case errors.Is(err, ingest.ErrNoText):
		return nil, "", apperr.New(apperr.Invalid, "file", "guideline.file.no_text")
	case errors.Is(err, ingest.ErrTooLarge):
		return nil, "", apperr.New(apperr.TooLarge, "file", "guideline.file.too_much_text")
	default:
		return nil, "", apperr.New(apperr.Invalid, "file", "guideline.file.unreadable")
	}
}

// List returns one keyset page of guidelines, newest first.
func (s *Service) List(ctx context.Context, f Filter, p paging.Page) (paging.Result[*Guideline], error) {
	return listGuidelines(ctx, s.pool, access.From(ctx), f, p)
}

// ByIDs returns the guidelines with these ids.
func (s *Service) ByIDs(ctx context.Context, ids []int64) (map[int64]*Guideline, error) {
	return guidelinesByIDs(ctx, s.pool, access.From(ctx), ids)
}

// OfTwinnings returns each twinning's guidelines, newest first.
func (s *Service) OfTwinnings(ctx context.Context, twinningIDs []int64) (map[int64][]*Guideline, error) {
	return guidelinesOfTwinnings(ctx, s.pool, access.From(ctx), twinningIDs)
}

// VersionsOf returns each guideline's versions, newest first.
func (s *Service) VersionsOf(ctx context.Context, ids []int64) (map[int64][]*Version, error) {
	return versionsOf(ctx, s.pool, ids)
}

// SectionsByIDs returns the sections with these ids.
func (s *Service) SectionsByIDs(ctx context.Context, ids []int64) (map[int64]*Section, error) {
	return sectionsByIDs(ctx, s.pool, access.From(ctx), ids)
}

// Sections returns one page of a guideline's sections in document order.
func (s *Service) Sections(ctx context.Context, g *Guideline, p paging.Page) (paging.Result[*Section], error) {
	r, err := listSections(ctx, s.pool, g.ID, p)
	r.Count = func() (int, error) { return g.SectionCount, nil }
	return r, err
}

// RegionsOf returns each guideline's region ids.
func (s *Service) RegionsOf(ctx context.Context, ids []int64) (map[int64][]int64, error) {
	return regionsOf(ctx, s.pool, ids)
}
