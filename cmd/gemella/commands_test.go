package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/devenv"
	"github.com/gemella/gemella/internal/storetest"
)

func TestServeConfigNamesEveryProblem(t *testing.T) {
	for _, k := range []string{"DATABASE_URL", "MEILI_URL", "MEILI_MASTER_KEY", "GEMELLA_PUBLIC_ORIGIN", "GEMELLA_OPEN_SIGNUP"} {
		t.Setenv(k, "")
	}
	_, err := serveConfig()
	require.Error(t, err)
	for _, k := range []string{"DATABASE_URL", "MEILI_URL", "MEILI_MASTER_KEY", "GEMELLA_PUBLIC_ORIGIN"} {
		require.Contains(t, err.Error(), k)
	}

	t.Setenv("DATABASE_URL", "mysql://nope")
	t.Setenv("MEILI_URL", "http://127.0.0.1:7700")
	t.Setenv("MEILI_MASTER_KEY", "chiave-di-prova")
	t.Setenv("GEMELLA_PUBLIC_ORIGIN", "https://gemella.example.it")
	t.Setenv("GEMELLA_OPEN_SIGNUP", "forse")
	t.Setenv("GEMELLA_ACCESSIBILITY_CONTACT", "javascript:alert(1)")
	_, err = serveConfig()
	require.ErrorContains(t, err, "DATABASE_URL is not a valid")
	require.ErrorContains(t, err, "GEMELLA_ACCESSIBILITY_CONTACT is not an email address")
	require.ErrorContains(t, err, `GEMELLA_OPEN_SIGNUP="forse" is not a boolean`)
	require.NotContains(t, err.Error(), "MEILI_URL")

	t.Setenv("GEMELLA_FILES_URL", "https://bucket.example.it")
	_, err = serveConfig()
	require.ErrorContains(t, err, "GEMELLA_FILES_URL is not a file:///directory or s3://bucket URL")

	t.Setenv("DATABASE_URL", "postgres://u@localhost/gemella")
	t.Setenv("GEMELLA_OPEN_SIGNUP", "")
	t.Setenv("GEMELLA_ACCESSIBILITY_CONTACT", "accessibilita@comune.example.it")
	t.Setenv("GEMELLA_FILES_URL", "s3://gemella-files?endpoint=https://s3.example-provider.it&region=eu-south-1&use_path_style=true")
	c, err := serveConfig()
	require.NoError(t, err)
	require.False(t, c.OpenSignup, "sign-up is closed in serve unless enabled")
	require.False(t, c.Introspection)
	require.Equal(t, "mailto:accessibilita@comune.example.it", c.AccessibilityContact)
	require.Equal(t, "s3://gemella-files?endpoint=https://s3.example-provider.it&region=eu-south-1&use_path_style=true", c.FilesURL)
}

// TestImportCommand runs `gemella import` against a test database: good files are imported
// and queued for search, a bad one is reported by name without stopping the others.
func TestImportCommand(t *testing.T) {
	s := newTestServer(t, serverOptions{Seeded: true})
	dir := t.TempDir()
	good := filepath.Join(dir, "orientamento.md")
	require.NoError(t, os.WriteFile(good, []byte("# Sportello\n\n## Accoglienza\n\nIl primo contatto avviene allo sportello informativo.\n"), 0o644))
	bad := filepath.Join(dir, "foto.txt")
	require.NoError(t, os.WriteFile(bad, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 0o644))

	t.Setenv("DATABASE_URL", storetest.URL(s.app.pool))
	t.Setenv("GEMELLA_FILES_URL", storetest.FilesURL(t))
	t.Setenv("MEILI_URL", "http://127.0.0.1:1")
	t.Setenv("MEILI_MASTER_KEY", "non-serve-per-importare")
	err := runImport(context.Background(), []string{"--service-area", "orientamento", "--year", "2024", good, bad})
	require.ErrorContains(t, err, "1 of 2 files not imported")

	d := s.ok(t, "", `{ guidelines(first: 10, filter: { serviceAreaSlug: "orientamento", year: 2024 }) { edges { node { title sectionCount } } } }`, nil)
	edges := dig(d, "guidelines", "edges").([]any)
	require.Len(t, edges, 1)
	require.Equal(t, "orientamento", dig(edges[0], "node", "title"))

	require.Error(t, runImport(context.Background(), nil), "no file is a usage error")
	require.ErrorContains(t, runImport(context.Background(), []string{"--title", "Uno", good, good}), "one file at a time")
}

// TestMigrateThenSeed runs the production path on an empty database: seed refuses to run
// before migrate, then migrate and seed (twice) succeed and load the demo data once, its
// upcoming workshops included.
func TestMigrateThenSeed(t *testing.T) {
	pg := devenv.TestPostgres(t)
	admin, err := pgx.Connect(context.Background(), pg.URL("postgres"))
	require.NoError(t, err)
	_, err = admin.Exec(context.Background(), `CREATE DATABASE migrate_then_seed`)
	require.NoError(t, err)
	require.NoError(t, admin.Close(context.Background()))
	t.Setenv("DATABASE_URL", pg.URL("migrate_then_seed"))
	dataDir := t.TempDir()
	t.Setenv("GEMELLA_DATA_DIR", dataDir)
	t.Setenv("GEMELLA_DEMO_PASSWORD", "password-di-produzione")

	require.ErrorContains(t, runSeed(context.Background()), "run `gemella migrate` first")
	require.NoError(t, runMigrate(context.Background()))
	require.NoError(t, runMigrate(context.Background()), "migrate is idempotent")
	require.NoError(t, runSeed(context.Background()))
	conn, err := pgx.Connect(context.Background(), pg.URL("migrate_then_seed"))
	require.NoError(t, err)
	defer conn.Close(context.Background())
	// The upcoming demo workshops are dated from the load that wrote them; seeding again
	// writes nothing, so they neither double nor move.
	upcoming := func() []time.Time {
		rows, err := conn.Query(context.Background(), `SELECT starts_at FROM workshops WHERE starts_at > now() ORDER BY starts_at`)
		require.NoError(t, err)
		starts, err := pgx.CollectRows(rows, pgx.RowTo[time.Time])
		require.NoError(t, err)
		return starts
	}
	first := upcoming()
	require.Len(t, first, 2, "the demo has upcoming workshops whenever it is loaded")
	require.NoError(t, runSeed(context.Background()))
	require.Equal(t, first, upcoming())

	var twinnings, guidelines int
	require.NoError(t, conn.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM twinnings), (SELECT count(*) FROM guidelines)`).Scan(&twinnings, &guidelines))
	require.Equal(t, 3, twinnings)
	blobs, err := filepath.Glob(filepath.Join(dataDir, "files", "*[0-9a-f]"))
	require.NoError(t, err)
	require.Len(t, blobs, guidelines, "each demo guideline's original, once, under the data directory")
	require.Equal(t, 3, guidelines)
}
