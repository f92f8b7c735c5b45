package workshop

import (
	"context"
	"io"
	"log/slog"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/file"
	"github.com/gemella/gemella/internal/ingest"
	"github.com/gemella/gemella/internal/plaintext"
	"github.com/gemella/gemella/internal/search"
	"github.com/gemella/gemella/internal/store"
)

const (
	maxMaterials = 40
	// maxIndexedText bounds what one file adds to the workshop's search document.
	maxIndexedText = 100_000
)

// AttachFile stores a file (slides, handouts) with a workshop: its trainers or a
// moderator. The bytes stream to the bucket before the transaction; the text of a PDF or
// text file is read once, for search.
func (s *Service) AttachFile(ctx context.Context, workshopID int64, name string, audience Audience, r io.Reader) (*Material, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	name = plaintext.Line(name)
	if name == "" {
		return nil, apperr.New(apperr.Required, "name", "workshop.material.name.required")
	}
	if utf8.RuneCountInString(name) > maxTitle {
		return nil, apperr.New(apperr.TooLarge, "name", "workshop.material.name.too_long").With("Max", maxTitle)
	}
	audience = audience.orDefault()
	if _, err := s.editable(ctx, s.pool, u, workshopID); err != nil {
		return nil, err
	}
	b, err := s.files.Put(ctx, name, r)
	if err != nil {
		return nil, err
	}
	text := s.textOf(ctx, name, b)
	var m *Material
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		w, err := s.lockForMaterial(ctx, tx, u, workshopID)
		if err != nil {
			return err
		}
		f, err := s.files.Record(ctx, tx, b, file.Owner{Kind: file.OwnerWorkshop, ID: w.ID}, w.SpaceID, &u.ID)
		if err != nil {
			return err
		}
		if audience == Participants {
			if err := s.files.SetAudience(ctx, tx, f, &w.ID); err != nil {
				return err
			}
		}
		m, err = insertMaterial(ctx, tx, w.ID, f.Name, nil, &f.ID, audience, text)
		if err != nil {
			return err
		}
		return search.Enqueue(ctx, tx, SearchKind, w.ID)
	})
	if err != nil {
		s.files.Discard(ctx, b)
		return nil, err
	}
	return m, nil
}

// textOf is the plain text of a PDF or text file, "" for anything else (images, office
// documents) or what cannot be read: search is a bonus for material, never a reason to
// refuse it.
func (s *Service) textOf(ctx context.Context, name string, b *file.Blob) string {
	br, err := s.files.OpenBlob(ctx, b)
	if err != nil {
		slog.WarnContext(ctx, "material not readable for search", "err", err)
		return ""
	}
	defer br.Close()
	doc, _, err := ingest.ReadAt(name, br, br.Size())
	if err != nil {
		return ""
	}
	text := doc.Text
	if len(text) > maxIndexedText {
		text = text[:maxIndexedText]
		for !utf8.ValidString(text) {
			text = text[:len(text)-1]
		}
	}
	return text
}

// AddLink gives a workshop a link: its trainers or a moderator.
func (s *Service) AddLink(ctx context.Context, workshopID int64, l LinkInput) (*Material, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	var errs apperr.List
	links := checkLinks([]LinkInput{l}, &errs)
	// A single link's problems are on the form's own fields, not on a list's first row.
	for _, e := range errs {
		e.Field = e.Field[len("links.0."):]
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	var m *Material
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		w, err := s.lockForMaterial(ctx, tx, u, workshopID)
		if err != nil {
			return err
		}
		m, err = insertMaterial(ctx, tx, w.ID, links[0].Name, &links[0].URL, nil, links[0].Audience, "")
		if err != nil {
			return err
		}
		// A link's name is in the workshop's search document, as those given at publishing.
		return search.Enqueue(ctx, tx, SearchKind, w.ID)
	})
	return m, err
}

// RemoveMaterial removes a file or a link: the workshop's trainers or a moderator. A
// file's bytes leave the bucket once the removal has committed.
func (s *Service) RemoveMaterial(ctx context.Context, materialID int64) (*Workshop, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	var w *Workshop
	var gone *file.Blob
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		var workshopID int64
		var fileID *int64
		err := tx.QueryRow(ctx, `SELECT workshop_id, file_id FROM workshop_materials WHERE id = $1`, materialID).Scan(&workshopID, &fileID)
		notFound := apperr.New(apperr.NotFound, "materialId", "workshop.material.not_found")
		if err := store.Translate(err, notFound); err != nil {
			return err
		}
		if w, err = s.editable(ctx, tx, u, workshopID); err != nil {
			if apperr.Is(err, apperr.NotFound) {
				return notFound
			}
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM workshop_materials WHERE id = $1`, materialID); err != nil {
			return err
		}
		if fileID != nil {
			if gone, err = s.files.Delete(ctx, tx, *fileID); err != nil {
				return err
			}
		}
		if err := search.Enqueue(ctx, tx, SearchKind, w.ID); err != nil {
			return err
		}
		w, err = workshopByID(ctx, tx, access.From(ctx), w.ID)
		return err
	})
	if err == nil {
		s.files.Discard(ctx, gone)
	}
	return w, err
}

// editable reads a workshop u may change.
func (s *Service) editable(ctx context.Context, q store.Querier, u *auth.User, id int64) (*Workshop, error) {
	w, err := workshopByID(ctx, q, access.From(ctx), id)
	if err != nil {
		return nil, err
	}
	if !w.EditableBy(u) {
		return nil, apperr.New(apperr.Forbidden, "", "workshop.edit.forbidden")
	}
	return w, nil
}

// lockForMaterial locks a workshop u may add material to, and checks it has room for more.
func (s *Service) lockForMaterial(ctx context.Context, tx pgx.Tx, u *auth.User, workshopID int64) (*Workshop, error) {
	if err := lockWorkshop(ctx, tx, workshopID); err != nil {
		return nil, err
	}
	w, err := s.editable(ctx, tx, u, workshopID)
	if err != nil {
		return nil, err
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM workshop_materials WHERE workshop_id = $1`, w.ID).Scan(&n); err != nil {
		return nil, err
	}
	if n >= maxMaterials {
		return nil, apperr.New(apperr.Invalid, "workshopId", "workshop.material.too_many").With("Max", maxMaterials)
	}
	return w, nil
}

func insertMaterial(ctx context.Context, tx pgx.Tx, workshopID int64, name string, url *string, fileID *int64, audience Audience, text string) (*Material, error) {
	m := &Material{WorkshopID: workshopID, Name: name, URL: url, FileID: fileID, Audience: audience}
	err := tx.QueryRow(ctx, `INSERT INTO workshop_materials (workshop_id, name, url, file_id, audience, text)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, created_at`, workshopID, name, url, fileID, string(audience), text).
		Scan(&m.ID, &m.CreatedAt)
	return m, err
}
