package question

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/discussion"
	"github.com/gemella/gemella/internal/paging"
	"github.com/gemella/gemella/internal/store"
)

// questionColumns reads a question with its accepted answer in one row.
const questionColumns = `q.id, q.author_id, q.title, q.body, q.tags, q.service_area_id, q.region_id, q.score,
	q.answer_count, q.accepted_answer_id, q.closed_at, q.close_reason, q.created_at, q.updated_at, q.last_activity_at, q.space_id,
	q.discussion_id, acc.id, acc.author_id, acc.body, acc.score, acc.created_at, acc.updated_at`

const questionFrom = ` FROM questions q LEFT JOIN answers acc ON acc.id = q.accepted_answer_id`

func scanQuestion(row pgx.Row) (*Question, error) {
	q := &Question{}
	var accID, accAuthor *int64
	var accBody *string
	var accScore *int
	var accCreated, accUpdated *time.Time
	err := row.Scan(&q.ID, &q.AuthorID, &q.Title, &q.Body, &q.Tags, &q.ServiceAreaID, &q.RegionID, &q.Score,
		&q.AnswerCount, &q.AcceptedAnswerID, &q.ClosedAt, &q.CloseReason, &q.CreatedAt, &q.UpdatedAt, &q.LastActivityAt, &q.SpaceID,
		&q.DiscussionID, &accID, &accAuthor, &accBody, &accScore, &accCreated, &accUpdated)
	if err != nil {
		return nil, err
	}
	if accID != nil {
		q.AcceptedAnswer = &Answer{ID: *accID, QuestionID: q.ID, AuthorID: *accAuthor, Body: *accBody, Score: *accScore,
			Accepted: true, CreatedAt: *accCreated, UpdatedAt: *accUpdated}
	}
	return q, nil
}

// questionByID reads a question the scope may read; any other is not found.
func questionByID(ctx context.Context, q store.Querier, scope *access.Scope, id int64, forUpdate bool) (*Question, error) {
	sql := `SELECT ` + questionColumns + questionFrom + ` WHERE q.id = $1 AND ` + scope.Predicate("q.space_id", 2)
	if forUpdate {
		sql += ` FOR UPDATE OF q`
	}
	qu, err := scanQuestion(q.QueryRow(ctx, sql, id, scope.Arg()))
	return qu, store.Translate(err, errNotFound)
}

func questionsByIDs(ctx context.Context, q store.Querier, scope *access.Scope, ids []int64) (map[int64]*Question, error) {
	list, err := store.Collect(ctx, q, `SELECT `+questionColumns+questionFrom+` WHERE q.id = ANY($1) AND `+scope.Predicate("q.space_id", 2),
		[]any{ids, scope.Arg()}, scanQuestion)
	return store.ByID(list, func(q *Question) int64 { return q.ID }), err
}

func insertQuestion(ctx context.Context, q store.Querier, authorID int64, title, body string, tags []string, areaID, regionID, spaceID *int64) (int64, error) {
	threadID, err := discussion.Open(ctx, q, title, spaceID)
	if err != nil {
		return 0, err
	}
	var id int64
	err = q.QueryRow(ctx, `INSERT INTO questions (author_id, title, body, tags, service_area_id, region_id, space_id, discussion_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, authorID, title, body, tags, areaID, regionID, spaceID, threadID).Scan(&id)
	return id, err
}

func updateQuestion(ctx context.Context, q store.Querier, n *Question) error {
	_, err := q.Exec(ctx, `UPDATE questions SET title = $2, body = $3, tags = $4, service_area_id = $5, region_id = $6,
		updated_at = now(), last_activity_at = now() WHERE id = $1`,
		n.ID, n.Title, n.Body, n.Tags, n.ServiceAreaID, n.RegionID)
	return err
}

// setAccepted marks answerID as the question's accepted answer; nil removes the mark.
func setAccepted(ctx context.Context, q store.Querier, questionID int64, answerID *int64) error {
	_, err := q.Exec(ctx, `UPDATE questions SET accepted_answer_id = $2, last_activity_at = now() WHERE id = $1`, questionID, answerID)
	return err
}

func setClosed(ctx context.Context, q store.Querier, questionID int64, by *int64, reason string) error {
	_, err := q.Exec(ctx, `UPDATE questions SET closed_at = CASE WHEN $2::bigint IS NULL THEN NULL ELSE now() END,
		closed_by = $2, close_reason = $3, last_activity_at = now() WHERE id = $1`, questionID, by, reason)
	return err
}

// orderKey is the keyset cursor of the question list; Order guards against a cursor from
// one order being used with another.
type orderKey struct {
	Order Order     `json:"o"`
	ID    int64     `json:"i"`
	Score int       `json:"s,omitempty"`
	At    time.Time `json:"t,omitzero"`
}

func listQuestions(ctx context.Context, db store.Querier, scope *access.Scope, f Filter, order Order, p paging.Page) (paging.Result[*Question], error) {
	var after orderKey
	hasAfter, err := p.Decode(&after)
	if err != nil {
		return paging.Result[*Question]{}, err
	}
	if hasAfter && after.Order != order {
		return paging.Result[*Question]{}, apperr.New(apperr.Invalid, "after", "paging.after.invalid")
	}
	where := `($1::text IS NULL OR q.service_area_id = (SELECT id FROM service_areas WHERE slug = $1))
		AND ($2::bigint IS NULL OR q.region_id = $2)
		AND ($3::text IS NULL OR q.tags @> ARRAY[$3::text])
		AND (NOT $4 OR q.answer_count = 0)
		AND ($5::bigint IS NULL OR q.space_id = $5)
		AND ($7::bigint IS NULL OR q.author_id = $7)
		AND ($8::bigint IS NULL OR EXISTS (SELECT 1 FROM answers a WHERE a.question_id = q.id AND a.author_id = $8))
		AND ($9::text IS NULL OR q.title ILIKE $9 OR q.body ILIKE $9)
		AND ` + scope.Predicate("q.space_id", 6)
	args := []any{f.ServiceAreaSlug, f.RegionID, f.Tag, f.Unanswered, f.SpaceID, scope.Arg(), f.AuthorID, f.AnsweredByID, containsPattern(f.Text)}
	var seek, orderBy string
	switch order {
	case Active:
		seek, orderBy = `(q.last_activity_at, q.id) < ($10, $11)`, `q.last_activity_at DESC, q.id DESC`
		args = append(args, after.At, after.ID)
	case Votes:
		seek, orderBy = `(q.score, q.id) < ($10, $11)`, `q.score DESC, q.id DESC`
		args = append(args, after.Score, after.ID)
	default:
		order = Newest
		seek, orderBy = `q.id < $10`, `q.id DESC`
		args = append(args, after.ID)
	}
	if !hasAfter {
		seek = "true"
		args = args[:9]
	}
	// A first page whose total is asked for counts with its rows (the window runs before
	// LIMIT): one round trip instead of two.
	withTotal, total, scan := !hasAfter && p.Count, 0, scanQuestion
	columns := questionColumns
	if withTotal {
		columns += `, count(*) OVER ()`
		scan = func(row pgx.Row) (*Question, error) { return scanQuestion(store.RowWith(row, &total)) }
	}
	list, err := store.Collect(ctx, db, `SELECT `+columns+questionFrom+` WHERE `+where+` AND `+seek+
		` ORDER BY `+orderBy+` LIMIT `+strconv.Itoa(p.First+1), args, scan)
	if err != nil {
		return paging.Result[*Question]{}, err
	}
	r := paging.Trim(list, p, func(q *Question) any {
		k := orderKey{Order: order, ID: q.ID}
		switch order {
		case Active:
			k.At = q.LastActivityAt
		case Votes:
			k.Score = q.Score
		}
		return k
	})
	r.Count = func() (int, error) {
		if withTotal {
			return total, nil // no row: nothing matches
		}
		var n int
		return n, db.QueryRow(ctx, `SELECT count(*) FROM questions q WHERE `+where, args[:9]...).Scan(&n)
	}
	return r, nil
}

const answerColumns = `a.id, a.question_id, a.author_id, a.body, a.score, coalesce(a.id = q.accepted_answer_id, false), a.created_at, a.updated_at`

const answerFrom = ` FROM answers a JOIN questions q ON q.id = a.question_id`

func scanAnswer(row pgx.Row) (*Answer, error) {
	a := &Answer{}
	return a, row.Scan(&a.ID, &a.QuestionID, &a.AuthorID, &a.Body, &a.Score, &a.Accepted, &a.CreatedAt, &a.UpdatedAt)
}

// answerByID reads an answer to a question the scope may read; any other is not found.
func answerByID(ctx context.Context, q store.Querier, scope *access.Scope, id int64, forUpdate bool) (*Answer, error) {
	sql := `SELECT ` + answerColumns + answerFrom + ` WHERE a.id = $1 AND ` + scope.Predicate("q.space_id", 2)
	if forUpdate {
		sql += ` FOR UPDATE OF a`
	}
	a, err := scanAnswer(q.QueryRow(ctx, sql, id, scope.Arg()))
	return a, store.Translate(err, errAnswerNotFound)
}

func answersByIDs(ctx context.Context, q store.Querier, scope *access.Scope, ids []int64) (map[int64]*Answer, error) {
	list, err := store.Collect(ctx, q, `SELECT `+answerColumns+answerFrom+` WHERE a.id = ANY($1) AND `+scope.Predicate("q.space_id", 2),
		[]any{ids, scope.Arg()}, scanAnswer)
	return store.ByID(list, func(a *Answer) int64 { return a.ID }), err
}

func insertAnswer(ctx context.Context, q store.Querier, scope *access.Scope, questionID, authorID int64, body string) (*Answer, error) {
	var id int64
	if err := q.QueryRow(ctx, `WITH a AS (INSERT INTO answers (question_id, author_id, body) VALUES ($1, $2, $3) RETURNING id)
		UPDATE questions SET answer_count = answer_count + 1, last_activity_at = now() FROM a WHERE questions.id = $1
		RETURNING a.id`, questionID, authorID, body).Scan(&id); err != nil {
		return nil, err
	}
	return answerByID(ctx, q, scope, id, false)
}

func updateAnswer(ctx context.Context, q store.Querier, scope *access.Scope, id, questionID int64, body string) (*Answer, error) {
	if _, err := q.Exec(ctx, `UPDATE answers SET body = $2, updated_at = now() WHERE id = $1`, id, body); err != nil {
		return nil, err
	}
	if _, err := q.Exec(ctx, `UPDATE questions SET last_activity_at = now() WHERE id = $1`, questionID); err != nil {
		return nil, err
	}
	return answerByID(ctx, q, scope, id, false)
}

// answerKey orders answers: the accepted one first, then by score, then oldest first.
type answerKey struct {
	Accepted bool  `json:"a"`
	Score    int   `json:"s"`
	ID       int64 `json:"i"`
}

func listAnswers(ctx context.Context, db store.Querier, questionID int64, p paging.Page) (paging.Result[*Answer], error) {
	var after answerKey
	hasAfter, err := p.Decode(&after)
	if err != nil {
		return paging.Result[*Answer]{}, err
	}
	acc := `coalesce(a.id = q.accepted_answer_id, false)`
	seek := `true`
	args := []any{questionID}
	if hasAfter {
		// Mixed directions (accepted and score descending, id ascending) rule out a row
		// comparison, so the seek is spelt out.
		seek = `(` + acc + ` < $2 OR (` + acc + ` = $2 AND (a.score < $3 OR (a.score = $3 AND a.id > $4))))`
		args = append(args, after.Accepted, after.Score, after.ID)
	}
	list, err := store.Collect(ctx, db, `SELECT `+answerColumns+answerFrom+` WHERE a.question_id = $1 AND `+seek+
		` ORDER BY `+acc+` DESC, a.score DESC, a.id LIMIT `+strconv.Itoa(p.First+1), args, scanAnswer)
	if err != nil {
		return paging.Result[*Answer]{}, err
	}
	return paging.Trim(list, p, func(a *Answer) any { return answerKey{Accepted: a.Accepted, Score: a.Score, ID: a.ID} }), nil
}

// lockPost locks a question or answer row the scope may read for the rest of the
// transaction and returns its author and question.
func lockPost(ctx context.Context, q store.Querier, scope *access.Scope, post PostRef) (authorID, questionID int64, err error) {
	if post.QuestionID != 0 {
		err = q.QueryRow(ctx, `SELECT q.author_id, q.id FROM questions q WHERE q.id = $1 AND `+scope.Predicate("q.space_id", 2)+
			` FOR UPDATE`, post.QuestionID, scope.Arg()).Scan(&authorID, &questionID)
	} else {
		err = q.QueryRow(ctx, `SELECT a.author_id, a.question_id FROM answers a JOIN questions q ON q.id = a.question_id
			WHERE a.id = $1 AND `+scope.Predicate("q.space_id", 2)+` FOR UPDATE OF a`, post.AnswerID, scope.Arg()).Scan(&authorID, &questionID)
	}
	return authorID, questionID, store.Translate(err, errPostNotFound)
}

// setVote records value (+1, -1, 0 to withdraw) and moves the post's score by the
// difference with the previous vote. The caller holds the post's row lock.
func setVote(ctx context.Context, q store.Querier, post PostRef, userID int64, value int) (int, error) {
	col, table, id := "question_id", "questions", post.QuestionID
	if post.AnswerID != 0 {
		col, table, id = "answer_id", "answers", post.AnswerID
	}
	var old int
	err := q.QueryRow(ctx, `SELECT value FROM votes WHERE user_id = $1 AND `+col+` = $2`, userID, id).Scan(&old)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return 0, err
	}
	switch {
	case value == 0:
		_, err = q.Exec(ctx, `DELETE FROM votes WHERE user_id = $1 AND `+col+` = $2`, userID, id)
	case old == 0:
		_, err = q.Exec(ctx, `INSERT INTO votes (user_id, `+col+`, value) VALUES ($1, $2, $3)`, userID, id, value)
	default:
		_, err = q.Exec(ctx, `UPDATE votes SET value = $3, created_at = now() WHERE user_id = $1 AND `+col+` = $2`, userID, id, value)
	}
	if err != nil {
		return 0, err
	}
	var score int
	err = q.QueryRow(ctx, `UPDATE `+table+` SET score = score + $2 WHERE id = $1 RETURNING score`, id, value-old).Scan(&score)
	return score, err
}

const commentColumns = `c.id, coalesce(c.question_id, 0), coalesce(c.answer_id, 0), c.author_id, c.body, c.created_at`

func scanComment(row pgx.Row) (*Comment, error) {
	c := &Comment{}
	return c, row.Scan(&c.ID, &c.Post.QuestionID, &c.Post.AnswerID, &c.AuthorID, &c.Body, &c.CreatedAt)
}

func insertComment(ctx context.Context, q store.Querier, post PostRef, authorID int64, body string) (*Comment, error) {
	c, err := scanComment(q.QueryRow(ctx, `INSERT INTO comments AS c (question_id, answer_id, author_id, body)
		VALUES (nullif($1, 0), nullif($2, 0), $3, $4) RETURNING `+commentColumns, post.QuestionID, post.AnswerID, authorID, body))
	if err != nil {
		return nil, err
	}
	_, err = q.Exec(ctx, `UPDATE questions SET last_activity_at = now()
		WHERE id = coalesce(nullif($1, 0), (SELECT question_id FROM answers WHERE id = $2))`, post.QuestionID, post.AnswerID)
	return c, err
}

func commentsByIDs(ctx context.Context, q store.Querier, scope *access.Scope, ids []int64) (map[int64]*Comment, error) {
	list, err := store.Collect(ctx, q, `SELECT `+commentColumns+` FROM comments c
		LEFT JOIN answers ca ON ca.id = c.answer_id
		JOIN questions q ON q.id = coalesce(c.question_id, ca.question_id)
		WHERE c.id = ANY($1) AND `+scope.Predicate("q.space_id", 2), []any{ids, scope.Arg()}, scanComment)
	return store.ByID(list, func(c *Comment) int64 { return c.ID }), err
}

// splitPosts separates question and answer ids for queries that take each as an array.
func splitPosts(posts []PostRef) (questionIDs, answerIDs []int64) {
	for _, p := range posts {
		if p.QuestionID != 0 {
			questionIDs = append(questionIDs, p.QuestionID)
		} else {
			answerIDs = append(answerIDs, p.AnswerID)
		}
	}
	return questionIDs, answerIDs
}

func commentsOf(ctx context.Context, q store.Querier, posts []PostRef) (map[PostRef][]*Comment, error) {
	qids, aids := splitPosts(posts)
	list, err := store.Collect(ctx, q, `SELECT `+commentColumns+` FROM comments c
		WHERE c.question_id = ANY($1) OR c.answer_id = ANY($2) ORDER BY c.id`, []any{qids, aids}, scanComment)
	out := map[PostRef][]*Comment{}
	for _, c := range list {
		out[c.Post] = append(out[c.Post], c)
	}
	return out, err
}

func insertRevision(ctx context.Context, q store.Querier, post PostRef, editorID int64, title *string, body string, tags []string) error {
	_, err := q.Exec(ctx, `INSERT INTO revisions (question_id, answer_id, editor_id, title, body, tags)
		VALUES (nullif($1, 0), nullif($2, 0), $3, $4, $5, $6)`, post.QuestionID, post.AnswerID, editorID, title, body, tags)
	return err
}

func revisionsOf(ctx context.Context, q store.Querier, posts []PostRef) (map[PostRef][]*Revision, error) {
	qids, aids := splitPosts(posts)
	// The newest paging.HistorySize of each post, oldest first.
	rows, err := q.Query(ctx, `SELECT q, a, title, body, tags, editor_id, created_at FROM (
			SELECT id, coalesce(question_id, 0) q, coalesce(answer_id, 0) a, title, body, tags, editor_id, created_at,
				row_number() OVER (PARTITION BY question_id, answer_id ORDER BY id DESC) n
			FROM revisions WHERE question_id = ANY($1) OR answer_id = ANY($2)) r
		WHERE n <= $3 ORDER BY id`, qids, aids, paging.HistorySize)
	if err != nil {
		return nil, err
	}
	out := map[PostRef][]*Revision{}
	var ref PostRef
	r := Revision{}
	_, err = pgx.ForEachRow(rows, []any{&ref.QuestionID, &ref.AnswerID, &r.Title, &r.Body, &r.Tags, &r.EditorID, &r.CreatedAt}, func() error {
		c := r
		out[ref] = append(out[ref], &c)
		return nil
	})
	return out, err
}

func votesOf(ctx context.Context, q store.Querier, userID int64, posts []PostRef) (map[PostRef]int, error) {
	qids, aids := splitPosts(posts)
	rows, err := q.Query(ctx, `SELECT coalesce(question_id, 0), coalesce(answer_id, 0), value FROM votes
		WHERE user_id = $1 AND (question_id = ANY($2) OR answer_id = ANY($3))`, userID, qids, aids)
	if err != nil {
		return nil, err
	}
	out := map[PostRef]int{}
	var ref PostRef
	var v int
	_, err = pgx.ForEachRow(rows, []any{&ref.QuestionID, &ref.AnswerID, &v}, func() error {
		out[ref] = v
		return nil
	})
	return out, err
}

// containsPattern is the ILIKE pattern for text anywhere, its own % _ and \ taken literally;
// nil (no filter) for nil or blank text.
func containsPattern(text *string) *string {
	if text == nil || strings.TrimSpace(*text) == "" {
		return nil
	}
	p := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(strings.TrimSpace(*text)) + "%"
	return &p
}
