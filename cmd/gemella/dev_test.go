package main

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestDevStartsReusesAndStopsCleanly runs `gemella dev` twice on one data directory: the
// first start creates the services and loads the demo data, the second reuses both and
// loads nothing again; each stop leaves no PostgreSQL or Meilisearch listening.
func TestDevStartsReusesAndStopsCleanly(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a full dev environment")
	}
	dataDir, err := os.MkdirTemp("", "gemella-dev-test-")
	require.NoError(t, err)
	t.Cleanup(func() {
		// A cluster the postgres user could not reach here lives elsewhere behind a link.
		if target, err := os.Readlink(filepath.Join(dataDir, "pg")); err == nil {
			os.RemoveAll(filepath.Dir(target))
		}
		os.RemoveAll(dataDir)
	})
	addr := freeAddr(t)
	t.Setenv("GEMELLA_DATA_DIR", dataDir)
	t.Setenv("GEMELLA_ADDR", addr)
	t.Setenv("GEMELLA_DEMO_PASSWORD", "password-dev-di-prova")
	t.Setenv("GEMELLA_OPEN_SIGNUP", "")

	c := &client{URL: "http://" + addr, http: http.DefaultClient}
	var counts []float64
	for run := range 2 {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- runDev(ctx) }()
		waitReady(t, addr, done)

		env := readEnvFile(filepath.Join(dataDir, "dev.env"))
		for _, k := range []string{"DATABASE_URL", "MEILI_URL", "MEILI_MASTER_KEY"} {
			require.NotEmpty(t, env[k], "dev.env lacks %s (run %d)", k, run)
		}
		info, err := os.Stat(filepath.Join(dataDir, "dev.env"))
		require.NoError(t, err)
		require.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "dev.env holds passwords")

		d := c.ok(t, "", `mutation { login(input: {email: "operatore@gemella.test", password: "password-dev-di-prova"}) { token } }`, nil)
		require.NotEmpty(t, dig(d, "login", "token"))
		d = c.ok(t, "", `{ questions(first: 1) { totalCount } }`, nil)
		counts = append(counts, dig(d, "questions", "totalCount").(float64))

		cancel()
		select {
		case err := <-done:
			require.NoError(t, err)
		case <-time.After(60 * time.Second):
			t.Fatal("dev did not stop within a minute")
		}
		for _, k := range []string{"DATABASE_URL", "MEILI_URL"} {
			require.False(t, listening(env[k]), "%s still answers after stop (run %d)", k, run)
		}
		require.False(t, listening("http://"+addr), "the server still answers after stop")
	}
	require.Equal(t, counts[0], counts[1], "the demo data is loaded once")
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return "127.0.0.1:" + strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

func waitReady(t *testing.T, addr string, done <-chan error) {
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("dev stopped before it was ready: %v", err)
		default:
		}
		res, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatal("dev not ready within 3 minutes")
}

// listening reports whether something accepts connections at the host of a URL.
func listening(rawURL string) bool {
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	c, err := net.DialTimeout("tcp", u.Host, time.Second)
	if err != nil {
		return false
	}
	c.Close()
	return true
}
