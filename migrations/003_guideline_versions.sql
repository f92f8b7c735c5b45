-- Every version of a guideline keeps its original: a new version never deletes the file of
-- an earlier one, so links to it keep working and the history can be read.

CREATE TABLE guideline_versions (
    guideline_id bigint NOT NULL REFERENCES guidelines(id) ON DELETE CASCADE,
    version      int NOT NULL,
    title        text NOT NULL,
    kind         text NOT NULL,
    file_id      bigint NOT NULL REFERENCES files(id),
    uploaded_by  bigint REFERENCES users(id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (guideline_id, version)
);

INSERT INTO guideline_versions (guideline_id, version, title, kind, file_id, uploaded_by, created_at)
SELECT g.id, g.version, g.title, g.kind, g.file_id, f.uploaded_by, g.updated_at
FROM guidelines g JOIN files f ON f.id = g.file_id;
