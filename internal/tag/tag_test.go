package tag

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTagsWithApostrophes(t *testing.T) {
	got, err := List([]string{"Famiglia d’origine", "famiglia d'origine", "Rete Servizi", "l' affido"}, 5)
	require.Nil(t, err)
	require.Equal(t, []string{"famiglia-d'origine", "rete-servizi", "l'affido"}, got)
}

func TestAnInvalidTagIsNamed(t *testing.T) {
	for _, bad := range []string{"nonni!", "'affido", "affido'", "a--b"} {
		_, err := List([]string{"scuola", bad}, 5)
		require.NotNil(t, err, bad)
		require.Equal(t, "tags", err.Field)
		require.Equal(t, Normalise(bad), err.Data["Tag"], bad)
	}
}

func TestTooManyTags(t *testing.T) {
	_, err := List([]string{"a", "b", "c"}, 2)
	require.NotNil(t, err)
	require.Equal(t, "tags.too_many", err.MessageID)
	got, err := List([]string{"a", "A", " "}, 1)
	require.Nil(t, err, "duplicates and blanks do not count")
	require.Equal(t, []string{"a"}, got)
}
