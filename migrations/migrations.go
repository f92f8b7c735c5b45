// Package migrations embeds the SQL migrations applied by `gemella migrate` and `gemella dev`.
package migrations

import "embed"

// FS holds the numbered migration files (tern format: NNN_name.sql).
//
//go:embed *.sql
var FS embed.FS
