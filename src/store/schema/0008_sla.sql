-- Service levels: business-hours calendars, policies chosen by priority and
-- customer tier, the clocks of every ticket, and the triage score.

-- hours: seven "open-close" pairs in minutes after local midnight, Sunday
-- first ("540-1020"; "0-0" is a day off); holidays: local dates YYYYMMDD.
CREATE TABLE sla_calendars (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    tz TEXT NOT NULL,
    hours TEXT NOT NULL,
    holidays TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- priority -1 and tier '' mean "any"; the policy for (-1, '') is the default.
CREATE TABLE sla_policies (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    priority INTEGER NOT NULL DEFAULT -1 CHECK (priority BETWEEN -1 AND 3),
    tier TEXT NOT NULL DEFAULT '',
    calendar_id INTEGER NOT NULL REFERENCES sla_calendars(id),
    first_response_min INTEGER NOT NULL CHECK (first_response_min >= 0),
    next_response_min INTEGER NOT NULL CHECK (next_response_min >= 0),
    resolution_min INTEGER NOT NULL CHECK (resolution_min >= 0),
    -- the check-in after a solve, in hours (wall-clock time); 0: none
    follow_up_hours INTEGER NOT NULL DEFAULT 72 CHECK (follow_up_hours >= 0),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (priority, tier)
);

INSERT INTO sla_calendars(id, name, tz, hours, created_at, updated_at) VALUES
    (1, 'Always (UTC)', 'UTC', '0-1440 0-1440 0-1440 0-1440 0-1440 0-1440 0-1440',
     CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));

-- targets in business minutes: first response, next response, resolution
INSERT INTO sla_policies(name, priority, tier, calendar_id, first_response_min,
                         next_response_min, resolution_min, created_at, updated_at)
SELECT name, priority, '', 1, fr, nr, res, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER),
       CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
FROM (SELECT 'Default' AS name, -1 AS priority, 480 AS fr, 960 AS nr, 4320 AS res
      UNION ALL SELECT 'Urgent', 3, 60, 240, 1440
      UNION ALL SELECT 'High', 2, 240, 480, 2880
      UNION ALL SELECT 'Normal', 1, 480, 960, 4320
      UNION ALL SELECT 'Low', 0, 1440, 2880, 10080);

-- The clocks of a ticket: first response (fr), next response (nr) and
-- resolution (res), each with its start, target (business minutes), business
-- time spent paused, due and warning instants, when it was met, and the due
-- time a warning / breach was last recorded for (once per due time).
ALTER TABLE tickets ADD COLUMN sla_policy_id INTEGER REFERENCES sla_policies(id) ON DELETE SET NULL;
ALTER TABLE tickets ADD COLUMN sla_policy_name TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN sla_calendar_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_fr_start INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_fr_target INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_fr_paused INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_fr_due INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_fr_warn INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_fr_met INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_fr_warned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_fr_breach INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_nr_start INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_nr_target INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_nr_paused INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_nr_due INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_nr_warn INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_nr_met INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_nr_warned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_nr_breach INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_res_start INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_res_target INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_res_paused INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_res_due INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_res_warn INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_res_met INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_res_warned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_res_breach INTEGER NOT NULL DEFAULT 0;
-- > 0: the clocks stand still since then (pending, on hold, solved)
ALTER TABLE tickets ADD COLUMN sla_paused_at INTEGER NOT NULL DEFAULT 0;
-- the earliest due / warning instant of a running clock (9223372036854775807: none),
-- so the queue can sort by due time and find what is at risk with an index
ALTER TABLE tickets ADD COLUMN sla_next_due INTEGER NOT NULL DEFAULT 9223372036854775807;
ALTER TABLE tickets ADD COLUMN sla_next_warn INTEGER NOT NULL DEFAULT 9223372036854775807;
ALTER TABLE tickets ADD COLUMN sla_breached INTEGER NOT NULL DEFAULT 0;
-- triage: a score 0..100 and its explanation (JSON array of {name, points, why})
ALTER TABLE tickets ADD COLUMN triage_score INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN triage_parts TEXT NOT NULL DEFAULT '[]';
ALTER TABLE tickets ADD COLUMN priority_manual INTEGER NOT NULL DEFAULT 0;
-- when the score was last worked out: tickets waiting for the team are scored
-- again as time passes, the stalest first
ALTER TABLE tickets ADD COLUMN triage_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX tickets_triage_stale ON tickets(status, triage_at);

CREATE INDEX tickets_triage ON tickets(unsolved, triage_score DESC, id);
CREATE INDEX tickets_due ON tickets(unsolved, sla_next_due, id);
CREATE INDEX tickets_warn ON tickets(unsolved, sla_next_warn);
CREATE INDEX tickets_sla_breached ON tickets(sla_breached) WHERE sla_breached = 1;
