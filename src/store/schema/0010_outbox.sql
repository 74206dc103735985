-- The outbox: a job may be held ('held') until what it needs exists (mail a
-- staff member sent while outbound mail was not set up waits for it, and is
-- released when the server starts with mail set up). SQLite cannot change a
-- CHECK in place, so the table is built again with the same rows.
CREATE TABLE jobs_new (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    ticket_id INTEGER REFERENCES tickets(id),
    payload TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'due'
        CHECK (state IN ('due', 'running', 'done', 'failed', 'cancelled', 'held')),
    run_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 5,
    lease_until INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    dedupe TEXT UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
INSERT INTO jobs_new (id, kind, ticket_id, payload, state, run_at, attempts, max_attempts,
                      lease_until, last_error, dedupe, created_at, updated_at)
    SELECT id, kind, ticket_id, payload, state, run_at, attempts, max_attempts, lease_until,
           last_error, dedupe, created_at, updated_at FROM jobs;
DROP TABLE jobs;
ALTER TABLE jobs_new RENAME TO jobs;
CREATE INDEX jobs_due ON jobs(state, run_at);
CREATE INDEX jobs_ticket ON jobs(ticket_id, kind, state);
