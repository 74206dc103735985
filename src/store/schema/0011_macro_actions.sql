-- What a macro does besides its text: the ticket fields it sets when an
-- agent uses it, as JSON ({"status", "priority", "assignee", "add_tags"};
-- '' for none). The desk checks it and is the only one that reads it.
ALTER TABLE macros ADD COLUMN actions TEXT NOT NULL DEFAULT '';
