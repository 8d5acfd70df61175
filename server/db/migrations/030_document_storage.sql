-- Storage that scales (issue #20, point 6): a version's content lives in the database
-- (document_chunks) or, when STORAGE_URL names an S3-compatible bucket, in that bucket. Each version
-- records where its content was written, so contents stay readable when the setting changes.
ALTER TABLE document_versions ADD COLUMN storage text NOT NULL DEFAULT 'db' CHECK (storage IN ('db', 's3'));
CREATE INDEX document_versions_content ON document_versions (content_id);
