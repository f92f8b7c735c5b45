package question

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/directory"
	"github.com/gemella/gemella/internal/live"
	"github.com/gemella/gemella/internal/notification"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/search"
	"github.com/gemella/gemella/internal/store"
	"github.com/gemella/gemella/internal/tag"
)

// Service is the Q&A use cases. Every write is one transaction and checks who may do it.
type Service struct {
	pool *pgxpool.Pool
	dir  *directory.Service
}

// NewService returns the Q&A service.
func NewService(pool *pgxpool.Pool, dir *directory.Service) *Service {
	return &Service{pool: pool, dir: dir}
}

var (
	errNotFound       = apperr.New(apperr.NotFound, "questionId", "question.not_found")
	errAnswerNotFound = apperr.New(apperr.NotFound, "answerId", "answer.not_found")
	errPostNotFound   = apperr.New(apperr.NotFound, "postId", "post.not_found")
)

// AskInput is a new question.
type AskInput struct {
	Title           string
	Body            string
	Tags            []string
	ServiceAreaSlug *string
	RegionID        *int64
	// SpaceID asks inside a twinning's space, for its readers only; nil asks the whole
	// community.
	SpaceID *int64
}

// Ask publishes a question by the viewer. Its region defaults to the viewer's.
func (s *Service) Ask(ctx context.Context, in AskInput) (*Question, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	var errs apperr.List
	title, e := checkTitle(in.Title)
	errs.Add(e)
	body, e := checkBody(in.Body)
	errs.Add(e)
	tags, e := tag.List(in.Tags, maxTags)
	errs.Add(e)
	regionID := in.RegionID
	if regionID == nil {
		regionID = u.RegionID
	}
	var q *Question
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		areaID, err := s.resolveRefs(ctx, tx, in.ServiceAreaSlug, in.RegionID, &errs)
		if err != nil {
			return err
		}
		if err := errs.Err(); err != nil {
			return err
		}
		if in.SpaceID != nil {
			if err := access.From(ctx).CheckContributor(ctx, tx, *in.SpaceID, "spaceId"); err != nil {
				return err
			}
		}
		id, err := insertQuestion(ctx, tx, u.ID, title, body, tags, areaID, regionID, in.SpaceID)
		if err != nil {
			return err
		}
		if err := search.Enqueue(ctx, tx, SearchKind, id); err != nil {
			return err
		}
		q, err = questionByID(ctx, tx, access.From(ctx), id, false)
		return err
	})
	return q, err
}

// resolveRefs turns a service area slug into its id and checks a region id, adding a
// userError to errs for each unknown one.
func (s *Service) resolveRefs(ctx context.Context, q store.Querier, slug *string, regionID *int64, errs *apperr.List) (*int64, error) {
	var areaID *int64
	if slug != nil && *slug != "" {
		id, err := s.dir.ServiceAreaIDBySlug(ctx, q, *slug, "serviceAreaSlug")
		ok, err := errs.Keep(err)
		if err != nil {
			return nil, err
		}
		if ok {
			areaID = &id
		}
	}
	if regionID != nil {
		if _, err := errs.Keep(s.dir.CheckRegion(ctx, q, *regionID, "regionId")); err != nil {
			return nil, err
		}
	}
	return areaID, nil
}

// EditInput changes a question; nil fields stay as they are.
type EditInput struct {
	QuestionID      int64
	Title           *string
	Body            *string
	Tags            []string
	TagsSet         bool
	ServiceAreaSlug *string
	RegionID        *int64
}

// Edit changes a question, keeping the previous version as a revision. The author or a
// moderator only.
func (s *Service) Edit(ctx context.Context, in EditInput) (*Question, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	var q *Question
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		cur, err := questionByID(ctx, tx, access.From(ctx), in.QuestionID, true)
		if err != nil {
			return err
		}
		if cur.AuthorID != u.ID && !u.CanModerate() {
			return apperr.New(apperr.Forbidden, "", "question.edit.forbidden")
		}
		next := *cur
		var errs apperr.List
		var e *apperr.Error
		if in.Title != nil {
			next.Title, e = checkTitle(*in.Title)
			errs.Add(e)
		}
		if in.Body != nil {
			next.Body, e = checkBody(*in.Body)
			errs.Add(e)
		}
		if in.TagsSet {
			next.Tags, e = tag.List(in.Tags, maxTags)
			errs.Add(e)
		}
		areaID, err := s.resolveRefs(ctx, tx, in.ServiceAreaSlug, in.RegionID, &errs)
		if err != nil {
			return err
		}
		if err := errs.Err(); err != nil {
			return err
		}
		if in.ServiceAreaSlug != nil {
			next.ServiceAreaID = areaID
		}
		if in.RegionID != nil {
			next.RegionID = in.RegionID
		}
		if err := insertRevision(ctx, tx, PostRef{QuestionID: cur.ID}, u.ID, &cur.Title, cur.Body, cur.Tags); err != nil {
			return err
		}
		if err := updateQuestion(ctx, tx, &next); err != nil {
			return err
		}
		if err := search.Enqueue(ctx, tx, SearchKind, cur.ID); err != nil {
			return err
		}
		if err := activity(ctx, tx, EventEdited, cur.ID); err != nil {
			return err
		}
		q, err = questionByID(ctx, tx, access.From(ctx), cur.ID, false)
		return err
	})
	return q, err
}

// Answer adds the viewer's answer to an open question.
func (s *Service) Answer(ctx context.Context, questionID int64, body string) (*Answer, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	body, e := checkBody(body)
	if e != nil {
		return nil, e
	}
	var a *Answer
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		q, err := questionByID(ctx, tx, access.From(ctx), questionID, true)
		if err != nil {
			return err
		}
		if q.Closed() {
			return apperr.New(apperr.Forbidden, "questionId", "question.closed")
		}
		if a, err = insertAnswer(ctx, tx, access.From(ctx), questionID, u.ID, body); err != nil {
			return err
		}
		if q.AuthorID != u.ID {
			if err := notification.Add(ctx, tx, []int64{q.AuthorID}, notification.Notification{Kind: notification.Answer,
				ActorID: &u.ID, QuestionID: &q.ID}); err != nil {
				return err
			}
		}
		if err := activity(ctx, tx, EventAnswered, questionID); err != nil {
			return err
		}
		return search.Enqueue(ctx, tx, SearchKind, questionID)
	})
	return a, err
}

// EditAnswer changes an answer, keeping the previous version. The author or a moderator.
func (s *Service) EditAnswer(ctx context.Context, answerID int64, body string) (*Answer, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	body, e := checkBody(body)
	if e != nil {
		return nil, e
	}
	var a *Answer
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		cur, err := answerByID(ctx, tx, access.From(ctx), answerID, true)
		if err != nil {
			return err
		}
		if cur.AuthorID != u.ID && !u.CanModerate() {
			return apperr.New(apperr.Forbidden, "", "question.edit.forbidden")
		}
		if err := insertRevision(ctx, tx, PostRef{AnswerID: cur.ID}, u.ID, nil, cur.Body, nil); err != nil {
			return err
		}
		if a, err = updateAnswer(ctx, tx, access.From(ctx), cur.ID, cur.QuestionID, body); err != nil {
			return err
		}
		if err := activity(ctx, tx, EventEdited, cur.QuestionID); err != nil {
			return err
		}
		return search.Enqueue(ctx, tx, SearchKind, cur.QuestionID)
	})
	return a, err
}

// Comment adds the viewer's comment to a question or an answer.
func (s *Service) Comment(ctx context.Context, post PostRef, body string) (*Comment, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	body = strings.TrimSpace(body)
	if n := utf8.RuneCountInString(body); n == 0 || n > maxComment {
		return nil, apperr.New(apperr.Invalid, "body", "comment.body.length").With("Max", maxComment)
	}
	var c *Comment
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		_, questionID, err := lockPost(ctx, tx, access.From(ctx), post)
		if err != nil {
			return err
		}
		if c, err = insertComment(ctx, tx, post, u.ID, body); err != nil {
			return err
		}
		return activity(ctx, tx, EventCommented, questionID)
	})
	return c, err
}

// Vote sets the viewer's vote on a post: +1, -1, or 0 to withdraw. It returns the post's new
// score. Voting on one's own post is refused.
func (s *Service) Vote(ctx context.Context, post PostRef, value int) (int, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return 0, err
	}
	var score int
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		authorID, questionID, err := lockPost(ctx, tx, access.From(ctx), post)
		if err != nil {
			return err
		}
		if authorID == u.ID {
			return apperr.New(apperr.Forbidden, "postId", "vote.own_post")
		}
		if score, err = setVote(ctx, tx, post, u.ID, value); err != nil {
			return err
		}
		return activity(ctx, tx, EventVoted, questionID)
	})
	return score, err
}

// Accept marks an answer as the accepted one; accepting another moves the mark. Only the
// question's author may.
func (s *Service) Accept(ctx context.Context, answerID int64) (*Question, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	var q *Question
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		a, err := answerByID(ctx, tx, access.From(ctx), answerID, false)
		if err != nil {
			return err
		}
		cur, err := questionByID(ctx, tx, access.From(ctx), a.QuestionID, true)
		if err != nil {
			return err
		}
		if cur.AuthorID != u.ID {
			return apperr.New(apperr.Forbidden, "answerId", "answer.accept.forbidden")
		}
		if err := setAccepted(ctx, tx, cur.ID, &a.ID); err != nil {
			return err
		}
		if a.AuthorID != u.ID {
			if err := notification.Add(ctx, tx, []int64{a.AuthorID}, notification.Notification{Kind: notification.Accepted,
				ActorID: &u.ID, QuestionID: &cur.ID}); err != nil {
				return err
			}
		}
		if err := activity(ctx, tx, EventAccepted, cur.ID); err != nil {
			return err
		}
		q, err = questionByID(ctx, tx, access.From(ctx), cur.ID, false)
		return err
	})
	return q, err
}

// Unaccept removes the accepted mark from a question's answer. Only the question's author may.
func (s *Service) Unaccept(ctx context.Context, questionID int64) (*Question, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	var q *Question
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		cur, err := questionByID(ctx, tx, access.From(ctx), questionID, true)
		if err != nil {
			return err
		}
		if cur.AuthorID != u.ID {
			return apperr.New(apperr.Forbidden, "questionId", "answer.accept.forbidden")
		}
		if err := setAccepted(ctx, tx, cur.ID, nil); err != nil {
			return err
		}
		if err := activity(ctx, tx, EventAccepted, cur.ID); err != nil {
			return err
		}
		q, err = questionByID(ctx, tx, access.From(ctx), cur.ID, false)
		return err
	})
	return q, err
}

// Close closes a question to new answers. Moderators only.
func (s *Service) Close(ctx context.Context, questionID int64, reason string) (*Question, error) {
	return s.moderate(ctx, questionID, func(tx pgx.Tx, u *auth.User, q *Question) error {
		if q.Closed() {
			return apperr.New(apperr.Conflict, "questionId", "question.already_closed")
		}
		reason = strings.TrimSpace(reason)
		if utf8.RuneCountInString(reason) > maxReason {
			return apperr.New(apperr.Invalid, "reason", "moderation.reason.too_long").With("Max", maxReason)
		}
		if err := setClosed(ctx, tx, q.ID, &u.ID, reason); err != nil {
			return err
		}
		return activity(ctx, tx, EventClosed, q.ID)
	})
}

// Reopen reopens a closed question. Moderators only.
func (s *Service) Reopen(ctx context.Context, questionID int64) (*Question, error) {
	return s.moderate(ctx, questionID, func(tx pgx.Tx, _ *auth.User, q *Question) error {
		if !q.Closed() {
			return apperr.New(apperr.Conflict, "questionId", "question.not_closed")
		}
		if err := setClosed(ctx, tx, q.ID, nil, ""); err != nil {
			return err
		}
		return activity(ctx, tx, EventReopened, q.ID)
	})
}

func (s *Service) moderate(ctx context.Context, questionID int64, fn func(pgx.Tx, *auth.User, *Question) error) (*Question, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	if !u.CanModerate() {
		return nil, apperr.New(apperr.Forbidden, "", "question.moderation.forbidden")
	}
	var q *Question
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		cur, err := questionByID(ctx, tx, access.From(ctx), questionID, true)
		if err != nil {
			return err
		}
		if err := fn(tx, u, cur); err != nil {
			return err
		}
		q, err = questionByID(ctx, tx, access.From(ctx), questionID, false)
		return err
	})
	return q, err
}

// List returns one keyset page of questions.
func (s *Service) List(ctx context.Context, f Filter, order Order, p paging.Page) (paging.Result[*Question], error) {
	if f.Tag != nil {
		t := tag.Normalise(*f.Tag)
		f.Tag = &t
	}
	return listQuestions(ctx, s.pool, access.From(ctx), f, order, p)
}

// ByIDs returns the questions with these ids.
func (s *Service) ByIDs(ctx context.Context, ids []int64) (map[int64]*Question, error) {
	return questionsByIDs(ctx, s.pool, access.From(ctx), ids)
}

// AnswersByIDs returns the answers with these ids.
func (s *Service) AnswersByIDs(ctx context.Context, ids []int64) (map[int64]*Answer, error) {
	return answersByIDs(ctx, s.pool, access.From(ctx), ids)
}

// CommentsByIDs returns the comments with these ids.
func (s *Service) CommentsByIDs(ctx context.Context, ids []int64) (map[int64]*Comment, error) {
	return commentsByIDs(ctx, s.pool, access.From(ctx), ids)
}

// Answers returns one page of a question's answers: the accepted one first, then by score.
// The total comes from the question's counter, so it costs no statement.
func (s *Service) Answers(ctx context.Context, q *Question, p paging.Page) (paging.Result[*Answer], error) {
	r, err := listAnswers(ctx, s.pool, q.ID, p)
	r.Count = func() (int, error) { return q.AnswerCount, nil }
	return r, err
}

// CommentsOf returns the comments of each post, oldest first.
func (s *Service) CommentsOf(ctx context.Context, posts []PostRef) (map[PostRef][]*Comment, error) {
	return commentsOf(ctx, s.pool, posts)
}

// RevisionsOf returns the previous versions of each post, oldest first.
func (s *Service) RevisionsOf(ctx context.Context, posts []PostRef) (map[PostRef][]*Revision, error) {
	return revisionsOf(ctx, s.pool, posts)
}

// VotesOf returns the viewer's vote (+1 or -1) on each of posts they voted on.
func (s *Service) VotesOf(ctx context.Context, posts []PostRef) (map[PostRef]int, error) {
	u := auth.Viewer(ctx)
	if u == nil {
		return map[PostRef]int{}, nil
	}
	return votesOf(ctx, s.pool, u.ID, posts)
}

// The kinds of event on a question's topic (live.QuestionTopic), one per change that
// commits: its answers, comments, votes, acceptance, edits and closing.
const (
	EventAnswered  = "question.answered"
	EventCommented = "question.commented"
	EventVoted     = "question.voted"
	EventAccepted  = "question.accepted"
	EventEdited    = "question.edited"
	EventClosed    = "question.closed"
	EventReopened  = "question.reopened"
)

// EventKinds are all of them.
var EventKinds = []string{EventAnswered, EventCommented, EventVoted, EventAccepted, EventEdited, EventClosed, EventReopened}

func activity(ctx context.Context, tx pgx.Tx, kind string, questionID int64) error {
	return live.Emit(ctx, tx, kind, live.QuestionTopic(questionID), questionID)
}

// LoadEvents reads the questions of live events once for every subscriber of this
// instance: the live.Loader of the question kinds. Who may see each is checked per
// subscriber, when it subscribes.
func (s *Service) LoadEvents(ctx context.Context, ids []int64) (map[int64]any, error) {
	qs, err := questionsByIDs(ctx, s.pool, access.Everything(), ids)
	out := make(map[int64]any, len(qs))
	for id, q := range qs {
		out[id] = q
	}
	return out, err
}
