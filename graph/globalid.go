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

// decodeOne reads a global id of one kind.
func decodeOne(g, field, kind string) (int64, error) {
	_, id, err := decodeID(g, field, kind)
	return id, err
}

// decodeIDs reads a list of global ids of one kind.
func decodeIDs(gs []string, field, kind string) ([]int64, error) {
	out := make([]int64, len(gs))
	for i, g := range gs {
		id, err := decodeOne(g, field, kind)
		if err != nil {
			return nil, err
		}
		out[i] = id
	}
	return out, nil
}
