package graph

import (
	"context"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"

	"github.com/gemella/gemella/graph/generated"
	"github.com/gemella/gemella/graph/model"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/i18n"
	"github.com/gemella/gemella/internal/plaintext"
)

// guardText refuses, for every field and every service behind it, string arguments that
// cannot be stored as text (a NUL character, which PostgreSQL refuses, or invalid UTF-8
// from a multipart file name): a mutation answers with a userError on the input field, a
// query with an INVALID error naming the argument, and no resolver runs.
func guardText(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || len(fc.Args) == 0 {
		return next(ctx)
	}
	field, ok := invalidText(fc.Args)
	if !ok {
		return next(ctx)
	}
	e := apperr.New(apperr.Invalid, field, "common.text.invalid")
	if fc.Object == "Mutation" {
		if p, ok := payloadWithError(ctx, fc.Field.Name, e); ok {
			return p, nil
		}
	}
	return nil, e
}

// invalidText finds the first string in args that is not storable text, and names it as
// userErrors do: by the input field ("title", "tags"), else by the argument.
func invalidText(args map[string]any) (string, bool) {
	for name, v := range args {
		if field, bad := findInvalid(reflect.ValueOf(v), name); bad {
			return field, true
		}
	}
	return "", false
}

func findInvalid(v reflect.Value, name string) (string, bool) {
	switch v.Kind() {
	case reflect.String:
		return name, !plaintext.ValidText(v.String())
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return "", false
		}
		return findInvalid(v.Elem(), name)
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if f, bad := findInvalid(v.Index(i), name); bad {
				return f, true
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if f, bad := findInvalid(it.Value(), name); bad {
				return f, true
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			sf := t.Field(i)
			if !sf.IsExported() {
				continue
			}
			field := sf.Name
			if tag, _, _ := strings.Cut(sf.Tag.Get("json"), ","); tag != "" && tag != "-" {
				field = tag
			}
			if f, bad := findInvalid(v.Field(i), field); bad {
				return f, true
			}
		}
	}
	return "", false
}

// payloadTypes maps each mutation field to the payload type its resolver returns, read
// off the resolver interface once: every payload has UserErrors, which a test checks.
var payloadTypes = func() map[string]reflect.Type {
	m := map[string]reflect.Type{}
	t := reflect.TypeFor[generated.MutationResolver]()
	for i := range t.NumMethod() {
		meth := t.Method(i)
		r, size := utf8.DecodeRuneInString(meth.Name)
		m[string(unicode.ToLower(r))+meth.Name[size:]] = meth.Type.Out(0)
	}
	return m
}()

// payloadWithError returns the mutation's payload carrying e as its only userError.
func payloadWithError(ctx context.Context, mutation string, e *apperr.Error) (any, bool) {
	t, ok := payloadTypes[mutation]
	if !ok || t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		return nil, false
	}
	p := reflect.New(t.Elem())
	ue := p.Elem().FieldByName("UserErrors")
	if !ue.IsValid() || ue.Type() != reflect.TypeFor[[]*model.UserError]() {
		return nil, false
	}
	field := e.Field
	ue.Set(reflect.ValueOf([]*model.UserError{{Field: &field, Message: i18n.T(ctx, e.MessageID, e.Data), Code: model.ErrorCode(e.Code)}}))
	return p.Interface(), true
}
