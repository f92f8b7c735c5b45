package devenv

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// reachableTempDir is a temporary directory the postgres user can reach when running as
// root, so that clusters in it are not relocated (t.TempDir's parent is mode 0700).
func reachableTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp(testRoot(), "gemella-devenv-test-")
	if err == nil {
		err = os.Chmod(dir, 0o711)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func queryString(t *testing.T, dsn, sql string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer conn.Close(context.Background())
	var s string
	if err := conn.QueryRow(ctx, sql).Scan(&s); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return s
}

func exec1(t *testing.T, dsn string, sqls ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer conn.Close(context.Background())
	for _, sql := range sqls {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
}

func requirePortClosed(t *testing.T, port int) {
	t.Helper()
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			return
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatalf("port %d still accepts connections", port)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// meiliDo sends a request with the master key and decodes the JSON answer into out.
func meiliDo(t *testing.T, m *Meili, method, path string, body any, out any) int {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, m.URL()+path, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+m.MasterKey())
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatalf("%s %s: %s: %v", method, path, resp.Status, err)
		}
	}
	return resp.StatusCode
}

// meiliCreateIndex creates an index and waits for the task to succeed.
func meiliCreateIndex(t *testing.T, m *Meili, uid string) {
	t.Helper()
	var task struct {
		TaskUID int `json:"taskUid"`
	}
	if code := meiliDo(t, m, "POST", "/indexes", map[string]string{"uid": uid, "primaryKey": "id"}, &task); code != http.StatusAccepted {
		t.Fatalf("POST /indexes: status %d", code)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		var st struct {
			Status string          `json:"status"`
			Error  json.RawMessage `json:"error"`
		}
		meiliDo(t, m, "GET", fmt.Sprintf("/tasks/%d", task.TaskUID), nil, &st)
		switch st.Status {
		case "succeeded":
			return
		case "failed", "canceled":
			t.Fatalf("create index %s: task %s: %s", uid, st.Status, st.Error)
		}
		if time.Now().After(deadline) {
			t.Fatalf("create index %s: task still %q", uid, st.Status)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestStartPostgresAndMeili(t *testing.T) {
	t.Parallel()
	dir := reachableTempDir(t)
	ctx := context.Background()

	t0 := time.Now()
	pg, err := StartPostgres(ctx, PostgresOptions{DataDir: filepath.Join(dir, "pg"), Password: "s3cret p@ss/word", Fsync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("PostgreSQL (initdb + start) in %s", time.Since(t0).Round(time.Millisecond))
	defer pg.Stop()

	t0 = time.Now()
	m, err := StartMeili(ctx, MeiliOptions{DataDir: filepath.Join(dir, "meili"), MasterKey: "0123456789abcdef-master"})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Meilisearch started in %s", time.Since(t0).Round(time.Millisecond))
	defer m.Stop()

	dsn := pg.URL("postgres")
	if !strings.HasPrefix(dsn, fmt.Sprintf("postgres://gemella:s3cret%%20p%%40ss%%2Fword@127.0.0.1:%d/postgres?sslmode=disable", pg.Port())) {
		t.Errorf("URL = %s", dsn)
	}
	if got := queryString(t, dsn, "SELECT current_user"); got != "gemella" {
		t.Errorf("current_user = %q", got)
	}
	if got := queryString(t, dsn, "SELECT current_setting('server_version_num')"); !strings.HasPrefix(got, "1") {
		t.Errorf("server_version_num = %q", got)
	}
	for setting, want := range map[string]string{
		"listen_addresses":        "127.0.0.1",
		"unix_socket_directories": "",
		"fsync":                   "on",
		"server_encoding":         "UTF8",
		"password_encryption":     "scram-sha-256",
	} {
		if got := queryString(t, dsn, "SHOW "+setting); got != want {
			t.Errorf("%s = %q, want %q", setting, got, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "postgres.log")); err != nil {
		t.Errorf("default log file: %v", err)
	}

	// Meilisearch: authentication is on, an index can be created and read back.
	resp, err := http.Get(m.URL() + "/indexes")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /indexes without key: %s", resp.Status)
	}
	meiliCreateIndex(t, m, "books")
	var idx struct {
		UID        string `json:"uid"`
		PrimaryKey string `json:"primaryKey"`
	}
	if code := meiliDo(t, m, "GET", "/indexes/books", nil, &idx); code != http.StatusOK || idx.UID != "books" || idx.PrimaryKey != "id" {
		t.Errorf("GET /indexes/books: %d %+v", code, idx)
	}
	for _, sub := range []string{"data.ms", "meilisearch.log"} {
		if _, err := os.Stat(filepath.Join(dir, "meili", sub)); err != nil {
			t.Errorf("meili data dir: %v", err)
		}
	}

	if err := pg.Stop(); err != nil {
		t.Errorf("Postgres.Stop: %v", err)
	}
	if err := m.Stop(); err != nil {
		t.Errorf("Meili.Stop: %v", err)
	}
	requirePortClosed(t, pg.Port())
	requirePortClosed(t, m.Port())
	select {
	case <-pg.Done():
	default:
		t.Error("Postgres.Done not closed after Stop")
	}
	if err := pg.Stop(); err != nil {
		t.Errorf("second Stop: %v", err)
	}
}

func TestPostgresReuse(t *testing.T) {
	t.Parallel()
	dataDir := filepath.Join(reachableTempDir(t), "cluster")
	ctx := context.Background()
	opts := PostgresOptions{DataDir: dataDir, Password: "first-password"}

	pg, err := StartPostgres(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	exec1(t, pg.URL("postgres"), "CREATE DATABASE kept", "COMMENT ON DATABASE kept IS 'survives'")
	exec1(t, pg.URL("kept"), "CREATE TABLE note (body text)", "INSERT INTO note VALUES ('still here')")
	firstPort := pg.Port()
	if err := pg.Stop(); err != nil {
		t.Fatal(err)
	}

	// Same password: the data survives the restart.
	pg, err = StartPostgres(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := queryString(t, pg.URL("kept"), "SELECT body FROM note"); got != "still here" {
		t.Errorf("after restart: %q", got)
	}
	t.Logf("ports: %d then %d", firstPort, pg.Port())
	if err := pg.Stop(); err != nil {
		t.Fatal(err)
	}

	// No password: the remembered one.
	t0 := time.Now()
	pg, err = StartPostgres(ctx, PostgresOptions{DataDir: dataDir})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("restart of an existing cluster in %s", time.Since(t0).Round(time.Millisecond))
	if pg.Password() != "first-password" {
		t.Errorf("remembered password = %q", pg.Password())
	}
	if got := queryString(t, pg.URL("kept"), "SELECT body FROM note"); got != "still here" {
		t.Errorf("after second restart: %q", got)
	}
	if err := pg.Stop(); err != nil {
		t.Fatal(err)
	}

	// Another password: refused with a clear error, and the server is stopped.
	_, err = StartPostgres(ctx, PostgresOptions{DataDir: dataDir, Password: "other"})
	if err == nil || !strings.Contains(err.Error(), "another password") {
		t.Fatalf("wrong password: err = %v", err)
	}
	// The cluster is free again (no postmaster.pid held by a leftover server).
	pg, err = StartPostgres(ctx, opts)
	if err != nil {
		t.Fatalf("start after refused password: %v", err)
	}
	if err := pg.Stop(); err != nil {
		t.Fatal(err)
	}
}

func TestPostgresRelocatesUnreachableDataDir(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root relocates clusters")
	}
	t.Parallel()
	dataDir := filepath.Join(t.TempDir(), "private", "pg") // t.TempDir is 0700: out of the postgres user's reach
	ctx := context.Background()
	pg, err := StartPostgres(ctx, PostgresOptions{DataDir: dataDir, Password: "pw-relocated"})
	if err != nil {
		t.Fatal(err)
	}
	target, err := os.Readlink(dataDir)
	if err != nil {
		t.Fatalf("DataDir is not a symlink: %v", err)
	}
	t.Cleanup(func() { os.RemoveAll(filepath.Dir(target)) })
	if !strings.HasPrefix(target, "/var/tmp/gemella-") || filepath.Base(target) != "pg" {
		t.Errorf("relocated to %s", target)
	}
	exec1(t, pg.URL("postgres"), "CREATE DATABASE relocated")
	if err := pg.Stop(); err != nil {
		t.Fatal(err)
	}
	pg, err = StartPostgres(ctx, PostgresOptions{DataDir: dataDir})
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Stop()
	if got := queryString(t, pg.URL("relocated"), "SELECT current_database()"); got != "relocated" {
		t.Errorf("current_database = %q", got)
	}
	if again, _ := os.Readlink(dataDir); again != target {
		t.Errorf("second start moved the cluster: %s then %s", target, again)
	}
	if err := pg.Stop(); err != nil {
		t.Fatal(err)
	}

	// Deleting the link deletes the cluster: the next start creates a new one.
	if err := os.Remove(dataDir); err != nil {
		t.Fatal(err)
	}
	pg, err = StartPostgres(ctx, PostgresOptions{DataDir: dataDir, Password: "pw-new"})
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Stop()
	if got := queryString(t, pg.URL("postgres"), "SELECT count(*)::text FROM pg_database WHERE datname = 'relocated'"); got != "0" {
		t.Errorf("old cluster reused after its link was deleted")
	}
}

func TestTestHelpers(t *testing.T) {
	t.Parallel()
	pg := TestPostgres(t)
	if TestPostgres(t) != pg {
		t.Error("TestPostgres returned two servers")
	}
	if got := queryString(t, pg.URL("postgres"), "SHOW fsync"); got != "off" {
		t.Errorf("fsync = %q", got)
	}
	exec1(t, pg.URL("postgres"), "CREATE DATABASE helpers_test")
	if got := queryString(t, pg.URL("helpers_test"), "SELECT current_database()"); got != "helpers_test" {
		t.Errorf("current_database = %q", got)
	}

	m := TestMeili(t)
	if TestMeili(t) != m {
		t.Error("TestMeili returned two servers")
	}
	if len(m.MasterKey()) < 16 {
		t.Errorf("master key %q", m.MasterKey())
	}
	meiliCreateIndex(t, m, "helpers_test")
}

// TestServersEndWithTestBinary runs this test binary as a child that starts the shared
// servers, kills it with SIGKILL, and checks that both servers go away and that the
// child's directory is removed as stale.
func TestServersEndWithTestBinary(t *testing.T) {
	if os.Getenv("GEMELLA_DEVENV_CHILD") == "1" {
		pg, m := TestPostgres(t), TestMeili(t)
		fmt.Printf("READY %d %d %s\n", pg.Port(), m.Port(), testEnv.dir)
		time.Sleep(time.Minute) // killed by the parent long before
		return
	}
	t.Parallel()
	cmd := exec.Command(os.Args[0], "-test.run=^TestServersEndWithTestBinary$", "-test.v")
	cmd.Env = append(os.Environ(), "GEMELLA_DEVENV_CHILD=1")
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	var pgPort, meiliPort int
	var dir string
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if _, err := fmt.Sscanf(sc.Text(), "READY %d %d %s", &pgPort, &meiliPort, &dir); err == nil {
			break
		}
		t.Logf("child: %s", sc.Text())
	}
	if pgPort == 0 {
		t.Fatal("child did not start its servers")
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, stdout)
	_ = cmd.Wait()
	requirePortClosed(t, pgPort)
	requirePortClosed(t, meiliPort)

	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("child's directory: %v", err)
	}
	removeStaleTestDirs(filepath.Dir(dir))
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("stale directory %s not removed: %v", dir, err)
	}
}

func TestOptionErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := reachableTempDir(t)
	if _, err := StartMeili(ctx, MeiliOptions{DataDir: dir, MasterKey: "short"}); err == nil {
		t.Error("StartMeili accepted a short master key")
	}
	// A port taken by another server is reported, not mistaken for ours.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	busy := l.Addr().(*net.TCPAddr).Port
	if _, err := StartMeili(ctx, MeiliOptions{DataDir: filepath.Join(dir, "meili"), Port: busy, MasterKey: "0123456789abcdef"}); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("StartMeili on a busy port: %v", err)
	}
	if _, err := StartPostgres(ctx, PostgresOptions{DataDir: filepath.Join(dir, "nopw")}); err == nil || !strings.Contains(err.Error(), "Password is required") {
		t.Errorf("StartPostgres without password on a new cluster: %v", err)
	}
	if _, err := os.Lstat(filepath.Join(dir, "nopw")); !os.IsNotExist(err) {
		t.Errorf("StartPostgres without password created the data directory: %v", err)
	}
	notCluster := filepath.Join(dir, "junk")
	if err := os.MkdirAll(notCluster, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(notCluster, "file"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := StartPostgres(ctx, PostgresOptions{DataDir: notCluster, Password: "x"}); err == nil {
		t.Error("StartPostgres accepted a non-empty directory that is not a cluster")
	}
}

func TestMeiliBinaryFromEnv(t *testing.T) {
	t.Setenv("GEMELLA_MEILI_BIN", filepath.Join(t.TempDir(), "missing"))
	if _, err := MeiliBinary(); err == nil || !strings.Contains(err.Error(), "GEMELLA_MEILI_BIN") {
		t.Errorf("MeiliBinary with a missing GEMELLA_MEILI_BIN: %v", err)
	}
}
