package graph

import (
	"context"

	"github.com/gemella/gemella/internal/question"
)

// preloadQuestions reads what a page of questions shows below them before gqlgen resolves
// it: the authors, the authors' centres and the spaces, one statement each and only when
// the operation asks for them. The loaders, primed, answer at once, where they would each
// wait a batching window, level after level.
func (r *Resolver) preloadQuestions(ctx context.Context, items []*question.Question) error {
	l := loadersFrom(ctx)
	if selects(ctx, "edges", "node", "author") {
		users, err := preload(ctx, l.users, r.svc.Auth.UsersByIDs, authorsOf(items, func(q *question.Question) int64 { return q.AuthorID }))
		if err != nil {
			return err
		}
		if selects(ctx, "edges", "node", "author", "center") {
			var centers []int64
			for _, u := range users {
				if u.CenterID != nil {
					centers = append(centers, *u.CenterID)
				}
			}
			if _, err := preload(ctx, l.centers, r.svc.Directory.CentersByIDs, centers); err != nil {
				return err
			}
		}
	}
	if selects(ctx, "edges", "node", "space") {
		var spaces []int64
		for _, q := range items {
			if q.SpaceID != nil {
				spaces = append(spaces, *q.SpaceID)
			}
		}
		if _, err := preload(ctx, l.twinnings, r.svc.Twinnings.ByIDs, spaces); err != nil {
			return err
		}
	}
	return nil
}
