package devenv

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Superuser is the name of the cluster's superuser role.
const Superuser = "gemella"

// passwordFile, inside the cluster directory, keeps the superuser password chosen at
// initdb so that a later start can omit PostgresOptions.Password. The cluster is a
// local development or test cluster listening on 127.0.0.1 only; the file is mode 0600.
const passwordFile = "gemella-superuser-password"

const (
	postgresReadyTimeout = 30 * time.Second
	postgresStopTimeout  = 30 * time.Second
)

// PostgresOptions configure StartPostgres.
type PostgresOptions struct {
	// DataDir is the cluster directory. It is created with initdb when it is missing or
	// empty, and reused otherwise. When running as root it may end up being a symlink to
	// a directory under /var/tmp (see StartPostgres).
	DataDir string
	// Port on 127.0.0.1; 0 picks a free port at each start.
	Port int
	// Password of the superuser "gemella" (scram-sha-256). Required when the cluster is
	// created. When an existing cluster is reused the password it was created with stays
	// valid (it is never changed); an empty Password then means that one, as remembered
	// in the cluster directory.
	Password string
	// Log receives the server's output. nil appends it to the file postgres.log next to
	// DataDir (in DataDir's parent directory), or discards it if that file cannot be
	// written. The last 16 KiB are kept in memory for error messages either way.
	Log io.Writer
	// Fsync false (for tests) runs with fsync, synchronous_commit and full_page_writes
	// off, and creates the cluster with initdb --no-sync: fast, but a machine crash can
	// lose or corrupt data.
	Fsync bool
}

// Postgres is a running PostgreSQL server started by StartPostgres.
type Postgres struct {
	proc       *process
	port       int
	password   string
	dataDir    string // as requested, absolute
	clusterDir string // where the cluster really is (differs from dataDir after relocation)
}

// StartPostgres starts a PostgreSQL server on o.DataDir, creating the cluster first if
// needed, and returns once it accepts connections (SELECT 1 as the superuser).
//
// The server runs `postgres` directly (not pg_ctl, which daemonises) in a process group
// of its own with SIGINT (fast shutdown) as its parent-death signal. It listens on
// 127.0.0.1 only, with Unix-domain sockets off, so a system PostgreSQL on 5432 (or its
// socket directory) is never touched.
//
// Running as root: initdb and postgres refuse to run as root, so they run as the
// "postgres" system user (from Debian's postgresql package) and the cluster directory is
// owned by that user. That user usually cannot enter a directory such as /root, where
// the repository may be cloned. If it cannot reach the parent of DataDir (checked by
// running `test -x <parent>` as that user), the cluster is kept in
// /var/tmp/gemella-<first 12 hex digits of sha256(absolute DataDir)>/pg (the gemella-…
// directory mode 0700, owned by postgres) and DataDir becomes a symlink to it, so that
// the next start finds and reuses the same cluster. Deleting the symlink (say with the
// rest of .gemella) deletes the cluster: the next start finds no link and creates a new
// one in the same place. If the /var/tmp directory disappears instead (tmp cleaning),
// the next start creates a new cluster through the dangling symlink. `make clean`
// removes both the link and its target.
func StartPostgres(ctx context.Context, o PostgresOptions) (*Postgres, error) {
	if o.DataDir == "" {
		return nil, errors.New("devenv: PostgresOptions.DataDir is required")
	}
	if strings.ContainsAny(o.Password, "\r\n") {
		return nil, errors.New("devenv: the PostgreSQL password must not contain line breaks")
	}
	dataDir, err := filepath.Abs(o.DataDir)
	if err != nil {
		return nil, fmt.Errorf("devenv: %w", err)
	}
	bin, err := PostgresBinDir()
	if err != nil {
		return nil, err
	}
	runAs, err := postgresRunAs()
	if err != nil {
		return nil, err
	}
	// Refuse before creating anything (possibly under /var/tmp) when there is no cluster
	// and no password to create one with; a symlink left by a relocation is followed.
	if _, err := os.Stat(filepath.Join(dataDir, "PG_VERSION")); err != nil && o.Password == "" {
		return nil, fmt.Errorf("devenv: PostgresOptions.Password is required to create the cluster in %s", dataDir)
	}
	clusterDir, err := prepareClusterDir(dataDir, runAs)
	if err != nil {
		return nil, err
	}

	password := o.Password
	switch initialised, err := clusterState(clusterDir); {
	case err != nil:
		return nil, err
	case !initialised:
		if password == "" {
			return nil, fmt.Errorf("devenv: PostgresOptions.Password is required to create the cluster in %s", dataDir)
		}
		log, closeLog := o.Log, func() error { return nil }
		if log == nil {
			log, closeLog = logFile(defaultPostgresLog(dataDir))
		}
		err := initCluster(ctx, bin, clusterDir, password, runAs, !o.Fsync, log)
		_ = closeLog()
		if err != nil {
			return nil, err
		}
	case password == "":
		b, err := os.ReadFile(filepath.Join(clusterDir, passwordFile))
		if err != nil {
			return nil, fmt.Errorf("devenv: the cluster in %s exists but its password is unknown (%v): set PostgresOptions.Password", dataDir, err)
		}
		password = strings.TrimRight(string(b), "\r\n")
	}
	if runAs != nil {
		if err := runAs.own(clusterDir); err != nil {
			return nil, err
		}
	}

	for attempt := 1; ; attempt++ {
		port := o.Port
		if port == 0 {
			if port, err = freePort(); err != nil {
				return nil, fmt.Errorf("devenv: %w", err)
			}
		}
		p, err := startPostgresOnce(ctx, bin, clusterDir, port, o, runAs, dataDir, password)
		if err == nil {
			return p, nil
		}
		// Another process took the free port between our check and the server's bind.
		var bindErr *portInUseError
		if o.Port == 0 && attempt < 4 && errors.As(err, &bindErr) {
			continue
		}
		return nil, err
	}
}

type portInUseError struct{ err error }

func (e *portInUseError) Error() string { return e.err.Error() }
func (e *portInUseError) Unwrap() error { return e.err }

func startPostgresOnce(ctx context.Context, bin, clusterDir string, port int, o PostgresOptions, runAs *pgUser, dataDir, password string) (*Postgres, error) {
	args := []string{
		"-D", clusterDir,
		"-p", strconv.Itoa(port),
		"-c", "listen_addresses=127.0.0.1",
		"-k", "", // no Unix-domain sockets
		"-c", "max_connections=100",
	}
	if !o.Fsync {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	if !portFree(port) {
		return nil, &portInUseError{fmt.Errorf("devenv: port %d on 127.0.0.1 is already in use", port)}
	}
	cmd := exec.Command(filepath.Join(bin, "postgres"), args...)
	runAs.apply(cmd)

	log, closeLog := o.Log, func() error { return nil }
	if log == nil {
		log, closeLog = logFile(defaultPostgresLog(dataDir))
	}
	proc, err := startProcess("postgres", cmd, log, closeLog, syscall.SIGINT)
	if err != nil {
		return nil, fmt.Errorf("devenv: %w", err)
	}
	p := &Postgres{proc: proc, port: port, password: password, dataDir: dataDir, clusterDir: clusterDir}
	if err := p.waitReady(ctx); err != nil {
		_ = proc.stop(postgresStopTimeout)
		if proc.tail.Contains("Address already in use") {
			return nil, &portInUseError{err}
		}
		return nil, err
	}
	return p, nil
}

// defaultPostgresLog is where the output of initdb and postgres goes when
// PostgresOptions.Log is nil.
func defaultPostgresLog(dataDir string) string {
	return filepath.Join(filepath.Dir(dataDir), "postgres.log")
}

// waitReady connects and runs SELECT 1 until it works, the server exits, or the
// timeout passes.
func (p *Postgres) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, postgresReadyTimeout)
	defer cancel()
	dsn := p.URL("postgres")
	var lastErr error
	for {
		lastErr = pingPostgres(ctx, dsn, p.clusterDir)
		if lastErr == nil {
			return nil
		}
		var pgErr *pgconn.PgError
		if errors.As(lastErr, &pgErr) && (pgErr.Code == "28P01" || pgErr.Code == "28000") {
			// The refusal comes from our server only if it is still running a moment
			// later: postgres exits at once when it cannot bind the port, and while it
			// runs, it holds the port.
			select {
			case <-p.proc.done:
				return fmt.Errorf("devenv: %w", p.proc.exitError())
			case <-time.After(500 * time.Millisecond):
			}
			return fmt.Errorf("devenv: PostgreSQL in %s rejected the superuser password: the cluster was created with another password (the cluster's password is never changed; omit PostgresOptions.Password to use the remembered one): %w", p.dataDir, lastErr)
		}
		select {
		case <-p.proc.done:
			return fmt.Errorf("devenv: %w", p.proc.exitError())
		case <-ctx.Done():
			return fmt.Errorf("devenv: PostgreSQL on port %d not ready (%v; last error: %v); last output:\n%s",
				p.port, ctx.Err(), lastErr, p.proc.tail.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// pingPostgres runs SELECT 1, and checks that the server is the one running on
// clusterDir (and not another one that took the port).
func pingPostgres(ctx context.Context, dsn, clusterDir string) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	var one int
	if err := conn.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil {
		return err
	}
	var dir string
	if err := conn.QueryRow(ctx, "SHOW data_directory").Scan(&dir); err != nil {
		return err
	}
	if !samePath(dir, clusterDir) {
		return fmt.Errorf("the server on this port runs on %s, not on %s", dir, clusterDir)
	}
	return nil
}

func samePath(a, b string) bool {
	if a == b {
		return true
	}
	ra, err1 := filepath.EvalSymlinks(a)
	rb, err2 := filepath.EvalSymlinks(b)
	return err1 == nil && err2 == nil && ra == rb
}

// URL returns the superuser connection URL for database:
// postgres://gemella:<password>@127.0.0.1:<port>/<database>?sslmode=disable.
func (p *Postgres) URL(database string) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.UserPassword(Superuser, p.password),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(p.port)),
		Path:     "/" + database,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

// Port is the TCP port the server listens on (127.0.0.1).
func (p *Postgres) Port() int { return p.port }

// Password is the superuser's password.
func (p *Postgres) Password() string { return p.password }

// Done is closed when the server process has exited (after Stop, or a crash).
func (p *Postgres) Done() <-chan struct{} { return p.proc.done }

// Stop asks the server for a fast shutdown (SIGINT), waits for it to exit, and kills it
// if it has not exited after 30s. It returns an error if the server had already exited
// unexpectedly or did not stop in time. Calling Stop again returns the same result.
func (p *Postgres) Stop() error {
	if err := p.proc.stop(postgresStopTimeout); err != nil {
		return fmt.Errorf("devenv: %w", err)
	}
	return nil
}

// errPostgresNotFound is the message for a machine without PostgreSQL server binaries.
const errPostgresNotFound = "PostgreSQL server binaries not found (no /usr/lib/postgresql/*/bin/initdb): run `make test` or `make prereqs`, which install Debian's postgresql package, or set GEMELLA_PG_BIN to a directory holding initdb and postgres"

// PostgresBinDir returns the directory of the PostgreSQL server binaries: $GEMELLA_PG_BIN
// if set, else the newest /usr/lib/postgresql/<version>/bin that has initdb and postgres.
func PostgresBinDir() (string, error) {
	if d := os.Getenv("GEMELLA_PG_BIN"); d != "" {
		for _, name := range []string{"initdb", "postgres"} {
			if !isExecutable(filepath.Join(d, name)) {
				return "", fmt.Errorf("devenv: GEMELLA_PG_BIN=%s has no executable %s", d, name)
			}
		}
		return d, nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	var best string
	var bestVer []int
	for _, m := range matches {
		dir := filepath.Dir(m)
		if !isExecutable(m) || !isExecutable(filepath.Join(dir, "postgres")) {
			continue
		}
		ver := parseVersion(filepath.Base(filepath.Dir(dir)))
		if best == "" || slices.Compare(ver, bestVer) > 0 {
			best, bestVer = dir, ver
		}
	}
	if best == "" {
		return "", errors.New("devenv: " + errPostgresNotFound)
	}
	return best, nil
}

func parseVersion(s string) []int {
	var v []int
	for _, part := range strings.Split(s, ".") {
		n, err := strconv.Atoi(part)
		if err != nil {
			n = -1
		}
		v = append(v, n)
	}
	return v
}

var postgresVersionRE = regexp.MustCompile(`\(PostgreSQL\) (\d+)`)

// postgresMajorVersion runs `postgres --version` (allowed as root) and returns e.g. "15".
func postgresMajorVersion(bin string) (string, error) {
	out, err := exec.Command(filepath.Join(bin, "postgres"), "--version").Output()
	if err != nil {
		return "", fmt.Errorf("devenv: %s/postgres --version: %w", bin, err)
	}
	m := postgresVersionRE.FindSubmatch(out)
	if m == nil {
		return "", fmt.Errorf("devenv: unexpected output of %s/postgres --version: %q", bin, out)
	}
	return string(m[1]), nil
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// clusterState reports whether dir holds a cluster; a missing or empty dir does not; a
// non-empty dir without PG_VERSION is an error.
func clusterState(dir string) (bool, error) {
	if _, err := os.Stat(filepath.Join(dir, "PG_VERSION")); err == nil {
		return true, nil
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("devenv: %w", err)
	}
	if len(entries) > 0 {
		return false, fmt.Errorf("devenv: %s is neither empty nor a PostgreSQL cluster (no PG_VERSION)", dir)
	}
	return false, nil
}

// initCluster runs initdb in dir (missing or empty) and remembers the password there.
func initCluster(ctx context.Context, bin, dir, password string, runAs *pgUser, noSync bool, log io.Writer) error {
	// initdb reads the password from a file that the postgres user must be able to read:
	// put it next to the cluster, which that user can reach (see prepareClusterDir).
	pw, err := os.CreateTemp(filepath.Dir(dir), ".gemella-pwfile-*")
	if err != nil {
		return fmt.Errorf("devenv: %w", err)
	}
	defer os.Remove(pw.Name())
	_, err = pw.WriteString(password + "\n")
	if cerr := pw.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = runAs.chown(pw.Name())
	}
	if err != nil {
		return fmt.Errorf("devenv: write initdb password file: %w", err)
	}

	var failures []string
	for _, locale := range []string{"C.UTF-8", "C"} {
		args := []string{
			"-D", dir,
			"-U", Superuser,
			"--auth=scram-sha-256",
			"--pwfile=" + pw.Name(),
			"-E", "UTF8",
			"--locale=" + locale,
			"--no-instructions",
		}
		if noSync {
			args = append(args, "--no-sync")
		}
		cmd := exec.CommandContext(ctx, filepath.Join(bin, "initdb"), args...)
		runAs.apply(cmd)
		out, err := cmd.CombinedOutput()
		if err == nil {
			if log != nil {
				_, _ = log.Write(out)
			}
			failures = nil
			break
		}
		failures = append(failures, fmt.Sprintf("initdb --locale=%s: %v:\n%s", locale, err, strings.TrimSpace(string(out))))
		if !strings.Contains(strings.ToLower(string(out)), "locale") {
			break // not a locale problem: do not retry
		}
		// initdb removes what it created on failure; make sure before retrying.
		if err := emptyDir(dir); err != nil {
			return fmt.Errorf("devenv: %w", err)
		}
	}
	if failures != nil {
		return fmt.Errorf("devenv: create PostgreSQL cluster in %s:\n%s", dir, strings.Join(failures, "\n"))
	}

	path := filepath.Join(dir, passwordFile)
	if err := os.WriteFile(path, []byte(password+"\n"), 0o600); err != nil {
		return fmt.Errorf("devenv: %w", err)
	}
	return runAs.chown(path)
}

func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		return err
	}
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// prepareClusterDir makes sure the directory that will hold the cluster for dataDir
// exists and is usable by the user PostgreSQL runs as, and returns its path (see
// StartPostgres for the relocation done when running as root).
func prepareClusterDir(dataDir string, runAs *pgUser) (string, error) {
	if runAs == nil {
		// initdb creates the directory itself (mode 0700); make sure its parent exists.
		if err := os.MkdirAll(filepath.Dir(dataDir), 0o755); err != nil {
			return "", fmt.Errorf("devenv: %w", err)
		}
		return dataDir, nil
	}

	cluster := dataDir
	if fi, err := os.Lstat(dataDir); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		// A previous start relocated the cluster (or someone pointed it elsewhere).
		target, err := os.Readlink(dataDir)
		if err != nil {
			return "", fmt.Errorf("devenv: %w", err)
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(dataDir), target)
		}
		cluster = target
		if isRelocationDir(filepath.Dir(cluster)) {
			if err := runAs.mkdirOwned(filepath.Dir(cluster)); err != nil {
				return "", err
			}
		}
	}
	parent := filepath.Dir(cluster)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", fmt.Errorf("devenv: %w", err)
	}
	if !runAs.canReach(parent) {
		if cluster != dataDir {
			return "", fmt.Errorf("devenv: %s links to %s, which the %q user cannot reach", dataDir, cluster, runAs.name)
		}
		sum := sha256.Sum256([]byte(dataDir))
		base := filepath.Join("/var/tmp", "gemella-"+hex.EncodeToString(sum[:])[:12])
		if err := runAs.mkdirOwned(base); err != nil {
			return "", err
		}
		cluster = filepath.Join(base, "pg")
		// dataDir held no link to it, so a cluster found there is one whose link was
		// deleted (for instance with the rest of .gemella): start afresh.
		if err := os.RemoveAll(cluster); err != nil {
			return "", fmt.Errorf("devenv: %w", err)
		}
		// Replace an empty directory left at dataDir (never a non-empty one).
		if fi, err := os.Lstat(dataDir); err == nil {
			if !fi.IsDir() {
				return "", fmt.Errorf("devenv: %s exists and is not a directory", dataDir)
			}
			if err := os.Remove(dataDir); err != nil {
				return "", fmt.Errorf("devenv: %s cannot hold a cluster the %q user can reach, and is not empty: %w", dataDir, runAs.name, err)
			}
		}
		if err := os.Symlink(cluster, dataDir); err != nil {
			return "", fmt.Errorf("devenv: %w", err)
		}
	}
	fi, err := os.Stat(cluster)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if err := os.Mkdir(cluster, 0o700); err != nil {
			return "", fmt.Errorf("devenv: %w", err)
		}
		if err := runAs.chown(cluster); err != nil {
			return "", err
		}
	case err != nil:
		return "", fmt.Errorf("devenv: %w", err)
	case !fi.IsDir():
		return "", fmt.Errorf("devenv: %s is not a directory", cluster)
	}
	return cluster, nil
}

func isRelocationDir(dir string) bool {
	return filepath.Dir(dir) == "/var/tmp" && strings.HasPrefix(filepath.Base(dir), "gemella-")
}

// pgUser is the account that runs initdb and postgres when this process is root;
// a nil *pgUser means "the current user" and its methods do nothing.
type pgUser struct {
	name     string
	uid, gid uint32
	groups   []uint32
	home     string
}

// postgresRunAs returns the postgres system user when running as root, else nil.
func postgresRunAs() (*pgUser, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("devenv: running as root, PostgreSQL must run as the \"postgres\" system user, which was not found (%v): run `make prereqs` (Debian's postgresql package creates it) or run as a normal user", err)
	}
	uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
	gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("devenv: unexpected uid/gid %q/%q for user postgres", u.Uid, u.Gid)
	}
	pu := &pgUser{name: u.Username, uid: uint32(uid), gid: uint32(gid), home: u.HomeDir}
	if ids, err := u.GroupIds(); err == nil {
		for _, id := range ids {
			if n, err := strconv.ParseUint(id, 10, 32); err == nil {
				pu.groups = append(pu.groups, uint32(n))
			}
		}
	}
	return pu, nil
}

// apply makes cmd run as u, from "/" (the caller's working directory may be out of
// u's reach) and without PG* variables in its environment.
func (u *pgUser) apply(cmd *exec.Cmd) {
	cmd.Dir = "/"
	if u == nil {
		cmd.Env = environWithout(isPGVar)
		return
	}
	cmd.Env = environWithout(func(name string) bool {
		return isPGVar(name) || name == "HOME" || name == "USER" || name == "LOGNAME"
	}, "HOME="+u.home, "USER="+u.name, "LOGNAME="+u.name)
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Credential = &syscall.Credential{Uid: u.uid, Gid: u.gid, Groups: u.groups}
}

// isPGVar matches libpq's and the server's environment variables (PGDATA, PGPORT …).
func isPGVar(name string) bool { return strings.HasPrefix(name, "PG") }

func (u *pgUser) chown(path string) error {
	if u == nil {
		return nil
	}
	if err := os.Lchown(path, int(u.uid), int(u.gid)); err != nil {
		return fmt.Errorf("devenv: %w", err)
	}
	return nil
}

// own gives u the whole tree at dir if dir itself is not u's already (for instance a
// cluster copied by root).
func (u *pgUser) own(dir string) error {
	if u == nil {
		return nil
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("devenv: %w", err)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && st.Uid == u.uid {
		return nil
	}
	return filepath.WalkDir(dir, func(path string, _ os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return u.chown(path)
	})
}

// mkdirOwned creates dir (mode 0700) if needed and makes sure u owns it.
func (u *pgUser) mkdirOwned(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("devenv: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("devenv: %w", err)
	}
	return u.chown(dir)
}

// canReach reports whether u can search dir (and so every directory above it).
func (u *pgUser) canReach(dir string) bool {
	if u == nil {
		return true
	}
	test := "/usr/bin/test"
	if !isExecutable(test) {
		if p, err := exec.LookPath("test"); err == nil {
			test = p
		}
	}
	cmd := exec.Command(test, "-x", dir)
	u.apply(cmd)
	return cmd.Run() == nil
}
