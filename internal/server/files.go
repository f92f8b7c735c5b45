package server

import (
	"context"
	"encoding/hex"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"

	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/file"
	"github.com/gemella/gemella/internal/reqid"
)

// FileStore opens stored files for the viewer of the context's scope (withScope).
type FileStore interface {
	Open(ctx context.Context, token string) (*file.File, io.ReadSeekCloser, error)
}

// serveFile sends a stored file's exact bytes, streamed from the bucket, to a viewer who
// may read its space; to anyone else it answers as for a missing file. It is never
// rendered as a page of this site: anything but a PDF or a raster image downloads as an
// attachment, the type is the one detected at upload, and a sandbox CSP disarms whatever a
// browser does open inline. Ranges and conditional requests are http.ServeContent's.
func serveFile(files FileStore) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		f, body, err := files.Open(ctx, r.PathValue("id"))
		if apperr.Is(err, apperr.NotFound) {
			problem(w, r, http.StatusNotFound, "common.not_found", nil)
			return
		}
		if err != nil {
			slog.ErrorContext(ctx, "reading a stored file", "request_id", reqid.From(ctx), "err", err)
			problem(w, r, http.StatusInternalServerError, "common.internal", map[string]any{"RequestID": reqid.From(ctx)})
			return
		}
		defer body.Close()
		disposition := "attachment"
		if f.ContentType == "application/pdf" || (strings.HasPrefix(f.ContentType, "image/") && !strings.HasPrefix(f.ContentType, "image/svg")) {
			disposition = "inline"
		}
		h := w.Header()
		h.Set("Content-Type", f.ContentType)
		if cd := mime.FormatMediaType(disposition, map[string]string{"filename": f.Name}); cd != "" {
			disposition = cd
		}
		h.Set("Content-Disposition", disposition)
		h.Set("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src 'self'")
		h.Set("Cache-Control", "private, max-age=3600")
		h.Set("ETag", `"`+hex.EncodeToString(f.SHA256)+`"`)
		http.ServeContent(w, r, "", f.CreatedAt, body)
	}
}
