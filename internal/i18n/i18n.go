// Package i18n is the catalogue of every user-facing message, Italian first and English
// second. The language of a request comes from its Accept-Language header; Italian is the
// default for everyone else.
package i18n

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

//go:embed locales/*.json
var locales embed.FS

var bundle = mustBundle()

func mustBundle() *i18n.Bundle {
	b := i18n.NewBundle(language.Italian)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	for _, name := range []string{"locales/it.json", "locales/en.json"} {
		if _, err := b.LoadMessageFileFS(locales, name); err != nil {
			panic(fmt.Sprintf("i18n: %s: %v", name, err))
		}
	}
	return b
}

type ctxKey struct{}

// Localizer translates catalogue messages into one language.
type Localizer struct {
	l       *i18n.Localizer
	tag     language.Tag
	numbers *message.Printer // the language's digit grouping: 50.000 in Italian, 50,000 in English
}

var matcher = language.NewMatcher([]language.Tag{language.Italian, language.English})

// For returns the localizer for an Accept-Language value (Italian when empty or unknown).
func For(acceptLanguage string) *Localizer {
	tag, _ := language.MatchStrings(matcher, acceptLanguage)
	return &Localizer{l: i18n.NewLocalizer(bundle, acceptLanguage, "it"), tag: tag, numbers: message.NewPrinter(tag)}
}

// Lang is the localizer's language as a BCP 47 tag ("it", "en"), for documents that
// declare theirs.
func (l *Localizer) Lang() string {
	base, _ := l.tag.Base()
	return base.String()
}

// Decimal writes x with at most two decimals in the language's style: "7,5" in Italian,
// "7.5" in English.
func (l *Localizer) Decimal(x float64) string {
	return l.numbers.Sprint(number.Decimal(x, number.MaxFractionDigits(2)))
}

// WithLocalizer returns ctx carrying l.
func WithLocalizer(ctx context.Context, l *Localizer) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

// From returns the request's localizer, or the Italian one.
func From(ctx context.Context) *Localizer {
	if l, ok := ctx.Value(ctxKey{}).(*Localizer); ok {
		return l
	}
	return italian
}

var italian = For("it")

// Middleware picks the language of each request.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(WithLocalizer(r.Context(), For(r.Header.Get("Accept-Language")))))
	})
}

// T translates message id with template data. A missing id is a programming error that the
// catalogue test catches; at run time it falls back to the id itself rather than failing a
// request.
func (l *Localizer) T(id string, data map[string]any) string {
	s, err := l.l.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: l.grouped(data)})
	if err != nil {
		return id
	}
	return s
}

// grouped writes the integers of data with the language's thousands separator ("50.000
// caratteri") when one of them has five digits or more; then every one from 1,000 up is
// grouped too, so that one sentence never mixes "20.701" and "5000". Four-digit numbers alone
// stay as they are, as Italian style has it, and years (2024) never read "2.024".
func (l *Localizer) grouped(data map[string]any) map[string]any {
	ints := map[string]int64{}
	large := false
	for k, v := range data {
		switch x := v.(type) {
		case int:
			ints[k] = int64(x)
		case int64:
			ints[k] = x
		default:
			continue
		}
		large = large || ints[k] >= 10_000 || ints[k] <= -10_000
	}
	if !large {
		return data
	}
	out := make(map[string]any, len(data))
	for k, v := range data {
		out[k] = v
		if n, ok := ints[k]; ok && (n >= 1000 || n <= -1000) {
			out[k] = l.numbers.Sprintf("%d", n)
		}
	}
	return out
}

// T translates with the request's localizer.
func T(ctx context.Context, id string, data map[string]any) string {
	return From(ctx).T(id, data)
}

// IDs lists the message ids of a language file, for the catalogue's completeness test.
func IDs(lang string) (map[string]string, error) {
	raw, err := locales.ReadFile("locales/" + lang + ".json")
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	return m, json.Unmarshal(raw, &m)
}
