/*
 * The SQLite backend of the store: the schema and its migrations, and opening
 * a handle, which puts each area's constant table in it. The connections and
 * the writer are in sqlite_conn.c; each area's SQL in its sqlite_<area>.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/embed.h"
#include "core/log.h"
#include "core/mem.h"
#include "store/sqlite_int.h"
#include "store/store.h"

#include "core/banned.h"

/* ---- open, close, migrate ---- */

static int schema_version(struct at_store *st, int *version)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "PRAGMA user_version");
    int rc;

    if (!stmt)
        return AT_ESTORE;
    rc = sqlite3_step(stmt);
    if (rc != SQLITE_ROW) {
        rc = sq_fail(s, rc, "reading the schema version");
        sqlite3_reset(stmt);
        return rc;
    }
    *version = sqlite3_column_int(stmt, 0);
    sqlite3_reset(stmt);
    return 0;
}

static int file_version(const char *name)
{
    int v = 0;

    for (const char *p = name; *p >= '0' && *p <= '9'; p++)
        v = v * 10 + (*p - '0');
    return v;
}

int at_store_schema_latest(void)
{
    int latest = 0;

    for (const struct at_embedded *f = at_schema_files; f->name; f++)
        if (file_version(f->name) > latest)
            latest = file_version(f->name);
    return latest;
}

static int migrate(struct at_store *st, int *from, int *to)
{
    struct sqlite_store *s = sq(st);
    int latest = at_store_schema_latest();
    int version = 0;
    int ret;

    ret = schema_version(st, &version);
    if (ret)
        return ret;
    *from = version;
    *to = version;
    if (version > latest)
        return AT_EVERSION;
    for (const struct at_embedded *f = at_schema_files; f->name; f++) {
        int v = file_version(f->name);
        char sql[256];
        sqlite3_stmt *stmt;

        if (v <= version)
            continue;
        ret = sq_begin(st); /* through the writer: the handle's own connection only reads */
        if (ret)
            return ret;
        ret = sq_exec_sql(s, (const char *)f->data, f->name);
        if (ret == 0) {
            snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v);
            ret = sq_exec_sql(s, sql, "recording the schema version");
        }
        if (ret == 0) {
            stmt = sq_prep(s, "INSERT INTO schema_migrations(version, name, applied_at) "
                              "VALUES (?1, ?2, ?3)");
            if (stmt) {
                sqlite3_bind_int(stmt, 1, v);
                sq_bind_text(stmt, 2, f->name);
                sqlite3_bind_int64(stmt, 3, at_clock_now(&at_clock_system));
            }
            ret = sq_exec_done(s, stmt, "recording the migration");
        }
        if (ret == 0)
            ret = sq_commit(st);
        else
            sq_rollback(st);
        if (ret) {
            at_log_error("store", "migration %s failed; the database is unchanged", f->name);
            return ret;
        }
        at_log_info("store", "applied migration %s", f->name);
        *to = v;
    }
    return 0;
}

static int optimize(struct at_store *st)
{
    int ret = sq_begin(st);

    if (ret)
        return ret;
    ret =
        sq_exec_sql(sq(st), "ANALYZE; INSERT INTO ticket_search(ticket_search) VALUES ('optimize')",
                    "optimizing");
    if (ret) {
        sq_rollback(st);
        return ret;
    }
    return sq_commit(st);
}

const struct at_store_core_ops sq_core_ops = {
    .close = sq_close_store,
    .schema_version = schema_version,
    .migrate = migrate,
    .optimize = optimize,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
};

struct at_store *at_store_open_sqlite(const char *path, enum at_durability durability,
                                      struct at_errinfo *e)
{
    struct sqlite_store *s = NULL;
    bool memory = strcmp(path, ":memory:") == 0;

    if (!memory && sq_check_directory(path, e) != 0)
        return NULL;
    s = at_xcalloc(1, sizeof(*s));
    s->base.core = &sq_core_ops;
    s->base.people = &sq_people_ops;
    s->base.tickets = &sq_tickets_ops;
    s->base.jobs = &sq_jobs_ops;
    s->base.mail = &sq_mail_ops;
    s->base.surveys = &sq_surveys_ops;
    s->base.sla = &sq_sla_ops;
    s->base.coaching = &sq_coaching_ops;
    s->cur = &s->own;
    /* the writer first: it creates the file and sets it up, the handle's own connection only reads
     */
    if (!memory && !(s->w = sq_writer_get(path, durability, e)))
        goto fail;
    if (sq_conn_open(&s->own, path, memory, !memory, durability, e) != 0)
        goto fail;
    return &s->base;
fail:
    sq_close_store(&s->base);
    return NULL;
}
