/*
 * The SQLite backend of the store. Every statement is prepared once per handle
 * and kept in a small cache keyed by its SQL text (lists with filters build
 * their SQL from the filter's shape, so each shape is prepared once too).
 */
#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/embed.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/str.h"
#include "store/sqlite_int.h"
#include "store/store.h"

#include "core/banned.h"

static pthread_mutex_t writers_lock = PTHREAD_MUTEX_INITIALIZER;
static struct writer *writers;

static uint64_t hash_sql(const char *s)
{
    uint64_t h = 1469598103934665603ULL;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/*
 * The prepared statement for `sql`, made on first use and reset for reuse.
 * Returns NULL (and logs why) when SQLite refuses it.
 */
sqlite3_stmt *sq_prep(struct sqlite_store *s, const char *sql)
{
    uint64_t h = hash_sql(sql);

    for (size_t k = 0; k < CACHE_SLOTS; k++) {
        struct cached_stmt *c = &s->cur->cache[(h + k) % CACHE_SLOTS];

        if (c->sql && strcmp(c->sql, sql) == 0) {
            sqlite3_reset(c->stmt);
            sqlite3_clear_bindings(c->stmt);
            return c->stmt;
        }
        if (!c->sql) {
            if (sqlite3_prepare_v3(s->cur->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &c->stmt,
                                   NULL) != SQLITE_OK) {
                at_log_warn("store", "prepare failed: %s", sqlite3_errmsg(s->cur->db));
                c->stmt = NULL;
                return NULL;
            }
            c->sql = at_xstrdup(sql);
            return c->stmt;
        }
    }
    /* the cache is full (it never should be): prepare a statement that is never cached */
    at_log_warn("store", "statement cache full");
    return NULL;
}

/*
 * The prepared statement for SQL built from a filter's shape. Kept in a small
 * cache of its own; when it is full the least recently used statement is
 * finalized, so no mix of filters can exhaust the cache.
 */
sqlite3_stmt *sq_prep_dynamic(struct sqlite_store *s, const char *sql)
{
    struct conn *c = s->cur;
    size_t victim = 0;

    for (size_t k = 0; k < DYNAMIC_SLOTS; k++) {
        struct cached_stmt *d = &c->dynamic[k];

        if (d->sql && strcmp(d->sql, sql) == 0) {
            c->used[k] = ++c->clock;
            sqlite3_reset(d->stmt);
            sqlite3_clear_bindings(d->stmt);
            return d->stmt;
        }
        if (!d->sql || (c->dynamic[victim].sql && c->used[k] < c->used[victim]))
            victim = k;
    }
    if (c->dynamic[victim].sql) {
        sqlite3_finalize(c->dynamic[victim].stmt);
        free(c->dynamic[victim].sql);
        c->dynamic[victim].sql = NULL;
    }
    if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &c->dynamic[victim].stmt,
                           NULL) != SQLITE_OK) {
        at_log_warn("store", "prepare failed: %s", sqlite3_errmsg(c->db));
        c->dynamic[victim].stmt = NULL;
        return NULL;
    }
    c->dynamic[victim].sql = at_xstrdup(sql);
    c->used[victim] = ++c->clock;
    return c->dynamic[victim].stmt;
}

/* Maps a failed step's result code to an at_err and logs the unexpected ones. */
int sq_fail(struct sqlite_store *s, int rc, const char *what)
{
    int primary = rc & 0xff;

    if (primary == SQLITE_CONSTRAINT) {
        int ext = sqlite3_extended_errcode(s->cur->db);

        if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
            return AT_ECONFLICT;
        if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
            return AT_ENOTFOUND;
        at_log_warn("store", "%s: %s", what, sqlite3_errmsg(s->cur->db));
        return AT_EINVAL;
    }
    at_log_warn("store", "%s: %s", what, sqlite3_errmsg(s->cur->db));
    return AT_ESTORE;
}

/* Runs a statement that returns no rows. */
int sq_exec_done(struct sqlite_store *s, sqlite3_stmt *stmt, const char *what)
{
    int rc;

    if (!stmt)
        return AT_ESTORE;
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(stmt);
        return 0;
    }
    rc = sq_fail(s, rc, what);
    sqlite3_reset(stmt);
    return rc;
}

int sq_changed_or_missing(struct sqlite_store *s, int ret)
{
    if (ret == 0 && sqlite3_changes(s->cur->db) == 0)
        return AT_ENOTFOUND;
    return ret;
}

int sq_exec_sql(struct sqlite_store *s, const char *sql, const char *what)
{
    char *msg = NULL;

    if (sqlite3_exec(s->cur->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        at_log_warn("store", "%s: %s", what, msg ? msg : "?");
        sqlite3_free(msg);
        return AT_ESTORE;
    }
    return 0;
}

void sq_bind_text(sqlite3_stmt *stmt, int i, const char *v)
{
    sqlite3_bind_text(stmt, i, v ? v : "", -1, SQLITE_STATIC);
}

/* Binds an id, or NULL for 0 (for optional foreign keys). */
void sq_bind_ref(sqlite3_stmt *stmt, int i, int64_t id)
{
    if (id)
        sqlite3_bind_int64(stmt, i, id);
    else
        sqlite3_bind_null(stmt, i);
}

const char *sq_col_str(sqlite3_stmt *stmt, int i, struct at_arena *arena)
{
    const unsigned char *p = sqlite3_column_text(stmt, i);
    int n = sqlite3_column_bytes(stmt, i);

    return p ? at_arena_strndup(arena, (const char *)p, (size_t)n) : at_arena_strdup(arena, "");
}

/* Grows an arena array of records: doubles `cap` and copies what was there. */
void *sq_grow(struct at_arena *arena, void *items, size_t n, size_t *cap, size_t size)
{
    void *p;

    if (n < *cap)
        return items;
    *cap = *cap ? *cap * 2 : 16;
    p = at_arena_alloc(arena, *cap * size);
    if (n)
        memcpy(p, items, n * size);
    return p;
}

/*
 * Steps `stmt` (bound by the caller, or NULL when preparing failed) to the
 * end, reading every row with `read` into an arena array of records of `size`
 * bytes. Returns 0 or the error of the step; resets the statement.
 */
int sq_collect(struct sqlite_store *s, sqlite3_stmt *stmt, const char *what, struct at_arena *arena,
               sq_row_reader *read, size_t size, void **items, size_t *n)
{
    size_t cap = 0;
    int rc;

    *items = NULL;
    *n = 0;
    if (!stmt)
        return AT_ESTORE;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        *items = sq_grow(arena, *items, *n, &cap, size);
        read(stmt, arena, (char *)*items + *n * size);
        (*n)++;
    }
    rc = rc == SQLITE_DONE ? 0 : sq_fail(s, rc, what);
    sqlite3_reset(stmt);
    return rc;
}

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
        ret = sq_exec_sql(s, "BEGIN IMMEDIATE", "starting a migration");
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
            ret = sq_exec_sql(s, "COMMIT", "committing a migration");
        if (ret) {
            sq_exec_sql(s, "ROLLBACK", "rolling back a migration");
            at_log_error("store", "migration %s failed; the database is unchanged", f->name);
            return ret;
        }
        at_log_info("store", "applied migration %s", f->name);
        *to = v;
    }
    return 0;
}

static void conn_close(struct conn *c)
{
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        if (c->cache[i].sql) {
            sqlite3_finalize(c->cache[i].stmt);
            free(c->cache[i].sql);
            c->cache[i].sql = NULL;
        }
    }
    for (size_t i = 0; i < DYNAMIC_SLOTS; i++) {
        if (c->dynamic[i].sql) {
            sqlite3_finalize(c->dynamic[i].stmt);
            free(c->dynamic[i].sql);
            c->dynamic[i].sql = NULL;
        }
    }
    sqlite3_close(c->db);
    c->db = NULL;
}

static void writer_release(struct writer *w)
{
    struct writer **p;

    if (!w)
        return;
    pthread_mutex_lock(&writers_lock);
    if (--w->refs == 0) {
        for (p = &writers; *p; p = &(*p)->next) {
            if (*p == w) {
                *p = w->next;
                break;
            }
        }
        conn_close(&w->conn);
        pthread_mutex_destroy(&w->lock);
        pthread_cond_destroy(&w->done);
        free(w->path);
        free(w);
    }
    pthread_mutex_unlock(&writers_lock);
}

static void close_store(struct at_store *st)
{
    struct sqlite_store *s = sq(st);

    if (!st)
        return;
    conn_close(&s->own);
    writer_release(s->w);
    free(s);
}

/* Runs `sql` on the writer's connection (the caller holds its lock). */
static int writer_exec(struct writer *w, const char *sql)
{
    char *msg = NULL;

    if (sqlite3_exec(w->conn.db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        at_log_warn("store", "%s: %s", sql, msg ? msg : "?");
        sqlite3_free(msg);
        return AT_ESTORE;
    }
    return 0;
}

static int optimize(struct at_store *st)
{
    return sq_exec_sql(sq(st),
                       "ANALYZE; INSERT INTO ticket_search(ticket_search) VALUES ('optimize')",
                       "optimizing");
}

/*
 * A batch that SQLite itself rolled back (a full disk, an I/O error) is over:
 * everyone waiting for it hears that it failed, and the next batch starts
 * afresh. Returns true when that happened. Called with the lock held.
 */
static bool batch_check(struct writer *w)
{
    if (!w->open || !sqlite3_get_autocommit(w->conn.db))
        return false;
    at_log_error("store",
                 "a batch of writes was rolled back by the database; its writers are told");
    w->open = false;
    w->result[w->batch % RESULT_RING] = AT_ESTORE;
    w->committed = w->batch;
    w->batch++;
    pthread_cond_broadcast(&w->done);
    return true;
}

static int finish(struct writer *w, bool kept);

int sq_begin(struct at_store *st)
{
    struct sqlite_store *s = sq(st);
    struct writer *w = s->w;

    if (!w)
        return sq_exec_done(s, sq_prep(s, "BEGIN IMMEDIATE"), "begin");
    atomic_fetch_add(&w->waiting, 1);
    pthread_mutex_lock(&w->lock);
    atomic_fetch_sub(&w->waiting, 1);
    batch_check(w);
    /*
     * The first transaction of a batch is the batch itself: nobody else has
     * joined yet, so it needs no savepoint (a long savepoint makes every
     * statement in it slower). Those who join later each get one.
     */
    s->savepoint = w->open;
    if (!w->open) {
        if (writer_exec(w, "BEGIN IMMEDIATE") != 0) {
            pthread_mutex_unlock(&w->lock);
            return AT_ESTORE;
        }
        w->open = true;
        w->count = 0;
    } else if (writer_exec(w, "SAVEPOINT tx") != 0) {
        /* this transaction never started; the batch still has to end for the others */
        finish(w, false);
        pthread_mutex_unlock(&w->lock);
        return AT_ESTORE;
    }
    s->cur = &w->conn;
    return 0;
}

/*
 * Ends this thread's part of the batch (`kept`: it released its savepoint and
 * wants it committed). Commits the batch unless others wait to add to it, in
 * which case the last of them will. Called and returns with the lock held;
 * returns the result of the batch that holds this transaction.
 */
static int finish(struct writer *w, bool kept)
{
    uint64_t mine = w->batch;
    int ret;

    if (batch_check(w))
        return kept ? w->result[mine % RESULT_RING] : 0;

    if (kept)
        w->count++;
    if (atomic_load(&w->waiting) > 0 && w->count < BATCH_MAX) {
        if (!kept)
            return 0; /* nothing of ours to wait for */
        while (w->committed < mine)
            pthread_cond_wait(&w->done, &w->lock);
        return w->result[mine % RESULT_RING];
    }
    ret = writer_exec(w, w->count ? "COMMIT" : "ROLLBACK");
    if (ret != 0)
        writer_exec(w, "ROLLBACK");
    w->open = false;
    w->result[mine % RESULT_RING] = ret;
    w->committed = mine;
    w->batch++;
    pthread_cond_broadcast(&w->done);
    return kept ? ret : 0;
}

int sq_commit(struct at_store *st)
{
    struct sqlite_store *s = sq(st);
    struct writer *w = s->w;
    bool kept;
    int ret;

    if (!w)
        return sq_exec_done(s, sq_prep(s, "COMMIT"), "commit");
    kept = !s->savepoint || writer_exec(w, "RELEASE tx") == 0;
    if (!kept)
        writer_exec(w, "ROLLBACK TO tx; RELEASE tx");
    s->cur = &s->own;
    ret = finish(w, kept);
    pthread_mutex_unlock(&w->lock);
    return kept ? ret : AT_ESTORE;
}

int sq_rollback(struct at_store *st)
{
    struct sqlite_store *s = sq(st);
    struct writer *w = s->w;

    if (!w) {
        if (sqlite3_get_autocommit(s->cur->db))
            return 0; /* nothing open: SQLite already rolled back */
        return sq_exec_done(s, sq_prep(s, "ROLLBACK"), "rollback");
    }
    if (s->cur != &w->conn)
        return 0; /* no transaction of ours is open */
    s->cur = &s->own;
    if (s->savepoint) {
        writer_exec(w, "ROLLBACK TO tx; RELEASE tx");
        finish(w, false);
    } else if (!batch_check(w)) {
        /* the batch was ours alone: roll it back whole, and the next one starts afresh */
        int ret = writer_exec(w, "ROLLBACK");

        w->open = false;
        w->result[w->batch % RESULT_RING] = ret;
        w->committed = w->batch;
        w->batch++;
        pthread_cond_broadcast(&w->done);
    }
    pthread_mutex_unlock(&w->lock);
    return 0;
}

/* ---- users ---- */

#define USER_COLS                                                                                  \
    "id, email, name, role, disabled, coalesce(customer_id, 0), password_hash, created_at"

static void read_user(sqlite3_stmt *stmt, struct at_arena *arena, void *out)
{
    struct at_user *u = out;

    u->id = sqlite3_column_int64(stmt, 0);
    u->email = sq_col_str(stmt, 1, arena);
    u->name = sq_col_str(stmt, 2, arena);
    u->role = AT_ROLE_CUSTOMER;
    at_role_parse((const char *)sqlite3_column_text(stmt, 3), &u->role);
    u->disabled = sqlite3_column_int(stmt, 4) != 0;
    u->customer_id = sqlite3_column_int64(stmt, 5);
    u->password_hash = sq_col_str(stmt, 6, arena);
    u->created_at = sqlite3_column_int64(stmt, 7);
}

static int user_add(struct at_store *st, const struct at_user *u, int64_t *id)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt =
        sq_prep(s, "INSERT INTO users(email, name, role, disabled, customer_id, "
                   "password_hash, created_at) VALUES (lower(?1), ?2, ?3, ?4, ?5, ?6, ?7)");
    int ret;

    if (!stmt)
        return AT_ESTORE;
    sq_bind_text(stmt, 1, u->email);
    sq_bind_text(stmt, 2, u->name);
    sq_bind_text(stmt, 3, at_role_name(u->role));
    sqlite3_bind_int(stmt, 4, u->disabled);
    sq_bind_ref(stmt, 5, u->customer_id);
    sq_bind_text(stmt, 6, u->password_hash);
    sqlite3_bind_int64(stmt, 7, u->created_at);
    ret = sq_exec_done(s, stmt, "user_add");
    if (ret == 0 && id)
        *id = sqlite3_last_insert_rowid(s->cur->db);
    return ret;
}

static int user_get(struct at_store *st, int64_t id, struct at_arena *arena, struct at_user *out)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "SELECT " USER_COLS " FROM users WHERE id = ?1");

    if (stmt)
        sqlite3_bind_int64(stmt, 1, id);
    ONE_ROW(s, stmt, "user_get", read_user(stmt, arena, out));
}

static int user_by_email(struct at_store *st, const char *email, struct at_arena *arena,
                         struct at_user *out)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "SELECT " USER_COLS " FROM users WHERE email = lower(?1)");

    if (stmt)
        sq_bind_text(stmt, 1, email);
    ONE_ROW(s, stmt, "user_by_email", read_user(stmt, arena, out));
}

static int user_list(struct at_store *st, bool with_customers, struct at_arena *arena,
                     struct at_user **out, size_t *n)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt =
        sq_prep(s, "SELECT " USER_COLS " FROM users WHERE ?1 OR role <> 'customer' "
                   "ORDER BY role = 'customer', name, id");
    void *items;
    int ret;

    if (stmt) {
        sqlite3_bind_int(stmt, 1, with_customers);
    }
    ret = sq_collect(s, stmt, "user_list", arena, read_user, sizeof(**out), &items, n);
    *out = items;
    return ret;
}

static int user_update(struct at_store *st, const struct at_user *u)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "UPDATE users SET name = ?2, role = ?3, disabled = ?4, "
                                    "customer_id = ?5, password_hash = ?6 WHERE id = ?1");
    int ret;

    if (!stmt)
        return AT_ESTORE;
    sqlite3_bind_int64(stmt, 1, u->id);
    sq_bind_text(stmt, 2, u->name);
    sq_bind_text(stmt, 3, at_role_name(u->role));
    sqlite3_bind_int(stmt, 4, u->disabled);
    sq_bind_ref(stmt, 5, u->customer_id);
    sq_bind_text(stmt, 6, u->password_hash);
    ret = sq_exec_done(s, stmt, "user_update");
    if (ret == 0 && sqlite3_changes(s->cur->db) == 0)
        ret = AT_ENOTFOUND;
    return ret;
}

/* ---- customers ---- */

#define CUSTOMER_COLS                                                                              \
    "c.id, c.name, c.preferred_name, c.email, c.phone, c.company, c.tier, "                        \
    "c.lifetime_value_cents, c.notes, c.created_at, c.updated_at, "                                \
    "(SELECT count(*) FROM tickets t WHERE t.customer_id = c.id)"

static void read_customer(sqlite3_stmt *stmt, struct at_arena *arena, void *out)
{
    struct at_customer *c = out;

    c->id = sqlite3_column_int64(stmt, 0);
    c->name = sq_col_str(stmt, 1, arena);
    c->preferred_name = sq_col_str(stmt, 2, arena);
    c->email = sq_col_str(stmt, 3, arena);
    c->phone = sq_col_str(stmt, 4, arena);
    c->company = sq_col_str(stmt, 5, arena);
    c->tier = sq_col_str(stmt, 6, arena);
    c->lifetime_value_cents = sqlite3_column_int64(stmt, 7);
    c->notes = sq_col_str(stmt, 8, arena);
    c->created_at = sqlite3_column_int64(stmt, 9);
    c->updated_at = sqlite3_column_int64(stmt, 10);
    c->ticket_count = sqlite3_column_int64(stmt, 11);
}

static void bind_customer(sqlite3_stmt *stmt, const struct at_customer *c)
{
    sq_bind_text(stmt, 2, c->name);
    sq_bind_text(stmt, 3, c->preferred_name);
    sq_bind_text(stmt, 4, c->email);
    sq_bind_text(stmt, 5, c->phone);
    sq_bind_text(stmt, 6, c->company);
    sq_bind_text(stmt, 7, c->tier && c->tier[0] ? c->tier : "standard");
    sqlite3_bind_int64(stmt, 8, c->lifetime_value_cents);
    sq_bind_text(stmt, 9, c->notes);
    sqlite3_bind_int64(stmt, 10, c->created_at);
    sqlite3_bind_int64(stmt, 11, c->updated_at);
}

static int customer_add(struct at_store *st, const struct at_customer *c, int64_t *id)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt =
        sq_prep(s, "INSERT INTO customers(name, preferred_name, email, phone, company, tier, "
                   "lifetime_value_cents, notes, created_at, updated_at) "
                   "VALUES (?2, ?3, lower(?4), ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    int ret;

    if (!stmt)
        return AT_ESTORE;
    bind_customer(stmt, c);
    ret = sq_exec_done(s, stmt, "customer_add");
    if (ret == 0 && id)
        *id = sqlite3_last_insert_rowid(s->cur->db);
    return ret;
}

static int customer_get(struct at_store *st, int64_t id, struct at_arena *arena,
                        struct at_customer *out)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "SELECT " CUSTOMER_COLS " FROM customers c WHERE c.id = ?1");

    if (stmt)
        sqlite3_bind_int64(stmt, 1, id);
    ONE_ROW(s, stmt, "customer_get", read_customer(stmt, arena, out));
}

static int customer_by_email(struct at_store *st, const char *email, struct at_arena *arena,
                             struct at_customer *out)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt =
        sq_prep(s, "SELECT " CUSTOMER_COLS " FROM customers c WHERE c.email = lower(?1)");

    if (stmt)
        sq_bind_text(stmt, 1, email);
    ONE_ROW(s, stmt, "customer_by_email", read_customer(stmt, arena, out));
}

static int customer_update(struct at_store *st, const struct at_customer *c)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "UPDATE customers SET name = ?2, preferred_name = ?3, "
                                    "email = lower(?4), phone = ?5, company = ?6, tier = ?7, "
                                    "lifetime_value_cents = ?8, notes = ?9, created_at = ?10, "
                                    "updated_at = ?11 WHERE id = ?1");
    int ret;

    if (!stmt)
        return AT_ESTORE;
    sqlite3_bind_int64(stmt, 1, c->id);
    bind_customer(stmt, c);
    ret = sq_exec_done(s, stmt, "customer_update");
    if (ret == 0 && sqlite3_changes(s->cur->db) == 0)
        ret = AT_ENOTFOUND;
    return ret;
}

/* "%q%" for LIKE, with the LIKE wildcards of the query escaped. */
static char *like_pattern(struct at_arena *arena, const char *q)
{
    struct at_buf b = AT_BUF_INIT(AT_BUF_NOLIMIT);
    char *out;

    at_buf_addch(&b, '%');
    for (const char *p = q; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '\\')
            at_buf_addch(&b, '\\');
        at_buf_addch(&b, *p);
    }
    at_buf_addch(&b, '%');
    out = at_arena_strndup(arena, b.data, b.len);
    at_buf_release(&b);
    return out;
}

static int customer_list(struct at_store *st, const char *query, int64_t after_id, size_t limit,
                         struct at_arena *arena, struct at_customer **out, size_t *n)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt;
    void *items;
    int ret;

    if (query && query[0])
        stmt = sq_prep(s, "SELECT " CUSTOMER_COLS " FROM customers c WHERE c.id > ?1 AND "
                          "(c.name LIKE ?3 ESCAPE '\\' OR c.preferred_name LIKE ?3 ESCAPE '\\' OR "
                          "c.email LIKE ?3 ESCAPE '\\' OR c.company LIKE ?3 ESCAPE '\\') "
                          "ORDER BY c.id LIMIT ?2");
    else
        stmt = sq_prep(s, "SELECT " CUSTOMER_COLS " FROM customers c WHERE c.id > ?1 "
                          "ORDER BY c.id LIMIT ?2");
    if (stmt) {
        sqlite3_bind_int64(stmt, 1, after_id);
        sqlite3_bind_int64(stmt, 2, (int64_t)limit);
        if (query && query[0])
            sq_bind_text(stmt, 3, like_pattern(arena, query));
    }
    ret = sq_collect(s, stmt, "customer_list", arena, read_customer, sizeof(**out), &items, n);
    *out = items;
    return ret;
}

/* ---- tickets ---- */

#define TICKET_COLS                                                                                \
    "t.id, t.number, t.subject, t.status, t.priority, t.channel, t.customer_id, "                  \
    "coalesce(t.assignee_id, 0), t.group_name, t.tags, t.created_at, t.updated_at, "               \
    "t.first_response_at, t.solved_at, t.closed_at, c.name, c.email, coalesce(u.name, ''), "       \
    "t.message_count, t.mood, " SQ_TICKET_SLA_COLS
#define TICKET_FROM                                                                                \
    " FROM tickets t JOIN customers c ON c.id = t.customer_id "                                    \
    "LEFT JOIN users u ON u.id = t.assignee_id "

/* Splits "a b c" into an arena array. */
static void split_tags(struct at_arena *arena, const char *text, const char ***tags, size_t *n)
{
    struct at_str rest = at_str_from(text);
    size_t count = 0, k = 0;

    for (const char *p = text; *p; p++)
        count += *p == ' ';
    *tags = at_arena_alloc(arena, (count + 1) * sizeof(**tags));
    while (rest.p && rest.n) {
        struct at_str one;

        rest = at_str_cut(rest, ' ', &one);
        if (one.n)
            (*tags)[k++] = at_arena_strs(arena, one);
    }
    *n = k;
}

static void read_ticket(sqlite3_stmt *stmt, struct at_arena *arena, void *out)
{
    struct at_ticket *t = out;

    memset(t, 0, sizeof(*t));
    t->id = sqlite3_column_int64(stmt, 0);
    t->number = sqlite3_column_int64(stmt, 1);
    t->subject = sq_col_str(stmt, 2, arena);
    t->status = (enum at_status)sqlite3_column_int(stmt, 3);
    t->priority = (enum at_priority)sqlite3_column_int(stmt, 4);
    t->channel = sq_col_str(stmt, 5, arena);
    t->customer_id = sqlite3_column_int64(stmt, 6);
    t->assignee_id = sqlite3_column_int64(stmt, 7);
    t->group_name = sq_col_str(stmt, 8, arena);
    split_tags(arena, (const char *)sqlite3_column_text(stmt, 9), &t->tags, &t->ntags);
    t->created_at = sqlite3_column_int64(stmt, 10);
    t->updated_at = sqlite3_column_int64(stmt, 11);
    t->first_response_at = sqlite3_column_int64(stmt, 12);
    t->solved_at = sqlite3_column_int64(stmt, 13);
    t->closed_at = sqlite3_column_int64(stmt, 14);
    t->customer_name = sq_col_str(stmt, 15, arena);
    t->customer_email = sq_col_str(stmt, 16, arena);
    t->assignee_name = sq_col_str(stmt, 17, arena);
    t->message_count = sqlite3_column_int64(stmt, 18);
    t->mood = sq_col_str(stmt, 19, arena);
    sq_read_ticket_sla(stmt, 20, arena, &t->sla);
    t->snippet = "";
}

static char *join_tags(const struct at_ticket *t)
{
    struct at_buf b = AT_BUF_INIT(AT_BUF_NOLIMIT);

    for (size_t i = 0; i < t->ntags; i++)
        at_buf_addf(&b, "%s%s", i ? " " : "", t->tags[i]);
    return at_buf_detach(&b, NULL);
}

/* Replaces the tag rows of ticket `id` by `t`'s tags. */
static int write_tags(struct sqlite_store *s, int64_t id, const struct at_ticket *t)
{
    sqlite3_stmt *del = sq_prep(s, "DELETE FROM ticket_tags WHERE ticket_id = ?1");
    int ret;

    if (del)
        sqlite3_bind_int64(del, 1, id);
    ret = sq_exec_done(s, del, "deleting tags");
    for (size_t i = 0; ret == 0 && i < t->ntags; i++) {
        sqlite3_stmt *ins =
            sq_prep(s, "INSERT OR IGNORE INTO ticket_tags(ticket_id, tag) VALUES (?1, ?2)");

        if (ins) {
            sqlite3_bind_int64(ins, 1, id);
            sq_bind_text(ins, 2, t->tags[i]);
        }
        ret = sq_exec_done(s, ins, "adding a tag");
    }
    return ret;
}

static int ticket_add(struct at_store *st, struct at_ticket *t)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(
        s,
        "INSERT INTO tickets(number, subject, status, priority, channel, customer_id, "
        "assignee_id, group_name, tags, created_at, updated_at, first_response_at, solved_at, "
        "closed_at, mood) VALUES ((SELECT coalesce(max(number), 1000) + 1 FROM tickets), ?1, ?2, "
        "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) RETURNING id, number");
    char *tags = join_tags(t);
    int ret = AT_ESTORE;
    int rc;

    if (!stmt)
        goto out;
    sq_bind_text(stmt, 1, t->subject);
    sqlite3_bind_int(stmt, 2, t->status);
    sqlite3_bind_int(stmt, 3, t->priority);
    sq_bind_text(stmt, 4, t->channel);
    sqlite3_bind_int64(stmt, 5, t->customer_id);
    sq_bind_ref(stmt, 6, t->assignee_id);
    sq_bind_text(stmt, 7, t->group_name);
    sq_bind_text(stmt, 8, tags);
    sqlite3_bind_int64(stmt, 9, t->created_at);
    sqlite3_bind_int64(stmt, 10, t->updated_at);
    sqlite3_bind_int64(stmt, 11, t->first_response_at);
    sqlite3_bind_int64(stmt, 12, t->solved_at);
    sqlite3_bind_int64(stmt, 13, t->closed_at);
    sq_bind_text(stmt, 14, t->mood);
    rc = sqlite3_step(stmt);
    if (rc != SQLITE_ROW) {
        ret = sq_fail(s, rc, "ticket_add");
        sqlite3_reset(stmt);
        goto out;
    }
    t->id = sqlite3_column_int64(stmt, 0);
    t->number = sqlite3_column_int64(stmt, 1);
    rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) {
        ret = sq_fail(s, rc, "ticket_add");
        goto out;
    }
    ret = write_tags(s, t->id, t);
    if (ret == 0) {
        stmt = sq_prep(s, "INSERT INTO ticket_search(rowid, subject, public_text, internal_text) "
                          "VALUES (?1, ?2, '', '')");
        if (stmt) {
            sqlite3_bind_int64(stmt, 1, t->id);
            sq_bind_text(stmt, 2, t->subject);
        }
        ret = sq_exec_done(s, stmt, "indexing the ticket");
    }
out:
    free(tags);
    return ret;
}

static int ticket_get(struct at_store *st, int64_t id, struct at_arena *arena,
                      struct at_ticket *out)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "SELECT " TICKET_COLS TICKET_FROM "WHERE t.id = ?1");

    if (stmt)
        sqlite3_bind_int64(stmt, 1, id);
    ONE_ROW(s, stmt, "ticket_get", read_ticket(stmt, arena, out));
}

static int ticket_by_number(struct at_store *st, int64_t number, struct at_arena *arena,
                            struct at_ticket *out)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "SELECT " TICKET_COLS TICKET_FROM "WHERE t.number = ?1");

    if (stmt)
        sqlite3_bind_int64(stmt, 1, number);
    ONE_ROW(s, stmt, "ticket_by_number", read_ticket(stmt, arena, out));
}

static int ticket_update(struct at_store *st, const struct at_ticket *t)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *old = sq_prep(s, "SELECT subject, tags FROM tickets WHERE id = ?1");
    sqlite3_stmt *stmt;
    char *tags = join_tags(t);
    bool subject_changed, tags_changed;
    int ret = AT_ESTORE;
    int rc;

    if (!old)
        goto out;
    sqlite3_bind_int64(old, 1, t->id);
    rc = sqlite3_step(old);
    if (rc != SQLITE_ROW) {
        ret = rc == SQLITE_DONE ? AT_ENOTFOUND : sq_fail(s, rc, "ticket_update");
        sqlite3_reset(old);
        goto out;
    }
    subject_changed = strcmp((const char *)sqlite3_column_text(old, 0), t->subject) != 0;
    tags_changed = strcmp((const char *)sqlite3_column_text(old, 1), tags) != 0;
    sqlite3_reset(old);

    stmt =
        sq_prep(s, "UPDATE tickets SET subject = ?2, status = ?3, priority = ?4, channel = ?5, "
                   "assignee_id = ?6, group_name = ?7, tags = ?8, created_at = ?9, "
                   "updated_at = ?10, first_response_at = ?11, solved_at = ?12, closed_at = ?13, "
                   "mood = ?14 WHERE id = ?1");
    if (!stmt)
        goto out;
    sqlite3_bind_int64(stmt, 1, t->id);
    sq_bind_text(stmt, 2, t->subject);
    sqlite3_bind_int(stmt, 3, t->status);
    sqlite3_bind_int(stmt, 4, t->priority);
    sq_bind_text(stmt, 5, t->channel);
    sq_bind_ref(stmt, 6, t->assignee_id);
    sq_bind_text(stmt, 7, t->group_name);
    sq_bind_text(stmt, 8, tags);
    sqlite3_bind_int64(stmt, 9, t->created_at);
    sqlite3_bind_int64(stmt, 10, t->updated_at);
    sqlite3_bind_int64(stmt, 11, t->first_response_at);
    sqlite3_bind_int64(stmt, 12, t->solved_at);
    sqlite3_bind_int64(stmt, 13, t->closed_at);
    sq_bind_text(stmt, 14, t->mood);
    ret = sq_exec_done(s, stmt, "ticket_update");
    if (ret == 0 && tags_changed)
        ret = write_tags(s, t->id, t);
    if (ret == 0 && subject_changed) {
        stmt = sq_prep(s, "UPDATE ticket_search SET subject = ?2 WHERE rowid = ?1");
        if (stmt) {
            sqlite3_bind_int64(stmt, 1, t->id);
            sq_bind_text(stmt, 2, t->subject);
        }
        ret = sq_exec_done(s, stmt, "reindexing the subject");
    }
out:
    free(tags);
    return ret;
}

/*
 * Builds the WHERE clause of a filter into `sql` and remembers the values to
 * bind, in order. Values are always bound, never pasted into the SQL.
 */
struct binds {
    int n;
    int64_t ints[16];
    const char *texts[16];
    bool is_text[16];
};

static void bind_int_later(struct binds *b, struct at_buf *sql, const char *fmt, int64_t v)
{
    b->is_text[b->n] = false;
    b->ints[b->n++] = v;
    at_buf_addf(sql, fmt, b->n);
}

static void bind_text_later(struct binds *b, struct at_buf *sql, const char *fmt, const char *v)
{
    b->is_text[b->n] = true;
    b->texts[b->n++] = v;
    at_buf_addf(sql, fmt, b->n);
}

static void apply_binds(sqlite3_stmt *stmt, const struct binds *b)
{
    for (int i = 0; i < b->n; i++) {
        if (b->is_text[i])
            sq_bind_text(stmt, i + 1, b->texts[i]);
        else
            sqlite3_bind_int64(stmt, i + 1, b->ints[i]);
    }
}

static void add_mask(struct at_buf *sql, const char *col, uint32_t mask, int count)
{
    bool first = true;

    if (!mask)
        return;
    at_buf_addf(sql, " AND %s IN (", col);
    for (int i = 0; i < count; i++) {
        if (mask & (1u << i)) {
            at_buf_addf(sql, "%s%d", first ? "" : ", ", i);
            first = false;
        }
    }
    at_buf_adds(sql, ")");
}

static void add_filter(struct at_buf *sql, struct binds *b, const struct at_ticket_filter *f,
                       enum at_ticket_sort sort)
{
    if (f->status_mask == AT_STATUS_UNSOLVED)
        at_buf_adds(sql, " AND t.unsolved = 1"); /* the queue index */
    else
        /* sorted by solve time, the solved_at index must drive, not the status one */
        add_mask(sql, sort == AT_SORT_SOLVED ? "+t.status" : "t.status", f->status_mask,
                 AT_STATUS_COUNT);
    add_mask(sql, "t.priority", f->priority_mask, AT_PRIORITY_COUNT);
    if (f->assignee_id > 0)
        bind_int_later(b, sql, " AND t.assignee_id = ?%d", f->assignee_id);
    if (f->unassigned)
        at_buf_adds(sql, " AND t.assignee_id IS NULL");
    if (f->tag && f->tag[0])
        bind_text_later(b, sql,
                        " AND t.id IN (SELECT ticket_id FROM ticket_tags WHERE tag = lower(?%d))",
                        f->tag);
    if (f->customer_id > 0)
        bind_int_later(b, sql, " AND t.customer_id = ?%d", f->customer_id);
    if (f->solved_since > 0)
        bind_int_later(b, sql, " AND t.solved_at >= ?%d", f->solved_since);
    if (f->updated_since > 0)
        bind_int_later(b, sql, " AND t.updated_at > ?%d", f->updated_since);
    /* due and warning times pass without a write: compare them with now, not a stored state */
    if (f->sla == AT_SLA_BREACHED)
        bind_int_later(b, sql,
                       " AND t.unsolved = 1 AND (t.sla_breached = 1 OR t.sla_next_due <= ?%d)",
                       f->sla_now);
    else if (f->sla == AT_SLA_AT_RISK)
        bind_int_later(b, sql,
                       " AND t.unsolved = 1 AND (t.sla_breached = 1 OR t.sla_next_warn <= ?%d)",
                       f->sla_now);
}

/* A ticket with its search rank and snippet, the two columns after the ticket's. */
static void read_ranked_ticket(sqlite3_stmt *stmt, struct at_arena *arena, void *out)
{
    struct at_ticket *t = out;

    read_ticket(stmt, arena, t);
    t->rank = -sqlite3_column_double(stmt, 20 + SQ_TICKET_SLA_NCOLS);
    t->snippet = sq_col_str(stmt, 21 + SQ_TICKET_SLA_NCOLS, arena);
}

static int run_ticket_query(struct sqlite_store *s, const char *sql, const struct binds *b,
                            struct at_arena *arena, bool with_rank, struct at_ticket **out,
                            size_t *n)
{
    sqlite3_stmt *stmt = sq_prep_dynamic(s, sql);
    void *items;
    int ret;

    if (stmt)
        apply_binds(stmt, b);
    ret = sq_collect(s, stmt, "listing tickets", arena,
                     with_rank ? read_ranked_ticket : read_ticket, sizeof(**out), &items, n);
    *out = items;
    return ret;
}

static int ticket_list(struct at_store *st, const struct at_ticket_query *q, struct at_arena *arena,
                       struct at_ticket **out, size_t *n)
{
    struct sqlite_store *s = sq(st);
    struct at_buf sql = AT_BUF_INIT(AT_BUF_NOLIMIT);
    struct binds b = {0};
    const char *order = "";
    int ret;

    at_buf_adds(&sql, "SELECT " TICKET_COLS TICKET_FROM "WHERE 1");
    add_filter(&sql, &b, &q->filter, q->sort);
    switch (q->sort) {
    case AT_SORT_NEWEST:
        if (q->after.set) {
            bind_int_later(&b, &sql, " AND (t.created_at, t.id) < (?%d", q->after.key);
            bind_int_later(&b, &sql, ", ?%d)", q->after.id);
        }
        order = " ORDER BY t.created_at DESC, t.id DESC";
        break;
    case AT_SORT_OLDEST:
        if (q->after.set) {
            bind_int_later(&b, &sql, " AND (t.created_at, t.id) > (?%d", q->after.key);
            bind_int_later(&b, &sql, ", ?%d)", q->after.id);
        }
        order = " ORDER BY t.created_at, t.id";
        break;
    case AT_SORT_UPDATED:
        if (q->after.set) {
            bind_int_later(&b, &sql, " AND (t.updated_at, t.id) < (?%d", q->after.key);
            bind_int_later(&b, &sql, ", ?%d)", q->after.id);
        }
        order = " ORDER BY t.updated_at DESC, t.id DESC";
        break;
    case AT_SORT_PRIORITY:
        /* highest priority first; within one, the ticket opened first (lowest id) first */
        if (q->after.set) {
            bind_int_later(&b, &sql, " AND (t.priority < ?%d", q->after.key);
            bind_int_later(&b, &sql, " OR (t.priority = ?%d", q->after.key);
            bind_int_later(&b, &sql, " AND t.id > ?%d))", q->after.id);
        }
        order = " ORDER BY t.priority DESC, t.id";
        break;
    case AT_SORT_SOLVED:
        if (q->after.set) {
            bind_int_later(&b, &sql, " AND (t.solved_at, t.id) < (?%d", q->after.key);
            bind_int_later(&b, &sql, ", ?%d)", q->after.id);
        }
        order = " ORDER BY t.solved_at DESC, t.id DESC";
        break;
    case AT_SORT_TRIAGE:
        /* the highest score first; within one, the ticket opened first */
        if (q->after.set) {
            bind_int_later(&b, &sql, " AND (t.triage_score < ?%d", q->after.key);
            bind_int_later(&b, &sql, " OR (t.triage_score = ?%d", q->after.key);
            bind_int_later(&b, &sql, " AND t.id > ?%d))", q->after.id);
        }
        order = " ORDER BY t.triage_score DESC, t.id";
        break;
    case AT_SORT_DUE:
        if (q->after.set) {
            bind_int_later(&b, &sql, " AND (t.sla_next_due, t.id) > (?%d", q->after.key);
            bind_int_later(&b, &sql, ", ?%d)", q->after.id);
        }
        order = " ORDER BY t.sla_next_due, t.id";
        break;
    }
    at_buf_adds(&sql, order);
    bind_int_later(&b, &sql, " LIMIT ?%d", (int64_t)(q->limit ? q->limit : 50));
    ret = run_ticket_query(s, sql.data, &b, arena, false, out, n);
    at_buf_release(&sql);
    return ret;
}

static int ticket_count(struct at_store *st, const struct at_ticket_filter *f, int64_t *n)
{
    struct sqlite_store *s = sq(st);
    struct at_buf sql = AT_BUF_INIT(AT_BUF_NOLIMIT);
    struct binds b = {0};
    sqlite3_stmt *stmt;
    int ret = AT_ESTORE;
    int rc;

    at_buf_adds(&sql, "SELECT count(*) FROM tickets t WHERE 1");
    add_filter(&sql, &b, f, AT_SORT_NEWEST);
    stmt = sq_prep_dynamic(s, sql.data);
    if (stmt) {
        apply_binds(stmt, &b);
        rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW) {
            *n = sqlite3_column_int64(stmt, 0);
            ret = 0;
        } else {
            ret = sq_fail(s, rc, "ticket_count");
        }
        sqlite3_reset(stmt);
    }
    at_buf_release(&sql);
    return ret;
}

/*
 * Turns what a person typed into an FTS5 query that cannot be a syntax error:
 * every word becomes a quoted term (a trailing * keeps prefix search), every
 * "quoted phrase" stays a phrase, and FTS5's operators are just words. Terms
 * are ANDed. Returns false when there is no word at all.
 */
static bool fts_query(const char *text, bool public_only, struct at_buf *out)
{
    const char *p = text;
    int terms = 0;

    if (public_only)
        at_buf_adds(out, "{subject public_text} : (");
    while (*p) {
        struct at_buf term = AT_BUF_INIT(4096);
        bool phrase = false, prefix = false, word = false;

        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        if (!*p)
            break;
        if (*p == '"') {
            phrase = true;
            p++;
        }
        for (; *p; p++) {
            unsigned char c = (unsigned char)*p;

            if (phrase ? c == '"' : (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"'))
                break;
            if (c == '"')
                continue;
            if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                c >= 0x80)
                word = true;
            at_buf_addch(&term, (char)c);
        }
        if (phrase && *p == '"')
            p++;
        if (!phrase && term.len > 1 && term.data[term.len - 1] == '*') {
            prefix = true;
            at_buf_truncate(&term, term.len - 1);
        }
        if (word) {
            at_buf_adds(out, terms ? " \"" : "\"");
            for (size_t i = 0; i < term.len; i++) {
                if (term.data[i] == '"')
                    at_buf_addch(out, '"');
                at_buf_addch(out, term.data[i]);
            }
            at_buf_adds(out, prefix ? "\"*" : "\"");
            terms++;
        }
        at_buf_release(&term);
    }
    if (public_only)
        at_buf_adds(out, ")");
    return terms > 0;
}

static int ticket_search(struct at_store *st, const struct at_ticket_query *q,
                         struct at_arena *arena, struct at_ticket **out, size_t *n)
{
    struct sqlite_store *s = sq(st);
    struct at_buf sql = AT_BUF_INIT(AT_BUF_NOLIMIT);
    struct at_buf match = AT_BUF_INIT(64 * 1024);
    struct binds b = {0};
    int ret;

    *out = NULL;
    *n = 0;
    if (!q->filter.text || !fts_query(q->filter.text, q->filter.public_only, &match)) {
        at_buf_release(&match);
        return AT_EINVAL;
    }
    /*
     * Rank first, over ids only, then read the page's tickets and make snippets
     * for those alone: snippets for every match would cost more than the search.
     */
    at_buf_adds(&sql, "SELECT " TICKET_COLS ", r.score, (SELECT ");
    /* customers' snippets come from what they may read: the subject or the public text */
    at_buf_adds(&sql, q->filter.public_only
                          ? "CASE WHEN highlight(ticket_search, 0, '[', ']') <> t.subject "
                            "THEN snippet(ticket_search, 0, '[', ']', '...', 12) "
                            "ELSE snippet(ticket_search, 1, '[', ']', '...', 12) END"
                          : "snippet(ticket_search, -1, '[', ']', '...', 12)");
    at_buf_adds(&sql, " FROM ticket_search WHERE ticket_search MATCH ?1 AND ticket_search.rowid = "
                      "r.id) FROM (SELECT ticket_search.rowid AS id, "
                      "bm25(ticket_search, 4.0, 1.0, 1.0) AS score FROM ticket_search "
                      "JOIN tickets t ON t.id = ticket_search.rowid WHERE ticket_search MATCH ");
    bind_text_later(&b, &sql, "?%d", match.data);
    add_filter(&sql, &b, &q->filter, AT_SORT_NEWEST);
    at_buf_adds(&sql, " ORDER BY score, t.id DESC");
    bind_int_later(&b, &sql, " LIMIT ?%d", (int64_t)(q->limit ? q->limit : 50));
    bind_int_later(&b, &sql, " OFFSET ?%d", (int64_t)q->offset);
    at_buf_adds(&sql, ") r JOIN tickets t ON t.id = r.id JOIN customers c ON c.id = t.customer_id "
                      "LEFT JOIN users u ON u.id = t.assignee_id ORDER BY r.score, t.id DESC");
    ret = run_ticket_query(s, sql.data, &b, arena, true, out, n);
    at_buf_release(&sql);
    at_buf_release(&match);
    return ret;
}

/* ---- messages and events ---- */

static int message_add(struct at_store *st, struct at_message *m)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "INSERT INTO messages(ticket_id, author_user_id, "
                                    "author_customer_id, visibility, body, analysis, created_at) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    int ret;

    if (!stmt)
        return AT_ESTORE;
    sqlite3_bind_int64(stmt, 1, m->ticket_id);
    sq_bind_ref(stmt, 2, m->author_user_id);
    sq_bind_ref(stmt, 3, m->author_customer_id);
    sqlite3_bind_int(stmt, 4, m->visibility);
    sq_bind_text(stmt, 5, m->body);
    sq_bind_text(stmt, 6, m->analysis);
    sqlite3_bind_int64(stmt, 7, m->created_at);
    ret = sq_exec_done(s, stmt, "message_add");
    if (ret)
        return ret;
    m->id = sqlite3_last_insert_rowid(s->cur->db);
    if (m->visibility == AT_VIS_PUBLIC) {
        stmt = sq_prep(s, "UPDATE tickets SET message_count = message_count + 1 WHERE id = ?1");
        if (stmt)
            sqlite3_bind_int64(stmt, 1, m->ticket_id);
        ret = sq_exec_done(s, stmt, "counting the message");
        if (ret)
            return ret;
        stmt = sq_prep(s, "UPDATE ticket_search SET public_text = CASE public_text WHEN '' THEN ?2 "
                          "ELSE public_text || char(10) || ?2 END WHERE rowid = ?1");
    } else {
        stmt = sq_prep(
            s, "UPDATE ticket_search SET internal_text = CASE internal_text WHEN '' THEN ?2 "
               "ELSE internal_text || char(10) || ?2 END WHERE rowid = ?1");
    }
    if (stmt) {
        sqlite3_bind_int64(stmt, 1, m->ticket_id);
        sq_bind_text(stmt, 2, m->body);
    }
    return sq_exec_done(s, stmt, "indexing the message");
}

static void read_message(sqlite3_stmt *stmt, struct at_arena *arena, void *out)
{
    struct at_message *m = out;

    m->id = sqlite3_column_int64(stmt, 0);
    m->ticket_id = sqlite3_column_int64(stmt, 1);
    m->author_user_id = sqlite3_column_int64(stmt, 2);
    m->author_customer_id = sqlite3_column_int64(stmt, 3);
    m->author_name = sq_col_str(stmt, 4, arena);
    m->visibility = (enum at_visibility)sqlite3_column_int(stmt, 5);
    m->body = sq_col_str(stmt, 6, arena);
    m->analysis = sq_col_str(stmt, 7, arena);
    m->created_at = sqlite3_column_int64(stmt, 8);
    m->coaching = sq_read_coaching(stmt, 9, arena);
}

static int message_list(struct at_store *st, int64_t ticket_id, bool include_internal,
                        struct at_arena *arena, struct at_message **out, size_t *n)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt =
        sq_prep(s, "SELECT m.id, m.ticket_id, coalesce(m.author_user_id, 0), "
                   "coalesce(m.author_customer_id, 0), coalesce(u.name, c.name, ''), m.visibility, "
                   "m.body, m.analysis, m.created_at, " SQ_COACHING_COLS " FROM messages m "
                   "LEFT JOIN users u ON u.id = m.author_user_id "
                   "LEFT JOIN customers c ON c.id = m.author_customer_id "
                   "LEFT JOIN reply_coaching rc ON rc.message_id = m.id "
                   "WHERE m.ticket_id = ?1 AND (?2 OR m.visibility = 0) ORDER BY m.id");
    void *items;
    int ret;

    if (stmt) {
        sqlite3_bind_int64(stmt, 1, ticket_id);
        sqlite3_bind_int(stmt, 2, include_internal);
    }
    ret = sq_collect(s, stmt, "message_list", arena, read_message, sizeof(**out), &items, n);
    *out = items;
    return ret;
}

static int event_add(struct at_store *st, const struct at_event *e)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "INSERT INTO events(ticket_id, actor_id, kind, old_value, "
                                    "new_value, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");

    if (!stmt)
        return AT_ESTORE;
    sqlite3_bind_int64(stmt, 1, e->ticket_id);
    sq_bind_ref(stmt, 2, e->actor_id);
    sq_bind_text(stmt, 3, e->kind);
    sq_bind_text(stmt, 4, e->old_value);
    sq_bind_text(stmt, 5, e->new_value);
    sqlite3_bind_int64(stmt, 6, e->created_at);
    return sq_exec_done(s, stmt, "event_add");
}

static void read_event(sqlite3_stmt *stmt, struct at_arena *arena, void *out)
{
    struct at_event *e = out;

    e->id = sqlite3_column_int64(stmt, 0);
    e->ticket_id = sqlite3_column_int64(stmt, 1);
    e->actor_id = sqlite3_column_int64(stmt, 2);
    e->actor_name = sq_col_str(stmt, 3, arena);
    e->kind = sq_col_str(stmt, 4, arena);
    e->old_value = sq_col_str(stmt, 5, arena);
    e->new_value = sq_col_str(stmt, 6, arena);
    e->created_at = sqlite3_column_int64(stmt, 7);
}

static int event_list(struct at_store *st, int64_t ticket_id, struct at_arena *arena,
                      struct at_event **out, size_t *n)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "SELECT e.id, e.ticket_id, coalesce(e.actor_id, 0), "
                                    "coalesce(u.name, 'attune'), e.kind, e.old_value, e.new_value, "
                                    "e.created_at FROM events e LEFT JOIN users u ON u.id = "
                                    "e.actor_id WHERE e.ticket_id = ?1 ORDER BY e.id");
    void *items;
    int ret;

    if (stmt)
        sqlite3_bind_int64(stmt, 1, ticket_id);
    ret = sq_collect(s, stmt, "event_list", arena, read_event, sizeof(**out), &items, n);
    *out = items;
    return ret;
}

/* ---- macros ---- */

static void read_macro(sqlite3_stmt *stmt, struct at_arena *arena, void *out)
{
    struct at_macro *m = out;

    m->id = sqlite3_column_int64(stmt, 0);
    m->title = sq_col_str(stmt, 1, arena);
    m->body = sq_col_str(stmt, 2, arena);
    m->created_by = sqlite3_column_int64(stmt, 3);
    m->created_at = sqlite3_column_int64(stmt, 4);
    m->updated_at = sqlite3_column_int64(stmt, 5);
}

#define MACRO_COLS "id, title, body, coalesce(created_by, 0), created_at, updated_at"

static int macro_add(struct at_store *st, const struct at_macro *m, int64_t *id)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "INSERT INTO macros(title, body, created_by, created_at, "
                                    "updated_at) VALUES (?1, ?2, ?3, ?4, ?5)");
    int ret;

    if (!stmt)
        return AT_ESTORE;
    sq_bind_text(stmt, 1, m->title);
    sq_bind_text(stmt, 2, m->body);
    sq_bind_ref(stmt, 3, m->created_by);
    sqlite3_bind_int64(stmt, 4, m->created_at);
    sqlite3_bind_int64(stmt, 5, m->updated_at);
    ret = sq_exec_done(s, stmt, "macro_add");
    if (ret == 0 && id)
        *id = sqlite3_last_insert_rowid(s->cur->db);
    return ret;
}

static int macro_get(struct at_store *st, int64_t id, struct at_arena *arena, struct at_macro *out)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "SELECT " MACRO_COLS " FROM macros WHERE id = ?1");

    if (stmt)
        sqlite3_bind_int64(stmt, 1, id);
    ONE_ROW(s, stmt, "macro_get", read_macro(stmt, arena, out));
}

static int macro_update(struct at_store *st, const struct at_macro *m)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt =
        sq_prep(s, "UPDATE macros SET title = ?2, body = ?3, updated_at = ?4 WHERE id = ?1");

    if (stmt) {
        sqlite3_bind_int64(stmt, 1, m->id);
        sq_bind_text(stmt, 2, m->title);
        sq_bind_text(stmt, 3, m->body);
        sqlite3_bind_int64(stmt, 4, m->updated_at);
    }
    return sq_changed_or_missing(s, sq_exec_done(s, stmt, "macro_update"));
}

static int macro_delete(struct at_store *st, int64_t id)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "DELETE FROM macros WHERE id = ?1");

    if (stmt)
        sqlite3_bind_int64(stmt, 1, id);
    return sq_changed_or_missing(s, sq_exec_done(s, stmt, "macro_delete"));
}

static int macro_list(struct at_store *st, const char *query, struct at_arena *arena,
                      struct at_macro **out, size_t *n)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt =
        sq_prep(s, "SELECT " MACRO_COLS " FROM macros WHERE ?1 = '' OR title LIKE ?2 ESCAPE '\\' "
                   "OR body LIKE ?2 ESCAPE '\\' ORDER BY title LIMIT 500");
    void *items;
    int ret;

    if (stmt) {
        sq_bind_text(stmt, 1, query ? query : "");
        sq_bind_text(stmt, 2, like_pattern(arena, query ? query : ""));
    }
    ret = sq_collect(s, stmt, "macro_list", arena, read_macro, sizeof(**out), &items, n);
    *out = items;
    return ret;
}

/* ---- sessions, tokens, audit, resets, login failures ---- */

static int session_add(struct at_store *st, const struct at_session *x)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "INSERT INTO sessions(id_hash, user_id, csrf, created_at, "
                                    "expires_at) VALUES (?1, ?2, ?3, ?4, ?5)");

    if (!stmt)
        return AT_ESTORE;
    sq_bind_text(stmt, 1, x->id_hash);
    sqlite3_bind_int64(stmt, 2, x->user_id);
    sq_bind_text(stmt, 3, x->csrf);
    sqlite3_bind_int64(stmt, 4, x->created_at);
    sqlite3_bind_int64(stmt, 5, x->expires_at);
    return sq_exec_done(s, stmt, "session_add");
}

static int session_get(struct at_store *st, const char *id_hash, int64_t now,
                       struct at_arena *arena, struct at_session *out)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "SELECT id_hash, user_id, csrf, created_at, expires_at FROM "
                                    "sessions WHERE id_hash = ?1 AND expires_at > ?2");

    if (stmt) {
        sq_bind_text(stmt, 1, id_hash);
        sqlite3_bind_int64(stmt, 2, now);
    }
    ONE_ROW(s, stmt, "session_get", {
        out->id_hash = sq_col_str(stmt, 0, arena);
        out->user_id = sqlite3_column_int64(stmt, 1);
        out->csrf = sq_col_str(stmt, 2, arena);
        out->created_at = sqlite3_column_int64(stmt, 3);
        out->expires_at = sqlite3_column_int64(stmt, 4);
    });
}

static int session_touch(struct at_store *st, const char *id_hash, int64_t expires_at)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "UPDATE sessions SET expires_at = ?2 WHERE id_hash = ?1");

    if (stmt) {
        sq_bind_text(stmt, 1, id_hash);
        sqlite3_bind_int64(stmt, 2, expires_at);
    }
    return sq_changed_or_missing(s, sq_exec_done(s, stmt, "session_touch"));
}

static int session_delete(struct at_store *st, const char *id_hash)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "DELETE FROM sessions WHERE id_hash = ?1");

    if (stmt)
        sq_bind_text(stmt, 1, id_hash);
    return sq_exec_done(s, stmt, "session_delete");
}

static int session_delete_user(struct at_store *st, int64_t user_id)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "DELETE FROM sessions WHERE user_id = ?1");

    if (stmt)
        sqlite3_bind_int64(stmt, 1, user_id);
    return sq_exec_done(s, stmt, "session_delete_user");
}

#define TOKEN_COLS "id, user_id, name, hash, prefix, created_at, last_used_at, revoked_at"

static void read_token(sqlite3_stmt *stmt, struct at_arena *arena, void *out)
{
    struct at_api_token *t = out;

    t->id = sqlite3_column_int64(stmt, 0);
    t->user_id = sqlite3_column_int64(stmt, 1);
    t->name = sq_col_str(stmt, 2, arena);
    t->hash = sq_col_str(stmt, 3, arena);
    t->prefix = sq_col_str(stmt, 4, arena);
    t->created_at = sqlite3_column_int64(stmt, 5);
    t->last_used_at = sqlite3_column_int64(stmt, 6);
    t->revoked_at = sqlite3_column_int64(stmt, 7);
}

static int token_add(struct at_store *st, const struct at_api_token *t, int64_t *id)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "INSERT INTO api_tokens(user_id, name, hash, prefix, "
                                    "created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
    int ret;

    if (!stmt)
        return AT_ESTORE;
    sqlite3_bind_int64(stmt, 1, t->user_id);
    sq_bind_text(stmt, 2, t->name);
    sq_bind_text(stmt, 3, t->hash);
    sq_bind_text(stmt, 4, t->prefix);
    sqlite3_bind_int64(stmt, 5, t->created_at);
    ret = sq_exec_done(s, stmt, "token_add");
    if (ret == 0 && id)
        *id = sqlite3_last_insert_rowid(s->cur->db);
    return ret;
}

static int token_by_hash(struct at_store *st, const char *hash, struct at_arena *arena,
                         struct at_api_token *out)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "SELECT " TOKEN_COLS " FROM api_tokens WHERE hash = ?1");

    if (stmt)
        sq_bind_text(stmt, 1, hash);
    ONE_ROW(s, stmt, "token_by_hash", read_token(stmt, arena, out));
}

static int token_list(struct at_store *st, int64_t user_id, struct at_arena *arena,
                      struct at_api_token **out, size_t *n)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "SELECT " TOKEN_COLS " FROM api_tokens "
                                    "WHERE ?1 = 0 OR user_id = ?1 ORDER BY id");
    void *items;
    int ret;

    if (stmt) {
        sqlite3_bind_int64(stmt, 1, user_id);
    }
    ret = sq_collect(s, stmt, "token_list", arena, read_token, sizeof(**out), &items, n);
    *out = items;
    return ret;
}

static int token_revoke(struct at_store *st, int64_t id, int64_t at)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "UPDATE api_tokens SET revoked_at = ?2 "
                                    "WHERE id = ?1 AND revoked_at = 0");
    int ret;

    if (stmt) {
        sqlite3_bind_int64(stmt, 1, id);
        sqlite3_bind_int64(stmt, 2, at);
    }
    ret = sq_exec_done(s, stmt, "token_revoke");
    if (ret == 0 && sqlite3_changes(s->cur->db) == 0) {
        /* revoking twice is fine; revoking what does not exist is not */
        sqlite3_stmt *q = sq_prep(s, "SELECT 1 FROM api_tokens WHERE id = ?1");

        if (!q)
            return AT_ESTORE;
        sqlite3_bind_int64(q, 1, id);
        ret = sqlite3_step(q) == SQLITE_ROW ? 0 : AT_ENOTFOUND;
        sqlite3_reset(q);
    }
    return ret;
}

static int token_touch(struct at_store *st, int64_t id, int64_t at)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1");

    if (stmt) {
        sqlite3_bind_int64(stmt, 1, id);
        sqlite3_bind_int64(stmt, 2, at);
    }
    return sq_changed_or_missing(s, sq_exec_done(s, stmt, "token_touch"));
}

static int audit_add(struct at_store *st, const struct at_audit *a)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "INSERT INTO audit(actor_id, action, target, detail, address, "
                                    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");

    if (!stmt)
        return AT_ESTORE;
    sq_bind_ref(stmt, 1, a->actor_id);
    sq_bind_text(stmt, 2, a->action);
    sq_bind_text(stmt, 3, a->target);
    sq_bind_text(stmt, 4, a->detail);
    sq_bind_text(stmt, 5, a->address);
    sqlite3_bind_int64(stmt, 6, a->created_at);
    return sq_exec_done(s, stmt, "audit_add");
}

static void read_audit(sqlite3_stmt *stmt, struct at_arena *arena, void *out)
{
    struct at_audit *a = out;

    a->id = sqlite3_column_int64(stmt, 0);
    a->actor_id = sqlite3_column_int64(stmt, 1);
    a->actor_name = sq_col_str(stmt, 2, arena);
    a->action = sq_col_str(stmt, 3, arena);
    a->target = sq_col_str(stmt, 4, arena);
    a->detail = sq_col_str(stmt, 5, arena);
    a->address = sq_col_str(stmt, 6, arena);
    a->created_at = sqlite3_column_int64(stmt, 7);
}

static int audit_list(struct at_store *st, int64_t before_id, size_t limit, struct at_arena *arena,
                      struct at_audit **out, size_t *n)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "SELECT a.id, coalesce(a.actor_id, 0), coalesce(u.name, "
                                    "'attune'), a.action, a.target, a.detail, a.address, "
                                    "a.created_at FROM audit a LEFT JOIN users u ON u.id = "
                                    "a.actor_id WHERE ?1 = 0 OR a.id < ?1 ORDER BY a.id DESC "
                                    "LIMIT ?2");
    void *items;
    int ret;

    if (stmt) {
        sqlite3_bind_int64(stmt, 1, before_id);
        sqlite3_bind_int64(stmt, 2, (int64_t)limit);
    }
    ret = sq_collect(s, stmt, "audit_list", arena, read_audit, sizeof(**out), &items, n);
    *out = items;
    return ret;
}

static int reset_add(struct at_store *st, const char *hash, int64_t user_id, int64_t expires_at)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "INSERT INTO password_resets(hash, user_id, expires_at) "
                                    "VALUES (?1, ?2, ?3)");

    if (!stmt)
        return AT_ESTORE;
    sq_bind_text(stmt, 1, hash);
    sqlite3_bind_int64(stmt, 2, user_id);
    sqlite3_bind_int64(stmt, 3, expires_at);
    return sq_exec_done(s, stmt, "reset_add");
}

static int reset_take(struct at_store *st, const char *hash, int64_t now, int64_t *user_id)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "UPDATE password_resets SET used_at = ?2 WHERE hash = ?1 AND "
                                    "used_at = 0 AND expires_at > ?2 RETURNING user_id");
    int rc;

    if (!stmt)
        return AT_ESTORE;
    sq_bind_text(stmt, 1, hash);
    sqlite3_bind_int64(stmt, 2, now);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        *user_id = sqlite3_column_int64(stmt, 0);
        rc = sqlite3_step(stmt);
        sqlite3_reset(stmt);
        return rc == SQLITE_DONE ? 0 : sq_fail(s, rc, "reset_take");
    }
    rc = rc == SQLITE_DONE ? AT_ENOTFOUND : sq_fail(s, rc, "reset_take");
    sqlite3_reset(stmt);
    return rc;
}

static int login_fail_add(struct at_store *st, const char *key, int64_t at)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "INSERT INTO login_failures(key, at) VALUES (?1, ?2)");

    if (!stmt)
        return AT_ESTORE;
    sq_bind_text(stmt, 1, key);
    sqlite3_bind_int64(stmt, 2, at);
    return sq_exec_done(s, stmt, "login_fail_add");
}

static int login_fail_count(struct at_store *st, const char *key, int64_t since, int64_t *n,
                            int64_t *last_at)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "SELECT count(*), coalesce(max(at), 0) FROM login_failures "
                                    "WHERE key = ?1 AND at >= ?2");

    if (stmt) {
        sq_bind_text(stmt, 1, key);
        sqlite3_bind_int64(stmt, 2, since);
    }
    ONE_ROW(s, stmt, "login_fail_count", {
        *n = sqlite3_column_int64(stmt, 0);
        if (last_at)
            *last_at = sqlite3_column_int64(stmt, 1);
    });
}

static int login_fail_clear(struct at_store *st, const char *key)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "DELETE FROM login_failures WHERE key = ?1");

    if (stmt)
        sq_bind_text(stmt, 1, key);
    return sq_exec_done(s, stmt, "login_fail_clear");
}

/*
 * Every write goes through the shared writer: a write made outside a
 * transaction becomes a transaction of its own (joining the current batch),
 * instead of waiting on SQLite's busy handler beside the writer.
 */
bool sq_needs_own_tx(struct at_store *st)
{
    return sq(st)->w && sq(st)->cur == &sq(st)->own;
}

int sq_end_own_tx(struct at_store *st, int ret)
{
    int r = ret ? sq_rollback(st) : sq_commit(st);

    return ret ? ret : r;
}

WRITE(user_add, (struct at_store * st, const struct at_user *u, int64_t *id), (st, u, id))
WRITE(user_update, (struct at_store * st, const struct at_user *u), (st, u))
WRITE(customer_add, (struct at_store * st, const struct at_customer *c, int64_t *id), (st, c, id))
WRITE(customer_update, (struct at_store * st, const struct at_customer *c), (st, c))
WRITE(ticket_add, (struct at_store * st, struct at_ticket *t), (st, t))
WRITE(ticket_update, (struct at_store * st, const struct at_ticket *t), (st, t))
WRITE(message_add, (struct at_store * st, struct at_message *m), (st, m))
WRITE(event_add, (struct at_store * st, const struct at_event *e), (st, e))
WRITE(macro_add, (struct at_store * st, const struct at_macro *m, int64_t *id), (st, m, id))
WRITE(macro_update, (struct at_store * st, const struct at_macro *m), (st, m))
WRITE(macro_delete, (struct at_store * st, int64_t id), (st, id))
WRITE(session_add, (struct at_store * st, const struct at_session *x), (st, x))
WRITE(session_touch, (struct at_store * st, const char *id_hash, int64_t expires_at),
      (st, id_hash, expires_at))
WRITE(session_delete, (struct at_store * st, const char *id_hash), (st, id_hash))
WRITE(session_delete_user, (struct at_store * st, int64_t user_id), (st, user_id))
WRITE(token_add, (struct at_store * st, const struct at_api_token *t, int64_t *id), (st, t, id))
WRITE(token_revoke, (struct at_store * st, int64_t id, int64_t at), (st, id, at))
WRITE(token_touch, (struct at_store * st, int64_t id, int64_t at), (st, id, at))
WRITE(audit_add, (struct at_store * st, const struct at_audit *a), (st, a))
WRITE(reset_add, (struct at_store * st, const char *hash, int64_t user_id, int64_t expires_at),
      (st, hash, user_id, expires_at))
WRITE(reset_take, (struct at_store * st, const char *hash, int64_t now, int64_t *user_id),
      (st, hash, now, user_id))
WRITE(login_fail_add, (struct at_store * st, const char *key, int64_t at), (st, key, at))
WRITE(login_fail_clear, (struct at_store * st, const char *key), (st, key))

static struct at_store_ops sqlite_ops = {
    .close = close_store,
    .schema_version = schema_version,
    .migrate = migrate,
    .optimize = optimize,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .user_add = tx_user_add,
    .user_get = user_get,
    .user_by_email = user_by_email,
    .user_list = user_list,
    .user_update = tx_user_update,
    .customer_add = tx_customer_add,
    .customer_get = customer_get,
    .customer_by_email = customer_by_email,
    .customer_update = tx_customer_update,
    .customer_list = customer_list,
    .ticket_add = tx_ticket_add,
    .ticket_get = ticket_get,
    .ticket_by_number = ticket_by_number,
    .ticket_update = tx_ticket_update,
    .ticket_list = ticket_list,
    .ticket_count = ticket_count,
    .ticket_search = ticket_search,
    .message_add = tx_message_add,
    .message_list = message_list,
    .event_add = tx_event_add,
    .event_list = event_list,
    .macro_add = tx_macro_add,
    .macro_get = macro_get,
    .macro_update = tx_macro_update,
    .macro_delete = tx_macro_delete,
    .macro_list = macro_list,
    .session_add = tx_session_add,
    .session_get = session_get,
    .session_touch = tx_session_touch,
    .session_delete = tx_session_delete,
    .session_delete_user = tx_session_delete_user,
    .token_add = tx_token_add,
    .token_by_hash = token_by_hash,
    .token_list = token_list,
    .token_revoke = tx_token_revoke,
    .token_touch = tx_token_touch,
    .audit_add = tx_audit_add,
    .audit_list = audit_list,
    .reset_add = tx_reset_add,
    .reset_take = tx_reset_take,
    .login_fail_add = tx_login_fail_add,
    .login_fail_count = login_fail_count,
    .login_fail_clear = tx_login_fail_clear,
};

static pthread_once_t ops_once = PTHREAD_ONCE_INIT;

/* Fills the entries of the operations table that the other parts of the backend keep. */
static void install_parts(void)
{
    sq_jobs_install(&sqlite_ops);
    sq_mail_install(&sqlite_ops);
    sq_survey_install(&sqlite_ops);
    sq_sla_install(&sqlite_ops);
    sq_coaching_install(&sqlite_ops);
}

/* Says what is wrong with the directory of `path`, or returns 0 when it exists. */
static int check_directory(const char *path, struct at_errinfo *e)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];
    struct stat sb;

    if (!slash)
        return 0;
    if (slash == path)
        return 0;
    if ((size_t)(slash - path) >= sizeof(dir))
        return at_errinfo_set(e, AT_EINVAL, "db", "the database path is too long");
    memcpy(dir, path, (size_t)(slash - path));
    dir[slash - path] = '\0';
    if (stat(dir, &sb) != 0)
        return at_errinfo_set(e, AT_EIO, "db",
                              "directory %s does not exist; create it or choose another --db", dir);
    if (!S_ISDIR(sb.st_mode))
        return at_errinfo_set(e, AT_EIO, "db", "%s is not a directory; choose another --db", dir);
    return 0;
}

/* Opens and sets up one connection; says in `e` what is wrong with the file. */
static int conn_open(struct conn *c, const char *path, bool memory, enum at_durability durability,
                     struct at_errinfo *e)
{
    const char *sync =
        durability == AT_DURABLE_FULL ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL";
    const char *setup[] = {memory ? "PRAGMA journal_mode = MEMORY" : "PRAGMA journal_mode = WAL",
                           sync, "PRAGMA foreign_keys = ON", "PRAGMA temp_store = MEMORY"};
    int rc;

    rc = sqlite3_open_v2(path, &c->db,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK)
        return at_errinfo_set(e, AT_EIO, "db", "cannot open %s: %s", path,
                              c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
    sqlite3_extended_result_codes(c->db, 1);
    sqlite3_busy_timeout(c->db, 5000);
    /* a read first: a file that is not a database fails here, before anything is written */
    if (sqlite3_exec(c->db, "PRAGMA user_version", NULL, NULL, NULL) != SQLITE_OK)
        return at_errinfo_set(e, AT_EIO, "db",
                              "%s is not an attune database (%s); restore it from a backup or "
                              "choose another --db",
                              path, sqlite3_errmsg(c->db));
    for (size_t i = 0; i < sizeof(setup) / sizeof(setup[0]); i++)
        if (sqlite3_exec(c->db, setup[i], NULL, NULL, NULL) != SQLITE_OK)
            return at_errinfo_set(e, AT_EIO, "db", "cannot set up %s: %s", path,
                                  sqlite3_errmsg(c->db));
    return 0;
}

/* The writer of the database file `path` in this process, made on first use. */
static struct writer *writer_get(const char *path, enum at_durability durability,
                                 struct at_errinfo *e)
{
    struct writer *w;

    pthread_mutex_lock(&writers_lock);
    for (w = writers; w; w = w->next)
        if (strcmp(w->path, path) == 0)
            break;
    if (w) {
        w->refs++;
    } else {
        w = at_xcalloc(1, sizeof(*w));
        if (conn_open(&w->conn, path, false, durability, e) != 0) {
            conn_close(&w->conn);
            free(w);
            w = NULL;
        } else {
            w->path = at_xstrdup(path);
            w->refs = 1;
            pthread_mutex_init(&w->lock, NULL);
            pthread_cond_init(&w->done, NULL);
            atomic_init(&w->waiting, 0);
            w->batch = 1;
            w->next = writers;
            writers = w;
        }
    }
    pthread_mutex_unlock(&writers_lock);
    return w;
}

struct at_store *at_store_open_sqlite(const char *path, enum at_durability durability,
                                      struct at_errinfo *e)
{
    struct sqlite_store *s = NULL;
    bool memory = strcmp(path, ":memory:") == 0;

    if (!memory && check_directory(path, e) != 0)
        return NULL;
    s = at_xcalloc(1, sizeof(*s));
    pthread_once(&ops_once, install_parts);
    s->base.ops = &sqlite_ops;
    s->cur = &s->own;
    if (conn_open(&s->own, path, memory, durability, e) != 0)
        goto fail;
    if (!memory && !(s->w = writer_get(path, durability, e)))
        goto fail;
    return &s->base;
fail:
    close_store(&s->base);
    return NULL;
}

struct at_store *at_store_open(const char *path, enum at_durability durability,
                               struct at_errinfo *e)
{
    struct at_store *st = at_store_open_sqlite(path, durability, e);
    int from = 0, to = 0;
    int ret;

    if (!st)
        return NULL;
    ret = st->ops->migrate(st, &from, &to);
    if (ret == AT_EVERSION) {
        at_errinfo_set(e, ret, "db",
                       "the database %s has schema version %d, newer than this attune knows "
                       "(%d); upgrade attune",
                       path, from, at_store_schema_latest());
    } else if (ret) {
        at_errinfo_set(e, ret, "db", "cannot bring the schema of %s up to date; see the log", path);
    }
    if (ret) {
        st->ops->close(st);
        return NULL;
    }
    return st;
}
