package graph

import (
	"context"

	"github.com/gemella/gemella/graph/model"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/directory"
	"github.com/gemella/gemella/internal/discussion"
	"github.com/gemella/gemella/internal/gid"
	"github.com/gemella/gemella/internal/guideline"
	"github.com/gemella/gemella/internal/notification"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/practice"
	"github.com/gemella/gemella/internal/question"
	"github.com/gemella/gemella/internal/twinning"
	"github.com/gemella/gemella/internal/workshop"
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

// nodeKind is how the API reaches one kind of object by its id: node(id:), nodes and search
// hits all load through it, and its loader applies the visibility rule. Adding a type is
// one entry here (a test fails for a Node type without one).
type nodeKind struct {
	load func(ctx context.Context, l *loaders, id int64) (model.Node, error)
	// stub is the object with only its id, for a search hit whose client asks for nothing
	// more; nil for kinds that are not searched.
	stub func(id int64) model.Node
	// searchKind is the search documents' kind of the object, "" when not searched.
	searchKind string
}

func loaded[V any](pick func(*loaders) *lazy[int64, *V]) func(context.Context, *loaders, int64) (model.Node, error) {
	return func(ctx context.Context, l *loaders, id int64) (model.Node, error) {
		return nilIfMissing(load(ctx, pick(l), id))
	}
}

var nodeKinds = map[string]nodeKind{
	gid.User:        {load: loaded(func(l *loaders) *lazy[int64, *auth.User] { return l.users })},
	gid.Region:      {load: loaded(func(l *loaders) *lazy[int64, *directory.Region] { return l.regions })},
	gid.ServiceArea: {load: loaded(func(l *loaders) *lazy[int64, *directory.ServiceArea] { return l.serviceAreas })},
	gid.Center:      {load: loaded(func(l *loaders) *lazy[int64, *directory.Center] { return l.centers })},
	gid.Twinning:    {load: loaded(func(l *loaders) *lazy[int64, *twinning.Twinning] { return l.twinnings })},
	gid.Discussion:  {load: loaded(func(l *loaders) *lazy[int64, *discussion.Discussion] { return l.discussions })},
	gid.Question: {load: loaded(func(l *loaders) *lazy[int64, *question.Question] { return l.questions }),
		stub: func(id int64) model.Node { return &question.Question{ID: id} }, searchKind: question.SearchKind},
	gid.Answer:    {load: loaded(func(l *loaders) *lazy[int64, *question.Answer] { return l.answers })},
	gid.Comment:   {load: loaded(func(l *loaders) *lazy[int64, *question.Comment] { return l.comments })},
	gid.Guideline: {load: loaded(func(l *loaders) *lazy[int64, *guideline.Guideline] { return l.guidelines })},
	gid.GuidelineSection: {load: loaded(func(l *loaders) *lazy[int64, *guideline.Section] { return l.sections }),
		stub: func(id int64) model.Node { return &guideline.Section{ID: id} }, searchKind: guideline.SectionSearchKind},
	gid.Practice: {load: loaded(func(l *loaders) *lazy[int64, *practice.Practice] { return l.practices }),
		stub: func(id int64) model.Node { return &practice.Practice{ID: id} }, searchKind: practice.SearchKind},
	gid.Workshop: {load: loaded(func(l *loaders) *lazy[int64, *workshop.Workshop] { return l.workshops }),
		stub: func(id int64) model.Node { return &workshop.Workshop{ID: id} }, searchKind: workshop.SearchKind},
	gid.Message:      {load: loaded(func(l *loaders) *lazy[int64, *discussion.Message] { return l.messages })},
	gid.Notification: {load: loaded(func(l *loaders) *lazy[int64, *notification.Notification] { return l.notes })},
}

// bySearchKind finds the node kind of a search document's kind.
var bySearchKind = func() map[string]nodeKind {
	m := map[string]nodeKind{}
	for _, k := range nodeKinds {
		if k.searchKind != "" {
			m[k.searchKind] = k
		}
	}
	return m
}()

func (r *Resolver) node(ctx context.Context, g string) (model.Node, error) {
	kind, id, ok := gid.Decode(g)
	if !ok {
		return nil, nil
	}
	k, ok := nodeKinds[kind]
	if !ok {
		return nil, nil
	}
	return k.load(ctx, loadersFrom(ctx), id)
}

// connection validates a connection field's page arguments and runs its list query.
func connection[T any](ctx context.Context, first *int, after *string, list func(paging.Page) (paging.Result[T], error)) (*model.Connection[T], error) {
	p, err := paging.New(first, after)
	if err != nil {
		return nil, err
	}
	p.Count = selects(ctx, "totalCount")
	res, err := list(p)
	if err != nil {
		return nil, err
	}
	return model.NewConnection(res), nil
}
