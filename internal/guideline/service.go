package guideline

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
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
	"github.com/gemella/gemella/internal/ingest"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/plaintext"
	"github.com/gemella/gemella/internal/search"
	"github.com/gemella/gemella/internal/store"
)

// DefaultMaxFileBytes is the upload limit when none is configured.
const DefaultMaxFileBytes = 50 << 20

const (
	minTitle = 3
	maxTitle = 200
	minYear  = 1990
)

// Service is the guideline use cases.
type Service struct {
	pool     *pgxpool.Pool
	dir      *directory.Service
	maxBytes int64
}

// NewService returns the guideline service; maxBytes limits an upload (0 = default).
func NewService(pool *pgxpool.Pool, dir *directory.Service, maxBytes int64) *Service {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxFileBytes
	}
	return &Service{pool: pool, dir: dir, maxBytes: maxBytes}
}

// MaxFileBytes is the largest file an import accepts.
func (s *Service) MaxFileBytes() int64 { return s.maxBytes }

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
// file, its text, its sections and the search outbox row are one transaction.
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
	doc, err := s.Prepare(in)
	if err != nil {
		return nil, err
	}
	var g *Guideline
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		g, err = s.Store(ctx, tx, u, doc)
		return err
	})
	return g, err
}

// Prepared is a checked and parsed import, ready to store.
type Prepared struct {
	in    ImportInput
	title string
	data  []byte
	kind  ingest.Kind
	doc   *ingest.Document
}

// Prepare reads and parses the file and checks the fields that need no database, outside
// any transaction: parsing a long PDF takes a while.
func (s *Service) Prepare(in ImportInput) (*Prepared, error) {
	var errs apperr.List
	title := plaintext.Line(in.Title)
	if n := utf8.RuneCountInString(title); n < minTitle || n > maxTitle {
		errs.Add(apperr.New(apperr.Invalid, "title", "guideline.title.length").With("Min", minTitle).With("Max", maxTitle))
	}
	if in.Year != nil && (*in.Year < minYear || *in.Year > time.Now().Year()+1) {
		errs.Add(apperr.New(apperr.Invalid, "year", "guideline.year.range").With("Min", minYear).With("Max", time.Now().Year()+1))
	}
	data, err := io.ReadAll(io.LimitReader(in.File, s.maxBytes+1))
	if err != nil {
		return nil, apperr.New(apperr.Invalid, "file", "guideline.file.unreadable")
	}
	if int64(len(data)) > s.maxBytes {
		return nil, apperr.New(apperr.TooLarge, "file", "guideline.file.too_large").With("Max", fmt.Sprintf("%d MiB", s.maxBytes>>20))
	}
	doc, kind, e := parse(in.FileName, data)
	errs.Add(e)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return &Prepared{in: in, title: title, data: data, kind: kind, doc: doc}, nil
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
		owner, err := lockOwner(ctx, tx, scope, *in.GuidelineID)
		if err != nil {
			return nil, err
		}
		if u != nil && (owner == nil || *owner != u.ID) && !u.CanModerate() {
			return nil, apperr.New(apperr.Forbidden, "guidelineId", "guideline.version.forbidden")
		}
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
	sum := sha256.Sum256(p.data)
	fileID, err := insertFile(ctx, tx, plaintext.Line(in.FileName), contentType(p.kind, p.data), p.data, sum[:], userID, in.TwinningID)
	if err != nil {
		return nil, err
	}
	row := &Guideline{Title: p.title, ServiceAreaID: areaID, TwinningID: in.TwinningID, Year: in.Year, Kind: string(p.kind), FileID: fileID, CreatedBy: userID}
	var id int64
	if in.GuidelineID != nil {
		id, err = newVersion(ctx, tx, *in.GuidelineID, row, p.doc)
	} else {
		if row.DiscussionID, err = discussion.Open(ctx, tx, p.title, in.TwinningID); err != nil {
			return nil, err
		}
		id, err = insertGuideline(ctx, tx, row, p.doc)
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

// contentType is the type the original is served with. Text kept in a legacy encoding
// (Windows-1252, UTF-16) is served without a charset rather than with a wrong one.
func contentType(kind ingest.Kind, data []byte) string {
	t := contentTypes[kind]
	if kind != ingest.KindPDF && !utf8.Valid(data) {
		t, _, _ = strings.Cut(t, ";")
	}
	return t
}

// parse detects and reads a document, turning the reader's failures into userErrors on
// the file field.
func parse(name string, data []byte) (*ingest.Document, ingest.Kind, *apperr.Error) {
	kind, err := ingest.Detect(name, data)
	if err == nil {
		var doc *ingest.Document
		if doc, err = ingest.Parse(kind, data); err == nil {
			if len(doc.Sections) == 0 {
				return nil, "", apperr.New(apperr.Invalid, "file", "guideline.file.no_text")
			}
			return doc, kind, nil
		}
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

// FilesByIDs returns the stored originals' metadata.
func (s *Service) FilesByIDs(ctx context.Context, ids []int64) (map[int64]*File, error) {
	return filesByIDs(ctx, s.pool, ids)
}

// FileContent returns a stored file with its bytes.
func (s *Service) FileContent(ctx context.Context, id int64) (*File, []byte, error) {
	return fileContent(ctx, s.pool, access.From(ctx), id)
}
