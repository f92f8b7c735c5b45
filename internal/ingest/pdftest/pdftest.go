// Package pdftest generates small, valid PDF files for tests and benchmarks
// of PDF text extraction, so that no binary fixtures need to be kept.
//
// The files are PDF 1.4 with uncompressed content streams and the standard
// Helvetica font (Type1, not embedded) in WinAnsiEncoding with width
// metrics, so that Italian accents (à è é ì ò ù) and typographic quotes
// survive. Text is drawn on A4 pages, 11 pt, 14 pt leading.
package pdftest

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// Layout is how a page's lines are drawn. Producers differ a lot, and text
// extraction must rebuild the same words from all of them.
type Layout int

const (
	// Lines draws each line with one Tj operator, spaces included, the way
	// simple producers do.
	Lines Layout = iota
	// Words places each word at its own position, without space
	// characters, as many word processors do.
	Words
	// Kerned draws each line with one TJ array: words are separated by
	// position adjustments instead of spaces, and long words are split in
	// two pieces with a small kerning adjustment, as typesetters do.
	Kerned
	// Letters places every letter at its own position, as some
	// justification and PDF-conversion tools do.
	Letters
)

// PageText is the content of one page.
type PageText struct {
	// Lines are drawn top to bottom; "" leaves a blank line (a paragraph
	// gap). Lines wider than the page are wrapped at spaces. Lines that do
	// not fit the page are drawn below the bottom margin: still extractable,
	// not visible.
	Lines  []string
	Layout Layout
	// Raw, if not empty, is the page's content stream verbatim, to test
	// malformed or unusual content; Lines and Layout are then ignored. The
	// font is /F1; /F2 is the same font without width metrics, as old PDFs
	// and CID fonts look to readers that do not parse their widths.
	Raw string
}

// Page geometry, in points.
const (
	pageWidth  = 595
	pageHeight = 842
	margin     = 72
	fontSize   = 11
	leading    = 14
	top        = pageHeight - margin
	maxWidth   = pageWidth - 2*margin
)

// Generate returns a PDF with the given pages and no title.
func Generate(pages []PageText) []byte {
	return GenerateWithTitle("", pages)
}

// GenerateWithTitle returns a PDF with the given pages and, if title is not
// empty, that Title in its document information dictionary.
func GenerateWithTitle(title string, pages []PageText) []byte {
	var w writer
	w.buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	// Objects: 1 catalog, 2 page tree, 3 and 4 fonts, 5 info, then a page
	// and its content stream for each page.
	const firstPage = 6
	kids := make([]string, len(pages))
	for i := range pages {
		kids[i] = fmt.Sprintf("%d 0 R", firstPage+2*i)
	}
	w.object(1, "<< /Type /Catalog /Pages 2 0 R >>")
	w.object(2, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(pages)))
	w.object(3, fontDict())
	w.object(4, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	info := "<< /Producer (gemella pdftest) >>"
	if title != "" {
		info = fmt.Sprintf("<< /Title %s /Producer (gemella pdftest) >>", utf16String(title))
	}
	w.object(5, info)
	for i, p := range pages {
		page, content := firstPage+2*i, firstPage+2*i+1
		w.object(page, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "+
			"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>", pageWidth, pageHeight, content))
		stream := p.Raw
		if stream == "" {
			stream = contentStream(p)
		}
		w.object(content, fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream))
	}
	w.finish(firstPage + 2*len(pages))
	return w.buf.Bytes()
}

// writer writes numbered objects and remembers their offsets for the
// cross-reference table.
type writer struct {
	buf     bytes.Buffer
	offsets map[int]int
}

func (w *writer) object(num int, body string) {
	if w.offsets == nil {
		w.offsets = make(map[int]int)
	}
	w.offsets[num] = w.buf.Len()
	fmt.Fprintf(&w.buf, "%d 0 obj\n%s\nendobj\n", num, body)
}

// finish writes the cross-reference table, whose entries must be exactly 20
// bytes long, and the trailer.
func (w *writer) finish(size int) {
	xref := w.buf.Len()
	fmt.Fprintf(&w.buf, "xref\n0 %d\n0000000000 65535 f \n", size)
	for num := 1; num < size; num++ {
		fmt.Fprintf(&w.buf, "%010d 00000 n \n", w.offsets[num])
	}
	fmt.Fprintf(&w.buf, "trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n", size, xref)
}

// fontDict describes Helvetica with its widths inline, so that readers
// need no second lookup for each glyph.
func fontDict() string {
	widths := make([]string, 0, 224)
	for c := 32; c <= 255; c++ {
		widths = append(widths, fmt.Sprint(glyphWidth(byte(c))))
	}
	return fmt.Sprintf("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding "+
		"/FirstChar 32 /LastChar 255 /Widths [%s] >>", strings.Join(widths, " "))
}

// contentStream draws the lines of p with its layout.
func contentStream(p PageText) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "BT\n/F1 %d Tf\n%d TL\n", fontSize, leading)
	y := top
	for _, line := range wrap(p.Lines) {
		if line != "" {
			drawLine(&sb, p.Layout, line, y)
		}
		y -= leading
	}
	sb.WriteString("ET")
	return sb.String()
}

func drawLine(sb *strings.Builder, layout Layout, line string, y int) {
	words := strings.Fields(line)
	switch layout {
	case Words:
		x := float64(margin)
		for _, word := range words {
			fmt.Fprintf(sb, "1 0 0 1 %.2f %d Tm %s Tj\n", x, y, literal(word))
			x += textWidth(word + " ")
		}
	case Kerned:
		// Adjustments are in thousandths of the font size: -278 moves right
		// by the width of a space, 15 tightens slightly.
		parts := make([]string, 0, 2*len(words))
		for _, word := range words {
			if r := []rune(word); len(r) >= 6 {
				parts = append(parts, literal(string(r[:len(r)/2]))+" 15 "+literal(string(r[len(r)/2:])))
			} else {
				parts = append(parts, literal(word))
			}
		}
		fmt.Fprintf(sb, "1 0 0 1 %d %d Tm [%s] TJ\n", margin, y, strings.Join(parts, " -278 "))
	case Letters:
		x := float64(margin)
		for _, r := range line {
			if r != ' ' {
				fmt.Fprintf(sb, "1 0 0 1 %.2f %d Tm %s Tj\n", x, y, literal(string(r)))
			}
			x += textWidth(string(r))
		}
	default:
		fmt.Fprintf(sb, "1 0 0 1 %d %d Tm %s Tj\n", margin, y, literal(line))
	}
}

// wrap breaks lines wider than the text area at spaces.
func wrap(lines []string) []string {
	var out []string
	for _, line := range lines {
		var cur string
		for _, word := range strings.Fields(line) {
			if cur != "" && textWidth(cur+" "+word) > maxWidth {
				out = append(out, cur)
				cur = ""
			}
			if cur != "" {
				cur += " "
			}
			cur += word
		}
		out = append(out, cur)
	}
	return out
}

// literal encodes s in WinAnsiEncoding as a PDF literal string, with
// octal escapes for bytes outside printable ASCII. Characters that the
// encoding lacks become '?'.
func literal(s string) string {
	var sb strings.Builder
	sb.WriteByte('(')
	for _, c := range encode(s) {
		switch {
		case c == '(' || c == ')' || c == '\\':
			sb.WriteByte('\\')
			sb.WriteByte(c)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&sb, "\\%03o", c)
		default:
			sb.WriteByte(c)
		}
	}
	sb.WriteByte(')')
	return sb.String()
}

func encode(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range norm.NFC.String(s) {
		c, ok := charmap.Windows1252.EncodeRune(r)
		if !ok {
			c = '?'
		}
		out = append(out, c)
	}
	return out
}

// utf16String encodes s as a PDF text string in UTF-16BE with a byte order
// mark, which readers accept for any text.
func utf16String(s string) string {
	var sb strings.Builder
	sb.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&sb, "%04X", u)
	}
	sb.WriteByte('>')
	return sb.String()
}

// textWidth is the width of s in points at the font size.
func textWidth(s string) float64 {
	total := 0
	for _, c := range encode(s) {
		total += glyphWidth(c)
	}
	return float64(total) * fontSize / 1000
}

// asciiWidths are Helvetica's advance widths for codes 32–126, in
// thousandths of the font size.
var asciiWidths = [95]int{
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space … /
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 … ?
	1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ … O
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P … _
	333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` … o
	556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p … ~
}

// glyphWidth approximates Helvetica's width of a WinAnsi code: accented
// letters as their base letter, other symbols as a digit. Close enough for
// layout; what matters is that the PDF and the content agree.
func glyphWidth(c byte) int {
	if c >= 32 && c <= 126 {
		return asciiWidths[c-32]
	}
	r := charmap.Windows1252.DecodeByte(c)
	if base, _ := utf8.DecodeRuneInString(norm.NFD.String(string(r))); base < 127 && base >= 32 {
		return asciiWidths[base-32]
	}
	switch r {
	case '’', '‘':
		return 222
	case '“', '”':
		return 333
	case '—', '…':
		return 1000
	case '\u00a0':
		return 278
	}
	return 556
}
