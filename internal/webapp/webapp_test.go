package webapp

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"
)

const indexHTML = `<!doctype html><html lang="it"><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>`

var bigCSS = strings.Repeat(".btn{color:#0066cc}\n", 500)

func builtApp() fs.FS {
	return fstest.MapFS{
		".gitkeep":                {Data: nil},
		"index.html":              {Data: []byte(indexHTML)},
		"favicon.svg":             {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`)},
		"assets/index-abc123.js":  {Data: []byte(`console.log("gemella")`)},
		"assets/index-def456.css": {Data: []byte(bigCSS)},
		"assets/font-1a2b.woff2":  {Data: []byte("wOF2")},
	}
}

func get(t *testing.T, h http.Handler, target string, header ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return string(b)
}

func TestClientRoutesFallBackToIndex(t *testing.T) {
	h := newHandler(builtApp())
	for _, p := range []string{"/", "/domande", "/domande/UXVlc3Rpb246Mg", "/linee-guida/R3VpZGVsaW5lOjI", "/cerca?q=mediazione", "/index.html", "/domande/nuova/"} {
		res := get(t, h, p)
		require.Equal(t, http.StatusOK, res.StatusCode, p)
		require.Equal(t, "text/html; charset=utf-8", res.Header.Get("Content-Type"), p)
		require.Equal(t, "no-cache", res.Header.Get("Cache-Control"), p)
		require.NotEmpty(t, res.Header.Get("ETag"), p)
		require.Equal(t, indexHTML, body(t, res), p)
	}
}

func TestUnknownPathsAre404WithTheApp(t *testing.T) {
	h := newHandler(builtApp())
	for _, p := range []string{"/pagina-che-non-esiste", "/domande/1/2", "/wp-login.php"} {
		res := get(t, h, p)
		require.Equal(t, http.StatusNotFound, res.StatusCode, p)
		require.Equal(t, "text/html; charset=utf-8", res.Header.Get("Content-Type"), p)
		require.Equal(t, indexHTML, body(t, res), p)
	}
}

// The server's list of pages is the router's: a page added to App.tsx must be added there.
func TestClientRoutesMatchTheApp(t *testing.T) {
	src, err := os.ReadFile("../../web/src/App.tsx")
	require.NoError(t, err)
	var fromApp []string
	for _, m := range regexp.MustCompile(`match\('([^']+)'`).FindAllStringSubmatch(string(src), -1) {
		fromApp = append(fromApp, regexp.MustCompile(`:[a-z]+`).ReplaceAllString(m[1], "*"))
	}
	require.ElementsMatch(t, clientRoutes, fromApp)
}

func TestIndexRevalidates(t *testing.T) {
	h := newHandler(builtApp())
	etag := get(t, h, "/domande").Header.Get("ETag")
	res := get(t, h, "/domande", "If-None-Match", etag)
	require.Equal(t, http.StatusNotModified, res.StatusCode)
}

func TestHashedAssetsAreCachedForever(t *testing.T) {
	h := newHandler(builtApp())

	res := get(t, h, "/assets/index-abc123.js")
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, "public, max-age=31536000, immutable", res.Header.Get("Cache-Control"))
	require.Equal(t, "text/javascript; charset=utf-8", res.Header.Get("Content-Type"))
	require.Equal(t, `console.log("gemella")`, body(t, res))

	res = get(t, h, "/assets/font-1a2b.woff2")
	require.Equal(t, "font/woff2", res.Header.Get("Content-Type"))
	require.Equal(t, "public, max-age=31536000, immutable", res.Header.Get("Cache-Control"))

	res = get(t, h, "/favicon.svg")
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, "image/svg+xml", res.Header.Get("Content-Type"))
	require.Equal(t, "public, max-age=86400", res.Header.Get("Cache-Control"))

	// An asset of another build is a 404, not index.html under a script's name.
	res = get(t, h, "/assets/index-old999.js")
	require.Equal(t, http.StatusNotFound, res.StatusCode)
}

func TestHiddenFilesAreNotServed(t *testing.T) {
	res := get(t, newHandler(builtApp()), "/.gitkeep")
	require.Equal(t, http.StatusNotFound, res.StatusCode)
	require.Equal(t, indexHTML, body(t, res), "the placeholder file is the app's not-found page")
}

func TestContentSecurityPolicy(t *testing.T) {
	h := newHandler(builtApp())
	for _, p := range []string{"/", "/domande/nuova", "/assets/index-abc123.js"} {
		csp := get(t, h, p).Header.Get("Content-Security-Policy")
		require.Equal(t, ContentSecurityPolicy, csp, p)
	}
	directives := map[string]string{}
	for _, d := range strings.Split(ContentSecurityPolicy, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		directives[name] = value
	}
	require.Equal(t, "'self'", directives["default-src"])
	require.Equal(t, "'self'", directives["script-src"], "no inline or eval scripts")
	require.Equal(t, "'self'", directives["connect-src"])
	require.Equal(t, "'self' data:", directives["img-src"])
	require.Equal(t, "'none'", directives["object-src"])
	require.Equal(t, "'none'", directives["frame-ancestors"])
	require.NotContains(t, ContentSecurityPolicy, "unsafe-inline")
	require.NotContains(t, ContentSecurityPolicy, "unsafe-eval")
}

func TestGzip(t *testing.T) {
	h := newHandler(builtApp())

	res := get(t, h, "/assets/index-def456.css", "Accept-Encoding", "br, gzip")
	require.Equal(t, "gzip", res.Header.Get("Content-Encoding"))
	require.Equal(t, "Accept-Encoding", res.Header.Get("Vary"))
	require.Equal(t, "text/css; charset=utf-8", res.Header.Get("Content-Type"))
	zr, err := gzip.NewReader(res.Body)
	require.NoError(t, err)
	plain, err := io.ReadAll(zr)
	require.NoError(t, err)
	require.Equal(t, bigCSS, string(plain))
	gzETag := res.Header.Get("ETag")

	res = get(t, h, "/assets/index-def456.css", "Accept-Encoding", "gzip;q=0")
	require.Empty(t, res.Header.Get("Content-Encoding"))
	require.Equal(t, bigCSS, body(t, res))
	require.NotEqual(t, gzETag, res.Header.Get("ETag"), "each encoding has its own ETag")

	res = get(t, h, "/assets/index-def456.css")
	require.Empty(t, res.Header.Get("Content-Encoding"))

	// Small files go as they are.
	res = get(t, h, "/assets/index-abc123.js", "Accept-Encoding", "gzip")
	require.Empty(t, res.Header.Get("Content-Encoding"))
}

func TestPathsOfOtherHandlersAreNeverServed(t *testing.T) {
	h := newHandler(builtApp())
	for _, p := range []string{"/graphql", "/graphql/x", "/graphiql", "/files/RmlsZTox", "/healthz", "/readyz"} {
		res := get(t, h, p)
		require.Equal(t, http.StatusNotFound, res.StatusCode, p)
		require.NotContains(t, body(t, res), "<div id=\"root\">", p)
	}

	// Mounted at "/" the way the server does, the more specific routes keep theirs.
	mux := http.NewServeMux()
	mux.HandleFunc("/graphql", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "graphql") })
	mux.HandleFunc("GET /files/{id}", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "file") })
	mux.Handle("/", h)
	require.Equal(t, "graphql", body(t, get(t, mux, "/graphql")))
	require.Equal(t, "file", body(t, get(t, mux, "/files/RmlsZTox")))
	require.Equal(t, indexHTML, body(t, get(t, mux, "/domande")))
}

func TestOnlyGetAndHead(t *testing.T) {
	h := newHandler(builtApp())

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/domande", strings.NewReader("x")))
	require.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	require.Equal(t, "GET, HEAD", rec.Header().Get("Allow"))

	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodHead, "/domande", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	require.Zero(t, rec.Body.Len())
}

func TestPlaceholderWhenNotBuilt(t *testing.T) {
	h := newHandler(fstest.MapFS{".gitkeep": {Data: nil}})
	for _, p := range []string{"/", "/domande/UXVlc3Rpb246Mg"} {
		res := get(t, h, p)
		require.Equal(t, http.StatusOK, res.StatusCode, p)
		require.Equal(t, "text/html; charset=utf-8", res.Header.Get("Content-Type"))
		require.Equal(t, "no-store", res.Header.Get("Cache-Control"))
		require.Equal(t, ContentSecurityPolicy, res.Header.Get("Content-Security-Policy"))
		page := body(t, res)
		require.Contains(t, page, `<html lang="it">`)
		require.Contains(t, page, "non è compilata")
		require.Contains(t, page, `<a href="/graphiql">`)
	}
	require.Equal(t, http.StatusNotFound, get(t, h, "/assets/index-abc123.js").StatusCode)
	require.Equal(t, http.StatusNotFound, get(t, h, "/graphql").StatusCode)
}

// The embedded directory works in both states: with only the placeholder committed, and
// after `npm run build`. A built index.html must need no inline script, which the CSP forbids.
func TestEmbeddedApp(t *testing.T) {
	res := get(t, Handler(), "/")
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, "text/html; charset=utf-8", res.Header.Get("Content-Type"))
	page := body(t, res)
	require.Contains(t, page, `lang="it"`)

	built, err := fs.ReadFile(dist, "dist/index.html")
	if err != nil {
		require.Contains(t, page, "non è compilata")
		return
	}
	require.Equal(t, string(built), page)
	for rest := built; ; {
		i := bytes.Index(rest, []byte("<script"))
		if i < 0 {
			break
		}
		tag := rest[i : i+bytes.IndexByte(rest[i:], '>')]
		require.Contains(t, string(tag), " src=", "inline script in index.html: %s", tag)
		rest = rest[i+len(tag):]
	}
	require.NotContains(t, string(built), "<style", "inline style element in index.html")
}
