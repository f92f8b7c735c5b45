package workshop

import (
	"context"
	"crypto/rand"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/store"
)

// Certificate is a certificate of attendance as issued: what it certified then.
type Certificate struct {
	Code           string
	RegistrationID int64
	WorkshopID     int64
	UserID         int64
	Participant    string
	Center         string
	Hours          float64
	SessionIDs     []int64
	IssuedAt       time.Time
}

// RequestCertificate issues the viewer's certificate of attendance for a workshop, once:
// asking again returns the same one. Only a confirmed participant who attended the share
// of sessions the trainer set.
func (s *Service) RequestCertificate(ctx context.Context, workshopID int64) (*Certificate, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	notEligible := apperr.New(apperr.Invalid, "workshopId", "workshop.certificate.not_eligible")
	var out *Certificate
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		w, err := workshopByID(ctx, tx, access.From(ctx), workshopID)
		if err != nil {
			return err
		}
		reg, err := registrationOf(ctx, tx, w.ID, u.ID)
		if err != nil {
			return err
		}
		if reg == nil {
			return notEligible
		}
		certs, err := certificatesOf(ctx, tx, []int64{reg.ID})
		if err != nil {
			return err
		}
		if out = certs[reg.ID]; out != nil {
			return nil
		}
		sessions, err := sessionsOf(ctx, tx, access.Everything(), []int64{w.ID})
		if err != nil {
			return err
		}
		attended, err := attendanceOf(ctx, tx, []int64{reg.ID})
		if err != nil {
			return err
		}
		a := Measure(w, sessions[w.ID], attended[reg.ID], reg.Status)
		if !a.Enough {
			return notEligible
		}
		ids := make([]int64, len(a.Sessions))
		for i, s := range a.Sessions {
			ids[i] = s.ID
		}
		code := newCode()
		if _, err := tx.Exec(ctx, `INSERT INTO certificates (code, registration_id, participant, center, hours, session_ids)
			SELECT $1, $2, u.display_name, coalesce(c.name, ''), $4, $5
			FROM users u LEFT JOIN centers c ON c.id = u.center_id WHERE u.id = $3`, code, reg.ID, u.ID, a.Hours, ids); err != nil {
			return err
		}
		certs, err = certificatesOf(ctx, tx, []int64{reg.ID})
		out = certs[reg.ID]
		return err
	})
	return out, err
}

const certificateColumns = `c.code, c.registration_id, r.workshop_id, r.user_id, c.participant, c.center, c.hours::float8,
	c.session_ids, c.issued_at`

func scanCertificate(row pgx.Row) (*Certificate, error) {
	c := &Certificate{}
	return c, row.Scan(&c.Code, &c.RegistrationID, &c.WorkshopID, &c.UserID, &c.Participant, &c.Center, &c.Hours, &c.SessionIDs, &c.IssuedAt)
}

func certificatesOf(ctx context.Context, q store.Querier, regIDs []int64) (map[int64]*Certificate, error) {
	list, err := store.Collect(ctx, q, `SELECT `+certificateColumns+` FROM certificates c
		JOIN workshop_registrations r ON r.id = c.registration_id WHERE c.registration_id = ANY($1)`, []any{regIDs}, scanCertificate)
	return store.ByID(list, func(c *Certificate) int64 { return c.RegistrationID }), err
}

// CertificatesOf returns the certificate issued for each registration, if any.
func (s *Service) CertificatesOf(ctx context.Context, regIDs []int64) (map[int64]*Certificate, error) {
	return certificatesOf(ctx, s.pool, regIDs)
}

// codeAlphabet is Crockford's base32: no I, L, O or U to misread when a code is typed
// from paper.
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// newCode returns a verification code of 60 random bits, as XXXX-XXXX-XXXX.
func newCode() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	var sb strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(codeAlphabet[int(c)%len(codeAlphabet)])
	}
	return sb.String()
}

// normaliseCode reads a code as a person may type it: any case, with or without dashes
// and spaces, O for 0 and I or L for 1.
func normaliseCode(code string) string {
	code = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-':
			return -1
		case 'O':
			return '0'
		case 'I', 'L':
			return '1'
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(code)))
	if len(code) != 12 {
		return ""
	}
	return code[0:4] + "-" + code[4:8] + "-" + code[8:12]
}

// Verification is what the public verification page confirms of a certificate.
type Verification struct {
	Certificate
	Title      string
	Kind       Kind
	HostCenter *string
	Trainers   []string
	Sessions   []*Session
}

// Verify finds a certificate by its code, for anyone who has it: the code is what the
// holder hands to whoever checks. Nil when there is none.
func (s *Service) Verify(ctx context.Context, code string) (*Verification, error) {
	code = normaliseCode(code)
	if code == "" {
		return nil, nil
	}
	v := &Verification{}
	var kind string
	err := s.pool.QueryRow(ctx, `SELECT `+certificateColumns+`, w.title, w.kind, hc.name,
			ARRAY(SELECT u.display_name FROM workshop_trainers t JOIN users u ON u.id = t.user_id
				WHERE t.workshop_id = w.id ORDER BY t.position)
		FROM certificates c
		JOIN workshop_registrations r ON r.id = c.registration_id
		JOIN workshops w ON w.id = r.workshop_id
		LEFT JOIN centers hc ON hc.id = w.host_center_id
		WHERE c.code = $1`, code).Scan(&v.Code, &v.RegistrationID, &v.WorkshopID, &v.UserID, &v.Participant, &v.Center,
		&v.Hours, &v.SessionIDs, &v.IssuedAt, &v.Title, &kind, &v.HostCenter, &v.Trainers)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	v.Kind = Kind(kind)
	all, err := sessionsOf(ctx, s.pool, access.Everything(), []int64{v.WorkshopID})
	if err != nil {
		return nil, err
	}
	for _, sess := range all[v.WorkshopID] {
		for _, id := range v.SessionIDs {
			if id == sess.ID {
				sess.OnlineURL = nil // the link is nobody's business on a public page
				v.Sessions = append(v.Sessions, sess)
			}
		}
	}
	return v, nil
}

// CertificateForDownload returns a certificate for its PDF: its holder, the workshop's
// trainers and moderators; anyone else gets NOT_FOUND, as for a code that does not exist.
func (s *Service) CertificateForDownload(ctx context.Context, code string) (*Verification, error) {
	u := auth.Viewer(ctx)
	notFound := apperr.New(apperr.NotFound, "", "common.not_found")
	v, err := s.Verify(ctx, code)
	if err != nil {
		return nil, err
	}
	if v == nil || u == nil {
		return nil, notFound
	}
	if v.UserID == u.ID || u.CanModerate() {
		return v, nil
	}
	trainers, err := trainersOf(ctx, s.pool, []int64{v.WorkshopID})
	if err != nil {
		return nil, err
	}
	for _, id := range trainers[v.WorkshopID] {
		if id == u.ID {
			return v, nil
		}
	}
	return nil, notFound
}
