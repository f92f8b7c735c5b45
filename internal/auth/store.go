package auth

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/gemella/gemella/internal/store"
)

// UserColumns are the columns ScanUser reads, of a users table aliased u: for a domain's
// query that returns people, in one statement.
const UserColumns = `u.id, u.email, u.display_name, u.roles, u.center_id, u.region_id, u.created_at`

// ScanUser reads a row of UserColumns, then extra.
func ScanUser(row pgx.Row, extra ...any) (*User, error) {
	u := &User{}
	var roles []string
	dest := append([]any{&u.ID, &u.Email, &u.DisplayName, &roles, &u.CenterID, &u.RegionID, &u.CreatedAt}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	for _, r := range roles {
		u.Roles = append(u.Roles, Role(r))
	}
	return u, nil
}

type newUser struct {
	Email, DisplayName, PasswordHash string
	Roles                            []Role
	CenterID, RegionID               *int64
}

func insertUser(ctx context.Context, q store.Querier, n newUser) (*User, error) {
	return ScanUser(q.QueryRow(ctx, `
		INSERT INTO users AS u (email, display_name, password_hash, roles, center_id, region_id)
		VALUES ($1, $2, $3, $4, $5, $6)
		RETURNING `+UserColumns,
		n.Email, n.DisplayName, n.PasswordHash, n.Roles, n.CenterID, n.RegionID))
}

func upsertUser(ctx context.Context, q store.Querier, n newUser) (*User, error) {
	return ScanUser(q.QueryRow(ctx, `
		INSERT INTO users AS u (email, display_name, password_hash, roles, center_id, region_id)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (lower(email)) DO UPDATE SET display_name = EXCLUDED.display_name,
			password_hash = EXCLUDED.password_hash, roles = EXCLUDED.roles,
			center_id = EXCLUDED.center_id, region_id = EXCLUDED.region_id
		RETURNING `+UserColumns,
		n.Email, n.DisplayName, n.PasswordHash, n.Roles, n.CenterID, n.RegionID))
}

// userByEmail returns the user and its password hash, or nil when there is none.
func userByEmail(ctx context.Context, q store.Querier, email string) (*User, string, error) {
	var hash string
	u, err := ScanUser(q.QueryRow(ctx, `SELECT `+UserColumns+`, u.password_hash FROM users u WHERE lower(u.email) = $1`, email), &hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, "", nil
	}
	return u, hash, err
}

func userBySession(ctx context.Context, q store.Querier, tokenHash []byte) (*User, time.Time, error) {
	var ends time.Time
	u, err := ScanUser(q.QueryRow(ctx, `
		SELECT `+UserColumns+`, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = $1 AND s.expires_at > now()`, tokenHash), &ends)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, time.Time{}, nil
	}
	return u, ends, err
}

func usersByIDs(ctx context.Context, q store.Querier, ids []int64) (map[int64]*User, error) {
	rows, err := q.Query(ctx, `SELECT `+UserColumns+` FROM users u WHERE u.id = ANY($1)`, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[int64]*User, len(ids))
	for rows.Next() {
		u, err := ScanUser(rows)
		if err != nil {
			return nil, err
		}
		out[u.ID] = u
	}
	return out, rows.Err()
}
