#ifndef AT_SERVER_H
#define AT_SERVER_H

#include "app/app.h"
#include "core/err.h"

/*
 * Serves the JSON API on the `listen` address of the app's settings with a
 * pool of `threads` worker threads, each with its own store handle and desk
 * from the app (at_app_connect, at_app_desk_init), which shares its text
 * engine and mailer. The app's database is migrated already (AT_APP_STORE).
 * Returns when SIGTERM or SIGINT arrives, after the requests in flight have
 * finished (up to 10 s). Returns 0, or an at_err with `e` saying what went
 * wrong (address in use, bad listen address, database that does not open).
 */
int at_http_serve(const struct at_app *app, struct at_errinfo *e);

#endif
