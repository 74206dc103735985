/* The SQLite backend's people and accounts: users, sessions, API tokens, the audit log,
   password resets and failed sign-ins. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "store/sqlite_int.h"
#include "store/store.h"

#include "core/banned.h"

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

WRITE(user_add, (struct at_store * st, const struct at_user *u, int64_t *id), (st, u, id))
WRITE(user_update, (struct at_store * st, const struct at_user *u), (st, u))
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

const struct at_store_people_ops sq_people_ops = {
    .user_add = tx_user_add,
    .user_get = user_get,
    .user_by_email = user_by_email,
    .user_list = user_list,
    .user_update = tx_user_update,
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
