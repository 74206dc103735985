#include "core/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/banned.h"

static void die_oom(size_t n)
{
    fprintf(stderr, "attune: out of memory (asked for %zu bytes)\n", n);
    abort();
}

void *at_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);

    if (!p)
        die_oom(n);
    return p;
}

void *at_xcalloc(size_t count, size_t n)
{
    void *p = calloc(count ? count : 1, n ? n : 1);

    if (!p)
        die_oom(count * n);
    return p;
}

void *at_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);

    if (!q)
        die_oom(n);
    return q;
}

char *at_xstrndup(const char *s, size_t n)
{
    char *p = at_xmalloc(n + 1);

    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *at_xstrdup(const char *s)
{
    return at_xstrndup(s, strlen(s));
}
