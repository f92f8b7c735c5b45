package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/gemella/gemella/internal/apperr"

	"golang.org/x/crypto/argon2"
)

// argon2id parameters from OWASP's password storage guidance (19 MiB, 2 passes, 1 lane):
// about 30 ms a hash on an office-class core, so a login is quick and a stolen table is slow
// to attack. They are stored in each hash, so raising them later keeps old hashes valid.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
)

// Each hash holds argonMemory KiB while it runs, so at most maxHashing run at once, and a
// caller waits at most hashWait for its turn: 200 parallel logins then cost a few hashes'
// memory instead of 200 (about 4 GiB), and a flood is answered "busy" instead of queued
// without end. A core cannot run more than one hash at a time anyway.
var (
	maxHashing = min(runtime.GOMAXPROCS(0), 4)
	hashing    = make(chan struct{}, maxHashing)
)

const hashWait = 10 * time.Second

// errBusy answers a login or sign-up that found every hashing slot taken for too long.
var errBusy = apperr.New(apperr.Unavailable, "", "auth.busy")

// withHashSlot runs f when a hashing slot is free.
func withHashSlot(ctx context.Context, f func()) error {
	ctx, cancel := context.WithTimeout(ctx, hashWait)
	defer cancel()
	select {
	case hashing <- struct{}{}:
	case <-ctx.Done():
		return errBusy
	}
	defer func() { <-hashing }()
	f()
	return nil
}

// HashPassword returns an argon2id hash in the PHC string format.
func HashPassword(ctx context.Context, password string) (hash string, err error) {
	if err := withHashSlot(ctx, func() { hash, err = hashPassword(password) }); err != nil {
		return "", err
	}
	return hash, err
}

func hashPassword(password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

var errBadHash = errors.New("auth: malformed password hash")

// CheckPassword reports whether password matches the PHC-encoded hash, in constant time.
func CheckPassword(ctx context.Context, hash, password string) (ok bool, err error) {
	if err := withHashSlot(ctx, func() { ok, err = checkPassword(hash, password) }); err != nil {
		return false, err
	}
	return ok, err
}

func checkPassword(hash, password string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	var memory, time uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &time, &threads); err != nil {
		return false, errBadHash
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(password), salt, time, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is checked when an e-mail is unknown, so that a login takes as long whether or
// not the account exists. It is made on first use, not at every start of the binary.
var dummyHash = sync.OnceValue(func() string {
	h, err := hashPassword("gemella-no-such-account")
	if err != nil {
		panic(err) // only crypto/rand can fail here, and then nothing can work
	}
	return h
})
