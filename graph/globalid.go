package graph

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/gemella/gemella/internal/apperr"
)

// Global ids are base64url("Type:id"): opaque to clients, and they tell node(id:) which
// table to read.
const (
	kindUser        = "User"
	kindRegion      = "Region"
	kindServiceArea = "ServiceArea"
	kindCenter      = "Center"
	kindTwinning    = "Twinning"
	kindDiscussion  = "Discussion"
	kindQuestion    = "Question"
	kindAnswer      = "Answer"
	kindComment     = "Comment"
)

func globalID(kind string, id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(kind + ":" + strconv.FormatInt(id, 10)))
}

// parseGlobalID splits a global id; ok is false for anything malformed.
func parseGlobalID(gid string) (kind string, id int64, ok bool) {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(gid, "="))
	if err != nil {
		return "", 0, false
	}
	kind, num, found := strings.Cut(string(raw), ":")
	if !found {
		return "", 0, false
	}
	id, err = strconv.ParseInt(num, 10, 64)
	if err != nil || id <= 0 {
		return "", 0, false
	}
	return kind, id, true
}

// decodeID reads a global id of one of kinds from a client's input; anything else is a
// userError on field.
func decodeID(gid, field string, kinds ...string) (string, int64, error) {
	kind, id, ok := parseGlobalID(gid)
	if ok {
		for _, k := range kinds {
			if k == kind {
				return kind, id, nil
			}
		}
	}
	return "", 0, apperr.New(apperr.NotFound, field, "common.id.invalid")
}

// decodeOptionalID is decodeID for a nullable argument.
func decodeOptionalID(gid *string, field, kind string) (*int64, error) {
	if gid == nil {
		return nil, nil
	}
	_, id, err := decodeID(*gid, field, kind)
	if err != nil {
		return nil, err
	}
	return &id, nil
}
