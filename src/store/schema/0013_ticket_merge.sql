-- A ticket merged into another: its messages, files and mail threads moved
-- there, and it points at the ticket it went into (NULL for every other).
ALTER TABLE tickets ADD COLUMN merged_into INTEGER REFERENCES tickets(id);
