// Package ingest turns uploaded guideline documents (Markdown, plain text,
// HTML, PDF) into plain text split into sections and passages, so that a
// full-text search hit can point to a passage of a few hundred words instead
// of a whole 60-page file.
//
// The package does no I/O of its own and knows nothing about storage.
// Callers detect the kind with Detect and then call Parse, or hand ReadAt a
// file to read in place.
package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gabriel-vasile/mimetype"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

// Kind of document, detected from the content (not only the file name).
type Kind string

// The supported kinds.
const (
	KindMarkdown Kind = "markdown"
	KindText     Kind = "text"
	KindHTML     Kind = "html"
	KindPDF      Kind = "pdf"
)

// Errors returned by Detect and Parse; returned errors wrap one of these, so
// test them with errors.Is.
var (
	ErrUnsupported = errors.New("ingest: unsupported document format")
	ErrEmpty       = errors.New("ingest: empty document")
	ErrUnreadable  = errors.New("ingest: unreadable document")
	ErrNoText      = errors.New("ingest: no extractable text")
	ErrTooLarge    = errors.New("ingest: document text too large")
)

// MaxTextChars bounds the extracted plain text of one document, in
// characters (runes), to protect the server from huge or hostile uploads.
const MaxTextChars = 5_000_000

// maxSourceBytes bounds the raw size of text-based documents before they are
// parsed: markup may triple the size of the text, so anything beyond this
// cannot fit MaxTextChars anyway and would only cost parser memory.
const maxSourceBytes = 4 * MaxTextChars

// Document is a parsed document.
type Document struct {
	Kind Kind
	// Title is the first H1 (Markdown, HTML), else the HTML <title>, or the
	// PDF Title metadata; "" when there is none (always "" for plain text).
	Title string
	// Text is the whole plain text, headings included: NFC, "\n" line ends,
	// no control characters, lines trimmed, at most one blank line in a row.
	Text     string
	Sections []Section
}

// Section is one passage of a document: a whole section, or a slice of
// about PassageWords words of a long one.
type Section struct {
	Position int // 0-based order in the document
	// HeadingPath lists the enclosing headings, outermost first, e.g.
	// ["2. Il servizio di orientamento", "2.1 Accoglienza"]. It is empty
	// (never nil) for the text before the first heading.
	HeadingPath []string
	Heading     string // last element of HeadingPath, or ""
	// Anchor is a slug of Heading ("2-1-accoglienza"), unique within the
	// document and usable as a URL fragment. The passages after the first of
	// a section get "-2", "-3" suffixes; text before the first heading is
	// "inizio".
	Anchor string
	// Text is the plain text of the passage, without the heading itself. It
	// is "" for a heading with no text of its own that is not the parent of
	// deeper headings, so that no heading is lost: index Heading too.
	Text string
	// Marks are the bold, italic and link runs of Text (Markdown and HTML; none for PDF and
	// plain text), which PassageHTML renders. Never nil.
	Marks []Mark
	Page  int // 1-based page where the passage starts, for PDFs; else 0
}

// Mark is inline markup over a passage's Text: bytes [Start, End) are bold, italic or a
// link to Href. Marks nest as the document's markup did.
type Mark struct {
	Start int      `json:"s"`
	End   int      `json:"e"`
	Kind  MarkKind `json:"k"`
	Href  string   `json:"h,omitempty"`
}

// MarkKind is the HTML element a mark renders as.
type MarkKind string

// The kinds of marks.
const (
	MarkStrong MarkKind = "strong"
	MarkEm     MarkKind = "em"
	MarkLink   MarkKind = "a"
)

// Detect returns the kind of a document from its content, using the file
// name only as a hint:
//   - PDF and HTML are recognised by content sniffing (mimetype); a text
//     file named .html/.htm is HTML too, as fragments lack the tags that
//     sniffing looks for.
//   - A text file named .md/.markdown is Markdown, whatever it contains
//     (Markdown may start with raw HTML).
//   - A text file named .txt/.text is plain text, even if it looks like
//     Markdown: the user said so.
//   - Other text files are Markdown if some line is an ATX heading ("# …"),
//     else plain text.
//
// Text must be UTF-8 (with or without BOM), UTF-16 with BOM, or
// Windows-1252/Latin-1, which old office PCs still produce; it is converted
// by Parse. Text that is neither (bytes that are invalid UTF-8 mixed with
// valid multi-byte sequences, control characters) and any other format
// (images, archives, office documents, structured text such as XML, JSON or
// RTF) is ErrUnsupported. Empty or whitespace-only content is ErrEmpty.
func Detect(name string, data []byte) (Kind, error) {
	if isBlank(data) {
		return "", ErrEmpty
	}
	mt := mimetype.Detect(data)
	if mt.Is("application/pdf") {
		return KindPDF, nil
	}
	if !isTextMIME(mt) {
		return "", fmt.Errorf("%w: %s", ErrUnsupported, mt.String())
	}
	text, err := decodeText(data)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrUnsupported, err)
	}
	if strings.TrimSpace(text) == "" {
		return "", ErrEmpty
	}
	ext := strings.ToLower(path.Ext(name))
	switch {
	case ext == ".md" || ext == ".markdown":
		return KindMarkdown, nil
	case mt.Is("text/html") || mt.Is("application/xhtml+xml") || ext == ".html" || ext == ".htm":
		return KindHTML, nil
	case !mt.Is("text/plain") && !mt.Is("text/csv") && !mt.Is("text/tab-separated-values"):
		return "", fmt.Errorf("%w: %s", ErrUnsupported, mt.String())
	case ext == ".txt" || ext == ".text":
		return KindText, nil
	case hasATXHeading(text):
		return KindMarkdown, nil
	default:
		return KindText, nil
	}
}

// Parse reads a document of a known kind. Content that cannot be read wraps
// ErrUnreadable (corrupt PDF, undecodable text), a PDF without a text layer
// (a scan) or a document with nothing but markup gives ErrNoText, and text
// beyond MaxTextChars gives ErrTooLarge.
func Parse(kind Kind, data []byte) (*Document, error) {
	if isBlank(data) {
		return nil, ErrEmpty
	}
	if kind == KindPDF {
		return readPDF(bytes.NewReader(data), int64(len(data)))
	}
	if kind != KindMarkdown && kind != KindText && kind != KindHTML {
		return nil, fmt.Errorf("%w: kind %q", ErrUnsupported, kind)
	}
	if len(data) > maxSourceBytes {
		return nil, fmt.Errorf("%w: %d bytes", ErrTooLarge, len(data))
	}
	text, err := decodeText(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	text = cleanText(text)
	if strings.TrimSpace(text) == "" {
		return nil, ErrEmpty
	}
	switch kind {
	case KindMarkdown:
		return parseMarkdown(text)
	case KindHTML:
		return parseHTML(text)
	default:
		return parseText(text)
	}
}

// readPDF parses a PDF in place, asking poppler for a second opinion on a file the pure-Go
// reader cannot open.
func readPDF(r io.ReaderAt, size int64) (*Document, error) {
	doc, err := parsePDF(r, size)
	if errors.Is(err, ErrUnreadable) {
		alt, altErr := popplerPDF(io.NewSectionReader(r, 0, size))
		if altErr == nil || errors.Is(altErr, ErrNoText) || errors.Is(altErr, ErrTooLarge) {
			return alt, altErr
		}
	}
	return doc, err
}

// sniffBytes is how much of a document its type is sniffed from: mimetype's read limit.
const sniffBytes = 3072

// ReadAt detects and parses a document of size bytes read through r, as Detect and Parse
// do: a PDF is parsed in place, reading only the objects it needs, so that a large one
// (pages of pictures) is never held whole in memory; text is read whole, as its parsers
// need, and only when it is small enough to be read at all (ErrTooLarge beyond).
func ReadAt(name string, r io.ReaderAt, size int64) (*Document, Kind, error) {
	head := make([]byte, min(size, sniffBytes))
	n, err := r.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return nil, "", fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	if mt := mimetype.Detect(head[:n]); mt.Is("application/pdf") {
		doc, err := readPDF(r, size)
		return doc, KindPDF, err
	} else if size > maxSourceBytes {
		if !isTextMIME(mt) {
			return nil, "", fmt.Errorf("%w: %s", ErrUnsupported, mt.String())
		}
		return nil, "", fmt.Errorf("%w: %d bytes", ErrTooLarge, size)
	}
	data := make([]byte, size)
	if m, err := r.ReadAt(data, 0); int64(m) < size {
		return nil, "", fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	kind, err := Detect(name, data)
	if err != nil {
		return nil, "", err
	}
	doc, err := Parse(kind, data)
	return doc, kind, err
}

// isBlank reports whether data holds nothing but ASCII whitespace and a
// UTF-8 byte order mark.
func isBlank(data []byte) bool {
	return len(bytes.TrimSpace(bytes.TrimPrefix(data, utf8BOM))) == 0
}

// isTextMIME reports whether mt is text/plain or one of its refinements
// (HTML, XML, CSV, …), which mimetype arranges as a tree.
func isTextMIME(mt *mimetype.MIME) bool {
	for m := mt; m != nil; m = m.Parent() {
		if m.Is("text/plain") {
			return true
		}
	}
	return false
}

// hasATXHeading reports whether some line of text is a Markdown ATX heading:
// up to 3 spaces, 1 to 6 '#', a space, then some text. This is only the
// detection hint; the sectioning itself uses goldmark's AST.
func hasATXHeading(text string) bool {
	for line := range strings.Lines(text) {
		if trimmed := strings.TrimLeft(line, " "); len(line)-len(trimmed) <= 3 {
			line = trimmed
		}
		n := len(line) - len(strings.TrimLeft(line, "#"))
		if n < 1 || n > 6 {
			continue
		}
		if rest := line[n:]; (strings.HasPrefix(rest, " ") || strings.HasPrefix(rest, "\t")) && strings.TrimSpace(rest) != "" {
			return true
		}
	}
	return false
}

var (
	utf8BOM    = []byte{0xEF, 0xBB, 0xBF}
	utf16LEBOM = []byte{0xFF, 0xFE}
	utf16BEBOM = []byte{0xFE, 0xFF}
)

// decodeText converts the bytes of a text document to UTF-8. It accepts
// UTF-8 (optionally with BOM), UTF-16 with BOM and, when the bytes are not
// UTF-8 at all, Windows-1252 (a superset of the printable Latin-1 range).
func decodeText(data []byte) (string, error) {
	var text string
	switch {
	case bytes.HasPrefix(data, utf8BOM):
		if !utf8.Valid(data[len(utf8BOM):]) {
			return "", errors.New("invalid UTF-8 after byte order mark")
		}
		text = string(data[len(utf8BOM):])
	case bytes.HasPrefix(data, utf16LEBOM), bytes.HasPrefix(data, utf16BEBOM):
		endian := xunicode.LittleEndian
		if data[0] == 0xFE {
			endian = xunicode.BigEndian
		}
		b, err := xunicode.UTF16(endian, xunicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return "", fmt.Errorf("invalid UTF-16: %w", err)
		}
		text = string(b)
	case utf8.Valid(data):
		text = string(data)
	default:
		return decodeWindows1252(data)
	}
	for _, r := range text {
		if isBinaryRune(r) {
			return "", fmt.Errorf("control character %U in text", r)
		}
	}
	return text, nil
}

// decodeWindows1252 decodes data, known not to be valid UTF-8, as
// Windows-1252. It refuses data containing any valid multi-byte UTF-8
// sequence: that is corrupted or mixed-encoding UTF-8, and reading it as
// Windows-1252 would turn every accent into mojibake ("cittÃ ").
func decodeWindows1252(data []byte) (string, error) {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if size > 1 {
			return "", errors.New("invalid UTF-8 mixed with valid multi-byte sequences")
		}
		if isBinaryRune(r) {
			return "", fmt.Errorf("control character %U in text", r)
		}
		// Bytes that Windows-1252 leaves undefined mean it is something else.
		if b := data[i]; b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D {
			return "", fmt.Errorf("byte %#x is neither UTF-8 nor Windows-1252", b)
		}
		i += size
	}
	b, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return "", fmt.Errorf("invalid Windows-1252: %w", err)
	}
	return string(b), nil
}

// isBinaryRune reports the control characters that never occur in text
// (the WHATWG "binary data bytes"; tab, line feed, form feed, carriage
// return and escape are allowed).
func isBinaryRune(r rune) bool {
	return r <= 0x08 || r == 0x0B || 0x0E <= r && r <= 0x1A || 0x1C <= r && r <= 0x1F
}

// textCleaner rewrites line ends and typographic artefacts that would make
// the same word look different to a search engine: ligatures from PDF
// typesetting, soft hyphens, no-break spaces (which some tokenizers take for
// letters).
var textCleaner = strings.NewReplacer(
	"\r\n", "\n", "\r", "\n", "\f", "\n",
	"\u00ad", "", "\ufeff", "",
	"\u00a0", " ", "\u202f", " ", "\u2007", " ",
	"\ufb00", "ff", "\ufb01", "fi", "\ufb02", "fl", "\ufb03", "ffi", "\ufb04", "ffl", "\ufb05", "st", "\ufb06", "st",
)

// cleanText normalises characters: "\n" line ends, no control characters
// other than tab and line feed, plain spaces, no ligatures or soft hyphens,
// NFC.
func cleanText(s string) string {
	s = textCleaner.Replace(s)
	s = strings.Map(func(r rune) rune {
		if r != '\t' && r != '\n' && (unicode.IsControl(r) || r == utf8.RuneError) {
			return -1
		}
		return r
	}, s)
	return norm.NFC.String(s)
}

// PlainMarkdown is the text of a Markdown string without its markup, so that a search
// hit's passage reads as text; what does not parse is kept as it is.
func PlainMarkdown(md string) string {
	doc, err := Parse(KindMarkdown, []byte(md))
	if err != nil {
		return strings.TrimSpace(md)
	}
	return doc.Text
}
