package search

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/store"
)

// ThesaurusState is the thesaurus in use, as admins see it.
type ThesaurusState struct {
	Text      string
	Entries   int
	IsDefault bool
	UpdatedAt *time.Time
}

// ThesaurusService lets admins read and replace the search thesaurus, which PostgreSQL
// keeps; every running instance picks a change up (Indexer.Run), this one at once.
type ThesaurusService struct {
	pool *pgxpool.Pool
	idx  *Index
}

// NewThesaurusService returns the service for idx's thesaurus.
func NewThesaurusService(pool *pgxpool.Pool, idx *Index) *ThesaurusService {
	return &ThesaurusService{pool: pool, idx: idx}
}

var errNotAdmin = apperr.New(apperr.Forbidden, "", "search.thesaurus.forbidden")

func requireAdmin(ctx context.Context) error {
	u, err := auth.Require(ctx)
	if err != nil {
		return err
	}
	if !u.Has(auth.Admin) {
		return errNotAdmin
	}
	return nil
}

// Get returns the thesaurus in use. ADMIN only.
func (s *ThesaurusService) Get(ctx context.Context) (*ThesaurusState, error) {
	if err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	text, at, err := loadThesaurus(ctx, s.pool)
	if err != nil {
		return nil, err
	}
	return state(text, at)
}

// Update validates text, stores it and applies it: queries use it at once, and the index's
// synonyms are updated by a Meilisearch settings task, during which searches keep answering
// with the previous ones. ADMIN only.
func (s *ThesaurusService) Update(ctx context.Context, text string) (*ThesaurusState, error) {
	if err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	th, err := ParseThesaurus(text)
	if err != nil {
		return nil, err
	}
	u := auth.Viewer(ctx)
	var at time.Time
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO search_thesaurus (text, updated_by) VALUES ($1, $2)
			ON CONFLICT (id) DO UPDATE SET text = $1, updated_by = $2, updated_at = now()
			RETURNING updated_at`, text, u.ID).Scan(&at)
	})
	if err != nil {
		return nil, fmt.Errorf("search: saving the thesaurus: %w", err)
	}
	s.idx.SetThesaurus(th)
	if err := s.idx.applySynonyms(ctx); err != nil {
		// Stored: the indexer's next refresh applies it.
		slog.WarnContext(ctx, "search: thesaurus saved, synonyms not applied yet", "err", err)
	}
	return &ThesaurusState{Text: text, Entries: th.Entries, UpdatedAt: &at}, nil
}

func state(text *string, at *time.Time) (*ThesaurusState, error) {
	if text == nil {
		return &ThesaurusState{Text: DefaultThesaurus, Entries: defaultThesaurus.Entries, IsDefault: true}, nil
	}
	th, err := ParseThesaurus(*text)
	if err != nil {
		return nil, fmt.Errorf("search: the stored thesaurus: %w", err)
	}
	return &ThesaurusState{Text: *text, Entries: th.Entries, UpdatedAt: at}, nil
}

// loadThesaurus reads the stored thesaurus: nil text when none was saved.
func loadThesaurus(ctx context.Context, q store.Querier) (*string, *time.Time, error) {
	var text string
	var at time.Time
	err := q.QueryRow(ctx, `SELECT text, updated_at FROM search_thesaurus`).Scan(&text, &at)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("search: loading the thesaurus: %w", err)
	}
	return &text, &at, nil
}

// LoadThesaurus makes the stored thesaurus (or the default one) idx's, for queries and for
// the next EnsureSettings. It returns when it was saved (zero for the default).
func (x *Index) LoadThesaurus(ctx context.Context, q store.Querier) (time.Time, error) {
	text, at, err := loadThesaurus(ctx, q)
	if err != nil {
		return time.Time{}, err
	}
	if text == nil {
		x.SetThesaurus(defaultThesaurus)
		return time.Time{}, nil
	}
	th, err := ParseThesaurus(*text)
	if err != nil {
		return time.Time{}, fmt.Errorf("search: the stored thesaurus: %w", err)
	}
	x.SetThesaurus(th)
	return *at, nil
}

// applySynonyms enqueues the update of the index's synonyms to the thesaurus in use,
// without waiting for it.
func (x *Index) applySynonyms(ctx context.Context) error {
	syn := x.Thesaurus().synonyms()
	_, err := x.client.Index(x.uid).UpdateSynonymsWithContext(ctx, &syn)
	return err
}
