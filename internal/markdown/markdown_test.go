package markdown

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestToHTMLRendersMarkdown(t *testing.T) {
	got := ToHTML("## Accoglienza\n\nIl **primo colloquio** è gratuito:\n\n- ascolto\n- orientamento")
	require.Contains(t, got, "<h2")
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
