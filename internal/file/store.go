package file

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/store"
)

const columns = `f.id, f.token, f.owner_kind, f.owner_id, f.space_id, f.name, f.content_type, f.size, f.sha256, f.uploaded_by, f.created_at, f.audience_workshop_id`

func scan(row pgx.Row, extra ...any) (*File, error) {
	f := &File{}
	return f, row.Scan(append([]any{&f.ID, &f.Token, &f.Owner.Kind, &f.Owner.ID, &f.SpaceID, &f.Name, &f.ContentType, &f.Size,
		&f.SHA256, &f.UploadedBy, &f.CreatedAt, &f.AudienceWorkshopID}, extra...)...)
}

func insertFile(ctx context.Context, q store.Querier, b *Blob, token string, o Owner, spaceID, by *int64) (*File, error) {
	return scan(q.QueryRow(ctx, `INSERT INTO files AS f (token, blob_key, owner_kind, owner_id, space_id, name, content_type, size, sha256, uploaded_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING `+columns,
		token, b.key, o.Kind, o.ID, spaceID, b.Name, b.ContentType, b.Size, b.SHA256, by))
}

func setAudience(ctx context.Context, q store.Querier, id int64, workshopID *int64) error {
	_, err := q.Exec(ctx, `UPDATE files SET audience_workshop_id = $2 WHERE id = $1`, id, workshopID)
	return err
}

func filesByIDs(ctx context.Context, q store.Querier, ids []int64) (map[int64]*File, error) {
	list, err := store.Collect(ctx, q, `SELECT `+columns+` FROM files f WHERE f.id = ANY($1)`,
		[]any{ids}, func(row pgx.Row) (*File, error) { return scan(row) })
	return store.ByID(list, func(f *File) int64 { return f.ID }), err
}

func filesOfOwners(ctx context.Context, q store.Querier, kind OwnerKind, ids []int64) (map[int64][]*File, error) {
	list, err := store.Collect(ctx, q, `SELECT `+columns+` FROM files f WHERE f.owner_kind = $1 AND f.owner_id = ANY($2) ORDER BY f.id`,
		[]any{kind, ids}, func(row pgx.Row) (*File, error) { return scan(row) })
	out := make(map[int64][]*File, len(ids))
	for _, f := range list {
		out[f.Owner.ID] = append(out[f.Owner.ID], f)
	}
	return out, err
}

// fileByToken returns a file with its key in the bucket ("" while its bytes are still in
// the table) and its space's level (Open outside any space).
func fileByToken(ctx context.Context, q store.Querier, token string) (*File, string, access.Level, error) {
	var key string
	var level access.Level
	f, err := scan(q.QueryRow(ctx, `SELECT `+columns+`, coalesce(f.blob_key, ''), coalesce(sp.visibility, 'OPEN')
		FROM files f LEFT JOIN twinnings sp ON sp.id = f.space_id WHERE f.token = $1`, token), &key, &level)
	return f, key, level, store.Translate(err, errNotFound)
}

// unmoved is a file whose bytes are still in the files table.
type unmoved struct {
	id          int64
	contentType string
	size        int64
	sha256      []byte
}

// nextUnmoved locks the next file whose bytes are still in the table; several instances
// starting together each take a different one.
func nextUnmoved(ctx context.Context, tx pgx.Tx) (*unmoved, error) {
	u := &unmoved{}
	err := tx.QueryRow(ctx, `SELECT id, content_type, octet_length(content), sha256 FROM files
		WHERE blob_key IS NULL ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`).Scan(&u.id, &u.contentType, &u.size, &u.sha256)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return u, err
}

// contentChunk reads n bytes of a file's stored content from offset (0-based).
func contentChunk(ctx context.Context, tx pgx.Tx, id, offset, n int64) ([]byte, error) {
	var b []byte
	err := tx.QueryRow(ctx, `SELECT substring(content FROM $2 FOR $3) FROM files WHERE id = $1`, id, offset+1, n).Scan(&b)
	return b, err
}

func markMoved(ctx context.Context, tx pgx.Tx, id int64, key string) error {
	_, err := tx.Exec(ctx, `UPDATE files SET blob_key = $2, content = NULL WHERE id = $1`, id, key)
	return err
}
