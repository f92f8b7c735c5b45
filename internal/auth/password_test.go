package auth

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPasswordHashRoundTrip(t *testing.T) {
	h, err := HashPassword(t.Context(), "una password abbastanza lunga")
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$"), h)

	ok, err := CheckPassword(t.Context(), h, "una password abbastanza lunga")
	require.NoError(t, err)
	require.True(t, ok)
	ok, err = CheckPassword(t.Context(), h, "una password abbastanza lungA")
	require.NoError(t, err)
	require.False(t, ok)

	other, err := HashPassword(t.Context(), "una password abbastanza lunga")
	require.NoError(t, err)
	require.NotEqual(t, h, other, "each hash has its own salt")
}

func TestCheckPasswordRefusesMalformedHashes(t *testing.T) {
	for _, h := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA", "$argon2id$v=18$m=1,t=1,p=1$c2FsdA$aGFzaA",
		"$argon2id$v=19$m=x,t=1,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$m=1,t=1,p=1$!!$aGFzaA"} {
		ok, err := CheckPassword(t.Context(), h, "x")
		require.Error(t, err, h)
		require.False(t, ok, h)
	}
}

func TestEmailNormalisation(t *testing.T) {
	for in, want := range map[string]string{
		"Operatore@Gemella.Test":    "operatore@gemella.test",
		"  spazi@centro.it  ":       "spazi@centro.it",
		"nome.cognome@comune.tn.it": "nome.cognome@comune.tn.it",
	} {
		got, ok := normaliseEmail(in)
		require.True(t, ok, in)
		require.Equal(t, want, got)
	}
	for _, bad := range []string{"", "senza-chiocciola", "Nome <a@b.it>", "a@b", "a@@b.it", strings.Repeat("a", 250) + "@b.it"} {
		_, ok := normaliseEmail(bad)
		require.False(t, ok, bad)
	}
}
