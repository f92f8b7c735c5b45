package guideline_test

import (
	"context"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"gocloud.dev/blob"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/devenv"
	"github.com/gemella/gemella/internal/directory"
	"github.com/gemella/gemella/internal/file"
	"github.com/gemella/gemella/internal/guideline"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	devenv.CleanupTestServers()
	os.Exit(code)
}

func blobCount(t *testing.T, b *blob.Bucket) int {
	t.Helper()
	n := 0
	it := b.List(nil)
	for {
		_, err := it.Next(context.Background())
		if err == io.EOF {
			return n
		}
		require.NoError(t, err)
		n++
	}
}

// TestImportKeepsItsFiles: an import's original is a file owned by the guideline, in the
// guideline's space; a refused new version leaves nothing in the bucket; a version that
// moves the guideline to another twinning takes every earlier file with it.
func TestImportKeepsItsFiles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := storetest.NewDB(t, storetest.Options{Seeded: true})
	u, err := file.DirURL(t.TempDir())
	require.NoError(t, err)
	bucket, err := file.OpenBucket(ctx, u)
	require.NoError(t, err)
	t.Cleanup(func() { _ = bucket.Close() })
	files := file.NewService(pool, bucket, 0)
	svc := guideline.NewService(pool, directory.NewService(pool), files)

	var first, second, trainerID, coordinatorID int64
	require.NoError(t, pool.QueryRow(ctx, `SELECT min(id), max(id) FROM twinnings`).Scan(&first, &second))
	require.NoError(t, pool.QueryRow(ctx, `SELECT id FROM users WHERE email = 'formatrice@gemella.test'`).Scan(&trainerID))
	require.NoError(t, pool.QueryRow(ctx, `SELECT id FROM users WHERE email = 'coordinatrice@gemella.test'`).Scan(&coordinatorID))
	// A twinning's report is for its members: the trainer belongs to both spaces.
	_, err = pool.Exec(ctx, `INSERT INTO twinning_members (twinning_id, user_id, role) VALUES ($1, $3, 'TRAINER'), ($2, $3, 'TRAINER')
		ON CONFLICT DO NOTHING`,
		first, second, trainerID)
	require.NoError(t, err)
	scopes := access.NewService(pool)
	as := func(u *auth.User) context.Context {
		return access.WithScope(auth.WithViewer(ctx, u), scopes.Scope(u))
	}
	trainer := as(&auth.User{ID: trainerID, Roles: []auth.Role{auth.Trainer}})
	other := as(&auth.User{ID: coordinatorID, Roles: []auth.Role{auth.RegionalCoordinator}})

	doc := "# Protocollo\n\n## Accoglienza\n\nLa famiglia viene accolta allo sportello.\n"
	g, err := svc.Import(trainer, guideline.ImportInput{FileName: "protocollo.md", File: strings.NewReader(doc), Title: "Protocollo", TwinningID: &first})
	require.NoError(t, err)
	got, err := files.ByIDs(ctx, []int64{g.FileID})
	require.NoError(t, err)
	f := got[g.FileID]
	require.Equal(t, file.Owner{Kind: file.OwnerGuideline, ID: g.ID}, f.Owner)
	require.Equal(t, &first, f.SpaceID)
	require.Equal(t, "text/markdown; charset=utf-8", f.ContentType, "the parsed kind, not the sniffed plain text")
	require.Equal(t, &trainerID, f.UploadedBy)
	require.Equal(t, 1, blobCount(t, bucket))

	_, err = svc.Import(other, guideline.ImportInput{FileName: "altro.md", File: strings.NewReader(doc), Title: "Altro", GuidelineID: &g.ID})
	require.True(t, apperr.Is(err, apperr.Forbidden), "%v", err)
	require.Equal(t, 1, blobCount(t, bucket), "a refused version leaves no file behind")

	// A new version stays in the guideline's space: moved out, it would show everyone what
	// the space kept for its members.
	_, err = svc.Import(trainer, guideline.ImportInput{FileName: "v2.md", File: strings.NewReader(doc), Title: "Protocollo", TwinningID: &second, GuidelineID: &g.ID})
	require.True(t, apperr.Is(err, apperr.Invalid), "%v", err)
	v2, err := svc.Import(trainer, guideline.ImportInput{FileName: "v2.md", File: strings.NewReader(doc + "\nSeconda versione.\n"), Title: "Protocollo", GuidelineID: &g.ID})
	require.NoError(t, err)
	require.NotEqual(t, g.FileID, v2.FileID)
	require.Equal(t, &first, v2.TwinningID, "no space named: the guideline's own")
	got, err = files.ByIDs(ctx, []int64{g.FileID, v2.FileID})
	require.NoError(t, err)
	for _, f := range got {
		require.Equal(t, &first, f.SpaceID, "every version's file is in the guideline's space")
	}
	require.Equal(t, 2, blobCount(t, bucket))

	// A file over the limit is refused before it reaches the bucket.
	small := guideline.NewService(pool, directory.NewService(pool), file.NewService(pool, bucket, 1<<10))
	_, err = small.Import(trainer, guideline.ImportInput{FileName: "lungo.md", File: strings.NewReader("# T\n\n" + strings.Repeat("parola ", 200)), Title: "Troppo lungo"})
	require.True(t, apperr.Is(err, apperr.TooLarge), "%v", err)
	require.Equal(t, 2, blobCount(t, bucket))

	// Deleting the guideline deletes every version's bytes, not only their rows.
	require.NoError(t, svc.Delete(trainer, g.ID))
	require.Equal(t, 0, blobCount(t, bucket), "no orphan bytes")
	var rows int
	require.NoError(t, pool.QueryRow(ctx, `SELECT count(*) FROM files WHERE owner_kind = 'guideline' AND owner_id = $1`, g.ID).Scan(&rows))
	require.Zero(t, rows)
}

// TestSectionsKeepInlineMarkup: bold, italics and links of Markdown and HTML documents reach
// the page's HTML, sanitised, while the text that search indexes stays plain; passages stored
// before marks existed show their text, escaped, with their lists.
func TestSectionsKeepInlineMarkup(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := storetest.NewDB(t, storetest.Options{Seeded: true})
	svc := guideline.NewService(pool, directory.NewService(pool), storetest.Files(t, pool))

	sectionsOf := func(name, doc string) []*guideline.Section {
		t.Helper()
		g, err := svc.ImportAsSystem(ctx, guideline.ImportInput{FileName: name, File: strings.NewReader(doc), Title: name})
		require.NoError(t, err)
		page, err := svc.Sections(ctx, g, paging.Page{First: 10})
		require.NoError(t, err)
		require.Len(t, page.Items, 1)
		return page.Items
	}

	md := sectionsOf("accoglienza.md", "# Accoglienza\n\nIl **primo colloquio** è _gratuito_: <strong>sempre</strong> "+
		"e <em>riservato</em>, vedi il [calendario](https://esempio.it/calendario).\n"+
		"Non [questo](javascript:alert(1)) <script>x()</script>.\n\n- un **punto**\n")
	require.Equal(t, "Il primo colloquio è gratuito: sempre e riservato, vedi il calendario. Non questo x().\n\n- un punto", md[0].Text)
	got := md[0].TextHTML()
	for _, want := range []string{"<strong>primo colloquio</strong>", "<em>gratuito</em>", "<strong>sempre</strong>",
		"<em>riservato</em>", `<a href="https://esempio.it/calendario" rel="nofollow noopener" target="_blank">calendario</a>`,
		"<li>un <strong>punto</strong></li>"} {
		require.Contains(t, got, want)
	}
	for _, bad := range []string{"<script", "javascript:", `<a rel`} {
		require.NotContains(t, got, bad)
	}

	page := sectionsOf("rete.html", `<h1>Rete</h1><p>Accordi <b>scritti</b> e <i>stabili</i> con <a href="/linee-guida">le altre</a>,
		mai <a href="javascript:alert(1)">così</a><script>alert(2)</script>.</p>`)
	got = page[0].TextHTML()
	for _, want := range []string{"<strong>scritti</strong>", "<em>stabili</em>", `<a href="/linee-guida" rel="nofollow noopener">le altre</a>`, "mai così."} {
		require.Contains(t, got, want)
	}
	for _, bad := range []string{"<script", "javascript:", "alert"} {
		require.NotContains(t, got, bad)
	}

	// A passage stored before marks existed.
	_, err := pool.Exec(ctx, `UPDATE guideline_sections SET marks = '[]' WHERE id = $1`, md[0].ID)
	require.NoError(t, err)
	old, err := svc.SectionsByIDs(ctx, []int64{md[0].ID})
	require.NoError(t, err)
	require.Equal(t, "<p>Il primo colloquio è gratuito: sempre e riservato, vedi il calendario. Non questo x().</p>\n<ul><li>un punto</li></ul>\n",
		old[md[0].ID].TextHTML())
}
