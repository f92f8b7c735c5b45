package ingest

import (
	"os"
	"testing"
)

func TestRealScratch(t *testing.T) {
	for _, f := range []string{"/tmp/real/chrome.pdf", "/tmp/real/groff.pdf", "/tmp/real/gs.pdf"} {
		data, _ := os.ReadFile(f)
		doc, err := Parse(KindPDF, data)
		if err != nil {
			t.Log(f, err)
			continue
		}
		t.Logf("%s title=%q\n%s", f, doc.Title, dumpSections(doc))
	}
}
