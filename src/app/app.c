/* Wiring the program: the store, the text engine, the mailer and the desk over them. */
#include "app/app.h"

#include <string.h>

#include "core/crypto.h"
#include "core/log.h"
#include "mail/mail.h"

#include "core/banned.h"

static enum at_durability durability_of(const struct at_config *cfg)
{
    return strcmp(at_config_str(cfg, "durability"), "normal") == 0 ? AT_DURABLE_NORMAL
                                                                   : AT_DURABLE_FULL;
}

static int failed(struct at_app *app, enum at_app_part part, struct at_errinfo *e, int fallback)
{
    app->failed = part;
    return e->code ? e->code : fallback;
}

int at_app_open(struct at_app *app, const struct at_config *cfg, unsigned parts,
                struct at_errinfo *e)
{
    if (!app->cfg) {
        memset(app, 0, sizeof(*app));
        app->cfg = cfg;
        app->db = at_config_str(cfg, "db");
        app->durability = durability_of(cfg);
        at_crypto_set_cost(at_config_str(cfg, "password_cost"));
    }
    parts &= ~app->open;
    if (parts & AT_APP_MAIL) {
        app->mailer = at_mail_smtp_new(cfg, e);
        if (!app->mailer && e->code)
            return failed(app, AT_APP_MAIL, e, AT_EINVAL);
        if (app->mailer)
            at_log_info("mail", "outbound mail on, through %s:%s", at_config_str(cfg, "smtp_host"),
                        at_config_str(cfg, "smtp_port"));
        app->open |= AT_APP_MAIL;
    }
    if (parts & AT_APP_TEXT) {
        app->text = at_text_load(NULL, e);
        if (!app->text)
            return failed(app, AT_APP_TEXT, e, AT_EIO);
        app->open |= AT_APP_TEXT;
    }
    if (parts & AT_APP_STORE) {
        app->live = at_live_local_new(0);
        if (!app->live) {
            at_errinfo_set(e, AT_EIO, NULL, "no memory for the live event stream");
            return failed(app, AT_APP_STORE, e, AT_EIO);
        }
        app->store = at_store_open(app->db, app->durability, e);
        if (!app->store) {
            if (!e->msg[0])
                at_errinfo_set(e, AT_ESTORE, "db", "cannot open the database %s", app->db);
            return failed(app, AT_APP_STORE, e, AT_ESTORE);
        }
        app->open |= AT_APP_STORE;
    }
    if (app->store)
        at_app_desk_init(app, &app->desk, app->store);
    return 0;
}

struct at_store *at_app_connect(const struct at_app *app, struct at_errinfo *e)
{
    return at_store_connect(app->db, app->durability, e);
}

void at_app_desk_init(const struct at_app *app, struct at_desk *d, struct at_store *st)
{
    at_desk_init(d, st, NULL);
    d->text = app->text;
    d->mailer = app->mailer;
    d->live = app->live;
    at_desk_configure(d, app->cfg);
}

void at_app_close(struct at_app *app)
{
    if (app->store)
        app->store->core->close(app->store);
    at_text_free(app->text);
    at_mail_smtp_free(app->mailer);
    if (app->live)
        app->live->ops->free(app->live);
    app->live = NULL;
    app->store = NULL;
    app->text = NULL;
    app->mailer = NULL;
    app->open = 0;
}
