package gid

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRoundTrip(t *testing.T) {
	g := Encode(Question, 42)
	kind, id, ok := Decode(g)
	require.True(t, ok)
	require.Equal(t, Question, kind)
	require.EqualValues(t, 42, id)
	for _, bad := range []string{"", "x", Encode(Question, 0), "UXVlc3Rpb246LTE", "!!!", "UXVlc3Rpb24"} {
		_, _, ok := Decode(bad)
		require.False(t, ok, bad)
	}
}

// FuzzDecode: any string a client sends as an id is either refused or a positive id whose
// encoding decodes to the same thing; nothing panics.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{Encode(Question, 1), Encode(Guideline, 9_000_000_000), "", "Og", "UXVlc3Rpb246MQ==", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, g string) {
		kind, id, ok := Decode(g)
		if !ok {
			return
		}
		require.Positive(t, id)
		k2, id2, ok := Decode(Encode(kind, id))
		require.True(t, ok)
		require.Equal(t, kind, k2)
		require.Equal(t, id, id2)
	})
}
