package graph

import (
	"context"

	"github.com/gemella/gemella/graph/model"
	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/twinning"
)

// readsInside reports whether the viewer may read what lives inside a twinning's space.
func readsInside(ctx context.Context, t *twinning.Twinning) (bool, error) {
	return access.From(ctx).CanRead(ctx, &t.ID, t.Visibility)
}

// space resolves the space content lives in: its twinning, whose card anyone may see.
func space(ctx context.Context, id *int64) (model.Space, error) {
	return nilIfMissing(loadOptional(ctx, loadersFrom(ctx).twinnings, id))
}

func twinningPayload(ctx context.Context, t *twinning.Twinning, err error) (*model.TwinningPayload, error) {
	ue, err := userErrors(ctx, err)
	if err != nil {
		return nil, err
	}
	return &model.TwinningPayload{Twinning: t, UserErrors: ue}, nil
}

func memberPayload(ctx context.Context, m *twinning.Member, err error) (*model.SpaceMemberPayload, error) {
	ue, err := userErrors(ctx, err)
	if err != nil {
		return nil, err
	}
	return &model.SpaceMemberPayload{Member: m, UserErrors: ue}, nil
}

func joinPayload(ctx context.Context, j *twinning.JoinRequest, err error) (*model.JoinRequestPayload, error) {
	ue, err := userErrors(ctx, err)
	if err != nil {
		return nil, err
	}
	return &model.JoinRequestPayload{Request: j, UserErrors: ue}, nil
}

func visitPayload(ctx context.Context, v *twinning.VisitReport, err error) (*model.VisitReportPayload, error) {
	ue, err := userErrors(ctx, err)
	if err != nil {
		return nil, err
	}
	return &model.VisitReportPayload{Report: v, UserErrors: ue}, nil
}
