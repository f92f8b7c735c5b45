// Package question holds the Q&A: questions, answers, comments, votes, acceptance,
// moderation and edit history.
package question

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/plaintext"
)

// Question is a question with its denormalised counters.
type Question struct {
	ID               int64
	AuthorID         int64
	Title            string
	Body             string
	Tags             []string
	ServiceAreaID    *int64
	RegionID         *int64
	Score            int
	AnswerCount      int
	AcceptedAnswerID *int64
	// AcceptedAnswer is read with the question, so showing it costs no extra statement.
	AcceptedAnswer *Answer
	ClosedAt       *time.Time
	CloseReason    string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	LastActivityAt time.Time
	SpaceID        *int64 // the twinning it was asked in; nil for the whole community
	DiscussionID   int64  // its thread
}

// Closed reports whether a moderator closed the question.
func (q *Question) Closed() bool { return q.ClosedAt != nil }

// Answer is an answer to a question.
type Answer struct {
	ID         int64
	QuestionID int64
	AuthorID   int64
	Body       string
	Score      int
	Accepted   bool
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Comment is a short remark on a question or an answer.
type Comment struct {
	ID        int64
	Post      PostRef
	AuthorID  int64
	Body      string
	CreatedAt time.Time
}

// Revision is a previous version of a question (with title and tags) or of an answer.
type Revision struct {
	Title     *string
	Body      string
	Tags      []string
	EditorID  int64
	CreatedAt time.Time
}

// PostRef names a question or an answer: exactly one id is set.
type PostRef struct {
	QuestionID int64
	AnswerID   int64
}

// Order is a list order.
type Order string

const (
	Newest Order = "NEWEST"
	Active Order = "ACTIVE"
	Votes  Order = "VOTES"
)

// Filter narrows the question list.
type Filter struct {
	ServiceAreaSlug *string
	RegionID        *int64
	Tag             *string
	Unanswered      bool
	SpaceID         *int64  // only the questions asked inside this twinning's space
	AuthorID        *int64  // asked by this user
	AnsweredByID    *int64  // answered by this user
	Text            *string // contained in the title or the body, case aside
}

const (
	minTitle   = 10
	maxTitle   = 200
	maxBody    = 50_000
	maxComment = 2_000
	maxTags    = 5
	maxReason  = 500
)

func checkTitle(title string) (string, *apperr.Error) {
	title = plaintext.Line(title)
	if n := utf8.RuneCountInString(title); n < minTitle || n > maxTitle {
		return "", apperr.New(apperr.Invalid, "title", "question.title.length").With("Min", minTitle).With("Max", maxTitle)
	}
	return title, nil
}

func checkBody(body string) (string, *apperr.Error) {
	if strings.TrimSpace(body) == "" {
		return "", apperr.New(apperr.Required, "body", "question.body.required")
	}
	if utf8.RuneCountInString(body) > maxBody {
		return "", apperr.New(apperr.TooLarge, "body", "question.body.too_long").With("Max", maxBody)
	}
	return strings.TrimRight(body, " \t\r\n"), nil
}
