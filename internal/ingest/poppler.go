package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"
)

// popplerTimeout bounds one pdftotext run: a hostile file must not hold a request.
const popplerTimeout = time.Minute

// errNoPoppler says that pdftotext is not installed, so there is no second opinion.
var errNoPoppler = errors.New("ingest: pdftotext not installed")

// popplerPDF reads a PDF with poppler's pdftotext, when it is installed: the second chance
// for files the pure-Go reader cannot open, such as AES-256 encryption with an empty user
// password (common in documents that only restrict printing) or a cross-reference table
// that poppler repairs. Pages come back separated by form feeds.
func popplerPDF(data io.Reader) (*Document, error) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		return nil, errNoPoppler
	}
	ctx, cancel := context.WithTimeout(context.Background(), popplerTimeout)
	defer cancel()
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "-enc", "UTF-8", "-q", "-", "-")
	cmd.Stdin = data
	cmd.Stdout = &limitedBuffer{buf: &out, max: 4 * MaxTextChars}
	if err := cmd.Run(); err != nil {
		if errors.Is(err, errOutputTooLarge) {
			return nil, fmt.Errorf("%w: more than %d characters", ErrTooLarge, MaxTextChars)
		}
		return nil, fmt.Errorf("%w: pdftotext: %v", ErrUnreadable, err)
	}
	var pages [][]string
	chars := 0
	for page := range strings.SplitSeq(strings.TrimRight(out.String(), "\f"), "\f") {
		var lines []string
		for l := range strings.SplitSeq(cleanText(page), "\n") {
			lines = append(lines, strings.TrimSpace(l))
			chars += len(l)
		}
		pages = append(pages, lines)
	}
	if chars == 0 {
		return nil, ErrNoText
	}
	return sectionPages(pages)
}

var errOutputTooLarge = errors.New("output too large")

// limitedBuffer stops a child's output at max bytes.
type limitedBuffer struct {
	buf *bytes.Buffer
	max int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if l.buf.Len()+len(p) > l.max {
		return 0, errOutputTooLarge
	}
	return l.buf.Write(p)
}
