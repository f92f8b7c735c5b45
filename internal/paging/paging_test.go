package paging

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/apperr"
)

func ptr[T any](v T) *T { return &v }

func TestNewValidatesSize(t *testing.T) {
	p, err := New(nil, nil)
	require.NoError(t, err)
	require.Equal(t, DefaultSize, p.First)

	for _, n := range []int{0, 1, 100} {
		p, err := New(ptr(n), nil)
		require.NoError(t, err)
		require.Equal(t, n, p.First)
	}
	for _, n := range []int{-1, 101, 6000} {
		_, err := New(ptr(n), nil)
		require.True(t, apperr.Is(err, apperr.Invalid), "first=%d", n)
	}
}

func TestCursorRoundTrip(t *testing.T) {
	type key struct {
		Score int   `json:"s"`
		ID    int64 `json:"i"`
	}
	p := Page{First: 2, After: Encode(key{Score: -3, ID: 42})}
	var k key
	ok, err := p.Decode(&k)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, key{Score: -3, ID: 42}, k)

	for _, bad := range []string{"%%%", "bm90IGpzb24", Encode("a string")} {
		_, err := Page{After: bad}.Decode(&k)
		require.True(t, apperr.Is(err, apperr.Invalid), "cursor %q", bad)
	}
}

func TestTrim(t *testing.T) {
	p := Page{First: 2}
	r := Trim([]int{1, 2, 3}, p, func(i int) any { return i })
	require.Equal(t, []int{1, 2}, r.Items)
	require.True(t, r.HasNextPage)
	require.Len(t, r.Cursors, 2)

	r = Trim([]int{1, 2}, p, func(i int) any { return i })
	require.False(t, r.HasNextPage)
}
