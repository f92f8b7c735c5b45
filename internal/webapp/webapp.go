// Package webapp serves the browser app that web/ builds (`npm run build` writes it into
// dist/, embedded here). Hashed assets are cached for a year; every other GET path that is not
// a file gets index.html, so that client-side routes such as /domande/<id> load on reload; a
// path that is no route of the app gets it with status 404 (the app shows its "not found" page).
//
// Without a build, dist/ holds only a placeholder and the handler answers every page with a
// short Italian note on how to build the app.
package webapp

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

//go:embed all:dist
var dist embed.FS

// ContentSecurityPolicy is sent with every response of the handler. The built app has no
// inline script or style element (fonts and icons are files, see web/src/styles/fonts.css);
// the data: images and font are the ones Bootstrap Italia's CSS embeds. connect-src 'self'
// also admits WebSocket connections to this origin (CSP level 3), for GraphQL subscriptions.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// reserved are the paths other handlers own; the app never answers them, even where the
// server's mux would send them here (a method the route does not accept, say).
var reserved = []string{"/graphql", "/graphiql", "/files/", "/healthz", "/readyz"}

// clientRoutes are the paths web/src/App.tsx shows a page for ("*" is one path segment, such
// as an id); TestClientRoutesMatchTheApp keeps the two lists equal.
var clientRoutes = []string{
	"/", "/accedi", "/registrati", "/profilo", "/notifiche", "/ruoli", "/accessibilita", "/note-legali",
	"/domande", "/domande/nuova", "/domande/*", "/cerca", "/admin/tesauro", "/linee-guida", "/linee-guida/*",
	"/buone-pratiche", "/buone-pratiche/nuova", "/buone-pratiche/*", "/gemellaggi", "/gemellaggi/nuovo", "/gemellaggi/*",
	"/workshop", "/workshop/nuovo", "/workshop/mie-iscrizioni", "/workshop/*", "/workshop/*/modifica", "/workshop/*/iscrizioni",
	"/verifica/*",
}

// isClientRoute reports whether the app has a page at p (a cleaned path).
func isClientRoute(p string) bool {
	if p == "/index.html" {
		return true
	}
	got := strings.Split(strings.TrimSuffix(p, "/"), "/")
	for _, route := range clientRoutes {
		want := strings.Split(strings.TrimSuffix(route, "/"), "/")
		if len(want) != len(got) {
			continue
		}
		ok := true
		for i := range want {
			if want[i] != got[i] && (want[i] != "*" || got[i] == "") {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

const (
	cacheImmutable  = "public, max-age=31536000, immutable" // hashed names under /assets/
	cacheDay        = "public, max-age=86400"               // other files, such as favicon.svg
	cacheRevalidate = "no-cache"                            // index.html: always ask, 304 when unchanged
)

var handler = sync.OnceValue(func() http.Handler {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // dist is embedded at build time: cannot happen
	}
	return newHandler(sub)
})

// Handler serves the embedded app; mount it at "/" of the server's mux.
func Handler() http.Handler { return handler() }

// newHandler serves the app in fsys (the contents of a build directory).
func newHandler(fsys fs.FS) http.Handler {
	h := &appHandler{files: map[string]*file{}}
	_ = fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(path.Base(name), ".") {
			return nil
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil
		}
		f := newFile(name, data)
		if name == "index.html" {
			f.cache = cacheRevalidate
			h.index = f
		} else {
			h.files["/"+name] = f
		}
		return nil
	})
	return h
}

type appHandler struct {
	files map[string]*file // by URL path
	index *file            // nil when the app is not built
}

func (h *appHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := path.Clean("/" + r.URL.Path)
	for _, prefix := range reserved {
		if strings.HasPrefix(p, prefix) {
			http.NotFound(w, r)
			return
		}
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Content-Security-Policy", ContentSecurityPolicy)
	if f, ok := h.files[p]; ok {
		f.serve(w, r)
		return
	}
	// A missing hashed asset is a page of an older build asking for its files: answering
	// with index.html would only produce a confusing script error.
	if strings.HasPrefix(p, "/assets/") {
		http.NotFound(w, r)
		return
	}
	if h.index == nil {
		servePlaceholder(w, r)
		return
	}
	if !isClientRoute(p) {
		h.index.serveStatus(w, r, http.StatusNotFound)
		return
	}
	h.index.serve(w, r)
}

type file struct {
	data        []byte
	etag        string
	contentType string
	cache       string

	gzipOnce sync.Once
	gzipped  []byte // nil when compression does not pay
}

func newFile(name string, data []byte) *file {
	sum := sha256.Sum256(data)
	cache := cacheDay
	if strings.HasPrefix(name, "assets/") {
		cache = cacheImmutable
	}
	return &file{
		data:        data,
		etag:        `"` + hex.EncodeToString(sum[:12]) + `"`,
		contentType: contentType(name, data),
		cache:       cache,
	}
}

func (f *file) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", f.cache)
	h.Set("X-Content-Type-Options", "nosniff")
	body, etag := f.data, f.etag
	if gz := f.compressed(); gz != nil {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			body, etag = gz, strings.TrimSuffix(f.etag, `"`)+`-gz"`
			h.Set("Content-Encoding", "gzip")
			r = withoutRange(r) // ranges of compressed bytes help no one
		}
	}
	h.Set("ETag", etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// serveStatus answers with the file and another status than 200 (no validators or ranges:
// an error page is not cached).
func (f *file) serveStatus(w http.ResponseWriter, r *http.Request, status int) {
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	body := f.data
	if gz := f.compressed(); gz != nil {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			body = gz
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// compressed returns the gzipped content of a text file worth compressing, made on first use.
func (f *file) compressed() []byte {
	f.gzipOnce.Do(func() {
		if len(f.data) < 1024 || !compressible(f.contentType) {
			return
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		_, _ = zw.Write(f.data)
		_ = zw.Close()
		if buf.Len() < len(f.data)*9/10 {
			f.gzipped = buf.Bytes()
		}
	})
	return f.gzipped
}

func compressible(contentType string) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	return strings.HasPrefix(mt, "text/") || mt == "application/javascript" || mt == "text/javascript" ||
		mt == "application/json" || mt == "image/svg+xml"
}

// acceptsGzip reports whether the request's Accept-Encoding admits gzip (and not with q=0).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(part, ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		for _, param := range strings.Split(params, ";") {
			if k, v, ok := strings.Cut(strings.TrimSpace(param), "="); ok && strings.EqualFold(k, "q") {
				q, err := strconv.ParseFloat(v, 64)
				return err == nil && q > 0
			}
		}
		return true
	}
	return false
}

func withoutRange(r *http.Request) *http.Request {
	if r.Header.Get("Range") == "" {
		return r
	}
	c := *r
	c.Header = r.Header.Clone()
	c.Header.Del("Range")
	return &c
}

// types the standard library may not know on a machine without /etc/mime.types.
var types = map[string]string{
	".html":        "text/html; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".svg":         "image/svg+xml",
	".json":        "application/json",
	".woff2":       "font/woff2",
	".woff":        "font/woff",
	".png":         "image/png",
	".ico":         "image/x-icon",
	".txt":         "text/plain; charset=utf-8",
	".webmanifest": "application/manifest+json",
}

func contentType(name string, data []byte) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return http.DetectContentType(data)
}

const placeholder = `<!doctype html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gemella: app web non compilata</title>
</head>
<body>
<main>
<h1>L’app web di Gemella non è compilata</h1>
<p>Il server è attivo e risponde alle API GraphQL su <code>/graphql</code>, ma questo binario
è stato compilato senza l’interfaccia web.</p>
<p>Per includerla: <code>make build</code> (che esegue <code>npm ci</code> e <code>npm run build</code>
in <code>web/</code>), poi riavvia il server.</p>
<p>In modalità sviluppo (<code>gemella dev</code>) puoi provare le API con
<a href="/graphiql">GraphiQL</a>.</p>
</main>
</body>
</html>
`

func servePlaceholder(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store") // never kept once the app is built
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write([]byte(placeholder))
	}
}
