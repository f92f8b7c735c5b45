-- Directory, accounts, discussions and Q&A.

CREATE TABLE regions (
    id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name text NOT NULL
);

CREATE TABLE service_areas (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug        text NOT NULL UNIQUE,
    name        text NOT NULL,
    description text NOT NULL DEFAULT '',
    -- facet groups areas: "servizio" for the service taxonomy, "funzione" for the Piedmont model's function areas.
    facet       text NOT NULL DEFAULT 'servizio'
);

CREATE TABLE centers (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key            text NOT NULL UNIQUE,
    name           text NOT NULL,
    municipality   text NOT NULL,
    region_id      bigint NOT NULL REFERENCES regions(id),
    promoting_body text NOT NULL DEFAULT ''
);
CREATE INDEX centers_region_idx ON centers (region_id, id);

CREATE TABLE center_services (
    center_id       bigint NOT NULL REFERENCES centers(id) ON DELETE CASCADE,
    service_area_id bigint NOT NULL REFERENCES service_areas(id),
    PRIMARY KEY (center_id, service_area_id)
);

CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         text NOT NULL,
    display_name  text NOT NULL,
    password_hash text NOT NULL,
    roles         text[] NOT NULL DEFAULT '{OPERATOR}',
    center_id     bigint REFERENCES centers(id),
    region_id     bigint REFERENCES regions(id),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE sessions (
    token_hash bytea PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expiry_idx ON sessions (expires_at);

CREATE TABLE discussions (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title      text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE twinnings (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key             text NOT NULL UNIQUE,
    title           text NOT NULL,
    summary         text NOT NULL DEFAULT '',
    service_area_id bigint NOT NULL REFERENCES service_areas(id),
    lead_center_id  bigint NOT NULL REFERENCES centers(id),
    lead_region_id  bigint NOT NULL REFERENCES regions(id),
    visit_schema    text[] NOT NULL DEFAULT '{}',
    discussion_id   bigint NOT NULL UNIQUE REFERENCES discussions(id),
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE twinning_receiving_centers (
    twinning_id bigint NOT NULL REFERENCES twinnings(id) ON DELETE CASCADE,
    center_id   bigint NOT NULL REFERENCES centers(id),
    position    int NOT NULL,
    PRIMARY KEY (twinning_id, center_id)
);

CREATE TABLE twinning_receiving_regions (
    twinning_id bigint NOT NULL REFERENCES twinnings(id) ON DELETE CASCADE,
    region_id   bigint NOT NULL REFERENCES regions(id),
    position    int NOT NULL,
    PRIMARY KEY (twinning_id, region_id)
);

CREATE TABLE twinning_phases (
    twinning_id bigint NOT NULL REFERENCES twinnings(id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('LETTER_OF_INTENT', 'OPERATIONAL_PROJECT', 'EXPERIMENTATION', 'CONCLUDED')),
    starts_on   date NOT NULL,
    ends_on     date,
    note        text NOT NULL DEFAULT '',
    PRIMARY KEY (twinning_id, kind)
);

CREATE TABLE twinning_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    twinning_id bigint NOT NULL REFERENCES twinnings(id) ON DELETE CASCADE,
    title       text NOT NULL,
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL CHECK (ends_at >= starts_at),
    place       text NOT NULL DEFAULT ''
);
CREATE INDEX twinning_events_twinning_idx ON twinning_events (twinning_id, starts_at);

CREATE TABLE questions (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    author_id          bigint NOT NULL REFERENCES users(id),
    title              text NOT NULL,
    body               text NOT NULL,
    tags               text[] NOT NULL DEFAULT '{}',
    service_area_id    bigint REFERENCES service_areas(id),
    region_id          bigint REFERENCES regions(id),
    score              int NOT NULL DEFAULT 0,
    answer_count       int NOT NULL DEFAULT 0,
    accepted_answer_id bigint,
    closed_at          timestamptz,
    closed_by          bigint REFERENCES users(id),
    close_reason       text NOT NULL DEFAULT '',
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    last_activity_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX questions_activity_idx ON questions (last_activity_at DESC, id DESC);
CREATE INDEX questions_score_idx ON questions (score DESC, id DESC);
CREATE INDEX questions_tags_idx ON questions USING gin (tags);
CREATE INDEX questions_service_area_idx ON questions (service_area_id, id DESC);
CREATE INDEX questions_region_idx ON questions (region_id, id DESC);
CREATE INDEX questions_unanswered_idx ON questions (id DESC) WHERE answer_count = 0;

CREATE TABLE answers (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    question_id bigint NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    author_id   bigint NOT NULL REFERENCES users(id),
    body        text NOT NULL,
    score       int NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX answers_question_idx ON answers (question_id, id);

ALTER TABLE questions ADD CONSTRAINT questions_accepted_answer_fkey
    FOREIGN KEY (accepted_answer_id) REFERENCES answers(id) ON DELETE SET NULL;

-- A comment belongs to exactly one post: a question or an answer.
CREATE TABLE comments (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    question_id bigint REFERENCES questions(id) ON DELETE CASCADE,
    answer_id   bigint REFERENCES answers(id) ON DELETE CASCADE,
    author_id   bigint NOT NULL REFERENCES users(id),
    body        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((question_id IS NULL) <> (answer_id IS NULL))
);
CREATE INDEX comments_question_idx ON comments (question_id, id) WHERE question_id IS NOT NULL;
CREATE INDEX comments_answer_idx ON comments (answer_id, id) WHERE answer_id IS NOT NULL;

-- One vote per user per post; withdrawing deletes the row.
CREATE TABLE votes (
    user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    question_id bigint REFERENCES questions(id) ON DELETE CASCADE,
    answer_id   bigint REFERENCES answers(id) ON DELETE CASCADE,
    value       smallint NOT NULL CHECK (value IN (-1, 1)),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((question_id IS NULL) <> (answer_id IS NULL))
);
CREATE UNIQUE INDEX votes_question_key ON votes (user_id, question_id) WHERE question_id IS NOT NULL;
CREATE UNIQUE INDEX votes_answer_key ON votes (user_id, answer_id) WHERE answer_id IS NOT NULL;

-- Every edit keeps the previous text: the history a moderator or reader can review.
CREATE TABLE revisions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    question_id bigint REFERENCES questions(id) ON DELETE CASCADE,
    answer_id   bigint REFERENCES answers(id) ON DELETE CASCADE,
    editor_id   bigint NOT NULL REFERENCES users(id),
    title       text,
    body        text NOT NULL,
    tags        text[],
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((question_id IS NULL) <> (answer_id IS NULL))
);
CREATE INDEX revisions_question_idx ON revisions (question_id, id) WHERE question_id IS NOT NULL;
CREATE INDEX revisions_answer_idx ON revisions (answer_id, id) WHERE answer_id IS NOT NULL;

-- Demo data is loaded once: this row records that it was.
CREATE TABLE seed_runs (
    name       text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);
