/*
 * libFuzzer target: at_text_coach() on any bytes, split into customer | reply | name at
 * NULs; every suggestion is applied and the result coached again.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/str.h"
#include "text/text.h"

#include "core/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * A suggestion applied to the reply must leave valid UTF-8 (it replaces whole
 * characters with whole characters), and the coach must read the result.
 */
static void apply_and_coach_again(const struct at_text_engine *eng, const char *customer, size_t cn,
                                  const char *reply, size_t rn, const char *name,
                                  const struct at_suggestion *s)
{
    struct at_arena arena = AT_ARENA_INIT;
    struct at_coaching again;
    size_t tn = strlen(s->text);
    size_t n = rn - (s->end - s->start) + tn;
    char *t = malloc(n + 1);

    if (!at_utf8_valid(s->text, tn))
        abort();
    memcpy(t, reply, s->start);
    memcpy(t + s->start, s->text, tn);
    memcpy(t + s->start + tn, reply + s->end, rn - s->end);
    t[n] = 0;
    if (at_utf8_valid(reply, rn) && !at_utf8_valid(t, n))
        abort();
    if (at_text_coach(eng, customer, cn, t, n, name, &arena, &again) == 0 &&
        (again.score < 0 || again.score > 100))
        abort();
    free(t);
    at_arena_release(&arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct at_text_engine *eng;
    struct at_arena arena = AT_ARENA_INIT;
    struct at_coaching c;
    struct at_buf out = AT_BUF_INIT(1 << 24);
    const char *p = (const char *)data;
    const char *sep = memchr(p, 0, size);
    size_t cn = sep ? (size_t)(sep - p) : 0;
    const char *reply = sep ? sep + 1 : p;
    size_t rn = sep ? size - cn - 1 : size;
    const char *sep2 = memchr(reply, 0, rn);
    char *name = NULL;

    if (!eng) {
        struct at_errinfo e = {0};

        eng = at_text_load(NULL, &e);
        if (!eng)
            abort();
    }
    if (sep2) {
        size_t nl = rn - (size_t)(sep2 - reply) - 1;

        name = malloc(nl + 1);
        memcpy(name, sep2 + 1, nl);
        name[nl] = 0;
        rn = (size_t)(sep2 - reply);
    }
    if (at_text_coach(eng, p, cn, reply, rn, name, &arena, &c) == 0) {
        if (c.score < 0 || c.score > 100)
            abort();
        for (size_t i = 0; i < c.n_suggestions; i++) {
            const struct at_suggestion *s = &c.suggestions[i];

            if (s->start > s->end || s->end > rn)
                abort();
            apply_and_coach_again(eng, p, cn, reply, rn, name, s);
        }
        for (size_t i = 0; i < c.n_hits; i++) {
            if (c.hits[i].end > rn)
                abort();
        }
        if (at_text_coaching_json(&c, &out) != 0)
            abort();
    }
    free(name);
    at_buf_release(&out);
    at_arena_release(&arena);
    return 0;
}
