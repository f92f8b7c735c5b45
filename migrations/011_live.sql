-- Live discussions and change events.
--
-- Every committed change that a subscriber may want writes a row in `events` in its own
-- transaction. Rows are read in (xid, id) order, and only below the oldest transaction
-- still running (pg_snapshot_xmin): a transaction that commits late has an xid at or above
-- that frontier, so a reader's cursor never passes an event that is still to commit.

CREATE TABLE events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    xid         xid8 NOT NULL DEFAULT pg_current_xact_id(),
    kind        text NOT NULL,
    -- What subscribers listen to: "thread:12", "question:7", "user:3", "space:5".
    topic       text NOT NULL,
    entity_id   bigint NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_position_idx ON events (xid, id);
CREATE INDEX events_topic_idx ON events (topic, xid, id);

-- Questions and practices get threads of their own, as twinnings, guidelines and
-- workshops have.
ALTER TABLE discussions ADD COLUMN backfill_for bigint;

ALTER TABLE questions ADD COLUMN discussion_id bigint UNIQUE REFERENCES discussions(id);
INSERT INTO discussions (title, space_id, backfill_for) SELECT title, space_id, id FROM questions;
UPDATE questions q SET discussion_id = d.id FROM discussions d WHERE d.backfill_for = q.id;
UPDATE discussions SET backfill_for = NULL;

ALTER TABLE practices ADD COLUMN discussion_id bigint UNIQUE REFERENCES discussions(id);
INSERT INTO discussions (title, space_id, backfill_for) SELECT title, space_id, id FROM practices;
UPDATE practices p SET discussion_id = d.id FROM discussions d WHERE d.backfill_for = p.id;

ALTER TABLE discussions DROP COLUMN backfill_for;
ALTER TABLE questions ALTER COLUMN discussion_id SET NOT NULL;
ALTER TABLE practices ALTER COLUMN discussion_id SET NOT NULL;

-- A message's position is (xid, id): the order in which messages committed, as events are
-- read. A cursor over a thread compares with it.
CREATE TABLE messages (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    xid           xid8 NOT NULL DEFAULT pg_current_xact_id(),
    discussion_id bigint NOT NULL REFERENCES discussions(id) ON DELETE CASCADE,
    author_id     bigint NOT NULL REFERENCES users(id),
    reply_to_id   bigint REFERENCES messages(id),
    body          text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    edited_at     timestamptz,
    deleted_at    timestamptz,
    deleted_by    bigint REFERENCES users(id)
);
CREATE INDEX messages_thread_idx ON messages (discussion_id, xid, id);
CREATE INDEX messages_thread_order_idx ON messages (discussion_id, id);

CREATE TABLE message_mentions (
    message_id bigint NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (message_id, user_id)
);
CREATE INDEX message_mentions_user_idx ON message_mentions (user_id);

CREATE TABLE message_reactions (
    message_id bigint NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    emoji      text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (message_id, user_id, emoji)
);

-- How far each member has read a thread: a message position, so that unread counts are
-- counted against it, never kept as counters that drift.
CREATE TABLE thread_reads (
    discussion_id bigint NOT NULL REFERENCES discussions(id) ON DELETE CASCADE,
    user_id       bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    read_xid      xid8 NOT NULL,
    read_id       bigint NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (discussion_id, user_id)
);

-- Threads a person follows: one they post in is followed; unfollowing keeps a row, so that
-- posting again does not follow it again against their wish.
CREATE TABLE thread_follows (
    discussion_id bigint NOT NULL REFERENCES discussions(id) ON DELETE CASCADE,
    user_id       bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    following     boolean NOT NULL,
    PRIMARY KEY (discussion_id, user_id)
);
CREATE INDEX thread_follows_user_idx ON thread_follows (user_id) WHERE following;

-- Notifications say what happened and to what. Like messages, their position (xid, id)
-- is the order they committed in, for a subscriber that resumes.
ALTER TABLE notifications
    ADD COLUMN xid           xid8 NOT NULL DEFAULT pg_current_xact_id(),
    ADD COLUMN actor_id      bigint REFERENCES users(id) ON DELETE SET NULL,
    ADD COLUMN discussion_id bigint REFERENCES discussions(id) ON DELETE CASCADE,
    ADD COLUMN message_id    bigint REFERENCES messages(id) ON DELETE CASCADE,
    ADD COLUMN question_id   bigint REFERENCES questions(id) ON DELETE CASCADE;
CREATE INDEX notifications_position_idx ON notifications (user_id, xid, id);
