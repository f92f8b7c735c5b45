package graph

import (
	"slices"

	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/gid"
)

// decodeID reads a global id of one of kinds from a client's input; anything else is a
// userError on field.
func decodeID(g, field string, kinds ...string) (string, int64, error) {
	kind, id, ok := gid.Decode(g)
	if !ok || !slices.Contains(kinds, kind) {
		return "", 0, apperr.New(apperr.NotFound, field, "common.id.invalid")
	}
	return kind, id, nil
}

// decodeOptionalID is decodeID for a nullable argument.
func decodeOptionalID(g *string, field, kind string) (*int64, error) {
	if g == nil {
		return nil, nil
	}
	_, id, err := decodeID(*g, field, kind)
	if err != nil {
		return nil, err
	}
	return &id, nil
}
