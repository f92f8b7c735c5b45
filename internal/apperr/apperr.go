// Package apperr is Gemella's one error type: an expected failure with a code, the input
// field it concerns and a catalogue message id. Services return it; the GraphQL layer turns
// it into userErrors (mutations) or coded GraphQL errors (queries). Any other error is
// unexpected and is masked before it reaches a client.
package apperr

import (
	"errors"
	"strings"
)

// Code classifies an expected failure. The values are part of the API (UserError.code).
type Code string

const (
	Invalid         Code = "INVALID"
	Required        Code = "REQUIRED"
	NotFound        Code = "NOT_FOUND"
	Forbidden       Code = "FORBIDDEN"
	Unauthenticated Code = "UNAUTHENTICATED"
	Conflict        Code = "CONFLICT"
	RateLimited     Code = "RATE_LIMITED"
	TooLarge        Code = "TOO_LARGE"
	Unsupported     Code = "UNSUPPORTED"
	Unavailable     Code = "UNAVAILABLE"
)

// Error is an expected failure. MessageID names a catalogue entry (internal/i18n); Data fills
// its template.
type Error struct {
	Code      Code
	Field     string
	MessageID string
	Data      map[string]any
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(string(e.Code))
	if e.Field != "" {
		b.WriteString(" ")
		b.WriteString(e.Field)
	}
	b.WriteString(": ")
	b.WriteString(e.MessageID)
	return b.String()
}

// New returns an Error.
func New(code Code, field, messageID string) *Error {
	return &Error{Code: code, Field: field, MessageID: messageID}
}

// With returns a copy of e with template data added.
func (e *Error) With(key string, value any) *Error {
	c := *e
	c.Data = make(map[string]any, len(e.Data)+1)
	for k, v := range e.Data {
		c.Data[k] = v
	}
	c.Data[key] = value
	return &c
}

// List collects several validation problems so that a form can show them all at once.
type List []*Error

func (l List) Error() string {
	parts := make([]string, len(l))
	for i, e := range l {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// Add appends e when it is not nil.
func (l *List) Add(e *Error) {
	if e != nil {
		*l = append(*l, e)
	}
}

// Keep adds err's expected failures to l, so that a form shows them with its others. ok
// reports whether err was nil; unexpected is err when it is no expected failure.
func (l *List) Keep(err error) (ok bool, unexpected error) {
	if err == nil {
		return true, nil
	}
	if e, expected := Expected(err); expected {
		*l = append(*l, e...)
		return false, nil
	}
	return false, err
}

// Err returns the list as an error, or nil when it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Expected unwraps err into the expected failures it carries, or reports false when err is
// unexpected.
func Expected(err error) ([]*Error, bool) {
	var l List
	if errors.As(err, &l) {
		return l, true
	}
	var e *Error
	if errors.As(err, &e) {
		return []*Error{e}, true
	}
	return nil, false
}

// Is reports whether err is an expected failure with the given code.
func Is(err error, code Code) bool {
	errs, ok := Expected(err)
	if !ok {
		return false
	}
	for _, e := range errs {
		if e.Code == code {
			return true
		}
	}
	return false
}
