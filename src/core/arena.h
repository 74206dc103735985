#ifndef AT_ARENA_H
#define AT_ARENA_H

#include <stdarg.h>
#include <stddef.h>

#include "core/str.h"

/*
 * struct at_arena: a region allocator for things that live as long as one
 * request or one command. Allocations are never freed one by one; everything
 * goes at once with at_arena_release() (or at_arena_reset(), which keeps the
 * first block for reuse). Not thread-safe: one arena per thread of work.
 */
struct at_arena_block;

struct at_arena {
    struct at_arena_block *head;
    size_t block_size; /* size of ordinary blocks */
    size_t used;       /* bytes handed out, for caps and statistics */
};

#define AT_ARENA_INIT ((struct at_arena){.head = NULL, .block_size = 8192, .used = 0})

void at_arena_init(struct at_arena *a);

/* Frees every block. The arena is left empty and usable. */
void at_arena_release(struct at_arena *a);

/* Forgets every allocation but keeps one block for the next round. */
void at_arena_reset(struct at_arena *a);

/* `n` bytes aligned for any type, zeroed. Never returns NULL (aborts when memory is out). */
void *at_arena_alloc(struct at_arena *a, size_t n);

/* Copies of strings that live in the arena; always NUL-terminated. NULL stays NULL. */
char *at_arena_strdup(struct at_arena *a, const char *s);
char *at_arena_strndup(struct at_arena *a, const char *s, size_t n);
char *at_arena_strs(struct at_arena *a, struct at_str s);

/* printf into the arena. */
char *at_arena_printf(struct at_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
