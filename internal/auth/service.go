package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/live"
	"github.com/gemella/gemella/internal/plaintext"
	"github.com/gemella/gemella/internal/ratelimit"
	"github.com/gemella/gemella/internal/store"
)

const (
	// SessionTTL is how long a session lasts without a new login.
	SessionTTL        = 30 * 24 * time.Hour
	minPasswordLen    = 10
	maxPasswordLen    = 256
	minDisplayNameLen = 2
	maxDisplayNameLen = 80
	maxEmailLen       = 254
	loginWindow       = 15 * time.Minute
	// Failed logins are counted per address and client, so that a guesser is slowed down
	// without locking the owner of the address out from their own office; per address
	// across clients, so that a guesser with many machines gets no more than a few rounds;
	// and per client across addresses, so that one machine cannot try a password on every
	// account (an office behind one address fails far fewer than that).
	loginsPerAddressAndClient = 10
	loginsPerAddress          = 50
	loginsPerClient           = 100
)

// Service is the accounts use cases.
type Service struct {
	pool       *pgxpool.Pool
	openSignup bool
	logins     []loginLimit
}

// loginLimit counts failed logins under one key.
type loginLimit struct {
	limiter *ratelimit.Limiter
	key     func(address, client string) string
}

// NewService returns the accounts service. openSignup allows anyone to register.
func NewService(pool *pgxpool.Pool, openSignup bool) *Service {
	return &Service{pool: pool, openSignup: openSignup, logins: []loginLimit{
		{ratelimit.New(loginsPerAddressAndClient, loginWindow), func(a, c string) string { return a + "|" + c }},
		{ratelimit.New(loginsPerAddress, loginWindow), func(a, _ string) string { return a }},
		{ratelimit.New(loginsPerClient, loginWindow), func(_, c string) string { return c }},
	}}
}

// SignupOpen reports whether anyone may register, so that pages offer sign-up only then.
func (s *Service) SignupOpen() bool { return s.openSignup }

// Session is a signed-in session: the token is shown once, only its hash is stored.
type Session struct {
	Token     string
	User      *User
	ExpiresAt time.Time
}

// RegisterInput is a sign-up request.
type RegisterInput struct {
	Email       string
	Password    string
	DisplayName string
	CenterID    *int64
	RegionID    *int64
}

// Register creates an OPERATOR account and signs it in.
func (s *Service) Register(ctx context.Context, in RegisterInput) (*Session, error) {
	if !s.openSignup {
		return nil, apperr.New(apperr.Forbidden, "", "auth.signup_closed")
	}
	email, errs := validateAccount(in)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	hash, err := HashPassword(ctx, in.Password)
	if err != nil {
		return nil, err
	}
	var sess *Session
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		u, err := insertUser(ctx, tx, newUser{
			Email: email, DisplayName: plaintext.Line(in.DisplayName), PasswordHash: hash,
			Roles: []Role{Operator}, CenterID: in.CenterID, RegionID: in.RegionID,
		})
		if err != nil {
			return err
		}
		sess, err = startSession(ctx, tx, u)
		return err
	})
	if err != nil {
		return nil, store.Translate(err, nil)
	}
	return sess, nil
}

func validateAccount(in RegisterInput) (string, apperr.List) {
	var errs apperr.List
	email, ok := normaliseEmail(in.Email)
	if !ok {
		errs.Add(apperr.New(apperr.Invalid, "email", "auth.email.invalid"))
	}
	if n := utf8.RuneCountInString(in.Password); n < minPasswordLen || n > maxPasswordLen {
		errs.Add(apperr.New(apperr.Invalid, "password", "auth.password.length").With("Min", minPasswordLen).With("Max", maxPasswordLen))
	}
	if n := utf8.RuneCountInString(plaintext.Line(in.DisplayName)); n < minDisplayNameLen || n > maxDisplayNameLen {
		errs.Add(apperr.New(apperr.Invalid, "displayName", "auth.display_name.length").With("Min", minDisplayNameLen).With("Max", maxDisplayNameLen))
	}
	return email, errs
}

// normaliseEmail accepts a bare address ("Name <a@b>" is refused) and lower-cases it.
func normaliseEmail(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) > maxEmailLen {
		return "", false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndexByte(s, '@'):], ".") {
		return "", false
	}
	return strings.ToLower(s), true
}

// Login checks the credentials and starts a session. Wrong credentials are one message for
// both an unknown e-mail and a wrong password, so that accounts cannot be enumerated.
func (s *Service) Login(ctx context.Context, email, password string) (*Session, error) {
	address := strings.ToLower(strings.TrimSpace(email))
	if address == "" || password == "" {
		// An empty form is a slip, not a guess: it costs no hash and no attempt.
		var errs apperr.List
		if address == "" {
			errs.Add(apperr.New(apperr.Required, "email", "auth.email.required"))
		}
		if password == "" {
			errs.Add(apperr.New(apperr.Required, "password", "auth.password.required"))
		}
		return nil, errs
	}
	// Each attempt takes its slots before the password is checked and gives them back only
	// when it was not a wrong guess: parallel guesses cannot all pass a check that a
	// slower one has not yet counted.
	client := ClientIP(ctx)
	releases := make([]func(), 0, len(s.logins))
	defer func() {
		for _, release := range releases {
			release()
		}
	}()
	for _, l := range s.logins {
		release, ok := l.limiter.Reserve(l.key(address, client))
		if !ok {
			return nil, apperr.New(apperr.RateLimited, "", "auth.rate_limited")
		}
		releases = append(releases, release)
	}
	sess, err := s.login(ctx, address, password)
	if apperr.Is(err, apperr.Invalid) {
		releases = nil // a wrong guess keeps its slots
	}
	return sess, err
}

func (s *Service) login(ctx context.Context, key, password string) (*Session, error) {
	u, hash, err := userByEmail(ctx, s.pool, key)
	if err != nil {
		return nil, err
	}
	if u == nil {
		if _, err := CheckPassword(ctx, dummyHash(), password); err != nil { // only spends the same time
			return nil, err
		}
		return nil, apperr.New(apperr.Invalid, "password", "auth.invalid_credentials")
	}
	ok, err := CheckPassword(ctx, hash, password)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, apperr.New(apperr.Invalid, "password", "auth.invalid_credentials")
	}
	return startSession(ctx, s.pool, u)
}

// Logout ends the session of token. Ending an unknown or expired session is not an error.
func (s *Service) Logout(ctx context.Context, token string) error {
	return store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		var userID int64
		err := tx.QueryRow(ctx, `DELETE FROM sessions WHERE token_hash = $1 RETURNING user_id`, hashToken(token)).Scan(&userID)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		// The user's open subscriptions check their session again.
		return live.Emit(ctx, tx, EventSessionEnded, live.UserTopic(userID), userID)
	})
}

// EventSessionEnded is the live event of a logout, on the user's topic.
const EventSessionEnded = "session.ended"

// Authenticate returns the user of a live session token, or nil when the token is unknown
// or expired.
func (s *Service) Authenticate(ctx context.Context, token string) (*User, error) {
	u, _, err := s.Session(ctx, token)
	return u, err
}

// Session is Authenticate with the time the session ends: what outlives a request (a
// subscription) ends with it.
func (s *Service) Session(ctx context.Context, token string) (*User, time.Time, error) {
	if token == "" || len(token) > 100 {
		return nil, time.Time{}, nil
	}
	return userBySession(ctx, s.pool, hashToken(token))
}

// UsersByIDs returns the users with these ids (missing ones are absent from the map).
func (s *Service) UsersByIDs(ctx context.Context, ids []int64) (map[int64]*User, error) {
	return usersByIDs(ctx, s.pool, ids)
}

// UserByID returns one user.
func (s *Service) UserByID(ctx context.Context, id int64) (*User, error) {
	m, err := usersByIDs(ctx, s.pool, []int64{id})
	if err != nil {
		return nil, err
	}
	if u, ok := m[id]; ok {
		return u, nil
	}
	return nil, apperr.New(apperr.NotFound, "", "common.not_found")
}

// EnsureUser creates or updates an account by e-mail with the given roles and password:
// used by the demo data, whose password may change between runs.
func (s *Service) EnsureUser(ctx context.Context, q store.Querier, u User, password string) (*User, error) {
	hash, err := HashPassword(ctx, password)
	if err != nil {
		return nil, err
	}
	return upsertUser(ctx, q, newUser{
		Email: strings.ToLower(u.Email), DisplayName: u.DisplayName, PasswordHash: hash,
		Roles: u.Roles, CenterID: u.CenterID, RegionID: u.RegionID,
	})
}

func startSession(ctx context.Context, q store.Querier, u *User) (*Session, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	expires := time.Now().Add(SessionTTL)
	// Expired sessions are cleared as their owner signs in again, so the table stays small
	// without a sweeper.
	if _, err := q.Exec(ctx, `WITH gone AS (DELETE FROM sessions WHERE user_id = $2 AND expires_at <= now())
		INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)`,
		hashToken(token), u.ID, expires); err != nil {
		return nil, err
	}
	return &Session{Token: token, User: u, ExpiresAt: expires}, nil
}

// hashToken stores tokens as SHA-256: they are 256 random bits, so a fast hash is enough and
// a leaked table yields no usable session.
func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}
