package model

import (
	"github.com/gemella/gemella/internal/directory"
	"github.com/gemella/gemella/internal/discussion"
	"github.com/gemella/gemella/internal/guideline"
	"github.com/gemella/gemella/internal/notification"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/practice"
	"github.com/gemella/gemella/internal/question"
	"github.com/gemella/gemella/internal/twinning"
	"github.com/gemella/gemella/internal/workshop"
)

// Edge is a node with its cursor.
type Edge[T any] struct {
	Cursor string
	Node   T
}

// Connection is one page of a Relay connection. The total is counted only when a client
// selects totalCount, since it costs a statement of its own.
type Connection[T any] struct {
	Edges    []*Edge[T]
	PageInfo *PageInfo
	count    func() (int, error)
}

// TotalCount is the number of items across all pages.
func (c *Connection[T]) TotalCount() (int, error) {
	if c.count == nil {
		return len(c.Edges), nil
	}
	return c.count()
}

// NewConnection turns a service's page into a connection.
func NewConnection[T any](r paging.Result[T]) *Connection[T] {
	c := &Connection[T]{Edges: make([]*Edge[T], len(r.Items)), PageInfo: &PageInfo{HasNextPage: r.HasNextPage}, count: r.Count}
	for i, it := range r.Items {
		c.Edges[i] = &Edge[T]{Cursor: r.Cursors[i], Node: it}
	}
	if n := len(r.Cursors); n > 0 {
		c.PageInfo.StartCursor = &r.Cursors[0]
		c.PageInfo.EndCursor = &r.Cursors[n-1]
	}
	return c
}

// The concrete connections the schema names; gqlgen binds to these instantiations.
type (
	CenterConnection      = Connection[*directory.Center]
	CenterEdge            = Edge[*directory.Center]
	TwinningConnection    = Connection[*twinning.Twinning]
	TwinningEdge          = Edge[*twinning.Twinning]
	SpaceMemberConnection = Connection[*twinning.Member]
	SpaceMemberEdge       = Edge[*twinning.Member]
	QuestionConnection    = Connection[*question.Question]
	QuestionEdge          = Edge[*question.Question]
	AnswerConnection      = Connection[*question.Answer]
	AnswerEdge            = Edge[*question.Answer]
)

// Guideline connections.
type (
	GuidelineConnection        = Connection[*guideline.Guideline]
	GuidelineEdge              = Edge[*guideline.Guideline]
	GuidelineSectionConnection = Connection[*guideline.Section]
	GuidelineSectionEdge       = Edge[*guideline.Section]
)

// Practice connections.
type (
	PracticeConnection = Connection[*practice.Practice]
	PracticeEdge       = Edge[*practice.Practice]
)

// Workshop connections.
type (
	WorkshopConnection             = Connection[*workshop.Workshop]
	WorkshopEdge                   = Edge[*workshop.Workshop]
	WorkshopRegistrationConnection = Connection[*workshop.Registration]
	WorkshopRegistrationEdge       = Edge[*workshop.Registration]
)

// Live connections.
type (
	MessageConnection      = Connection[*discussion.Message]
	MessageEdge            = Edge[*discussion.Message]
	NotificationConnection = Connection[*notification.Notification]
	NotificationEdge       = Edge[*notification.Notification]
)
