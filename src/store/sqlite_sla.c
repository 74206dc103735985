/* The SQLite backend: service level calendars and policies, ticket clocks and triage. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "store/sqlite_int.h"

#include "core/banned.h"

/* ---- ticket columns ---- */

void sq_read_ticket_sla(sqlite3_stmt *stmt, int col, struct at_arena *arena,
                        struct at_ticket_sla *out)
{
    int i = col;

    out->policy_id = sqlite3_column_int64(stmt, i++);
    out->policy_name = sq_col_str(stmt, i++, arena);
    out->calendar_id = sqlite3_column_int64(stmt, i++);
    for (int k = 0; k < AT_CLOCK_COUNT; k++) {
        struct at_sla_clock *c = &out->clock[k];

        c->start_at = sqlite3_column_int64(stmt, i++);
        c->target_min = sqlite3_column_int(stmt, i++);
        c->paused_ms = sqlite3_column_int64(stmt, i++);
        c->due_at = sqlite3_column_int64(stmt, i++);
        c->warn_at = sqlite3_column_int64(stmt, i++);
        c->met_at = sqlite3_column_int64(stmt, i++);
        c->warned_for = sqlite3_column_int64(stmt, i++);
        c->breach_for = sqlite3_column_int64(stmt, i++);
    }
    out->paused_at = sqlite3_column_int64(stmt, i++);
    out->next_due = sqlite3_column_int64(stmt, i++);
    out->next_warn = sqlite3_column_int64(stmt, i++);
    out->breached = sqlite3_column_int(stmt, i++) != 0;
    out->triage_score = sqlite3_column_int(stmt, i++);
    out->triage_parts = sq_col_str(stmt, i++, arena);
    out->priority_manual = sqlite3_column_int(stmt, i++) != 0;
    out->triage_at = sqlite3_column_int64(stmt, i++);
}

static int ticket_sla_set(struct at_store *st, int64_t id, enum at_priority priority,
                          const struct at_ticket_sla *sla)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(
        s, "UPDATE tickets SET priority = ?2, sla_policy_id = ?3, sla_policy_name = ?4, "
           "sla_calendar_id = ?5, sla_fr_start = ?6, sla_fr_target = ?7, sla_fr_paused = ?8, "
           "sla_fr_due = ?9, sla_fr_warn = ?10, sla_fr_met = ?11, sla_fr_warned = ?12, "
           "sla_fr_breach = ?13, sla_nr_start = ?14, sla_nr_target = ?15, sla_nr_paused = ?16, "
           "sla_nr_due = ?17, sla_nr_warn = ?18, sla_nr_met = ?19, sla_nr_warned = ?20, "
           "sla_nr_breach = ?21, sla_res_start = ?22, sla_res_target = ?23, "
           "sla_res_paused = ?24, sla_res_due = ?25, sla_res_warn = ?26, sla_res_met = ?27, "
           "sla_res_warned = ?28, sla_res_breach = ?29, sla_paused_at = ?30, "
           "sla_next_due = ?31, sla_next_warn = ?32, sla_breached = ?33, triage_score = ?34, "
           "triage_parts = ?35, priority_manual = ?36, triage_at = ?37 WHERE id = ?1");
    int i = 1;

    if (!stmt)
        return AT_ESTORE;
    sqlite3_bind_int64(stmt, i++, id);
    sqlite3_bind_int(stmt, i++, priority);
    sq_bind_ref(stmt, i++, sla->policy_id);
    sq_bind_text(stmt, i++, sla->policy_name ? sla->policy_name : "");
    sqlite3_bind_int64(stmt, i++, sla->calendar_id);
    for (int k = 0; k < AT_CLOCK_COUNT; k++) {
        const struct at_sla_clock *c = &sla->clock[k];

        sqlite3_bind_int64(stmt, i++, c->start_at);
        sqlite3_bind_int(stmt, i++, c->target_min);
        sqlite3_bind_int64(stmt, i++, c->paused_ms);
        sqlite3_bind_int64(stmt, i++, c->due_at);
        sqlite3_bind_int64(stmt, i++, c->warn_at);
        sqlite3_bind_int64(stmt, i++, c->met_at);
        sqlite3_bind_int64(stmt, i++, c->warned_for);
        sqlite3_bind_int64(stmt, i++, c->breach_for);
    }
    sqlite3_bind_int64(stmt, i++, sla->paused_at);
    sqlite3_bind_int64(stmt, i++, sla->next_due);
    sqlite3_bind_int64(stmt, i++, sla->next_warn);
    sqlite3_bind_int(stmt, i++, sla->breached);
    sqlite3_bind_int(stmt, i++, sla->triage_score);
    sq_bind_text(stmt, i++, sla->triage_parts ? sla->triage_parts : "[]");
    sqlite3_bind_int(stmt, i++, sla->priority_manual);
    sqlite3_bind_int64(stmt, i++, sla->triage_at);
    return sq_changed_or_missing(s, sq_exec_done(s, stmt, "ticket_sla_set"));
}

static void read_id(sqlite3_stmt *stmt, struct at_arena *arena, void *out)
{
    (void)arena;
    *(int64_t *)out = sqlite3_column_int64(stmt, 0);
}

static int ticket_triage_stale(struct at_store *st, int64_t before, size_t limit,
                               struct at_arena *arena, int64_t **ids, size_t *n)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "SELECT id FROM tickets WHERE status IN (0, 1) "
                                    "AND triage_at < ?1 ORDER BY triage_at LIMIT ?2");
    void *items;
    int ret;

    if (stmt) {
        sqlite3_bind_int64(stmt, 1, before);
        sqlite3_bind_int64(stmt, 2, (sqlite3_int64)limit);
    }
    ret = sq_collect(s, stmt, "ticket_triage_stale", arena, read_id, sizeof(**ids), &items, n);
    *ids = items;
    return ret;
}

static int ticket_recent_count(struct at_store *st, int64_t customer_id, int64_t except_id,
                               int64_t since, int64_t *n)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "SELECT count(*) FROM tickets WHERE customer_id = ?1 AND "
                                    "created_at >= ?2 AND id <> ?3");
    int rc;

    if (!stmt)
        return AT_ESTORE;
    sqlite3_bind_int64(stmt, 1, customer_id);
    sqlite3_bind_int64(stmt, 2, since);
    sqlite3_bind_int64(stmt, 3, except_id);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        *n = sqlite3_column_int64(stmt, 0);
        rc = 0;
    } else {
        rc = sq_fail(s, rc, "ticket_recent_count");
    }
    sqlite3_reset(stmt);
    return rc;
}

/* ---- calendars ---- */

/* "540-1020 ..." (seven pairs, Sunday first) into the calendar's hours; bad text: days off. */
static void parse_hours(const char *text, struct at_sla_calendar *c)
{
    const char *p = text ? text : "";

    for (int d = 0; d < 7; d++) {
        char *end;
        long open = strtol(p, &end, 10), close = 0;

        if (*end == '-')
            close = strtol(end + 1, &end, 10);
        if (open < 0 || close > 1440 || open > close)
            open = close = 0;
        c->open_min[d] = (int16_t)open;
        c->close_min[d] = (int16_t)close;
        p = end;
    }
}

static char *hours_text(const struct at_sla_calendar *c)
{
    struct at_buf b = AT_BUF_INIT(AT_BUF_NOLIMIT);

    for (int d = 0; d < 7; d++)
        at_buf_addf(&b, "%s%d-%d", d ? " " : "", c->open_min[d], c->close_min[d]);
    return at_buf_detach(&b, NULL);
}

static void parse_holidays(const char *text, struct at_arena *arena, struct at_sla_calendar *c)
{
    const char *p = text ? text : "";
    size_t n = 0;

    for (const char *q = p; *q; q++)
        n += *q >= '0' && *q <= '9' && (q == p || q[-1] == ' ');
    c->holidays = at_arena_alloc(arena, (n ? n : 1) * sizeof(*c->holidays));
    c->nholidays = 0;
    while (*p && c->nholidays < n) {
        char *end;
        long v = strtol(p, &end, 10);

        if (end == p)
            break;
        c->holidays[c->nholidays++] = (int32_t)v;
        p = end;
    }
}

static char *holidays_text(const struct at_sla_calendar *c)
{
    struct at_buf b = AT_BUF_INIT(AT_BUF_NOLIMIT);

    for (size_t i = 0; i < c->nholidays; i++)
        at_buf_addf(&b, "%s%d", i ? " " : "", (int)c->holidays[i]);
    return at_buf_detach(&b, NULL);
}

#define CAL_COLS "id, name, tz, hours, holidays, created_at, updated_at"

static void read_calendar(sqlite3_stmt *stmt, struct at_arena *arena, void *out)
{
    struct at_sla_calendar *c = out;

    memset(c, 0, sizeof(*c));
    c->id = sqlite3_column_int64(stmt, 0);
    c->name = sq_col_str(stmt, 1, arena);
    c->tz = sq_col_str(stmt, 2, arena);
    parse_hours((const char *)sqlite3_column_text(stmt, 3), c);
    parse_holidays((const char *)sqlite3_column_text(stmt, 4), arena, c);
    c->created_at = sqlite3_column_int64(stmt, 5);
    c->updated_at = sqlite3_column_int64(stmt, 6);
}

static int sla_calendar_add(struct at_store *st, const struct at_sla_calendar *c, int64_t *id)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "INSERT INTO sla_calendars(name, tz, hours, holidays, "
                                    "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    char *hours = hours_text(c), *holidays = holidays_text(c);
    int ret = AT_ESTORE;

    if (stmt) {
        sq_bind_text(stmt, 1, c->name);
        sq_bind_text(stmt, 2, c->tz);
        sq_bind_text(stmt, 3, hours);
        sq_bind_text(stmt, 4, holidays);
        sqlite3_bind_int64(stmt, 5, c->created_at);
        sqlite3_bind_int64(stmt, 6, c->updated_at);
        ret = sq_exec_done(s, stmt, "sla_calendar_add");
        if (ret == 0 && id)
            *id = sqlite3_last_insert_rowid(s->cur->db);
    }
    free(hours);
    free(holidays);
    return ret;
}

static int sla_calendar_get(struct at_store *st, int64_t id, struct at_arena *arena,
                            struct at_sla_calendar *out)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "SELECT " CAL_COLS " FROM sla_calendars WHERE id = ?1");

    if (stmt)
        sqlite3_bind_int64(stmt, 1, id);
    ONE_ROW(s, stmt, "sla_calendar_get", read_calendar(stmt, arena, out));
}

static int sla_calendar_update(struct at_store *st, const struct at_sla_calendar *c)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "UPDATE sla_calendars SET name = ?2, tz = ?3, hours = ?4, "
                                    "holidays = ?5, updated_at = ?6 WHERE id = ?1");
    char *hours = hours_text(c), *holidays = holidays_text(c);
    int ret = AT_ESTORE;

    if (stmt) {
        sqlite3_bind_int64(stmt, 1, c->id);
        sq_bind_text(stmt, 2, c->name);
        sq_bind_text(stmt, 3, c->tz);
        sq_bind_text(stmt, 4, hours);
        sq_bind_text(stmt, 5, holidays);
        sqlite3_bind_int64(stmt, 6, c->updated_at);
        ret = sq_changed_or_missing(s, sq_exec_done(s, stmt, "sla_calendar_update"));
    }
    free(hours);
    free(holidays);
    return ret;
}

static int sla_calendar_list(struct at_store *st, struct at_arena *arena,
                             struct at_sla_calendar **out, size_t *n)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "SELECT " CAL_COLS " FROM sla_calendars ORDER BY id");
    void *items;
    int ret;

    ret = sq_collect(s, stmt, "sla_calendar_list", arena, read_calendar, sizeof(**out), &items, n);
    *out = items;
    return ret;
}

/* ---- policies ---- */

#define POLICY_COLS                                                                                \
    "p.id, p.name, p.priority, p.tier, p.calendar_id, p.first_response_min, "                      \
    "p.next_response_min, p.resolution_min, p.created_at, p.updated_at, c.name, "                  \
    "p.follow_up_hours"
#define POLICY_FROM " FROM sla_policies p JOIN sla_calendars c ON c.id = p.calendar_id "

static void read_policy(sqlite3_stmt *stmt, struct at_arena *arena, void *out)
{
    struct at_sla_policy *p = out;

    memset(p, 0, sizeof(*p));
    p->id = sqlite3_column_int64(stmt, 0);
    p->name = sq_col_str(stmt, 1, arena);
    p->priority = sqlite3_column_int(stmt, 2);
    p->tier = sq_col_str(stmt, 3, arena);
    p->calendar_id = sqlite3_column_int64(stmt, 4);
    p->first_response_min = sqlite3_column_int(stmt, 5);
    p->next_response_min = sqlite3_column_int(stmt, 6);
    p->resolution_min = sqlite3_column_int(stmt, 7);
    p->created_at = sqlite3_column_int64(stmt, 8);
    p->updated_at = sqlite3_column_int64(stmt, 9);
    p->calendar_name = sq_col_str(stmt, 10, arena);
    p->follow_up_hours = sqlite3_column_int(stmt, 11);
}

static void bind_policy(sqlite3_stmt *stmt, const struct at_sla_policy *p)
{
    sq_bind_text(stmt, 2, p->name);
    sqlite3_bind_int(stmt, 3, p->priority);
    sq_bind_text(stmt, 4, p->tier ? p->tier : "");
    sqlite3_bind_int64(stmt, 5, p->calendar_id);
    sqlite3_bind_int(stmt, 6, p->first_response_min);
    sqlite3_bind_int(stmt, 7, p->next_response_min);
    sqlite3_bind_int(stmt, 8, p->resolution_min);
    sqlite3_bind_int64(stmt, 9, p->updated_at);
    sqlite3_bind_int(stmt, 10, p->follow_up_hours);
}

static int sla_policy_add(struct at_store *st, const struct at_sla_policy *p, int64_t *id)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(
        s, "INSERT INTO sla_policies(name, priority, tier, calendar_id, first_response_min, "
           "next_response_min, resolution_min, updated_at, follow_up_hours, created_at) "
           "VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?1)");
    int ret;

    if (!stmt)
        return AT_ESTORE;
    sqlite3_bind_int64(stmt, 1, p->created_at);
    bind_policy(stmt, p);
    ret = sq_exec_done(s, stmt, "sla_policy_add");
    if (ret == 0 && id)
        *id = sqlite3_last_insert_rowid(s->cur->db);
    return ret;
}

static int sla_policy_get(struct at_store *st, int64_t id, struct at_arena *arena,
                          struct at_sla_policy *out)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "SELECT " POLICY_COLS POLICY_FROM "WHERE p.id = ?1");

    if (stmt)
        sqlite3_bind_int64(stmt, 1, id);
    ONE_ROW(s, stmt, "sla_policy_get", read_policy(stmt, arena, out));
}

static int sla_policy_update(struct at_store *st, const struct at_sla_policy *p)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt =
        sq_prep(s, "UPDATE sla_policies SET name = ?2, priority = ?3, tier = ?4, calendar_id = ?5, "
                   "first_response_min = ?6, next_response_min = ?7, resolution_min = ?8, "
                   "updated_at = ?9, follow_up_hours = ?10 WHERE id = ?1");

    if (!stmt)
        return AT_ESTORE;
    sqlite3_bind_int64(stmt, 1, p->id);
    bind_policy(stmt, p);
    return sq_changed_or_missing(s, sq_exec_done(s, stmt, "sla_policy_update"));
}

static int sla_policy_delete(struct at_store *st, int64_t id)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "DELETE FROM sla_policies WHERE id = ?1");

    if (!stmt)
        return AT_ESTORE;
    sqlite3_bind_int64(stmt, 1, id);
    return sq_changed_or_missing(s, sq_exec_done(s, stmt, "sla_policy_delete"));
}

static int sla_policy_list(struct at_store *st, struct at_arena *arena, struct at_sla_policy **out,
                           size_t *n)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "SELECT " POLICY_COLS POLICY_FROM
                                    "ORDER BY p.priority DESC, p.tier = '', p.tier, p.id");
    void *items;
    int ret;

    ret = sq_collect(s, stmt, "sla_policy_list", arena, read_policy, sizeof(**out), &items, n);
    *out = items;
    return ret;
}

WRITE(ticket_sla_set,
      (struct at_store * st, int64_t id, enum at_priority priority,
       const struct at_ticket_sla *sla),
      (st, id, priority, sla))
WRITE(sla_calendar_add, (struct at_store * st, const struct at_sla_calendar *c, int64_t *id),
      (st, c, id))
WRITE(sla_calendar_update, (struct at_store * st, const struct at_sla_calendar *c), (st, c))
WRITE(sla_policy_add, (struct at_store * st, const struct at_sla_policy *p, int64_t *id),
      (st, p, id))
WRITE(sla_policy_update, (struct at_store * st, const struct at_sla_policy *p), (st, p))
WRITE(sla_policy_delete, (struct at_store * st, int64_t id), (st, id))

const struct at_store_sla_ops sq_sla_ops = {
    .sla_calendar_add = tx_sla_calendar_add,
    .sla_calendar_get = sla_calendar_get,
    .sla_calendar_update = tx_sla_calendar_update,
    .sla_calendar_list = sla_calendar_list,
    .sla_policy_add = tx_sla_policy_add,
    .sla_policy_get = sla_policy_get,
    .sla_policy_update = tx_sla_policy_update,
    .sla_policy_delete = tx_sla_policy_delete,
    .sla_policy_list = sla_policy_list,
    .ticket_sla_set = tx_ticket_sla_set,
    .ticket_triage_stale = ticket_triage_stale,
    .ticket_recent_count = ticket_recent_count,
};
