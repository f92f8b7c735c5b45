-- Workshops: thematic labs, informative-training meetings and visits, with their sessions,
-- trainers, seats and a waitlist kept in arrival order, attendance per session,
-- certificates of attendance, material (links here, files in `files`), personal calendar
-- feeds, and the stored notifications a promotion from the waitlist sends.

CREATE TABLE workshops (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id              bigint NOT NULL REFERENCES users(id),
    space_id              bigint REFERENCES twinnings(id),
    discussion_id         bigint NOT NULL UNIQUE REFERENCES discussions(id),
    title                 text NOT NULL,
    description           text NOT NULL,
    kind                  text NOT NULL CHECK (kind IN ('WORKSHOP', 'LAB', 'MEETING', 'VISIT')),
    mode                  text NOT NULL CHECK (mode IN ('ONLINE', 'IN_PERSON', 'HYBRID')),
    service_area_id       bigint REFERENCES service_areas(id),
    host_center_id        bigint REFERENCES centers(id),
    capacity              int CHECK (capacity IS NULL OR capacity >= 1),
    registration_deadline timestamptz,
    attendance_required   int NOT NULL DEFAULT 100 CHECK (attendance_required BETWEEN 1 AND 100),
    -- The first session's start and the last one's end, sessions not cancelled: the lists'
    -- sort keys, kept by the service with the sessions.
    starts_at             timestamptz NOT NULL,
    ends_at               timestamptz NOT NULL,
    status                text NOT NULL DEFAULT 'PUBLISHED' CHECK (status IN ('PUBLISHED', 'CANCELLED')),
    cancellation_reason   text,
    -- Raised at every change: calendars replace an event only for a higher SEQUENCE.
    sequence              int NOT NULL DEFAULT 0,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workshops_starts_idx ON workshops (starts_at, id);
CREATE INDEX workshops_ends_idx ON workshops (ends_at DESC, id DESC);
CREATE INDEX workshops_space_idx ON workshops (space_id) WHERE space_id IS NOT NULL;

CREATE TABLE workshop_trainers (
    workshop_id bigint NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    user_id     bigint NOT NULL REFERENCES users(id),
    position    int NOT NULL,
    PRIMARY KEY (workshop_id, user_id)
);
CREATE INDEX workshop_trainers_user_idx ON workshop_trainers (user_id);

CREATE TABLE workshop_sessions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workshop_id bigint NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL,
    place       text,
    online_url  text,
    cancelled   boolean NOT NULL DEFAULT false,
    CHECK (ends_at > starts_at)
);
CREATE INDEX workshop_sessions_workshop_idx ON workshop_sessions (workshop_id, starts_at);
CREATE INDEX workshop_sessions_time_idx ON workshop_sessions (starts_at, ends_at);

-- The waitlist's order is queue_no: taken from one sequence while the workshop's row is
-- locked, so it is the order in which registrations committed, never a clock's.
CREATE SEQUENCE workshop_queue_seq;

CREATE TABLE workshop_registrations (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workshop_id  bigint NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    user_id      bigint NOT NULL REFERENCES users(id),
    status       text NOT NULL CHECK (status IN ('CONFIRMED', 'WAITLISTED', 'CANCELLED')),
    queue_no     bigint NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    confirmed_at timestamptz,
    cancelled_at timestamptz,
    -- Raised at every change of status, for the personal calendar feed.
    sequence     int NOT NULL DEFAULT 0,
    UNIQUE (workshop_id, user_id)
);
CREATE INDEX workshop_registrations_queue_idx ON workshop_registrations (workshop_id, status, queue_no);
CREATE INDEX workshop_registrations_user_idx ON workshop_registrations (user_id, workshop_id);

CREATE TABLE workshop_attendance (
    registration_id bigint NOT NULL REFERENCES workshop_registrations(id) ON DELETE CASCADE,
    session_id      bigint NOT NULL REFERENCES workshop_sessions(id) ON DELETE CASCADE,
    marked_by       bigint NOT NULL REFERENCES users(id),
    marked_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (registration_id, session_id)
);

-- Material: a link, or a file (its bytes and metadata in `files`, owner 'workshop').
-- `text` is what search indexes of a file everyone may open (PDF and text), extracted once
-- at upload.
CREATE TABLE workshop_materials (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workshop_id bigint NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    name        text NOT NULL,
    url         text,
    file_id     bigint REFERENCES files(id),
    audience    text NOT NULL CHECK (audience IN ('EVERYONE', 'PARTICIPANTS')),
    text        text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((url IS NULL) <> (file_id IS NULL))
);
CREATE INDEX workshop_materials_workshop_idx ON workshop_materials (workshop_id, id);

-- What is for a workshop's participants only (its discussion, its material marked so)
-- names the workshop: internal/access reads it with the space.
ALTER TABLE files
    DROP CONSTRAINT files_owner_kind_check,
    ADD CONSTRAINT files_owner_kind_check CHECK (owner_kind IN ('guideline', 'practice', 'workshop')),
    ADD COLUMN audience_workshop_id bigint REFERENCES workshops(id) ON DELETE CASCADE;
ALTER TABLE discussions ADD COLUMN audience_workshop_id bigint REFERENCES workshops(id) ON DELETE CASCADE;

-- A certificate of attendance keeps what it certified when it was issued: a later change of
-- attendance or of the participant's name does not rewrite a document already handed in.
CREATE TABLE certificates (
    code            text PRIMARY KEY,
    registration_id bigint NOT NULL UNIQUE REFERENCES workshop_registrations(id) ON DELETE CASCADE,
    participant     text NOT NULL,
    center          text NOT NULL DEFAULT '',
    hours           numeric(6, 2) NOT NULL,
    session_ids     bigint[] NOT NULL,
    issued_at       timestamptz NOT NULL DEFAULT now()
);

-- The secret address of a user's calendar of registrations; renewing replaces it.
CREATE TABLE calendar_feeds (
    user_id    bigint PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    token      text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Stored notifications: kept while the user is away, listed and marked read.
CREATE TABLE notifications (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind        text NOT NULL,
    workshop_id bigint REFERENCES workshops(id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    read_at     timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
