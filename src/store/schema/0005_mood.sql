-- How the customer felt in their latest message ("frustration", "gratitude", ...),
-- so queues can show it without reading every conversation.
ALTER TABLE tickets ADD COLUMN mood TEXT NOT NULL DEFAULT '';
