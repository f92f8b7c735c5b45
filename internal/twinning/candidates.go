package twinning

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/store"
)

const (
	// MaxCandidates is the most people one search returns.
	MaxCandidates = 20
	// MinCandidateQuery is how many letters a search needs before it looks for anyone.
	MinCandidateQuery = 2
	maxQueryWords     = 5
	maxQueryWord      = 40
)

// queryWords splits a search into its words of letters and digits, at most maxQueryWords
// of at most maxQueryWord letters each; nil when they hold fewer than MinCandidateQuery
// letters in all.
func queryWords(query string) []string {
	words := strings.FieldsFunc(query, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) > maxQueryWords {
		words = words[:maxQueryWords]
	}
	n := 0
	for i, w := range words {
		if r := []rune(w); len(r) > maxQueryWord {
			words[i] = string(r[:maxQueryWord])
		}
		n += utf8.RuneCountInString(words[i])
	}
	if n < MinCandidateQuery {
		return nil
	}
	return words
}

// Candidates returns people who could be added to the space, for its managers (the rule of
// AddMember): those whose name has a word beginning with each word of query, accents and
// case aside, who are not members yet; by name, at most first (MaxCandidates). Anyone else
// gets nil, as for a field they may not see; a query of fewer than MinCandidateQuery
// letters finds no one.
func (s *Service) Candidates(ctx context.Context, t *Twinning, query string, first int) ([]*auth.User, error) {
	ok, err := s.CanManage(ctx, t)
	if err != nil || !ok {
		return nil, err
	}
	words := queryWords(query)
	if words == nil {
		return []*auth.User{}, nil
	}
	first = min(max(first, 1), MaxCandidates)
	// One condition per word, so that the trigram index of migration 010 serves each; the
	// query's words are folded by the same function as the names.
	args := []any{t.ID, first}
	var match strings.Builder
	for _, w := range words {
		args = append(args, w)
		fmt.Fprintf(&match, ` AND u.name_words LIKE '%% ' || name_fold($%d) || '%%'`, len(args))
	}
	found, err := store.Collect(ctx, s.pool, `SELECT `+auth.UserColumns+` FROM users u
		WHERE NOT EXISTS (SELECT 1 FROM twinning_members m WHERE m.twinning_id = $1 AND m.user_id = u.id)`+match.String()+`
		ORDER BY u.name_words, u.id LIMIT $2`, args,
		func(row pgx.Row) (*auth.User, error) { return auth.ScanUser(row) })
	if found == nil && err == nil {
		found = []*auth.User{} // none found, which is not "not for you"
	}
	return found, err
}
