-- Which transactions changed what a kept answer may show (internal/changes).
--
-- Answers to readers who are not signed in are kept with the snapshot they were read
-- after, and served again while no transaction that committed since has written a tracked
-- table: one row here per such transaction, written by a statement trigger on each table.
-- A table is tracked unless it holds nothing any page shows (sessions, the outboxes, read
-- positions, notifications): a new table is tracked with track_changes('name').

CREATE TABLE changes (
    xid xid8 PRIMARY KEY DEFAULT pg_current_xact_id(),
    at  timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION note_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO changes DEFAULT VALUES ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

CREATE FUNCTION track_changes(name text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER note_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
        FOR EACH STATEMENT EXECUTE FUNCTION note_change()', name);
END
$$;

DO $$
DECLARE t text;
BEGIN
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
        AND tablename NOT IN ('changes', 'schema_version', 'sessions', 'search_outbox', 'events',
            'notifications', 'thread_reads', 'thread_follows', 'calendar_feeds', 'seed_runs')
    LOOP
        PERFORM track_changes(t);
    END LOOP;
END
$$;
