package graph

import (
	"context"

	"github.com/gemella/gemella/graph/model"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/practice"
)

func practicePayload(ctx context.Context, p *practice.Practice, err error) (*model.PracticePayload, error) {
	ue, err := userErrors(ctx, err)
	if err != nil {
		return nil, err
	}
	return &model.PracticePayload{Practice: p, UserErrors: ue}, nil
}

// practices runs one page of the practice list, with the centres, authors, adoptions and
// spaces of the page asked for in one batch each.
func (r *Resolver) practices(ctx context.Context, first *int, after *string, f practice.Filter) (*model.Connection[*practice.Practice], error) {
	return connection(ctx, first, after, func(p paging.Page) (paging.Result[*practice.Practice], error) {
		res, err := r.svc.Practices.List(ctx, f, p)
		l := loadersFrom(ctx)
		prefetch(ctx, l.centers, authorsOf(res.Items, func(p *practice.Practice) int64 { return p.CenterID }))
		prefetch(ctx, l.users, authorsOf(res.Items, func(p *practice.Practice) int64 { return p.AuthorID }))
		prefetch(ctx, l.adoptions, authorsOf(res.Items, func(p *practice.Practice) int64 { return p.ID }))
		var spaces []int64
		for _, p := range res.Items {
			if p.SpaceID != nil {
				spaces = append(spaces, *p.SpaceID)
			}
		}
		prefetch(ctx, l.twinnings, spaces)
		return res, err
	})
}

// deref reads an optional string input, "" when absent.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
