#ifndef AT_MAIL_H
#define AT_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/err.h"
#include "desk/desk.h"
#include "desk/inbound.h"
#include "desk/outbound.h"

/*
 * The mail layer: outbound mail over SMTP (libcurl) and inbound MIME (GMime).
 * The desk decides what is sent and where inbound mail lands; this layer
 * speaks the protocols and formats. GMime's headers stay inside src/mail.
 */

/*
 * Splits a mail_from setting, "Name <addr@domain>" or "addr@domain", into its
 * parts (in `arena`). Returns 0, or AT_EINVAL with `e` naming mail_from.
 */
int at_mail_from_parse(const char *mail_from, struct at_arena *arena, const char **name,
                       const char **addr, const char **domain, struct at_errinfo *e);

/*
 * Builds the SMTP mailer from the settings smtp_host, smtp_port,
 * smtp_starttls, smtp_user, smtp_password or smtp_password_file and mail_from.
 * Returns NULL with e->code 0 when smtp_host is empty (mail is off), NULL with
 * `e` saying what to fix when a setting is wrong (no mail_from, an unreadable
 * password file), or the mailer, which the caller frees with
 * at_mail_smtp_free() after every desk using it is done. Its `send` may be
 * called from several threads at once. Call from the main thread (it sets up
 * libcurl once).
 */
struct at_mailer *at_mail_smtp_new(const struct at_config *cfg, struct at_errinfo *e);
void at_mail_smtp_free(struct at_mailer *m);

/*
 * Writes mail `m` from `from_name` <`from_addr`> as an RFC 5322 message with
 * CRLF line ends into `out`: Date (`now`, ms since the epoch), From, To,
 * Subject (RFC 2047 when not ASCII), Message-ID, In-Reply-To, References,
 * MIME-Version, Auto-Submitted: auto-generated for a notice threaded under
 * no conversation (no In-Reply-To and no References; mail about a ticket,
 * such as an agent's reply, carries none), and a text/plain body in UTF-8,
 * quoted-printable, inside multipart/alternative with text/html when
 * m->html is not empty. Returns 0 or AT_ETOOBIG (the cap of `out`).
 */
int at_mail_build(const char *from_name, const char *from_addr, const struct at_mail_out *m,
                  int64_t now, struct at_buf *out);

/*
 * Takes in one raw RFC 5322 mail: parses it with GMime (MIME structure,
 * quoted-printable and base64, every text part converted to UTF-8 from its
 * charset; HTML-only mail read as text) and hands it to the desk
 * (at_desk_mail_inbound). Mail GMime reports as malformed (invalid header
 * names, a truncated or broken multipart) goes to the quarantine, as does
 * mail past the size cap: `raw_len` < `size` means the mail was cut at the
 * cap, and only `raw_len` bytes are kept. `domain` is mail_from's domain.
 * Returns 0 with `out` filled, or AT_ESTORE with `e` set (nothing written).
 */
int at_mail_ingest(struct at_desk *d, const char *domain, const void *raw, size_t raw_len,
                   size_t size, struct at_inbound_result *out, struct at_errinfo *e);

/*
 * The readable text of an HTML document: tags dropped (script and style with
 * their content), line breaks for block elements, entities decoded, runs of
 * blank lines squeezed. In `arena`.
 */
char *at_mail_html_text(struct at_arena *arena, const char *html, size_t n);

#endif
