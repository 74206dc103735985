#ifndef AT_DESK_UPLOAD_H
#define AT_DESK_UPLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "desk/desk.h"

/*
 * Files people send with a message, from the composer or the portal. A file
 * is uploaded first (kept for its uploader and ticket) and goes with the
 * message that names it; one never sent is deleted after a day. Caps and
 * types come from the settings upload_max_kib and upload_types; the type is
 * read from the file's first bytes where they say it (images, PDF), not
 * taken on trust from the browser.
 */

#define AT_UPLOADS_PER_MESSAGE 10

/* What an upload is, as the uploader sees it. */
struct at_upload {
    int64_t id;
    const char *filename;
    const char *content_type;
    int64_t size;
};

/*
 * Keeps `len` bytes of `data` as file `filename` for a message on ticket
 * `ticket_id` (that `who` may see and that is not closed). `type` is what the
 * browser said. AT_EINVAL (field "file" or "filename") for an empty file, a
 * missing name or a type not allowed; AT_ETOOBIG past upload_max_kib.
 */
int at_desk_upload(struct at_desk *d, const struct at_actor *who, int64_t ticket_id,
                   const char *filename, const char *type, const void *data, size_t len,
                   struct at_arena *arena, struct at_upload *out, struct at_errinfo *e);

/*
 * Sends a message as at_desk_reply_send does, with uploads `ids` (at most
 * AT_UPLOADS_PER_MESSAGE, each `who`'s, on this ticket) as its files, all in
 * one transaction: an upload that is not there (sent already, another's)
 * fails it all with AT_ENOTFOUND (field "attachments").
 */
int at_desk_reply_with_files(struct at_desk *d, const struct at_actor *who, int64_t ticket_id,
                             const char *body, enum at_visibility visibility,
                             const enum at_status *set_status, bool confirmed, const int64_t *ids,
                             size_t n, struct at_arena *arena, struct at_message *out,
                             struct at_reply_verdict *verdict, struct at_errinfo *e);

/* Deletes uploads never sent, older than a day (the job runner calls it). */
int at_desk_uploads_purge(struct at_desk *d, int64_t *n);

/* True when the bytes are an image a browser may show inline (PNG, JPEG, GIF, WebP). */
bool at_desk_inline_image(const void *data, size_t len, const char **type);

#endif
