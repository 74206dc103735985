#ifndef AT_SERVER_H
#define AT_SERVER_H

#include "core/config.h"
#include "core/err.h"
#include "text/text.h"

/*
 * Serves the JSON API on the `listen` address with a pool of `threads`
 * worker threads, over the database of the `db` setting (migrated before the
 * first request). Returns when SIGTERM or SIGINT arrives, after the requests
 * in flight have finished (up to 10 s). `text` (may be NULL) is shared by the
 * workers. Returns 0, or an at_err with `e` saying what went wrong (address in
 * use, bad listen address, database that does not open).
 */
int at_http_serve(const struct at_config *cfg, const struct at_text_engine *text,
                  struct at_errinfo *e);

struct at_mailer;
/*
 * The mailer the workers' desks queue outbound mail for (desk/outbound.h);
 * NULL (the default) means mail is off. Set it before at_http_serve(); it
 * must outlive the server.
 */
void at_http_set_mailer(const struct at_mailer *mailer);

#endif
