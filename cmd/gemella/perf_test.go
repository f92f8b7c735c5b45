package main

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/guideline"
	"github.com/gemella/gemella/internal/ingest/pdftest"
	"github.com/gemella/gemella/internal/search"
)

// italianPages returns n pages of about 400 words, each opening with a numbered heading.
func italianPages(n int) []pdftest.PageText {
	words := strings.Fields("il centro per le famiglie offre ascolto orientamento e mediazione familiare ai genitori " +
		"che attraversano una separazione o una fase difficile con i figli piccoli e adolescenti mentre " +
		"gli operatori lavorano in rete con scuola servizi sociali consultorio e associazioni del territorio " +
		"per sostenere le famiglie multiproblematiche con un'équipe multidisciplinare e un progetto condiviso")
	pages := make([]pdftest.PageText, n)
	w := 0
	for p := range pages {
		lines := []string{fmt.Sprintf("%d.%d Attività della sezione %d", p/10+1, p%10+1, p+1)}
		for range 8 {
			var sb strings.Builder
			for i := range 50 {
				if i > 0 {
					sb.WriteByte(' ')
				}
				sb.WriteString(words[w%len(words)])
				w++
			}
			lines = append(lines, sb.String()+".", "")
		}
		pages[p] = pdftest.PageText{Lines: lines}
	}
	return pages
}

// peakHeap samples the heap in use while fn runs and returns the highest value seen.
func peakHeap(fn func()) uint64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		var m runtime.MemStats
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	fn()
	close(done)
	return peak.Load()
}

// BenchmarkImportPDF300 imports a 300-page PDF end to end: detection, text extraction,
// sectioning, and one transaction storing the file, the sections and the outbox row.
func BenchmarkImportPDF300(b *testing.B) {
	s := newTestServer(b, serverOptions{Seeded: true})
	data := pdftest.Generate(italianPages(300))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var peak uint64
	ctx := context.Background()
	for b.Loop() {
		runtime.GC()
		p := peakHeap(func() {
			g, err := s.app.guidelines.ImportAsSystem(ctx, guideline.ImportInput{
				FileName: "linee-guida.pdf", File: bytes.NewReader(data), Title: "Documento di 300 pagine",
			})
			require.NoError(b, err)
			require.GreaterOrEqual(b, g.SectionCount, 300)
		})
		peak = max(peak, p)
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(len(data))/(1<<20), "pdf-MiB")
}

// BenchmarkSearchOverhead measures the contract's Search query over HTTP against the same
// search sent straight to Meilisearch, alternating the two in one run so that the machine's
// drift affects both alike. It reports p50 and p99 of each and their ratio.
func BenchmarkSearchOverhead(b *testing.B) {
	s := newTestServer(b, serverOptions{Seeded: true})
	ctx := context.Background()
	pages := italianPages(40)
	for i := range 25 {
		_, err := s.app.guidelines.ImportAsSystem(ctx, guideline.ImportInput{
			FileName: fmt.Sprintf("guida-%d.pdf", i), File: bytes.NewReader(pdftest.Generate(pages)),
			Title: fmt.Sprintf("Linee guida territoriali %d", i),
		})
		require.NoError(b, err)
	}
	s.indexed(b)

	text := "mediazone familiare"
	vars := map[string]any{"q": text, "first": 10}
	direct := s.app.meili.Index(s.app.index.UID())
	// The reader's filter on spaces, as the API adds it to every search (anonymous here).
	visible, err := access.NewService(s.app.pool).Scope(nil).SearchFilter(ctx)
	require.NoError(b, err)
	req := s.app.index.Request(search.Query{Text: text, Limit: 10, Visible: visible})
	// plain is the request a client of Meilisearch alone would send for the same features:
	// the text as typed, highlights, crop and facets, no ranking details.
	plain := *req
	plain.Query, plain.ShowRankingScore, plain.ShowRankingScoreDetails = text, false, false
	var viaAPI, viaMeili, viaPlain []time.Duration
	run := func() {
		t0 := time.Now()
		d := s.ok(b, "", searchQuery, vars)
		viaAPI = append(viaAPI, time.Since(t0))
		require.NotEmpty(b, dig(d, "search", "edges"))

		t0 = time.Now()
		res, err := direct.SearchWithContext(ctx, req.Query, req)
		viaMeili = append(viaMeili, time.Since(t0))
		require.NoError(b, err)
		require.NotEmpty(b, res.Hits)

		t0 = time.Now()
		res, err = direct.SearchWithContext(ctx, plain.Query, &plain)
		viaPlain = append(viaPlain, time.Since(t0))
		require.NoError(b, err)
		require.NotEmpty(b, res.Hits)
	}
	for range 20 {
		run() // warm every path
	}
	viaAPI, viaMeili, viaPlain = viaAPI[:0], viaMeili[:0], viaPlain[:0]
	b.ResetTimer()
	for b.Loop() {
		run()
	}
	b.StopTimer()
	p := func(d []time.Duration, q float64) float64 {
		s := slices.Clone(d)
		slices.Sort(s)
		return float64(s[int(q*float64(len(s)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(p(viaAPI, 0.5), "graphql-p50-ms")
	b.ReportMetric(p(viaAPI, 0.99), "graphql-p99-ms")
	b.ReportMetric(p(viaMeili, 0.5), "meili-p50-ms")
	b.ReportMetric(p(viaMeili, 0.99), "meili-p99-ms")
	b.ReportMetric(p(viaAPI, 0.5)/p(viaMeili, 0.5), "p50-ratio")
	b.ReportMetric(p(viaAPI, 0.99)/p(viaMeili, 0.99), "p99-ratio")
	b.ReportMetric(p(viaPlain, 0.5), "plain-p50-ms")
	b.ReportMetric(p(viaAPI, 0.5)/p(viaPlain, 0.5), "p50-ratio-plain")
}

// BenchmarkSuggestions measures searchSuggestions over HTTP as one types "mediazione",
// against the seeded demo data and the guidelines of BenchmarkSearchOverhead's size.
func BenchmarkSuggestions(b *testing.B) {
	s := newTestServer(b, serverOptions{Seeded: true})
	ctx := context.Background()
	pages := italianPages(40)
	for i := range 25 {
		_, err := s.app.guidelines.ImportAsSystem(ctx, guideline.ImportInput{
			FileName: fmt.Sprintf("guida-%d.pdf", i), File: bytes.NewReader(pdftest.Generate(pages)),
			Title: fmt.Sprintf("Mediazione e territorio %d", i),
		})
		require.NoError(b, err)
	}
	s.indexed(b)
	const q = `query SearchSuggestions($prefix: String!) { searchSuggestions(prefix: $prefix) { title url type } }`
	prefixes := []string{"m", "me", "med", "medi", "media", "mediaz", "mediazi", "mediazio", "mediazion", "mediazione"}
	var took []time.Duration
	for i := 0; i < 20; i++ {
		s.ok(b, "", q, map[string]any{"prefix": prefixes[i%len(prefixes)]})
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		t0 := time.Now()
		s.ok(b, "", q, map[string]any{"prefix": prefixes[i%len(prefixes)]})
		took = append(took, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(took)
	at := func(q float64) float64 { return float64(took[int(q*float64(len(took)-1))].Microseconds()) / 1000 }
	b.ReportMetric(at(0.5), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}
