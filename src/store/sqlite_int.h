/*
 * The inside of the SQLite backend, shared by its parts: sqlite.c (connections,
 * group commit, migrations, the core records) and one sqlite_<area>.c file per
 * further area of the store. Each part keeps its SQL and exports its area's
 * constant table (sq_<area>_ops), which sqlite.c puts in every handle it
 * opens. Nothing outside src/store includes this.
 */
#ifndef AT_STORE_SQLITE_INT_H
#define AT_STORE_SQLITE_INT_H

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "store/store.h"

#define CACHE_SLOTS 256

struct cached_stmt {
    char *sql;
    sqlite3_stmt *stmt;
};

#define DYNAMIC_SLOTS 64

/*
 * A connection with its own prepared statements: the fixed ones of the store
 * (a few dozen, kept for good) and the ones lists build from the shape of a
 * filter (many shapes are possible, so the least recently used goes first).
 */
struct conn {
    sqlite3 *db;
    struct cached_stmt cache[CACHE_SLOTS];
    struct cached_stmt dynamic[DYNAMIC_SLOTS];
    uint64_t used[DYNAMIC_SLOTS];
    uint64_t clock;
};

#define RESULT_RING 64
#define BATCH_MAX   64

/*
 * Group commit. All handles of one database file in this process write
 * through one shared connection, one transaction at a time (a mutex instead
 * of SQLite's sleeping busy handler). Each transaction is a savepoint inside a
 * batch; when a transaction ends while others wait to write, it leaves the
 * batch open for them and waits; the last one commits the whole batch with
 * one fsync and wakes the others. Nobody's commit returns before the batch
 * holding it is on disk.
 */
struct writer {
    char *path;
    int refs;
    pthread_mutex_t lock;
    pthread_cond_t done;
    struct conn conn;
    bool open;          /* a batch is open on conn */
    size_t count;       /* transactions in the open batch */
    uint64_t batch;     /* number of the open (or next) batch */
    uint64_t committed; /* number of the last batch finished */
    int result[RESULT_RING];
    atomic_int waiting; /* threads waiting to begin */
    struct writer *next;
};

struct sqlite_store {
    struct at_store base;
    struct conn own;
    struct conn *cur; /* own, or the writer's during a transaction */
    struct writer *w; /* NULL for :memory: databases */
    bool savepoint;   /* the open transaction is a savepoint inside someone's batch */
};

static inline struct sqlite_store *sq(struct at_store *st)
{
    return (struct sqlite_store *)st;
}

/*
 * The prepared statement for `sql`, made on first use and reset for reuse;
 * NULL (logged) when SQLite refuses it. sq_prep_dynamic is for SQL built from
 * the shape of a filter: a bounded cache of its own, least recently used out.
 */
sqlite3_stmt *sq_prep(struct sqlite_store *s, const char *sql);
sqlite3_stmt *sq_prep_dynamic(struct sqlite_store *s, const char *sql);

/* Maps a failed step's result code to an at_err and logs the unexpected ones. */
int sq_fail(struct sqlite_store *s, int rc, const char *what);
/* Runs a statement that returns no rows (NULL: preparing failed). */
int sq_exec_done(struct sqlite_store *s, sqlite3_stmt *stmt, const char *what);
int sq_exec_sql(struct sqlite_store *s, const char *sql, const char *what);
/* AT_ENOTFOUND when a successful write changed no row. */
int sq_changed_or_missing(struct sqlite_store *s, int ret);

void sq_bind_text(sqlite3_stmt *stmt, int i, const char *v);
/* Binds an id, or NULL for 0 (for optional foreign keys). */
void sq_bind_ref(sqlite3_stmt *stmt, int i, int64_t id);
const char *sq_col_str(sqlite3_stmt *stmt, int i, struct at_arena *arena);

/* Grows an arena array of records: doubles `cap` and copies what was there. */
void *sq_grow(struct at_arena *arena, void *items, size_t n, size_t *cap, size_t size);

/* Reads the current row of `stmt` into the record at `out`, in `arena`. */
typedef void sq_row_reader(sqlite3_stmt *stmt, struct at_arena *arena, void *out);

/*
 * Steps `stmt` (bound by the caller, or NULL when preparing failed) to the
 * end, reading every row with `read` into an arena array of records of `size`
 * bytes. Returns 0 or the error of the step; resets the statement.
 */
int sq_collect(struct sqlite_store *s, sqlite3_stmt *stmt, const char *what, struct at_arena *arena,
               sq_row_reader *read, size_t size, void **items, size_t *n);

/* Steps a statement that returns at most one row into `read`; AT_ENOTFOUND when none. */
#define ONE_ROW(s, stmt, what, read_call)                                                          \
    do {                                                                                           \
        int rc_;                                                                                   \
        if (!(stmt))                                                                               \
            return AT_ESTORE;                                                                      \
        rc_ = sqlite3_step(stmt);                                                                  \
        if (rc_ == SQLITE_ROW) {                                                                   \
            read_call;                                                                             \
            sqlite3_reset(stmt);                                                                   \
            return 0;                                                                              \
        }                                                                                          \
        rc_ = rc_ == SQLITE_DONE ? AT_ENOTFOUND : sq_fail(s, rc_, what);                           \
        sqlite3_reset(stmt);                                                                       \
        return rc_;                                                                                \
    } while (0)

/* Transactions (the store's begin, commit and rollback). */
int sq_begin(struct at_store *st);
int sq_commit(struct at_store *st);
int sq_rollback(struct at_store *st);

/*
 * Every write goes through the shared writer: a write made outside a
 * transaction becomes a transaction of its own (joining the current batch),
 * instead of waiting on SQLite's busy handler beside the writer. WRITE(op,
 * params, args) defines tx_op, the wrapped op to put in the table.
 */
bool sq_needs_own_tx(struct at_store *st);

/* Opening and closing (sqlite_conn.c). */
int sq_check_directory(const char *path, struct at_errinfo *e);
/*
 * Opens one connection. `read_only`: a handle's own connection on a file,
 * which only reads (every write goes through the writer's connection, so one
 * that does not fails loudly with "attempt to write a readonly database").
 */
int sq_conn_open(struct conn *c, const char *path, bool memory, bool read_only,
                 enum at_durability durability, struct at_errinfo *e);
struct writer *sq_writer_get(const char *path, enum at_durability durability, struct at_errinfo *e);
void sq_close_store(struct at_store *st);
int sq_end_own_tx(struct at_store *st, int ret);

#define WRITE(name, params, args)                                                                  \
    static int tx_##name params                                                                    \
    {                                                                                              \
        int ret;                                                                                   \
        if (!sq_needs_own_tx(st))                                                                  \
            return name args;                                                                      \
        ret = sq_begin(st);                                                                        \
        return ret ? ret : sq_end_own_tx(st, name args);                                           \
    }

/* The parts: each fills its entries of the operations table. */
/* The areas of the backend, one constant table each (store.h). */
extern const struct at_store_core_ops sq_core_ops;
extern const struct at_store_people_ops sq_people_ops;
extern const struct at_store_ticket_ops sq_tickets_ops;
extern const struct at_store_job_ops sq_jobs_ops;
extern const struct at_store_mail_ops sq_mail_ops;
extern const struct at_store_survey_ops sq_surveys_ops;
extern const struct at_store_sla_ops sq_sla_ops;
extern const struct at_store_coaching_ops sq_coaching_ops;

/*
 * The SLA and triage columns of a ticket (sqlite_sla.c), read after the core
 * columns of sqlite.c by sq_read_ticket_sla from column `col` on.
 */
#define SQ_TICKET_SLA_COLS                                                                         \
    "coalesce(t.sla_policy_id, 0), t.sla_policy_name, t.sla_calendar_id, "                         \
    "t.sla_fr_start, t.sla_fr_target, t.sla_fr_paused, t.sla_fr_due, t.sla_fr_warn, "              \
    "t.sla_fr_met, t.sla_fr_warned, t.sla_fr_breach, t.sla_nr_start, "                             \
    "t.sla_nr_target, t.sla_nr_paused, t.sla_nr_due, t.sla_nr_warn, t.sla_nr_met, "                \
    "t.sla_nr_warned, t.sla_nr_breach, t.sla_res_start, t.sla_res_target, "                        \
    "t.sla_res_paused, t.sla_res_due, t.sla_res_warn, t.sla_res_met, "                             \
    "t.sla_res_warned, t.sla_res_breach, t.sla_paused_at, t.sla_next_due, "                        \
    "t.sla_next_warn, t.sla_breached, t.triage_score, t.triage_parts, t.priority_manual, "         \
    "t.triage_at"
#define SQ_TICKET_SLA_NCOLS 35
void sq_read_ticket_sla(sqlite3_stmt *stmt, int col, struct at_arena *arena,
                        struct at_ticket_sla *out);

/*
 * The coach's verdict on a message (sqlite_coaching.c), from a LEFT JOIN of
 * reply_coaching as `rc`, read by sq_read_coaching from column `col` on: the
 * verdict in `arena`, or NULL when the message has none.
 */
#define SQ_COACHING_COLS                                                                           \
    "rc.message_id, rc.ticket_id, coalesce(rc.author_user_id, 0), rc.score, "                      \
    "rc.emotional_reaction, rc.interpretation, rc.exploration, rc.rubric, rc.floor, "              \
    "rc.confirmed, rc.created_at"
const struct at_reply_coaching *sq_read_coaching(sqlite3_stmt *stmt, int col,
                                                 struct at_arena *arena);

#endif
