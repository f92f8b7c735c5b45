package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/meilisearch/meilisearch-go"
	"gocloud.dev/blob"

	"github.com/gemella/gemella/graph"
	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/changes"
	"github.com/gemella/gemella/internal/directory"
	"github.com/gemella/gemella/internal/discussion"
	"github.com/gemella/gemella/internal/file"
	"github.com/gemella/gemella/internal/guideline"
	"github.com/gemella/gemella/internal/live"
	"github.com/gemella/gemella/internal/notification"
	"github.com/gemella/gemella/internal/practice"
	"github.com/gemella/gemella/internal/question"
	"github.com/gemella/gemella/internal/search"
	"github.com/gemella/gemella/internal/seed"
	"github.com/gemella/gemella/internal/server"
	"github.com/gemella/gemella/internal/store"
	"github.com/gemella/gemella/internal/twinning"
	"github.com/gemella/gemella/internal/webapp"
	"github.com/gemella/gemella/internal/workshop"
)

// app is the wired service: every dependency is built here and nowhere else.
type app struct {
	pool       *pgxpool.Pool
	meili      meilisearch.ServiceManager
	index      *search.Index
	indexer    *search.Indexer
	auth       *auth.Service
	files      *file.Service
	guidelines *guideline.Service
	hub        *live.Hub
	handler    http.Handler
}

// searchSources are the kinds of object the search index holds.
var searchSources = []search.Source{question.SearchSource{}, guideline.SearchSource{}, practice.SearchSource{}, workshop.SearchSource{}}

func newApp(cfg config, pool *pgxpool.Pool, bucket *blob.Bucket, dev bool) *app {
	meili := search.NewClient(cfg.MeiliURL, cfg.MeiliMasterKey)
	index := search.NewIndex(meili, cfg.IndexPrefix)
	accounts := auth.NewService(pool, cfg.OpenSignup)
	dir := directory.NewService(pool)
	files := file.NewService(pool, bucket, cfg.MaxUploadBytes)
	guidelines := guideline.NewService(pool, dir, files)
	// Twice the file limit: a file up to that size is refused with a userError naming the
	// limit, anything larger with a 413 before it is read.
	maxRequest := 2 * files.MaxBytes()
	scopes := access.NewService(pool)
	workshops := workshop.NewService(pool, dir, files)
	threads := discussion.NewService(pool, accounts.UsersByIDs)
	questions := question.NewService(pool, dir)
	// Each event's object is read once per instance, whatever the number of subscribers.
	loaders := map[string]live.Loader{
		discussion.EventMessageAdded: threads.LoadEvents, discussion.EventMessageUpdated: threads.LoadEvents,
		discussion.EventMessageDeleted: threads.LoadEvents,
	}
	for _, k := range question.EventKinds {
		loaders[k] = questions.LoadEvents
	}
	hub := live.NewHub(pool, loaders)
	resolver := graph.NewResolver(graph.Services{
		Site:          graph.Site{AccessibilityContact: cfg.AccessibilityContact},
		Auth:          accounts,
		Directory:     dir,
		Twinnings:     twinning.NewService(pool, dir),
		Discussions:   threads,
		Questions:     questions,
		Guidelines:    guidelines,
		Practices:     practice.NewService(pool, dir, files),
		Workshops:     workshops,
		Access:        scopes,
		Live:          hub,
		Notifications: notification.NewService(pool),
		Files:         files,
		Search:        index,
		Thesaurus:     search.NewThesaurusService(pool, index),
	})
	gql := graph.NewHandler(resolver, graph.Options{
		Introspection:   cfg.Introspection,
		CheckOrigin:     originChecker(cfg.PublicOrigin),
		Auth:            accounts,
		Access:          scopes,
		MaxRequestBytes: maxRequest,
		Changes:         pool,
	})
	return &app{
		pool:       pool,
		meili:      meili,
		index:      index,
		indexer:    search.NewIndexer(pool, index, searchSources...),
		auth:       accounts,
		files:      files,
		guidelines: guidelines,
		hub:        hub,
		handler: server.New(server.Config{
			Dev: dev, PublicOrigin: cfg.PublicOrigin, GraphQL: gql, Auth: accounts, Pool: pool, Meili: meili,
			Access: scopes, Files: files, Workshops: workshops, MaxUploadBytes: maxRequest, Web: webapp.Handler(),
		}),
	}
}

// runIndexer applies the index settings and keeps Meilisearch in step with the outbox until
// ctx ends. Meilisearch being down never stops the server: settings are retried, and the
// outbox keeps every change until it can be delivered.
func (a *app) runIndexer(ctx context.Context) {
	for wait := time.Second; ; wait = min(2*wait, time.Minute) {
		err := a.indexer.Prepare(ctx)
		if err == nil {
			break
		}
		slog.Warn("search index settings not applied yet; retrying", "err", err, "in", wait)
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
	if err := a.indexer.Run(ctx); err != nil && ctx.Err() == nil {
		slog.Error("search indexer stopped", "err", err)
	}
}

// runLive carries committed events to this instance's subscribers until ctx ends.
func (a *app) runLive(ctx context.Context) {
	if err := a.hub.Run(ctx); err != nil && ctx.Err() == nil {
		slog.Error("live events stopped", "err", err)
	}
}

// originChecker admits WebSocket connections from the public origin; in dev, from the
// server's own pages and the web app's Vite servers on this machine (devServerPorts),
// which forward /graphql; and from clients that send no Origin (not browsers, so no
// cross-site risk). Any other local page is refused: a socket carries the session cookie.
func originChecker(public *url.URL) func(r *http.Request) bool {
	return func(r *http.Request) bool {
		origin := r.Header.Get("Origin")
		if origin == "" {
			return true
		}
		u, err := url.Parse(origin)
		if err != nil {
			return false
		}
		if public != nil {
			return strings.EqualFold(u.Scheme, public.Scheme) && strings.EqualFold(u.Host, public.Host)
		}
		if strings.EqualFold(u.Host, r.Host) {
			return true
		}
		ip := net.ParseIP(u.Hostname())
		return (u.Hostname() == "localhost" || ip != nil && ip.IsLoopback()) && slices.Contains(devServerPorts, u.Port())
	}
}

// devServerPorts are Vite's dev and preview servers' (web/vite.config.ts).
var devServerPorts = []string{"5173", "4173"}

// listen serves until ctx ends, then drains requests for a few seconds.
func (a *app) listen(ctx context.Context, addr string) error {
	srv := &http.Server{
		Addr:              addr,
		Handler:           a.handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("GEMELLA_ADDR=%s: %w", addr, err)
	}
	slog.Info("listening", "addr", "http://"+ln.Addr().String())
	// The indexer, the hub and the pruning of changes run as long as the server; each is
	// stopped, and waited for, when it ends however it ends.
	bctx, stop := context.WithCancel(ctx)
	var background sync.WaitGroup
	defer func() {
		stop()
		background.Wait()
	}()
	for _, run := range []func(context.Context){a.runIndexer, a.runLive, func(ctx context.Context) { changes.Prune(ctx, a.pool) }} {
		background.Go(func() { run(bctx) })
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		// WebSocket connections are hijacked and not waited for; close what is left.
		_ = srv.Close()
	}
	return nil
}

func runServe(ctx context.Context) error {
	cfg, err := serveConfig()
	if err != nil {
		return err
	}
	return withStores(ctx, cfg, func(pool *pgxpool.Pool, bucket *blob.Bucket) error {
		a := newApp(cfg, pool, bucket, false)
		// Files stored before the bucket move now, unless the schema is not there yet, in
		// which case /readyz keeps traffic away until `gemella migrate` ran.
		if n, err := store.PendingMigrations(ctx, pool); err != nil {
			return err
		} else if n == 0 {
			if err := moveStoredFiles(ctx, a.files); err != nil {
				return err
			}
		}
		return a.listen(ctx, cfg.Addr)
	})
}

// moveStoredFiles moves the bytes of files stored in PostgreSQL before the bucket into it.
func moveStoredFiles(ctx context.Context, files *file.Service) error {
	n, err := files.MoveStoredContent(ctx)
	if n > 0 {
		slog.Info("stored files moved to the bucket", "files", n)
	}
	return err
}

func runMigrate(ctx context.Context) error {
	cfg, err := migrateConfig()
	if err != nil {
		return err
	}
	return withStores(ctx, cfg, func(pool *pgxpool.Pool, bucket *blob.Bucket) error {
		if err := store.Migrate(ctx, pool); err != nil {
			return err
		}
		if err := moveStoredFiles(ctx, file.NewService(pool, bucket, 0)); err != nil {
			return err
		}
		fmt.Println("migrations applied")
		return nil
	})
}

func runSeed(ctx context.Context) error {
	cfg, err := migrateConfig()
	if err != nil {
		return err
	}
	return withStores(ctx, cfg, func(pool *pgxpool.Pool, bucket *blob.Bucket) error {
		if n, err := store.PendingMigrations(ctx, pool); err != nil {
			return err
		} else if n > 0 {
			return fmt.Errorf("%d migrations are pending: run `gemella migrate` first", n)
		}
		password, generated := demoPassword(os.Getenv("GEMELLA_DEMO_PASSWORD"))
		guidelines := guideline.NewService(pool, directory.NewService(pool), file.NewService(pool, bucket, 0))
		loaded, err := seed.Load(ctx, pool, auth.NewService(pool, false), guidelines, password)
		if err != nil {
			return err
		}
		if loaded {
			fmt.Println("demo data loaded")
		} else {
			fmt.Println("demo data already present; demo account passwords updated")
		}
		printAccounts(password, generated)
		return nil
	})
}

// demoPassword returns the configured demo password or a random one.
func demoPassword(configured string) (string, bool) {
	if configured != "" {
		return configured, false
	}
	return randomSecret(12), true
}

func randomSecret(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func printAccounts(password string, generated bool) {
	fmt.Println("\nDemo accounts (password: " + password + ")")
	if generated {
		fmt.Println("  the password is random on each start: set GEMELLA_DEMO_PASSWORD to choose it")
	}
	for _, u := range seed.Users {
		fmt.Printf("  %-28s %s\n", u.Email, strings.Join(u.Roles, ", "))
	}
	fmt.Println()
}
