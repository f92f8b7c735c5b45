package auth

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	// MinNameQuery is how many letters a search for people needs before it looks for anyone.
	MinNameQuery  = 2
	maxQueryWords = 5
	maxQueryWord  = 40
)

// NameMatch returns a SQL condition on the users aliased u that holds when each word of
// query begins a word of the name, accents and case aside, with args extended by its
// arguments; ok is false when query holds fewer than MinNameQuery letters (then nobody is
// looked for). One condition per word, so that the trigram index of migration 010 serves
// each; the words are folded by the same function as the names.
func NameMatch(query string, args []any) (cond string, out []any, ok bool) {
	words := strings.FieldsFunc(query, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) > maxQueryWords {
		words = words[:maxQueryWords]
	}
	n := 0
	for i, w := range words {
		if r := []rune(w); len(r) > maxQueryWord {
			words[i] = string(r[:maxQueryWord])
		}
		n += utf8.RuneCountInString(words[i])
	}
	if n < MinNameQuery {
		return "", args, false
	}
	var b strings.Builder
	b.WriteString("true")
	for _, w := range words {
		args = append(args, w)
		fmt.Fprintf(&b, ` AND u.name_words LIKE '%% ' || name_fold($%d) || '%%'`, len(args))
	}
	return b.String(), args, true
}
