#ifndef AT_ERR_H
#define AT_ERR_H

#include <stdarg.h>

/*
 * Error codes. Actions return 0 or one of these (all negative). Only the http
 * layer turns them into status codes.
 */
enum at_err {
    AT_OK = 0,
    AT_EINVAL = -1,    /* the input is wrong; the message says what to fix */
    AT_ENOTFOUND = -2, /* no such thing (or not visible to the caller) */
    AT_ECONFLICT = -3, /* it exists already, or changed under us */
    AT_ESTORE = -4,    /* the database failed; the cause is logged */
    AT_ETOOBIG = -5,   /* a size cap was reached */
    AT_EPERM = -6,     /* the caller may not do this */
    AT_EAUTH = -7,     /* not signed in, or bad credentials */
    AT_ESTATE = -8,    /* not allowed in the current state (closed ticket, ...) */
    AT_EIO = -9,       /* a file or socket failed */
    AT_EVERSION = -10, /* the database is newer than this binary */
    AT_EUTF8 = -11,    /* text is not valid UTF-8 */
    AT_ERATE = -12,    /* too many attempts; try later */
    AT_ECONFIRM = -13, /* held back until the caller confirms (a reply below the coach's floor) */
};

/* A short stable name for an error code: "invalid", "not_found", ... */
const char *at_err_name(int err);

/*
 * struct at_errinfo: an error with a message for a person and, where it is
 * about one input field, that field's name. Filled by the layer that knows
 * what went wrong; read by the layer that reports it.
 */
struct at_errinfo {
    int code;
    char field[64];
    char msg[256];
};

/* Clears `e` (code 0, empty strings). */
void at_errinfo_clear(struct at_errinfo *e);

/*
 * Records `code`, `field` (may be NULL) and a printf-style message in `e`
 * (which may be NULL, then nothing is recorded). Returns `code`, so callers
 * can write `return at_errinfo_set(e, AT_EINVAL, "email", "...")`.
 */
int at_errinfo_set(struct at_errinfo *e, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
