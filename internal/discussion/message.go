package discussion

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/gid"
	"github.com/gemella/gemella/internal/live"
	"github.com/gemella/gemella/internal/markdown"
	"github.com/gemella/gemella/internal/notification"
	"github.com/gemella/gemella/internal/store"
)

// The kinds of event a thread emits, on its topic (live.ThreadTopic).
const (
	EventMessageAdded   = "message.added"
	EventMessageUpdated = "message.updated"
	EventMessageDeleted = "message.deleted"
)

// Message is one message of a thread.
type Message struct {
	ID           int64
	Position     live.Position // the order in which messages committed: the cursor
	DiscussionID int64
	AuthorID     int64
	ReplyToID    *int64
	// Body is the Markdown as written; empty once deleted.
	Body      string
	CreatedAt time.Time
	EditedAt  *time.Time
	DeletedAt *time.Time

	// Author is set when the message was read for many readers at once (a live event),
	// so that it is not read again for each of them.
	Author   *auth.User
	htmlOnce sync.Once
	html     string
}

// Deleted reports whether the message was deleted: it shows as such, without its text.
func (m *Message) Deleted() bool { return m.DeletedAt != nil }

// HTML is the sanitised HTML of the body, rendered once however many readers it has.
func (m *Message) HTML() string {
	m.htmlOnce.Do(func() {
		if !m.Deleted() {
			m.html = markdown.ToHTML(mentionText(m.Body))
		}
	})
	return m.html
}

// EditableBy reports whether u may edit or delete the message: its author or a moderator.
func (m *Message) EditableBy(u *auth.User) bool {
	return u != nil && (m.AuthorID == u.ID || u.CanModerate())
}

const (
	maxBody     = 10_000
	maxMentions = 10
)

// emojis are the reactions a message may get: a short, fixed set, as a free text would
// let anyone show everyone any characters (a right-to-left override, a blank) under a
// message. The web app offers the first four.
var emojis = []string{"👍", "❤️", "🎉", "🙏", "👏", "💡"}

// emojiOf is the reaction of the set that s names, also without the emoji variation
// selector that some keyboards leave out ("❤" for "❤️").
func emojiOf(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, e := range emojis {
		if s == e || s+"\uFE0F" == e {
			return e, true
		}
	}
	return "", false
}

// mentionPattern is how a mention is written: a Markdown link to "mention:" and a user's
// global id, as the web app's suggestions insert it.
var mentionPattern = regexp.MustCompile(`\[@([^\]\n]{1,80})\]\(mention:([A-Za-z0-9_-]{1,64})\)`)

// mentionText turns mentions into plain "@Name", whoever they name: a person mentioned who
// may not read the thread is neither told nor revealed, and reads the same as one who may.
func mentionText(body string) string {
	return mentionPattern.ReplaceAllString(body, "@$1")
}

// mentioned returns the user ids a body mentions, at most maxMentions.
func mentioned(body string) []int64 {
	var out []int64
	for _, m := range mentionPattern.FindAllStringSubmatch(body, -1) {
		if kind, id, ok := gid.Decode(m[2]); ok && kind == gid.User && !contains(out, id) {
			out = append(out, id)
		}
		if len(out) == maxMentions {
			break
		}
	}
	return out
}

func contains(list []int64, v int64) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func checkBody(body string) (string, error) {
	body = strings.TrimRight(body, " \t\r\n")
	switch {
	case strings.TrimSpace(body) == "":
		return "", apperr.New(apperr.Required, "body", "message.body.required")
	case utf8.RuneCountInString(body) > maxBody:
		return "", apperr.New(apperr.TooLarge, "body", "message.body.too_long").With("Max", maxBody)
	}
	return body, nil
}

// PostInput is a new message.
type PostInput struct {
	ThreadID  int64
	Body      string
	ReplyToID *int64
}

// Post adds a message to a thread the viewer may read. The author now follows the thread;
// those it mentions who may read it, the author of the message it replies to and the
// thread's followers are notified, each once.
func (s *Service) Post(ctx context.Context, in PostInput) (*Message, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	body, err := checkBody(in.Body)
	if err != nil {
		return nil, err
	}
	var out *Message
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		d, err := threadByID(ctx, tx, access.From(ctx), in.ThreadID)
		if err != nil {
			return err
		}
		var replyAuthor *int64
		if in.ReplyToID != nil {
			var author int64
			err := tx.QueryRow(ctx, `SELECT author_id FROM messages WHERE id = $1 AND discussion_id = $2`, *in.ReplyToID, d.ID).Scan(&author)
			if err := store.Translate(err, apperr.New(apperr.NotFound, "replyToId", "message.not_found")); err != nil {
				return err
			}
			replyAuthor = &author
		}
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO messages (discussion_id, author_id, reply_to_id, body) VALUES ($1, $2, $3, $4)
			RETURNING id`, d.ID, u.ID, in.ReplyToID, body).Scan(&id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO thread_follows (discussion_id, user_id, following) VALUES ($1, $2, true)
			ON CONFLICT DO NOTHING`, d.ID, u.ID); err != nil {
			return err
		}
		if err := notifyForMessage(ctx, tx, u, d.ID, id, body, replyAuthor); err != nil {
			return err
		}
		if err := live.Emit(ctx, tx, EventMessageAdded, live.ThreadTopic(d.ID), id); err != nil {
			return err
		}
		list, err := messagesByIDs(ctx, tx, []int64{id})
		out = list[id]
		return err
	})
	return out, err
}

// notifyForMessage tells whom a new message concerns, each person once and never its
// author: those mentioned who may read the thread, the author replied to, the followers.
func notifyForMessage(ctx context.Context, tx pgx.Tx, author *auth.User, threadID, messageID int64, body string, replyAuthor *int64) error {
	told := map[int64]bool{author.ID: true}
	var mentions []int64
	if ids := mentioned(body); len(ids) > 0 {
		ok, err := readable(ctx, tx, ids, threadID)
		if err != nil {
			return err
		}
		mentions = ok
	}
	for _, id := range mentions {
		if _, err := tx.Exec(ctx, `INSERT INTO message_mentions (message_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, messageID, id); err != nil {
			return err
		}
	}
	send := func(kind string, users []int64) error {
		var to []int64
		for _, id := range users {
			if !told[id] {
				told[id] = true
				to = append(to, id)
			}
		}
		return notification.Add(ctx, tx, to, notification.Notification{Kind: kind, ActorID: &author.ID,
			DiscussionID: &threadID, MessageID: &messageID})
	}
	if err := send(notification.Mention, mentions); err != nil {
		return err
	}
	if replyAuthor != nil {
		if ok, err := readable(ctx, tx, []int64{*replyAuthor}, threadID); err != nil {
			return err
		} else if err := send(notification.Reply, ok); err != nil {
			return err
		}
	}
	followers, err := store.IDs(ctx, tx, `SELECT user_id FROM thread_follows WHERE discussion_id = $1 AND following`, threadID)
	if err != nil {
		return err
	}
	// Followers who lost access to the thread (removed from its space) hear nothing of it.
	followers, err = readable(ctx, tx, followers, threadID)
	if err != nil {
		return err
	}
	return send(notification.ThreadActivity, followers)
}

// Edit changes a message's text: its author or a moderator. It shows as edited.
func (s *Service) Edit(ctx context.Context, messageID int64, body string) (*Message, error) {
	return s.change(ctx, messageID, func(tx pgx.Tx, m *Message, u *auth.User) (string, error) {
		if m.Deleted() {
			return "", apperr.New(apperr.Invalid, "messageId", "message.deleted")
		}
		body, err := checkBody(body)
		if err != nil {
			return "", err
		}
		_, err = tx.Exec(ctx, `UPDATE messages SET body = $2, edited_at = now() WHERE id = $1`, m.ID, body)
		return EventMessageUpdated, err
	})
}

// Delete deletes a message: its author or a moderator. Its place in the thread stays,
// marked deleted, so that replies keep their sense; its text is gone.
func (s *Service) Delete(ctx context.Context, messageID int64) (*Message, error) {
	return s.change(ctx, messageID, func(tx pgx.Tx, m *Message, u *auth.User) (string, error) {
		if m.Deleted() {
			return "", nil
		}
		_, err := tx.Exec(ctx, `UPDATE messages SET body = '', deleted_at = now(), deleted_by = $2 WHERE id = $1`, m.ID, u.ID)
		return EventMessageDeleted, err
	})
}

// change runs an author's or moderator's change of a message in one transaction and emits
// the event it names ("" for none).
func (s *Service) change(ctx context.Context, messageID int64, fn func(pgx.Tx, *Message, *auth.User) (string, error)) (*Message, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	var out *Message
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		m, err := scopedMessage(ctx, tx, access.From(ctx), messageID, true)
		if err != nil {
			return err
		}
		if !m.EditableBy(u) {
			return apperr.New(apperr.Forbidden, "messageId", "message.edit.forbidden")
		}
		kind, err := fn(tx, m, u)
		if err != nil {
			return err
		}
		if kind != "" {
			if err := live.Emit(ctx, tx, kind, live.ThreadTopic(m.DiscussionID), m.ID); err != nil {
				return err
			}
		}
		list, err := messagesByIDs(ctx, tx, []int64{m.ID})
		out = list[m.ID]
		return err
	})
	return out, err
}

// React adds (on) or takes back (off) the viewer's reaction to a message.
func (s *Service) React(ctx context.Context, messageID int64, emoji string, on bool) (*Message, error) {
	emoji, ok := emojiOf(emoji)
	if !ok {
		return nil, apperr.New(apperr.Invalid, "emoji", "message.emoji.invalid").With("Choices", strings.Join(emojis, " "))
	}
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	var out *Message
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		m, err := scopedMessage(ctx, tx, access.From(ctx), messageID, false)
		if err != nil {
			return err
		}
		if m.Deleted() {
			return apperr.New(apperr.Invalid, "messageId", "message.deleted")
		}
		var tag string
		if on {
			var n int
			if err := tx.QueryRow(ctx, `SELECT count(DISTINCT emoji) FROM message_reactions WHERE message_id = $1 AND user_id = $2`, m.ID, u.ID).Scan(&n); err != nil {
				return err
			}
			if n >= 10 {
				return apperr.New(apperr.Invalid, "emoji", "message.emoji.too_many")
			}
			tag = `INSERT INTO message_reactions (message_id, user_id, emoji) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`
		} else {
			tag = `DELETE FROM message_reactions WHERE message_id = $1 AND user_id = $2 AND emoji = $3`
		}
		ct, err := tx.Exec(ctx, tag, m.ID, u.ID, emoji)
		if err != nil {
			return err
		}
		if ct.RowsAffected() > 0 {
			if err := live.Emit(ctx, tx, EventMessageUpdated, live.ThreadTopic(m.DiscussionID), m.ID); err != nil {
				return err
			}
		}
		out = m
		return nil
	})
	return out, err
}

// MarkRead sets the viewer's read position in a thread to its last message.
func (s *Service) MarkRead(ctx context.Context, threadID int64) (*Discussion, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	d, err := threadByID(ctx, s.pool, access.From(ctx), threadID)
	if err != nil {
		return nil, err
	}
	err = store.WithTx(ctx, s.pool, func(tx pgx.Tx) error {
		// The last message below the frontier: one still committing comes after it, and
		// counts as unread when it lands.
		if _, err := tx.Exec(ctx, `INSERT INTO thread_reads (discussion_id, user_id, read_xid, read_id)
			SELECT $1, $2, m.xid, m.id FROM messages m
			WHERE m.discussion_id = $1 AND m.xid < pg_snapshot_xmin(pg_current_snapshot())
			ORDER BY m.xid DESC, m.id DESC LIMIT 1
			ON CONFLICT (discussion_id, user_id) DO UPDATE SET read_xid = excluded.read_xid, read_id = excluded.read_id, updated_at = now()
			WHERE (thread_reads.read_xid, thread_reads.read_id) < (excluded.read_xid, excluded.read_id)`, d.ID, u.ID); err != nil {
			return err
		}
		// What the notifications of its messages said is read with them: a mention read in
		// the thread is not news in the bell.
		_, err := tx.Exec(ctx, `UPDATE notifications n SET read_at = now()
			FROM messages m, thread_reads r
			WHERE n.user_id = $2 AND n.discussion_id = $1 AND n.read_at IS NULL AND m.id = n.message_id
				AND r.discussion_id = $1 AND r.user_id = $2 AND (m.xid, m.id) <= (r.read_xid, r.read_id)`, d.ID, u.ID)
		return err
	})
	return d, err
}

// Follow follows or unfollows a thread the viewer may read.
func (s *Service) Follow(ctx context.Context, threadID int64, on bool) (*Discussion, error) {
	u, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	d, err := threadByID(ctx, s.pool, access.From(ctx), threadID)
	if err != nil {
		return nil, err
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO thread_follows (discussion_id, user_id, following) VALUES ($1, $2, $3)
		ON CONFLICT (discussion_id, user_id) DO UPDATE SET following = excluded.following`, d.ID, u.ID, on)
	return d, err
}
