-- Queues without sorting: "unsolved" (new, open, pending, on hold) as a column
-- computed from the status, and indexes in the queue's own order (priority,
-- highest first, then the oldest ticket), overall and per assignee.
ALTER TABLE tickets ADD COLUMN unsolved INTEGER GENERATED ALWAYS AS (status < 4) VIRTUAL;
CREATE INDEX tickets_queue ON tickets(unsolved, priority DESC, id);
CREATE INDEX tickets_assignee_queue ON tickets(assignee_id, unsolved, priority DESC, id);
DROP INDEX tickets_assignee;
