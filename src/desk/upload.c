/* Files sent with a message from the composer or the portal (see upload.h). */
#include "desk/upload.h"
#include "desk/desk_int.h"

#include <string.h>

#include "core/crypto.h"
#include "core/str.h"

#include "core/banned.h"

#define DAY_MS (24LL * 3600 * 1000)

static bool starts(const void *data, size_t len, const char *magic, size_t n)
{
    return len >= n && memcmp(data, magic, n) == 0;
}

bool at_desk_inline_image(const void *data, size_t len, const char **type)
{
    const char *t = NULL;

    if (starts(data, len, "\x89PNG\r\n\x1a\n", 8))
        t = "image/png";
    else if (starts(data, len, "\xff\xd8\xff", 3))
        t = "image/jpeg";
    else if (starts(data, len, "GIF87a", 6) || starts(data, len, "GIF89a", 6))
        t = "image/gif";
    else if (len >= 12 && starts(data, len, "RIFF", 4) &&
             memcmp((const char *)data + 8, "WEBP", 4) == 0)
        t = "image/webp";
    if (type)
        *type = t;
    return t != NULL;
}

/* The type the bytes say, or NULL when they say nothing known. */
static const char *sniffed(const void *data, size_t len)
{
    const char *t;

    if (at_desk_inline_image(data, len, &t))
        return t;
    if (starts(data, len, "%PDF-", 5))
        return "application/pdf";
    return NULL;
}

/* `type` (lower case, without parameters) matches one of the comma-separated `allowed`:
   a type, or a prefix ending in '*' ("application/pdf", "image/" and a star). */
static bool allowed(const char *allowed_list, const char *type)
{
    struct at_str rest = at_str_from(allowed_list);

    while (rest.p) {
        struct at_str one;

        rest = at_str_cut(rest, ',', &one);
        one = at_str_trim(one);
        if (one.n >= 2 && one.p[one.n - 1] == '*' && strncmp(type, one.p, one.n - 1) == 0)
            return true;
        if (one.n && strlen(type) == one.n && strncmp(type, one.p, one.n) == 0)
            return true;
    }
    return false;
}

int at_desk_upload(struct at_desk *d, const struct at_actor *who, int64_t ticket_id,
                   const char *filename, const char *type, const void *data, size_t len,
                   struct at_arena *arena, struct at_upload *out, struct at_errinfo *e)
{
    struct at_attachment a = {0};
    struct at_ticket t;
    char hash[65], *name, *clean_type;
    const char *base, *said;
    int ret;

    ret = at_desk_ticket_get(d, who, ticket_id, arena, &t, e);
    if (ret)
        return ret;
    if (t.status == AT_STATUS_CLOSED)
        return at_errinfo_set(e, AT_ESTATE, "id",
                              "ticket #%lld is closed; open a new one to send files",
                              (long long)t.number);
    if (len == 0)
        return at_errinfo_set(e, AT_EINVAL, "file",
                              "the file is empty: send its bytes as the body");
    if (len > d->upload_max)
        return at_errinfo_set(e, AT_ETOOBIG, "file", "files may have at most %zu KiB; this has %zu",
                              d->upload_max / 1024, (len + 1023) / 1024);
    /* only the last part of a path, as some browsers send it */
    base = filename ? filename : "";
    for (const char *p = base; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    name = at_arena_strs(arena, at_str_trim(at_str_from(base)));
    if (!name[0] || strlen(name) > 200 || !at_utf8_valid(name, strlen(name)))
        return at_errinfo_set(e, AT_EINVAL, "filename",
                              "the file needs a name of 1 to 200 bytes of text");
    for (char *p = name; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '_';
    clean_type = at_arena_strs(arena, at_str_trim(at_str_from(type && type[0] ? type
                                                                              : "application/"
                                                                                "octet-stream")));
    clean_type[strcspn(clean_type, "; ")] = '\0';
    for (char *p = clean_type; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    if ((said = sniffed(data, len)))
        clean_type = at_arena_strdup(arena, said);
    else if (strncmp(clean_type, "image/", 6) == 0 || strcmp(clean_type, "application/pdf") == 0)
        return at_errinfo_set(e, AT_EINVAL, "file",
                              "%s says it is %s, but its bytes are not; send the file itself", name,
                              clean_type);
    if (!allowed(d->upload_types, clean_type))
        return at_errinfo_set(e, AT_EINVAL, "file", "%s files cannot be sent here; these can: %s",
                              clean_type, d->upload_types);
    at_sha256_hex(data, len, hash);
    a.ticket_id = t.id;
    a.filename = name;
    a.content_type = clean_type;
    a.size = (int64_t)len;
    a.sha256 = hash;
    a.data = data;
    a.created_at = desk_now(d);
    ret = d->store->mail->upload_add(d->store, &a, who->user_id, &out->id);
    if (ret)
        return desk_store_err(e, ret, "keeping the file");
    out->filename = name;
    out->content_type = clean_type;
    out->size = (int64_t)len;
    return 0;
}

int at_desk_reply_with_files(struct at_desk *d, const struct at_actor *who, int64_t ticket_id,
                             const char *body, enum at_visibility visibility,
                             const enum at_status *set_status, bool confirmed, const int64_t *ids,
                             size_t n, struct at_arena *arena, struct at_message *out,
                             struct at_reply_verdict *verdict, struct at_errinfo *e)
{
    int ret;

    if (n > AT_UPLOADS_PER_MESSAGE)
        return at_errinfo_set(e, AT_EINVAL, "attachments", "at most %d files per message",
                              AT_UPLOADS_PER_MESSAGE);
    if (n == 0)
        return at_desk_reply_send(d, who, ticket_id, body, visibility, set_status, confirmed, arena,
                                  out, verdict, e);
    ret = at_desk_begin(d);
    if (ret)
        return desk_store_err(e, ret, NULL);
    ret = at_desk_reply_send(d, who, ticket_id, body, visibility, set_status, confirmed, arena, out,
                             verdict, e);
    for (size_t i = 0; ret == 0 && i < n; i++) {
        int64_t attachment;

        ret = d->store->mail->upload_attach(d->store, ids[i], who->user_id, ticket_id, out->id,
                                            &attachment);
        if (ret == AT_ENOTFOUND)
            at_errinfo_set(e, ret, "attachments",
                           "file %lld is not waiting to be sent here (sent already, or not yours)",
                           (long long)ids[i]);
        else if (ret)
            desk_store_err(e, ret, "attaching the files");
    }
    if (ret) {
        at_desk_rollback(d);
        return ret;
    }
    ret = at_desk_commit(d);
    return ret ? desk_store_err(e, ret, NULL) : 0;
}

int at_desk_uploads_purge(struct at_desk *d, int64_t *n)
{
    return d->store->mail->upload_purge(d->store, desk_now(d) - DAY_MS, n);
}
