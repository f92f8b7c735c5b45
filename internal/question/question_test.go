package question

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTagsWithApostrophes(t *testing.T) {
	got, err := normaliseTags([]string{"Famiglia d’origine", "famiglia d'origine", "Rete Servizi", "l' affido"})
	require.Nil(t, err)
	require.Equal(t, []string{"famiglia-d'origine", "rete-servizi", "l'affido"}, got)
}

func TestAnInvalidTagIsNamed(t *testing.T) {
	for _, bad := range []string{"nonni!", "'affido", "affido'", "a--b"} {
		_, err := normaliseTags([]string{"scuola", bad})
		require.NotNil(t, err, bad)
		require.Equal(t, "tags", err.Field)
		require.Equal(t, NormaliseTag(bad), err.Data["Tag"], bad)
	}
}
