package pdftest

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestGenerateCrossReferences(t *testing.T) {
	tests := map[string][]PageText{
		"no pages": nil,
		"layouts": {
			{Lines: []string{"Orientamento", "", "Città di Castello è più vicina (davvero) \\ sì."}},
			{Lines: []string{"Mediazione familiare"}, Layout: Words, Composite: true},
			{Lines: []string{"Famiglie multiproblematiche"}, Layout: Kerned},
			{Raw: "BT /F2 11 Tf (x) Tj ET /Fm1 Do", Form: "BT /F3 11 Tf (y) Tj ET"},
		},
	}
	for name, pages := range tests {
		t.Run(name, func(t *testing.T) {
			data := GenerateWithTitle("Linee guida – Città", pages)
			require.True(t, bytes.HasPrefix(data, []byte("%PDF-1.4\n")))
			require.True(t, bytes.HasSuffix(data, []byte("%%EOF\n")))

			tail := data[bytes.LastIndex(data, []byte("startxref\n"))+len("startxref\n"):]
			xref, err := strconv.Atoi(string(bytes.Fields(tail)[0]))
			require.NoError(t, err)
			require.True(t, bytes.HasPrefix(data[xref:], []byte("xref\n0 ")))

			lines := strings.Split(string(data[xref:]), "\n")
			size, err := strconv.Atoi(strings.Fields(lines[1])[1])
			require.NoError(t, err)
			require.Equal(t, objFirstPage+3*len(pages), size)
			for num := 1; num < size; num++ {
				entry := lines[2+num]
				require.Len(t, entry+"\n", 20, "xref entries are 20 bytes")
				offset, err := strconv.Atoi(entry[:10])
				require.NoError(t, err)
				require.True(t, bytes.HasPrefix(data[offset:], fmt.Appendf(nil, "%d 0 obj\n", num)), "object %d", num)
			}
		})
	}
}

func TestLiteral(t *testing.T) {
	require.Equal(t, `(Citt\340 \(s\354\) \\ \200 ?)`, literal("Città (sì) \\ € ☃"))
}

func TestWrap(t *testing.T) {
	long := strings.Repeat("famiglia ", 30)
	lines := wrap([]string{long, "", "breve"})
	require.Greater(t, len(lines), 3)
	for _, l := range lines {
		require.LessOrEqual(t, TextWidth(l, fontSize), float64(maxWidth))
	}
	require.Equal(t, strings.TrimSpace(long), strings.Join(lines[:len(lines)-2], " "))
	require.Equal(t, []string{"", "breve"}, lines[len(lines)-2:])
}
