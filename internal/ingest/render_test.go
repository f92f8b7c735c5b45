package ingest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// passagesHTML parses a document and renders all its passages.
func passagesHTML(t *testing.T, kind Kind, src string) string {
	t.Helper()
	doc, err := Parse(kind, []byte(src))
	require.NoError(t, err)
	var sb strings.Builder
	for _, s := range doc.Sections {
		require.NotNil(t, s.Marks)
		sb.WriteString(PassageHTML(s.Text, s.Marks))
	}
	return sb.String()
}

func TestMarkdownInlineSurvives(t *testing.T) {
	got := passagesHTML(t, KindMarkdown, "# Titolo\n\n## Accoglienza\n\n"+
		"Il **primo colloquio** è _gratuito_ e si prenota sul [sito del centro](https://esempio.it/prenota).\n"+
		"Resta <strong>riservato</strong> e <em>breve</em>, scrivete a <info@esempio.it>.\n\n"+
		"- un **appuntamento** entro _una settimana_\n- il ***consenso*** della famiglia\n\n"+
		"3. terzo punto\n4. quarto punto\n")
	for _, want := range []string{
		"<p>Il <strong>primo colloquio</strong> è <em>gratuito</em> e si prenota sul ",
		`<a href="https://esempio.it/prenota" rel="nofollow noopener" target="_blank">sito del centro</a>.`,
		"Resta <strong>riservato</strong> e <em>breve</em>",
		`<a href="mailto:info@esempio.it" rel="nofollow noopener">info@esempio.it</a>`,
		"<ul><li>un <strong>appuntamento</strong> entro <em>una settimana</em></li><li>il <strong><em>consenso</em></strong> della famiglia</li></ul>",
		`<ol start="3"><li>terzo punto</li><li>quarto punto</li></ol>`,
	} {
		require.Contains(t, got, want)
	}
}

func TestHTMLInlineSurvives(t *testing.T) {
	got := passagesHTML(t, KindHTML, `<h1>Titolo</h1><h2>Rete</h2>
<p>La rete è <b>formale</b> e <i>stabile</i>: <strong>accordi <em>scritti</em></strong>,
<a href="/linee-guida">altre linee guida</a>.</p>
<ul><li><strong>Primo</strong> incontro</li></ul>`)
	for _, want := range []string{
		"<p>La rete è <strong>formale</strong> e <em>stabile</em>: <strong>accordi <em>scritti</em></strong>, ",
		`<a href="/linee-guida" rel="nofollow noopener">altre linee guida</a>.</p>`,
		"<ul><li><strong>Primo</strong> incontro</li></ul>",
	} {
		require.Contains(t, got, want)
	}
}

func TestInlineHTMLIsSanitised(t *testing.T) {
	for kind, src := range map[Kind]string{
		KindMarkdown: "# T\n\nClicca [qui](javascript:alert(1)) oppure <a href=\"javascript:alert(2)\">qui</a> " +
			"<script>alert(3)</script> e **resta**.\n",
		KindHTML: `<h1>T</h1><p>Clicca <a href="javascript:alert(1)">qui</a> <a href=" JAVASCRIPT:alert(2)">là</a>` +
			`<script>alert(3)</script> e <b onclick="alert(4)">resta</b>.</p>`,
	} {
		got := strings.ToLower(passagesHTML(t, kind, src))
		for _, bad := range []string{"<script", "javascript:", "onclick", "<a"} {
			require.NotContains(t, got, bad, kind)
		}
		require.Contains(t, got, "<strong>resta</strong>", kind)
		require.Contains(t, got, "qui", kind)
	}
}

// TestMarksAcrossPassages: a long section cut into passages keeps the marks of each part.
func TestMarksAcrossPassages(t *testing.T) {
	words := strings.TrimSpace(strings.Repeat("parola ", PassageWords))
	doc, err := Parse(KindMarkdown, []byte("# T\n\n**"+words+"**\n\n"+words+" _fine_.\n"))
	require.NoError(t, err)
	require.Greater(t, len(doc.Sections), 1)
	first, last := doc.Sections[0], doc.Sections[len(doc.Sections)-1]
	require.Contains(t, PassageHTML(first.Text, first.Marks), "<p><strong>parola parola")
	require.Contains(t, PassageHTML(last.Text, last.Marks), "<em>fine</em>.</p>")
}

// TestPassageHTMLWithoutMarks: passages of text and PDF documents, and those stored before
// marks existed, render as escaped text with their paragraphs and lists.
func TestPassageHTMLWithoutMarks(t *testing.T) {
	got := PassageHTML("Riga uno\nriga <due> & tre\n\n• primo\n• secondo\n\n1) uno\n2) due\n3. tre\n5. cinque", nil)
	require.Equal(t, "<p>Riga uno\nriga &lt;due&gt; &amp; tre</p>\n<ul><li>primo</li><li>secondo</li></ul>\n"+
		"<ol><li>uno</li><li>due</li><li>tre</li></ol>\n<ol start=\"5\"><li>cinque</li></ol>\n", got)
}

// TestPassageHTMLDistrustsMarks: stored marks that do not fit the text, or overlap without
// nesting, still give well-formed HTML of the whole text.
func TestPassageHTMLDistrustsMarks(t *testing.T) {
	text := "città di mare"
	got := PassageHTML(text, []Mark{
		{Start: 0, End: 5, Kind: MarkStrong}, // inside "à"
		{Start: 5, End: 99, Kind: MarkEm},
		{Start: 0, End: 9, Kind: "script"},
		{Start: 0, End: 9, Kind: MarkEm},
		{Start: 6, End: 14, Kind: MarkStrong},
	})
	require.Equal(t, "<p><em>città<strong> di</strong></em><strong> mare</strong></p>\n", got)
}
