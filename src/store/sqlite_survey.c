/* The SQLite backend: surveys, their links, recovery tasks, recognition and results. */
#include <sqlite3.h>
#include <string.h>

#include "store/sqlite_int.h"

#include "core/banned.h"

#define SURVEY_COLS                                                                                \
    "s.id, s.ticket_id, s.customer_id, coalesce(s.agent_id, 0), s.nps_asked, s.created_at, "       \
    "s.expires_at, s.answered_at, s.updated_at, s.csat, s.understood, s.effort, s.nps, "           \
    "s.comment, s.comment_reading, t.number, t.subject, c.name, c.preferred_name"
#define SURVEY_FROM                                                                                \
    " FROM surveys s JOIN tickets t ON t.id = s.ticket_id JOIN customers c ON c.id = "             \
    "s.customer_id"

/* Reads SURVEY_COLS starting at column `at`. */
static void read_survey_at(sqlite3_stmt *stmt, int at, struct at_arena *arena, struct at_survey *v)
{
    v->id = sqlite3_column_int64(stmt, at + 0);
    v->ticket_id = sqlite3_column_int64(stmt, at + 1);
    v->customer_id = sqlite3_column_int64(stmt, at + 2);
    v->agent_id = sqlite3_column_int64(stmt, at + 3);
    v->nps_asked = sqlite3_column_int(stmt, at + 4) != 0;
    v->created_at = sqlite3_column_int64(stmt, at + 5);
    v->expires_at = sqlite3_column_int64(stmt, at + 6);
    v->answered_at = sqlite3_column_int64(stmt, at + 7);
    v->updated_at = sqlite3_column_int64(stmt, at + 8);
    v->csat = sqlite3_column_int(stmt, at + 9);
    v->understood = sqlite3_column_int(stmt, at + 10);
    v->effort = sqlite3_column_int(stmt, at + 11);
    v->nps = sqlite3_column_int(stmt, at + 12);
    v->comment = sq_col_str(stmt, at + 13, arena);
    v->comment_reading = sq_col_str(stmt, at + 14, arena);
    v->ticket_number = sqlite3_column_int64(stmt, at + 15);
    v->ticket_subject = sq_col_str(stmt, at + 16, arena);
    v->customer_name = sq_col_str(stmt, at + 17, arena);
    v->customer_preferred_name = sq_col_str(stmt, at + 18, arena);
}

static int survey_add(struct at_store *st, struct at_survey *v, const char *token_hash)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt =
        sq_prep(s, "INSERT INTO surveys(ticket_id, customer_id, agent_id, nps_asked, created_at, "
                   "expires_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5)");
    int ret;

    if (!stmt)
        return AT_ESTORE;
    sqlite3_bind_int64(stmt, 1, v->ticket_id);
    sqlite3_bind_int64(stmt, 2, v->customer_id);
    sq_bind_ref(stmt, 3, v->agent_id);
    sqlite3_bind_int(stmt, 4, v->nps_asked ? 1 : 0);
    sqlite3_bind_int64(stmt, 5, v->created_at);
    sqlite3_bind_int64(stmt, 6, v->expires_at);
    ret = sq_exec_done(s, stmt, "survey_add");
    if (ret)
        return ret;
    v->id = sqlite3_last_insert_rowid(s->cur->db);
    stmt = sq_prep(s, "INSERT INTO survey_tokens(hash, survey_id, created_at) VALUES (?1, ?2, ?3)");
    if (!stmt)
        return AT_ESTORE;
    sq_bind_text(stmt, 1, token_hash);
    sqlite3_bind_int64(stmt, 2, v->id);
    sqlite3_bind_int64(stmt, 3, v->created_at);
    return sq_exec_done(s, stmt, "survey_add token");
}

static int survey_token_add(struct at_store *st, int64_t survey_id, const char *token_hash,
                            int64_t at)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt =
        sq_prep(s, "INSERT INTO survey_tokens(hash, survey_id, created_at) VALUES (?1, ?2, ?3)");

    if (!stmt)
        return AT_ESTORE;
    sq_bind_text(stmt, 1, token_hash);
    sqlite3_bind_int64(stmt, 2, survey_id);
    sqlite3_bind_int64(stmt, 3, at);
    return sq_exec_done(s, stmt, "survey_token_add");
}

static int survey_by_token(struct at_store *st, const char *token_hash, struct at_arena *arena,
                           struct at_survey *out)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt =
        sq_prep(s, "SELECT " SURVEY_COLS SURVEY_FROM
                   " JOIN survey_tokens k ON k.survey_id = s.id WHERE k.hash = ?1");

    if (stmt)
        sq_bind_text(stmt, 1, token_hash);
    ONE_ROW(s, stmt, "survey_by_token", read_survey_at(stmt, 0, arena, out));
}

static int survey_by_ticket(struct at_store *st, int64_t ticket_id, struct at_arena *arena,
                            struct at_survey *out)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "SELECT " SURVEY_COLS SURVEY_FROM " WHERE s.ticket_id = ?1 "
                                    "ORDER BY s.created_at DESC, s.id DESC LIMIT 1");

    if (stmt)
        sqlite3_bind_int64(stmt, 1, ticket_id);
    ONE_ROW(s, stmt, "survey_by_ticket", read_survey_at(stmt, 0, arena, out));
}

static int survey_answer(struct at_store *st, const struct at_survey *v)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(
        s, "UPDATE surveys SET csat = ?2, understood = ?3, effort = ?4, nps = ?5, comment = ?6, "
           "comment_reading = ?7, answered_at = ?8, updated_at = ?9 WHERE id = ?1");

    if (!stmt)
        return AT_ESTORE;
    sqlite3_bind_int64(stmt, 1, v->id);
    sqlite3_bind_int(stmt, 2, v->csat);
    sqlite3_bind_int(stmt, 3, v->understood);
    sqlite3_bind_int(stmt, 4, v->effort);
    sqlite3_bind_int(stmt, 5, v->nps);
    sq_bind_text(stmt, 6, v->comment);
    sq_bind_text(stmt, 7, v->comment_reading);
    sqlite3_bind_int64(stmt, 8, v->answered_at);
    sqlite3_bind_int64(stmt, 9, v->updated_at);
    return sq_changed_or_missing(s, sq_exec_done(s, stmt, "survey_answer"));
}

static int survey_nps_last(struct at_store *st, int64_t customer_id, int64_t *at)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "SELECT max(created_at) FROM surveys WHERE customer_id = ?1 "
                                    "AND nps_asked = 1 HAVING count(*) > 0");

    if (stmt)
        sqlite3_bind_int64(stmt, 1, customer_id);
    ONE_ROW(s, stmt, "survey_nps_last", *at = sqlite3_column_int64(stmt, 0));
}

static int recovery_add(struct at_store *st, const struct at_recovery *r, int64_t *id)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "INSERT INTO recovery_tasks(survey_id, ticket_id, reason, "
                                    "created_at) VALUES (?1, ?2, ?3, ?4)");
    int ret;

    if (!stmt)
        return AT_ESTORE;
    sqlite3_bind_int64(stmt, 1, r->survey_id);
    sqlite3_bind_int64(stmt, 2, r->ticket_id);
    sq_bind_text(stmt, 3, r->reason);
    sqlite3_bind_int64(stmt, 4, r->created_at);
    ret = sq_exec_done(s, stmt, "recovery_add");
    if (ret == 0 && id)
        *id = sqlite3_last_insert_rowid(s->cur->db);
    return ret;
}

static void read_recovery(sqlite3_stmt *stmt, struct at_arena *arena, void *out)
{
    struct at_recovery *r = out;

    r->id = sqlite3_column_int64(stmt, 0);
    r->survey_id = sqlite3_column_int64(stmt, 1);
    r->ticket_id = sqlite3_column_int64(stmt, 2);
    r->reason = sq_col_str(stmt, 3, arena);
    r->created_at = sqlite3_column_int64(stmt, 4);
    r->done_at = sqlite3_column_int64(stmt, 5);
    r->done_by = sqlite3_column_int64(stmt, 6);
    r->note = sq_col_str(stmt, 7, arena);
    read_survey_at(stmt, 8, arena, &r->survey);
}

static int recovery_list(struct at_store *st, bool all, struct at_arena *arena,
                         struct at_recovery **out, size_t *n)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt =
        sq_prep(s, "SELECT r.id, r.survey_id, r.ticket_id, r.reason, r.created_at, r.done_at, "
                   "coalesce(r.done_by, 0), r.note, " SURVEY_COLS " FROM recovery_tasks r "
                   "JOIN surveys s ON s.id = r.survey_id JOIN tickets t ON t.id = s.ticket_id "
                   "JOIN customers c ON c.id = s.customer_id WHERE ?1 OR r.done_at = 0 "
                   "ORDER BY r.created_at, r.id LIMIT 500");
    void *items;
    int ret;

    if (stmt)
        sqlite3_bind_int(stmt, 1, all ? 1 : 0);
    ret = sq_collect(s, stmt, "recovery_list", arena, read_recovery, sizeof(**out), &items, n);
    *out = items;
    return ret;
}

static int recovery_done(struct at_store *st, int64_t id, int64_t user_id, const char *note,
                         int64_t at, int64_t *ticket_id)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt =
        sq_prep(s, "UPDATE recovery_tasks SET done_at = ?2, done_by = ?3, note = ?4 "
                   "WHERE id = ?1 AND done_at = 0 RETURNING ticket_id");

    if (stmt) {
        sqlite3_bind_int64(stmt, 1, id);
        sqlite3_bind_int64(stmt, 2, at);
        sq_bind_ref(stmt, 3, user_id);
        sq_bind_text(stmt, 4, note);
    }
    ONE_ROW(s, stmt, "recovery_done", *ticket_id = sqlite3_column_int64(stmt, 0));
}

static int recognition_add(struct at_store *st, const struct at_recognition *r, int64_t *id)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt =
        sq_prep(s, "INSERT INTO recognition(survey_id, ticket_id, agent_id, comment, csat, "
                   "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    int ret;

    if (!stmt)
        return AT_ESTORE;
    sqlite3_bind_int64(stmt, 1, r->survey_id);
    sqlite3_bind_int64(stmt, 2, r->ticket_id);
    sqlite3_bind_int64(stmt, 3, r->agent_id);
    sq_bind_text(stmt, 4, r->comment);
    sqlite3_bind_int(stmt, 5, r->csat);
    sqlite3_bind_int64(stmt, 6, r->created_at);
    ret = sq_exec_done(s, stmt, "recognition_add");
    if (ret == 0 && id)
        *id = sqlite3_last_insert_rowid(s->cur->db);
    return ret;
}

static void read_recognition(sqlite3_stmt *stmt, struct at_arena *arena, void *out)
{
    struct at_recognition *r = out;

    r->id = sqlite3_column_int64(stmt, 0);
    r->survey_id = sqlite3_column_int64(stmt, 1);
    r->ticket_id = sqlite3_column_int64(stmt, 2);
    r->agent_id = sqlite3_column_int64(stmt, 3);
    r->comment = sq_col_str(stmt, 4, arena);
    r->csat = sqlite3_column_int(stmt, 5);
    r->created_at = sqlite3_column_int64(stmt, 6);
    r->agent_name = sq_col_str(stmt, 7, arena);
    r->ticket_number = sqlite3_column_int64(stmt, 8);
    r->ticket_subject = sq_col_str(stmt, 9, arena);
}

static int recognition_list(struct at_store *st, int64_t agent_id, int64_t from, int64_t to,
                            size_t limit, struct at_arena *arena, struct at_recognition **out,
                            size_t *n)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(
        s, "SELECT r.id, r.survey_id, r.ticket_id, r.agent_id, r.comment, r.csat, r.created_at, "
           "u.name, t.number, t.subject FROM recognition r JOIN users u ON u.id = r.agent_id "
           "JOIN tickets t ON t.id = r.ticket_id WHERE (?1 = 0 OR r.agent_id = ?1) "
           "AND r.created_at >= ?3 AND r.created_at < ?4 "
           "ORDER BY r.created_at DESC, r.id DESC LIMIT ?2");
    void *items;
    int ret;

    if (stmt) {
        sqlite3_bind_int64(stmt, 1, agent_id);
        sqlite3_bind_int64(stmt, 2, (int64_t)limit);
        sqlite3_bind_int64(stmt, 3, from);
        sqlite3_bind_int64(stmt, 4, to);
    }
    ret =
        sq_collect(s, stmt, "recognition_list", arena, read_recognition, sizeof(**out), &items, n);
    *out = items;
    return ret;
}

/* The figures every grouping counts, after its key and label. */
#define STATS_COLS                                                                                 \
    "count(*), sum(s.answered_at > 0), sum(s.csat > 0), sum(s.csat), sum(s.csat >= 4), "           \
    "sum(s.understood > 0), sum(s.understood), sum(s.understood >= 4), sum(s.effort > 0), "        \
    "sum(s.effort), sum(s.nps >= 0), sum(s.nps >= 9), sum(s.nps BETWEEN 7 AND 8), "                \
    "sum(s.nps BETWEEN 0 AND 6)"
#define STATS_FROM                                                                                 \
    " FROM surveys s JOIN tickets t ON t.id = s.ticket_id LEFT JOIN users u ON u.id = s.agent_id " \
    "WHERE s.created_at >= ?1 AND s.created_at < ?2 AND (?3 = 0 OR s.agent_id = ?3) "

static void read_stats(sqlite3_stmt *stmt, struct at_arena *arena, void *out)
{
    struct at_survey_stats *g = out;
    int64_t *fields[] = {
        &g->sent,         &g->answered,       &g->csat_n,         &g->csat_sum,  &g->csat_satisfied,
        &g->understood_n, &g->understood_sum, &g->understood_yes, &g->effort_n,  &g->effort_sum,
        &g->nps_n,        &g->promoters,      &g->passives,       &g->detractors};

    g->key = sq_col_str(stmt, 0, arena);
    g->label = sq_col_str(stmt, 1, arena);
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        *fields[i] = sqlite3_column_int64(stmt, 2 + (int)i);
}

static int survey_results(struct at_store *st, const char *group, int64_t from, int64_t to,
                          int64_t agent_id, struct at_arena *arena, struct at_survey_stats **out,
                          size_t *n)
{
    static const char *const sql[][2] = {
        {"agent",
         "SELECT coalesce(s.agent_id, 0), coalesce(u.name, 'unassigned'), " STATS_COLS STATS_FROM
         "GROUP BY coalesce(s.agent_id, 0) ORDER BY 1"},
        {"ticket", "SELECT s.ticket_id, '#' || t.number || ' ' || t.subject, " STATS_COLS STATS_FROM
                   "GROUP BY s.ticket_id ORDER BY 1"},
        /* one row for the whole period, none when no survey was sent in it */
        {"all", "SELECT '', '', " STATS_COLS STATS_FROM "HAVING count(*) > 0"},
    };
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = NULL;
    void *items;
    int ret;

    for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++)
        if (strcmp(group, sql[i][0]) == 0)
            stmt = sq_prep(s, sql[i][1]);
    if (!stmt)
        return AT_EINVAL;
    sqlite3_bind_int64(stmt, 1, from);
    sqlite3_bind_int64(stmt, 2, to);
    sqlite3_bind_int64(stmt, 3, agent_id);
    ret = sq_collect(s, stmt, "survey_results", arena, read_stats, sizeof(**out), &items, n);
    *out = items;
    return ret;
}

WRITE(survey_add, (struct at_store * st, struct at_survey *v, const char *token_hash),
      (st, v, token_hash))
WRITE(survey_token_add,
      (struct at_store * st, int64_t survey_id, const char *token_hash, int64_t at),
      (st, survey_id, token_hash, at))
WRITE(survey_answer, (struct at_store * st, const struct at_survey *v), (st, v))
WRITE(recovery_add, (struct at_store * st, const struct at_recovery *r, int64_t *id), (st, r, id))
WRITE(recovery_done,
      (struct at_store * st, int64_t id, int64_t user_id, const char *note, int64_t at,
       int64_t *ticket_id),
      (st, id, user_id, note, at, ticket_id))
WRITE(recognition_add, (struct at_store * st, const struct at_recognition *r, int64_t *id),
      (st, r, id))

const struct at_store_survey_ops sq_surveys_ops = {
    .survey_add = tx_survey_add,
    .survey_token_add = tx_survey_token_add,
    .survey_by_token = survey_by_token,
    .survey_by_ticket = survey_by_ticket,
    .survey_answer = tx_survey_answer,
    .survey_nps_last = survey_nps_last,
    .recovery_add = tx_recovery_add,
    .recovery_list = recovery_list,
    .recovery_done = tx_recovery_done,
    .recognition_add = tx_recognition_add,
    .recognition_list = recognition_list,
    .survey_results = survey_results,
};
