-- Jobs: due work kept as rows (follow-ups, surveys, SLA checks, reminders,
-- outbound mail), taken with a lease so a job whose worker died is taken again.
CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    ticket_id INTEGER REFERENCES tickets(id),
    payload TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'due'
        CHECK (state IN ('due', 'running', 'done', 'failed', 'cancelled')),
    run_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 5,
    lease_until INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    dedupe TEXT UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX jobs_due ON jobs(state, run_at);
CREATE INDEX jobs_ticket ON jobs(ticket_id, kind, state);
