package devenv

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// Test servers: one PostgreSQL and one Meilisearch per test binary (that is, per package
// under `go test`), started on first use. They live in a directory
// <tmp>/gemella-test-<uid>-<pid>-<random> and end with the test binary through their
// parent-death signal. The directories of test binaries that are gone are removed by the
// next test binary that starts a server; CleanupTestServers removes them right away.

const testStartTimeout = 3 * time.Minute

var testEnv struct {
	dirOnce sync.Once
	dir     string
	dirErr  error

	pgOnce sync.Once
	pg     *Postgres
	pgErr  error

	meiliOnce sync.Once
	meili     *Meili
	meiliErr  error
}

// TestPostgres returns the PostgreSQL server shared by the whole test binary (one per
// `go test` package process), started lazily on the first call, with fsync off. Use its
// URL method for superuser connections, and give each test its own database; do not
// Stop it. The server is stopped when the test binary exits (parent-death signal) or by
// CleanupTestServers.
//
// The cluster is a copy of a template cluster that is created once with initdb and kept
// in <tmp>/gemella-pg-template-<major version>-<uid>, so most runs skip initdb.
// If the server cannot be started the test fails with the reason.
func TestPostgres(tb testing.TB) *Postgres {
	tb.Helper()
	started := false
	testEnv.pgOnce.Do(func() {
		started = true
		t0 := time.Now()
		testEnv.pg, testEnv.pgErr = startTestPostgres()
		if testEnv.pgErr == nil {
			tb.Logf("devenv: PostgreSQL started on port %d in %s", testEnv.pg.Port(), time.Since(t0).Round(time.Millisecond))
		}
	})
	if testEnv.pgErr != nil {
		if !started {
			tb.Fatalf("devenv.TestPostgres: an earlier start failed: %v", testEnv.pgErr)
		}
		tb.Fatalf("devenv.TestPostgres: %v", testEnv.pgErr)
	}
	return testEnv.pg
}

// TestMeili returns the Meilisearch server shared by the whole test binary, started
// lazily on the first call with a random master key; do not Stop it. Give each test its
// own index names. It ends like TestPostgres's server.
func TestMeili(tb testing.TB) *Meili {
	tb.Helper()
	testEnv.meiliOnce.Do(func() {
		t0 := time.Now()
		testEnv.meili, testEnv.meiliErr = startTestMeili()
		if testEnv.meiliErr == nil {
			tb.Logf("devenv: Meilisearch started on port %d in %s", testEnv.meili.Port(), time.Since(t0).Round(time.Millisecond))
		}
	})
	if testEnv.meiliErr != nil {
		tb.Fatalf("devenv.TestMeili: %v", testEnv.meiliErr)
	}
	return testEnv.meili
}

// CleanupTestServers stops the servers started by TestPostgres and TestMeili and removes
// their directory. It is optional (the next test binary removes what this one leaves),
// for a TestMain that wants to leave nothing behind:
//
//	func TestMain(m *testing.M) {
//		code := m.Run()
//		devenv.CleanupTestServers()
//		os.Exit(code)
//	}
func CleanupTestServers() {
	if testEnv.meili != nil {
		_ = testEnv.meili.Stop()
	}
	if testEnv.pg != nil {
		_ = testEnv.pg.Stop()
	}
	if testEnv.dir != "" {
		_ = os.RemoveAll(testEnv.dir)
	}
}

func startTestPostgres() (*Postgres, error) {
	ctx, cancel := context.WithTimeout(context.Background(), testStartTimeout)
	defer cancel()
	cluster, err := copyTemplateCluster(ctx, "pg")
	if err != nil {
		return nil, err
	}
	// Log: dir/postgres.log; password: the template's, remembered in the cluster.
	return StartPostgres(ctx, PostgresOptions{DataDir: cluster, Fsync: false})
}

var privateClusters atomic.Int64

// TestCluster returns the directory of a new cluster, a copy of the template cluster in
// the test binary's directory, for a test that needs a server of its own to stop or
// restart. The test starts and stops the server with StartPostgres (DataDir, and the Port
// it had to come back on the same address) and Stop; the directory goes with the test
// binary's.
func TestCluster(tb testing.TB) string {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testStartTimeout)
	defer cancel()
	dir, err := copyTemplateCluster(ctx, fmt.Sprintf("pg-own-%d", privateClusters.Add(1)))
	if err != nil {
		tb.Fatalf("devenv.TestCluster: %v", err)
	}
	return dir
}

// copyTemplateCluster copies the template cluster (made first if needed) into name in the
// test binary's directory.
func copyTemplateCluster(ctx context.Context, name string) (string, error) {
	bin, err := PostgresBinDir()
	if err != nil {
		return "", err
	}
	runAs, err := postgresRunAs()
	if err != nil {
		return "", err
	}
	ver, err := postgresMajorVersion(bin)
	if err != nil {
		return "", err
	}
	dir, err := testProcessDir()
	if err != nil {
		return "", err
	}
	tmpl, err := ensureTemplate(ctx, filepath.Dir(dir), bin, ver, runAs)
	if err != nil {
		return "", err
	}
	cluster := filepath.Join(dir, name)
	if err := copyTree(filepath.Join(tmpl, "pg"), cluster); err != nil {
		return "", fmt.Errorf("devenv: copy template cluster: %w", err)
	}
	return cluster, nil
}

func startTestMeili() (*Meili, error) {
	ctx, cancel := context.WithTimeout(context.Background(), testStartTimeout)
	defer cancel()
	dir, err := testProcessDir()
	if err != nil {
		return nil, err
	}
	// Log: dir/meili/meilisearch.log.
	return StartMeili(ctx, MeiliOptions{DataDir: filepath.Join(dir, "meili"), MasterKey: rand.Text()})
}

// testProcessDir creates this test binary's directory, after removing those of test
// binaries that are gone.
func testProcessDir() (string, error) {
	testEnv.dirOnce.Do(func() {
		root := testRoot()
		removeStaleTestDirs(root)
		dir, err := os.MkdirTemp(root, fmt.Sprintf("gemella-test-%d-%d-", os.Geteuid(), os.Getpid()))
		if err == nil {
			// When root, the postgres user must be able to traverse it to reach pg/.
			err = os.Chmod(dir, 0o711)
		}
		if err != nil {
			testEnv.dirErr = fmt.Errorf("devenv: create test directory: %w", err)
			return
		}
		testEnv.dir = dir
	})
	return testEnv.dir, testEnv.dirErr
}

// testRoot is os.TempDir(), unless running as root with a TMPDIR the postgres user
// cannot reach: then /var/tmp.
func testRoot() string {
	root := os.TempDir()
	if runAs, err := postgresRunAs(); err == nil && runAs != nil && !runAs.canReach(root) {
		return "/var/tmp"
	}
	return root
}

// staleDirRE matches this user's test directories and unfinished template directories,
// capturing the pid of the process that created them.
func staleDirRE() *regexp.Regexp {
	uid := os.Geteuid()
	return regexp.MustCompile(fmt.Sprintf(`^gemella-(?:test-%d|pg-template-\d+-%d\.(?:tmp|broken))-(\d+)-`, uid, uid))
}

func removeStaleTestDirs(root string) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return
	}
	re := staleDirRE()
	for _, e := range entries {
		m := re.FindStringSubmatch(e.Name())
		if m == nil || !e.IsDir() {
			continue
		}
		pid, err := strconv.Atoi(m[1])
		if err != nil || pid == os.Getpid() || processAlive(pid) {
			continue
		}
		_ = os.RemoveAll(filepath.Join(root, e.Name()))
	}
}

func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// ensureTemplate returns root/gemella-pg-template-<ver>-<uid>, a directory holding a
// cluster created by initdb (pg/, with its superuser password remembered inside) and a
// manifest of the cluster's files. It is built in a temporary directory and renamed into
// place, so concurrent test binaries never see a half-built template; if one is found
// incomplete (e.g. partly cleaned from /tmp), it is replaced.
func ensureTemplate(ctx context.Context, root, bin, ver string, runAs *pgUser) (string, error) {
	name := fmt.Sprintf("gemella-pg-template-%s-%d", ver, os.Geteuid())
	final := filepath.Join(root, name)
	if templateValid(final) {
		return final, nil
	}
	tmp, err := os.MkdirTemp(root, fmt.Sprintf("%s.tmp-%d-", name, os.Getpid()))
	if err != nil {
		return "", fmt.Errorf("devenv: %w", err)
	}
	defer os.RemoveAll(tmp) // nothing left there once renamed
	if err := os.Chmod(tmp, 0o711); err != nil {
		return "", fmt.Errorf("devenv: %w", err)
	}
	cluster := filepath.Join(tmp, "pg")
	if runAs != nil {
		if err := runAs.mkdirOwned(cluster); err != nil {
			return "", err
		}
	}
	if err := initCluster(ctx, bin, cluster, rand.Text(), runAs, true, nil); err != nil {
		return "", err
	}
	if err := writeManifest(cluster, filepath.Join(tmp, "manifest")); err != nil {
		return "", fmt.Errorf("devenv: %w", err)
	}
	for range 2 {
		err = os.Rename(tmp, final)
		if err == nil || templateValid(final) { // built, or another test binary was quicker
			return final, nil
		}
		aside := fmt.Sprintf("%s.broken-%d-%d", final, os.Getpid(), time.Now().UnixNano())
		if os.Rename(final, aside) == nil {
			_ = os.RemoveAll(aside)
		}
	}
	return "", fmt.Errorf("devenv: install template cluster %s: %w", final, err)
}

func writeManifest(dir, path string) error {
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		b.WriteString(rel + "\n")
		return nil
	})
	if err != nil {
		return err
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// templateValid reports whether every file in the template's manifest is there.
func templateValid(tmpl string) bool {
	f, err := os.Open(filepath.Join(tmpl, "manifest"))
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		if _, err := os.Lstat(filepath.Join(tmpl, "pg", sc.Text())); err != nil {
			return false
		}
		n++
	}
	return sc.Err() == nil && n > 0
}

// copyTree copies the directory tree src to dst (which must not exist), keeping modes
// and, when running as root, owners.
func copyTree(src, dst string) error {
	root := os.Geteuid() == 0
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		mode := info.Mode()
		switch {
		case mode.IsDir():
			err = os.Mkdir(target, 0o700)
		case mode&fs.ModeSymlink != 0:
			var link string
			if link, err = os.Readlink(path); err == nil {
				err = os.Symlink(link, target)
			}
		case mode.IsRegular():
			err = copyFile(path, target)
		default:
			return nil // sockets, pipes: not part of a stopped cluster
		}
		if err != nil {
			return err
		}
		if root {
			if st, ok := info.Sys().(*syscall.Stat_t); ok {
				if err := os.Lchown(target, int(st.Uid), int(st.Gid)); err != nil {
					return err
				}
			}
		}
		if mode&fs.ModeSymlink == 0 {
			return os.Chmod(target, mode.Perm())
		}
		return nil
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// TestFilesDir returns a directory for stored files shared by the whole test binary,
// beside its servers' and removed with them: the demo data's files live there, so that
// every test database copied from a seeded template finds them.
func TestFilesDir(tb testing.TB) string {
	tb.Helper()
	dir, err := testProcessDir()
	if err == nil {
		dir = filepath.Join(dir, "files")
		err = os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		tb.Fatalf("devenv.TestFilesDir: %v", err)
	}
	return dir
}
