package plaintext

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestLine(t *testing.T) {
	for in, want := range map[string]string{
		"  Affido  familiare \n e reti ": "Affido familiare e reti",
		"relazione\u202efdp.exe":         "relazionefdp.exe",
		"centro\u200bfamiglie":           "centrofamiglie",
		"\ufeffTitolo\u00ad":             "Titolo",
		"a\x00b\x07c":                    "abc",
		"perché è così":                  "perché è così",
		"bad \xff byte":                  "bad \ufffd byte",
		"\u2067\u2069":                   "",
	} {
		require.Equal(t, want, Line(in), "%q", in)
	}
}

func TestNeutralise(t *testing.T) {
	require.Equal(t, "[relazioneexe.pdf](x)", Neutralise("[relazione\u202eexe.pdf\u202c](x)"))
	require.Equal(t, "famiglia\u200d👩", Neutralise("famiglia\u200d👩"), "joiners stay")
	s := "testo normale"
	require.Equal(t, s, Neutralise(s))
}

func TestValidText(t *testing.T) {
	require.True(t, ValidText("ciao\n"))
	require.False(t, ValidText("ci\x00ao"))
	require.False(t, ValidText("\xff"))
}

func FuzzLine(f *testing.F) {
	for _, s := range []string{"", "  a  b ", "\u202e\u200b", "\xff\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Line(s)
		require.True(t, ValidText(out))
		require.Equal(t, out, Line(out), "idempotent")
		require.NotContains(t, out, "  ")
	})
}
