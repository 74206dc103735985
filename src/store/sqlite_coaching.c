/* The SQLite backend: the coach's verdict kept with each reply, and the desk's settings. */
#include <sqlite3.h>
#include <string.h>

#include "store/sqlite_int.h"

#include "core/banned.h"

const struct at_reply_coaching *sq_read_coaching(sqlite3_stmt *stmt, int col,
                                                 struct at_arena *arena)
{
    struct at_reply_coaching *c;

    if (sqlite3_column_type(stmt, col) == SQLITE_NULL)
        return NULL;
    c = at_arena_alloc(arena, sizeof(*c));
    c->message_id = sqlite3_column_int64(stmt, col);
    c->ticket_id = sqlite3_column_int64(stmt, col + 1);
    c->author_user_id = sqlite3_column_int64(stmt, col + 2);
    c->score = sqlite3_column_int(stmt, col + 3);
    c->emotional_reaction = sqlite3_column_int(stmt, col + 4);
    c->interpretation = sqlite3_column_int(stmt, col + 5);
    c->exploration = sqlite3_column_int(stmt, col + 6);
    c->rubric = sq_col_str(stmt, col + 7, arena);
    c->floor = sqlite3_column_int(stmt, col + 8);
    c->confirmed = sqlite3_column_int(stmt, col + 9) != 0;
    c->created_at = sqlite3_column_int64(stmt, col + 10);
    return c;
}

static int reply_coaching_add(struct at_store *st, const struct at_reply_coaching *c)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt =
        sq_prep(s, "INSERT INTO reply_coaching(message_id, ticket_id, author_user_id, score, "
                   "emotional_reaction, interpretation, exploration, rubric, floor, confirmed, "
                   "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");

    if (!stmt)
        return AT_ESTORE;
    sqlite3_bind_int64(stmt, 1, c->message_id);
    sqlite3_bind_int64(stmt, 2, c->ticket_id);
    sq_bind_ref(stmt, 3, c->author_user_id);
    sqlite3_bind_int(stmt, 4, c->score);
    sqlite3_bind_int(stmt, 5, c->emotional_reaction);
    sqlite3_bind_int(stmt, 6, c->interpretation);
    sqlite3_bind_int(stmt, 7, c->exploration);
    sq_bind_text(stmt, 8, c->rubric && c->rubric[0] ? c->rubric : "{}");
    sqlite3_bind_int(stmt, 9, c->floor);
    sqlite3_bind_int(stmt, 10, c->confirmed);
    sqlite3_bind_int64(stmt, 11, c->created_at);
    return sq_exec_done(s, stmt, "reply_coaching_add");
}

static void read_last_message(sqlite3_stmt *stmt, struct at_arena *arena, struct at_message *m)
{
    memset(m, 0, sizeof(*m));
    m->id = sqlite3_column_int64(stmt, 0);
    m->ticket_id = sqlite3_column_int64(stmt, 1);
    m->author_user_id = sqlite3_column_int64(stmt, 2);
    m->author_customer_id = sqlite3_column_int64(stmt, 3);
    m->author_name = sq_col_str(stmt, 4, arena);
    m->visibility = AT_VIS_PUBLIC;
    m->body = sq_col_str(stmt, 5, arena);
    m->analysis = sq_col_str(stmt, 6, arena);
    m->created_at = sqlite3_column_int64(stmt, 7);
}

static int message_last_from_customer(struct at_store *st, int64_t ticket_id,
                                      struct at_arena *arena, struct at_message *out)
{
    struct sqlite_store *s = sq(st);
    /* messages_ticket(ticket_id, id) read backwards: the newest customer message is near the end */
    sqlite3_stmt *stmt =
        sq_prep(s, "SELECT m.id, m.ticket_id, coalesce(m.author_user_id, 0), "
                   "m.author_customer_id, coalesce(c.name, ''), m.body, m.analysis, m.created_at "
                   "FROM messages m LEFT JOIN customers c ON c.id = m.author_customer_id "
                   "WHERE m.ticket_id = ?1 "
                   "AND m.author_customer_id = (SELECT customer_id FROM tickets WHERE id = ?1) "
                   "AND m.visibility = 0 ORDER BY m.id DESC LIMIT 1");

    if (stmt)
        sqlite3_bind_int64(stmt, 1, ticket_id);
    ONE_ROW(s, stmt, "message_last_from_customer", read_last_message(stmt, arena, out));
}

static int setting_get(struct at_store *st, const char *name, struct at_arena *arena,
                       const char **value)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "SELECT value FROM desk_settings WHERE name = ?1");

    if (stmt)
        sq_bind_text(stmt, 1, name);
    ONE_ROW(s, stmt, "setting_get", *value = sq_col_str(stmt, 0, arena));
}

static int setting_set(struct at_store *st, const char *name, const char *value, int64_t updated_by,
                       int64_t at)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(
        s, "INSERT INTO desk_settings(name, value, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4) "
           "ON CONFLICT(name) DO UPDATE SET value = excluded.value, "
           "updated_by = excluded.updated_by, updated_at = excluded.updated_at");

    if (!stmt)
        return AT_ESTORE;
    sq_bind_text(stmt, 1, name);
    sq_bind_text(stmt, 2, value);
    sq_bind_ref(stmt, 3, updated_by);
    sqlite3_bind_int64(stmt, 4, at);
    return sq_exec_done(s, stmt, "setting_set");
}

WRITE(reply_coaching_add, (struct at_store * st, const struct at_reply_coaching *c), (st, c))
WRITE(setting_set,
      (struct at_store * st, const char *name, const char *value, int64_t updated_by, int64_t at),
      (st, name, value, updated_by, at))

const struct at_store_coaching_ops sq_coaching_ops = {
    .reply_coaching_add = tx_reply_coaching_add,
    .message_last_from_customer = message_last_from_customer,
    .setting_get = setting_get,
    .setting_set = tx_setting_set,
};
