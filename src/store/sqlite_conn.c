/*
 * The SQLite backend's connections: the statement cache, the helpers every
 * area uses to bind, step and read, opening and closing a connection, and the
 * shared writer with group commit (begin, commit, rollback). A leaf: it knows
 * no area of the store.
 */
#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/log.h"
#include "core/mem.h"
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

void sq_close_store(struct at_store *st)
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

/* Says what is wrong with the directory of `path`, or returns 0 when it exists. */
int sq_check_directory(const char *path, struct at_errinfo *e)
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
int sq_conn_open(struct conn *c, const char *path, bool memory, bool read_only,
                 enum at_durability durability, struct at_errinfo *e)
{
    const char *sync =
        durability == AT_DURABLE_FULL ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL";
    /* a read-only connection finds the file in WAL mode already: its writer set it */
    const char *setup[] = {read_only ? "PRAGMA query_only = ON"
                           : memory  ? "PRAGMA journal_mode = MEMORY"
                                     : "PRAGMA journal_mode = WAL",
                           sync, "PRAGMA foreign_keys = ON", "PRAGMA temp_store = MEMORY"};
    int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int rc;

    rc = sqlite3_open_v2(path, &c->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
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
struct writer *sq_writer_get(const char *path, enum at_durability durability, struct at_errinfo *e)
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
        if (sq_conn_open(&w->conn, path, false, false, durability, e) != 0) {
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
