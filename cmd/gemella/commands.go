package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
	"gocloud.dev/blob"

	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/file"
	"github.com/gemella/gemella/internal/guideline"
	"github.com/gemella/gemella/internal/i18n"
	"github.com/gemella/gemella/internal/search"
	"github.com/gemella/gemella/internal/store"
)

// runReindex rebuilds the search index from PostgreSQL beside the live one and swaps them,
// so that searches keep working throughout.
func runReindex(ctx context.Context) error {
	return withTool(ctx, func(a *app) error {
		if err := search.Rebuild(ctx, a.pool, a.index, searchSources...); err != nil {
			return err
		}
		fmt.Println("search index rebuilt")
		return nil
	})
}

// runImport imports guideline documents from files, as `importGuideline` does over the API.
func runImport(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	title := fs.String("title", "", "title (default: the file name without its extension)")
	area := fs.String("service-area", "", "service area slug, e.g. mediazione-familiare")
	year := fs.Int("year", 0, "year of the document")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("usage: gemella import [--title T] [--service-area SLUG] [--year YYYY] FILE…")
	}
	if *title != "" && fs.NArg() > 1 {
		return errors.New("--title names one document: import one file at a time with it")
	}
	return withTool(ctx, func(a *app) error { return importFiles(ctx, a, fs.Args(), *title, *area, *year) })
}

// importFiles imports each file, reporting the ones refused by name and going on.
func importFiles(ctx context.Context, a *app, paths []string, title, area string, year int) error {
	failed := 0
	for _, path := range paths {
		in := guideline.ImportInput{FileName: filepath.Base(path), Title: title}
		if area != "" {
			in.ServiceAreaSlug = &area
		}
		if year != 0 {
			in.Year = &year
		}
		if in.Title == "" {
			in.Title = strings.TrimSuffix(in.FileName, filepath.Ext(in.FileName))
		}
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", path, err)
			failed++
			continue
		}
		in.File = f
		g, err := a.guidelines.ImportAsSystem(ctx, in)
		f.Close()
		if errs, ok := apperr.Expected(err); ok {
			for _, e := range errs {
				fmt.Fprintf(os.Stderr, "%s: %s\n", path, i18n.T(ctx, e.MessageID, e.Data))
			}
			failed++
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		fmt.Printf("%s: imported %q (%d sections)\n", path, g.Title, g.SectionCount)
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d files not imported", failed, len(paths))
	}
	return nil
}

// withTool runs fn with the application wired to DATABASE_URL and Meilisearch.
func withTool(ctx context.Context, fn func(*app) error) error {
	cfg, err := toolConfig()
	if err != nil {
		return err
	}
	return withStores(ctx, cfg, func(pool *pgxpool.Pool, bucket *blob.Bucket) error {
		return fn(newApp(cfg, pool, bucket, false))
	})
}

// withStores runs fn with a pool on the database and the bucket of stored files, both
// closed afterwards.
func withStores(ctx context.Context, cfg config, fn func(*pgxpool.Pool, *blob.Bucket) error) error {
	return withPool(ctx, cfg.DatabaseURL, func(pool *pgxpool.Pool) error {
		bucket, err := openBucket(ctx, cfg)
		if err != nil {
			return err
		}
		defer bucket.Close()
		return fn(pool, bucket)
	})
}

// openBucket opens the bucket of stored files: GEMELLA_FILES_URL, else the files
// directory under the data directory.
func openBucket(ctx context.Context, cfg config) (*blob.Bucket, error) {
	u := cfg.FilesURL
	if u == "" {
		var err error
		if u, err = file.DirURL(filepath.Join(cfg.DataDir, "files")); err != nil {
			return nil, err
		}
	}
	return file.OpenBucket(ctx, u)
}

// withPool runs fn with a pool on url, closed afterwards.
func withPool(ctx context.Context, url string, fn func(*pgxpool.Pool) error) error {
	pool, err := store.Open(ctx, url, nil)
	if err != nil {
		return err
	}
	defer pool.Close()
	return fn(pool)
}
