package devenv

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

const (
	meiliReadyTimeout = 30 * time.Second
	meiliStopTimeout  = 15 * time.Second
	// MeiliMaxIndexingMemory is passed as --max-indexing-memory: modest, the machines
	// this runs on are small (2 cores) and run tests in parallel.
	MeiliMaxIndexingMemory = "1GiB"
)

// MeiliOptions configure StartMeili.
type MeiliOptions struct {
	// DataDir holds the database (DataDir/data.ms) and the dumps and snapshots
	// directories; it is created if missing and is the server's working directory.
	DataDir string
	// Port on 127.0.0.1; 0 picks a free port at each start.
	Port int
	// MasterKey is required and must be at least 16 bytes.
	MasterKey string
	// Log receives the server's output. nil appends it to DataDir/meilisearch.log, or
	// discards it if that file cannot be written. The last 16 KiB are kept in memory for
	// error messages either way.
	Log io.Writer
}

// Meili is a running Meilisearch server started by StartMeili.
type Meili struct {
	proc      *process
	port      int
	masterKey string
	dataDir   string
}

// StartMeili starts Meilisearch (see MeiliBinary) on o.DataDir, listening on 127.0.0.1,
// in development mode without analytics, and returns once GET /health reports
// "available". The process has SIGTERM as its parent-death signal.
func StartMeili(ctx context.Context, o MeiliOptions) (*Meili, error) {
	if o.DataDir == "" {
		return nil, errors.New("devenv: MeiliOptions.DataDir is required")
	}
	if len(o.MasterKey) < 16 {
		return nil, errors.New("devenv: MeiliOptions.MasterKey is required and must be at least 16 bytes")
	}
	dataDir, err := filepath.Abs(o.DataDir)
	if err != nil {
		return nil, fmt.Errorf("devenv: %w", err)
	}
	bin, err := MeiliBinary()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("devenv: %w", err)
	}
	for attempt := 1; ; attempt++ {
		port := o.Port
		if port == 0 {
			if port, err = freePort(); err != nil {
				return nil, fmt.Errorf("devenv: %w", err)
			}
		}
		m, err := startMeiliOnce(ctx, bin, dataDir, port, o)
		if err == nil {
			return m, nil
		}
		var bindErr *portInUseError
		if o.Port == 0 && attempt < 4 && errors.As(err, &bindErr) {
			continue
		}
		return nil, err
	}
}

func startMeiliOnce(ctx context.Context, bin, dataDir string, port int, o MeiliOptions) (*Meili, error) {
	if !portFree(port) {
		return nil, &portInUseError{fmt.Errorf("devenv: port %d on 127.0.0.1 is already in use", port)}
	}
	cmd := exec.Command(bin,
		"--db-path", filepath.Join(dataDir, "data.ms"),
		"--http-addr", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
		// One argument: a random key may start with "-", which would read as a flag.
		"--master-key="+o.MasterKey,
		"--env", "development",
		"--no-analytics",
		"--dump-dir", filepath.Join(dataDir, "dumps"),
		"--snapshot-dir", filepath.Join(dataDir, "snapshots"),
		"--max-indexing-memory", MeiliMaxIndexingMemory,
	)
	// Meilisearch reads ./config.toml and MEILI_* variables (MEILI_MASTER_KEY is also
	// the name of gemella's production setting): run it where there is no config.toml
	// and without those variables, so only the flags above apply (and without Rust
	// backtraces, which would crowd out the error in the log tail).
	cmd.Dir = dataDir
	cmd.Env = environWithout(func(name string) bool {
		return strings.HasPrefix(name, "MEILI_") || strings.HasSuffix(name, "_BACKTRACE")
	})

	log, closeLog := o.Log, func() error { return nil }
	if log == nil {
		log, closeLog = logFile(filepath.Join(dataDir, "meilisearch.log"))
	}
	proc, err := startProcess("meilisearch", cmd, log, closeLog, syscall.SIGTERM)
	if err != nil {
		return nil, fmt.Errorf("devenv: %w", err)
	}
	m := &Meili{proc: proc, port: port, masterKey: o.MasterKey, dataDir: dataDir}
	if err := m.waitReady(ctx); err != nil {
		_ = proc.stop(meiliStopTimeout)
		if proc.tail.Contains("Address already in use") {
			return nil, &portInUseError{err}
		}
		return nil, err
	}
	return m, nil
}

func (m *Meili) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, meiliReadyTimeout)
	defer cancel()
	client := &http.Client{Timeout: 2 * time.Second}
	var lastErr error
	for {
		lastErr = meiliHealthy(ctx, client, m.URL())
		if lastErr == nil {
			return nil
		}
		select {
		case <-m.proc.done:
			return fmt.Errorf("devenv: %w", m.proc.exitError())
		case <-ctx.Done():
			return fmt.Errorf("devenv: Meilisearch on port %d not ready (%v; last error: %v); last output:\n%s",
				m.port, ctx.Err(), lastErr, m.proc.tail.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func meiliHealthy(ctx context.Context, client *http.Client, base string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/health", nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var body struct {
		Status string `json:"status"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(&body); err != nil {
		return fmt.Errorf("GET /health: %s: %w", resp.Status, err)
	}
	if resp.StatusCode != http.StatusOK || body.Status != "available" {
		return fmt.Errorf("GET /health: %s, status %q", resp.Status, body.Status)
	}
	return nil
}

// URL is the server's base URL, http://127.0.0.1:<port>.
func (m *Meili) URL() string {
	return "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(m.port))
}

// MasterKey is the master key the server was started with.
func (m *Meili) MasterKey() string { return m.masterKey }

// Port is the TCP port the server listens on (127.0.0.1).
func (m *Meili) Port() int { return m.port }

// Stop sends SIGTERM, waits for the server to exit, and kills it if it has not exited
// after 15s. It returns an error if the server had already exited unexpectedly or did
// not stop in time. Calling Stop again returns the same result.
func (m *Meili) Stop() error {
	if err := m.proc.stop(meiliStopTimeout); err != nil {
		return fmt.Errorf("devenv: %w", err)
	}
	return nil
}

// MeiliBinary returns the Meilisearch executable to run: $GEMELLA_MEILI_BIN if set, else
// .gemella/bin/meilisearch in the working directory or the nearest directory above it
// that has one (tests run in package directories; `make prereqs` installs it at the
// repository root), else meilisearch on PATH.
func MeiliBinary() (string, error) {
	if p := os.Getenv("GEMELLA_MEILI_BIN"); p != "" {
		if !isExecutable(p) {
			return "", fmt.Errorf("devenv: GEMELLA_MEILI_BIN=%s is not an executable file", p)
		}
		return p, nil
	}
	if dir, err := os.Getwd(); err == nil {
		for {
			p := filepath.Join(dir, ".gemella", "bin", "meilisearch")
			if isExecutable(p) {
				return p, nil
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	if p, err := exec.LookPath("meilisearch"); err == nil {
		return p, nil
	}
	return "", errors.New("devenv: Meilisearch binary not found (no $GEMELLA_MEILI_BIN, no .gemella/bin/meilisearch in the working directory or above, no meilisearch on PATH): run `make prereqs` (or `make test`) at the repository root, which installs .gemella/bin/meilisearch")
}
