-- The bold, italic and link runs of a guideline passage (internal/ingest's marks: byte
-- offsets into its text), so that the page shows them; the text itself stays plain for
-- search. Passages stored before have none and render as their plain text.
ALTER TABLE guideline_sections ADD COLUMN marks jsonb NOT NULL DEFAULT '[]';
