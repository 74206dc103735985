#ifndef AT_APP_H
#define AT_APP_H

/*
 * The one place that wires the program: from the settings, the store (by its
 * database URL), the text engine, the outbound mailer and a desk configured
 * over them. The command line and the HTTP server receive an app and never
 * learn which backend is underneath; a thread of their own (a server worker,
 * the job runner) asks the app for a handle and a desk of its own.
 */
#include <stdbool.h>

#include "core/config.h"
#include "core/err.h"
#include "desk/desk.h"
#include "store/store.h"
#include "text/text.h"

/* The parts an app opens. */
enum at_app_part {
    AT_APP_STORE = 1u << 0, /* the store, migrated, and the desk over it */
    AT_APP_TEXT = 1u << 1,  /* the text engine (seconds of loading: only for what reads text) */
    AT_APP_MAIL = 1u << 2,  /* the SMTP mailer, when a relay is set */
};

struct at_app {
    const struct at_config *cfg;
    const char *db; /* the database URL */
    enum at_durability durability;
    struct at_text_engine *text; /* NULL unless AT_APP_TEXT */
    struct at_mailer *mailer;    /* NULL unless AT_APP_MAIL and a relay is set */
    struct at_store *store;      /* the opening thread's handle (AT_APP_STORE) */
    struct at_desk desk;         /* over `store`, with the text engine and mailer */
    struct at_live *live;        /* the live event stream every desk tells (AT_APP_STORE) */
    unsigned open;               /* the parts open */
    enum at_app_part failed;     /* after a failure: the part that failed */
};

/*
 * Opens the `parts` of `app` not open yet, in the order mail, text, store (a
 * bad mail setting is found before anything is read or written). The first
 * call fills `app` from `cfg`; later calls on the same app add parts. Returns
 * 0, or the error of the part that failed (`app->failed`), with `e` saying
 * what to fix. at_app_close() frees what was opened, whatever happened.
 */
int at_app_open(struct at_app *app, const struct at_config *cfg, unsigned parts,
                struct at_errinfo *e);

/* Another thread's own store handle on the app's database (not migrated again). */
struct at_store *at_app_connect(const struct at_app *app, struct at_errinfo *e);

/* Fills `d` as the app's desk over `st`: its text engine, mailer and settings. */
void at_app_desk_init(const struct at_app *app, struct at_desk *d, struct at_store *st);

void at_app_close(struct at_app *app);

#endif
