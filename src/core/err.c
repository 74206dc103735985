#include "core/err.h"

#include <stdio.h>
#include <string.h>

#include "core/banned.h"

const char *at_err_name(int err)
{
    switch (err) {
    case AT_OK:
        return "ok";
    case AT_EINVAL:
        return "invalid";
    case AT_ENOTFOUND:
        return "not_found";
    case AT_ECONFLICT:
        return "conflict";
    case AT_ESTORE:
        return "store";
    case AT_ETOOBIG:
        return "too_big";
    case AT_EPERM:
        return "forbidden";
    case AT_EAUTH:
        return "unauthorized";
    case AT_ESTATE:
        return "bad_state";
    case AT_EIO:
        return "io";
    case AT_EVERSION:
        return "version";
    case AT_EUTF8:
        return "bad_utf8";
    case AT_ERATE:
        return "rate_limited";
    case AT_ECONFIRM:
        return "confirm_required";
    }
    return "unknown";
}

void at_errinfo_clear(struct at_errinfo *e)
{
    e->code = 0;
    e->field[0] = '\0';
    e->msg[0] = '\0';
}

int at_errinfo_set(struct at_errinfo *e, int code, const char *field, const char *fmt, ...)
{
    va_list ap;

    if (!e)
        return code;
    e->code = code;
    snprintf(e->field, sizeof(e->field), "%s", field ? field : "");
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
    va_end(ap);
    return code;
}
