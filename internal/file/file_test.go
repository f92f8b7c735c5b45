package file_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/tern/v2/migrate"
	"github.com/stretchr/testify/require"
	"gocloud.dev/blob"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/devenv"
	"github.com/gemella/gemella/internal/file"
	"github.com/gemella/gemella/internal/store"
	"github.com/gemella/gemella/internal/storetest"
	"github.com/gemella/gemella/migrations"
)

func TestMain(m *testing.M) {
	code := m.Run()
	devenv.CleanupTestServers()
	os.Exit(code)
}

// newService returns a file service on pool and a bucket of its own in a temporary
// directory, with that bucket to look into.
func newService(t *testing.T, pool *pgxpool.Pool, maxBytes int64) (*file.Service, *blob.Bucket) {
	t.Helper()
	u, err := file.DirURL(t.TempDir())
	require.NoError(t, err)
	bucket, err := file.OpenBucket(context.Background(), u)
	require.NoError(t, err)
	t.Cleanup(func() { _ = bucket.Close() })
	return file.NewService(pool, bucket, maxBytes), bucket
}

// keys lists the blobs in the bucket, leaving out fileblob's metadata sidecars.
func keys(t *testing.T, b *blob.Bucket) []string {
	t.Helper()
	var out []string
	it := b.List(nil)
	for {
		obj, err := it.Next(context.Background())
		if err == io.EOF {
			return out
		}
		require.NoError(t, err)
		out = append(out, obj.Key)
	}
}

func record(t *testing.T, pool *pgxpool.Pool, s *file.Service, b *file.Blob, owner file.Owner, space *int64) *file.File {
	t.Helper()
	var f *file.File
	require.NoError(t, store.WithTx(context.Background(), pool, func(tx pgx.Tx) (err error) {
		f, err = s.Record(context.Background(), tx, b, owner, space, nil)
		return err
	}))
	return f
}

func readAll(t *testing.T, s *file.Service, ctx context.Context, token string) []byte {
	t.Helper()
	_, r, err := s.Open(ctx, token)
	require.NoError(t, err)
	defer r.Close()
	data, err := io.ReadAll(r)
	require.NoError(t, err)
	return data
}

// TestPutRecordOpen: a file goes in by Put and Record and comes out byte for byte, with
// its type sniffed, its size and sha256, and an unguessable token.
func TestPutRecordOpen(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := storetest.NewDB(t, storetest.Options{})
	s, bucket := newService(t, pool, 0)
	data := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 100_000)...)
	_, _ = rand.Read(data[20:])
	b, err := s.Put(ctx, "foto\u202e.png", bytes.NewReader(data))
	require.NoError(t, err)
	require.Equal(t, "image/png", b.ContentType)
	require.EqualValues(t, len(data), b.Size)
	sum := sha256.Sum256(data)
	require.Equal(t, sum[:], b.SHA256)
	require.Len(t, keys(t, bucket), 1)

	f := record(t, pool, s, b, file.Owner{Kind: file.OwnerGuideline, ID: 7}, nil)
	require.Equal(t, "foto.png", f.Name, "names lose reordering characters")
	require.Regexp(t, regexp.MustCompile(`^[0-9a-f]{32}$`), f.Token)
	require.Equal(t, "/files/"+f.Token, file.URL(f))
	require.Equal(t, file.Owner{Kind: file.OwnerGuideline, ID: 7}, f.Owner)
	require.Equal(t, data, readAll(t, s, ctx, f.Token))

	other := record(t, pool, s, must(s.Put(ctx, "b.txt", strings.NewReader("testo"))), file.Owner{Kind: file.OwnerGuideline, ID: 7}, nil)
	require.NotEqual(t, f.Token, other.Token)
	require.Equal(t, "text/plain; charset=utf-8", other.ContentType)

	got, err := s.ByIDs(ctx, []int64{f.ID, other.ID, 999})
	require.NoError(t, err)
	require.Len(t, got, 2)
	require.Equal(t, f.SHA256, got[f.ID].SHA256)
	third := record(t, pool, s, must(s.Put(ctx, "c.txt", strings.NewReader("altro"))), file.Owner{Kind: file.OwnerGuideline, ID: 8}, nil)
	owned, err := s.OfOwners(ctx, file.OwnerGuideline, []int64{7, 8, 9})
	require.NoError(t, err)
	require.Equal(t, []int64{f.ID, other.ID}, []int64{owned[7][0].ID, owned[7][1].ID}, "oldest first")
	require.Len(t, owned[8], 1)
	require.Equal(t, third.ID, owned[8][0].ID)
	require.Empty(t, owned[9])

	_, _, err = s.Open(ctx, "00000000000000000000000000000000")
	require.True(t, apperr.Is(err, apperr.NotFound), "%v", err)
}

func must(b *file.Blob, err error) *file.Blob {
	if err != nil {
		panic(err)
	}
	return b
}

// TestLimitAndDiscard: a file over the limit is refused with nothing left in the bucket,
// and a blob whose transaction failed is deleted by Discard.
func TestLimitAndDiscard(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := storetest.NewDB(t, storetest.Options{})
	s, bucket := newService(t, pool, 4<<10)

	_, err := s.Put(ctx, "grande.bin", bytes.NewReader(make([]byte, 4<<10+1)))
	require.True(t, apperr.Is(err, apperr.TooLarge), "%v", err)
	errs, _ := apperr.Expected(err)
	require.Equal(t, "file", errs[0].Field)
	require.Empty(t, keys(t, bucket), "a refused upload leaves nothing")

	b, err := s.Put(ctx, "giusto.bin", bytes.NewReader(make([]byte, 4<<10)))
	require.NoError(t, err)
	require.EqualValues(t, 4<<10, b.Size, "exactly the limit is accepted")
	err = store.WithTx(ctx, pool, func(tx pgx.Tx) error {
		if _, err := s.Record(ctx, tx, b, file.Owner{Kind: file.OwnerGuideline, ID: 1}, nil, nil); err != nil {
			return err
		}
		return fmt.Errorf("the owner could not be written")
	})
	require.Error(t, err)
	s.Discard(ctx, b)
	require.Empty(t, keys(t, bucket), "the failed transaction's blob is gone")
	var n int
	require.NoError(t, pool.QueryRow(ctx, `SELECT count(*) FROM files`).Scan(&n))
	require.Zero(t, n)

	_, err = s.Put(ctx, "rotto.bin", io.MultiReader(strings.NewReader("inizio"), failingReader{}))
	require.True(t, apperr.Is(err, apperr.Invalid), "an unreadable upload is the user's: %v", err)
	require.Empty(t, keys(t, bucket))
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, fmt.Errorf("connection reset") }

// TestVisibility: a file in a space opens for the space's readers only; to anyone else it
// is exactly a missing file.
func TestVisibility(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := storetest.NewDB(t, storetest.Options{Seeded: true})
	s, _ := newService(t, pool, 0)
	var space, member, outsider int64
	require.NoError(t, pool.QueryRow(ctx, `SELECT min(id) FROM twinnings`).Scan(&space))
	require.NoError(t, pool.QueryRow(ctx, `SELECT id FROM users WHERE email = 'operatore@gemella.test'`).Scan(&member))
	require.NoError(t, pool.QueryRow(ctx, `SELECT id FROM users WHERE email = 'formatrice@gemella.test'`).Scan(&outsider))
	// Whatever the demo data says, one belongs to the space and the other does not.
	_, err := pool.Exec(ctx, `INSERT INTO twinning_members (twinning_id, user_id, role) VALUES ($1, $2, 'RECEIVING') ON CONFLICT DO NOTHING`, space, member)
	require.NoError(t, err)
	_, err = pool.Exec(ctx, `DELETE FROM twinning_members WHERE twinning_id = $1 AND user_id = $2`, space, outsider)
	require.NoError(t, err)
	f := record(t, pool, s, must(s.Put(ctx, "verbale.txt", strings.NewReader("verbale della visita"))), file.Owner{Kind: file.OwnerGuideline, ID: 1}, &space)

	readers := map[string]*auth.User{
		"anonymous": nil,
		"member":    {ID: member, Roles: []auth.Role{auth.Operator}},
		"outsider":  {ID: outsider, Roles: []auth.Role{auth.Trainer}},
		"moderator": {ID: outsider, Roles: []auth.Role{auth.Moderator}},
	}
	_, _, missing := s.Open(ctx, "ffffffffffffffffffffffffffffffff")
	for _, c := range []struct {
		level access.Level
		can   []string
	}{
		{access.Open, []string{"anonymous", "member", "outsider", "moderator"}},
		{access.Community, []string{"member", "outsider", "moderator"}},
		{access.Restricted, []string{"member", "moderator"}},
	} {
		_, err := pool.Exec(ctx, `UPDATE twinnings SET visibility = $2 WHERE id = $1`, space, c.level)
		require.NoError(t, err)
		for name, u := range readers {
			rctx := access.WithScope(ctx, access.NewService(pool).Scope(u))
			_, r, err := s.Open(rctx, f.Token)
			if contains(c.can, name) {
				require.NoError(t, err, "%s reads a %s space's file", name, c.level)
				_ = r.Close()
			} else {
				require.True(t, apperr.Is(err, apperr.NotFound), "%s on a %s space: %v", name, c.level, err)
				require.Equal(t, missing, err, "indistinguishable from a missing file")
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestMoveStoredContent: a database from before the bucket, whose guideline original is
// in the files table, keeps it downloadable byte for byte once migrated and moved; the
// move is idempotent.
func TestMoveStoredContent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pg := devenv.TestPostgres(t)
	name := fmt.Sprintf("old_%d", os.Getpid())
	admin, err := pgx.Connect(ctx, pg.URL("postgres"))
	require.NoError(t, err)
	_, err = admin.Exec(ctx, `CREATE DATABASE `+name)
	require.NoError(t, err)
	t.Cleanup(func() {
		_, _ = admin.Exec(context.Background(), `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
		_ = admin.Close(context.Background())
	})
	pool, err := store.Open(ctx, pg.URL(name), nil)
	require.NoError(t, err)
	t.Cleanup(pool.Close)

	// The schema as it was before files had a package of their own.
	func() {
		conn, err := pool.Acquire(ctx)
		require.NoError(t, err)
		defer conn.Release()
		m, err := migrate.NewMigrator(ctx, conn.Conn(), "schema_version")
		require.NoError(t, err)
		require.NoError(t, m.LoadMigrations(migrations.FS))
		require.NoError(t, m.MigrateTo(ctx, 5))
	}()

	// Larger than one chunk of the move, so that it is read in several.
	original := make([]byte, 2<<20+12345)
	_, _ = rand.Read(original)
	copy(original, "%PDF-1.4\n")
	sum := sha256.Sum256(original)
	var fileID, guidelineID int64
	require.NoError(t, pool.QueryRow(ctx, `INSERT INTO files (name, content_type, size, sha256, content)
		VALUES ('guida.pdf', 'application/pdf', $1, $2, $3) RETURNING id`, len(original), sum[:], original).Scan(&fileID))
	require.NoError(t, pool.QueryRow(ctx, `WITH d AS (INSERT INTO discussions (title) VALUES ('Guida') RETURNING id)
		INSERT INTO guidelines (title, kind, file_id, text, discussion_id) SELECT 'Guida', 'pdf', $1, 'testo', d.id FROM d RETURNING id`,
		fileID).Scan(&guidelineID))
	_, err = pool.Exec(ctx, `INSERT INTO guideline_versions (guideline_id, version, title, kind, file_id) VALUES ($1, 1, 'Guida', 'pdf', $2)`, guidelineID, fileID)
	require.NoError(t, err)

	require.NoError(t, store.Migrate(ctx, pool))
	// A limit lowered since the file was stored does not keep it from moving.
	s, bucket := newService(t, pool, 1<<20)
	moved, err := s.MoveStoredContent(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, moved)
	require.Len(t, keys(t, bucket), 1)

	var token string
	var contentGone bool
	var owner file.Owner
	require.NoError(t, pool.QueryRow(ctx, `SELECT token, content IS NULL, owner_kind, owner_id FROM files WHERE id = $1`, fileID).
		Scan(&token, &contentGone, &owner.Kind, &owner.ID))
	require.True(t, contentGone, "the bytes left the table")
	require.Equal(t, file.Owner{Kind: file.OwnerGuideline, ID: guidelineID}, owner)
	require.Equal(t, original, readAll(t, s, ctx, token))

	moved, err = s.MoveStoredContent(ctx)
	require.NoError(t, err)
	require.Zero(t, moved, "nothing is moved twice")
	require.Len(t, keys(t, bucket), 1)
}
