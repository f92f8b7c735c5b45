package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/guideline"
	"github.com/gemella/gemella/internal/i18n"
	"github.com/gemella/gemella/internal/search"
	"github.com/gemella/gemella/internal/store"
)

// toolConfig reads what the maintenance commands need: the database and Meilisearch.
func toolConfig() (config, error) {
	var e env
	c := config{
		DatabaseURL:    e.url("DATABASE_URL", true, "postgres", "postgresql"),
		MeiliURL:       e.url("MEILI_URL", true, "http", "https"),
		MeiliMasterKey: e.str("MEILI_MASTER_KEY", "", true),
		IndexPrefix:    e.str("GEMELLA_INDEX_PREFIX", defaultIndexPrefix, false),
		MaxUploadBytes: e.bytes("GEMELLA_MAX_UPLOAD_MB"),
	}
	if len(e.problems) > 0 {
		return c, e.problems
	}
	return c, nil
}

// runReindex rebuilds the search index from PostgreSQL beside the live one and swaps them,
// so that searches keep working throughout.
func runReindex(ctx context.Context) error {
	cfg, err := toolConfig()
	if err != nil {
		return err
	}
	pool, err := store.Open(ctx, cfg.DatabaseURL, nil)
	if err != nil {
		return err
	}
	defer pool.Close()
	a := newApp(cfg, pool, false)
	if err := search.Rebuild(ctx, pool, a.index, searchSources...); err != nil {
		return err
	}
	fmt.Println("search index rebuilt")
	return nil
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
	cfg, err := toolConfig()
	if err != nil {
		return err
	}
	pool, err := store.Open(ctx, cfg.DatabaseURL, nil)
	if err != nil {
		return err
	}
	defer pool.Close()
	a := newApp(cfg, pool, false)
	failed := 0
	for _, path := range fs.Args() {
		in := guideline.ImportInput{FileName: filepath.Base(path), Title: *title}
		if *area != "" {
			in.ServiceAreaSlug = area
		}
		if *year != 0 {
			in.Year = year
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
		return fmt.Errorf("%d of %d files not imported", failed, fs.NArg())
	}
	return nil
}
