// Package storetest gives each test a database of its own on the test binary's PostgreSQL
// (internal/devenv), created from a migrated template so that it takes milliseconds.
package storetest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/devenv"
	"github.com/gemella/gemella/internal/directory"
	"github.com/gemella/gemella/internal/file"
	"github.com/gemella/gemella/internal/guideline"
	"github.com/gemella/gemella/internal/seed"
	"github.com/gemella/gemella/internal/store"
)

// DemoPassword is the demo accounts' password in seeded test databases.
const DemoPassword = "password-di-prova"

const (
	emptyTemplate  = "gemella_template"
	seededTemplate = "gemella_template_seeded"
)

var (
	templates sync.Once
	tmplErr   error
	seq       atomic.Int64
)

// Options choose what a test database holds.
type Options struct {
	// Seeded loads the demo data (accounts with DemoPassword).
	Seeded bool
	// Counter, when set, counts the statements sent through the returned pool.
	Counter *store.Counter
}

// NewDB returns a pool on a fresh, migrated database dropped when the test ends.
func NewDB(tb testing.TB, o Options) *pgxpool.Pool {
	tb.Helper()
	pg := devenv.TestPostgres(tb)
	ctx := context.Background()
	templates.Do(func() { tmplErr = makeTemplates(ctx, tb, pg) })
	if tmplErr != nil {
		tb.Fatalf("storetest: preparing template databases: %v", tmplErr)
	}
	name := fmt.Sprintf("test_%d", seq.Add(1))
	tmpl := emptyTemplate
	if o.Seeded {
		tmpl = seededTemplate
	}
	admin, err := pgx.Connect(ctx, pg.URL("postgres"))
	if err != nil {
		tb.Fatalf("storetest: %v", err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+name+` TEMPLATE `+tmpl); err != nil {
		tb.Fatalf("storetest: creating %s: %v", name, err)
	}
	pool, err := store.Open(ctx, pg.URL(name), o.Counter)
	if err != nil {
		tb.Fatalf("storetest: %v", err)
	}
	tb.Cleanup(func() {
		pool.Close()
		c, err := pgx.Connect(context.Background(), pg.URL("postgres"))
		if err == nil {
			_, _ = c.Exec(context.Background(), `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
			_ = c.Close(context.Background())
		}
	})
	return pool
}

// FilesURL is the bucket of the test binary's stored files (devenv.TestFilesDir), where
// the seeded template's demo files are: a server over a seeded database must use it.
func FilesURL(tb testing.TB) string {
	tb.Helper()
	u, err := file.DirURL(devenv.TestFilesDir(tb))
	if err != nil {
		tb.Fatalf("storetest: %v", err)
	}
	return u
}

// Files returns a file service on pool and the test binary's bucket.
func Files(tb testing.TB, pool *pgxpool.Pool) *file.Service {
	tb.Helper()
	bucket, err := file.OpenBucket(context.Background(), FilesURL(tb))
	if err != nil {
		tb.Fatalf("storetest: %v", err)
	}
	tb.Cleanup(func() { _ = bucket.Close() })
	return file.NewService(pool, bucket, 0)
}

// URL returns the connection string of the database behind pool.
func URL(pool *pgxpool.Pool) string { return pool.Config().ConnString() }

func makeTemplates(ctx context.Context, tb testing.TB, pg *devenv.Postgres) error {
	bucket, err := file.OpenBucket(ctx, FilesURL(tb))
	if err != nil {
		return err
	}
	defer bucket.Close()
	admin, err := pgx.Connect(ctx, pg.URL("postgres"))
	if err != nil {
		return err
	}
	defer admin.Close(ctx)
	for _, name := range []string{emptyTemplate, seededTemplate} {
		if _, err := admin.Exec(ctx, `CREATE DATABASE `+name); err != nil {
			return err
		}
		pool, err := store.Open(ctx, pg.URL(name), nil)
		if err != nil {
			return err
		}
		err = store.Migrate(ctx, pool)
		if err == nil && name == seededTemplate {
			guidelines := guideline.NewService(pool, directory.NewService(pool), file.NewService(pool, bucket, 0))
			_, err = seed.Load(ctx, pool, auth.NewService(pool, false), guidelines, DemoPassword)
		}
		pool.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}
