package ingest

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxHeadingRunes is the longest line that may be a heading: longer lines
// are prose, or list items that wrap.
const maxHeadingRunes = 120

// textLine is a line of plain text, and the PDF page it is on (0 if none).
type textLine struct {
	text string
	page int
}

func parseText(text string) (*Document, error) {
	var lines []textLine
	for l := range strings.SplitSeq(text, "\n") {
		lines = append(lines, textLine{text: l})
	}
	b := newBuilder(KindText)
	sectionLines(b, lines)
	return b.finish()
}

// sectionLines feeds lines of plain text to b, telling headings from body
// text with the heuristics of classifyHeading plus some context:
//
//   - Numbered lines are list items, not headings, after a line ending with
//     ':' ("Le fasi sono:") and while they continue that list's numbering
//     (after "1." comes "2."). A numbered line that is not a heading (it is
//     long, lowercase, ends with a period…) starts such a list too. The list
//     ends at the next heading or at a paragraph that is not numbered.
//   - A bare label ("Capitolo 3", "IV.", "2.") takes the next line as its
//     title when that line could be one, as documents often put them on two
//     lines.
func sectionLines(b *builder, lines []textLine) {
	var prev string    // previous non-blank line
	var listNext []int // numbering expected for the next list item
	afterBlank := true // the line follows a blank line
	for i := 0; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i].text)
		if t == "" {
			b.paragraph()
			afterBlank = true
			continue
		}
		h, isHeading := classifyHeading(t)
		if num, _, numbered := splitNumbering(t); numbered {
			if !isHeading || strings.HasSuffix(prev, ":") || slices.Equal(num, listNext) {
				isHeading = false
				listNext = slices.Clone(num)
				listNext[len(listNext)-1]++
			}
		} else if afterBlank && !isHeading {
			listNext = nil
		}
		afterBlank = false
		prev = t
		if !isHeading {
			b.line(bulletPrefix.ReplaceAllString(t, "- "), lines[i].page)
			continue
		}
		listNext = nil
		page := lines[i].page
		if h.labelOnly {
			if j := nextTitleLine(lines, i); j > 0 {
				t += " " + strings.TrimSpace(lines[j].text)
				prev = t
				i = j
			}
		}
		b.heading(h.level, t, page)
	}
}

// nextTitleLine returns the index of the line after lines[i], skipping one
// blank line, if it can be the title of the bare label at lines[i]; else -1.
func nextTitleLine(lines []textLine, i int) int {
	for j := i + 1; j < len(lines) && j <= i+2; j++ {
		t := strings.TrimSpace(lines[j].text)
		if t == "" {
			continue
		}
		if _, isHeading := classifyHeading(t); isHeading && !isAllCaps(t) {
			return -1 // a heading of its own
		}
		if utf8.RuneCountInString(t) <= maxHeadingRunes && isTitle(t) {
			return j
		}
		return -1
	}
	return -1
}

// headingLine describes a line recognised as a heading.
type headingLine struct {
	level     int
	labelOnly bool // a number or "Capitolo N" without a title
}

// classifyHeading decides whether a trimmed line of plain text (or PDF text)
// is a heading. Headings are at most maxHeadingRunes long and are one of:
//
//   - numbered: "1.", "2.3", "2.3.1 Titolo", "1. Titolo"; components have at
//     most two digits (so "3.000 famiglie" and years are not numbers) and a
//     single component needs its trailing dot ("1." but not "1"). The level
//     is the number of components.
//   - chapter: "Capitolo 3", "CAPITOLO III", "Parte 2 – Titolo", "Sezione",
//     "Allegato A"; level 1.
//   - roman: "IV. Titolo" or "IV."; level 1.
//   - ALL CAPS: at least 3 letters, at most 10% of them lowercase, no more
//     digits than letters ("TEL. 075 1234567" is not one); level 1.
//
// A title after a number or label must look like one (see isTitle): start
// with a capital letter, not end with '.', ',', ';' or ':', not contain a
// sentence break, not be a table-of-contents entry with dot leaders. So
// "1. prima cosa da fare, poi telefonare." stays body text.
func classifyHeading(t string) (headingLine, bool) {
	if utf8.RuneCountInString(t) > maxHeadingRunes {
		return headingLine{}, false
	}
	if num, rest, ok := splitNumbering(t); ok {
		return labelled(min(len(num), 6), rest)
	}
	if rest, ok := cutChapterLabel(t); ok {
		return labelled(1, rest)
	}
	if rest, ok := cutRomanLabel(t); ok {
		return labelled(1, rest)
	}
	if isAllCaps(t) && isTitleEnd(t) {
		return headingLine{level: 1}, true
	}
	return headingLine{}, false
}

// labelled classifies a heading made of a label and an optional title.
func labelled(level int, title string) (headingLine, bool) {
	title = strings.TrimLeft(title, " \t-–—:)")
	if title == "" {
		return headingLine{level: level, labelOnly: true}, true
	}
	return headingLine{level: level}, isTitle(title)
}

// splitNumbering splits a numbered heading label off t: "2.3.1 Titolo" →
// [2 3 1], " Titolo". It requires the label to be followed by whitespace or
// the end of the line, and a single component to end with a dot.
func splitNumbering(t string) (num []int, rest string, ok bool) {
	i := 0
	for {
		j := i
		for j < len(t) && '0' <= t[j] && t[j] <= '9' {
			j++
		}
		if j == i || j-i > 2 || len(num) == 6 {
			return nil, "", false
		}
		n, _ := strconv.Atoi(t[i:j])
		num = append(num, n)
		dot := j < len(t) && t[j] == '.'
		if dot && j+1 < len(t) && '0' <= t[j+1] && t[j+1] <= '9' {
			i = j + 1
			continue
		}
		if dot {
			j++
		} else if len(num) == 1 {
			return nil, "", false
		}
		rest = t[j:]
		if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
			return nil, "", false
		}
		return num, rest, true
	}
}

// chapterWords introduce a level-1 heading when followed by a number, a
// roman numeral or a single capital letter.
var chapterWords = []string{"capitolo", "parte", "sezione", "allegato"}

// cutChapterLabel cuts a chapter label ("Capitolo 3", "CAPITOLO III:",
// "Allegato A -") off t and returns the rest.
func cutChapterLabel(t string) (string, bool) {
	word, rest, _ := strings.Cut(t, " ")
	if !slices.Contains(chapterWords, strings.ToLower(word)) {
		return "", false
	}
	rest = strings.TrimLeft(rest, " \t")
	n := 0
	for n < len(rest) && !strings.ContainsRune(" \t.:-–—)", rune(rest[n])) {
		n++
	}
	label := rest[:n]
	isNumber := n > 0 && n <= 3 && strings.Trim(label, "0123456789") == ""
	isLetter := n == 1 && 'A' <= label[0] && label[0] <= 'Z'
	if !isNumber && !isLetter && romanValue(label) == 0 {
		return "", false
	}
	return strings.TrimLeft(rest[n:], "."), true
}

// cutRomanLabel cuts a roman numeral followed by a dot ("IV.") off t.
func cutRomanLabel(t string) (string, bool) {
	label, rest, ok := strings.Cut(t, ".")
	if !ok || romanValue(label) == 0 || rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return "", false
	}
	return rest, true
}

// romanValue returns the value of an upper-case roman numeral in canonical
// form below 400, or 0 if s is not one.
func romanValue(s string) int {
	if s == "" || len(s) > 12 {
		return 0
	}
	values := map[byte]int{'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100}
	total := 0
	for i := 0; i < len(s); i++ {
		v, ok := values[s[i]]
		if !ok {
			return 0
		}
		if i+1 < len(s) && values[s[i+1]] > v {
			total -= v
		} else {
			total += v
		}
	}
	if total <= 0 || total >= 400 || toRoman(total) != s {
		return 0
	}
	return total
}

func toRoman(n int) string {
	var sb strings.Builder
	for _, d := range []struct {
		v int
		s string
	}{{100, "C"}, {90, "XC"}, {50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}} {
		for n >= d.v {
			sb.WriteString(d.s)
			n -= d.v
		}
	}
	return sb.String()
}

// isTitle reports whether t can be the title of a heading: its first letter,
// within the first three characters (opening quotes are fine), is a capital;
// it ends like a title (isTitleEnd); and it has no sentence break, a period
// followed by a capital ("Premessa. Il centro…"), which "Art. 3" is not.
func isTitle(t string) bool {
	if !isTitleEnd(t) {
		return false
	}
	for i, r := range []rune(t) {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			break
		}
		if i >= 2 || unicode.IsDigit(r) {
			return false
		}
	}
	for i := strings.Index(t, ". "); i >= 0; {
		r, _ := utf8.DecodeRuneInString(strings.TrimLeft(t[i+1:], " "))
		if unicode.IsUpper(r) {
			return false
		}
		j := strings.Index(t[i+1:], ". ")
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return true
}

// isTitleEnd reports whether t does not end like a sentence or a clause and
// is not a table-of-contents entry ("Introduzione ........ 3").
func isTitleEnd(t string) bool {
	r, _ := utf8.DecodeLastRuneInString(t)
	if strings.ContainsRune(".,;:", r) {
		return false
	}
	return !strings.Contains(t, "...") && !strings.Contains(t, "…") && !strings.Contains(t, ". . .")
}

// isAllCaps reports whether t is an upper-case line: at least 3 letters, at
// most 10% of them lowercase, and no more digits than letters.
func isAllCaps(t string) bool {
	if utf8.RuneCountInString(t) < 3 {
		return false
	}
	var upper, lower, digits int
	for _, r := range t {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r):
			lower++
		case unicode.IsDigit(r):
			digits++
		}
	}
	letters := upper + lower
	return upper >= 3 && lower*10 <= letters && digits <= letters
}

// bulletPrefix is the glyph a list item of a text or PDF document starts with (U+F0B7 and
// U+F0A7 are the Symbol and Wingdings bullets of word processors' PDFs); it becomes the "- "
// that the other kinds' list items get (see listMarker).
var bulletPrefix = regexp.MustCompile(`^[•◦▪▫■□●○‣⁃∙\x{f0b7}\x{f0a7}]\s*`)
