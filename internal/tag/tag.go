// Package tag holds the free labels people put on questions and practices: one form to
// store and filter them in, and one set of rules, so that a tag means the same everywhere.
package tag

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/gemella/gemella/internal/apperr"
)

// MaxLen is the longest tag, in characters.
const MaxLen = 35

// pattern is a tag's stored form: lower-case words of letters and digits joined by hyphens
// or apostrophes ("famiglia-d'origine").
var pattern = regexp.MustCompile(`^[\p{Ll}\p{N}]+([-'][\p{Ll}\p{N}]+)*$`)

// Normalise is the form a tag is stored and filtered in: "Rete Servizi" → "rete-servizi",
// "Famiglia d’origine" → "famiglia-d'origine" (the typographic apostrophe as the plain one).
func Normalise(t string) string {
	t = strings.NewReplacer("’", "'", "‘", "'", "' ", "'").Replace(strings.ToLower(t))
	return strings.Join(strings.Fields(t), "-")
}

// List normalises and de-duplicates tags, dropping empty ones. A tag that breaks the rules
// is an error on "tags" naming it; more than max tags, one saying how many are allowed.
func List(tags []string, max int) ([]string, *apperr.Error) {
	out := make([]string, 0, len(tags))
	seen := map[string]bool{}
	for _, t := range tags {
		t = Normalise(t)
		if t == "" || seen[t] {
			continue
		}
		if utf8.RuneCountInString(t) > MaxLen || !pattern.MatchString(t) {
			return nil, apperr.New(apperr.Invalid, "tags", "tag.invalid").With("Max", MaxLen).With("Tag", t)
		}
		seen[t] = true
		out = append(out, t)
	}
	if len(out) > max {
		return nil, apperr.New(apperr.Invalid, "tags", "tags.too_many").With("Max", max)
	}
	return out, nil
}
