-- Documents of an application (issue 4, item 2): kept in the database with their type (detected
-- from the content), size and SHA-256; a retried upload of the same bytes is the same document.
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    uploaded_by INTEGER REFERENCES users(id),
    uploaded_at TIMESTAMP NOT NULL,
    UNIQUE (application_id, sha256)
);
CREATE INDEX documents_application ON documents(application_id);
