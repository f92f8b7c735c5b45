package graph

import (
	"context"

	"github.com/gemella/gemella/graph/model"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/gid"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/question"
)

// sessionPayload answers login and register: the token and cookie on success, userErrors
// otherwise.
func (r *Resolver) sessionPayload(ctx context.Context, sess *auth.Session, err error) (*model.LoginPayload, error) {
	ue, err := userErrors(ctx, err)
	if err != nil {
		return nil, err
	}
	p := &model.LoginPayload{UserErrors: ue}
	if sess != nil {
		auth.SetSessionCookie(ctx, sess)
		p.Token, p.User = &sess.Token, sess.User
	}
	return p, nil
}

func questionPayload(ctx context.Context, q *question.Question, err error) (*model.QuestionPayload, error) {
	ue, err := userErrors(ctx, err)
	if err != nil {
		return nil, err
	}
	return &model.QuestionPayload{Question: q, UserErrors: ue}, nil
}

func answerPayload(ctx context.Context, a *question.Answer, err error) (*model.AnswerPayload, error) {
	ue, err := userErrors(ctx, err)
	if err != nil {
		return nil, err
	}
	return &model.AnswerPayload{Answer: a, UserErrors: ue}, nil
}

// decodePost reads the global id of a question or an answer.
func decodePost(g string) (question.PostRef, error) {
	kind, id, err := decodeID(g, "postId", gid.Question, gid.Answer)
	if err != nil {
		return question.PostRef{}, err
	}
	if kind == gid.Question {
		return question.PostRef{QuestionID: id}, nil
	}
	return question.PostRef{AnswerID: id}, nil
}

// post loads a question or an answer as a Post.
func (r *Resolver) post(ctx context.Context, ref question.PostRef) (model.Post, error) {
	if ref.QuestionID != 0 {
		return nilIfMissing(load(ctx, loadersFrom(ctx).questions, ref.QuestionID))
	}
	return nilIfMissing(load(ctx, loadersFrom(ctx).answers, ref.AnswerID))
}

// nilIfMissing turns a typed nil pointer into an untyped nil interface, which is what
// GraphQL null means for an interface-typed field.
func nilIfMissing[T any](v *T, err error) (any, error) {
	if v == nil || err != nil {
		return nil, err
	}
	return v, nil
}

var voteValues = map[model.VoteValue]int{model.VoteValueUp: 1, model.VoteValueDown: -1, model.VoteValueNone: 0}

func viewerVote(ctx context.Context, ref question.PostRef) (*model.VoteValue, error) {
	if auth.Viewer(ctx) == nil {
		return nil, nil
	}
	v, err := loadMany(ctx, loadersFrom(ctx).votes, ref)
	if err != nil || v == 0 {
		return nil, err
	}
	out := model.VoteValueUp
	if v < 0 {
		out = model.VoteValueDown
	}
	return &out, nil
}

// node resolves a global id to its object, or nil when it is malformed or does not exist.
func (r *Resolver) node(ctx context.Context, g string) (model.Node, error) {
	kind, id, ok := gid.Decode(g)
	if !ok {
		return nil, nil
	}
	l := loadersFrom(ctx)
	switch kind {
	case gid.User:
		return nilIfMissing(load(ctx, l.users, id))
	case gid.Region:
		return nilIfMissing(load(ctx, l.regions, id))
	case gid.ServiceArea:
		return nilIfMissing(load(ctx, l.serviceAreas, id))
	case gid.Center:
		return nilIfMissing(load(ctx, l.centers, id))
	case gid.Twinning:
		return nilIfMissing(load(ctx, l.twinnings, id))
	case gid.Discussion:
		return nilIfMissing(load(ctx, l.discussions, id))
	case gid.Question:
		return nilIfMissing(load(ctx, l.questions, id))
	case gid.Answer:
		return nilIfMissing(load(ctx, l.answers, id))
	case gid.Guideline:
		return nilIfMissing(load(ctx, l.guidelines, id))
	case gid.GuidelineSection:
		return nilIfMissing(load(ctx, l.sections, id))
	case gid.Comment:
		return nilIfMissing(load(ctx, l.comments, id))
	}
	return nil, nil
}

// connection validates a connection field's page arguments and runs its list query.
func connection[T any](first *int, after *string, list func(paging.Page) (paging.Result[T], error)) (*model.Connection[T], error) {
	p, err := paging.New(first, after)
	if err != nil {
		return nil, err
	}
	res, err := list(p)
	if err != nil {
		return nil, err
	}
	return model.NewConnection(res), nil
}
