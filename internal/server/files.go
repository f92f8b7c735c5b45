package server

import (
	"context"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/gid"
	"github.com/gemella/gemella/internal/guideline"
	"github.com/gemella/gemella/internal/reqid"
)

// FileStore reads stored uploads.
type FileStore interface {
	FileContent(ctx context.Context, id int64) (*guideline.File, []byte, error)
}

// serveFile sends a stored upload's exact bytes. It is never rendered as a page of this
// site: anything but a PDF or an image downloads as an attachment, the type is the one
// detected at upload, and a sandbox CSP disarms whatever a browser does open inline.
func serveFile(files FileStore) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		kind, id, ok := gid.Decode(r.PathValue("id"))
		if !ok || kind != gid.File {
			problem(w, r, http.StatusNotFound, "common.not_found", nil)
			return
		}
		f, data, err := files.FileContent(r.Context(), id)
		if apperr.Is(err, apperr.NotFound) {
			problem(w, r, http.StatusNotFound, "common.not_found", nil)
			return
		}
		if err != nil {
			slog.ErrorContext(r.Context(), "reading a stored file", "request_id", reqid.From(r.Context()), "err", err)
			problem(w, r, http.StatusInternalServerError, "common.internal", map[string]any{"RequestID": reqid.From(r.Context())})
			return
		}
		disposition := "attachment"
		if f.ContentType == "application/pdf" || strings.HasPrefix(f.ContentType, "image/") {
			disposition = "inline"
		}
		h := w.Header()
		h.Set("Content-Type", f.ContentType)
		h.Set("Content-Length", strconv.Itoa(len(data)))
		if cd := mime.FormatMediaType(disposition, map[string]string{"filename": f.Name}); cd != "" {
			disposition = cd
		}
		h.Set("Content-Disposition", disposition)
		h.Set("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src 'self'")
		h.Set("Cache-Control", "private, max-age=3600")
		_, _ = w.Write(data)
	}
}
