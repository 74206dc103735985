/*
 * Text engine benchmark: messages per second of at_text_analyze() and
 * at_text_coach(), one thread, over the texts of a file (one per line; a
 * GoEmotions TSV works: the text is what comes before the first tab).
 *
 * usage: text_bench FILE [SECONDS [analyze|coach [WEIGHTS_DIR]]]
 * (WEIGHTS_DIR: lexicon.tsv and emotions.bin to load instead of the built-in copies)
 * Prints "analyze N msg/s (...; best pass M msg/s)" and the same for coach: N is the
 * average over the run, M the best of the passes over the file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/mem.h"
#include "text/text.h"

#include "core/banned.h"

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    FILE *f;
    char *line = NULL;
    size_t cap = 0, n = 0, ncap = 0;
    ssize_t len;
    char **texts = NULL;
    size_t *lens = NULL;
    struct at_errinfo e = {0};
    struct at_text_engine *eng;
    struct at_arena arena = AT_ARENA_INIT;
    double secs = argc > 2 ? strtod(argv[2], NULL) : 2.0;
    static const char *const reply =
        "Hi Sam, I'm so sorry about this. I understand how frustrating it is. I will refund "
        "the charge today and email you by 5pm. Is there anything else I can help with?";

    if (argc < 2) {
        fprintf(stderr, "usage: text_bench FILE [SECONDS]\n");
        return 2;
    }
    f = fopen(argv[1], "r");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    while ((len = getline(&line, &cap, f)) >= 0) {
        char *tab = memchr(line, '\t', (size_t)len);
        size_t l = tab ? (size_t)(tab - line) : (size_t)len;

        while (l > 0 && (line[l - 1] == '\n' || line[l - 1] == '\r'))
            l--;
        if (l == 0)
            continue;
        if (n == ncap) {
            ncap = ncap ? ncap * 2 : 1024;
            texts = at_xrealloc(texts, ncap * sizeof(*texts));
            lens = at_xrealloc(lens, ncap * sizeof(*lens));
        }
        texts[n] = at_xstrndup(line, l);
        lens[n] = l;
        n++;
    }
    fclose(f);
    free(line);
    if (n == 0) {
        fprintf(stderr, "text_bench: no texts in %s\n", argv[1]);
        return 1;
    }
    {
        double t0 = now();

        eng = at_text_load(argc > 4 ? argv[4] : NULL, &e);
        if (!eng) {
            fprintf(stderr, "text_bench: %s\n", e.msg);
            return 1;
        }
        printf("load %.1f ms\n", (now() - t0) * 1000);
    }
    for (int mode = 0; mode < 2; mode++) {
        size_t done = 0;
        double t0 = now(), t, pass0, best = 0;

        if (argc > 3 && strcmp(argv[3], mode == 0 ? "analyze" : "coach") != 0)
            continue;

        do {
            pass0 = now();
            for (size_t i = 0; i < n; i++) {
                if (mode == 0) {
                    struct at_analysis a;

                    at_text_analyze(eng, texts[i], lens[i], &arena, &a);
                } else {
                    struct at_coaching c;

                    at_text_coach(eng, texts[i], lens[i], reply, strlen(reply), "Sam", &arena, &c);
                }
                at_arena_reset(&arena);
            }
            done += n;
            t = now();
            if ((double)n / (t - pass0) > best)
                best = (double)n / (t - pass0);
            t -= t0;
        } while (t < secs);
        /*
         * The machines this runs on share their CPUs with others: the average
         * is what the whole run got, the best pass over the file what the code
         * does when the CPU is its own.
         */
        printf("%s %.0f msg/s (%zu messages, %.2f s; best pass %.0f msg/s)\n",
               mode == 0 ? "analyze" : "coach", (double)done / t, done, t, best);
    }
    at_arena_release(&arena);
    at_text_free(eng);
    for (size_t i = 0; i < n; i++)
        free(texts[i]);
    free(texts);
    free(lens);
    return 0;
}
