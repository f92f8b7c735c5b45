package twinning

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/store"
)

// MaxCandidates is the most people one search returns.
const MaxCandidates = 20

// Candidates returns people who could be added to the space, for its managers (the rule of
// AddMember): those whose name has a word beginning with each word of query, accents and
// case aside, who are not members yet; by name, at most first (MaxCandidates). Anyone else
// gets nil, as for a field they may not see; a query of fewer than auth.MinNameQuery
// letters finds no one.
func (s *Service) Candidates(ctx context.Context, t *Twinning, query string, first int) ([]*auth.User, error) {
	ok, err := s.CanManage(ctx, t)
	if err != nil || !ok {
		return nil, err
	}
	first = min(max(first, 1), MaxCandidates)
	match, args, ok := auth.NameMatch(query, []any{t.ID, first})
	if !ok {
		return []*auth.User{}, nil
	}
	found, err := store.Collect(ctx, s.pool, `SELECT `+auth.UserColumns+` FROM users u
		WHERE NOT EXISTS (SELECT 1 FROM twinning_members m WHERE m.twinning_id = $1 AND m.user_id = u.id) AND `+match+`
		ORDER BY u.name_words, u.id LIMIT $2`, args,
		func(row pgx.Row) (*auth.User, error) { return auth.ScanUser(row) })
	if found == nil && err == nil {
		found = []*auth.User{} // none found, which is not "not for you"
	}
	return found, err
}
