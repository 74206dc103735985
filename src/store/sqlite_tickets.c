/* The SQLite backend's tickets: customers, tickets and their search, messages, events
   and macros. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/mem.h"
#include "core/str.h"
#include "store/sqlite_int.h"
#include "store/store.h"

#include "core/banned.h"

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

/*
 * Runs `moves` (statements with ?1 the record that goes and ?2 the one it goes
 * into, when they name it) once `both` (counting ?1 and ?2) finds both; *first
 * the rows the first statement changed. AT_ENOTFOUND when either is missing.
 */
static int run_moves(struct sqlite_store *s, const char *both, int64_t from, int64_t into,
                     const char *const *moves, size_t n, const char *what, int64_t *first)
{
    sqlite3_stmt *stmt;
    int ret;

    if (first)
        *first = 0;
    if (from == into)
        return AT_EINVAL;
    stmt = sq_prep(s, both);
    if (!stmt)
        return AT_ESTORE;
    sqlite3_bind_int64(stmt, 1, from);
    sqlite3_bind_int64(stmt, 2, into);
    if (sqlite3_step(stmt) != SQLITE_ROW) {
        sqlite3_reset(stmt);
        return AT_ESTORE;
    }
    ret = sqlite3_column_int(stmt, 0) == 2 ? 0 : AT_ENOTFOUND;
    sqlite3_reset(stmt);
    for (size_t i = 0; ret == 0 && i < n; i++) {
        stmt = sq_prep(s, moves[i]);
        if (!stmt)
            return AT_ESTORE;
        sqlite3_bind_int64(stmt, 1, from);
        if (strstr(moves[i], "?2"))
            sqlite3_bind_int64(stmt, 2, into);
        ret = sq_exec_done(s, stmt, what);
        if (ret == 0 && i == 0 && first)
            *first = sqlite3_changes(s->cur->db);
    }
    return ret;
}

static int customer_merge(struct at_store *st, int64_t from, int64_t into, int64_t *moved)
{
    static const char *const moves[] = {
        "UPDATE tickets SET customer_id = ?2 WHERE customer_id = ?1",
        "UPDATE messages SET author_customer_id = ?2 WHERE author_customer_id = ?1",
        "UPDATE surveys SET customer_id = ?2 WHERE customer_id = ?1",
        "UPDATE users SET customer_id = ?2 WHERE customer_id = ?1",
        "DELETE FROM customers WHERE id = ?1",
    };
    return run_moves(sq(st), "SELECT count(*) FROM customers WHERE id IN (?1, ?2)", from, into,
                     moves, sizeof(moves) / sizeof(moves[0]), "customer_merge", moved);
}

static int ticket_merge(struct at_store *st, int64_t from, int64_t into)
{
    static const char *const moves[] = {
        "UPDATE messages SET ticket_id = ?2 WHERE ticket_id = ?1",
        "UPDATE mail_attachments SET ticket_id = ?2 WHERE ticket_id = ?1",
        "UPDATE mail_inbound SET ticket_id = ?2 WHERE ticket_id = ?1",
        "UPDATE uploads SET ticket_id = ?2 WHERE ticket_id = ?1",
        ("UPDATE ticket_search SET public_text = public_text || ' ' || "
         "(SELECT public_text FROM ticket_search WHERE rowid = ?1), internal_text = "
         "internal_text || ' ' || (SELECT internal_text FROM ticket_search WHERE rowid = ?1) "
         "WHERE rowid = ?2"),
        "UPDATE ticket_search SET public_text = '', internal_text = '' WHERE rowid = ?1",
        ("UPDATE tickets SET message_count = message_count + "
         "(SELECT message_count FROM tickets WHERE id = ?1) WHERE id = ?2"),
        "UPDATE tickets SET merged_into = ?2, message_count = 0 WHERE id = ?1",
    };
    return run_moves(sq(st), "SELECT count(*) FROM tickets WHERE id IN (?1, ?2)", from, into, moves,
                     sizeof(moves) / sizeof(moves[0]), "ticket_merge", NULL);
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
    "t.message_count, t.mood, " SQ_TICKET_SLA_COLS ", coalesce(t.merged_into, 0)"
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
    t->merged_into = sqlite3_column_int64(stmt, 20 + SQ_TICKET_SLA_NCOLS);
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
    t->rank = -sqlite3_column_double(stmt, 21 + SQ_TICKET_SLA_NCOLS);
    t->snippet = sq_col_str(stmt, 22 + SQ_TICKET_SLA_NCOLS, arena);
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
    m->actions = sq_col_str(stmt, 6, arena);
}

#define MACRO_COLS "id, title, body, coalesce(created_by, 0), created_at, updated_at, actions"

static int macro_add(struct at_store *st, const struct at_macro *m, int64_t *id)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "INSERT INTO macros(title, body, created_by, created_at, "
                                    "updated_at, actions) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    int ret;

    if (!stmt)
        return AT_ESTORE;
    sq_bind_text(stmt, 1, m->title);
    sq_bind_text(stmt, 2, m->body);
    sq_bind_ref(stmt, 3, m->created_by);
    sqlite3_bind_int64(stmt, 4, m->created_at);
    sqlite3_bind_int64(stmt, 5, m->updated_at);
    sq_bind_text(stmt, 6, m->actions ? m->actions : "");
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
        sq_prep(s, "UPDATE macros SET title = ?2, body = ?3, updated_at = ?4, actions = ?5 "
                   "WHERE id = ?1");

    if (stmt) {
        sqlite3_bind_int64(stmt, 1, m->id);
        sq_bind_text(stmt, 2, m->title);
        sq_bind_text(stmt, 3, m->body);
        sqlite3_bind_int64(stmt, 4, m->updated_at);
        sq_bind_text(stmt, 5, m->actions ? m->actions : "");
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

WRITE(customer_add, (struct at_store * st, const struct at_customer *c, int64_t *id), (st, c, id))
WRITE(customer_update, (struct at_store * st, const struct at_customer *c), (st, c))
WRITE(ticket_merge, (struct at_store * st, int64_t from, int64_t into), (st, from, into))
WRITE(customer_merge, (struct at_store * st, int64_t from, int64_t into, int64_t *moved),
      (st, from, into, moved))
WRITE(ticket_add, (struct at_store * st, struct at_ticket *t), (st, t))
WRITE(ticket_update, (struct at_store * st, const struct at_ticket *t), (st, t))
WRITE(message_add, (struct at_store * st, struct at_message *m), (st, m))
WRITE(event_add, (struct at_store * st, const struct at_event *e), (st, e))
WRITE(macro_add, (struct at_store * st, const struct at_macro *m, int64_t *id), (st, m, id))
WRITE(macro_update, (struct at_store * st, const struct at_macro *m), (st, m))
WRITE(macro_delete, (struct at_store * st, int64_t id), (st, id))

const struct at_store_ticket_ops sq_tickets_ops = {
    .customer_add = tx_customer_add,
    .customer_get = customer_get,
    .customer_by_email = customer_by_email,
    .customer_update = tx_customer_update,
    .customer_merge = tx_customer_merge,
    .ticket_merge = tx_ticket_merge,
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
};
