package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/storetest"
)

const loginMutation = `mutation Login($email: String!, $password: String!) {
  login(input: { email: $email, password: $password }) {
    token
    user { id displayName roles }
    userErrors { field message code }
  }
}`

const registerMutation = `mutation Register($email: String!, $password: String!, $displayName: String!, $centerId: ID, $regionId: ID) {
  register(input: { email: $email, password: $password, displayName: $displayName, centerId: $centerId, regionId: $regionId }) {
    token
    user { id displayName roles }
    userErrors { field message code }
  }
}`

const meQuery = `query Me {
  me { id displayName email roles center { id name } region { id name } }
}`

const logoutMutation = `mutation { logout { ok userErrors { field message code } } }`

// sessionCookie returns the gemella_session cookie a response sets, or nil.
func sessionCookie(h http.Header) *http.Cookie {
	for _, c := range (&http.Response{Header: h}).Cookies() {
		if c.Name == "gemella_session" {
			return c
		}
	}
	return nil
}

// userErrorFields returns the fields of a payload's userErrors ("" for none).
func userErrorFields(payload any) []string {
	var out []string
	list, _ := dig(payload, "userErrors").([]any)
	for _, e := range list {
		f, _ := dig(e, "field").(string)
		out = append(out, f)
	}
	return out
}

func TestLoginReturnsTokenAndSetsSessionCookie(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})

	r := s.doWith(t, loginMutation, map[string]any{"email": operator, "password": storetest.DemoPassword}, nil)
	require.Equal(t, http.StatusOK, r.Status, string(r.Raw))
	require.Empty(t, r.Errors, string(r.Raw))
	login := dig(r.Data, "login")
	require.Empty(t, userErrorCodes(login))
	require.Equal(t, []any{}, dig(login, "userErrors"), "userErrors is an empty list, not null")
	token, _ := dig(login, "token").(string)
	require.NotEmpty(t, token)
	require.Equal(t, "Operatrice CpF La Spezia", dig(login, "user", "displayName"))
	require.Equal(t, []any{"OPERATOR"}, dig(login, "user", "roles"))
	require.NotEmpty(t, dig(login, "user", "id"))

	c := sessionCookie(r.Header)
	require.NotNil(t, c, "login sets the session cookie: %v", r.Header.Values("Set-Cookie"))
	require.Equal(t, token, c.Value)
	require.True(t, c.HttpOnly, "session cookie is HttpOnly")
	require.Equal(t, http.SameSiteLaxMode, c.SameSite, "session cookie is SameSite=Lax")
	require.Equal(t, "/", c.Path)
	require.True(t, c.Expires.After(time.Now().Add(24*time.Hour)), "session cookie outlives the browser session: %v", c.Expires)

	// The cookie alone authenticates.
	r = s.doWith(t, meQuery, nil, map[string]string{"Cookie": "gemella_session=" + token})
	require.Empty(t, r.Errors, string(r.Raw))
	me := dig(r.Data, "me")
	require.Equal(t, "Operatrice CpF La Spezia", dig(me, "displayName"))
	require.Equal(t, operator, dig(me, "email"))
	require.Equal(t, []any{"OPERATOR"}, dig(me, "roles"))
	require.Contains(t, dig(me, "center", "name"), "Spezia")
	require.Equal(t, "Liguria", dig(me, "region", "name"))
	require.Equal(t, dig(login, "user", "id"), dig(me, "id"))

	// And so does the bearer token.
	d := s.ok(t, token, meQuery, nil)
	require.Equal(t, "Operatrice CpF La Spezia", dig(d, "me", "displayName"))

	// An unknown cookie is a guest, not an error.
	r = s.doWith(t, meQuery, nil, map[string]string{"Cookie": "gemella_session=not-a-session"})
	require.Equal(t, http.StatusOK, r.Status)
	require.Empty(t, r.Errors, string(r.Raw))
	require.Nil(t, dig(r.Data, "me"))
}

func TestLoginWrongCredentials(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})

	cases := []struct{ name, email, password string }{
		{"wrong password", operator, "password-sbagliata"},
		{"unknown email", "nessuno@gemella.test", storetest.DemoPassword},
	}
	for _, c := range cases {
		r := s.doWith(t, loginMutation, map[string]any{"email": c.email, "password": c.password}, nil)
		require.Equal(t, http.StatusOK, r.Status, c.name)
		require.Empty(t, r.Errors, "%s: %s", c.name, r.Raw)
		login := dig(r.Data, "login")
		require.Nil(t, dig(login, "token"), c.name)
		require.Nil(t, dig(login, "user"), c.name)
		require.Equal(t, []string{"INVALID"}, userErrorCodes(login), c.name)
		require.Equal(t, "Email o password non corretti.", dig(login, "userErrors", 0, "message"), c.name)
		require.Nil(t, sessionCookie(r.Header), "%s: no cookie on failure", c.name)

		r = s.doWith(t, loginMutation, map[string]any{"email": c.email, "password": c.password},
			map[string]string{"Accept-Language": "en"})
		require.Empty(t, r.Errors, string(r.Raw))
		require.Equal(t, "Wrong email or password.", dig(r.Data, "login", "userErrors", 0, "message"), c.name)

		r = s.doWith(t, loginMutation, map[string]any{"email": c.email, "password": c.password},
			map[string]string{"Accept-Language": "en-GB,en;q=0.9"})
		require.Equal(t, "Wrong email or password.", dig(r.Data, "login", "userErrors", 0, "message"), c.name)
	}
}

func TestRegisterWithOpenSignup(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true, OpenSignup: true})
	require.Equal(t, true, dig(s.ok(t, "", `{ signupOpen }`, nil), "signupOpen"))

	r := s.doWith(t, registerMutation, map[string]any{
		"email": "  Nuova.Operatrice@Esempio.IT ", "password": "una-password-lunga", "displayName": "  Nuova Operatrice  ",
	}, nil)
	require.Equal(t, http.StatusOK, r.Status)
	require.Empty(t, r.Errors, string(r.Raw))
	reg := dig(r.Data, "register")
	require.Empty(t, userErrorCodes(reg), string(r.Raw))
	token, _ := dig(reg, "token").(string)
	require.NotEmpty(t, token)
	require.Equal(t, []any{"OPERATOR"}, dig(reg, "user", "roles"))
	require.Equal(t, "Nuova Operatrice", dig(reg, "user", "displayName"))
	require.NotNil(t, sessionCookie(r.Header), "register signs in with the cookie too")

	me := dig(s.ok(t, token, meQuery, nil), "me")
	require.Equal(t, "Nuova Operatrice", dig(me, "displayName"))
	require.Equal(t, "nuova.operatrice@esempio.it", dig(me, "email"))
	require.Equal(t, []any{"OPERATOR"}, dig(me, "roles"))
	require.Nil(t, dig(me, "center"))

	// The new account can sign in again, whatever the case of the address.
	d := s.ok(t, "", loginMutation, map[string]any{"email": "NUOVA.operatrice@esempio.it", "password": "una-password-lunga"})
	require.NotEmpty(t, dig(d, "login", "token"))

	// Duplicates, case-insensitively: a demo account and the one just created.
	for _, email := range []string{"OPERATORE@Gemella.test", "nuova.operatrice@esempio.it"} {
		d := s.ok(t, "", registerMutation, map[string]any{"email": email, "password": "una-password-lunga", "displayName": "Doppione"})
		reg := dig(d, "register")
		require.Equal(t, []string{"CONFLICT"}, userErrorCodes(reg), email)
		require.Equal(t, []string{"email"}, userErrorFields(reg), email)
		require.Equal(t, "Esiste già un account con questa email.", dig(reg, "userErrors", 0, "message"))
		require.Nil(t, dig(reg, "token"))
	}

	// Several problems at once, each on its field.
	d = s.ok(t, "", registerMutation, map[string]any{"email": "non-un-indirizzo", "password": "corta", "displayName": " X "})
	reg = dig(d, "register")
	require.Nil(t, dig(reg, "token"))
	require.ElementsMatch(t, []string{"email", "password", "displayName"}, userErrorFields(reg))
	require.Equal(t, []string{"INVALID", "INVALID", "INVALID"}, userErrorCodes(reg))
	for _, e := range dig(reg, "userErrors").([]any) {
		require.NotEmpty(t, dig(e, "message"))
	}

	// Addresses that are not a bare address are refused.
	for _, email := range []string{"Nome <nome@esempio.it>", "nome@localhost", "nome@@esempio.it", ""} {
		d = s.ok(t, "", registerMutation, map[string]any{"email": email, "password": "una-password-lunga", "displayName": "Nome Cognome"})
		require.Equal(t, []string{"email"}, userErrorFields(dig(d, "register")), email)
	}
	// Boundaries: 10 characters of password and 2 of name are enough (accents count once).
	d = s.ok(t, "", registerMutation, map[string]any{"email": "bordo@esempio.it", "password": "èèèèèèèèèè", "displayName": "Jà"})
	require.Empty(t, userErrorCodes(dig(d, "register")))
	require.NotEmpty(t, dig(d, "register", "token"))
}

func TestRegisterUnknownCenterIsAUserError(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true, OpenSignup: true})
	for field, id := range map[string]string{"centerId": testGlobalID("Center", 999999), "regionId": testGlobalID("Region", 999999)} {
		r := s.do(t, "", registerMutation, map[string]any{
			"email": "centro-" + field + "@esempio.it", "password": "una-password-lunga", "displayName": "Nome Cognome", field: id,
		})
		require.Empty(t, r.Errors, "%s: %s", field, r.Raw)
		reg := dig(r.Data, "register")
		require.Nil(t, dig(reg, "token"))
		require.Equal(t, []string{field}, userErrorFields(reg), field)
	}
}

func TestRegisterWhenSignupClosed(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	require.Equal(t, false, dig(s.ok(t, "", `{ signupOpen }`, nil), "signupOpen"))
	r := s.do(t, "", registerMutation, map[string]any{"email": "nuovo@esempio.it", "password": "una-password-lunga", "displayName": "Nuovo"})
	require.Equal(t, http.StatusOK, r.Status)
	require.Empty(t, r.Errors, string(r.Raw))
	reg := dig(r.Data, "register")
	require.Equal(t, []string{"FORBIDDEN"}, userErrorCodes(reg))
	require.Nil(t, dig(reg, "token"))
	require.Nil(t, dig(reg, "user"))
	require.Contains(t, dig(reg, "userErrors", 0, "message"), "registrazione")
	// Nothing was created: the address cannot sign in.
	d := s.ok(t, "", loginMutation, map[string]any{"email": "nuovo@esempio.it", "password": "una-password-lunga"})
	require.Nil(t, dig(d, "login", "token"))
}

// TestAccessibilityContact: the statement shows the operator's address, or none.
func TestAccessibilityContact(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{AccessibilityContact: "mailto:accessibilita@comune.example.it"})
	require.Equal(t, "mailto:accessibilita@comune.example.it", dig(s.ok(t, "", `{ accessibilityContact }`, nil), "accessibilityContact"))
	s = newTestServer(t, serverOptions{})
	require.Nil(t, dig(s.ok(t, "", `{ accessibilityContact }`, nil), "accessibilityContact"))
}

func TestMeAnonymous(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	r := s.do(t, "", meQuery, nil)
	require.Equal(t, http.StatusOK, r.Status)
	require.Empty(t, r.Errors, string(r.Raw))
	require.Contains(t, r.Data, "me")
	require.Nil(t, r.Data["me"])
	// A malformed bearer token is a guest too.
	r = s.do(t, "garbage", meQuery, nil)
	require.Empty(t, r.Errors, string(r.Raw))
	require.Nil(t, r.Data["me"])
}

func TestEmailVisibleOnlyToSelfAndAdmin(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	opToken := s.login(t, operator)
	trainerToken := s.login(t, trainer)
	adminToken := s.login(t, admin)

	// The id of the operator's User, taken from a question they asked.
	list := s.ok(t, trainerToken, `{ questions(first: 50) { edges { node { author { id displayName email } } } } }`, nil)
	var opID string
	for _, e := range dig(list, "questions", "edges").([]any) {
		a := dig(e, "node", "author")
		switch dig(a, "displayName") {
		case "Operatrice CpF La Spezia":
			opID = dig(a, "id").(string)
			require.Nil(t, dig(a, "email"), "another user's email is hidden")
		case "Formatrice CpF Rimini":
			require.Equal(t, trainer, dig(a, "email"), "one's own email is visible")
		default:
			require.Nil(t, dig(a, "email"))
		}
	}
	require.NotEmpty(t, opID, "the demo data has a question by the operator")

	const userNode = `query($id: ID!) { node(id: $id) { __typename ... on User { id displayName email } } }`
	for _, tc := range []struct {
		token string
		email any
	}{{"", nil}, {trainerToken, nil}, {opToken, operator}, {adminToken, operator}} {
		d := s.ok(t, tc.token, userNode, map[string]any{"id": opID})
		require.Equal(t, "User", dig(d, "node", "__typename"))
		require.Equal(t, opID, dig(d, "node", "id"))
		require.Equal(t, tc.email, dig(d, "node", "email"))
	}
}

func TestLogout(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	first := s.login(t, operator)
	second := s.login(t, operator)
	require.NotEqual(t, first, second)

	r := s.do(t, first, logoutMutation, nil)
	require.Equal(t, http.StatusOK, r.Status)
	require.Empty(t, r.Errors, string(r.Raw))
	require.Equal(t, true, dig(r.Data, "logout", "ok"))
	require.Empty(t, userErrorCodes(dig(r.Data, "logout")))
	c := sessionCookie(r.Header)
	require.NotNil(t, c, "logout clears the session cookie")
	require.Empty(t, c.Value)
	require.Negative(t, c.MaxAge)

	// The token is dead; the other session lives on.
	require.Nil(t, dig(s.ok(t, first, meQuery, nil), "me"))
	require.Equal(t, "Operatrice CpF La Spezia", dig(s.ok(t, second, meQuery, nil), "me", "displayName"))

	// Logout by cookie.
	cookie := map[string]string{"Cookie": "gemella_session=" + second}
	r = s.doWith(t, logoutMutation, nil, cookie)
	require.Equal(t, true, dig(r.Data, "logout", "ok"), string(r.Raw))
	r = s.doWith(t, meQuery, nil, cookie)
	require.Empty(t, r.Errors)
	require.Nil(t, dig(r.Data, "me"))

	// Without a session.
	r = s.do(t, "", logoutMutation, nil)
	require.Equal(t, http.StatusOK, r.Status)
	require.Empty(t, r.Errors, string(r.Raw))
	require.Equal(t, false, dig(r.Data, "logout", "ok"))
	require.Equal(t, []string{"UNAUTHENTICATED"}, userErrorCodes(dig(r.Data, "logout")))
	require.Equal(t, "Serve l'accesso.", dig(r.Data, "logout", "userErrors", 0, "message"))
}

func TestLoginRateLimit(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	// Ten attempts in a row for one address (in any letter case) are answered…
	for i := range 10 {
		email := operator
		if i%2 == 1 {
			email = strings.ToUpper(operator)
		}
		d := s.ok(t, "", loginMutation, map[string]any{"email": email, "password": "password-sbagliata"})
		require.Equal(t, []string{"INVALID"}, userErrorCodes(dig(d, "login")), "attempt %d", i+1)
	}
	// …the eleventh is refused, even with the right password.
	r := s.do(t, "", loginMutation, map[string]any{"email": operator, "password": storetest.DemoPassword})
	require.Equal(t, http.StatusOK, r.Status)
	require.Empty(t, r.Errors, string(r.Raw))
	login := dig(r.Data, "login")
	require.Equal(t, []string{"RATE_LIMITED"}, userErrorCodes(login))
	require.Nil(t, dig(login, "token"))
	require.Equal(t, "Troppi tentativi. Riprova tra qualche minuto.", dig(login, "userErrors", 0, "message"))
	require.Nil(t, sessionCookie(r.Header))

	// Another address is not affected.
	require.NotEmpty(t, s.login(t, trainer))
}
