#ifndef AT_SLA_POLICY_H
#define AT_SLA_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "desk/desk.h"
#include "desk/jobs.h"

/*
 * Service levels on tickets (see docs/SLA.md). Admins keep business-hours
 * calendars and policies; every ticket gets the most specific policy for its
 * priority and its customer's tier, and three clocks in business time: first
 * response, next response and resolution. Clocks stand still while the ticket
 * waits on the customer (pending, on hold) or is solved, and the business
 * time they stood still is added back. Warnings and breaches are recorded on
 * the ticket once per clock and due time, and mailed to the assignee and the
 * leads, by jobs of kind "sla_check" scheduled at each warning and due time.
 */

#define AT_SLA_WARNING_PERCENT     25   /* default of the sla_warning_percent setting */
#define AT_SLA_FOLLOW_UP_MAX_HOURS 2160 /* ninety days */

/* ---- calendars and policies (admins write; staff read) ---- */

/* One range of working hours: days by name ("mon" ... "sun"), "HH:MM" to "HH:MM". */
struct at_sla_hours {
    const char **days;
    size_t ndays;
    const char *open;  /* "09:00" */
    const char *close; /* "17:00"; "24:00" is the end of the day */
};

/* A calendar as given by a person: every field NULL / unset keeps what is there. */
struct at_sla_calendar_input {
    const char *name;
    const char *tz; /* a zone of the tz database: "Europe/Berlin" */
    bool set_hours;
    const struct at_sla_hours *hours; /* at most one range per day; days not named are off */
    size_t nhours;
    bool set_holidays;
    const char **holidays; /* "YYYY-MM-DD" */
    size_t nholidays;
};

/* A policy as given by a person; `set_` flags say what is given. */
struct at_sla_policy_input {
    const char *name;
    bool set_priority;
    const char *priority; /* "low" ... "urgent", or NULL / "" for any */
    const char *tier;     /* NULL: unchanged (any, when adding); "": any */
    bool set_calendar;
    int64_t calendar_id;
    bool set_first_response, set_next_response, set_resolution;
    int64_t first_response_min, next_response_min, resolution_min;
    bool set_follow_up;
    int64_t follow_up_hours; /* 0 to AT_SLA_FOLLOW_UP_MAX_HOURS; 0: no check-in */
};

/*
 * Calendars and policies. Reads are for staff; writes for admins (AT_EPERM
 * otherwise). Bad input is AT_EINVAL with the field named ("hours[1].close",
 * "tz", "holidays[0]", "first_response_minutes", ...); a name or a
 * (priority, tier) pair that is taken is AT_ECONFLICT. The default policy
 * (any priority, any tier) cannot be deleted or narrowed (AT_ESTATE).
 * Changes apply to tickets from their next change on.
 */
int at_desk_sla_calendar_list(struct at_desk *d, const struct at_actor *who, struct at_arena *arena,
                              struct at_sla_calendar **out, size_t *n, struct at_errinfo *e);
int at_desk_sla_calendar_add(struct at_desk *d, const struct at_actor *who,
                             const struct at_sla_calendar_input *in, struct at_arena *arena,
                             struct at_sla_calendar *out, struct at_errinfo *e);
int at_desk_sla_calendar_update(struct at_desk *d, const struct at_actor *who, int64_t id,
                                const struct at_sla_calendar_input *in, struct at_arena *arena,
                                struct at_sla_calendar *out, struct at_errinfo *e);
int at_desk_sla_policy_list(struct at_desk *d, const struct at_actor *who, struct at_arena *arena,
                            struct at_sla_policy **out, size_t *n, struct at_errinfo *e);
int at_desk_sla_policy_add(struct at_desk *d, const struct at_actor *who,
                           const struct at_sla_policy_input *in, struct at_arena *arena,
                           struct at_sla_policy *out, struct at_errinfo *e);
int at_desk_sla_policy_update(struct at_desk *d, const struct at_actor *who, int64_t id,
                              const struct at_sla_policy_input *in, struct at_arena *arena,
                              struct at_sla_policy *out, struct at_errinfo *e);
int at_desk_sla_policy_delete(struct at_desk *d, const struct at_actor *who, int64_t id,
                              struct at_errinfo *e);

/* "mon" ... "sun" of weekday `wd` (0 = Sunday). */
const char *at_sla_day_name(int wd);

/* ---- the clocks of a ticket ---- */

/* What just happened to a ticket, for at_desk_sla_ticket(). */
enum at_sla_cause {
    AT_SLA_CREATED = 0,      /* opened, with its first message */
    AT_SLA_CUSTOMER_MESSAGE, /* the customer wrote */
    AT_SLA_STAFF_REPLY,      /* a public reply from staff */
    AT_SLA_CHANGED,          /* status, priority, tier or an internal note */
    AT_SLA_TICK,             /* time passed (the sla_check job) */
};

/*
 * Brings the clocks and the triage score of ticket `t` up to date after
 * `cause`, inside the caller's transaction: applies the matching policy,
 * meets, starts, pauses and resumes clocks by the ticket's status, records
 * warnings and breaches that are due (events and mail, once per due time),
 * scores the ticket, moves its priority with the score unless staff set it
 * by hand, writes all of it and reschedules the ticket's sla_check jobs.
 * `analysis` is the stored analysis of the customer message that caused it
 * (NULL: the latest one is read). `t` is updated (priority, sla; its strings
 * in `arena`).
 */
int at_desk_sla_ticket(struct at_desk *d, struct at_ticket *t, enum at_sla_cause cause,
                       const char *analysis, struct at_arena *arena, struct at_errinfo *e);

/* Re-applies the policies of a customer's unsolved tickets (after a tier change). */
int at_desk_sla_customer_changed(struct at_desk *d, int64_t customer_id, struct at_errinfo *e);

/*
 * Scores again up to `limit` tickets waiting for the team whose score is more
 * than `older_than` ms old, stalest first, each in its own transaction, so
 * the time they have waited counts in the queue's order. Called by the job
 * runner; `*scored` (may be NULL) says how many.
 */
int at_desk_triage_refresh(struct at_desk *d, int64_t older_than, size_t limit, size_t *scored);

/* Runs one sla_check job (called by the job runner inside its transaction). */
int at_desk_sla_check_job(struct at_desk *d, const struct at_job *j, struct at_arena *arena,
                          struct at_errinfo *e);

/* The kind of job that runs it (in its transaction). */
extern const struct at_job_kind at_job_sla_check;

/* ---- reading the clocks ---- */

/* One clock as people see it. */
struct at_sla_clock_view {
    bool started;
    const char *name;  /* "first_response", "next_response", "resolution" */
    const char *state; /* "ok", "warning", "breached", "met", "paused" */
    int64_t due_at;
    int64_t met_at;
    int32_t target_min;
    int64_t minutes_left; /* business minutes; negative: overdue by that much */
    int64_t late_minutes; /* past its due time: the minutes on the wall clock since (0: not late) */
};

struct at_sla_view {
    bool applied; /* false: no policy applied yet (a ticket from before SLAs) */
    const char *policy;
    const char *state; /* the worst of the clocks */
    struct at_sla_clock_view clock[AT_CLOCK_COUNT];
};

/*
 * Reads clocks as of now; keeps the calendars it needed, so a page of
 * tickets loads each calendar once. Release with at_sla_reader_release().
 */
struct at_sla_reader {
    struct at_desk *desk;
    int64_t now;
    struct at_sla_calendar cals[8];
    size_t ncals;
    struct at_arena arena;
};
void at_sla_reader_init(struct at_sla_reader *r, struct at_desk *d);
void at_sla_reader_release(struct at_sla_reader *r);
/* Fills `out` for ticket `t`; strings are static or live in `t`. */
void at_sla_reader_view(struct at_sla_reader *r, const struct at_ticket *t,
                        struct at_sla_view *out);

/*
 * The policy that applies to a ticket of `priority` whose customer has
 * `tier`, from the `n` policies `p`: the most specific, the one for both,
 * then the one for the priority, then the one for the tier, then the default
 * (priority -1 and no tier). NULL when none applies.
 */
const struct at_sla_policy *at_sla_policy_pick(const struct at_sla_policy *p, size_t n,
                                               int priority, const char *tier);

#endif
