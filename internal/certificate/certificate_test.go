package certificate

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/ledongthuc/pdf"
	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/i18n"
)

func sample() Certificate {
	return Certificate{
		Participant: "Niccolò D’Ambrosio Perù",
		Center:      "Centro per la Famiglia di Città di Castello",
		Workshop:    "Famiglie multiproblematiche: l’équipe integrata, la rete dei servizi e il lavoro con le scuole — perché è così difficile e come si può fare di più",
		Kind:        "Laboratorio tematico",
		Sessions: []Session{
			// out of order, and in UTC: printed in order and in Rome time
			{Start: utc("2026-03-29T07:30:00Z"), End: utc("2026-03-29T11:00:00Z"), Place: "Rimini"},
			{Start: utc("2026-03-28T13:00:00Z"), End: utc("2026-03-28T17:00:00Z"), Place: "Online"},
		},
		Hours:      7.5,
		Trainers:   []string{"Lucìa Bianchi", " ", "Mario Rossi", "Anna Verdi"},
		HostCenter: "Centro per la Famiglia di Rimini",
		Code:       "GMLA-7K3Q-P9XZ",
		VerifyURL:  "https://gemella.example/verifica/GMLA-7K3Q-P9XZ",
		IssuedAt:   utc("2026-04-02T10:00:00Z"),
	}
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func render(t *testing.T, ctx context.Context, c Certificate) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, Write(ctx, &b, c))
	return b.Bytes()
}

var spaces = regexp.MustCompile(`\s+`)

// text reads the words of a one-page PDF back with the pure-Go reader, and with poppler's
// pdftotext when it is installed, and checks that both read the same.
func text(t *testing.T, file []byte) string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(file), int64(len(file)))
	require.NoError(t, err)
	require.Equal(t, 1, r.NumPage())
	plain, err := r.GetPlainText()
	require.NoError(t, err)
	raw, err := io.ReadAll(plain)
	require.NoError(t, err)
	got := strings.TrimSpace(spaces.ReplaceAllString(string(raw), " "))
	if _, err := exec.LookPath("pdftotext"); err == nil {
		cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
		cmd.Stdin = bytes.NewReader(file)
		out, err := cmd.Output()
		require.NoError(t, err)
		require.Equal(t, got, strings.TrimSpace(spaces.ReplaceAllString(string(out), " ")), "poppler reads the same words")
	}
	return got
}

func info(t *testing.T, file []byte, key string) string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(file), int64(len(file)))
	require.NoError(t, err)
	return r.Trailer().Key("Info").Key(key).Text()
}

func TestItalianCertificate(t *testing.T) {
	c := sample()
	for _, ctx := range []context.Context{context.Background(), i18n.WithLocalizer(context.Background(), i18n.For("it-IT"))} {
		file := render(t, ctx, c)
		got := text(t, file)
		for _, want := range []string{
			"Attestato di partecipazione",
			"si attesta che",
			"Niccolò D’Ambrosio Perù",
			"Centro per la Famiglia di Città di Castello",
			"ha partecipato a",
			"Laboratorio tematico",
			c.Workshop,
			"28 marzo 2026, dalle 14:00 alle 18:00 – Online 29 marzo 2026, dalle 09:30 alle 13:00 – Rimini",
			"per un totale di 7,5 ore",
			"Formazione a cura di Lucìa Bianchi, Mario Rossi e Anna Verdi",
			"Centro ospitante: Centro per la Famiglia di Rimini",
			"Data di rilascio: 2 aprile 2026",
			"Codice di verifica: GMLA-7K3Q-P9XZ",
			"Verifica su https://gemella.example/verifica/GMLA-7K3Q-P9XZ",
		} {
			require.Contains(t, got, want)
		}
		require.Equal(t, "Attestato di partecipazione – Niccolò D’Ambrosio Perù", info(t, file, "Title"))
		require.Equal(t, "Gemella", info(t, file, "Creator"))
		require.Contains(t, string(file), "/Lang (it)")
		require.Contains(t, string(file), "/URI (https://gemella.example/verifica/GMLA-7K3Q-P9XZ)", "the address is a link")
		require.Less(t, len(file), 10_000, "core fonts keep the file small")
	}
}

func TestEnglishCertificate(t *testing.T) {
	c := sample()
	c.Kind = "Thematic lab"
	file := render(t, i18n.WithLocalizer(context.Background(), i18n.For("en-GB,en;q=0.9")), c)
	got := text(t, file)
	for _, want := range []string{
		"Certificate of attendance",
		"This is to certify that",
		"Niccolò D’Ambrosio Perù",
		"attended",
		"Thematic lab",
		c.Workshop,
		"28 March 2026, 14:00–18:00, Online 29 March 2026, 09:30–13:00, Rimini",
		"for a total of 7.5 hours",
		"Led by Lucìa Bianchi, Mario Rossi and Anna Verdi",
		"Host centre: Centro per la Famiglia di Rimini",
		"Date of issue: 2 April 2026",
		"Verification code: GMLA-7K3Q-P9XZ",
		"Verify at https://gemella.example/verifica/GMLA-7K3Q-P9XZ",
	} {
		require.Contains(t, got, want)
	}
	for _, italian := range []string{"Attestato", "si attesta", "ore", "marzo", "rilascio", "Codice", "Formazione"} {
		require.NotContains(t, got, italian)
	}
	require.Equal(t, "Certificate of attendance – Niccolò D’Ambrosio Perù", info(t, file, "Title"))
	require.Contains(t, string(file), "/Lang (en)")
}

func TestLongTitlesWrapAndStayOnThePage(t *testing.T) {
	c := sample()
	words := strings.Fields(strings.Repeat("Accoglienza, ascolto e orientamento delle famiglie con figli adolescenti in difficoltà ", 6))
	c.Workshop = strings.Join(words, " ")
	got := text(t, render(t, context.Background(), c))
	// Three lines at most, cut with an ellipsis: the rest of the page keeps its place.
	cut := regexp.MustCompile(`Laboratorio tematico (.+?)… 28 marzo 2026`).FindStringSubmatch(got)
	require.NotNil(t, cut, got)
	require.True(t, strings.HasPrefix(c.Workshop, cut[1]), "the title is cut, not garbled: %q", cut[1])
	require.Greater(t, len(strings.Fields(cut[1])), 20, "three lines of it are kept")
	require.Less(t, len(cut[1]), len(c.Workshop))
	require.Contains(t, got, "Codice di verifica: GMLA-7K3Q-P9XZ")

	// A long name shrinks rather than wraps.
	c = sample()
	c.Participant = "Maria Addolorata Benedetta Ferdinanda Giovanna Lucrezia Sant’Ambrogio di Castelnuovo"
	got = text(t, render(t, context.Background(), c))
	require.Contains(t, got, "si attesta che "+c.Participant+" Centro per la Famiglia")
}

func TestManySessionsAreSummedUp(t *testing.T) {
	c := sample()
	c.Sessions = nil
	for i := range 9 {
		start := utc("2026-03-03T08:00:00Z").AddDate(0, 0, 7*i)
		c.Sessions = append(c.Sessions, Session{Start: start, End: start.Add(2 * time.Hour), Place: "Bari"})
	}
	c.Hours = 18
	got := text(t, render(t, context.Background(), c))
	require.Contains(t, got, "9 incontri, 3 marzo 2026 – 28 aprile 2026 per un totale di 18 ore")
	require.NotContains(t, got, "Bari")

	c.Sessions, c.Hours = c.Sessions[:1], 1
	got = text(t, render(t, context.Background(), c))
	require.Contains(t, got, "3 marzo 2026, dalle 09:00 alle 11:00 – Bari per un totale di 1 ora")
	got = text(t, render(t, i18n.WithLocalizer(context.Background(), i18n.For("en")), c))
	require.Contains(t, got, "for a total of 1 hour ")
}

func TestOptionalPartsAreLeftOut(t *testing.T) {
	c := sample()
	c.Center, c.HostCenter, c.Trainers, c.VerifyURL, c.Kind = "", "", nil, "", ""
	c.Sessions = []Session{{Start: utc("2026-06-27T07:00:00Z"), End: utc("2026-06-27T09:00:00Z")}}
	got := text(t, render(t, context.Background(), c))
	require.Contains(t, got, "si attesta che Niccolò D’Ambrosio Perù ha partecipato a "+c.Workshop+" 27 giugno 2026, dalle 09:00 alle 11:00 per un totale")
	for _, absent := range []string{"Centro ospitante", "Formazione a cura", "Verifica su", " – "} {
		require.NotContains(t, got, absent)
	}
	c.Trainers = []string{"Anna Verdi"}
	c.IssuedAt = utc("2026-04-01T09:00:00Z")
	got = text(t, render(t, context.Background(), c))
	require.Contains(t, got, "Formazione a cura di Anna Verdi ")
	require.Contains(t, got, "Data di rilascio: 1º aprile 2026")
}

func TestLettersOutsideWindows1252LoseOnlyTheirAccent(t *testing.T) {
	c := sample()
	c.Participant = "Ștefan Dvořák Łukasz"
	got := text(t, render(t, context.Background(), c))
	require.Contains(t, got, "Stefan Dvorák ?ukasz")
}

func TestTheSameCertificateIsTheSameFile(t *testing.T) {
	require.True(t, bytes.Equal(render(t, context.Background(), sample()), render(t, context.Background(), sample())))
}

func TestInvalidCertificatesAreRefused(t *testing.T) {
	for name, tc := range map[string]struct {
		change func(*Certificate)
		want   []string
	}{
		"no participant":                {func(c *Certificate) { c.Participant = "  " }, []string{"participant"}},
		"no sessions":                   {func(c *Certificate) { c.Sessions = nil }, []string{"session"}},
		"no title":                      {func(c *Certificate) { c.Workshop = "" }, []string{"title"}},
		"no hours":                      {func(c *Certificate) { c.Hours = 0 }, []string{"hours"}},
		"no code":                       {func(c *Certificate) { c.Code = "" }, []string{"code"}},
		"no issue date":                 {func(c *Certificate) { c.IssuedAt = time.Time{} }, []string{"issue date"}},
		"session ends before it starts": {func(c *Certificate) { c.Sessions[1].End = c.Sessions[1].Start.Add(-time.Hour) }, []string{"session 1"}},
		"all at once":                   {func(c *Certificate) { c.Participant, c.Sessions = "", nil }, []string{"participant", "session"}},
	} {
		t.Run(name, func(t *testing.T) {
			c := sample()
			tc.change(&c)
			var b bytes.Buffer
			err := Write(context.Background(), &b, c)
			require.Error(t, err)
			for _, w := range tc.want {
				require.Contains(t, err.Error(), w)
			}
			require.Zero(t, b.Len(), "nothing written")
		})
	}
}

func TestEveryMonthIsCatalogued(t *testing.T) {
	for _, lang := range []string{"it", "en"} {
		seen := map[string]bool{}
		for m := time.January; m <= time.December; m++ {
			name := date(i18n.For(lang), time.Date(2026, m, 15, 12, 0, 0, 0, rome))
			require.NotContains(t, name, "certificate.", "%s %v", lang, m)
			require.Regexp(t, `^15 \p{L}+ 2026$`, name)
			seen[name] = true
		}
		require.Len(t, seen, 12, fmt.Sprint(seen))
	}
	require.Equal(t, "29 marzo 2026", date(i18n.For("it"), utc("2026-03-28T23:30:00Z")), "the day in Rome, not in UTC")
	require.Equal(t, "29 March 2026", date(i18n.For("en"), utc("2026-03-29T12:00:00Z")))
	require.Equal(t, "1º ottobre 2026", date(i18n.For("it"), utc("2026-10-01T08:00:00Z")))
	require.Equal(t, "1 October 2026", date(i18n.For("en"), utc("2026-10-01T08:00:00Z")))
}

func TestTheFullestCertificateEndsAboveTheFooter(t *testing.T) {
	c := sample()
	long := strings.Repeat("Accoglienza e orientamento delle famiglie in difficoltà ", 20)
	c.Participant, c.Center, c.Workshop, c.Kind, c.HostCenter = long, long, long, long, long
	c.Trainers = strings.Fields(long)
	c.Sessions = nil
	for i := range listedSessions {
		start := utc("2026-03-03T08:00:00Z").AddDate(0, 0, i)
		c.Sessions = append(c.Sessions, Session{Start: start, End: start.Add(time.Hour), Place: long})
	}
	for _, lang := range []string{"it", "en"} {
		pdf := fpdf.New("L", "mm", "A4", "")
		pdf.AddPage()
		end := body(pdf, i18n.For(lang), c)
		require.Less(t, end, footerTop-2, lang)
		require.NoError(t, pdf.Error())
	}
	// and the file still has one page
	text(t, render(t, context.Background(), c))
}
