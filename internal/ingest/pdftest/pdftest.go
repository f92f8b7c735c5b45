// Package pdftest generates small, valid PDF files for tests and benchmarks
// of PDF text extraction, so that no binary fixtures need to be kept.
//
// The files are PDF 1.4 with uncompressed content streams. Text is drawn on
// A4 pages, 11 pt with 14 pt leading, in Helvetica (not embedded) with
// width metrics: by default as a simple font in WinAnsiEncoding, so that
// Italian accents (à è é ì ò ù) and typographic quotes survive; optionally
// as a composite font with two-byte codes, as Chromium and Google Docs
// write it (viewers may draw that one poorly, as no font program is
// embedded: the files are meant for text extraction).
package pdftest

import (
	"bytes"
	"fmt"
	"slices"
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
	// Letters places every letter at its own position, as Chromium does
	// for justified text.
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
	// Composite draws the page with a composite font (Type0, Identity-H
	// encoding, widths in the descendant font's /W array, text in a
	// /ToUnicode CMap) instead of the simple WinAnsi font.
	Composite bool
	// Raw, if not empty, is the page's content stream verbatim, to test
	// malformed or unusual content; Lines, Layout and Composite are then
	// ignored. The fonts are /F1, the simple Helvetica with widths; /F2,
	// the same without widths, as old files have it; /F3, a font that is
	// not a standard one, without widths either; /F4, the composite font.
	Raw string
	// Form is the content stream of a form XObject that Raw can draw with
	// "/Fm1 Do"; it has the page's fonts.
	Form string
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

// Object numbers of the document-wide objects; pages follow.
const (
	objCatalog = iota + 1
	objPages
	objSimpleFont
	objNoWidthsFont
	objUnknownFont
	objCompositeFont
	objCIDFont
	objToUnicode
	objInfo
	objFirstPage
)

// Generate returns a PDF with the given pages and no title.
func Generate(pages []PageText) []byte {
	return GenerateWithTitle("", pages)
}

// GenerateWithTitle returns a PDF with the given pages and, if title is not
// empty, that Title in its document information dictionary.
func GenerateWithTitle(title string, pages []PageText) []byte {
	cid := newCompositeFont(pages)
	var w writer
	w.buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	kids := make([]string, len(pages))
	for i := range pages {
		kids[i] = fmt.Sprintf("%d 0 R", objFirstPage+3*i)
	}
	w.object(objCatalog, fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", objPages))
	w.object(objPages, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(pages)))
	w.object(objSimpleFont, simpleFontDict())
	w.object(objNoWidthsFont, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	w.object(objUnknownFont, "<< /Type /Font /Subtype /Type1 /BaseFont /Gemella-Sans /Encoding /WinAnsiEncoding >>")
	w.object(objCompositeFont, fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /Helvetica /Encoding /Identity-H "+
		"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>", objCIDFont, objToUnicode))
	w.object(objCIDFont, cid.dict())
	w.stream(objToUnicode, cid.toUnicode())
	info := "<< /Producer (gemella pdftest) >>"
	if title != "" {
		info = fmt.Sprintf("<< /Title %s /Producer (gemella pdftest) >>", utf16String(title))
	}
	w.object(objInfo, info)
	fonts := fmt.Sprintf("<< /F1 %d 0 R /F2 %d 0 R /F3 %d 0 R /F4 %d 0 R >>",
		objSimpleFont, objNoWidthsFont, objUnknownFont, objCompositeFont)
	for i, p := range pages {
		page, content, form := objFirstPage+3*i, objFirstPage+3*i+1, objFirstPage+3*i+2
		w.object(page, fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] "+
			"/Resources << /Font %s /XObject << /Fm1 %d 0 R >> >> /Contents %d 0 R >>",
			objPages, pageWidth, pageHeight, fonts, form, content))
		stream := p.Raw
		if stream == "" {
			var f font = simpleFont{}
			if p.Composite {
				f = cid
			}
			stream = contentStream(p, f)
		}
		w.stream(content, stream)
		w.object(form, fmt.Sprintf("<< /Type /XObject /Subtype /Form /BBox [0 0 %d %d] /Resources << /Font %s >> "+
			"/Length %d >>\nstream\n%s\nendstream", pageWidth, pageHeight, fonts, len(p.Form), p.Form))
	}
	w.finish(objFirstPage + 3*len(pages))
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

func (w *writer) stream(num int, data string) {
	w.object(num, fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(data), data))
}

// finish writes the cross-reference table, whose entries must be exactly 20
// bytes long, and the trailer.
func (w *writer) finish(size int) {
	xref := w.buf.Len()
	fmt.Fprintf(&w.buf, "xref\n0 %d\n0000000000 65535 f \n", size)
	for num := 1; num < size; num++ {
		fmt.Fprintf(&w.buf, "%010d 00000 n \n", w.offsets[num])
	}
	fmt.Fprintf(&w.buf, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n",
		size, objCatalog, objInfo, xref)
}

// font draws text in a content stream.
type font interface {
	name() string        // resource name
	str(s string) string // s as a PDF string operand
}

// simpleFont is Helvetica in WinAnsiEncoding.
type simpleFont struct{}

func (simpleFont) name() string        { return "/F1" }
func (simpleFont) str(s string) string { return literal(s) }

// simpleFontDict describes Helvetica with its widths inline, so that
// readers need no second lookup for each glyph.
func simpleFontDict() string {
	widths := make([]string, 0, 224)
	for c := 32; c <= 255; c++ {
		widths = append(widths, fmt.Sprint(glyphWidth(byte(c))))
	}
	return fmt.Sprintf("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding "+
		"/FirstChar 32 /LastChar 255 /Widths [%s] >>", strings.Join(widths, " "))
}

// compositeFont gives each character of the composite pages a two-byte
// code, in order of first use; code 0 is unused.
type compositeFont struct {
	codes map[rune]int
	runes []rune // by code - 1
}

func newCompositeFont(pages []PageText) *compositeFont {
	f := &compositeFont{codes: make(map[rune]int)}
	for _, p := range pages {
		if !p.Composite || p.Raw != "" {
			continue
		}
		for _, line := range p.Lines {
			for _, r := range norm.NFC.String(line) {
				if _, ok := f.codes[r]; !ok {
					f.runes = append(f.runes, r)
					f.codes[r] = len(f.runes)
				}
			}
		}
	}
	return f
}

func (*compositeFont) name() string { return "/F4" }

func (f *compositeFont) str(s string) string {
	var sb strings.Builder
	sb.WriteByte('<')
	for _, r := range norm.NFC.String(s) {
		fmt.Fprintf(&sb, "%04X", f.codes[r])
	}
	sb.WriteByte('>')
	return sb.String()
}

// dict is the descendant CIDFont, with the widths of all codes.
func (f *compositeFont) dict() string {
	widths := make([]string, len(f.runes))
	for i, r := range f.runes {
		widths[i] = fmt.Sprint(runeWidth(r))
	}
	return fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Helvetica "+
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "+
		"/DW 1000 /W [1 [%s]] >>", strings.Join(widths, " "))
}

// toUnicode is the CMap from codes to text, in blocks of at most 100
// entries as the format requires.
func (f *compositeFont) toUnicode() string {
	var sb strings.Builder
	sb.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for chunk := range slices.Chunk(f.runes, 100) {
		fmt.Fprintf(&sb, "%d beginbfchar\n", len(chunk))
		for _, r := range chunk {
			fmt.Fprintf(&sb, "<%04X> <", f.codes[r])
			for _, u := range utf16.Encode([]rune{r}) {
				fmt.Fprintf(&sb, "%04X", u)
			}
			sb.WriteString(">\n")
		}
		sb.WriteString("endbfchar\n")
	}
	sb.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	return sb.String()
}

// contentStream draws the lines of p with its layout in font f.
func contentStream(p PageText, f font) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "BT\n%s %d Tf\n%d TL\n", f.name(), fontSize, leading)
	y := top
	for _, line := range wrap(p.Lines) {
		if line != "" {
			drawLine(&sb, f, p.Layout, line, y)
		}
		y -= leading
	}
	sb.WriteString("ET")
	return sb.String()
}

func drawLine(sb *strings.Builder, f font, layout Layout, line string, y int) {
	words := strings.Fields(line)
	switch layout {
	case Words:
		x := float64(margin)
		for _, word := range words {
			fmt.Fprintf(sb, "1 0 0 1 %.2f %d Tm %s Tj\n", x, y, f.str(word))
			x += TextWidth(word+" ", fontSize)
		}
	case Kerned:
		// Adjustments are in thousandths of the font size: -278 moves right
		// by the width of a space, 15 tightens slightly.
		parts := make([]string, 0, 2*len(words))
		for _, word := range words {
			if r := []rune(word); len(r) >= 6 {
				parts = append(parts, f.str(string(r[:len(r)/2]))+" 15 "+f.str(string(r[len(r)/2:])))
			} else {
				parts = append(parts, f.str(word))
			}
		}
		fmt.Fprintf(sb, "1 0 0 1 %d %d Tm [%s] TJ\n", margin, y, strings.Join(parts, " -278 "))
	case Letters:
		x := float64(margin)
		for _, r := range line {
			if r != ' ' {
				fmt.Fprintf(sb, "1 0 0 1 %.2f %d Tm %s Tj\n", x, y, f.str(string(r)))
			}
			x += TextWidth(string(r), fontSize)
		}
	default:
		fmt.Fprintf(sb, "1 0 0 1 %d %d Tm %s Tj\n", margin, y, f.str(line))
	}
}

// wrap breaks lines wider than the text area at spaces.
func wrap(lines []string) []string {
	var out []string
	for _, line := range lines {
		var cur string
		for _, word := range strings.Fields(line) {
			if cur != "" && TextWidth(cur+" "+word, fontSize) > maxWidth {
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
	for _, r := range norm.NFC.String(s) {
		c, ok := charmap.Windows1252.EncodeRune(r)
		switch {
		case !ok:
			sb.WriteByte('?')
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

// TextWidth is the width in points of s drawn at size in the generated
// files' Helvetica, for tests that write Raw content streams.
func TextWidth(s string, size float64) float64 {
	total := 0
	for _, r := range norm.NFC.String(s) {
		total += runeWidth(r)
	}
	return float64(total) * size / 1000
}

func runeWidth(r rune) int {
	c, ok := charmap.Windows1252.EncodeRune(r)
	if !ok {
		return 556
	}
	return glyphWidth(c)
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
