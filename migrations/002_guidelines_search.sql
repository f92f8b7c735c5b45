-- Guidelines and the search outbox.

CREATE TABLE files (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text NOT NULL,
    content_type text NOT NULL,
    size         bigint NOT NULL,
    sha256       bytea NOT NULL,
    -- Files live in PostgreSQL so that a document and its sections are written in one
    -- transaction; nothing is half-stored when an import fails.
    content      bytea NOT NULL,
    uploaded_by  bigint REFERENCES users(id),
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE guidelines (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title           text NOT NULL,
    service_area_id bigint REFERENCES service_areas(id),
    twinning_id     bigint REFERENCES twinnings(id),
    year            int CHECK (year BETWEEN 1900 AND 2200),
    version         int NOT NULL DEFAULT 1,
    kind            text NOT NULL,
    file_id         bigint NOT NULL REFERENCES files(id),
    text            text NOT NULL,
    section_count   int NOT NULL DEFAULT 0,
    discussion_id   bigint NOT NULL UNIQUE REFERENCES discussions(id),
    created_by      bigint REFERENCES users(id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX guidelines_service_area_idx ON guidelines (service_area_id, id DESC);
CREATE INDEX guidelines_twinning_idx ON guidelines (twinning_id, id DESC);

CREATE TABLE guideline_regions (
    guideline_id bigint NOT NULL REFERENCES guidelines(id) ON DELETE CASCADE,
    region_id    bigint NOT NULL REFERENCES regions(id),
    PRIMARY KEY (guideline_id, region_id)
);
CREATE INDEX guideline_regions_region_idx ON guideline_regions (region_id);

CREATE TABLE guideline_sections (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guideline_id bigint NOT NULL REFERENCES guidelines(id) ON DELETE CASCADE,
    position     int NOT NULL,
    heading_path text[] NOT NULL DEFAULT '{}',
    anchor       text NOT NULL,
    text         text NOT NULL,
    page         int NOT NULL DEFAULT 0,
    UNIQUE (guideline_id, position)
);

-- Every write that changes searchable content adds a row here in its own transaction; the
-- indexer drains the rows into Meilisearch and marks them done. Done rows are kept a day so
-- that a rebuild can replay what changed while it ran.
CREATE TABLE search_outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            text NOT NULL,
    entity_id       bigint NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    attempts        int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    done_at         timestamptz
);
CREATE INDEX search_outbox_pending_idx ON search_outbox (next_attempt_at, id) WHERE done_at IS NULL;
CREATE INDEX search_outbox_done_idx ON search_outbox (done_at) WHERE done_at IS NOT NULL;
