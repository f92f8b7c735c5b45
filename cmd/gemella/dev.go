package main

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/gemella/gemella/internal/devenv"
	"github.com/gemella/gemella/internal/seed"
	"github.com/gemella/gemella/internal/store"
)

const devDatabase = "gemella"

// runDev starts PostgreSQL and Meilisearch under the data directory (reusing them on the
// next start), migrates, loads the demo data once and serves. Ctrl-C stops the server,
// then both children.
func runDev(ctx context.Context) error {
	cfg, err := devConfig()
	if err != nil {
		return err
	}
	dataDir, err := filepath.Abs(cfg.DataDir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return err
	}
	envFile := filepath.Join(dataDir, "dev.env")
	secrets := readEnvFile(envFile)

	pgPassword := secrets["GEMELLA_PG_PASSWORD"]
	if pgPassword == "" {
		pgPassword = randomSecret(18)
	}
	pg, err := devenv.StartPostgres(ctx, devenv.PostgresOptions{DataDir: filepath.Join(dataDir, "pg"), Password: pgPassword, Fsync: true})
	if err != nil {
		return fmt.Errorf("starting PostgreSQL: %w", err)
	}
	defer stopChild("PostgreSQL", pg.Stop)
	pgPassword = pg.Password()

	meiliKey := secrets["MEILI_MASTER_KEY"]
	if meiliKey == "" {
		meiliKey = randomSecret(24)
	}
	meili, err := devenv.StartMeili(ctx, devenv.MeiliOptions{DataDir: filepath.Join(dataDir, "meili"), MasterKey: meiliKey})
	if err != nil {
		return fmt.Errorf("starting Meilisearch: %w", err)
	}
	defer stopChild("Meilisearch", meili.Stop)

	if err := createDatabase(ctx, pg.URL("postgres"), devDatabase); err != nil {
		return err
	}
	cfg.DatabaseURL = pg.URL(devDatabase)
	cfg.MeiliURL = meili.URL()
	cfg.MeiliMasterKey = meili.MasterKey()
	if err := writeEnvFile(envFile, map[string]string{
		"DATABASE_URL":        cfg.DatabaseURL,
		"MEILI_URL":           cfg.MeiliURL,
		"MEILI_MASTER_KEY":    cfg.MeiliMasterKey,
		"GEMELLA_PG_PASSWORD": pgPassword,
	}); err != nil {
		return err
	}

	pool, err := store.Open(ctx, cfg.DatabaseURL, nil)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := store.Migrate(ctx, pool); err != nil {
		return fmt.Errorf("migrating: %w", err)
	}
	cfg.DataDir = dataDir
	bucket, err := openBucket(ctx, cfg)
	if err != nil {
		return err
	}
	defer bucket.Close()
	a := newApp(cfg, pool, bucket, true)
	if err := moveStoredFiles(ctx, a.files); err != nil {
		return err
	}
	password, generated := demoPassword(cfg.DemoPassword)
	loaded, err := seed.Load(ctx, pool, a.auth, a.guidelines, password)
	if err != nil {
		return err
	}
	if loaded {
		slog.Info("demo data loaded")
	}
	fmt.Printf("\nGemella dev: http://%s  (GraphiQL at /graphiql)\n", cfg.Addr)
	fmt.Printf("Services for a second `gemella serve` or psql: %s\n", envFile)
	printAccounts(password, generated)
	return a.listen(ctx, cfg.Addr)
}

func stopChild(name string, stop func() error) {
	if err := stop(); err != nil {
		slog.Error("stopping "+name, "err", err)
	}
}

// createDatabase creates the dev database on first start.
func createDatabase(ctx context.Context, adminURL, name string) error {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	_, err = conn.Exec(ctx, `CREATE DATABASE `+pgx.Identifier{name}.Sanitize())
	return err
}

// readEnvFile reads KEY=value lines; a missing file is empty.
func readEnvFile(path string) map[string]string {
	out := map[string]string{}
	f, err := os.Open(path)
	if err != nil {
		return out
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		line := strings.TrimSpace(s.Text())
		if k, v, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
			out[k] = strings.Trim(v, `'"`)
		}
	}
	return out
}

// writeEnvFile writes the dev services' coordinates, readable only by their owner since
// they hold passwords: `set -a; . .gemella/dev.env` lets psql or a second server join.
func writeEnvFile(path string, vars map[string]string) error {
	var b strings.Builder
	b.WriteString("# Written by `gemella dev` at each start: the local services of this checkout.\n")
	for _, k := range []string{"DATABASE_URL", "MEILI_URL", "MEILI_MASTER_KEY", "GEMELLA_PG_PASSWORD"} {
		fmt.Fprintf(&b, "%s='%s'\n", k, vars[k])
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(b.String()), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
