package i18n

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCataloguesHaveTheSameMessages(t *testing.T) {
	it, err := IDs("it")
	require.NoError(t, err)
	en, err := IDs("en")
	require.NoError(t, err)
	for id := range it {
		require.Contains(t, en, id, "English catalogue lacks %q", id)
	}
	for id := range en {
		require.Contains(t, it, id, "Italian catalogue lacks %q", id)
	}
}

func TestItalianIsTheDefault(t *testing.T) {
	require.Equal(t, "Serve l'accesso.", T(context.Background(), "auth.required", nil))
	require.Equal(t, "Serve l'accesso.", For("fr-FR").T("auth.required", nil))
	require.Equal(t, "You need to sign in.", For("en-GB,en;q=0.8").T("auth.required", nil))
}

func TestTemplateData(t *testing.T) {
	got := For("it").T("question.title.length", map[string]any{"Min": 10, "Max": 200})
	require.Equal(t, "Il titolo deve avere tra 10 e 200 caratteri.", got)
}
