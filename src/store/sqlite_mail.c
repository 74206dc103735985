/* The SQLite backend: inbound mail by Message-ID, attachments, and the quarantine. */
#include <sqlite3.h>
#include <string.h>

#include "store/sqlite_int.h"

#include "core/banned.h"

static const void *col_blob(sqlite3_stmt *stmt, int i, struct at_arena *arena, size_t *len)
{
    const void *p = sqlite3_column_blob(stmt, i);
    size_t n = (size_t)sqlite3_column_bytes(stmt, i);
    void *copy = at_arena_alloc(arena, n + 1);

    if (p && n)
        memcpy(copy, p, n);
    *len = n;
    return copy;
}

static int mail_inbound_add(struct at_store *st, const struct at_mail_inbound *m, int64_t *id)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "INSERT INTO mail_inbound(message_id, outcome, ticket_id, "
                                    "message_ref, quarantine_id, created_at) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    int ret;

    if (!stmt)
        return AT_ESTORE;
    sq_bind_text(stmt, 1, m->message_id);
    sq_bind_text(stmt, 2, m->outcome);
    sq_bind_ref(stmt, 3, m->ticket_id);
    sq_bind_ref(stmt, 4, m->message_ref);
    sq_bind_ref(stmt, 5, m->quarantine_id);
    sqlite3_bind_int64(stmt, 6, m->created_at);
    ret = sq_exec_done(s, stmt, "mail_inbound_add");
    if (ret == 0 && id)
        *id = sqlite3_last_insert_rowid(s->cur->db);
    return ret;
}

static int mail_inbound_get(struct at_store *st, const char *message_id, struct at_arena *arena,
                            struct at_mail_inbound *out)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt =
        sq_prep(s, "SELECT id, message_id, outcome, coalesce(ticket_id, 0), "
                   "coalesce(message_ref, 0), coalesce(quarantine_id, 0), created_at "
                   "FROM mail_inbound WHERE message_id = ?1");

    if (stmt)
        sq_bind_text(stmt, 1, message_id);
    ONE_ROW(s, stmt, "mail_inbound_get", {
        out->id = sqlite3_column_int64(stmt, 0);
        out->message_id = sq_col_str(stmt, 1, arena);
        out->outcome = sq_col_str(stmt, 2, arena);
        out->ticket_id = sqlite3_column_int64(stmt, 3);
        out->message_ref = sqlite3_column_int64(stmt, 4);
        out->quarantine_id = sqlite3_column_int64(stmt, 5);
        out->created_at = sqlite3_column_int64(stmt, 6);
    });
}

/* A file's columns: ?1 its ticket, ?2 `second` (its message, or its uploader), ?3 to ?8 the rest.
 */
static void bind_file(sqlite3_stmt *stmt, const struct at_attachment *a, int64_t second)
{
    sqlite3_bind_int64(stmt, 1, a->ticket_id);
    sqlite3_bind_int64(stmt, 2, second);
    sq_bind_text(stmt, 3, a->filename);
    sq_bind_text(stmt, 4, a->content_type);
    sqlite3_bind_int64(stmt, 5, a->size);
    sq_bind_text(stmt, 6, a->sha256);
    sqlite3_bind_blob64(stmt, 7, a->size ? a->data : "", (sqlite3_uint64)a->size, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 8, a->created_at);
}

static int attachment_add(struct at_store *st, const struct at_attachment *a, int64_t *id)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "INSERT INTO mail_attachments(ticket_id, message_id, "
                                    "filename, content_type, size, sha256, data, created_at) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    int ret;

    if (!stmt)
        return AT_ESTORE;
    bind_file(stmt, a, a->message_id);
    ret = sq_exec_done(s, stmt, "attachment_add");
    if (ret == 0 && id)
        *id = sqlite3_last_insert_rowid(s->cur->db);
    return ret;
}

static int upload_add(struct at_store *st, const struct at_attachment *a, int64_t user_id,
                      int64_t *id)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "INSERT INTO uploads(ticket_id, user_id, filename, "
                                    "content_type, size, sha256, data, created_at) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    int ret;

    if (!stmt)
        return AT_ESTORE;
    bind_file(stmt, a, user_id);
    ret = sq_exec_done(s, stmt, "upload_add");
    if (ret == 0 && id)
        *id = sqlite3_last_insert_rowid(s->cur->db);
    return ret;
}

static int upload_attach(struct at_store *st, int64_t id, int64_t user_id, int64_t ticket_id,
                         int64_t message_id, int64_t *attachment_id)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(
        s, "INSERT INTO mail_attachments(ticket_id, message_id, filename, content_type, size, "
           "sha256, data, created_at) SELECT ticket_id, ?4, filename, content_type, size, sha256, "
           "data, created_at FROM uploads WHERE id = ?1 AND user_id = ?2 AND ticket_id = ?3");
    int ret;

    if (!stmt)
        return AT_ESTORE;
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_int64(stmt, 2, user_id);
    sqlite3_bind_int64(stmt, 3, ticket_id);
    sqlite3_bind_int64(stmt, 4, message_id);
    ret = sq_exec_done(s, stmt, "upload_attach");
    if (ret)
        return ret;
    if (sqlite3_changes(s->cur->db) == 0)
        return AT_ENOTFOUND;
    *attachment_id = sqlite3_last_insert_rowid(s->cur->db);
    stmt = sq_prep(s, "DELETE FROM uploads WHERE id = ?1");
    if (!stmt)
        return AT_ESTORE;
    sqlite3_bind_int64(stmt, 1, id);
    return sq_exec_done(s, stmt, "upload_attach");
}

static int upload_purge(struct at_store *st, int64_t before, int64_t *n)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "DELETE FROM uploads WHERE created_at < ?1");
    int ret;

    if (!stmt)
        return AT_ESTORE;
    sqlite3_bind_int64(stmt, 1, before);
    ret = sq_exec_done(s, stmt, "upload_purge");
    if (ret == 0 && n)
        *n = sqlite3_changes(s->cur->db);
    return ret;
}

#define ATTACHMENT_COLS                                                                            \
    "id, ticket_id, message_id, filename, content_type, size, sha256, created_at"

static void read_attachment(sqlite3_stmt *stmt, struct at_arena *arena, void *out)
{
    struct at_attachment *a = out;

    a->id = sqlite3_column_int64(stmt, 0);
    a->ticket_id = sqlite3_column_int64(stmt, 1);
    a->message_id = sqlite3_column_int64(stmt, 2);
    a->filename = sq_col_str(stmt, 3, arena);
    a->content_type = sq_col_str(stmt, 4, arena);
    a->size = sqlite3_column_int64(stmt, 5);
    a->sha256 = sq_col_str(stmt, 6, arena);
    a->created_at = sqlite3_column_int64(stmt, 7);
    a->data = NULL;
}

static int attachment_list(struct at_store *st, int64_t ticket_id, struct at_arena *arena,
                           struct at_attachment **out, size_t *n)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "SELECT " ATTACHMENT_COLS " FROM mail_attachments "
                                    "WHERE ticket_id = ?1 ORDER BY id");
    void *items;
    int ret;

    if (stmt)
        sqlite3_bind_int64(stmt, 1, ticket_id);
    ret = sq_collect(s, stmt, "attachment_list", arena, read_attachment, sizeof(**out), &items, n);
    *out = items;
    return ret;
}

static int attachment_get(struct at_store *st, int64_t id, struct at_arena *arena,
                          struct at_attachment *out)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt =
        sq_prep(s, "SELECT " ATTACHMENT_COLS ", data FROM mail_attachments WHERE id = ?1");
    size_t len;

    if (stmt)
        sqlite3_bind_int64(stmt, 1, id);
    ONE_ROW(s, stmt, "attachment_get", {
        read_attachment(stmt, arena, out);
        out->data = col_blob(stmt, 8, arena, &len);
        out->size = (int64_t)len;
    });
}

static int quarantine_add(struct at_store *st, const struct at_quarantine *q, int64_t *id)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "INSERT INTO mail_quarantine(reason, from_addr, subject, "
                                    "message_id, size, raw, created_at) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    int ret;

    if (!stmt)
        return AT_ESTORE;
    sq_bind_text(stmt, 1, q->reason);
    sq_bind_text(stmt, 2, q->from_addr ? q->from_addr : "");
    sq_bind_text(stmt, 3, q->subject ? q->subject : "");
    sq_bind_text(stmt, 4, q->message_id ? q->message_id : "");
    sqlite3_bind_int64(stmt, 5, q->size);
    sqlite3_bind_blob64(stmt, 6, q->raw_len ? q->raw : "", (sqlite3_uint64)q->raw_len,
                        SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 7, q->created_at);
    ret = sq_exec_done(s, stmt, "quarantine_add");
    if (ret == 0 && id)
        *id = sqlite3_last_insert_rowid(s->cur->db);
    return ret;
}

#define QUARANTINE_COLS "id, reason, from_addr, subject, message_id, size, length(raw), created_at"

static void read_quarantine(sqlite3_stmt *stmt, struct at_arena *arena, void *out)
{
    struct at_quarantine *q = out;

    q->id = sqlite3_column_int64(stmt, 0);
    q->reason = sq_col_str(stmt, 1, arena);
    q->from_addr = sq_col_str(stmt, 2, arena);
    q->subject = sq_col_str(stmt, 3, arena);
    q->message_id = sq_col_str(stmt, 4, arena);
    q->size = sqlite3_column_int64(stmt, 5);
    q->raw_len = (size_t)sqlite3_column_int64(stmt, 6);
    q->created_at = sqlite3_column_int64(stmt, 7);
    q->raw = NULL;
}

static int quarantine_list(struct at_store *st, int64_t before_id, size_t limit,
                           struct at_arena *arena, struct at_quarantine **out, size_t *n)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt = sq_prep(s, "SELECT " QUARANTINE_COLS " FROM mail_quarantine "
                                    "WHERE ?1 = 0 OR id < ?1 ORDER BY id DESC LIMIT ?2");
    void *items;
    int ret;

    if (stmt) {
        sqlite3_bind_int64(stmt, 1, before_id);
        sqlite3_bind_int64(stmt, 2, (int64_t)limit);
    }
    ret = sq_collect(s, stmt, "quarantine_list", arena, read_quarantine, sizeof(**out), &items, n);
    *out = items;
    return ret;
}

static int quarantine_get(struct at_store *st, int64_t id, struct at_arena *arena,
                          struct at_quarantine *out)
{
    struct sqlite_store *s = sq(st);
    sqlite3_stmt *stmt =
        sq_prep(s, "SELECT " QUARANTINE_COLS ", raw FROM mail_quarantine WHERE id = ?1");

    if (stmt)
        sqlite3_bind_int64(stmt, 1, id);
    ONE_ROW(s, stmt, "quarantine_get", {
        read_quarantine(stmt, arena, out);
        out->raw = col_blob(stmt, 8, arena, &out->raw_len);
    });
}

WRITE(mail_inbound_add, (struct at_store * st, const struct at_mail_inbound *m, int64_t *id),
      (st, m, id))
WRITE(upload_add,
      (struct at_store * st, const struct at_attachment *a, int64_t user_id, int64_t *id),
      (st, a, user_id, id))
WRITE(upload_attach,
      (struct at_store * st, int64_t id, int64_t user_id, int64_t ticket_id, int64_t message_id,
       int64_t *attachment_id),
      (st, id, user_id, ticket_id, message_id, attachment_id))
WRITE(upload_purge, (struct at_store * st, int64_t before, int64_t *n), (st, before, n))
WRITE(attachment_add, (struct at_store * st, const struct at_attachment *a, int64_t *id),
      (st, a, id))
WRITE(quarantine_add, (struct at_store * st, const struct at_quarantine *q, int64_t *id),
      (st, q, id))

const struct at_store_mail_ops sq_mail_ops = {
    .mail_inbound_add = tx_mail_inbound_add,
    .mail_inbound_get = mail_inbound_get,
    .attachment_add = tx_attachment_add,
    .upload_add = tx_upload_add,
    .upload_attach = tx_upload_attach,
    .upload_purge = tx_upload_purge,
    .attachment_list = attachment_list,
    .attachment_get = attachment_get,
    .quarantine_add = tx_quarantine_add,
    .quarantine_list = quarantine_list,
    .quarantine_get = quarantine_get,
};
