/* The SQLite backend: due work kept as rows (jobs), taken with a lease. */
#include <sqlite3.h>
#include <string.h>

#include "store/sqlite_int.h"

#include "core/banned.h"

#define JOB_COLS                                                                                   \
    "id, kind, coalesce(ticket_id, 0), payload, state, run_at, attempts, max_attempts, "           \
    "lease_until, last_error, dedupe, created_at, updated_at"

static enum at_job_state job_state(const char *s)
{
    static const char *const names[] = {"due", "running", "done", "failed", "cancelled", "held"};

    for (int i = 0; s && i < (int)(sizeof(names) / sizeof(names[0])); i++)
        if (strcmp(s, names[i]) == 0)
            return (enum at_job_state)i;
    return AT_JOB_FAILED;
}

static void read_job(sqlite3_stmt *stmt, struct at_arena *arena, void *out)
{
    struct at_job *j = out;

    j->id = sqlite3_column_int64(stmt, 0);
    j->kind = sq_col_str(stmt, 1, arena);
    j->ticket_id = sqlite3_column_int64(stmt, 2);
    j->payload = sq_col_str(stmt, 3, arena);
    j->state = job_state((const char *)sqlite3_column_text(stmt, 4));
    j->run_at = sqlite3_column_int64(stmt, 5);
    j->attempts = sqlite3_column_int(stmt, 6);
    j->max_attempts = sqlite3_column_int(stmt, 7);
    j->lease_until = sqlite3_column_int64(stmt, 8);
    j->last_error = sq_col_str(stmt, 9, arena);
    j->dedupe = sqlite3_column_type(stmt, 10) == SQLITE_NULL ? NULL : sq_col_str(stmt, 10, arena);
    j->created_at = sqlite3_column_int64(stmt, 11);
    j->updated_at = sqlite3_column_int64(stmt, 12);
}

static int job_add(struct at_store *st, const struct at_job *j, int64_t *id)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt =
        sq_prep(s, "INSERT INTO jobs(kind, ticket_id, payload, run_at, max_attempts, "
                   "dedupe, created_at, updated_at, state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                   "?7, ?7, ?8)");
    int ret;

    if (!stmt)
        return AT_ESTORE;
    sq_bind_text(stmt, 1, j->kind);
    sq_bind_ref(stmt, 2, j->ticket_id);
    sq_bind_text(stmt, 3, j->payload);
    sqlite3_bind_int64(stmt, 4, j->run_at);
    sqlite3_bind_int(stmt, 5, j->max_attempts > 0 ? j->max_attempts : 5);
    if (j->dedupe)
        sq_bind_text(stmt, 6, j->dedupe);
    else
        sqlite3_bind_null(stmt, 6);
    sqlite3_bind_int64(stmt, 7, j->created_at);
    sq_bind_text(stmt, 8, j->state == AT_JOB_HELD ? "held" : "due");
    ret = sq_exec_done(s, stmt, "job_add");
    if (ret == 0 && id)
        *id = sqlite3_last_insert_rowid(s->cur->db);
    return ret;
}

static int job_take(struct at_store *st, int64_t now, int64_t lease_until, struct at_arena *arena,
                    struct at_job *out)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(
        s, "UPDATE jobs SET state = 'running', lease_until = ?2, attempts = attempts + 1, "
           "updated_at = ?1 WHERE id = (SELECT id FROM jobs WHERE (state = 'due' AND run_at <= ?1) "
           "OR (state = 'running' AND lease_until <= ?1) ORDER BY run_at, id LIMIT 1) "
           "RETURNING " JOB_COLS);
    int rc;

    if (!stmt)
        return AT_ESTORE;
    sqlite3_bind_int64(stmt, 1, now);
    sqlite3_bind_int64(stmt, 2, lease_until);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        read_job(stmt, arena, out);
        rc = sqlite3_step(stmt);
        sqlite3_reset(stmt);
        return rc == SQLITE_DONE ? 0 : sq_fail(s, rc, "job_take");
    }
    rc = rc == SQLITE_DONE ? AT_ENOTFOUND : sq_fail(s, rc, "job_take");
    sqlite3_reset(stmt);
    return rc;
}

static int job_finish(struct at_store *st, int64_t id, bool ok, const char *error, int64_t retry_at,
                      int64_t now)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt =
        ok ? sq_prep(s, "UPDATE jobs SET state = 'done', lease_until = 0, last_error = '', "
                        "updated_at = ?2 WHERE id = ?1 AND state = 'running'")
           : sq_prep(s, "UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'failed' "
                        "ELSE 'due' END, run_at = ?3, lease_until = 0, last_error = ?4, "
                        "updated_at = ?2 WHERE id = ?1 AND state = 'running'");

    if (!stmt)
        return AT_ESTORE;
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_int64(stmt, 2, now);
    if (!ok) {
        sqlite3_bind_int64(stmt, 3, retry_at);
        sq_bind_text(stmt, 4, error);
    }
    return sq_changed_or_missing(s, sq_exec_done(s, stmt, "job_finish"));
}

static int job_cancel(struct at_store *st, int64_t ticket_id, const char *kind, int64_t now,
                      int64_t *n)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "UPDATE jobs SET state = 'cancelled', updated_at = ?3 "
                                    "WHERE ticket_id = ?1 AND kind = ?2 AND state = 'due'");
    int ret;

    if (!stmt)
        return AT_ESTORE;
    sqlite3_bind_int64(stmt, 1, ticket_id);
    sq_bind_text(stmt, 2, kind);
    sqlite3_bind_int64(stmt, 3, now);
    ret = sq_exec_done(s, stmt, "job_cancel");
    if (ret == 0 && n)
        *n = sqlite3_changes(s->cur->db);
    return ret;
}

static int job_retry(struct at_store *st, int64_t id, int64_t now)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "UPDATE jobs SET state = 'due', run_at = ?2, attempts = 0, "
                                    "updated_at = ?2 WHERE id = ?1 AND state = 'failed'");

    if (!stmt)
        return AT_ESTORE;
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_int64(stmt, 2, now);
    return sq_changed_or_missing(s, sq_exec_done(s, stmt, "job_retry"));
}

static int job_drop(struct at_store *st, int64_t ticket_id, const char *kind, int64_t *n)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "DELETE FROM jobs WHERE ticket_id = ?1 AND kind = ?2 "
                                    "AND state = 'due'");
    int ret;

    if (!stmt)
        return AT_ESTORE;
    sqlite3_bind_int64(stmt, 1, ticket_id);
    sq_bind_text(stmt, 2, kind);
    ret = sq_exec_done(s, stmt, "job_drop");
    if (ret == 0 && n)
        *n = sqlite3_changes(s->cur->db);
    return ret;
}

static int job_purge(struct at_store *st, int64_t before, size_t limit, int64_t *n)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "DELETE FROM jobs WHERE id IN (SELECT id FROM jobs "
                                    "WHERE state IN ('done', 'cancelled') AND run_at < ?1 "
                                    "LIMIT ?2)");
    int ret;

    if (!stmt)
        return AT_ESTORE;
    sqlite3_bind_int64(stmt, 1, before);
    sqlite3_bind_int64(stmt, 2, (sqlite3_int64)limit);
    ret = sq_exec_done(s, stmt, "job_purge");
    if (ret == 0 && n)
        *n = sqlite3_changes(s->cur->db);
    return ret;
}

static int job_release(struct at_store *st, const char *kind, int64_t now, int64_t *n)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "UPDATE jobs SET state = 'due', run_at = ?2, updated_at = ?2 "
                                    "WHERE state = 'held' AND kind = ?1");
    int ret;

    if (!stmt)
        return AT_ESTORE;
    sq_bind_text(stmt, 1, kind);
    sqlite3_bind_int64(stmt, 2, now);
    ret = sq_exec_done(s, stmt, "job_release");
    if (ret == 0 && n)
        *n = sqlite3_changes(s->cur->db);
    return ret;
}

static int job_list(struct at_store *st, int state, size_t limit, struct at_arena *arena,
                    struct at_job **out, size_t *n)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "SELECT " JOB_COLS " FROM jobs WHERE ?1 = '' OR state = ?1 "
                                    "ORDER BY id DESC LIMIT ?2");
    void *items;
    int ret;

    if (stmt) {
        sq_bind_text(stmt, 1, state < 0 ? "" : at_job_state_name((enum at_job_state)state));
        sqlite3_bind_int64(stmt, 2, (int64_t)limit);
    }
    ret = sq_collect(s, stmt, "job_list", arena, read_job, sizeof(**out), &items, n);
    *out = items;
    return ret;
}

WRITE(job_add, (struct at_store * st, const struct at_job *j, int64_t *id), (st, j, id))
WRITE(job_take,
      (struct at_store * st, int64_t now, int64_t lease_until, struct at_arena *arena,
       struct at_job *out),
      (st, now, lease_until, arena, out))
WRITE(job_finish,
      (struct at_store * st, int64_t id, bool ok, const char *error, int64_t retry_at, int64_t now),
      (st, id, ok, error, retry_at, now))
WRITE(job_cancel,
      (struct at_store * st, int64_t ticket_id, const char *kind, int64_t now, int64_t *n),
      (st, ticket_id, kind, now, n))
WRITE(job_retry, (struct at_store * st, int64_t id, int64_t now), (st, id, now))
WRITE(job_drop, (struct at_store * st, int64_t ticket_id, const char *kind, int64_t *n),
      (st, ticket_id, kind, n))
WRITE(job_release, (struct at_store * st, const char *kind, int64_t now, int64_t *n),
      (st, kind, now, n))
WRITE(job_purge, (struct at_store * st, int64_t before, size_t limit, int64_t *n),
      (st, before, limit, n))

const struct at_store_job_ops sq_jobs_ops = {
    .job_add = tx_job_add,
    .job_take = tx_job_take,
    .job_finish = tx_job_finish,
    .job_cancel = tx_job_cancel,
    .job_retry = tx_job_retry,
    .job_purge = tx_job_purge,
    .job_drop = tx_job_drop,
    .job_release = tx_job_release,
    .job_list = job_list,
};
