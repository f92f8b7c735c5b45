// Package gid encodes Relay global ids: base64url("Type:id"). They are opaque to clients;
// the API decodes them to know which table to read, and search documents carry them in
// their URLs so that a hit opens the object it found.
package gid

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// Kinds of object with a global id.
const (
	User             = "User"
	Region           = "Region"
	ServiceArea      = "ServiceArea"
	Center           = "Center"
	Twinning         = "Twinning"
	JoinRequest      = "JoinRequest"
	Discussion       = "Discussion"
	Question         = "Question"
	Answer           = "Answer"
	Comment          = "Comment"
	Guideline        = "Guideline"
	GuidelineSection = "GuidelineSection"
	Practice         = "Practice"
	Workshop         = "Workshop"
	WorkshopSession  = "WorkshopSession"
	WorkshopMaterial = "WorkshopMaterial"
	Registration     = "WorkshopRegistration"
	Message          = "Message"
	Notification     = "Notification"
)

// Encode returns the global id of an object.
func Encode(kind string, id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(kind + ":" + strconv.FormatInt(id, 10)))
}

// Decode splits a global id; ok is false for anything malformed.
func Decode(g string) (kind string, id int64, ok bool) {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(g, "="))
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
