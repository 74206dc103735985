-- Surveys after a solve: one per solve of a ticket, reached through links whose
-- tokens are stored only as SHA-256 hashes. The answer lives on the survey row
-- (0 = not answered; nps -1 = not given).
CREATE TABLE surveys (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    agent_id INTEGER REFERENCES users(id),
    nps_asked INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    answered_at INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL,
    csat INTEGER NOT NULL DEFAULT 0 CHECK (csat BETWEEN 0 AND 5),
    understood INTEGER NOT NULL DEFAULT 0 CHECK (understood BETWEEN 0 AND 5),
    effort INTEGER NOT NULL DEFAULT 0 CHECK (effort BETWEEN 0 AND 7),
    nps INTEGER NOT NULL DEFAULT -1 CHECK (nps BETWEEN -1 AND 10),
    comment TEXT NOT NULL DEFAULT '',
    comment_reading TEXT NOT NULL DEFAULT ''
);
CREATE INDEX surveys_ticket ON surveys(ticket_id, created_at);
CREATE INDEX surveys_customer_nps ON surveys(customer_id, nps_asked, created_at);
CREATE INDEX surveys_created ON surveys(created_at);
CREATE INDEX surveys_agent ON surveys(agent_id, created_at);

-- Every link to a survey (the mail's, and each one the portal asks for).
CREATE TABLE survey_tokens (
    hash TEXT PRIMARY KEY,
    survey_id INTEGER NOT NULL REFERENCES surveys(id),
    created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX survey_tokens_survey ON survey_tokens(survey_id);

-- A poor answer asks a lead to get back to the customer: at most one task per survey.
CREATE TABLE recovery_tasks (
    id INTEGER PRIMARY KEY,
    survey_id INTEGER NOT NULL UNIQUE REFERENCES surveys(id),
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    reason TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    done_at INTEGER NOT NULL DEFAULT 0,
    done_by INTEGER REFERENCES users(id),
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX recovery_open ON recovery_tasks(done_at, created_at);

-- Praise in an answer, kept for the agent who handled the ticket.
CREATE TABLE recognition (
    id INTEGER PRIMARY KEY,
    survey_id INTEGER NOT NULL UNIQUE REFERENCES surveys(id),
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    agent_id INTEGER NOT NULL REFERENCES users(id),
    comment TEXT NOT NULL,
    csat INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX recognition_agent ON recognition(agent_id, created_at);
