-- Files people upload in the composer or the portal, waiting for the message
-- they go with: sending it moves each into mail_attachments (the table of
-- every file of a ticket, whether it came by mail or was uploaded). One not
-- sent within a day is deleted.
CREATE TABLE uploads (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    data BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX uploads_created ON uploads(created_at);
