package i18n

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
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

// TestEveryMessageInCodeIsCatalogued reads the project's Go sources for message ids handed
// to apperr.New, i18n.T and the HTTP problem helper, and checks each is in the catalogue.
func TestEveryMessageInCodeIsCatalogued(t *testing.T) {
	it, err := IDs("it")
	require.NoError(t, err)
	uses := []*regexp.Regexp{
		regexp.MustCompile(`apperr\.New\([^,()]+,\s*[^,()]+,\s*"([a-z0-9_.]+)"\)`),
		regexp.MustCompile(`i18n\.T\([^,()]+,\s*"([a-z0-9_.]+)"`),
		regexp.MustCompile(`\.T\(\s*"([a-z0-9_.]+)"`),
		regexp.MustCompile(`problem\(w, r, [^,()]+, "([a-z0-9_.]+)"`),
		regexp.MustCompile(`tooLarge\(ctx, "([a-z0-9_.]+)"`),
	}
	root := filepath.Join("..", "..")
	found := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == ".gemella" || d.Name() == "generated") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, re := range uses {
			for _, m := range re.FindAllStringSubmatch(string(src), -1) {
				found++
				require.Contains(t, it, m[1], "%s uses message %q, which the catalogue lacks", path, m[1])
			}
		}
		return nil
	})
	require.NoError(t, err)
	require.Greater(t, found, 50, "the patterns still find the messages in code")
}

func TestLargeNumbersAreGroupedYearsAreNot(t *testing.T) {
	require.Equal(t, "Il testo supera il limite di 50.000 caratteri.", For("it").T("question.body.too_long", map[string]any{"Max": 50000}))
	require.Equal(t, "The text is longer than 50,000 characters.", For("en").T("question.body.too_long", map[string]any{"Max": 50000}))
	require.Equal(t, "L'anno deve essere compreso tra 1990 e 2100.", For("it").T("guideline.year.range", map[string]any{"Min": 1990, "Max": 2100}))
}

func TestOneSentenceGroupsAllItsNumbers(t *testing.T) {
	got := For("it").T("graphql.complexity", map[string]any{"Got": 20701, "Max": 5000})
	require.Equal(t, "La richiesta è troppo complessa (20.701 su un massimo di 5.000): chiedi meno elementi per pagina.", got)
}

func TestDecimalsAndLanguage(t *testing.T) {
	require.Equal(t, "7,5", For("it").Decimal(7.5))
	require.Equal(t, "7.5", For("en-GB").Decimal(7.5))
	require.Equal(t, "12", For("it").Decimal(12))
	require.Equal(t, "0,33", For("it").Decimal(1.0/3))
	require.Equal(t, "1.250,5", For("it").Decimal(1250.5))
	require.Equal(t, "it", For("fr").Lang())
	require.Equal(t, "en", For("en-US,en;q=0.9").Lang())
	require.Equal(t, "it", From(context.Background()).Lang())
}
