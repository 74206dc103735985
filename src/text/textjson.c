/*
 * JSON for analyses and coaching, written by hand: this runs once per
 * message on the hot path of `attune analyze --jsonl`, where a general JSON
 * builder would cost more than the analysis itself.
 */
#include <math.h>
#include <string.h>

#include "text/text_int.h"

#include "core/banned.h"

/*
 * Pieces are gathered in `tmp` and handed to the buffer a chunk at a time:
 * an object is a few hundred small pieces, and one at_buf_add() per piece
 * cost more than writing them.
 */
struct jw {
    struct at_buf *b;
    int err;
    size_t n; /* bytes of tmp in use */
    char tmp[2048];
};

static void flush(struct jw *w)
{
    if (w->n && !w->err && at_buf_add(w->b, w->tmp, w->n) != 0)
        w->err = AT_ETOOBIG;
    w->n = 0;
}

/*
 * Copies n bytes. Most pieces are a few bytes long, and the compiler makes a
 * memcpy() of unknown size a string instruction that costs tens of cycles to
 * start; two overlapping fixed-size copies cost two loads and two stores.
 */
static inline void copy_short(char *d, const char *s, size_t n)
{
    if (n >= 16 && n <= 32) {
        memcpy(d, s, 16);
        memcpy(d + n - 16, s + n - 16, 16);
    } else if (n >= 8 && n < 16) {
        memcpy(d, s, 8);
        memcpy(d + n - 8, s + n - 8, 8);
    } else if (n >= 4 && n < 8) {
        memcpy(d, s, 4);
        memcpy(d + n - 4, s + n - 4, 4);
    } else if (n < 4) {
        for (size_t i = 0; i < n; i++)
            d[i] = s[i];
    } else {
        memcpy(d, s, n);
    }
}

static inline void raw(struct jw *w, const char *s, size_t n)
{
    if (w->n + n > sizeof(w->tmp)) {
        flush(w);
        if (n > sizeof(w->tmp)) {
            if (!w->err && at_buf_add(w->b, s, n) != 0)
                w->err = AT_ETOOBIG;
            return;
        }
    }
    copy_short(w->tmp + w->n, s, n);
    w->n += n;
}

static void lit(struct jw *w, const char *s)
{
    raw(w, s, strlen(s));
}

/* A JSON string with the escapes RFC 8259 requires. */
static void str(struct jw *w, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t run = 0;

    raw(w, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[6];
        size_t el = 2;

        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        raw(w, s + run, i - run);
        run = i + 1;
        esc[0] = '\\';
        switch (c) {
        case '"':
            esc[1] = '"';
            break;
        case '\\':
            esc[1] = '\\';
            break;
        case '\n':
            esc[1] = 'n';
            break;
        case '\r':
            esc[1] = 'r';
            break;
        case '\t':
            esc[1] = 't';
            break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            el = 6;
            break;
        }
        raw(w, esc, el);
    }
    raw(w, s + run, n - run);
    raw(w, "\"", 1);
}

static void cstr(struct jw *w, const char *s)
{
    str(w, s, strlen(s));
}

/*
 * The decimals of a number with three: ".5" for 500, ".25" for 250, ".125"
 * for 125 and nothing for 0 (no trailing zeros, no point for a whole
 * number), all thousand of them worked out by the compiler.
 */
struct decimals {
    char text[4];
    uint8_t len;
};

#define DEC3(a, b, c)                                                                              \
    {                                                                                              \
        {'.', (char)('0' + (a)), (char)('0' + (b)), (char)('0' + (c))}, (uint8_t)((c)   ? 4        \
                                                                                  : (b) ? 3        \
                                                                                  : (a) ? 2        \
                                                                                        : 0)       \
    }
#define DEC2(a, b)                                                                                 \
    DEC3(a, b, 0), DEC3(a, b, 1), DEC3(a, b, 2), DEC3(a, b, 3), DEC3(a, b, 4), DEC3(a, b, 5),      \
        DEC3(a, b, 6), DEC3(a, b, 7), DEC3(a, b, 8), DEC3(a, b, 9)
#define DEC1(a)                                                                                    \
    DEC2(a, 0), DEC2(a, 1), DEC2(a, 2), DEC2(a, 3), DEC2(a, 4), DEC2(a, 5), DEC2(a, 6),            \
        DEC2(a, 7), DEC2(a, 8), DEC2(a, 9)

static const struct decimals decimals[1000] = {DEC1(0), DEC1(1), DEC1(2), DEC1(3), DEC1(4),
                                               DEC1(5), DEC1(6), DEC1(7), DEC1(8), DEC1(9)};

/* A number with three decimals, without printf (this is the hot path). */
static void num3(struct jw *w, float f)
{
    char *b;
    size_t o = 0;
    long v;

    if (!isfinite(f))
        f = 0;
    {
        /* lroundf() of x, without the call: exact below 2^22, where x's fraction is exact */
        float x = f * 1000.0f;

        if (x > -4194304.0f && x < 4194304.0f) {
            float r;

            v = (long)x;
            r = x - (float)v;
            v += (r >= 0.5f) - (r <= -0.5f); /* no branch: the digits are random */
        } else {
            v = lroundf(x);
        }
    }
    /* written in place: at most a sign, 20 digits, a point and 3 decimals */
    if (w->n + 32 > sizeof(w->tmp))
        flush(w);
    b = w->tmp + w->n;
    {
        unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
        unsigned long ip = u / 1000;
        unsigned fp = (unsigned)(u - ip * 1000);

        if (v < 0)
            b[o++] = '-';
        if (ip < 10) {
            b[o++] = (char)('0' + ip);
        } else {
            char d[20];
            size_t k = 0;

            do {
                d[k++] = (char)('0' + ip % 10);
                ip /= 10;
            } while (ip > 0 && k < sizeof(d));
            while (k > 0)
                b[o++] = d[--k];
        }
        /* all four bytes are written; the length says how many count */
        memcpy(b + o, decimals[fp].text, 4);
        o += decimals[fp].len;
    }
    w->n += o;
}

static void uint(struct jw *w, unsigned long v)
{
    char d[24];
    size_t k = 0;

    do {
        d[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    /* written in place, like num3() */
    if (w->n + sizeof(d) > sizeof(w->tmp))
        flush(w);
    while (k > 0)
        w->tmp[w->n++] = d[--k];
}

/* A member name; `k` is one of our own names, which need no escapes. */
static void key(struct jw *w, const char *k, bool first)
{
    size_t n = strlen(k);

    if (!first)
        raw(w, ",", 1);
    raw(w, "\"", 1);
    raw(w, k, n);
    raw(w, "\":", 2);
}

/*
 * A label's name as a JSON string and as a member name after a comma
 * (`,"name":`; skip the comma for the first member), quoted at compile time.
 */
struct jname {
    const char *quoted, *key;
    uint8_t quoted_n, key_n;
};

#define JNAME(n) {"\"" #n "\"", ",\"" #n "\":", sizeof(#n) + 1, sizeof(#n) + 3},

static const struct jname emo_names[AT_EMO_COUNT] = {TEXT_EMOTION_NAMES(JNAME)};
static const struct jname ekman_names[AT_EKMAN_COUNT] = {TEXT_EKMAN_NAMES(JNAME)};
static const struct jname svc_names[AT_SVC_COUNT] = {TEXT_SERVICE_NAMES(JNAME)};

static void names_of(struct jw *w, uint32_t bits, int count, const struct jname *names)
{
    bool first = true;

    raw(w, "[", 1);
    for (int i = 0; i < count; i++) {
        if (!(bits & (1u << i)))
            continue;
        if (!first)
            raw(w, ",", 1);
        first = false;
        raw(w, names[i].quoted, names[i].quoted_n);
    }
    raw(w, "]", 1);
}

static void scores_of(struct jw *w, const float *v, int count, const struct jname *names)
{
    raw(w, "{", 1);
    for (int i = 0; i < count; i++) {
        raw(w, names[i].key + (i == 0), names[i].key_n - (i == 0));
        num3(w, v[i]);
    }
    raw(w, "}", 1);
}

static const char *risk_level(float score, enum at_risk r)
{
    if (r == AT_RISK_NONE)
        return "none";
    if (score >= 0.85f)
        return "high";
    if (score >= 0.65f)
        return "medium";
    return "low";
}

static void evidence(struct jw *w, const struct at_analysis *a)
{
    raw(w, "[", 1);
    for (size_t i = 0; i < a->n_evidence; i++) {
        const struct at_evidence *e = &a->evidence[i];

        if (i)
            raw(w, ",", 1);
        lit(w, "{\"signal\":");
        cstr(w, at_text_signal_name((enum at_signal)e->signal));
        if (e->signal == AT_SIG_EMOTION) {
            lit(w, ",\"label\":");
            if (e->label < AT_EMO_COUNT)
                raw(w, emo_names[e->label].quoted, emo_names[e->label].quoted_n);
            else
                cstr(w, "?");
        } else if (e->signal == AT_SIG_RISK) {
            lit(w, ",\"label\":");
            cstr(w, at_text_risk_name((enum at_risk)e->label));
        }
        lit(w, ",\"start\":");
        uint(w, e->start);
        lit(w, ",\"end\":");
        uint(w, e->end);
        lit(w, ",\"weight\":");
        num3(w, e->weight);
        lit(w, ",\"why\":");
        cstr(w, e->why ? e->why : "");
        raw(w, "}", 1);
    }
    raw(w, "]", 1);
}

static void analysis_body(struct jw *w, const struct at_analysis *a)
{
    lit(w, "\"polarity\":");
    num3(w, a->polarity);
    lit(w, ",\"emotions\":");
    names_of(w, a->emotions_present, AT_EMO_COUNT, emo_names);
    lit(w, ",\"complaint\":");
    lit(w, a->complaint ? "true" : "false");
    lit(w, ",\"urgency\":");
    num3(w, a->urgency);
    lit(w, ",\"risk\":{\"level\":");
    cstr(w, risk_level(a->risk_score, a->risk));
    lit(w, ",\"kind\":");
    cstr(w, at_text_risk_name(a->risk));
    lit(w, ",\"score\":");
    num3(w, a->risk != AT_RISK_NONE ? a->risk_score : 0);
    lit(w, ",\"reason\":");
    if (a->risk_reason)
        cstr(w, a->risk_reason);
    else
        lit(w, "null");
    lit(w, "},\"service\":");
    names_of(w, a->service_present, AT_SVC_COUNT, svc_names);
    lit(w, ",\"service_scores\":");
    scores_of(w, a->service, AT_SVC_COUNT, svc_names);
    lit(w, ",\"ekman\":");
    names_of(w, a->ekman_present, AT_EKMAN_COUNT, ekman_names);
    lit(w, ",\"ekman_scores\":");
    scores_of(w, a->ekman, AT_EKMAN_COUNT, ekman_names);
    lit(w, ",\"emotion_scores\":");
    scores_of(w, a->emotion, AT_EMO_COUNT, emo_names);
    lit(w, ",\"truncated\":");
    lit(w, a->truncated ? "true" : "false");
    lit(w, ",\"evidence\":");
    evidence(w, a);
}

int at_text_analysis_json(const struct at_analysis *a, struct at_buf *out)
{
    struct jw w;
    size_t start = out->len;

    w.b = out;
    w.err = 0;
    w.n = 0;

    raw(&w, "{", 1);
    analysis_body(&w, a);
    raw(&w, "}", 1);
    flush(&w);
    if (w.err)
        at_buf_truncate(out, start);
    return w.err;
}

int at_text_coaching_json(const struct at_coaching *c, struct at_buf *out)
{
    struct jw w;
    size_t start = out->len;

    w.b = out;
    w.err = 0;
    w.n = 0;

    lit(&w, "{\"empathy\":{");
    for (int m = 0; m < AT_EMP_COUNT; m++) {
        key(&w, at_text_empathy_name((enum at_empathy)m), m == 0);
        uint(&w, c->empathy[m]);
    }
    lit(&w, "},\"score\":");
    uint(&w, (unsigned long)c->score);
    lit(&w, ",\"grade\":");
    cstr(&w, at_text_grade(c->score));
    lit(&w, ",\"rubric\":{");
    for (int r = 0; r < AT_RUB_COUNT; r++) {
        static const char *const st[] = {"n/a", "missing", "met", "clear", "found"};

        key(&w, at_text_rubric_name((enum at_rubric)r), r == 0);
        cstr(&w, st[c->rubric[r] < 5 ? c->rubric[r] : 0]);
    }
    lit(&w, "},\"hits\":[");
    for (size_t i = 0; i < c->n_hits; i++) {
        if (i)
            raw(&w, ",", 1);
        lit(&w, "{\"item\":");
        cstr(&w, at_text_rubric_name((enum at_rubric)c->hits[i].item));
        lit(&w, ",\"start\":");
        uint(&w, c->hits[i].start);
        lit(&w, ",\"end\":");
        uint(&w, c->hits[i].end);
        raw(&w, "}", 1);
    }
    lit(&w, "],\"suggestions\":[");
    for (size_t i = 0; i < c->n_suggestions; i++) {
        const struct at_suggestion *s = &c->suggestions[i];

        if (i)
            raw(&w, ",", 1);
        lit(&w, "{\"item\":");
        cstr(&w, at_text_rubric_name((enum at_rubric)s->item));
        lit(&w, ",\"action\":");
        cstr(&w, s->start == s->end ? "insert" : "replace");
        lit(&w, ",\"start\":");
        uint(&w, s->start);
        lit(&w, ",\"end\":");
        uint(&w, s->end);
        lit(&w, ",\"text\":");
        cstr(&w, s->text);
        lit(&w, ",\"why\":");
        cstr(&w, s->why);
        raw(&w, "}", 1);
    }
    lit(&w, "],\"customer_emotion\":");
    if (c->emotion_word)
        cstr(&w, c->emotion_word);
    else
        lit(&w, "null");
    lit(&w, ",\"reply_truncated\":");
    lit(&w, c->reply_truncated ? "true" : "false");
    lit(&w, ",\"customer\":{");
    analysis_body(&w, &c->customer);
    lit(&w, "}}");
    flush(&w);
    if (w.err)
        at_buf_truncate(out, start);
    return w.err;
}
