package file

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/jackc/pgx/v5"
	"hash"
	"io"
	"log/slog"
	"net/url"
	"path/filepath"
	"sync"

	"github.com/gabriel-vasile/mimetype"
	"github.com/jackc/pgx/v5/pgxpool"
	"gocloud.dev/blob"
	_ "gocloud.dev/blob/fileblob" // file:// buckets
	_ "gocloud.dev/blob/s3blob"   // s3:// buckets

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/plaintext"
	"github.com/gemella/gemella/internal/store"
)

// DefaultMaxBytes is the largest file when no limit is configured.
const DefaultMaxBytes = 50 << 20

// sniffBytes is how much of a file its type is sniffed from: mimetype's own read limit.
const sniffBytes = 3072

// partBytes is the buffer of one upload to the bucket, and S3's smallest multipart part:
// with one part in flight at a time, an upload holds at most this much of a file.
const partBytes = 5 << 20

// Service stores and serves files.
type Service struct {
	pool     *pgxpool.Pool
	bucket   *blob.Bucket
	maxBytes int64
}

// NewService returns the file service on bucket; maxBytes limits one file (0 = default).
func NewService(pool *pgxpool.Pool, bucket *blob.Bucket, maxBytes int64) *Service {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	return &Service{pool: pool, bucket: bucket, maxBytes: maxBytes}
}

// OpenBucket opens the bucket at a gocloud URL: file:///a/directory or
// s3://bucket?region=…&endpoint=… (credentials from the AWS_* environment variables).
func OpenBucket(ctx context.Context, rawURL string) (*blob.Bucket, error) {
	b, err := blob.OpenBucket(ctx, rawURL)
	if err != nil {
		return nil, fmt.Errorf("GEMELLA_FILES_URL: %w", err)
	}
	return b, nil
}

// DirURL is the URL of a bucket in a local directory, created when missing. Temporary
// files are written beside the final ones, so that a rename never crosses file systems.
func DirURL(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: "create_dir=true&no_tmp_dir=true"}
	return u.String(), nil
}

// MaxBytes is the largest file Put accepts.
func (s *Service) MaxBytes() int64 { return s.maxBytes }

// Put streams r into the bucket under a new random key: at most MaxBytes, hashed and
// sniffed on the way, never held whole. A file over the limit is a TOO_LARGE userError on
// field "file", and nothing stays in the bucket. The blob is no file yet: Record it in the
// transaction that stores its owner, or Discard it.
func (s *Service) Put(ctx context.Context, name string, r io.Reader) (*Blob, error) {
	src := &readErr{r: r}
	head := make([]byte, sniffBytes)
	n, _ := io.ReadFull(src, head)
	if src.err != nil {
		return nil, apperr.New(apperr.Invalid, "file", "file.unreadable")
	}
	head = head[:n]
	b := &Blob{key: newToken(), Name: cleanName(name), ContentType: mimetype.Detect(head).String()}
	sum := sha256.New()
	size, err := s.write(ctx, b.key, b.ContentType, sum, io.MultiReader(bytes.NewReader(head), src), s.maxBytes)
	switch {
	case src.err != nil:
		return nil, apperr.New(apperr.Invalid, "file", "file.unreadable")
	case errors.Is(err, errTooLarge):
		// "MB" as people read it (the guideline form and the HTTP limit say the same), not "MiB".
		return nil, apperr.New(apperr.TooLarge, "file", "file.too_large").With("Max", fmt.Sprintf("%d MB", s.maxBytes>>20))
	case err != nil:
		return nil, err
	}
	b.Size, b.SHA256 = size, sum.Sum(nil)
	return b, nil
}

var errTooLarge = errors.New("file: over the size limit")

// write copies r into a new blob through sum; over limit bytes, the blob is abandoned.
func (s *Service) write(ctx context.Context, key, contentType string, sum hash.Hash, r io.Reader, limit int64) (int64, error) {
	// Cancelling the writer's context before Close abandons the blob: nothing is written.
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w, err := s.bucket.NewWriter(wctx, key, &blob.WriterOptions{ContentType: contentType, BufferSize: partBytes, MaxConcurrency: 1})
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(io.MultiWriter(w, sum), io.LimitReader(r, limit+1))
	if err == nil && n > limit {
		err = errTooLarge
	}
	if err != nil {
		cancel()
		_ = w.Close()
		return 0, err
	}
	return n, w.Close()
}

// readErr remembers the error of the reader it wraps, to tell the upload's failures (the
// user's) from the bucket's (the server's).
type readErr struct {
	r   io.Reader
	err error
}

func (e *readErr) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && err != io.EOF {
		e.err = err
	}
	return n, err
}

// Discard deletes a blob that was never recorded, after its transaction failed. It runs
// even when ctx was cancelled (the client went away); a failure is logged, and leaves an
// orphan blob.
func (s *Service) Discard(ctx context.Context, b *Blob) {
	if b == nil {
		return
	}
	if err := s.bucket.Delete(context.WithoutCancel(ctx), b.key); err != nil {
		slog.WarnContext(ctx, "an unrecorded file stays in the bucket", "key", b.key, "err", err)
	}
}

// DeleteOwned removes the rows of an owner's files in the caller's transaction and returns
// their blobs, for Discard once the transaction has committed: a rollback then leaves every
// file whole, and a commit leaves no orphan bytes behind.
func (s *Service) DeleteOwned(ctx context.Context, q store.Querier, owner Owner) ([]*Blob, error) {
	keys, err := store.Collect(ctx, q, `DELETE FROM files WHERE owner_kind = $1 AND owner_id = $2 AND blob_key IS NOT NULL
		RETURNING blob_key`, []any{owner.Kind, owner.ID}, func(row pgx.Row) (*Blob, error) {
		b := &Blob{}
		return b, row.Scan(&b.key)
	})
	if err != nil {
		return nil, err
	}
	// Rows whose bytes were never moved out of the table go with them.
	_, err = q.Exec(ctx, `DELETE FROM files WHERE owner_kind = $1 AND owner_id = $2`, owner.Kind, owner.ID)
	return keys, err
}

// Delete removes the row of one file in the caller's transaction and returns its blob, for
// Discard once the transaction has committed, as DeleteOwned does.
func (s *Service) Delete(ctx context.Context, q store.Querier, id int64) (*Blob, error) {
	var key string
	err := q.QueryRow(ctx, `DELETE FROM files WHERE id = $1 RETURNING coalesce(blob_key, '')`, id).Scan(&key)
	if err != nil || key == "" {
		return nil, store.Translate(err, errNotFound)
	}
	return &Blob{key: key}, nil
}

// BlobReader reads a blob's bytes at any offset, for a parser that seeks (a PDF's
// cross-reference table is at its end), without holding them in memory.
type BlobReader struct {
	mu   sync.Mutex
	r    *blob.Reader
	size int64
}

// ReadAt implements io.ReaderAt.
func (b *BlobReader) ReadAt(p []byte, off int64) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, err := b.r.Seek(off, io.SeekStart); err != nil {
		return 0, err
	}
	n, err := io.ReadFull(b.r, p)
	if err == io.ErrUnexpectedEOF {
		err = io.EOF // io.ReaderAt's word for a read that reached the end
	}
	return n, err
}

// Size is the blob's length in bytes.
func (b *BlobReader) Size() int64 { return b.size }

// Close releases the reader.
func (b *BlobReader) Close() error { return b.r.Close() }

// OpenBlob reads a blob that Put wrote, before or after it is recorded: to extract its
// text for search.
func (s *Service) OpenBlob(ctx context.Context, b *Blob) (*BlobReader, error) {
	r, err := s.bucket.NewReader(ctx, b.key, nil)
	if err != nil {
		return nil, err
	}
	return &BlobReader{r: r, size: r.Size()}, nil
}

// Record writes a blob's metadata in the caller's transaction: the file now belongs to
// owner, lives in the space (nil for the whole community) and was uploaded by (nil for
// the system).
func (s *Service) Record(ctx context.Context, q store.Querier, b *Blob, owner Owner, spaceID, by *int64) (*File, error) {
	return insertFile(ctx, q, b, newToken(), owner, spaceID, by)
}

// SetAudience keeps a file for a workshop's participants (nil: for whoever may read its
// space), in the caller's transaction.
func (s *Service) SetAudience(ctx context.Context, q store.Querier, f *File, workshopID *int64) error {
	f.AudienceWorkshopID = workshopID
	return setAudience(ctx, q, f.ID, workshopID)
}

// ByIDs returns the metadata of the files with these ids. A file's metadata is reached
// only through its owner, whose own read is scoped; its bytes, by token, are checked in
// Open.
func (s *Service) ByIDs(ctx context.Context, ids []int64) (map[int64]*File, error) {
	return filesByIDs(ctx, s.pool, ids)
}

// OfOwners returns the files of each owner of this kind, oldest first: a practice's
// attachments, for one dataloader batch.
func (s *Service) OfOwners(ctx context.Context, kind OwnerKind, ids []int64) (map[int64][]*File, error) {
	return filesOfOwners(ctx, s.pool, kind, ids)
}

var errNotFound = apperr.New(apperr.NotFound, "", "common.not_found")

// Open returns the file with this token and a reader of its bytes, which the caller
// closes. A file the scope in ctx may not read is NOT_FOUND, exactly like a missing one.
func (s *Service) Open(ctx context.Context, token string) (*File, io.ReadSeekCloser, error) {
	f, key, level, err := fileByToken(ctx, s.pool, token)
	if err != nil {
		return nil, nil, err
	}
	scope := access.From(ctx)
	ok, err := scope.CanRead(ctx, f.SpaceID, level)
	if err == nil && ok && f.AudienceWorkshopID != nil {
		ok, err = scope.InAudience(ctx, s.pool, *f.AudienceWorkshopID)
	}
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, errNotFound
	}
	if key == "" {
		return nil, nil, fmt.Errorf("file %d is not in the bucket yet: run `gemella migrate`", f.ID)
	}
	r, err := s.bucket.NewReader(ctx, key, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("file %d: %w", f.ID, err)
	}
	return f, r, nil
}

// newToken returns 128 random bits in hex: a file's URL token, or its key in the bucket.
func newToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// cleanName is a file name fit to show and to send back in Content-Disposition.
func cleanName(name string) string {
	if n := plaintext.Line(name); n != "" {
		return n
	}
	return "file"
}
