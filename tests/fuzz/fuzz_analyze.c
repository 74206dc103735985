/* libFuzzer target: at_text_analyze() and its JSON on any bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/arena.h"
#include "core/buf.h"
#include "text/text.h"

#include "core/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct at_text_engine *eng;
    struct at_arena arena = AT_ARENA_INIT;
    struct at_analysis a;
    struct at_buf out = AT_BUF_INIT(1 << 24);

    if (!eng) {
        struct at_errinfo e = {0};

        eng = at_text_load(NULL, &e);
        if (!eng)
            abort();
    }
    if (at_text_analyze(eng, (const char *)data, size, &arena, &a) == 0) {
        for (size_t i = 0; i < a.n_evidence; i++) {
            if (a.evidence[i].start > a.evidence[i].end || a.evidence[i].end > size)
                abort();
        }
        if (!(a.polarity >= -1 && a.polarity <= 1) || !(a.urgency >= 0 && a.urgency <= 1))
            abort();
        if (at_text_analysis_json(&a, &out) != 0)
            abort();
    }
    at_buf_release(&out);
    at_arena_release(&arena);
    return 0;
}
