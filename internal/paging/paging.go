// Package paging validates Relay page arguments and encodes keyset cursors. Cursors are
// opaque to clients: base64 of a small JSON value that a list's query compares against its
// sort key, never an offset.
package paging

import (
	"encoding/base64"
	"encoding/json"

	"github.com/gemella/gemella/internal/apperr"
)

const (
	// DefaultSize is the page size when a client sends no `first`.
	DefaultSize = 20
	// MaxSize is the largest page a client may ask for.
	MaxSize = 100
	// HistorySize is how many earlier versions a history (a post's revisions) shows: the
	// newest. Each holds a whole text, and a history would otherwise grow with every edit.
	HistorySize = 10
)

// Page is a validated request for one page.
type Page struct {
	First int
	After string // raw cursor, "" for the first page
	// Count says the caller will ask for the total: a first page may read it with its rows.
	Count bool
}

// New validates first/after from a GraphQL connection field.
func New(first *int, after *string) (Page, error) {
	p := Page{First: DefaultSize}
	if first != nil {
		if *first < 0 || *first > MaxSize {
			return p, apperr.New(apperr.Invalid, "first", "paging.first.range").With("Max", MaxSize)
		}
		p.First = *first
	}
	if after != nil {
		p.After = *after
	}
	return p, nil
}

// Encode makes a cursor from a sort key.
func Encode(key any) string {
	b, err := json.Marshal(key)
	if err != nil {
		// Sort keys are plain structs of numbers, strings and times: this cannot fail.
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Decode reads the page's cursor into key. It reports false for the first page.
func (p Page) Decode(key any) (bool, error) {
	if p.After == "" {
		return false, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(p.After)
	if err != nil || json.Unmarshal(b, key) != nil {
		return false, apperr.New(apperr.Invalid, "after", "paging.after.invalid")
	}
	return true, nil
}

// Result is one page of items with what a Relay connection needs. Count runs only when
// the client asks for totalCount.
type Result[T any] struct {
	Items       []T
	Cursors     []string
	HasNextPage bool
	Count       func() (int, error)
}

// Trim turns the first+1 rows a keyset query fetched into a page: the extra row only tells
// that a next page exists.
func Trim[T any](rows []T, p Page, cursor func(T) any) Result[T] {
	r := Result[T]{Items: rows}
	if len(rows) > p.First {
		r.Items = rows[:p.First]
		r.HasNextPage = true
	}
	r.Cursors = make([]string, len(r.Items))
	for i, it := range r.Items {
		r.Cursors[i] = Encode(cursor(it))
	}
	return r
}
