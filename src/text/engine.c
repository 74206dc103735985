/*
 * The engine: loading its data once (from a directory or from the copies
 * compiled into the binary), names, and the input rules shared by every
 * entry point.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embed.h"
#include "core/mem.h"
#include "core/str.h"
#include "text/text_int.h"

#include "core/banned.h"

#define NAME_STRING(n) #n,

static const char *const emotion_names[AT_EMO_COUNT] = {TEXT_EMOTION_NAMES(NAME_STRING)};

static const char *const ekman_names[AT_EKMAN_COUNT] = {TEXT_EKMAN_NAMES(NAME_STRING)};

static const char *const service_names[AT_SVC_COUNT] = {TEXT_SERVICE_NAMES(NAME_STRING)};

static const char *const risk_names[AT_RISK_COUNT] = {
    "none", "cancel", "switch", "chargeback", "legal", "public", "escalate",
};

static const char *const signal_names[AT_SIG_COUNT] = {
    "polarity", "emotion", "urgency", "risk", "complaint",
};

/* A stable name (JSON, settings) and a label in words (the console), for each mechanism. */
static const struct {
    const char *name;
    const char *label;
} empathy_names[AT_EMP_COUNT] = {
    {"emotional_reaction", "Reacts to the feeling"},
    {"interpretation", "Shows understanding"},
    {"exploration", "Asks to learn more"},
};

/* A stable name and a label in words for each rubric item, in the order of enum at_rubric. */
static const struct {
    const char *name;
    const char *label;
} rubric_names[AT_RUB_COUNT] = {
    {"greeting", "Greets by name"},
    {"acknowledge", "Names the feeling"},
    {"apology", "Apologises"},
    {"ownership", "Takes ownership"},
    {"next_step", "Next step with a time"},
    {"alternatives", "Offers another way"},
    {"thanks", "Thanks the customer"},
    {"dismissive", "Dismissive"},
    {"blame", "Blames the customer"},
    {"assumption", "Assumes"},
    {"jargon", "Jargon"},
    {"shouting", "Shouting"},
    {"policy", "Hides behind policy"},
};

/*
 * How each feeling reads to people, in the order of enum at_emotion and enum
 * at_service: the word for "the customer sounds ..." and the tone of its badge.
 */
struct feeling_words {
    const char *sounds;
    const char *tone;
};
static const struct feeling_words emotion_words[AT_EMO_COUNT] = {
    {"admiring", "glad"},
    {"amused", "glad"},
    {"angry", "upset"},
    {"annoyed", "upset"},
    {"approving", "glad"},
    {"caring", "glad"},
    {"confused", "upset"},
    {"curious", "calm"},
    {"eager", "calm"},
    {"disappointed", "upset"},
    {"disapproving", "upset"},
    {"disgusted", "upset"},
    {"embarrassed", "upset"},
    {"excited", "glad"},
    {"afraid", "upset"},
    {"grateful", "glad"},
    {"grief-stricken", "upset"},
    {"happy", "glad"},
    {"warm", "glad"},
    {"nervous", "upset"},
    {"hopeful", "glad"},
    {"proud", "glad"},
    {"thoughtful", "calm"},
    {"relieved", "glad"},
    {"sorry", "upset"},
    {"sad", "upset"},
    {"surprised", "calm"},
    {"calm", "calm"},
};
static const struct feeling_words service_words[AT_SVC_COUNT] = {
    {"frustrated", "upset"}, {"worried", "upset"}, {"confused", "upset"},
    {"upset", "upset"},      {"grateful", "glad"}, {"happy", "glad"},
};

const char *at_text_emotion_sounds(enum at_emotion e)
{
    return (unsigned)e < AT_EMO_COUNT ? emotion_words[e].sounds : "?";
}

const char *at_text_emotion_tone(enum at_emotion e)
{
    return (unsigned)e < AT_EMO_COUNT ? emotion_words[e].tone : "calm";
}

const char *at_text_service_sounds(enum at_service s)
{
    return (unsigned)s < AT_SVC_COUNT ? service_words[s].sounds : "?";
}

const char *at_text_service_tone(enum at_service s)
{
    return (unsigned)s < AT_SVC_COUNT ? service_words[s].tone : "calm";
}

const char *at_text_grade(int score)
{
    return score >= AT_COACH_GOOD ? "good" : score >= AT_COACH_FAIR ? "fair" : "poor";
}

const char *at_text_emotion_name(enum at_emotion e)
{
    return (unsigned)e < AT_EMO_COUNT ? emotion_names[e] : "?";
}

const char *at_text_ekman_name(enum at_ekman e)
{
    return (unsigned)e < AT_EKMAN_COUNT ? ekman_names[e] : "?";
}

const char *at_text_service_name(enum at_service s)
{
    return (unsigned)s < AT_SVC_COUNT ? service_names[s] : "?";
}

const char *at_text_risk_name(enum at_risk r)
{
    return (unsigned)r < AT_RISK_COUNT ? risk_names[r] : "?";
}

const char *at_text_signal_name(enum at_signal s)
{
    return (unsigned)s < AT_SIG_COUNT ? signal_names[s] : "?";
}

const char *at_text_empathy_name(enum at_empathy m)
{
    return (unsigned)m < AT_EMP_COUNT ? empathy_names[m].name : "?";
}

const char *at_text_empathy_label(enum at_empathy m)
{
    return (unsigned)m < AT_EMP_COUNT ? empathy_names[m].label : "?";
}

const char *at_text_rubric_name(enum at_rubric r)
{
    return (unsigned)r < AT_RUB_COUNT ? rubric_names[r].name : "?";
}

const char *at_text_rubric_label(enum at_rubric r)
{
    return (unsigned)r < AT_RUB_COUNT ? rubric_names[r].label : "?";
}

int at_text_emotion_find(const char *name, size_t n)
{
    for (int i = 0; i < AT_EMO_COUNT; i++) {
        if (strlen(emotion_names[i]) == n && memcmp(emotion_names[i], name, n) == 0)
            return i;
    }
    return -1;
}

/* Reads a whole data file (at most 64 MiB). Returns 0 or fills `e`. */
static int read_file(const char *dir, const char *name, char **data, size_t *len,
                     struct at_errinfo *e)
{
    char path[4096];
    FILE *f;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    int ret = AT_EIO;

    if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
        return at_errinfo_set(e, AT_EINVAL, "text_data", "the data directory path is too long");
    f = fopen(path, "rb");
    if (!f)
        return at_errinfo_set(e, AT_EIO, "text_data", "cannot open %s: %s", path, strerror(errno));
    for (;;) {
        size_t got;

        if (n == cap) {
            if (cap >= (size_t)64 << 20) {
                ret = at_errinfo_set(e, AT_EINVAL, "text_data", "%s is larger than 64 MiB", path);
                goto out;
            }
            cap = cap ? cap * 2 : 1 << 16;
            buf = at_xrealloc(buf, cap + 1);
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        ret = at_errinfo_set(e, AT_EIO, "text_data", "cannot read %s", path);
        goto out;
    }
    buf[n] = 0;
    *data = buf;
    *len = n;
    buf = NULL;
    ret = 0;

out:
    free(buf);
    fclose(f);
    return ret;
}

static const struct at_embedded *embedded(const char *name)
{
    for (const struct at_embedded *f = at_data_files; f->name; f++) {
        if (strcmp(f->name, name) == 0)
            return f;
    }
    return NULL;
}

static struct at_text_engine *load(const char *dir, bool want_model, struct at_errinfo *e)
{
    struct at_text_engine *eng = at_xcalloc(1, sizeof(*eng));
    struct at_arena scratch = AT_ARENA_INIT;
    const char *lex, *model;
    size_t lex_n, model_n;
    bool from_dir = dir && dir[0];
    char *model_buf = NULL;

    if (from_dir) {
        char *buf;

        if (read_file(dir, "lexicon.tsv", &buf, &lex_n, e) != 0)
            goto fail;
        eng->lexicon_owned = buf;
        lex = buf;
    } else {
        const struct at_embedded *f = embedded("lexicon.tsv");

        if (!f) {
            at_errinfo_set(e, AT_EINVAL, "text_data",
                           "this binary was built without data/lexicon.tsv; rebuild it or "
                           "give a data directory");
            goto fail;
        }
        lex = (const char *)f->data;
        lex_n = f->len;
    }
    if (text_words_init(eng, lex, lex_n, e) != 0)
        goto fail;
    text_rules_init(eng, &scratch);
    text_coach_init(eng);
    text_struct_init(eng);
    text_emo_init(eng);
    if (want_model) {
        if (from_dir) {
            if (read_file(dir, "emotions.bin", &model_buf, &model_n, e) != 0)
                goto fail;
            eng->emo.owned = model_buf;
            model = model_buf;
        } else {
            const struct at_embedded *f = embedded("emotions.bin");

            if (!f) {
                at_errinfo_set(e, AT_EINVAL, "text_data",
                               "this binary was built without data/emotions.bin; run `attune "
                               "train emotions --data DIR` and rebuild");
                goto fail;
            }
            model = (const char *)f->data;
            model_n = f->len;
        }
        if (text_emo_parse(&eng->emo, (const uint8_t *)model, model_n, e) != 0)
            goto fail;
        eng->has_model = true;
    }
    at_arena_release(&scratch);
    return eng;

fail:
    at_arena_release(&scratch);
    at_text_free(eng);
    return NULL;
}

struct at_text_engine *at_text_load(const char *data_dir, struct at_errinfo *e)
{
    return load(data_dir, true, e);
}

struct at_text_engine *at_text_load_lexicon(const char *data_dir, struct at_errinfo *e)
{
    return load(data_dir, false, e);
}

void at_text_free(struct at_text_engine *eng)
{
    if (!eng)
        return;
    text_words_free(eng);
    text_rules_free(eng);
    text_emo_free(&eng->emo);
    free(eng->emo.owned);
    free(eng->lexicon_owned);
    free(eng);
}

bool text_utf8_valid(const char *text, size_t n)
{
    size_t i = 0;

    /* most messages are ASCII: eight bytes at a time, then the full check if any is not */
    for (; i + 8 <= n; i += 8) {
        uint64_t w;

        memcpy(&w, text + i, 8);
        if (w & 0x8080808080808080ULL)
            return at_utf8_valid(text + i, n - i); /* text[0..i) is ASCII */
    }
    for (; i < n; i++) {
        if ((unsigned char)text[i] >= 0x80)
            return at_utf8_valid(text + i, n - i); /* text[0..i) is ASCII */
    }
    return true;
}

size_t text_clip(const char *text, size_t n, bool *truncated)
{
    *truncated = n > AT_TEXT_MAX_BYTES;
    return at_utf8_cut(text, n, AT_TEXT_MAX_BYTES);
}

int at_text_validate(const char *text, size_t n, struct at_errinfo *e)
{
    size_t i = 0;
    bool blank = true;

    if (!text || n == 0)
        return at_errinfo_set(e, AT_EINVAL, "text", "the text is empty");
    if (!at_utf8_valid(text, n)) {
        /* find the first bad byte for the message */
        size_t lo = 0, hi = n;

        while (hi - lo > 1) {
            size_t mid = lo + (hi - lo) / 2;

            while (mid > lo && ((unsigned char)text[mid] & 0xC0) == 0x80)
                mid--;
            if (mid == lo)
                break;
            if (at_utf8_valid(text, mid))
                lo = mid;
            else
                hi = mid;
        }
        return at_errinfo_set(e, AT_EUTF8, "text",
                              "the text is not valid UTF-8 (near byte %zu); send UTF-8", lo);
    }
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];

        if (!(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')) {
            blank = false;
            break;
        }
    }
    if (blank)
        return at_errinfo_set(e, AT_EINVAL, "text", "the text holds only white space");
    return 0;
}
