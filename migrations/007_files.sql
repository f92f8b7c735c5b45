-- Stored files keep their bytes in a blob bucket (a directory by default, an S3-compatible
-- bucket in production) instead of a bytea column, have an owner (the guideline whose
-- versions read from them; later practices and workshop materials), and are downloaded
-- by an unguessable token rather than their sequential id.
--
-- The bytes of the files stored before this migration are moved to the bucket by
-- `gemella migrate`, `dev` and `serve` at start-up (internal/file, MoveStoredContent):
-- content turns NULL as each one moves, and a later migration drops the column.

ALTER TABLE files
    ADD COLUMN token      text,
    ADD COLUMN blob_key   text UNIQUE,
    ADD COLUMN owner_kind text,
    ADD COLUMN owner_id   bigint,
    ALTER COLUMN content DROP NOT NULL;

-- 122 random bits, as the 32 hex digits new files get from the application.
UPDATE files SET token = replace(gen_random_uuid()::text, '-', '');

-- Every file stored so far is a guideline's original, current or earlier.
UPDATE files f SET owner_kind = 'guideline', owner_id = v.guideline_id
FROM guideline_versions v WHERE v.file_id = f.id;
UPDATE files f SET owner_kind = 'guideline', owner_id = g.id
FROM guidelines g WHERE g.file_id = f.id AND f.owner_kind IS NULL;

ALTER TABLE files
    ALTER COLUMN token SET NOT NULL,
    ADD CONSTRAINT files_token_key UNIQUE (token),
    ALTER COLUMN owner_kind SET NOT NULL,
    ALTER COLUMN owner_id SET NOT NULL,
    ADD CONSTRAINT files_owner_kind_check CHECK (owner_kind IN ('guideline', 'practice')),
    -- A file's bytes are somewhere: in the bucket, or still in the table until moved.
    ADD CONSTRAINT files_bytes_check CHECK (blob_key IS NOT NULL OR content IS NOT NULL);

CREATE INDEX files_owner_idx ON files (owner_kind, owner_id);
CREATE INDEX files_unmoved_idx ON files (id) WHERE blob_key IS NULL;
