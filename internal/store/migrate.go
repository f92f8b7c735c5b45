package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/tern/v2/migrate"

	"github.com/gemella/gemella/migrations"
)

const versionTable = "schema_version"

func migrator(ctx context.Context, pool *pgxpool.Pool, fn func(*migrate.Migrator) error) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	m, err := migrate.NewMigrator(ctx, conn.Conn(), versionTable)
	if err != nil {
		return err
	}
	if err := m.LoadMigrations(migrations.FS); err != nil {
		return fmt.Errorf("loading migrations: %w", err)
	}
	return fn(m)
}

// Migrate applies every pending migration. tern takes an advisory lock, so several
// instances starting together apply each migration once.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	return migrator(ctx, pool, func(m *migrate.Migrator) error {
		return m.Migrate(ctx)
	})
}

// PendingMigrations returns how many migrations the database still lacks.
func PendingMigrations(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	var pending int
	err := migrator(ctx, pool, func(m *migrate.Migrator) error {
		v, err := m.GetCurrentVersion(ctx)
		if err != nil {
			return err
		}
		pending = len(m.Migrations) - int(v)
		return nil
	})
	return pending, err
}
