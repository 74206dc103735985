#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/mem.h"

#include "core/banned.h"

char at_buf_empty[1];

void at_buf_init(struct at_buf *b, size_t max)
{
    *b = AT_BUF_INIT(max);
}

void at_buf_release(struct at_buf *b)
{
    if (b->cap)
        free(b->data);
    b->data = at_buf_empty;
    b->len = 0;
    b->cap = 0;
}

void at_buf_reset(struct at_buf *b)
{
    b->len = 0;
    b->data[0] = '\0';
}

int at_buf_grow(struct at_buf *b, size_t extra)
{
    size_t want, ncap;

    if (extra > b->max || b->len > b->max - extra)
        return AT_ETOOBIG;
    want = b->len + extra + 1;
    if (want <= b->cap)
        return 0;
    ncap = b->cap ? b->cap : 64;
    while (ncap < want)
        ncap = ncap * 2;
    if (b->cap) {
        b->data = at_xrealloc(b->data, ncap);
    } else {
        b->data = at_xmalloc(ncap);
        b->data[0] = '\0';
    }
    b->cap = ncap;
    return 0;
}

int at_buf_add(struct at_buf *b, const void *p, size_t n)
{
    if (at_buf_grow(b, n) != 0)
        return AT_ETOOBIG;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int at_buf_adds(struct at_buf *b, const char *s)
{
    return at_buf_add(b, s, strlen(s));
}

int at_buf_addch(struct at_buf *b, char c)
{
    return at_buf_add(b, &c, 1);
}

int at_buf_vaddf(struct at_buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    int n;

    va_copy(cp, ap);
    n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return AT_EINVAL;
    if (at_buf_grow(b, (size_t)n) != 0)
        return AT_ETOOBIG;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int at_buf_addf(struct at_buf *b, const char *fmt, ...)
{
    va_list ap;
    int ret;

    va_start(ap, fmt);
    ret = at_buf_vaddf(b, fmt, ap);
    va_end(ap);
    return ret;
}

void at_buf_truncate(struct at_buf *b, size_t len)
{
    if (len >= b->len)
        return;
    b->len = len;
    b->data[len] = '\0';
}

char *at_buf_detach(struct at_buf *b, size_t *len)
{
    char *p;

    if (len)
        *len = b->len;
    if (b->cap) {
        p = b->data;
    } else {
        p = at_xmalloc(1);
        p[0] = '\0';
    }
    b->data = at_buf_empty;
    b->len = 0;
    b->cap = 0;
    return p;
}
