package search

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/italian"
	"golang.org/x/text/unicode/norm"
)

// Meilisearch does not stem Italian, so "rete" and "reti" or "casa" and "case" would never
// meet (words of 4 letters or fewer get no typo tolerance either). Each document carries a
// `stems` attribute with the Snowball-Italian stems of its words, and a query is sent with
// the stems of its own words, so that inflected forms meet on their common stem.

// minStemmedWord is the shortest word whose stem is indexed: shorter ones are articles and
// prepositions ("di", "la", "le"), which Snowball leaves as they are and which only bloat
// the attribute.
const minStemmedWord = 3

// words splits s into lower-case words made of letters only, so that "dell'équipe" gives
// "dell" and "équipe", and numbers and punctuation are left out.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) })
}

// stem returns the Snowball-Italian stem of a lower-case word. Accents are folded first:
// people type "citta" for "città" and "genitorialita" for "genitorialità", and the stem of
// both spellings must be the same.
func stem(word string) string {
	env := snowballstem.NewEnv(foldAccents(word))
	italian.Stem(env)
	return env.Current()
}

// foldAccents removes combining marks after canonical decomposition ("é" → "e").
func foldAccents(s string) string {
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] > unicode.MaxASCII {
			return false
		}
	}
	return true
}

// stopWords are the Italian articles, prepositions (simple and joined with an article),
// conjunctions and pronouns that carry no meaning of their own in a search: they are taken
// out of queries (but for quoted phrases), kept out of the stems and never highlighted.
// "non" is not one: it changes what a passage says.
var stopWords = strings.Fields(`
	il lo la i gli le l un uno una
	di a da in con su per tra fra
	del dello della dei degli delle dell
	al allo alla ai agli alle all
	dal dallo dalla dai dagli dalle dall
	nel nello nella nei negli nelle nell
	sul sullo sulla sui sugli sulle sull
	col coi
	e ed o od ma che se né
	ci vi si ne mi ti
	è`)

var isStopWord = func() map[string]bool {
	m := make(map[string]bool, len(stopWords))
	for _, w := range stopWords {
		m[w] = true
	}
	return m
}()

// stems returns the distinct stems of the words of texts, space-separated, in the order
// they first occur: the value of a document's `stems` attribute.
func stems(texts ...string) string {
	seen := map[string]bool{}
	var out []string
	for _, t := range texts {
		for _, w := range words(t) {
			if utf8.RuneCountInString(w) < minStemmedWord || isStopWord[w] {
				continue
			}
			if s := stem(w); !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return strings.Join(out, " ")
}

// withoutStopWords returns text without its stop words, but for quoted phrases, which stay
// as typed. A text of stop words only is returned as it is.
func withoutStopWords(text string) string {
	var parts []string
	for i, seg := range strings.Split(text, `"`) {
		if i%2 == 1 {
			parts = append(parts, `"`+seg+`"`)
			continue
		}
		for _, f := range strings.Fields(seg) {
			if ws := words(f); len(ws) > 0 && !slices.ContainsFunc(ws, func(w string) bool { return !isStopWord[w] }) {
				continue // a stop word, or several joined by an apostrophe
			}
			parts = append(parts, f)
		}
	}
	if len(parts) == 0 {
		return text
	}
	return strings.Join(parts, " ")
}
