-- The coach's verdict on each public reply staff send, kept with the reply,
-- and the settings of the desk that admins change while it runs.

-- One row per coached reply (a public message by staff), written in the
-- transaction that adds the message. Customers' messages and internal notes
-- have none.
CREATE TABLE reply_coaching (
    message_id INTEGER PRIMARY KEY REFERENCES messages(id),
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    author_user_id INTEGER REFERENCES users(id),
    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    -- EPITOME's three empathy mechanisms, 0 (none), 1 (weak) or 2 (strong) each
    emotional_reaction INTEGER NOT NULL CHECK (emotional_reaction BETWEEN 0 AND 2),
    interpretation INTEGER NOT NULL CHECK (interpretation BETWEEN 0 AND 2),
    exploration INTEGER NOT NULL CHECK (exploration BETWEEN 0 AND 2),
    -- the rubric: a JSON object from each item's name ("greeting", "blame", ...)
    -- to its state: "met" or "missing" (what a good reply does), "clear" or
    -- "found" (what it avoids), "n/a"
    rubric TEXT NOT NULL,
    -- the team's floor when it was sent (0: off), and whether the sender
    -- confirmed sending a reply that scored below it
    floor INTEGER NOT NULL DEFAULT 0 CHECK (floor BETWEEN 0 AND 100),
    confirmed INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX reply_coaching_author ON reply_coaching(author_user_id, created_at);
CREATE INDEX reply_coaching_ticket ON reply_coaching(ticket_id);

-- Settings admins change through the API (a name and its value as text);
-- a setting never written has its default, which the desk knows.
CREATE TABLE desk_settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_by INTEGER REFERENCES users(id),
    updated_at INTEGER NOT NULL
) WITHOUT ROWID;
