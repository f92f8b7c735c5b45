package ingest

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"github.com/gemella/gemella/internal/ingest/pdftest"
)

// The sample documents are written for these tests; they imitate the
// guidelines that trainers of the family centres upload.

const sampleMarkdown = "# Linee guida per l'orientamento alle famiglie\n" +
	"\n" +
	"Queste indicazioni nascono dal confronto tra gli operatori dei Centri per la Famiglia.\n" +
	"\n" +
	"## 1. Il primo contatto\n" +
	"\n" +
	"La famiglia può arrivare al centro per telefono o di persona. L'operatore ascolta la richiesta\n" +
	"**senza fretta** e spiega con parole semplici che cosa il centro può offrire.\n" +
	"\n" +
	"- fissare un appuntamento entro una settimana\n" +
	"- raccogliere i recapiti con il consenso della famiglia\n" +
	"- indicare il [calendario degli incontri](https://esempio.invalid/calendario)\n" +
	"\n" +
	"### 1.1 Il colloquio di accoglienza\n" +
	"\n" +
	"Il colloquio si tiene in una stanza riservata; se serve, è presente un mediatore `linguistico`.\n" +
	"\n" +
	"Mediazione familiare\n" +
	"--------------------\n" +
	"\n" +
	"A Città di Castello gli incontri di mediazione si svolgono il martedì; la partecipazione è gratuita.\n" +
	"\n" +
	"| Giorno | Orario |\n" +
	"| --- | --- |\n" +
	"| martedì | 15-18 |\n"

const sampleHTML = `<!DOCTYPE html>
<html lang="it">
<head>
  <title>Rete dei Centri per la Famiglia</title>
  <style>body { font-family: sans-serif }</style>
  <script>var segreto = "non indicizzare";</script>
</head>
<body>
<nav><a href="/">Home</a> <a href="/servizi">Servizi</a></nav>
<h1>Lavorare con le famiglie multiproblematiche</h1>
<p>Quando una famiglia affronta più difficoltà insieme, il centro costruisce un&#39;équipe integrata
   con gli altri servizi.</p>
<h2>Il lavoro di rete</h2>
<p>Il centro coordina servizi sociali, scuola e consultorio.<br>Ogni mese si tiene una riunione di verifica.</p>
<ul><li>servizi sociali del comune</li><li>pediatra di libera scelta</li></ul>
<script>document.write("script nel corpo");</script>
<h3>Strumenti</h3>
<div>Il progetto educativo individuale è scritto insieme alla famiglia.</div>
<table><tr><th>Servizio</th><th>Sede</th></tr><tr><td>Orientamento</td><td>Città di Castello</td></tr></table>
</body>
</html>`

const sampleText = `LINEE GUIDA SULLA MEDIAZIONE FAMILIARE

Questo documento è rivolto agli operatori che accolgono coppie in fase di separazione.

1. Finalità del servizio
La mediazione familiare è un percorso volontario in cui un professionista imparziale
aiuta i genitori a riorganizzare le relazioni dopo la separazione.
Le fasi principali sono:
1. Primo incontro informativo
2. Incontri congiunti con la coppia
3. Verifica degli accordi

1.1 Chi può accedere
Possono rivolgersi al centro le coppie sposate o conviventi, con o senza figli.
1. prima cosa da fare, poi telefonare al centro per fissare il colloquio e portare i documenti.

1.2 Costi
Il servizio è gratuito per chi risiede nel comune.

CAPITOLO II
Il lavoro con le famiglie multiproblematiche

Le famiglie che vivono più difficoltà nello stesso momento hanno bisogno di un progetto
condiviso tra servizi sociali, scuola e sanità.

IV. Strumenti di valutazione
Si usano schede di osservazione e colloqui periodici, più una verifica ogni sei mesi.
`

func TestDetect(t *testing.T) {
	pdfData := pdftest.Generate([]pdftest.PageText{{Lines: []string{"Orientamento"}}})
	latin1, err := charmap.Windows1252.NewEncoder().String("La città è più vicina: perché no?\n")
	require.NoError(t, err)

	tests := []struct {
		name    string
		file    string
		data    []byte
		want    Kind
		wantErr error
	}{
		{"markdown by extension", "linee-guida.md", []byte(sampleMarkdown), KindMarkdown, nil},
		{"markdown extension upper case", "LINEE.MARKDOWN", []byte("Solo testo."), KindMarkdown, nil},
		{"markdown by content, no extension", "linee-guida", []byte(sampleMarkdown), KindMarkdown, nil},
		{"markdown-like .txt stays text", "appunti.txt", []byte("# Orientamento\n\nTesto degli appunti.\n"), KindText, nil},
		{"markdown starting with raw HTML", "guida.md", []byte("<p align=\"center\">Logo</p>\n\n# Titolo\n"), KindMarkdown, nil},
		{"hashtag is not a heading", "nota", []byte("#famiglie e #servizi\n"), KindText, nil},
		{"plain text", "mediazione.txt", []byte(sampleText), KindText, nil},
		{"plain text named .pdf", "finto.pdf", []byte(sampleText), KindText, nil},
		{"html", "pagina.html", []byte(sampleHTML), KindHTML, nil},
		{"html without extension", "pagina", []byte(sampleHTML), KindHTML, nil},
		{"xhtml", "pagina", []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Testo</p></body></html>`), KindHTML, nil},
		{"html fragment by extension", "frammento.htm", []byte("Testo con <b>grassetto</b>."), KindHTML, nil},
		{"pdf", "guida.pdf", pdfData, KindPDF, nil},
		{"pdf named .txt", "guida.txt", pdfData, KindPDF, nil},
		{"latin-1 text", "vecchio.txt", []byte(latin1), KindText, nil},
		{"utf-16 text with BOM", "unicode.txt", utf16LE("Città di Castello\n"), KindText, nil},
		{"utf-8 BOM", "bom.txt", append([]byte{0xEF, 0xBB, 0xBF}, "Testo"...), KindText, nil},
		{"png", "foto.png", pngHeader(), "", ErrUnsupported},
		{"png named .txt", "foto.txt", pngHeader(), "", ErrUnsupported},
		{"zip", "archivio.zip", zipFile(t), "", ErrUnsupported},
		{"office document", "guida.docx", zipFile(t), "", ErrUnsupported},
		{"binary", "dati.bin", []byte{0x00, 0x01, 0x02, 0x03, 'a', 'b'}, "", ErrUnsupported},
		{"invalid UTF-8 mixed with valid", "rotto.txt", []byte("città \xe8 rotta"), "", ErrUnsupported},
		{"xml", "dati.xml", []byte(`<?xml version="1.0"?><servizi><servizio/></servizi>`), "", ErrUnsupported},
		{"svg", "logo.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><text>Logo</text></svg>`), "", ErrUnsupported},
		{"empty", "vuoto.txt", nil, "", ErrEmpty},
		{"whitespace only", "spazi.md", []byte(" \n\t\r\n "), "", ErrEmpty},
		{"BOM only", "bom.txt", []byte{0xEF, 0xBB, 0xBF, '\n'}, "", ErrEmpty},
		{"utf-16 whitespace only", "vuoto16.txt", utf16LE("  \n"), "", ErrEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Detect(tt.file, tt.data)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

// sectionWant describes an expected section; Text must contain each of
// contains and none of absent.
type sectionWant struct {
	path     []string
	anchor   string
	contains []string
	absent   []string
}

func requireSections(t *testing.T, doc *Document, want []sectionWant) {
	t.Helper()
	require.Len(t, doc.Sections, len(want), "sections: %s", dumpSections(doc))
	for i, w := range want {
		s := doc.Sections[i]
		require.Equal(t, i, s.Position)
		require.Equal(t, w.path, s.HeadingPath, "section %d", i)
		heading := ""
		if len(w.path) > 0 {
			heading = w.path[len(w.path)-1]
		}
		require.Equal(t, heading, s.Heading, "section %d", i)
		require.Equal(t, w.anchor, s.Anchor, "section %d", i)
		for _, c := range w.contains {
			if strings.Contains(c, "\n") {
				require.Contains(t, s.Text, c, "section %d", i)
			} else {
				require.Contains(t, oneLine(s.Text), c, "section %d", i)
			}
		}
		for _, a := range w.absent {
			require.NotContains(t, s.Text, a, "section %d", i)
		}
	}
}

// oneLine collapses runs of whitespace, line breaks included, to a space.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func dumpSections(doc *Document) string {
	var sb strings.Builder
	for _, s := range doc.Sections {
		fmt.Fprintf(&sb, "\n%d p%d %q #%s: %q", s.Position, s.Page, s.HeadingPath, s.Anchor, s.Text)
	}
	return sb.String()
}

func TestParseMarkdown(t *testing.T) {
	doc, err := Parse(KindMarkdown, []byte(sampleMarkdown))
	require.NoError(t, err)
	require.Equal(t, KindMarkdown, doc.Kind)
	require.Equal(t, "Linee guida per l'orientamento alle famiglie", doc.Title)

	top := "Linee guida per l'orientamento alle famiglie"
	requireSections(t, doc, []sectionWant{
		{
			path:     []string{top},
			anchor:   "linee-guida-per-l-orientamento-alle-famiglie",
			contains: []string{"Queste indicazioni nascono"},
		},
		{
			path:   []string{top, "1. Il primo contatto"},
			anchor: "1-il-primo-contatto",
			contains: []string{
				// Soft line breaks join the paragraph, emphasis markers go.
				"ascolta la richiesta senza fretta e spiega",
				// List items are lines; links keep their text only.
				"- fissare un appuntamento entro una settimana\n- raccogliere i recapiti con il consenso della famiglia\n- indicare il calendario degli incontri",
			},
			absent: []string{"**", "https://", "](", "* fissare"},
		},
		{
			path:     []string{top, "1. Il primo contatto", "1.1 Il colloquio di accoglienza"},
			anchor:   "1-1-il-colloquio-di-accoglienza",
			contains: []string{"è presente un mediatore linguistico."},
			absent:   []string{"`"},
		},
		{
			// A setext heading.
			path:     []string{top, "Mediazione familiare"},
			anchor:   "mediazione-familiare",
			contains: []string{"A Città di Castello gli incontri", "Giorno | Orario\nmartedì | 15-18"},
			absent:   []string{"---", "|---"},
		},
	})
	// Headings are lines of their own in the document text, without markup.
	require.Contains(t, doc.Text, "famiglie\n\nQueste indicazioni")
	require.Contains(t, doc.Text, "offrire.\n\n- fissare un appuntamento")
	require.NotContains(t, doc.Text, "#")
}

func TestParseMarkdownEdgeCases(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		title string
		want  []sectionWant
	}{
		{
			name:  "front matter is not a heading",
			src:   "---\ntitle: Prova\nautore: Centro\n---\n\nTesto iniziale.\n\n## Servizi\n\nElenco dei servizi.\n",
			title: "",
			want: []sectionWant{
				{path: []string{}, anchor: "inizio", contains: []string{"Testo iniziale."}, absent: []string{"autore"}},
				{path: []string{"Servizi"}, anchor: "servizi", contains: []string{"Elenco dei servizi."}},
			},
		},
		{
			name:  "heading levels may skip and go back",
			src:   "# A\n\n### A.1\n\nuno\n\n## B\n\ndue\n\n# C\n\ntre\n",
			title: "A",
			want: []sectionWant{
				{path: []string{"A", "A.1"}, anchor: "a-1", contains: []string{"uno"}},
				{path: []string{"A", "B"}, anchor: "b", contains: []string{"due"}},
				{path: []string{"C"}, anchor: "c", contains: []string{"tre"}},
			},
		},
		{
			name:  "escapes, entities and raw HTML",
			src:   "# Titolo &amp; sottotitolo\n\nUn asterisco \\* letterale, città&nbsp;vecchia<br>a capo.\n\n<div>\n<h2>Sezione in HTML</h2>\n<p>Testo in <b>HTML</b>.</p>\n</div>\n",
			title: "Titolo & sottotitolo",
			want: []sectionWant{
				{path: []string{"Titolo & sottotitolo"}, anchor: "titolo-sottotitolo", contains: []string{"Un asterisco * letterale, città vecchia\na capo."}},
				{path: []string{"Titolo & sottotitolo", "Sezione in HTML"}, anchor: "sezione-in-html", contains: []string{"Testo in HTML."}, absent: []string{"<"}},
			},
		},
		{
			name:  "repeated headings get unique anchors",
			src:   "## Obiettivi\n\nprimo\n\n## Obiettivi\n\nsecondo\n\n## Obiettivi\n\nterzo\n",
			title: "",
			want: []sectionWant{
				{path: []string{"Obiettivi"}, anchor: "obiettivi", contains: []string{"primo"}},
				{path: []string{"Obiettivi"}, anchor: "obiettivi-2", contains: []string{"secondo"}},
				{path: []string{"Obiettivi"}, anchor: "obiettivi-3", contains: []string{"terzo"}},
			},
		},
		{
			name:  "a heading without text of its own is kept, a parent is not",
			src:   "# Servizi\n\n## Orientamento\n\n## Mediazione\n\nTesto.\n",
			title: "Servizi",
			want: []sectionWant{
				{path: []string{"Servizi", "Orientamento"}, anchor: "orientamento"},
				{path: []string{"Servizi", "Mediazione"}, anchor: "mediazione", contains: []string{"Testo."}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(KindMarkdown, []byte(tt.src))
			require.NoError(t, err)
			require.Equal(t, tt.title, doc.Title)
			requireSections(t, doc, tt.want)
		})
	}
}

func TestParseHTML(t *testing.T) {
	doc, err := Parse(KindHTML, []byte(sampleHTML))
	require.NoError(t, err)
	require.Equal(t, KindHTML, doc.Kind)
	require.Equal(t, "Lavorare con le famiglie multiproblematiche", doc.Title)
	for _, hidden := range []string{"non indicizzare", "script nel corpo", "font-family", "Home", "Rete dei Centri"} {
		require.NotContains(t, doc.Text, hidden)
	}

	top := "Lavorare con le famiglie multiproblematiche"
	requireSections(t, doc, []sectionWant{
		{
			path:     []string{top},
			anchor:   "lavorare-con-le-famiglie-multiproblematiche",
			contains: []string{"Quando una famiglia affronta più difficoltà insieme, il centro costruisce un'équipe integrata con gli altri servizi."},
		},
		{
			path:     []string{top, "Il lavoro di rete"},
			anchor:   "il-lavoro-di-rete",
			contains: []string{"consultorio.\nOgni mese", "verifica.\n\n- servizi sociali del comune\n- pediatra di libera scelta"},
			absent:   []string{"document.write"},
		},
		{
			path:     []string{top, "Il lavoro di rete", "Strumenti"},
			anchor:   "strumenti",
			contains: []string{"Il progetto educativo individuale è scritto insieme alla famiglia.", "Servizio | Sede\nOrientamento | Città di Castello"},
		},
	})
}

func TestParseHTMLTitleFallback(t *testing.T) {
	doc, err := Parse(KindHTML, []byte("<html><head><title>Guida  all'affido</title></head><body><p>Testo.</p></body></html>"))
	require.NoError(t, err)
	require.Equal(t, "Guida all'affido", doc.Title)
	requireSections(t, doc, []sectionWant{{path: []string{}, anchor: "inizio", contains: []string{"Testo."}}})
}

func TestParseText(t *testing.T) {
	latin1, err := charmap.Windows1252.NewEncoder().String(strings.ReplaceAll(sampleText, "\n", "\r\n"))
	require.NoError(t, err)
	for name, data := range map[string][]byte{
		"utf-8":              []byte(sampleText),
		"windows-1252, CRLF": []byte(latin1),
		"utf-16":             utf16LE(sampleText),
	} {
		t.Run(name, func(t *testing.T) {
			doc, err := Parse(KindText, data)
			require.NoError(t, err)
			require.Equal(t, "", doc.Title)
			requireSections(t, doc, []sectionWant{
				{
					path:     []string{"LINEE GUIDA SULLA MEDIAZIONE FAMILIARE"},
					anchor:   "linee-guida-sulla-mediazione-familiare",
					contains: []string{"Questo documento è rivolto agli operatori"},
				},
				{
					path:   []string{"1. Finalità del servizio"},
					anchor: "1-finalita-del-servizio",
					// A numbered list after a colon is no heading.
					contains: []string{"Le fasi principali sono:\n1. Primo incontro informativo\n2. Incontri congiunti con la coppia\n3. Verifica degli accordi"},
				},
				{
					path:     []string{"1. Finalità del servizio", "1.1 Chi può accedere"},
					anchor:   "1-1-chi-puo-accedere",
					contains: []string{"\n1. prima cosa da fare, poi telefonare"},
				},
				{
					path:     []string{"1. Finalità del servizio", "1.2 Costi"},
					anchor:   "1-2-costi",
					contains: []string{"Il servizio è gratuito"},
				},
				{
					// A bare chapter label takes the next line as title.
					path:     []string{"CAPITOLO II Il lavoro con le famiglie multiproblematiche"},
					anchor:   "capitolo-ii-il-lavoro-con-le-famiglie-multiproblematiche",
					contains: []string{"hanno bisogno di un progetto\ncondiviso tra servizi sociali, scuola e sanità."},
				},
				{
					path:     []string{"IV. Strumenti di valutazione"},
					anchor:   "iv-strumenti-di-valutazione",
					contains: []string{"più una verifica ogni sei mesi."},
				},
			})
			require.NotContains(t, doc.Text, "\r")
			require.Contains(t, doc.Text, "sanità.\n\nIV. Strumenti")
		})
	}
}

func TestClassifyHeading(t *testing.T) {
	tests := []struct {
		line  string
		level int // 0: not a heading
	}{
		{"1.", 1},
		{"2.3", 2},
		{"2.3.1 Titolo del paragrafo", 3},
		{"1. Introduzione", 1},
		{"1.2. Destinatari", 2},
		{"2.1 - Accoglienza", 2},
		{"3. Chi può accedere al servizio?", 1},
		{"4. «Famiglie al centro»", 1},
		{"Capitolo 3", 1},
		{"CAPITOLO III", 1},
		{"Capitolo 2 – Il servizio di orientamento", 1},
		{"Parte II: Strumenti", 1},
		{"Allegato A", 1},
		{"IV. Strumenti di valutazione", 1},
		{"XII.", 1},
		{"PREMESSA", 1},
		{"L'ACCOGLIENZA DELLE FAMIGLIE", 1},
		{"LA RETE DEI SERVIZI (ASL E COMUNI)", 1},

		{"1. prima cosa da fare, poi telefonare al centro.", 0},
		{"1. Prima cosa da fare, poi telefonare al centro.", 0},
		{"2. Compilare il modulo;", 0},
		{"Le fasi sono:", 0},
		{"2.5 milioni di euro stanziati", 0},
		{"3.000 famiglie seguite nel 2023", 0},
		{"2024 anno di attività", 0},
		{"1 Introduzione", 0},
		{"1) Introduzione", 0},
		{"1.Introduzione", 0},
		{"Premessa. Il centro accoglie le famiglie", 0},
		{"1. Premessa. Il centro accoglie le famiglie", 0},
		{"1. Introduzione ........................ 3", 0},
		{"INTRODUZIONE …… 3", 0},
		{"TEL. 075 1234567", 0},
		{"NOTA:", 0},
		{"OK", 0},
		{"Capitolo 3 della legge regionale", 0},
		{"Parte del lavoro si svolge a domicilio", 0},
		{"IL. Servizio", 0},
		{"I genitori possono chiedere un colloquio", 0},
		{"1. " + strings.Repeat("Parola ", 20), 0},
		{strings.Repeat("PAROLA ", 20), 0},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			h, ok := classifyHeading(tt.line)
			if tt.level == 0 {
				require.False(t, ok)
				return
			}
			require.True(t, ok)
			require.Equal(t, tt.level, h.level)
		})
	}
}

func TestPassages(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("1. Un capitolo molto lungo\n")
	for i := range 80 {
		// 13 words a sentence, a paragraph every 6 sentences.
		fmt.Fprintf(&sb, "Il centro numero %d organizza un incontro di gruppo sulla genitorialità ogni settimana.", i)
		if i%6 == 5 {
			sb.WriteString("\n\n")
		} else {
			sb.WriteString(" ")
		}
	}
	sb.WriteString("\n2. Breve\nPoche parole.\n")
	doc, err := Parse(KindText, []byte(sb.String()))
	require.NoError(t, err)

	var long []Section
	for _, s := range doc.Sections {
		if s.Heading == "1. Un capitolo molto lungo" {
			long = append(long, s)
		}
	}
	// Cuts prefer the paragraph breaks every 78 words, so passages are
	// shorter than PassageWords.
	require.Len(t, long, 5, dumpSections(doc))
	require.Equal(t, "2. Breve", doc.Sections[len(doc.Sections)-1].Heading)
	require.Equal(t, "Poche parole.", doc.Sections[len(doc.Sections)-1].Text)

	body := doc.Text[strings.Index(doc.Text, "Il centro numero 0"):strings.Index(doc.Text, "\n\n2. Breve")]
	require.True(t, strings.HasPrefix(body, long[0].Text), "the first passage starts the section")
	require.True(t, strings.HasSuffix(body, long[len(long)-1].Text), "the last passage ends it")
	for i, p := range long {
		require.Equal(t, []string{"1. Un capitolo molto lungo"}, p.HeadingPath)
		if i == 0 {
			require.Equal(t, "1-un-capitolo-molto-lungo", p.Anchor)
		} else {
			require.Equal(t, fmt.Sprintf("1-un-capitolo-molto-lungo-%d", i+1), p.Anchor)
		}
		words := strings.Fields(p.Text)
		require.LessOrEqual(t, len(words), PassageWords+passageSlack)
		require.Contains(t, body, p.Text, "passages are verbatim slices of the section")
		if i == len(long)-1 {
			break
		}
		require.GreaterOrEqual(t, len(words), minPassage)
		require.True(t, strings.HasSuffix(p.Text, "."), "passage %d ends at a sentence: %q", i, p.Text[len(p.Text)-30:])
		overlap := overlapWords(words, strings.Fields(long[i+1].Text))
		require.GreaterOrEqual(t, overlap, PassageOverlap/2, "passage %d", i)
		require.LessOrEqual(t, overlap, PassageOverlap*3/2, "passage %d", i)
		require.True(t, strings.HasPrefix(long[i+1].Text, "Il centro numero"), "the overlap starts at a sentence")
	}
}

// overlapWords returns the largest n such that the last n words of a are the
// first n words of b.
func overlapWords(a, b []string) int {
	for n := min(len(a), len(b)); n > 0; n-- {
		if strings.Join(a[len(a)-n:], " ") == strings.Join(b[:n], " ") {
			return n
		}
	}
	return 0
}

func TestPassageWithoutSentences(t *testing.T) {
	// A long list without punctuation still splits, at word boundaries.
	text := "ELENCO\n" + strings.Repeat("parola ", 1000)
	doc, err := Parse(KindText, []byte(text))
	require.NoError(t, err)
	require.Greater(t, len(doc.Sections), 3)
	for _, s := range doc.Sections {
		require.LessOrEqual(t, len(strings.Fields(s.Text)), PassageWords+passageSlack)
	}
}

func TestAccentsPreserved(t *testing.T) {
	const sentence = "A Città di Castello è già attivo il servizio: più famiglie, più virtù."
	// The same sentence with decomposed accents (as macOS file names have).
	decomposed := norm.NFD.String(sentence)
	require.NotEqual(t, sentence, decomposed)

	pdfData := pdftest.Generate([]pdftest.PageText{{Lines: []string{"1. Servizi", sentence}}})
	tests := []struct {
		kind Kind
		data []byte
	}{
		{KindMarkdown, []byte("# Servizi\n\n" + decomposed + "\n")},
		{KindHTML, []byte("<h1>Servizi</h1><p>A Citt&agrave; di Castello &egrave; gi\u00e0 attivo il servizio: pi&ugrave; famiglie, pi\u00f9 virt&ugrave;.</p>")},
		{KindText, []byte("SERVIZI\n" + decomposed + "\n")},
		{KindPDF, pdfData},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			doc, err := Parse(tt.kind, tt.data)
			require.NoError(t, err)
			require.Len(t, doc.Sections, 1, dumpSections(doc))
			require.Equal(t, sentence, doc.Sections[0].Text)
			require.True(t, norm.NFC.IsNormalString(doc.Text))
		})
	}
}

func TestTextNormalisation(t *testing.T) {
	src := "TITOLO\r\n\r\n\r\n\r\nRiga\u00a0uno   \x1bcon ESC\rriga due\ufb01ne\u00ad\n\n\n\n\tultima\t\n\n"
	doc, err := Parse(KindText, []byte(src))
	require.NoError(t, err)
	// Spaces inside a line are kept: plain text may align columns with them.
	require.Equal(t, "TITOLO\n\nRiga uno   con ESC\nriga duefine\n\nultima", doc.Text)
	// Text from HTML entities and PDF glyphs never reaches Document.Text
	// with control characters.
	require.Equal(t, "ab\nc", cleanText("a\x00b\r\nc\u0085"))
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name    string
		kind    Kind
		data    []byte
		wantErr error
	}{
		{"empty", KindText, nil, ErrEmpty},
		{"blank", KindMarkdown, []byte("\n \n"), ErrEmpty},
		{"unknown kind", Kind("docx"), []byte("testo"), ErrUnsupported},
		{"binary as text", KindText, []byte{0x00, 0x01, 'a'}, ErrUnreadable},
		{"html without text", KindHTML, []byte("<script>alert(1)</script><style>p{}</style>"), ErrNoText},
		{"markdown without text", KindMarkdown, []byte("<!-- solo un commento -->\n\n---\n"), ErrNoText},
		{"too much text", KindText, []byte(strings.Repeat("parola ", MaxTextChars/6)), ErrTooLarge},
		{"too large source", KindHTML, make([]byte, maxSourceBytes+1), ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(tt.kind, tt.data)
			require.ErrorIs(t, err, tt.wantErr)
			require.Nil(t, doc)
		})
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2.1 Accoglienza", "2-1-accoglienza"},
		{"Città di Castello", "citta-di-castello"},
		{"L'équipe: chi è, cosa fa?", "l-equipe-chi-e-cosa-fa"},
		{"  --  ", ""},
		{"Сім'я", "сім-я"},
		// Long slugs are cut at a word boundary…
		{strings.Repeat("parola ", 20), strings.TrimSuffix(strings.Repeat("parola-", 11), "-")},
		// …or, for one long word, at a character boundary.
		{strings.Repeat("è", 100), strings.Repeat("e", maxSlugBytes)},
		{strings.Repeat("ж", 50), strings.Repeat("ж", maxSlugBytes/2)},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, slug(tt.in), tt.in)
	}
}

// --- PDF ---

// samplePDFPages is a 3-page guideline with a running header and footer,
// drawn with three different layouts.
func samplePDFPages() []pdftest.PageText {
	const header = "LINEE GUIDA DEI CENTRI PER LA FAMIGLIA"
	return []pdftest.PageText{
		{Layout: pdftest.Lines, Lines: []string{
			header,
			"1. Il servizio di orientamento",
			"Il centro di Città di Castello accoglie le famiglie che cercano informazioni sui servizi del territorio.",
			"",
			"1.1 Accoglienza",
			"Il primo colloquio è gratuito e si prenota per telefono. L'operatore raccoglie la richiesta e",
			"propone un percorso adatto alla fami-",
			"glia.",
			"Pagina 1 di 3",
		}},
		{Layout: pdftest.Words, Lines: []string{
			header,
			"Dopo il colloquio la famiglia riceve una scheda con i contatti utili.",
			"",
			"2. La mediazione familiare",
			"La mediazione aiuta i genitori che si separano a prendere decisioni condivise sui figli.",
			"Pagina 2 di 3",
		}},
		{Layout: pdftest.Kerned, Lines: []string{
			header,
			"2.1 Gli incontri",
			"Gli incontri si svolgono il martedì pomeriggio nella sede comunale.",
			"",
			"3. Famiglie multiproblematiche",
			"Il lavoro di rete coinvolge scuola, servizi sociali e consultorio familiare.",
			"Pagina 3 di 3",
		}},
	}
}

func TestParsePDF(t *testing.T) {
	data := pdftest.GenerateWithTitle("Linee guida per i Centri per la Famiglia", samplePDFPages())
	doc, err := Parse(KindPDF, data)
	require.NoError(t, err)
	require.Equal(t, KindPDF, doc.Kind)
	require.Equal(t, "Linee guida per i Centri per la Famiglia", doc.Title)
	require.NotContains(t, doc.Text, "LINEE GUIDA DEI CENTRI", "running header")
	require.NotContains(t, doc.Text, "Pagina", "running footer")

	s1 := "1. Il servizio di orientamento"
	s2 := "2. La mediazione familiare"
	requireSections(t, doc, []sectionWant{
		{path: []string{s1}, anchor: "1-il-servizio-di-orientamento", contains: []string{
			"Il centro di Città di Castello accoglie le famiglie che cercano informazioni sui servizi del territorio.",
		}},
		{path: []string{s1, "1.1 Accoglienza"}, anchor: "1-1-accoglienza", contains: []string{
			"Il primo colloquio è gratuito e si prenota per telefono.",
			// A word hyphenated across lines, a paragraph across pages.
			"un percorso adatto alla famiglia. Dopo il colloquio la famiglia riceve una scheda con i contatti utili.",
		}},
		{path: []string{s2}, anchor: "2-la-mediazione-familiare", contains: []string{
			"La mediazione aiuta i genitori che si separano a prendere decisioni condivise sui figli.",
		}},
		{path: []string{s2, "2.1 Gli incontri"}, anchor: "2-1-gli-incontri", contains: []string{
			"Gli incontri si svolgono il martedì pomeriggio nella sede comunale.",
		}},
		{path: []string{"3. Famiglie multiproblematiche"}, anchor: "3-famiglie-multiproblematiche", contains: []string{
			"Il lavoro di rete coinvolge scuola, servizi sociali e consultorio familiare.",
		}},
	})
	pages := []int{1, 1, 2, 3, 3}
	for i, s := range doc.Sections {
		require.Equal(t, pages[i], s.Page, "section %d", i)
	}
}

func TestParsePDFLayouts(t *testing.T) {
	// The sentence is long enough to wrap; words must come out neither glued
	// nor split, whatever the producer's way of placing them.
	const sentence = "L'équipe del centro – educatori, psicologi e mediatori – lavora “insieme” alle famiglie più fragili di Città di Castello."
	layouts := map[string]pdftest.Layout{
		"lines": pdftest.Lines, "words": pdftest.Words, "kerned": pdftest.Kerned, "letters": pdftest.Letters,
	}
	for name, layout := range layouts {
		for _, composite := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s composite=%v", name, composite), func(t *testing.T) {
				data := pdftest.Generate([]pdftest.PageText{{Layout: layout, Composite: composite, Lines: []string{"PREMESSA", sentence}}})
				doc, err := Parse(KindPDF, data)
				require.NoError(t, err)
				requireSections(t, doc, []sectionWant{{path: []string{"PREMESSA"}, anchor: "premessa"}})
				require.Equal(t, sentence, oneLine(doc.Sections[0].Text))
				require.Equal(t, 1, doc.Sections[0].Page)
			})
		}
	}
}

func TestParsePDFWordSpacing(t *testing.T) {
	// Justified text: word spacing (Tw) widens the spaces, and the line is
	// drawn in runs placed at absolute positions, one of them inside a word,
	// as groff and Ghostscript do. Positions must account for Tw.
	const tw, size = 4.0, 10.0
	first := "Il centro accoglie le fami"
	x := 72 + pdftest.TextWidth(first, size) + 4*tw // 4 spaces
	second := "glie di"
	x2 := x + pdftest.TextWidth(second+" ", size) + tw
	raw := fmt.Sprintf("BT /F1 %g Tf %g Tw 1 0 0 1 72 770 Tm (%s) Tj\n"+
		"1 0 0 1 %.3f 770 Tm (%s) Tj 1 0 0 1 %.3f 770 Tm (Citt\\340.) Tj ET", size, tw, first, x, second, x2)
	doc, err := Parse(KindPDF, pdftest.Generate([]pdftest.PageText{{Raw: raw}}))
	require.NoError(t, err)
	require.Equal(t, "Il centro accoglie le famiglie di Città.", doc.Text)
}

func TestParsePDFWrappedHeading(t *testing.T) {
	// A heading in a large font that wraps is one heading; the body text's
	// lines stay lines.
	raw := "BT /F1 18 Tf 1 0 0 1 72 770 Tm (4. Il lavoro con le famiglie) Tj 1 0 0 1 72 748 Tm (multiproblematiche) Tj\n" +
		"/F1 11 Tf 1 0 0 1 72 720 Tm (Il centro coordina i servizi sociali, la scuola) Tj\n" +
		"1 0 0 1 72 706 Tm (e il consultorio familiare) Tj 1 0 0 1 72 692 Tm (con riunioni mensili.) Tj ET"
	doc, err := Parse(KindPDF, pdftest.Generate([]pdftest.PageText{{Raw: raw}}))
	require.NoError(t, err)
	requireSections(t, doc, []sectionWant{{
		path:     []string{"4. Il lavoro con le famiglie multiproblematiche"},
		anchor:   "4-il-lavoro-con-le-famiglie-multiproblematiche",
		contains: []string{"Il centro coordina i servizi sociali, la scuola\ne il consultorio familiare\ncon riunioni mensili."},
	}})
}

func TestParsePDFFormXObject(t *testing.T) {
	// Some producers put the text in form XObjects, drawn with Do.
	raw := "BT /F1 11 Tf 1 0 0 1 72 770 Tm (PREMESSA) Tj ET q 1 0 0 1 0 -30 cm /Fm1 Do Q"
	form := "BT /F1 11 Tf 1 0 0 1 72 770 Tm (Testo dentro il modulo.) Tj ET"
	doc, err := Parse(KindPDF, pdftest.Generate([]pdftest.PageText{{Raw: raw, Form: form}}))
	require.NoError(t, err)
	requireSections(t, doc, []sectionWant{{path: []string{"PREMESSA"}, anchor: "premessa", contains: []string{"Testo dentro il modulo."}}})
}

func TestParsePDFUnbalancedRestore(t *testing.T) {
	// Some files restore the graphics state more often than they save it.
	raw := "Q BT /F1 11 Tf 1 0 0 1 72 770 Tm (Testo leggibile.) Tj ET Q Q"
	doc, err := Parse(KindPDF, pdftest.Generate([]pdftest.PageText{{Raw: raw}}))
	require.NoError(t, err)
	require.Equal(t, "Testo leggibile.", doc.Text)
}

func TestParsePDFFontWithoutWidths(t *testing.T) {
	// Files may omit the widths: of a standard font (/F2, whose widths are
	// known) or of another one (/F3, whose glyphs then do not advance).
	// Words must still be told apart by TJ adjustments and by positioning,
	// and runs placed at the end of the previous one must join it.
	const size = 11.0
	x1 := 72 + pdftest.TextWidth("famiglie ", size)
	x2 := x1 + pdftest.TextWidth("di Cit", size)
	tests := []struct{ font, want string }{
		{"/F2", "Il centro accoglie le\nfamiglie di Città."},
		// Known limitation: without any metrics, where a run ends is
		// unknown, so a run continuing a word starts a word of its own.
		// Only the standard fonts may omit their widths.
		{"/F3", "Il centro accoglie le\nfamiglie di Cit tà."},
	}
	for _, tt := range tests {
		t.Run(tt.font, func(t *testing.T) {
			raw := fmt.Sprintf("BT %s %g Tf\n"+
				"1 0 0 1 72 770 Tm [(Il) -278 (centro) -250 (acco) 15 (glie) -278 (le)] TJ\n"+
				"1 0 0 1 72 756 Tm (famiglie) Tj 1 0 0 1 %.3f 756 Tm (di Cit) Tj 1 0 0 1 %.3f 756 Tm (t\\340.) Tj\n"+
				"ET", tt.font, size, x1, x2)
			doc, err := Parse(KindPDF, pdftest.Generate([]pdftest.PageText{{Raw: raw}}))
			require.NoError(t, err)
			require.Equal(t, tt.want, doc.Text)
		})
	}
}

func TestParsePDFPassagePages(t *testing.T) {
	// One section over three pages of about 400 words each: every passage
	// must carry the page of its first words.
	var pages []pdftest.PageText
	var pageTexts []string
	for p := range 3 {
		lines := []string{}
		if p == 0 {
			lines = append(lines, "1. Un capitolo su più pagine")
		}
		for i := range 30 {
			lines = append(lines, fmt.Sprintf("La frase %d della pagina %d descrive un servizio del centro per le famiglie.", i, p+1))
		}
		pages = append(pages, pdftest.PageText{Lines: lines})
		pageTexts = append(pageTexts, strings.Join(lines, " "))
	}
	doc, err := Parse(KindPDF, pdftest.Generate(pages))
	require.NoError(t, err)
	require.Greater(t, len(doc.Sections), 3)
	for _, s := range doc.Sections {
		start := strings.Join(strings.Fields(s.Text)[:8], " ")
		page := 0
		for i, text := range pageTexts {
			if strings.Contains(text, start) {
				page = i + 1
			}
		}
		require.Equal(t, page, s.Page, "passage %q", start)
	}
	require.Equal(t, 3, doc.Sections[len(doc.Sections)-1].Page)
}

func TestParsePDFUnreadable(t *testing.T) {
	good := pdftest.Generate(samplePDFPages())
	tests := map[string][]byte{
		"cyclic page tree":     cyclicPageTree(t, good),
		"truncated":            good[:len(good)/2],
		"garbage after header": []byte("%PDF-1.4\n" + strings.Repeat("\x00\xff garbage ", 100) + "\n%%EOF\n"),
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			var err error
			require.NotPanics(t, func() { _, err = Parse(KindPDF, data) })
			require.Error(t, err)
			require.True(t, errors.Is(err, ErrUnreadable) || errors.Is(err, ErrNoText), "%v", err)
		})
	}
}

// TestParsePDFSecondOpinion: files the pure-Go reader refuses are read by poppler's
// pdftotext when it is installed (the Makefile installs it), and are unreadable otherwise.
func TestParsePDFSecondOpinion(t *testing.T) {
	good := pdftest.Generate(samplePDFPages())
	_, poppler := exec.LookPath("pdftotext")
	tests := map[string]struct {
		data []byte
		want string
	}{
		"truncated end": {good[:len(good)-10], "orientamento"},
		"bad startxref": {bytes.Replace(good, []byte("startxref\n"), []byte("startxref\n9"), 1), "orientamento"},
		// "end" without "begin" makes the library's content lexer panic.
		"library panics on page": {pdftest.Generate([]pdftest.PageText{{Raw: "BT /F1 11 Tf (prima) Tj ET end"}}), "prima"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var doc *Document
			var err error
			require.NotPanics(t, func() { doc, err = Parse(KindPDF, tc.data) })
			if poppler != nil {
				require.ErrorIs(t, err, ErrUnreadable)
				return
			}
			require.NoError(t, err)
			require.Contains(t, strings.ToLower(doc.Text), tc.want)
			require.Positive(t, doc.Sections[0].Page)
		})
	}
}

// cyclicPageTree makes the page tree's kids all point back to the tree,
// keeping every byte offset.
func cyclicPageTree(t *testing.T, data []byte) []byte {
	t.Helper()
	start := bytes.Index(data, []byte("/Kids ["))
	require.GreaterOrEqual(t, start, 0)
	start += len("/Kids [")
	end := start + bytes.IndexByte(data[start:], ']')
	kids := strings.Repeat("2 0 R ", len(bytes.Fields(data[start:end]))/3)
	require.LessOrEqual(t, len(kids), end-start)
	out := bytes.Clone(data)
	copy(out[start:end], kids+strings.Repeat(" ", end-start-len(kids)))
	return out
}

func TestParsePDFSkipsBrokenPage(t *testing.T) {
	data := pdftest.Generate([]pdftest.PageText{
		{Raw: "BT /F1 11 Tf 1 0 0 1 72 770 Tm (Pagina rotta) Tj ET end"},
		{Lines: []string{"PREMESSA", "Questa pagina si legge."}},
	})
	doc, err := Parse(KindPDF, data)
	require.NoError(t, err)
	require.NotContains(t, doc.Text, "rotta")
	requireSections(t, doc, []sectionWant{{path: []string{"PREMESSA"}, anchor: "premessa", contains: []string{"Questa pagina si legge."}}})
	require.Equal(t, 2, doc.Sections[0].Page)
}

func TestParsePDFNoText(t *testing.T) {
	// A scan: pages with drawings (here a line) and no text layer.
	data := pdftest.Generate([]pdftest.PageText{{Raw: "0 0 m 100 100 l S"}, {Raw: "10 10 200 200 re f"}})
	_, err := Parse(KindPDF, data)
	require.ErrorIs(t, err, ErrNoText)
}

func BenchmarkParsePDF300(b *testing.B) {
	data := pdftest.Generate(benchmarkPages(300))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		doc, err := Parse(KindPDF, data)
		if err != nil {
			b.Fatal(err)
		}
		if len(doc.Sections) < 300 {
			b.Fatalf("only %d sections", len(doc.Sections))
		}
	}
}

// benchmarkPages returns n pages of about 400 words, each with a numbered
// heading and paragraphs, alternating two layouts.
func benchmarkPages(n int) []pdftest.PageText {
	words := strings.Fields("il centro per la famiglia offre ascolto orientamento e mediazione ai genitori " +
		"che attraversano una separazione o una fase difficile della vita con i figli piccoli e adolescenti " +
		"gli operatori lavorano in rete con scuola servizi sociali consultorio e associazioni del territorio")
	pages := make([]pdftest.PageText, n)
	w := 0
	for p := range pages {
		lines := []string{fmt.Sprintf("%d.%d Servizi della sezione %d", p/10+1, p%10+1, p+1)}
		for range 8 {
			var sb strings.Builder
			for i := range 50 {
				if i > 0 {
					sb.WriteByte(' ')
				}
				sb.WriteString(words[w%len(words)])
				w++
			}
			sb.WriteString(".")
			lines = append(lines, sb.String(), "")
		}
		pages[p] = pdftest.PageText{Lines: lines, Layout: pdftest.Layout(p % 2)}
	}
	return pages
}

// --- helpers ---

func utf16LE(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}

func pngHeader() []byte {
	return []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
}

func zipFile(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	f, err := zw.Create("word/document.xml")
	require.NoError(t, err)
	_, err = f.Write([]byte("<w:document>Testo</w:document>"))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// TestReadAt: a document read in place gives what Detect and Parse give on its bytes, and
// text too long to parse is refused by its size before it is read.
func TestReadAt(t *testing.T) {
	pdfData := pdftest.Generate(samplePDFPages())
	for _, c := range []struct {
		name string
		data []byte
	}{{"guida.pdf", pdfData}, {"guida.md", []byte(sampleMarkdown)}, {"guida.txt", []byte("Accoglienza\n\nIl primo contatto.\n")}} {
		want, err := Detect(c.name, c.data)
		require.NoError(t, err, c.name)
		wantDoc, err := Parse(want, c.data)
		require.NoError(t, err, c.name)
		doc, kind, err := ReadAt(c.name, bytes.NewReader(c.data), int64(len(c.data)))
		require.NoError(t, err, c.name)
		require.Equal(t, want, kind, c.name)
		require.Equal(t, wantDoc, doc, c.name)
	}
	_, _, err := ReadAt("vuoto.md", bytes.NewReader(nil), 0)
	require.ErrorIs(t, err, ErrEmpty)
	// The reader is never asked past its first bytes: a huge text is refused by its size.
	head := []byte("# Titolo\n\ntesto ")
	_, _, err = ReadAt("enorme.md", bytes.NewReader(head), maxSourceBytes+1)
	require.ErrorIs(t, err, ErrTooLarge)
	_, _, err = ReadAt("enorme.bin", bytes.NewReader([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")), maxSourceBytes+1)
	require.ErrorIs(t, err, ErrUnsupported)
}

// Lists keep their items as lines with their marker, bullets or numbers, so that the page
// shows them as lists.
func TestListsKeepTheirMarkers(t *testing.T) {
	md, err := Parse(KindMarkdown, []byte("# Accoglienza\n\nPassi:\n\n3. ascolto\n4. orientamento\n\nStrumenti:\n\n* scheda\n* agenda\n"))
	require.NoError(t, err)
	require.Equal(t, "Passi:\n\n3. ascolto\n4. orientamento\n\nStrumenti:\n\n- scheda\n- agenda", md.Sections[0].Text)
	h, err := Parse(KindHTML, []byte("<h1>Rete</h1><ol start=\"2\"><li>scuola</li><li><p>consultorio</p></li></ol><ul><li>pediatra</li></ul>"))
	require.NoError(t, err)
	require.Equal(t, "2. scuola\n\n3. consultorio\n\n- pediatra", h.Sections[0].Text, "a loose list: items apart")
}

func TestBulletsOfTextDocuments(t *testing.T) {
	d, err := Parse(KindText, []byte("ACCOGLIENZA\n\nIl Centro offre:\n• ascolto\n\uf0b7 orientamento\n- mediazione\n"))
	require.NoError(t, err)
	require.Contains(t, d.Text, "Il Centro offre:\n- ascolto\n- orientamento\n- mediazione")
}
