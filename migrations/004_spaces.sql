-- Twinnings become spaces: a visibility level, members with a role, join requests, and the
-- common visit schema filled in per receiving centre. Content that lives in a space points
-- at it; NULL means the whole community.

ALTER TABLE twinnings
    ADD COLUMN visibility text NOT NULL DEFAULT 'OPEN' CHECK (visibility IN ('OPEN', 'COMMUNITY', 'RESTRICTED')),
    ADD COLUMN created_by bigint REFERENCES users(id);

CREATE TABLE twinning_members (
    twinning_id bigint NOT NULL REFERENCES twinnings(id) ON DELETE CASCADE,
    user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role        text NOT NULL CHECK (role IN ('LEAD', 'RECEIVING', 'TRAINER', 'COORDINATOR')),
    added_by    bigint REFERENCES users(id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (twinning_id, user_id)
);
-- The visibility rule looks members up by reader.
CREATE INDEX twinning_members_user_idx ON twinning_members (user_id, twinning_id);

CREATE TABLE twinning_join_requests (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    twinning_id bigint NOT NULL REFERENCES twinnings(id) ON DELETE CASCADE,
    user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    message     text NOT NULL DEFAULT '',
    status      text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'APPROVED', 'REFUSED')),
    decided_by  bigint REFERENCES users(id),
    decided_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX twinning_join_requests_pending_idx ON twinning_join_requests (twinning_id, user_id) WHERE status = 'PENDING';

-- The common visit schema as each receiving centre filled it in; every change keeps the
-- previous text as a revision.
CREATE TABLE twinning_visit_reports (
    twinning_id            bigint NOT NULL REFERENCES twinnings(id) ON DELETE CASCADE,
    center_id              bigint NOT NULL REFERENCES centers(id),
    governance             text NOT NULL DEFAULT '',
    organisational_context text NOT NULL DEFAULT '',
    services_offered       text NOT NULL DEFAULT '',
    service_focus          text NOT NULL DEFAULT '',
    revision               int NOT NULL DEFAULT 1,
    updated_by             bigint REFERENCES users(id),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (twinning_id, center_id)
);

CREATE TABLE twinning_visit_report_revisions (
    twinning_id            bigint NOT NULL,
    center_id              bigint NOT NULL,
    revision               int NOT NULL,
    governance             text NOT NULL,
    organisational_context text NOT NULL,
    services_offered       text NOT NULL,
    service_focus          text NOT NULL,
    updated_by             bigint REFERENCES users(id),
    updated_at             timestamptz NOT NULL,
    PRIMARY KEY (twinning_id, center_id, revision),
    FOREIGN KEY (twinning_id, center_id) REFERENCES twinning_visit_reports (twinning_id, center_id) ON DELETE CASCADE
);

ALTER TABLE questions ADD COLUMN space_id bigint REFERENCES twinnings(id);
CREATE INDEX questions_space_idx ON questions (space_id) WHERE space_id IS NOT NULL;

ALTER TABLE discussions ADD COLUMN space_id bigint REFERENCES twinnings(id);
UPDATE discussions d SET space_id = t.id FROM twinnings t WHERE t.discussion_id = d.id;
UPDATE discussions d SET space_id = g.twinning_id FROM guidelines g WHERE g.discussion_id = d.id;

ALTER TABLE files ADD COLUMN space_id bigint REFERENCES twinnings(id);
UPDATE files f SET space_id = g.twinning_id
FROM guideline_versions v JOIN guidelines g ON g.id = v.guideline_id
WHERE v.file_id = f.id;

-- Search documents now carry their space, which every search filters on: reindex what is
-- there. Until the indexer has replaced them, documents without a space match no filter
-- and stay hidden rather than shown.
INSERT INTO search_outbox (kind, entity_id) SELECT 'guideline', id FROM guidelines;
INSERT INTO search_outbox (kind, entity_id) SELECT 'question', id FROM questions;
