package markdown

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestToHTMLRendersMarkdown(t *testing.T) {
	got := ToHTML("## Accoglienza\n\nIl **primo colloquio** è gratuito:\n\n- ascolto\n- orientamento")
	require.Contains(t, got, "<h4")
	require.Contains(t, got, "<strong>primo colloquio</strong> è gratuito")
	require.Contains(t, got, "<li>orientamento</li>")
}

func TestToHTMLSanitises(t *testing.T) {
	cases := map[string]string{
		"script":        "ciao <script>alert(1)</script>",
		"event handler": `<img src="x" onerror="alert(1)">`,
		"js link":       "[clicca](javascript:alert(1))",
		"js autolink":   "<javascript:alert(1)>",
		"data link":     "[x](data:text/html;base64,PHNjcmlwdD4=)",
		"iframe":        `<iframe src="https://example.org"></iframe>`,
		"style":         `<p style="background:url(javascript:alert(1))">x</p>`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			got := strings.ToLower(ToHTML(src))
			for _, bad := range []string{"<script", "onerror", `href="javascript:`, `href="data:`, "<iframe", "style="} {
				require.NotContains(t, got, bad)
			}
		})
	}
}

func TestLinksPassNoAuthority(t *testing.T) {
	got := ToHTML("[sito](https://www.example.org/pagina), [interno](/domande/1) e <https://www.example.org>")
	require.Contains(t, got, `href="https://www.example.org/pagina"`)
	require.Equal(t, 3, strings.Count(got, `rel="nofollow noopener"`), got)
}

// TestToHTMLKeepsTextBesideRawHTML: a tag at the start of a line makes the line raw HTML;
// sanitising it must drop the tag, not the words beside it.
func TestToHTMLKeepsTextBesideRawHTML(t *testing.T) {
	for in, want := range map[string]string{
		"<script>alert(1)</script> testo":    "testo",
		"<style>body{}</style>visibile":      "visibile",
		"<div onclick=alert(1)>dentro</div>": "dentro",
		"<iframe src=//x.it></iframe>resta":  "resta",
	} {
		out := ToHTML(in)
		require.Contains(t, out, want, in)
		for _, bad := range []string{"<script", "alert", "onclick", "<iframe", "<style"} {
			require.NotContains(t, out, bad, in)
		}
	}
}

// TestToHTMLNeutralisesBidi: a right-to-left override cannot make a link's text read as
// another file name.
func TestToHTMLNeutralisesBidi(t *testing.T) {
	out := ToHTML("Scarica [relazione\u202efdp.exe](https://esempio.it/r) e\u200b basta")
	require.NotContains(t, out, "\u202e")
	require.NotContains(t, out, "\u200b")
	require.Contains(t, out, ">relazionefdp.exe</a>")
}

// TestImagesOnlyFromTheSite: an image from elsewhere becomes a link to it named by its
// description (its server would learn who reads the page, and when); a raw <img> from
// elsewhere goes whole; the site's own files stay images.
func TestImagesOnlyFromTheSite(t *testing.T) {
	got := ToHTML("![Locandina](https://tracker.example.org/p.png) e ![](https://example.org/x.png)")
	require.NotContains(t, got, "<img")
	require.Contains(t, got, `<a href="https://tracker.example.org/p.png" rel="nofollow noopener" target="_blank">Locandina</a>`)
	require.Contains(t, got, `>https://example.org/x.png</a>`)
	require.NotContains(t, ToHTML(`Testo <img src="https://tracker.example.org/p.png" alt="x"> e <img src=x>`), "<img")
	require.Contains(t, ToHTML("![Schema](/files/AbC_12-x)"), `<img src="/files/AbC_12-x" alt="Schema"`)
}

// TestHeadingsComeUnderThePages: a body's "#" is an h3, and none goes past h6.
func TestHeadingsComeUnderThePages(t *testing.T) {
	got := ToHTML("# Uno\n\n<h2>Due</h2>\n\n##### Cinque")
	require.Contains(t, got, "<h3")
	require.Contains(t, got, "<h4")
	require.Contains(t, got, "<h6")
	require.NotContains(t, got, "<h1")
	require.NotContains(t, got, "<h2")
	// No id of its own: it could take the name of the page's anchors.
	require.NotContains(t, ToHTML(`<h2 id="messaggio-1">Titolo</h2> <p id="x">testo</p> <a href="/a" id="y">link</a>`), "id=")
}
