package paging

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/apperr"
)

// FuzzCursor: any string a client sends as a cursor is either an INVALID error on "after"
// or decodes; cursors the server makes decode to the key they were made from.
func FuzzCursor(f *testing.F) {
	type key struct {
		At time.Time `json:"t"`
		ID int64     `json:"i"`
	}
	f.Add(Encode(key{At: time.Unix(1_700_000_000, 0).UTC(), ID: 7}), int64(7))
	f.Add("", int64(1))
	f.Add("e30", int64(-3))
	f.Add("!!", int64(0))
	f.Fuzz(func(t *testing.T, after string, id int64) {
		var k key
		ok, err := Page{After: after}.Decode(&k)
		if err != nil {
			require.True(t, apperr.Is(err, apperr.Invalid))
			require.False(t, ok)
		}
		want := key{At: time.Unix(id%1e10, 0).UTC(), ID: id}
		var got key
		ok, err = Page{After: Encode(want)}.Decode(&got)
		require.NoError(t, err)
		require.True(t, ok)
		require.Equal(t, want.ID, got.ID)
		require.True(t, want.At.Equal(got.At))
	})
}
