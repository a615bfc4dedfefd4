-- Every report drkit wrote to a repository, with the SHA-256 of its JSON. The reports carry a hash
-- chain; this record outside the bucket also catches the newest report being edited or removed.
CREATE TABLE drkit_report (
    repository  text NOT NULL,
    report_id   text NOT NULL,
    object_key  text NOT NULL,
    sha256      text NOT NULL,
    written_at  timestamptz NOT NULL,
    PRIMARY KEY (repository, report_id)
);
