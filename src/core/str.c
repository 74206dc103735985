#include "core/str.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

#include "core/banned.h"

struct at_str at_str_from(const char *s)
{
    struct at_str r = {s ? s : "", s ? strlen(s) : 0};

    return r;
}

bool at_str_eq(struct at_str a, struct at_str b)
{
    return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

bool at_str_eqc(struct at_str a, const char *s)
{
    return at_str_eq(a, at_str_from(s));
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

bool at_str_eqc_nocase(struct at_str a, const char *s)
{
    size_t n = strlen(s);

    if (n != a.n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower(a.p[i]) != lower(s[i]))
            return false;
    return true;
}

bool at_str_has_prefix(struct at_str a, const char *prefix)
{
    size_t n = strlen(prefix);

    return a.n >= n && memcmp(a.p, prefix, n) == 0;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

struct at_str at_str_trim(struct at_str a)
{
    while (a.n && is_space(a.p[0])) {
        a.p++;
        a.n--;
    }
    while (a.n && is_space(a.p[a.n - 1]))
        a.n--;
    return a;
}

struct at_str at_str_cut(struct at_str a, char sep, struct at_str *head)
{
    const char *q = a.n ? memchr(a.p, sep, a.n) : NULL;
    struct at_str rest = {NULL, 0};

    if (!q) {
        *head = a;
        return rest;
    }
    head->p = a.p;
    head->n = (size_t)(q - a.p);
    rest.p = q + 1;
    rest.n = a.n - head->n - 1;
    return rest;
}

bool at_str_to_i64(struct at_str a, int64_t *out)
{
    size_t i = 0;
    bool neg = false;
    uint64_t v = 0;
    uint64_t limit;

    if (a.n == 0)
        return false;
    if (a.p[0] == '-' || a.p[0] == '+') {
        neg = a.p[0] == '-';
        i = 1;
    }
    if (i == a.n)
        return false;
    limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; i < a.n; i++) {
        unsigned d;

        if (a.p[i] < '0' || a.p[i] > '9')
            return false;
        d = (unsigned)(a.p[i] - '0');
        if (v > (limit - d) / 10)
            return false;
        v = v * 10 + d;
    }
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return true;
}

bool at_cstr_to_i64(const char *s, int64_t *out)
{
    return s && at_str_to_i64(at_str_from(s), out);
}

bool at_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    while (i < n) {
        unsigned c = p[i];
        size_t len;
        uint32_t cp;

        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + len > n)
            return false;
        for (size_t k = 1; k < len; k++) {
            if ((p[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

size_t at_utf8_cut(const char *s, size_t n, size_t max)
{
    if (n <= max)
        return n;
    n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

void at_utf8_scrub(char *s)
{
    size_t n = strlen(s);

    for (size_t i = 0; i < n;) {
        size_t len = (unsigned char)s[i] < 0x80   ? 1
                     : (unsigned char)s[i] < 0xE0 ? 2
                     : (unsigned char)s[i] < 0xF0 ? 3
                                                  : 4;

        if (i + len <= n && at_utf8_valid(s + i, len)) {
            i += len;
        } else {
            s[i] = '?';
            i++;
        }
    }
}
