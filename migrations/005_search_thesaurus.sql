-- The search thesaurus as an admin last saved it. No row: the thesaurus shipped in the
-- binary (internal/search/thesaurus.txt) is in use.

CREATE TABLE search_thesaurus (
    -- One row at most.
    id         boolean PRIMARY KEY DEFAULT true CHECK (id),
    text       text NOT NULL,
    updated_by bigint REFERENCES users(id) ON DELETE SET NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
