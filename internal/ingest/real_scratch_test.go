package ingest

import (
	"os"
	"strings"
	"testing"
)

func TestRealScratch(t *testing.T) {
	data, _ := os.ReadFile("/tmp/real/long.pdf")
	doc, err := Parse(KindPDF, data)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range doc.Sections {
		w := strings.Fields(s.Text)
		t.Logf("%d p%d %q #%s (%d words) %q … %q", s.Position, s.Page, s.HeadingPath, s.Anchor, len(w), strings.Join(w[:min(8, len(w))], " "), strings.Join(w[max(0, len(w)-5):], " "))
	}
	t.Log(strings.Contains(doc.Text, "file:///"), strings.Contains(doc.Text, "Linee guida dei Centri"))
}
