package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// writeLargePDF writes a PDF of exactly size bytes: one page of text and a greyscale
// picture that makes up the rest, as in the scanned leaflets and atlases centres share.
func writeLargePDF(t testing.TB, path string, size int64) {
	t.Helper()
	const width = 1024
	write := func(w io.Writer, pixels, pad int64) int64 {
		cw := &countingWriter{w: w}
		offsets := map[int]int64{}
		object := func(n int, body string) {
			offsets[n] = cw.n
			fmt.Fprintf(cw, "%d 0 obj\n%s\nendobj\n", n, body)
		}
		fmt.Fprintf(cw, "%%PDF-1.4\n%%%s\n", padding(pad))
		object(1, "<< /Type /Catalog /Pages 2 0 R >>")
		object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
		object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> /Contents 4 0 R >>")
		content := "BT /F1 14 Tf 72 770 Td (Atlante dei servizi per le famiglie) Tj 0 -24 Td (Mappa dei centri e degli sportelli della provincia.) Tj ET q 450 0 0 600 72 100 cm /Im1 Do Q"
		object(4, fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content))
		object(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
		offsets[6] = cw.n
		fmt.Fprintf(cw, "6 0 obj\n<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Length %d >>\nstream\n",
			width, pixels/width, pixels)
		rng := rand.New(rand.NewChaCha8([32]byte{1}))
		buf := make([]byte, 64<<10)
		for left := pixels; left > 0; left -= int64(len(buf)) {
			chunk := buf[:min(int64(len(buf)), left)]
			for i := range chunk {
				chunk[i] = byte(rng.Uint32())
			}
			_, _ = cw.Write(chunk)
		}
		fmt.Fprint(cw, "\nendstream\nendobj\n")
		xref := cw.n
		fmt.Fprintf(cw, "xref\n0 7\n0000000000 65535 f \n")
		for n := 1; n <= 6; n++ {
			fmt.Fprintf(cw, "%010d 00000 n \n", offsets[n])
		}
		fmt.Fprintf(cw, "trailer\n<< /Size 7 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", xref)
		return cw.n
	}
	pixels := (size - 2048) / width * width
	pad := size - write(io.Discard, pixels, 0)
	f, err := os.Create(path)
	require.NoError(t, err)
	bw := bufio.NewWriter(f)
	require.Equal(t, size, write(bw, pixels, pad))
	require.NoError(t, bw.Flush())
	require.NoError(t, f.Close())
}

func padding(n int64) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = ' '
	}
	return string(b)
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// multipartFile writes a GraphQL multipart request whose file part is the file at path,
// to a file of its own, so that neither side of the test holds the upload in memory.
func multipartFile(t testing.TB, dir, query string, vars map[string]any, path string) (body *os.File, contentType string) {
	t.Helper()
	vars["file"] = nil
	ops, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	require.NoError(t, err)
	out, err := os.Create(filepath.Join(dir, "request"))
	require.NoError(t, err)
	w := multipart.NewWriter(out)
	require.NoError(t, w.WriteField("operations", string(ops)))
	require.NoError(t, w.WriteField("map", `{"0": ["variables.file"]}`))
	part, err := w.CreateFormFile("0", filepath.Base(path))
	require.NoError(t, err)
	in, err := os.Open(path)
	require.NoError(t, err)
	_, err = io.Copy(part, in)
	require.NoError(t, err)
	require.NoError(t, in.Close())
	require.NoError(t, w.Close())
	_, err = out.Seek(0, io.SeekStart)
	require.NoError(t, err)
	return out, w.FormDataContentType()
}

// TestLargeFileMemoryIsBounded: a 50 MiB document goes up through GraphQL multipart and
// comes back down with the heap (server and client together) growing by under 16 MiB:
// the upload is spooled to disk, parsed in place and streamed to the bucket, the download
// streamed from it. The figures go to docs/PERFORMANCE.md.
func TestLargeFileMemoryIsBounded(t *testing.T) {
	s := newTestServer(t, serverOptions{Seeded: true})
	tok := s.login(t, trainer)
	dir := t.TempDir()
	pdf := filepath.Join(dir, "atlante.pdf")
	const size = 50 << 20
	writeLargePDF(t, pdf, size)
	want := sha256File(t, pdf)
	body, contentType := multipartFile(t, dir, importMutation, map[string]any{"title": "Atlante dei servizi"}, pdf)
	defer body.Close()
	st, err := body.Stat()
	require.NoError(t, err)

	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var uploaded, downloaded time.Duration
	peak := peakHeap(func() {
		start := time.Now()
		req, err := http.NewRequest(http.MethodPost, s.URL+"/graphql", body)
		require.NoError(t, err)
		req.ContentLength = st.Size()
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("Authorization", "Bearer "+tok)
		r := s.send(t, req)
		require.Equal(t, http.StatusOK, r.Status, string(r.Raw))
		require.Empty(t, userErrorCodes(dig(r.Data, "importGuideline")), string(r.Raw))
		uploaded = time.Since(start)

		id := dig(r.Data, "importGuideline", "guideline", "id").(string)
		d := s.ok(t, "", `query($id: ID!) { node(id: $id) { ... on Guideline { file { size contentType url } } } }`, map[string]any{"id": id})
		require.EqualValues(t, size, dig(d, "node", "file", "size"))
		require.Equal(t, "application/pdf", dig(d, "node", "file", "contentType"))
		start = time.Now()
		res, err := s.Client().Get(s.URL + dig(d, "node", "file", "url").(string))
		require.NoError(t, err)
		defer res.Body.Close()
		require.Equal(t, http.StatusOK, res.StatusCode)
		require.Equal(t, fmt.Sprint(size), res.Header.Get("Content-Length"))
		require.True(t, strings.HasPrefix(res.Header.Get("Content-Disposition"), "inline"), "a PDF opens in the browser")
		sum := sha256.New()
		n, err := io.Copy(sum, res.Body)
		require.NoError(t, err)
		downloaded = time.Since(start)
		require.EqualValues(t, size, n)
		require.Equal(t, want, hex.EncodeToString(sum.Sum(nil)), "the exact bytes come back")
	})
	growth := int64(peak) - int64(base.HeapInuse)

	// The baseline, measured the same way: the file held whole once, as a handler that
	// reads an upload or a download into a []byte does.
	runtime.GC()
	runtime.ReadMemStats(&base)
	var whole []byte
	baseline := int64(peakHeap(func() {
		whole, err = os.ReadFile(pdf)
		require.NoError(t, err)
		time.Sleep(20 * time.Millisecond)
	})) - int64(base.HeapInuse)
	runtime.KeepAlive(whole)

	t.Logf("50 MiB PDF: uploaded and imported in %s, downloaded in %s; heap in use grew by %.1f MiB at most, against %.1f MiB for the file held whole once (%.3f×)",
		uploaded.Round(time.Millisecond), downloaded.Round(time.Millisecond), float64(growth)/(1<<20), float64(baseline)/(1<<20), float64(growth)/float64(baseline))
	require.Greater(t, baseline, int64(size)*9/10, "the sampler sees a whole file")
	require.Less(t, growth, int64(16<<20), "under 16 MiB")
}

func sha256File(t testing.TB, path string) string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	h := sha256.New()
	_, err = io.Copy(h, f)
	require.NoError(t, err)
	return hex.EncodeToString(h.Sum(nil))
}

// TestFileDownloadFollowsItsSpace: a file in a twinning's space downloads for whoever may
// read the space, with ranges and validators; to anyone else, a removed member included,
// it answers exactly as a missing file.
func TestFileDownloadFollowsItsSpace(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	ctx := t.Context()
	var token, sha string
	var space int64
	var size int
	require.NoError(t, s.app.pool.QueryRow(ctx, `SELECT token, space_id, encode(sha256, 'hex'), size FROM files
		WHERE space_id IS NOT NULL ORDER BY id LIMIT 1`).Scan(&token, &space, &sha, &size))
	var operatorID int64
	require.NoError(t, s.app.pool.QueryRow(ctx, `SELECT id FROM users WHERE email = $1`, operator).Scan(&operatorID))
	opToken, modToken := s.login(t, operator), s.login(t, moderator)
	// The operator starts outside the space, whatever the demo data says.
	_, err := s.app.pool.Exec(ctx, `DELETE FROM twinning_members WHERE twinning_id = $1 AND user_id = $2`, space, operatorID)
	require.NoError(t, err)

	get := func(bearer string, header map[string]string) (*http.Response, []byte) {
		req, err := http.NewRequest(http.MethodGet, s.URL+"/files/"+token, nil)
		require.NoError(t, err)
		if bearer != "" {
			req.Header.Set("Authorization", "Bearer "+bearer)
		}
		for k, v := range header {
			req.Header.Set(k, v)
		}
		res, err := s.Client().Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res, body
	}
	res, err := s.Client().Get(s.URL + "/files/ffffffffffffffffffffffffffffffff")
	require.NoError(t, err)
	missingBody, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, http.StatusNotFound, res.StatusCode)
	sameAsMissing := func(who, bearer string) {
		t.Helper()
		res, body := get(bearer, nil)
		require.Equal(t, http.StatusNotFound, res.StatusCode, who)
		var got, want map[string]any
		require.NoError(t, json.Unmarshal(body, &got))
		require.NoError(t, json.Unmarshal(missingBody, &want))
		require.Equal(t, dig(want, "errors", 0, "message"), dig(got, "errors", 0, "message"), who)
		require.Equal(t, dig(want, "errors", 0, "extensions", "code"), dig(got, "errors", 0, "extensions", "code"), who)
	}
	setLevel := func(level string) {
		_, err := s.app.pool.Exec(ctx, `UPDATE twinnings SET visibility = $2 WHERE id = $1`, space, level)
		require.NoError(t, err)
	}

	// OPEN, the demo's level: anyone, with the exact bytes and their validators.
	res, body := get("", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Len(t, body, size)
	require.Equal(t, fmt.Sprint(size), res.Header.Get("Content-Length"))
	require.Equal(t, `"`+sha+`"`, res.Header.Get("ETag"))
	require.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"))
	require.Contains(t, res.Header.Get("Content-Security-Policy"), "sandbox")
	require.True(t, strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment"))
	res, part := get("", map[string]string{"Range": "bytes=2-11"})
	require.Equal(t, http.StatusPartialContent, res.StatusCode)
	require.Equal(t, body[2:12], part)
	res, _ = get("", map[string]string{"If-None-Match": `"` + sha + `"`})
	require.Equal(t, http.StatusNotModified, res.StatusCode)

	setLevel("COMMUNITY")
	sameAsMissing("anonymous, community space", "")
	res, _ = get(opToken, nil)
	require.Equal(t, http.StatusOK, res.StatusCode, "any member of Gemella")

	setLevel("RESTRICTED")
	sameAsMissing("non-member, restricted space", opToken)
	sameAsMissing("anonymous, restricted space", "")
	res, _ = get(modToken, nil)
	require.Equal(t, http.StatusOK, res.StatusCode, "moderators read every space")
	_, err = s.app.pool.Exec(ctx, `INSERT INTO twinning_members (twinning_id, user_id, role) VALUES ($1, $2, 'RECEIVING')`, space, operatorID)
	require.NoError(t, err)
	res, _ = get(opToken, nil)
	require.Equal(t, http.StatusOK, res.StatusCode, "the space's member")
	_, err = s.app.pool.Exec(ctx, `DELETE FROM twinning_members WHERE twinning_id = $1 AND user_id = $2`, space, operatorID)
	require.NoError(t, err)
	sameAsMissing("removed member, on the next request", opToken)

	// The sequential ids files once had are no way in.
	var id int64
	require.NoError(t, s.app.pool.QueryRow(ctx, `SELECT id FROM files WHERE token = $1`, token).Scan(&id))
	for _, guess := range []string{fmt.Sprint(id), "RmlsZTox", "RmlsZTo" + fmt.Sprint(id)} {
		res, err := s.Client().Get(s.URL + "/files/" + guess)
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, http.StatusNotFound, res.StatusCode, guess)
	}
}

// TestUploadWithoutLengthIsRefused: gqlgen's multipart transport holds in memory a body
// whose length it does not know, so an upload must state it.
func TestUploadWithoutLengthIsRefused(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, serverOptions{Seeded: true})
	ct, body := multipartBody(map[string]string{"operations": importOps, "map": `{"0":["variables.f"]}`}, "# Titolo\n\ntesto")()
	req, err := http.NewRequest(http.MethodPost, s.URL+"/graphql", io.MultiReader(strings.NewReader(string(body))))
	require.NoError(t, err)
	req.Header.Set("Content-Type", ct)
	req.ContentLength = -1 // sent chunked
	r := s.send(t, req)
	require.Equal(t, http.StatusLengthRequired, r.Status, string(r.Raw))
	require.Equal(t, "LENGTH_REQUIRED", r.Errors[0].Extensions["code"])
}
