// Command gemella is the whole service in one binary:
//
//	gemella dev       embedded PostgreSQL and Meilisearch, migrations, demo data, server
//	gemella serve     production server (configuration from the environment)
//	gemella migrate   apply pending migrations to DATABASE_URL
//	gemella seed      load the demo data into DATABASE_URL
//	gemella reindex   rebuild the search index beside the live one and swap
//	gemella import    import guideline documents from files
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

const usage = `usage: gemella <command>

commands:
  dev       run everything locally: PostgreSQL and Meilisearch under $GEMELLA_DATA_DIR
            (default .gemella), migrations, demo data, server on $GEMELLA_ADDR
  serve     run the server (DATABASE_URL, MEILI_URL, MEILI_MASTER_KEY,
            GEMELLA_PUBLIC_ORIGIN; optional GEMELLA_ADDR, GEMELLA_OPEN_SIGNUP,
            GEMELLA_INTROSPECTION, GEMELLA_ACCESSIBILITY_CONTACT)
  migrate   apply pending database migrations (DATABASE_URL)
  seed      load the demo data once (DATABASE_URL, GEMELLA_DEMO_PASSWORD)
  reindex   rebuild the search index from PostgreSQL with no downtime
            (DATABASE_URL, MEILI_URL, MEILI_MASTER_KEY)
  import    import guideline files: gemella import [--title T]
            [--service-area SLUG] [--year YYYY] FILE…
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var err error
	switch os.Args[1] {
	case "dev":
		slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, nil)))
		err = runDev(ctx)
	case "serve":
		slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stderr, nil)))
		err = runServe(ctx)
	case "migrate":
		err = runMigrate(ctx)
	case "seed":
		err = runSeed(ctx)
	case "reindex":
		err = runReindex(ctx)
	case "import":
		err = runImport(ctx, os.Args[2:])
	case "help", "-h", "--help":
		fmt.Print(usage)
		return
	default:
		fmt.Fprintf(os.Stderr, "gemella: unknown command %q\n\n%s", os.Args[1], usage)
		os.Exit(2)
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintf(os.Stderr, "gemella %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}
