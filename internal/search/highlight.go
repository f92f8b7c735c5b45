package search

import (
	"html"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// highlighter finishes the passages of one query's hits: Meilisearch marks the words it
// matched as typed, with typos or through synonyms; words that matched only through their
// stem ("reti" finding "la rete") are marked here, and stop words are never marked.
type highlighter struct {
	words []string        // the query's words, lower-case
	stems map[string]bool // stems of its content words, accents folded
	// prefixes are the distinct first two bytes of the stems: most words of a passage
	// share none and are not stemmed at all.
	prefixes map[string]bool
	phrase   bool // the query holds a quoted phrase
}

func newHighlighter(text string) *highlighter {
	h := &highlighter{words: words(text), stems: map[string]bool{}, prefixes: map[string]bool{}, phrase: strings.Contains(text, `"`)}
	for _, w := range h.words {
		if isStopWord[w] || utf8.RuneCountInString(w) < minStemmedWord {
			continue
		}
		s := stem(w)
		h.stems[s] = true
		h.prefixes[s[:min(2, len(s))]] = true
	}
	return h
}

// stemMatch reports whether a word of a passage has the stem of a query word.
func (h *highlighter) stemMatch(word string) bool {
	if h == nil || len(h.stems) == 0 || utf8.RuneCountInString(word) < minStemmedWord {
		return false
	}
	w := strings.ToLower(word)
	if isStopWord[w] {
		return false
	}
	f := foldAccents(w)
	if !h.prefixes[f[:min(2, len(f))]] {
		return false
	}
	return h.stems[stem(w)]
}

// finish turns a passage with Meilisearch's sentinels into safe HTML with <mark>s: the
// text is escaped, each sentinel pair becomes a <mark> unless it holds a stop word, and
// unmarked words that share a stem with the query are marked too. h may be nil (a listing
// without query words): the passage is only escaped.
func (h *highlighter) finish(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 64)
	mark := func(word string) {
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(word))
		b.WriteString("</mark>")
	}
	for i := 0; i < len(s); {
		rest := s[i:]
		switch {
		case strings.HasPrefix(rest, markStart):
			inner, after, found := strings.Cut(rest[len(markStart):], markEnd)
			if !found {
				i += len(markStart)
				continue
			}
			i += len(markStart) + len(inner) + len(markEnd)
			// Meilisearch marks the part of a word that matched a prefix ("<affid>ato"):
			// the mark takes the whole word.
			if tail := strings.IndexFunc(after, func(r rune) bool { return !unicode.IsLetter(r) }); tail != 0 {
				if tail < 0 {
					tail = len(after)
				}
				inner += after[:tail]
				i += tail
			}
			if isStopWord[strings.ToLower(inner)] {
				b.WriteString(html.EscapeString(inner))
			} else {
				mark(inner)
			}
		case strings.HasPrefix(rest, markEnd):
			i += len(markEnd)
		default:
			r, _ := utf8.DecodeRuneInString(rest)
			letter := unicode.IsLetter(r)
			j := strings.IndexFunc(rest, func(r rune) bool {
				return unicode.IsLetter(r) != letter || r == markStartRune || r == markEndRune
			})
			if j < 0 {
				j = len(rest)
			}
			// The sentinels are not letters: a run of non-letters stops at them.
			if j == 0 {
				j = utf8.RuneLen(r)
			}
			run := rest[:j]
			// A word that goes on inside a mark is left to that mark.
			if letter && h.stemMatch(run) && !strings.HasPrefix(rest[j:], markStart) {
				mark(run)
			} else {
				b.WriteString(html.EscapeString(run))
			}
			i += j
		}
	}
	return b.String()
}

// markedWords returns the words marked in finished passages (whole words, see finish),
// lower-case with accents folded.
func markedWords(passages []string) map[string]bool {
	out := map[string]bool{}
	for _, p := range passages {
		for {
			_, after, ok := strings.Cut(p, "<mark>")
			if !ok {
				break
			}
			inner, tail, _ := strings.Cut(after, "</mark>")
			if w := strings.ToLower(html.UnescapeString(inner)); w != "" {
				out[foldAccents(w)] = true
			}
			p = tail
		}
	}
	return out
}

// didYouMean is the query with each word that the hits matched only with typos replaced
// by the word they hold, and the dropped words left out; empty when nothing changes.
func (h *highlighter) didYouMean(hits []Hit, dropped map[string]bool) string {
	if h.phrase || len(hits) == 0 {
		return ""
	}
	passages := make([]string, len(hits))
	for i, hit := range hits {
		passages[i] = hit.Highlight
	}
	marked := markedWords(passages)
	candidates := slices.Sorted(maps.Keys(marked))
	var out []string
	changed := false
	for i, w := range h.words {
		if dropped[w] {
			changed = true
			continue
		}
		f := foldAccents(w)
		last := i == len(h.words)-1
		if isStopWord[w] || marked[f] || h.anyStem(marked, w) || (last && anyPrefixed(candidates, f)) {
			out = append(out, w)
			continue
		}
		best, bestD := "", typoBudget(f)+1
		for _, c := range candidates {
			if d := editDistance(f, c); d < bestD {
				best, bestD = c, d
			}
		}
		if best != "" {
			out = append(out, best)
			changed = true
		} else {
			out = append(out, w)
		}
	}
	if !changed || len(out) == 0 {
		return ""
	}
	return strings.Join(out, " ")
}

func (h *highlighter) anyStem(marked map[string]bool, w string) bool {
	if utf8.RuneCountInString(w) < minStemmedWord {
		return false
	}
	s := stem(w)
	for m := range marked {
		if strings.HasPrefix(m, s) && stem(m) == s {
			return true
		}
	}
	return false
}

func anyPrefixed(words []string, prefix string) bool {
	return slices.ContainsFunc(words, func(w string) bool { return strings.HasPrefix(w, prefix) })
}

// typoBudget is how many typos Meilisearch forgives in a word of this length (its
// defaults: one from 5 letters, two from 9).
func typoBudget(w string) int {
	switch n := utf8.RuneCountInString(w); {
	case n >= 9:
		return 2
	case n >= 5:
		return 1
	}
	return 0
}

// editDistance is the optimal-string-alignment distance between a and b: insertions,
// deletions, substitutions and swaps of two neighbouring letters each count one.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
