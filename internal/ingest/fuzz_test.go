package ingest

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/ingest/pdftest"
)

// FuzzParse feeds any bytes, under any name, to detection and every reader that would take
// them: none may panic, and whatever is read is valid text in sections that cover it.
func FuzzParse(f *testing.F) {
	f.Add("linee.md", []byte("# Titolo\n\n## Capitolo\n\n- uno\n- due\n\nTesto *corsivo*."))
	f.Add("nota.txt", []byte("CAPITOLO 1\n\nL'accoglienza delle famiglie.\n\n1. primo\n2. secondo\n"))
	f.Add("pagina.html", []byte("<html><body><h1>Titolo</h1><p>Un <b>testo</b></p><ul><li>voce</li></ul><script>x</script></body></html>"))
	f.Add("vecchio.txt", []byte("Citt\xe0 di Castello: attivit\xe0 per le famiglie"))
	f.Add("doc.pdf", pdftest.GenerateWithTitle("Linee guida", []pdftest.PageText{{Lines: []string{"LINEE GUIDA", "", "Il centro accoglie le famiglie."}}}))
	f.Add("strano.md", []byte("\xff\xfe#\x00 \r\n\r\n"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		kind, err := Detect(name, data)
		if err != nil {
			return
		}
		doc, err := Parse(kind, data)
		if err != nil {
			return
		}
		require.True(t, utf8.ValidString(doc.Text))
		for _, s := range doc.Sections {
			require.True(t, utf8.ValidString(s.Text), "section text")
			require.NotContains(t, s.Text, "\x00")
			for _, h := range s.HeadingPath {
				require.True(t, utf8.ValidString(h))
			}
			require.NotEmpty(t, strings.TrimSpace(s.Anchor+s.Text+strings.Join(s.HeadingPath, "")), "no empty section")
		}
	})
}
