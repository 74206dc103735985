#ifndef AT_TEXTUTIL_H
#define AT_TEXTUTIL_H

/*
 * The fixture of the text engine's test files: one engine (the data built
 * into the binary) and one arena for the whole group, loaded by
 * text_setup() and freed by text_teardown(). Include after testutil.h.
 */
#include <stdio.h>

#include "core/arena.h"
#include "text/text.h"

static struct at_text_engine *eng;
static struct at_arena arena;

static int text_setup(void **state)
{
    struct at_errinfo e = {0};

    (void)state;
    eng = at_text_load(NULL, &e);
    if (!eng) {
        fprintf(stderr, "cannot load the text engine: %s\n", e.msg);
        return -1;
    }
    at_arena_init(&arena);
    return 0;
}

static int text_teardown(void **state)
{
    (void)state;
    at_arena_release(&arena);
    at_text_free(eng);
    return 0;
}

#endif
