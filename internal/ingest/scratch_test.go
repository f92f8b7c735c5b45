package ingest

import (
	"fmt"
	"os"
	"testing"

	"github.com/gemella/gemella/internal/ingest/pdftest"
)

func TestScratch(t *testing.T) {
	var pages []pdftest.PageText
	texts := []string{"Il centro di Città di Castello è aperto il lunedì; più servizi per la comunità.", "La mediazione familiare aiuta i genitori separati a trovare accordi condivisi.", "Le famiglie multiproblematiche richiedono un lavoro di rete tra servizi diversi.", "L'orientamento offre informazioni sui servizi educativi, sociali e sanitari del territorio."}
	for i, l := range []pdftest.Layout{pdftest.Lines, pdftest.Words, pdftest.Kerned, pdftest.Letters} {
		ls := []string{fmt.Sprintf("%d. Capitolo numero %d", i+1, i+1), texts[i], "", fmt.Sprintf("%d.1 Accoglienza", i+1), texts[(i+1)%4] + " " + texts[(i+2)%4] + " fami-", "glia", fmt.Sprintf("Pagina %d", i+1)}
		pages = append(pages, pdftest.PageText{Lines: ls, Layout: l})
	}
	data := pdftest.GenerateWithTitle("Linee guida – Città", pages)
	os.WriteFile("/tmp/scratch.pdf", data, 0o644)
	doc, err := Parse(KindPDF, data)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("title=%q\n%s\n", doc.Title, doc.Text)
	for _, s := range doc.Sections {
		fmt.Printf("%d p%d %q %q: %q\n", s.Position, s.Page, s.HeadingPath, s.Anchor, s.Text)
	}
}
