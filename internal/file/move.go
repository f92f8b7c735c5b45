package file

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"

	"github.com/gemella/gemella/internal/store"
)

// moveChunk is how much of a stored file one statement reads while it moves.
const moveChunk = 1 << 20

// MoveStoredContent moves the bytes of files stored before the bucket existed from the
// files table into the bucket, one file per transaction, and returns how many it moved.
// It is idempotent and safe to run from several instances at once: `gemella migrate`,
// `dev` and `serve` run it at start-up, when it costs one statement once everything has
// moved. Each file is read a chunk at a time and checked against its sha256 before its
// content is cleared.
func (s *Service) MoveStoredContent(ctx context.Context) (int, error) {
	moved := 0
	for {
		done, err := s.moveOne(ctx)
		if err != nil || done {
			return moved, err
		}
		moved++
	}
}

func (s *Service) moveOne(ctx context.Context) (done bool, err error) {
	key := newToken()
	written := false
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		u, err := nextUnmoved(ctx, tx)
		if err != nil || u == nil {
			done = u == nil
			return err
		}
		sum := sha256.New()
		// A file stored under an earlier, higher limit moves whole.
		if _, err := s.write(ctx, key, u.contentType, sum, &chunkReader{ctx: ctx, tx: tx, u: u}, u.size); err != nil {
			return fmt.Errorf("moving file %d to the bucket: %w", u.id, err)
		}
		written = true
		if !bytes.Equal(sum.Sum(nil), u.sha256) {
			return fmt.Errorf("moving file %d to the bucket: its content does not match its sha256", u.id)
		}
		return markMoved(ctx, tx, u.id, key)
	})
	if err != nil && written {
		s.Discard(ctx, &Blob{key: key})
	}
	return done, err
}

// chunkReader reads a file's stored content a chunk at a time.
type chunkReader struct {
	ctx    context.Context
	tx     pgx.Tx
	u      *unmoved
	offset int64
	buf    []byte
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.buf) == 0 {
		if c.offset >= c.u.size {
			return 0, io.EOF
		}
		b, err := contentChunk(c.ctx, c.tx, c.u.id, c.offset, moveChunk)
		if err != nil {
			return 0, err
		}
		if len(b) == 0 {
			return 0, io.EOF
		}
		c.offset += int64(len(b))
		c.buf = b
	}
	n := copy(p, c.buf)
	c.buf = c.buf[n:]
	return n, nil
}
