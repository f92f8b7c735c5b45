-- Good practices (buone pratiche): a structured description of what a centre does, where it
-- lives (a twinning's space, NULL for the whole community), its maturity with a line of
-- evidence, every earlier version, and the centres that took it up.

CREATE TABLE practices (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    author_id       bigint NOT NULL REFERENCES users(id),
    space_id        bigint REFERENCES twinnings(id),
    center_id       bigint NOT NULL REFERENCES centers(id),
    service_area_id bigint NOT NULL REFERENCES service_areas(id),
    title           text NOT NULL,
    summary         text NOT NULL,
    context         text NOT NULL,
    objectives      text NOT NULL,
    target          text NOT NULL,
    activities      text NOT NULL,
    outcomes        text NOT NULL DEFAULT '',
    resources       text NOT NULL DEFAULT '',
    tags            text[] NOT NULL DEFAULT '{}',
    maturity        text NOT NULL CHECK (maturity IN ('EMERGING', 'PROMISING', 'ESTABLISHED')),
    evidence        text NOT NULL DEFAULT '',
    revision        int NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX practices_space_idx ON practices (space_id, id DESC) WHERE space_id IS NOT NULL;
CREATE INDEX practices_center_idx ON practices (center_id, id DESC);
CREATE INDEX practices_service_area_idx ON practices (service_area_id, id DESC);
CREATE INDEX practices_tags_idx ON practices USING gin (tags);

-- The version a change replaced, whole.
CREATE TABLE practice_revisions (
    practice_id bigint NOT NULL REFERENCES practices(id) ON DELETE CASCADE,
    revision    int NOT NULL,
    title       text NOT NULL,
    summary     text NOT NULL,
    context     text NOT NULL,
    objectives  text NOT NULL,
    target      text NOT NULL,
    activities  text NOT NULL,
    outcomes    text NOT NULL,
    resources   text NOT NULL,
    tags        text[] NOT NULL,
    maturity    text NOT NULL,
    evidence    text NOT NULL,
    editor_id   bigint NOT NULL REFERENCES users(id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (practice_id, revision)
);

-- A receiving centre that took a practice up, as it is or changed to fit: where the
-- practice travelled. One row per centre; recording again replaces the note.
CREATE TABLE practice_adoptions (
    practice_id bigint NOT NULL REFERENCES practices(id) ON DELETE CASCADE,
    center_id   bigint NOT NULL REFERENCES centers(id),
    kind        text NOT NULL CHECK (kind IN ('ADOPTED', 'ADAPTED')),
    note        text NOT NULL DEFAULT '',
    recorded_by bigint NOT NULL REFERENCES users(id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (practice_id, center_id)
);
CREATE INDEX practice_adoptions_center_idx ON practice_adoptions (center_id);
