-- attune schema, version 1.
-- Times are milliseconds since the epoch (UTC); 0 means "not yet".
-- tickets.status: 0 new, 1 open, 2 pending, 3 on_hold, 4 solved, 5 closed.
-- tickets.priority: 0 low, 1 normal, 2 high, 3 urgent.

CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    preferred_name TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL UNIQUE,
    phone TEXT NOT NULL DEFAULT '',
    company TEXT NOT NULL DEFAULT '',
    tier TEXT NOT NULL DEFAULT 'standard',
    lifetime_value_cents INTEGER NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('customer', 'agent', 'lead', 'admin')),
    disabled INTEGER NOT NULL DEFAULT 0,
    customer_id INTEGER REFERENCES customers(id),
    password_hash TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);

CREATE TABLE tickets (
    id INTEGER PRIMARY KEY,
    number INTEGER NOT NULL UNIQUE,
    subject TEXT NOT NULL,
    status INTEGER NOT NULL CHECK (status BETWEEN 0 AND 5),
    priority INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 3),
    channel TEXT NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    assignee_id INTEGER REFERENCES users(id),
    group_name TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '',          -- the tags, sorted, separated by spaces
    message_count INTEGER NOT NULL DEFAULT 0, -- public messages
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    first_response_at INTEGER NOT NULL DEFAULT 0,
    solved_at INTEGER NOT NULL DEFAULT 0,
    closed_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX tickets_status_priority ON tickets(status, priority, id);
CREATE INDEX tickets_assignee ON tickets(assignee_id, status, priority, id);
CREATE INDEX tickets_customer ON tickets(customer_id, created_at, id);
CREATE INDEX tickets_created ON tickets(created_at, id);
CREATE INDEX tickets_updated ON tickets(updated_at, id);
CREATE INDEX tickets_solved ON tickets(solved_at, id);

-- The tags again, one row each, for filtering.
CREATE TABLE ticket_tags (
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    tag TEXT NOT NULL,
    PRIMARY KEY (ticket_id, tag)
) WITHOUT ROWID;
CREATE INDEX ticket_tags_tag ON ticket_tags(tag, ticket_id);

CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    author_user_id INTEGER REFERENCES users(id),
    author_customer_id INTEGER REFERENCES customers(id),
    visibility INTEGER NOT NULL CHECK (visibility IN (0, 1)), -- 0 public, 1 internal
    body TEXT NOT NULL,
    analysis TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX messages_ticket ON messages(ticket_id, id);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    actor_id INTEGER REFERENCES users(id),
    kind TEXT NOT NULL,
    old_value TEXT NOT NULL DEFAULT '',
    new_value TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX events_ticket ON events(ticket_id, id);

-- Search: one row per ticket (rowid = ticket id): its subject, its public
-- messages and its internal notes, so customers' searches can leave notes out.
CREATE VIRTUAL TABLE ticket_search USING fts5(
    subject, public_text, internal_text,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    csrf TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    name TEXT NOT NULL DEFAULT '',
    hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL DEFAULT 0,
    revoked_at INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    actor_id INTEGER REFERENCES users(id),
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TABLE password_resets (
    hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    expires_at INTEGER NOT NULL,
    used_at INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE login_failures (
    key TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);

-- Which migrations ran, and when (the version itself is PRAGMA user_version).
CREATE TABLE schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
);
