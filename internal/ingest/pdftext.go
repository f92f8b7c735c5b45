package ingest

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
	"golang.org/x/text/encoding/charmap"
)

// This file interprets the text operators of PDF content streams with the
// library's lexer (pdf.Interpret), fonts and decoders. The library's own
// Page.Content computes glyph positions that drift on real files: it ignores
// word spacing (Tw, which justified text from groff, Ghostscript or word
// processors uses) and reads no widths for composite fonts (Type0/CID, which
// Chromium, Skia and Google Docs emit), so that every letter of justified
// text looks like a word of its own. It also ignores form XObjects, where
// some producers put all the text. Positions matter because they are the
// only evidence of word breaks in many files.

// maxFormDepth bounds nested form XObjects, which a malformed file could
// make recursive.
const maxFormDepth = 8

// glyph is a piece of text drawn on a page, with its position in user space.
type glyph struct {
	s    string
	x, y float64 // origin on the baseline
	w    float64 // advance width along x; 0 when the font has no widths
	size float64 // font size
}

// affine is the matrix [a b 0; c d 0; e f 1] of PDF transformations.
type affine struct{ a, b, c, d, e, f float64 }

var identity = affine{a: 1, d: 1}

// mul returns m × n: m applied first, then n.
func (m affine) mul(n affine) affine {
	return affine{
		a: m.a*n.a + m.b*n.c,
		b: m.a*n.b + m.b*n.d,
		c: m.c*n.a + m.d*n.c,
		d: m.c*n.b + m.d*n.d,
		e: m.e*n.a + m.f*n.c + n.e,
		f: m.e*n.b + m.f*n.d + n.f,
	}
}

func translation(x, y float64) affine { return affine{a: 1, d: 1, e: x, f: y} }

// textFont is what text extraction needs of a font. Widths are in
// thousandths of the font size.
type textFont struct {
	enc     pdf.TextEncoding
	codeLen int // bytes per character code: 2 for composite fonts
	// widths by character code, from the font dictionary.
	widths map[int]float64
	ranges []widthRange
	// std, for a standard font without widths in the file, has them by
	// WinAnsi code of the decoded character.
	std  *[256]uint16
	dflt float64 // width of codes without one
}

type widthRange struct {
	first, last int
	w           float64
}

// width returns the width of a character code, whose decoded text is text.
func (f *textFont) width(code int, text string) float64 {
	if f.std != nil {
		r, _ := utf8.DecodeRuneInString(text)
		if b, ok := charmap.Windows1252.EncodeRune(r); ok && f.std[b] > 0 {
			return float64(f.std[b])
		}
		return f.dflt
	}
	if w, ok := f.widths[code]; ok {
		return w
	}
	for _, r := range f.ranges {
		if r.first <= code && code <= r.last {
			return r.w
		}
	}
	return f.dflt
}

// loadFont reads the encoding and widths of a font dictionary. Simple fonts
// without /Widths get those of the standard font they name, if any (old
// files and PHP generators omit them for the standard fonts); else width 0,
// which lineAssembler understands as unknown.
func loadFont(v pdf.Value) *textFont {
	font := pdf.Font{V: v}
	f := &textFont{enc: font.Encoder(), codeLen: 1, widths: make(map[int]float64)}
	if v.Key("Subtype").Name() != "Type0" {
		first := int(v.Key("FirstChar").Int64())
		widths := v.Key("Widths")
		for i := range widths.Len() {
			f.widths[first+i] = widths.Index(i).Float64()
		}
		f.dflt = v.Key("FontDescriptor").Key("MissingWidth").Float64()
		if widths.Len() == 0 {
			f.std, f.dflt = standardWidths(v.Key("BaseFont").Name())
		}
		return f
	}
	// Composite font: two-byte codes (Identity-H and the usual CMaps), CID
	// widths in the descendant font as "c [w1 w2 …]" or "c1 c2 w" entries.
	f.codeLen = 2
	desc := v.Key("DescendantFonts").Index(0)
	f.dflt = 1000
	if dw := desc.Key("DW"); dw.Kind() != pdf.Null {
		f.dflt = dw.Float64()
	}
	w := desc.Key("W")
	for i := 0; i+1 < w.Len(); {
		first, next := int(w.Index(i).Int64()), w.Index(i+1)
		if next.Kind() == pdf.Array {
			for j := range next.Len() {
				f.widths[first+j] = next.Index(j).Float64()
			}
			i += 2
			continue
		}
		if i+2 < w.Len() {
			f.ranges = append(f.ranges, widthRange{first, int(next.Int64()), w.Index(i + 2).Float64()})
		}
		i += 3
	}
	return f
}

// courierWidths is the one width of every Courier glyph.
var courierWidths = func() *[256]uint16 {
	var w [256]uint16
	for i := range w {
		w[i] = 600
	}
	return &w
}()

// standardWidths returns the width table of a standard font, or of a font
// with the same metrics (Arial, Times New Roman, Courier New), and the width
// for characters outside it; nil if baseFont is none of those. Oblique and
// italic Helvetica have the widths of the upright ones.
func standardWidths(baseFont string) (*[256]uint16, float64) {
	_, name, _ := strings.Cut(baseFont, "+") // a subset prefix, "ABCDEF+"
	if name == "" {
		name = baseFont
	}
	name = strings.ToLower(name)
	bold := strings.Contains(name, "bold")
	italic := strings.Contains(name, "italic") || strings.Contains(name, "oblique")
	switch {
	case strings.HasPrefix(name, "courier"):
		return courierWidths, 600
	case strings.HasPrefix(name, "helvetica") || strings.HasPrefix(name, "arial"):
		if bold {
			return &helveticaBoldWidths, 556
		}
		return &helveticaWidths, 556
	case strings.HasPrefix(name, "times"):
		switch {
		case bold && italic:
			return &timesBoldItalicWidths, 500
		case bold:
			return &timesBoldWidths, 500
		case italic:
			return &timesItalicWidths, 500
		}
		return &timesWidths, 500
	}
	return nil, 0
}

// textState is the part of the graphics state that places text. q and Q
// save and restore all of it, which is harmless for the text matrices.
type textState struct {
	ctm, tm, tlm affine
	tc, tw, th   float64 // character spacing, word spacing, horizontal scale
	tl, tfs      float64 // leading, font size
	rise         float64
	font         *textFont
}

// textExtractor walks the content streams of one page.
type textExtractor struct {
	emit func(glyph)
	args []pdf.Value // operands of the current operator, reused
}

// pageGlyphs calls emit for each glyph of the page, in content stream order.
// It panics on some malformed content, like the library.
func pageGlyphs(p pdf.Page, emit func(glyph)) {
	contents := p.V.Key("Contents")
	if contents.Kind() == pdf.Null {
		return
	}
	x := &textExtractor{emit: emit}
	x.run(contents, p.Resources(), textState{ctm: identity, th: 1}, 0)
}

// run interprets a content stream (or array of streams) with the given
// resources, starting from state.
func (x *textExtractor) run(strm, resources pdf.Value, st textState, depth int) {
	fonts := make(map[string]*textFont)
	var stack []textState
	pdf.Interpret(strm, func(stk *pdf.Stack, op string) {
		x.args = x.args[:0]
		for range stk.Len() {
			x.args = append(x.args, stk.Pop())
		}
		args := x.args // in reverse: args[0] is the last operand
		num := func(i int) float64 { return args[len(args)-1-i].Float64() }
		switch op {
		case "q":
			stack = append(stack, st)
		case "Q":
			if n := len(stack); n > 0 {
				st, stack = stack[n-1], stack[:n-1]
			}
		case "cm":
			if len(args) == 6 {
				st.ctm = affine{num(0), num(1), num(2), num(3), num(4), num(5)}.mul(st.ctm)
			}
		case "BT":
			st.tm, st.tlm = identity, identity
		case "Tc":
			if len(args) == 1 {
				st.tc = num(0)
			}
		case "Tw":
			if len(args) == 1 {
				st.tw = num(0)
			}
		case "Tz":
			if len(args) == 1 {
				st.th = num(0) / 100
			}
		case "TL":
			if len(args) == 1 {
				st.tl = num(0)
			}
		case "Ts":
			if len(args) == 1 {
				st.rise = num(0)
			}
		case "Tf":
			if len(args) == 2 {
				name := args[1].Name()
				f, ok := fonts[name]
				if !ok {
					f = loadFont(resources.Key("Font").Key(name))
					fonts[name] = f
				}
				st.font, st.tfs = f, num(1)
			}
		case "Td", "TD":
			if len(args) == 2 {
				if op == "TD" {
					st.tl = -num(1)
				}
				st.tlm = translation(num(0), num(1)).mul(st.tlm)
				st.tm = st.tlm
			}
		case "Tm":
			if len(args) == 6 {
				st.tlm = affine{num(0), num(1), num(2), num(3), num(4), num(5)}
				st.tm = st.tlm
			}
		case "T*":
			st.nextLine()
		case "Tj":
			if len(args) == 1 {
				x.show(&st, args[0].RawString())
			}
		case "'":
			if len(args) == 1 {
				st.nextLine()
				x.show(&st, args[0].RawString())
			}
		case "\"":
			if len(args) == 3 {
				st.tw, st.tc = num(0), num(1)
				st.nextLine()
				x.show(&st, args[0].RawString())
			}
		case "TJ":
			if len(args) == 1 {
				x.showArray(&st, args[0])
			}
		case "Do":
			if len(args) == 1 && depth < maxFormDepth {
				x.form(resources.Key("XObject").Key(args[0].Name()), resources, st, depth)
			}
		}
	})
}

func (st *textState) nextLine() {
	st.tlm = translation(0, -st.tl).mul(st.tlm)
	st.tm = st.tlm
}

// showArray draws the strings of a TJ array; its numbers move the next
// glyph left by thousandths of the font size (right when negative).
func (x *textExtractor) showArray(st *textState, arr pdf.Value) {
	for i := range arr.Len() {
		v := arr.Index(i)
		if v.Kind() == pdf.String {
			x.show(st, v.RawString())
			continue
		}
		st.tm = translation(-v.Float64()/1000*st.tfs*st.th, 0).mul(st.tm)
	}
}

// show draws a string: each character code becomes a glyph at the current
// text position, which then advances by the glyph width plus character and
// word spacing (PDF 32000-1, 9.4.4).
func (x *textExtractor) show(st *textState, s string) {
	f := st.font
	if f == nil {
		return // no Tf: nothing can be decoded
	}
	for len(s) > 0 {
		n := min(f.codeLen, len(s))
		code := s[:n]
		s = s[n:]
		c := 0
		for i := range n {
			c = c<<8 | int(code[i])
		}
		text := f.enc.Decode(code)
		w0 := f.width(c, text) / 1000
		m := st.tm.mul(st.ctm)
		trm := affine{a: st.tfs * st.th, d: st.tfs, f: st.rise}.mul(m)
		x.emit(glyph{
			s:    text,
			x:    trm.e,
			y:    trm.f,
			w:    w0 * st.tfs * st.th * math.Hypot(m.a, m.b),
			size: math.Hypot(trm.c, trm.d),
		})
		tx := w0*st.tfs + st.tc
		if n == 1 && code[0] == ' ' {
			tx += st.tw
		}
		st.tm = translation(tx*st.th, 0).mul(st.tm)
	}
}

// form draws a form XObject (other XObjects are images), which has its own
// matrix and, usually, its own resources.
func (x *textExtractor) form(xobj, resources pdf.Value, st textState, depth int) {
	if xobj.Kind() != pdf.Stream || xobj.Key("Subtype").Name() != "Form" {
		return
	}
	if m := xobj.Key("Matrix"); m.Len() == 6 {
		st.ctm = affine{
			m.Index(0).Float64(), m.Index(1).Float64(), m.Index(2).Float64(),
			m.Index(3).Float64(), m.Index(4).Float64(), m.Index(5).Float64(),
		}.mul(st.ctm)
	}
	if r := xobj.Key("Resources"); r.Kind() == pdf.Dict {
		resources = r
	}
	x.run(xobj, resources, st, depth+1)
}
