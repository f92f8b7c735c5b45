package search

import (
	_ "embed"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gemella/gemella/internal/apperr"
)

// DefaultThesaurus is the vocabulary of the field that ships with Gemella: the thesaurus in
// use until an admin saves another one.
//
//go:embed thesaurus.txt
var DefaultThesaurus string

const (
	maxThesaurusBytes = 256 << 10
	maxThesaurusTerm  = 120 // characters
	// meiliPhraseWords is the longest phrase Meilisearch recognises as a synonym in a query:
	// longer terms are expanded by Search itself (see variants).
	meiliPhraseWords = 3
	// maxVariants bounds the rewritten queries one search adds for long thesaurus phrases.
	maxVariants = 2
)

// Thesaurus is a parsed thesaurus: each term, as a query holds it (normalised, without stop
// words, since Search takes them out of queries), maps to the phrases a search for it also
// finds (normalised, stop words kept, to match passages word for word).
type Thesaurus struct {
	Text    string
	Entries int
	expands map[string][]string
	// long are the terms longer than meiliPhraseWords, as word lists, longest first.
	long [][]string
}

// termWords splits a thesaurus term or a query into lower-case words and numbers, accents
// folded: a term such as "legge 104" keeps its number.
func termWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(foldAccents(s)), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// normPhrase normalises a term, so that "Équipe  multidisciplinare" and "equipe
// multidisciplinare" are the same phrase.
func normPhrase(s string) string { return strings.Join(termWords(s), " ") }

// normKey is a term as it appears in a query: normPhrase without stop words.
func normKey(s string) string {
	return strings.Join(slices.DeleteFunc(termWords(s), func(w string) bool { return isStopWord[w] }), " ")
}

// hasDigit reports whether s holds a number, which stems leave out.
func hasDigit(s string) bool { return strings.ContainsFunc(s, unicode.IsDigit) }

// ParseThesaurus reads the thesaurus format (see thesaurus.txt): one entry a line, "a = b = c"
// for terms that find each other, "a -> b, c" for a term that also finds others. It returns
// every malformed line at once, on the field "text".
func ParseThesaurus(text string) (*Thesaurus, error) {
	if len(text) > maxThesaurusBytes {
		return nil, apperr.New(apperr.TooLarge, "text", "search.thesaurus.too_large").With("Max", maxThesaurusBytes>>10)
	}
	th := &Thesaurus{Text: text, expands: map[string][]string{}}
	var problems apperr.List
	add := func(from, to string) {
		if !slices.Contains(th.expands[from], to) {
			th.expands[from] = append(th.expands[from], to)
		}
	}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		bad := func(id string) {
			problems.Add(apperr.New(apperr.Invalid, "text", id).With("Line", n+1))
		}
		var from []string
		var to []string
		oneWay := strings.Contains(line, "->")
		if oneWay {
			left, right, _ := strings.Cut(line, "->")
			if strings.Contains(right, "->") || strings.Contains(line, "=") {
				bad("search.thesaurus.line.mixed")
				continue
			}
			from, to = []string{left}, strings.Split(right, ",")
		} else {
			from = strings.Split(line, "=")
			to = from
		}
		keys := make([]string, 0, len(from)+len(to))
		phrases := make([]string, 0, len(from)+len(to))
		ok := true
		for _, t := range slices.Concat(from, to) {
			key := normKey(t)
			if key == "" || utf8.RuneCountInString(t) > maxThesaurusTerm {
				ok = false
				break
			}
			keys = append(keys, key)
			phrases = append(phrases, normPhrase(t))
		}
		if !ok || len(slices.Compact(slices.Sorted(slices.Values(slices.Clone(keys))))) < 2 {
			bad("search.thesaurus.line.invalid")
			continue
		}
		th.Entries++
		for i := range from {
			for j := range to {
				if keys[i] != keys[len(from)+j] {
					add(keys[i], phrases[len(from)+j])
				}
			}
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	for term := range th.expands {
		if w := strings.Fields(term); len(w) > meiliPhraseWords {
			th.long = append(th.long, w)
		}
	}
	slices.SortFunc(th.long, func(a, b []string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(strings.Join(a, " "), strings.Join(b, " "))
	})
	return th, nil
}

// synonyms is the thesaurus as Meilisearch's synonyms setting. Every entry is given twice:
// as written, for the words as typed, and as stems, for the `stems` attribute, so that
// "affidi diurni" (stems "affid diurn") finds "affidamento diurno" as "affido diurno" does.
func (th *Thesaurus) synonyms() map[string][]string {
	out := map[string][]string{}
	add := func(from, to string) {
		if from != "" && to != "" && from != to && !slices.Contains(out[from], to) {
			out[from] = append(out[from], to)
		}
	}
	for from, tos := range th.expands {
		if len(strings.Fields(from)) > meiliPhraseWords {
			continue // Meilisearch would never find it in a query: Search rewrites it
		}
		sf := stems(from)
		for _, to := range tos {
			add(from, to)
			// Stems drop numbers: "legge 104" as stems would be any "legge".
			if sf != from && !hasDigit(from) && !hasDigit(to) {
				add(sf, stems(to))
			}
		}
	}
	for k := range out {
		slices.Sort(out[k])
	}
	return out
}

// variants rewrites the words of a query for each long thesaurus term it contains: the term
// is replaced by each term it expands to, at most maxVariants rewrites in all. Meilisearch
// expands only the phrases of up to three words it finds in a query.
func (th *Thesaurus) variants(queryWords []string) [][]string {
	var out [][]string
	for _, term := range th.long {
		at := indexOfRun(queryWords, term)
		if at < 0 {
			continue
		}
		for _, to := range th.expands[strings.Join(term, " ")] {
			v := slices.Concat(queryWords[:at], strings.Fields(to), queryWords[at+len(term):])
			out = append(out, v)
			if len(out) == maxVariants {
				return out
			}
		}
	}
	return out
}

// indexOfRun returns where run occurs in s, or -1.
func indexOfRun(s, run []string) int {
	for i := 0; i+len(run) <= len(s); i++ {
		if slices.Equal(s[i:i+len(run)], run) {
			return i
		}
	}
	return -1
}
