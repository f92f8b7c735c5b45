// Package devenv starts and stops real PostgreSQL and Meilisearch processes for
// `gemella dev` and for tests (never mocks of them).
//
// StartPostgres runs Debian's PostgreSQL server binaries (/usr/lib/postgresql/<ver>/bin,
// or $GEMELLA_PG_BIN) on a cluster directory of its own, listening on 127.0.0.1 only.
// StartMeili runs the Meilisearch binary that `make prereqs` installs under
// .gemella/bin (or $GEMELLA_MEILI_BIN). Both processes are started directly (never
// daemonised) with a parent-death signal, so they end when the Go process that started
// them ends, even if it is killed.
//
// TestPostgres and TestMeili give tests of any package one shared server of each kind per
// test binary, started lazily.
package devenv

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// process is a child server process that is stopped with a signal.
type process struct {
	name     string
	cmd      *exec.Cmd
	tail     *tailBuffer
	stopSig  syscall.Signal
	closeLog func() error

	done    chan struct{} // closed when the process has exited and its output is drained
	waitErr error         // set before done is closed

	mu       sync.Mutex
	stopping bool // Stop sent stopSig (or SIGKILL): an exit by signal is expected

	stopOnce sync.Once
	stopErr  error
}

// startProcess starts cmd with stdout and stderr going to log (may be nil) and to an
// in-memory tail used in error messages. cmd.SysProcAttr may carry a Credential; the
// parent-death signal and a process group of its own are added here. closeLog, if not
// nil, is called once the process has exited.
func startProcess(name string, cmd *exec.Cmd, log io.Writer, closeLog func() error, stopSig syscall.Signal) (*process, error) {
	p := &process{
		name:     name,
		cmd:      cmd,
		tail:     &tailBuffer{max: 16 << 10},
		stopSig:  stopSig,
		closeLog: closeLog,
		done:     make(chan struct{}),
	}
	var out io.Writer = p.tail
	if log != nil {
		out = io.MultiWriter(log, p.tail)
	}
	cmd.Stdout = out
	cmd.Stderr = out
	cmd.Stdin = nil
	// PostgreSQL backends inherit the output pipe and may outlive a killed postmaster
	// for a moment: do not let Wait hang on them.
	cmd.WaitDelay = 5 * time.Second
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	// The kernel sends stopSig to the child when the thread that started it exits;
	// Go only ends threads of goroutines that exit while locked with
	// runtime.LockOSThread, so in practice this is "when this process exits".
	cmd.SysProcAttr.Pdeathsig = stopSig
	// A process group of its own: a Ctrl-C on the terminal reaches only the Go
	// process, which then stops the servers in order.
	cmd.SysProcAttr.Setpgid = true

	if err := cmd.Start(); err != nil {
		if closeLog != nil {
			_ = closeLog()
		}
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	go func() {
		err := cmd.Wait()
		if errors.Is(err, exec.ErrWaitDelay) {
			err = nil
		}
		p.waitErr = err
		if p.closeLog != nil {
			_ = p.closeLog()
		}
		close(p.done)
	}()
	return p, nil
}

// exited reports whether the process has exited.
func (p *process) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// exitError describes how the process ended, with the tail of its output; call after done.
func (p *process) exitError() error {
	status := "exited"
	if p.waitErr != nil {
		status = p.waitErr.Error()
	}
	return fmt.Errorf("%s %s unexpectedly; last output:\n%s", p.name, status, p.tail.String())
}

// stop sends stopSig, waits up to timeout, then kills the whole process group.
// It returns nil when the process ended because of the signal (or exited 0).
func (p *process) stop(timeout time.Duration) error {
	p.stopOnce.Do(func() {
		if p.exited() {
			p.stopErr = p.exitError()
			return
		}
		p.mu.Lock()
		p.stopping = true
		p.mu.Unlock()
		_ = p.cmd.Process.Signal(p.stopSig)
		select {
		case <-p.done:
		case <-time.After(timeout):
			pid := p.cmd.Process.Pid
			_ = syscall.Kill(-pid, syscall.SIGKILL)
			_ = p.cmd.Process.Kill()
			<-p.done
			p.stopErr = fmt.Errorf("%s did not stop within %s after %s and was killed; last output:\n%s",
				p.name, timeout, p.stopSig, p.tail.String())
			return
		}
		if p.waitErr != nil && !endedBy(p.waitErr, p.stopSig) {
			p.stopErr = fmt.Errorf("%s stopped with %v; last output:\n%s", p.name, p.waitErr, p.tail.String())
		}
	})
	return p.stopErr
}

// endedBy reports whether err is the exit of a process killed by sig.
func endedBy(err error, sig syscall.Signal) bool {
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return false
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == sig
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
	max int
}

func (t *tailBuffer) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, b...)
	if len(t.buf) > t.max {
		cut := len(t.buf) - t.max
		if i := bytes.IndexByte(t.buf[cut:], '\n'); i >= 0 && i < 256 {
			cut += i + 1
		}
		t.buf = append(t.buf[:0], t.buf[cut:]...)
	}
	return len(b), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := strings.TrimRight(string(t.buf), "\n")
	if s == "" {
		return "(no output)"
	}
	return s
}

func (t *tailBuffer) Contains(s string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return bytes.Contains(t.buf, []byte(s))
}

// freePort asks the kernel for a free TCP port on 127.0.0.1. Another process may take it
// before the server binds it; the Start functions retry with a new port in that case.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// portFree reports whether port on 127.0.0.1 can be listened on right now.
func portFree(port int) bool {
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return false
	}
	l.Close()
	return true
}

// logFile opens path for appending, creating its directory; on failure the log is
// discarded (the in-memory tail still feeds error messages).
func logFile(path string) (io.Writer, func() error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, func() error { return nil }
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, func() error { return nil }
	}
	return f, f.Close
}

// environWithout returns the environment minus the variables for which drop reports
// true, plus extra.
func environWithout(drop func(name string) bool, extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !drop(name) {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}
