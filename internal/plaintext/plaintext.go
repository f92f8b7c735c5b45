// Package plaintext cleans the short texts people type and others read as they are: titles,
// names, file names. Invisible characters there serve only to deceive: a right-to-left
// override turns "relazione‮fdp.exe" into what reads as "relazioneexe.pdf", a zero-width
// space makes two identical-looking titles differ.
package plaintext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Line returns s as one clean line: format characters (bidirectional controls, zero-width
// characters, byte order marks, soft hyphens) and control characters removed, any run of
// white space (line breaks included) made one space, and the ends trimmed. Invalid UTF-8
// becomes U+FFFD.
func Line(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range strings.ToValidUTF8(s, string(utf8.RuneError)) {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.Is(unicode.Cf, r) || unicode.IsControl(r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Neutralise removes from running text (Markdown bodies) the characters that reorder or
// hide what is shown: bidirectional embeddings, overrides, isolates and marks, and the
// invisible zero-width space, word joiner and byte order mark. Zero-width joiners and
// non-joiners stay: emoji sequences and some scripts need them.
func Neutralise(s string) string {
	if !strings.ContainsFunc(s, spoofing) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if spoofing(r) {
			return -1
		}
		return r
	}, s)
}

func spoofing(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E, // embeddings and overrides
		r >= 0x2066 && r <= 0x2069,            // isolates
		r == 0x200E, r == 0x200F, r == 0x061C, // marks
		r == 0x200B, r == 0x2060, r == 0xFEFF: // zero-width space, word joiner, BOM
		return true
	}
	return false
}

// ValidText reports whether s can be stored as text: valid UTF-8 without NUL, which
// PostgreSQL refuses.
func ValidText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}
