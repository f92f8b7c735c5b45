package workshop

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/gemella/gemella/internal/auth"
)

// FeedToken returns the secret token of the viewer's calendar of registrations, nil when
// they have none yet (RenewFeed makes one) or are not signed in.
func (s *Service) FeedToken(ctx context.Context) (*string, error) {
	u := auth.Viewer(ctx)
	if u == nil {
		return nil, nil
	}
	var token string
	err := s.pool.QueryRow(ctx, `SELECT token FROM calendar_feeds WHERE user_id = $1`, u.ID).Scan(&token)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return &token, err
}

// RenewFeed gives the viewer a new secret token for their calendar: the address a
// calendar client was given before stops working, for when it was shared by mistake.
func (s *Service) RenewFeed(ctx context.Context) (string, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return "", err
	}
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	token := hex.EncodeToString(b)
	_, err = s.pool.Exec(ctx, `INSERT INTO calendar_feeds (user_id, token) VALUES ($1, $2)
		ON CONFLICT (user_id) DO UPDATE SET token = excluded.token, created_at = now()`, u.ID, token)
	return token, err
}

// FeedOwner returns the user whose calendar token this is; ok is false for a token that
// does not exist (or no longer does).
func (s *Service) FeedOwner(ctx context.Context, token string) (int64, bool, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `SELECT user_id FROM calendar_feeds WHERE token = $1`, token).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, false, nil
	}
	return id, err == nil, err
}
