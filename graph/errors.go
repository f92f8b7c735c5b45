package graph

import (
	"context"
	"errors"
	"log/slog"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/gemella/gemella/graph/model"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/i18n"
	"github.com/gemella/gemella/internal/reqid"
)

// userErrors turns a service error into a mutation's userErrors. An unexpected error is
// returned as is, for the error presenter to mask.
func userErrors(ctx context.Context, err error) ([]*model.UserError, error) {
	out := []*model.UserError{}
	if err == nil {
		return out, nil
	}
	errs, ok := apperr.Expected(err)
	if !ok {
		return nil, err
	}
	for _, e := range errs {
		ue := &model.UserError{Message: i18n.T(ctx, e.MessageID, e.Data), Code: model.ErrorCode(e.Code)}
		if e.Field != "" {
			f := e.Field
			ue.Field = &f
		}
		out = append(out, ue)
	}
	return out, nil
}

// presentError shows expected failures in the reader's language with their code, and masks
// everything else behind a generic message carrying the request id, logging the cause.
func presentError(ctx context.Context, err error) *gqlerror.Error {
	gerr := graphql.DefaultErrorPresenter(ctx, err)
	var already *gqlerror.Error
	if errors.As(err, &already) && already.Err == nil {
		code, _ := gerr.Extensions["code"].(string)
		switch {
		case code == errcode.ValidationFailed || code == errcode.ParseFailed:
			// Parse and validation errors from gqlgen itself concern the query text: an
			// Italian sentence leads, the parser's own (English) detail follows for the
			// developer.
			gerr.Message = i18n.T(ctx, "graphql.invalid", map[string]any{"Detail": gerr.Message})
		case code == "" && len(gerr.Path) == 0:
			// A request the transport could not read (a body of the wrong shape, a broken
			// multipart form). Its detail may quote the whole body back: it goes to the log.
			slog.InfoContext(ctx, "unreadable graphql request", "request_id", reqid.From(ctx), "err", gerr.Message)
			gerr.Message = i18n.T(ctx, "http.bad_request", nil)
			gerr.Extensions = map[string]any{"code": "BAD_REQUEST", "requestId": reqid.From(ctx)}
		}
		return gerr
	}
	if errs, ok := apperr.Expected(err); ok {
		e := errs[0]
		gerr.Message = i18n.T(ctx, e.MessageID, e.Data)
		gerr.Extensions = map[string]any{"code": string(e.Code)}
		if e.Field != "" {
			gerr.Extensions["field"] = e.Field
		}
		return gerr
	}
	id := reqid.From(ctx)
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		// The client went (a closed tab, a subscription it ended): nobody reads the answer,
		// and nothing failed.
		slog.DebugContext(ctx, "graphql resolver stopped: the client went", "request_id", id, "path", gerr.Path.String())
	} else {
		slog.ErrorContext(ctx, "graphql resolver failed", "request_id", id, "path", gerr.Path.String(), "err", err)
	}
	gerr.Message = i18n.T(ctx, "common.internal", map[string]any{"RequestID": id})
	gerr.Extensions = map[string]any{"code": "INTERNAL", "requestId": id}
	return gerr
}

// recoverPanic keeps a resolver panic from taking the server down: it is logged with the
// request id and the client sees the masked internal error.
func recoverPanic(ctx context.Context, p any) error {
	slog.ErrorContext(ctx, "graphql resolver panicked", "request_id", reqid.From(ctx), "panic", p)
	return errors.New("internal error")
}
