/*
 * Opening a store from a database URL: the backend is chosen by the URL's
 * scheme, then the schema is brought up to date. Backends are listed here
 * and nowhere else.
 */
#include <string.h>

#include "store/store.h"

#include "core/banned.h"

/* A backend: the URL prefix it answers to, and how it opens what follows the prefix. */
struct backend {
    const char *prefix;
    struct at_store *(*open)(const char *where, enum at_durability durability,
                             struct at_errinfo *e);
};

static const struct backend backends[] = {
    {"sqlite:", at_store_open_sqlite},
};

struct at_store *at_store_connect(const char *url, enum at_durability durability,
                                  struct at_errinfo *e)
{
    const struct backend *b = NULL;
    const char *where = url, *colon;

    if (!url || !url[0]) {
        at_errinfo_set(e, AT_EINVAL, "db", "no database given; set --db to a file or a URL");
        return NULL;
    }
    for (size_t i = 0; i < sizeof(backends) / sizeof(backends[0]); i++) {
        size_t n = strlen(backends[i].prefix);

        if (strncmp(url, backends[i].prefix, n) == 0) {
            b = &backends[i];
            where = url + n;
        }
    }
    colon = strstr(url, "://");
    if (!b && colon && strspn(url, "abcdefghijklmnopqrstuvwxyz+") == (size_t)(colon - url)) {
        at_errinfo_set(e, AT_EINVAL, "db",
                       "this attune stores its data in SQLite only; give --db a file path or "
                       "sqlite:PATH, not %.*s://",
                       (int)(colon - url), url);
        return NULL;
    }
    if (!b)
        b = &backends[0]; /* a plain path is a SQLite file */
    if (!where[0]) {
        at_errinfo_set(e, AT_EINVAL, "db", "%s names no database file", url);
        return NULL;
    }
    return b->open(where, durability, e);
}

struct at_store *at_store_open(const char *url, enum at_durability durability, struct at_errinfo *e)
{
    struct at_store *st = at_store_connect(url, durability, e);
    int from = 0, to = 0, ret;

    if (!st)
        return NULL;
    ret = st->core->migrate(st, &from, &to);
    if (ret == AT_EVERSION) {
        at_errinfo_set(e, ret, "db",
                       "the database %s has schema version %d, newer than this attune knows "
                       "(%d); upgrade attune",
                       url, from, at_store_schema_latest());
    } else if (ret) {
        at_errinfo_set(e, ret, "db", "cannot bring the schema of %s up to date; see the log", url);
    }
    if (ret) {
        st->core->close(st);
        return NULL;
    }
    return st;
}
