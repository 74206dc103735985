#include "core/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

#include "core/banned.h"

struct at_arena_block {
    struct at_arena_block *next;
    size_t size;
    size_t used;
    alignas(max_align_t) unsigned char data[];
};

void at_arena_init(struct at_arena *a)
{
    *a = AT_ARENA_INIT;
}

void at_arena_release(struct at_arena *a)
{
    struct at_arena_block *b = a->head;

    while (b) {
        struct at_arena_block *next = b->next;

        free(b);
        b = next;
    }
    a->head = NULL;
    a->used = 0;
}

void at_arena_reset(struct at_arena *a)
{
    struct at_arena_block *keep = NULL;
    struct at_arena_block *b = a->head;

    /* keep the last block in the chain: it is the first and usually the ordinary size */
    while (b) {
        struct at_arena_block *next = b->next;

        if (!next) {
            keep = b;
            break;
        }
        free(b);
        b = next;
    }
    if (keep) {
        keep->used = 0;
        keep->next = NULL;
    }
    a->head = keep;
    a->used = 0;
}

void *at_arena_alloc(struct at_arena *a, size_t n)
{
    const size_t align = alignof(max_align_t);
    struct at_arena_block *b = a->head;
    size_t need = (n + align - 1) & ~(align - 1);
    void *p;

    if (need == 0)
        need = align;
    if (!b || b->size - b->used < need) {
        size_t size = a->block_size ? a->block_size : 8192;

        if (need > size / 4)
            size = need; /* a big allocation gets its own block, behind the current one */
        b = at_xmalloc(sizeof(*b) + size);
        b->size = size;
        b->used = 0;
        if (a->head && size == need) {
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    p = b->data + b->used;
    b->used += need;
    a->used += need;
    memset(p, 0, n);
    return p;
}

char *at_arena_strndup(struct at_arena *a, const char *s, size_t n)
{
    char *p;

    if (!s)
        return NULL;
    p = at_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *at_arena_strdup(struct at_arena *a, const char *s)
{
    return s ? at_arena_strndup(a, s, strlen(s)) : NULL;
}

char *at_arena_strs(struct at_arena *a, struct at_str s)
{
    return at_arena_strndup(a, s.p ? s.p : "", s.n);
}

char *at_arena_printf(struct at_arena *a, const char *fmt, ...)
{
    va_list ap, cp;
    int n;
    char *p;

    va_start(ap, fmt);
    va_copy(cp, ap);
    n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        n = 0;
    p = at_arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}
