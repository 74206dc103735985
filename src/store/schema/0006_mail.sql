-- Mail: every inbound mail by its Message-ID (so a mail delivered twice is
-- stored once), the attachments of inbound mail, and the quarantine: mail
-- that became no ticket (auto-replies, bounces, lists, loops, malformed or
-- too large mail), kept with its raw bytes and the reason.
CREATE TABLE mail_inbound (
    id INTEGER PRIMARY KEY,
    message_id TEXT NOT NULL UNIQUE,
    outcome TEXT NOT NULL CHECK (outcome IN ('ticket', 'reply', 'quarantine')),
    ticket_id INTEGER REFERENCES tickets(id),
    message_ref INTEGER REFERENCES messages(id),
    quarantine_id INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX mail_inbound_ticket ON mail_inbound(ticket_id);

CREATE TABLE mail_attachments (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    message_id INTEGER NOT NULL REFERENCES messages(id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    data BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX mail_attachments_ticket ON mail_attachments(ticket_id, id);

CREATE TABLE mail_quarantine (
    id INTEGER PRIMARY KEY,
    reason TEXT NOT NULL,
    from_addr TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '',
    message_id TEXT NOT NULL DEFAULT '',
    size INTEGER NOT NULL,
    raw BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
