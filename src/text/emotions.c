/*
 * Emotions: one logistic regression per GoEmotions label over hashed
 * features (words, words marked as negated, word pairs, and lexicon
 * features: polarity band, counts of positive and negative words, capitals,
 * "!", "?", emoji), trained here by at_text_train_emotions().
 *
 * The weights file (data/emotions.bin), little-endian:
 *   "ATEMO\0\0\0"  u32 version  u32 feature_version  u32 bits  u32 labels (28)
 *   u32 n_rows     f32 scale[28]  f32 bias[28]  f32 threshold[28]
 *   u8 bitmap[2^bits / 8]          which hash buckets have a row
 *   i8 rows[n_rows][28]            weight = scale[label] * row[label]
 *   u32 checksum                   FNV-1a 32 of every byte before it
 * Buckets that no training example used have no row, which keeps the file
 * small; the bucket-to-row map is built when the file is loaded.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "text/text_int.h"

#include "core/banned.h"

#define FEATURE_VERSION 1
#define HEADER_BYTES    (8 + 5 * 4 + 3 * 4 * AT_EMO_COUNT)
#define DEFAULT_BITS    18

/* Seeds that keep feature kinds apart in the hash space. */
#define SEED_NEG  0x9E3779B97F4A7C15ULL
#define SEED_PAIR 0xC2B2AE3D27D4EB4FULL
#define SEED_LEX  0x165667B19E3779F9ULL

static uint32_t bucket(uint64_t h, uint32_t bits)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return (uint32_t)(h & ((1u << bits) - 1));
}

static uint64_t lex_feature(const char *name, int value)
{
    return text_hash(name, strlen(name)) ^ (SEED_LEX * (uint64_t)(value + 7));
}

size_t text_emo_features(const struct at_text_engine *eng, const struct toks *t, uint32_t *out,
                         size_t max, uint32_t bits)
{
    size_t n = 0;
    int posw = 0, negw = 0, excl = 0, quest = 0, emoji = 0;
    uint64_t prev = text_hash("<s>", 3);

    (void)eng;
#define ADD(h)                                                                                     \
    do {                                                                                           \
        if (n < max)                                                                               \
            out[n++] = bucket((h), bits);                                                          \
    } while (0)

    for (size_t i = 0; i < t->n; i++) {
        const struct tok *k = &t->v[i];
        uint64_t h = k->hash;

        if (k->kind == TK_PUNCT) {
            if (k->norm[0] == '!')
                excl++;
            else if (k->norm[0] == '?')
                quest++;
            /* keep "!" and "?" as words; other punctuation only breaks pairs */
            if (k->norm[0] != '!' && k->norm[0] != '?') {
                prev = text_hash("<p>", 3);
                continue;
            }
        }
        if (k->kind == TK_EMOJI || k->kind == TK_EMOTICON)
            emoji++;
        ADD(h);
        if (k->flags & TF_NEGATED)
            ADD(h ^ SEED_NEG);
        ADD((prev * SEED_PAIR) ^ h);
        prev = h;
        if (k->kind == TK_WORD || k->kind == TK_EMOTICON || k->kind == TK_EMOJI) {
            const struct word_info *w = k->wi;

            if (w && (w->role & WR_LEXICON) && !(w->role & WR_BOOST)) {
                bool neg = (k->flags & TF_NEGATED) != 0;

                if ((w->valence > 0) != neg)
                    posw++;
                else
                    negw++;
            }
        }
    }
    ADD((prev * SEED_PAIR) ^ text_hash("</s>", 4));
    ADD(lex_feature("pos", posw > 3 ? 3 : posw));
    ADD(lex_feature("neg", negw > 3 ? 3 : negw));
    ADD(lex_feature("balance", posw > negw ? 1 : posw < negw ? -1 : 0));
    if (excl)
        ADD(lex_feature("excl", excl > 2 ? 2 : excl));
    if (quest)
        ADD(lex_feature("quest", quest > 2 ? 2 : quest));
    if (emoji)
        ADD(lex_feature("emoji", 1));
    if (t->n_caps > 0)
        ADD(lex_feature("caps", t->n_caps * 2 > t->n_words ? 2 : 1));
    ADD(lex_feature("len", t->n < 8 ? 0 : t->n < 20 ? 1 : 2));
#undef ADD
    return n;
}

/* 32 lanes for the 28 labels, so that adding a row is a few vector instructions */
typedef int8_t lanes8 __attribute__((vector_size(32)));
typedef int32_t lanes32 __attribute__((vector_size(128)));

static float sigmoid(float x)
{
    return 1.0f / (1.0f + expf(-x));
}

void text_emotions(const struct at_text_engine *eng, const struct toks *t, float *p,
                   uint32_t *present, struct ev_list *ev)
{
    const struct emo_model *m = &eng->emo;
    uint32_t feats[EMO_MAX_FEATS];
    int32_t acc[AT_EMO_COUNT] = {0};
    size_t nf;
    uint32_t set = 0;
    int best = AT_EMO_NEUTRAL;
    float best_ratio = -1;

    *present = 0;
    if (!eng->has_model) {
        for (int l = 0; l < AT_EMO_COUNT; l++)
            p[l] = 0;
        return;
    }
    nf = text_emo_features(eng, t, feats, EMO_MAX_FEATS, m->bits);
    /* the tables are megabytes: ask for every line first, then add (memory-level parallelism) */
    for (size_t i = 0; i < nf; i++)
        __builtin_prefetch(&m->row_of[feats[i]]);
    for (size_t i = 0; i < nf; i++) {
        int32_t r = m->row_of[feats[i]];

        feats[i] = (uint32_t)r;
        if (r >= 0)
            __builtin_prefetch(m->rows + (size_t)r * AT_EMO_COUNT);
    }
    {
        lanes32 sum = {0};

        for (size_t i = 0; i < nf; i++) {
            int32_t r = (int32_t)feats[i];
            lanes8 row = {0};

            if (r < 0)
                continue;
            memcpy(&row, m->rows + (size_t)r * AT_EMO_COUNT, AT_EMO_COUNT);
            sum += __builtin_convertvector(row, lanes32);
        }
        for (int l = 0; l < AT_EMO_COUNT; l++)
            acc[l] = sum[l];
    }
    for (int l = 0; l < AT_EMO_COUNT; l++) {
        float ratio;

        p[l] = sigmoid(m->bias[l] + m->scale[l] * (float)acc[l]);
        if (p[l] >= m->threshold[l])
            set |= 1u << l;
        ratio = p[l] / m->threshold[l];
        if (ratio > best_ratio) {
            best_ratio = ratio;
            best = l;
        }
    }
    /* every message shows at least one emotion or is neutral */
    if (set == 0)
        set = 1u << best;
    *present = set;
    if (!ev)
        return;
    /* evidence: the words that pushed each present emotion up the most */
    if (set == (1u << AT_EMO_NEUTRAL) || t->n == 0)
        return;
    {
        int32_t *trow = at_arena_alloc(ev->arena, t->n * sizeof(*trow));

        for (size_t i = 0; i < t->n; i++) {
            const struct tok *k = &t->v[i];

            trow[i] = k->kind == TK_PUNCT ? -1 : m->row_of[bucket(k->hash, m->bits)];
        }
        for (int l = 0; l < AT_EMO_COUNT; l++) {
            int top_i[2] = {-1, -1};
            int top_w[2] = {0, 0};

            if (!(set & (1u << l)) || l == AT_EMO_NEUTRAL)
                continue;
            for (size_t i = 0; i < t->n; i++) {
                int w;

                if (trow[i] < 0)
                    continue;
                w = m->rows[(size_t)trow[i] * AT_EMO_COUNT + (size_t)l];
                if (w > top_w[0]) {
                    top_w[1] = top_w[0];
                    top_i[1] = top_i[0];
                    top_w[0] = w;
                    top_i[0] = (int)i;
                } else if (w > top_w[1]) {
                    top_w[1] = w;
                    top_i[1] = (int)i;
                }
            }
            for (int j = 0; j < 2; j++) {
                if (top_i[j] < 0 || (float)top_w[j] * m->scale[l] < 0.3f)
                    continue;
                text_ev_add(ev, t->v[top_i[j]].start, t->v[top_i[j]].end, AT_SIG_EMOTION, l,
                            (float)top_w[j] * m->scale[l], "word");
            }
        }
    }
}

/* ---- the weights file ---- */

static uint32_t fnv32(const uint8_t *p, size_t n)
{
    uint32_t h = 2166136261u;

    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 16777619u;
    }
    return h;
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static float rdf(const uint8_t *p)
{
    uint32_t u = rd32(p);
    float f;

    memcpy(&f, &u, sizeof(f));
    return f;
}

int text_emo_parse(struct emo_model *m, const uint8_t *p, size_t n, struct at_errinfo *e)
{
    uint32_t version, fversion, bits, labels, n_rows;
    size_t need, buckets, r = 0;
    const uint8_t *q;

    if (n < HEADER_BYTES + 4 || memcmp(p, EMO_MAGIC "\0\0\0", 8) != 0)
        return at_errinfo_set(e, AT_EINVAL, "emotions",
                              "emotions.bin is not an emotion weights file; rebuild it with "
                              "`attune train emotions --data DIR`");
    version = rd32(p + 8);
    fversion = rd32(p + 12);
    bits = rd32(p + 16);
    labels = rd32(p + 20);
    n_rows = rd32(p + 24);
    if (version != EMO_VERSION || fversion != FEATURE_VERSION)
        return at_errinfo_set(e, AT_EINVAL, "emotions",
                              "emotions.bin has version %u/%u, this program reads %u/%u; "
                              "rebuild it with `attune train emotions --data DIR`",
                              version, fversion, EMO_VERSION, FEATURE_VERSION);
    if (bits < 10 || bits > 24 || labels != AT_EMO_COUNT)
        return at_errinfo_set(e, AT_EINVAL, "emotions",
                              "emotions.bin has a bad header (bits %u, labels %u)", bits, labels);
    buckets = (size_t)1 << bits;
    if (n_rows > buckets)
        return at_errinfo_set(e, AT_EINVAL, "emotions", "emotions.bin has a bad row count");
    need = HEADER_BYTES + buckets / 8 + (size_t)n_rows * AT_EMO_COUNT + 4;
    if (n != need)
        return at_errinfo_set(e, AT_EINVAL, "emotions",
                              "emotions.bin is %zu bytes, expected %zu: truncated or corrupt", n,
                              need);
    if (fnv32(p, n - 4) != rd32(p + n - 4))
        return at_errinfo_set(e, AT_EINVAL, "emotions",
                              "emotions.bin fails its checksum: the file is corrupt");
    m->bits = bits;
    m->n_rows = n_rows;
    q = p + 28;
    for (int l = 0; l < AT_EMO_COUNT; l++) {
        m->scale[l] = rdf(q + 4 * l);
        m->bias[l] = rdf(q + 4 * (AT_EMO_COUNT + l));
        m->threshold[l] = rdf(q + 4 * (2 * AT_EMO_COUNT + l));
        if (!isfinite(m->scale[l]) || !isfinite(m->bias[l]) || !(m->threshold[l] > 0) ||
            !(m->threshold[l] < 1))
            return at_errinfo_set(e, AT_EINVAL, "emotions",
                                  "emotions.bin has a bad value for label %d", l);
    }
    m->bitmap = p + HEADER_BYTES;
    m->rows = (const int8_t *)(m->bitmap + buckets / 8);
    m->row_of = at_xmalloc(buckets * sizeof(*m->row_of));
    for (size_t b = 0; b < buckets; b++) {
        if (m->bitmap[b >> 3] & (1u << (b & 7)))
            m->row_of[b] = (int32_t)r++;
        else
            m->row_of[b] = -1;
    }
    if (r != n_rows) {
        free(m->row_of);
        m->row_of = NULL;
        return at_errinfo_set(e, AT_EINVAL, "emotions",
                              "emotions.bin: bitmap and row count disagree");
    }
    return 0;
}

/* ---- training ---- */

struct example {
    uint32_t off; /* into the feature pool */
    uint16_t n;
    uint32_t labels;
};

struct featset {
    uint32_t *pool;
    size_t n, cap;
    struct example *ex;
    size_t n_ex;
};

static void featurize(const struct at_text_engine *eng, const struct at_text_example *src, size_t n,
                      struct featset *fs, uint32_t bits)
{
    struct at_arena arena = AT_ARENA_INIT;

    fs->ex = at_xcalloc(n ? n : 1, sizeof(*fs->ex));
    fs->n_ex = 0;
    fs->cap = 1 << 20;
    fs->pool = at_xmalloc(fs->cap * sizeof(*fs->pool));
    fs->n = 0;
    for (size_t i = 0; i < n; i++) {
        struct toks t;
        struct ev_list ev = {.arena = &arena};
        uint32_t f[EMO_MAX_FEATS];
        size_t nf, clip;
        bool trunc;

        if (!at_utf8_valid(src[i].text, src[i].n))
            continue;
        clip = text_clip(src[i].text, src[i].n, &trunc);
        text_tokenize(src[i].text, clip, &arena, &t);
        (void)text_polarity(eng, &t, &ev); /* marks negation scopes */
        nf = text_emo_features(eng, &t, f, EMO_MAX_FEATS, bits);
        if (fs->n + nf > fs->cap) {
            fs->cap *= 2;
            fs->pool = at_xrealloc(fs->pool, fs->cap * sizeof(*fs->pool));
        }
        memcpy(fs->pool + fs->n, f, nf * sizeof(*f));
        fs->ex[fs->n_ex].off = (uint32_t)fs->n;
        fs->ex[fs->n_ex].n = (uint16_t)nf;
        fs->ex[fs->n_ex].labels = src[i].labels;
        fs->n_ex++;
        fs->n += nf;
        at_arena_reset(&arena);
    }
    at_arena_release(&arena);
}

static void featset_free(struct featset *fs)
{
    free(fs->pool);
    free(fs->ex);
}

static uint32_t rng_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return (uint32_t)(*s >> 11);
}

/* Best F1 threshold of one label over dev probabilities. */
static float pick_threshold(const float *prob, const uint32_t *gold, size_t n, int l, float *f1)
{
    float best_t = 0.5f, best_f = -1;

    for (int s = 2; s <= 90; s++) {
        float th = (float)s / 100.0f;
        size_t tp = 0, fp = 0, fn = 0;
        float f;

        for (size_t i = 0; i < n; i++) {
            bool g = (gold[i] >> l) & 1;
            bool pr = prob[i * AT_EMO_COUNT + (size_t)l] >= th;

            tp += g && pr;
            fp += !g && pr;
            fn += g && !pr;
        }
        f = tp ? 2.0f * (float)tp / (float)(2 * tp + fp + fn) : 0;
        if (f > best_f) {
            best_f = f;
            best_t = th;
        }
    }
    *f1 = best_f;
    return best_t;
}

static void wr32(struct at_buf *b, uint32_t v)
{
    uint8_t x[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};

    at_buf_add(b, x, 4);
}

static void wrf(struct at_buf *b, float f)
{
    uint32_t u;

    memcpy(&u, &f, sizeof(u));
    wr32(b, u);
}

int at_text_train_emotions(const struct at_text_engine *eng, const struct at_text_example *train,
                           size_t n_train, const struct at_text_example *dev, size_t n_dev,
                           const struct at_text_train_opts *opts, struct at_buf *weights,
                           struct at_buf *report, struct at_errinfo *e)
{
    const uint32_t bits = DEFAULT_BITS;
    const size_t buckets = (size_t)1 << bits;
    /* an L2 pull on every touched weight; strong, because most features are rare */
    const float lr = 0.15f, l2 = 0.04f;
    int epochs = opts && opts->epochs > 0 ? opts->epochs : 8;
    uint64_t rng = opts && opts->seed ? opts->seed : 1;
    struct featset tr, dv;
    float *w = NULL, *g2 = NULL, *prob = NULL;
    uint32_t *df = NULL, *gold = NULL, *order = NULL;
    float bias[AT_EMO_COUNT] = {0}, bg2[AT_EMO_COUNT] = {0}, scale[AT_EMO_COUNT], thr[AT_EMO_COUNT];
    int8_t *q = NULL;
    uint8_t *bitmap = NULL;
    size_t n_rows = 0, start;
    double macro = 0;
    int ret = 0;

    if (n_train == 0 || n_dev == 0)
        return at_errinfo_set(e, AT_EINVAL, "data", "training needs train and dev examples");
    featurize(eng, train, n_train, &tr, bits);
    featurize(eng, dev, n_dev, &dv, bits);
    w = at_xcalloc(buckets * AT_EMO_COUNT, sizeof(*w));
    g2 = at_xcalloc(buckets * AT_EMO_COUNT, sizeof(*g2));
    df = at_xcalloc(buckets, sizeof(*df));
    order = at_xmalloc(tr.n_ex * sizeof(*order));
    for (size_t i = 0; i < tr.n_ex; i++) {
        order[i] = (uint32_t)i;
        for (uint32_t j = 0; j < tr.ex[i].n; j++)
            df[tr.pool[tr.ex[i].off + j]]++;
    }
    /* label priors as the starting bias */
    for (int l = 0; l < AT_EMO_COUNT; l++) {
        size_t c = 0;

        for (size_t i = 0; i < tr.n_ex; i++)
            c += (tr.ex[i].labels >> l) & 1;
        bias[l] = logf(((float)c + 1) / ((float)(tr.n_ex - c) + 1));
    }
    for (int ep = 0; ep < epochs; ep++) {
        for (size_t i = tr.n_ex; i > 1; i--) {
            size_t j = rng_next(&rng) % i;
            uint32_t t = order[i - 1];

            order[i - 1] = order[j];
            order[j] = t;
        }
        for (size_t k = 0; k < tr.n_ex; k++) {
            const struct example *x = &tr.ex[order[k]];
            const uint32_t *f = tr.pool + x->off;
            float z[AT_EMO_COUNT];

            for (int l = 0; l < AT_EMO_COUNT; l++)
                z[l] = bias[l];
            for (uint32_t j = 0; j < x->n; j++) {
                const float *row = w + (size_t)f[j] * AT_EMO_COUNT;

                for (int l = 0; l < AT_EMO_COUNT; l++)
                    z[l] += row[l];
            }
            for (int l = 0; l < AT_EMO_COUNT; l++) {
                float gr = sigmoid(z[l]) - (float)((x->labels >> l) & 1);

                z[l] = gr;
                bg2[l] += gr * gr;
                bias[l] -= lr * gr / sqrtf(bg2[l] + 1e-6f);
            }
            for (uint32_t j = 0; j < x->n; j++) {
                float *row = w + (size_t)f[j] * AT_EMO_COUNT;
                float *acc = g2 + (size_t)f[j] * AT_EMO_COUNT;

                for (int l = 0; l < AT_EMO_COUNT; l++) {
                    float gr = z[l] + l2 * row[l];

                    acc[l] += gr * gr;
                    row[l] -= lr * gr / sqrtf(acc[l] + 1e-6f);
                }
            }
        }
        if (report)
            at_buf_addf(report, "epoch %d done\n", ep + 1);
    }
    /* prune buckets seen in fewer than two training texts, then quantise per label */
    bitmap = at_xcalloc(buckets / 8, 1);
    for (size_t b = 0; b < buckets; b++) {
        if (df[b] >= 2) {
            bitmap[b >> 3] |= (uint8_t)(1u << (b & 7));
            n_rows++;
        } else {
            for (int l = 0; l < AT_EMO_COUNT; l++)
                w[b * AT_EMO_COUNT + (size_t)l] = 0;
        }
    }
    for (int l = 0; l < AT_EMO_COUNT; l++) {
        float mx = 1e-6f;

        for (size_t b = 0; b < buckets; b++) {
            float a = fabsf(w[b * AT_EMO_COUNT + (size_t)l]);

            if (a > mx)
                mx = a;
        }
        scale[l] = mx / 127.0f;
    }
    q = at_xcalloc(n_rows ? n_rows * AT_EMO_COUNT : 1, 1);
    n_rows = 0;
    for (size_t b = 0; b < buckets; b++) {
        if (!(bitmap[b >> 3] & (1u << (b & 7))))
            continue;
        for (int l = 0; l < AT_EMO_COUNT; l++) {
            float v = roundf(w[b * AT_EMO_COUNT + (size_t)l] / scale[l]);

            q[n_rows * AT_EMO_COUNT + (size_t)l] = (int8_t)(v > 127 ? 127 : v < -127 ? -127 : v);
        }
        n_rows++;
    }
    /* dev probabilities with the quantised weights, thresholds per label */
    prob = at_xmalloc(dv.n_ex * AT_EMO_COUNT * sizeof(*prob));
    gold = at_xmalloc(dv.n_ex * sizeof(*gold));
    {
        int32_t *row_of = at_xmalloc(buckets * sizeof(*row_of));
        size_t r = 0;

        for (size_t b = 0; b < buckets; b++)
            row_of[b] = (bitmap[b >> 3] & (1u << (b & 7))) ? (int32_t)r++ : -1;
        for (size_t i = 0; i < dv.n_ex; i++) {
            int32_t acc[AT_EMO_COUNT] = {0};

            for (uint32_t j = 0; j < dv.ex[i].n; j++) {
                int32_t rr = row_of[dv.pool[dv.ex[i].off + j]];

                if (rr < 0)
                    continue;
                for (int l = 0; l < AT_EMO_COUNT; l++)
                    acc[l] += q[(size_t)rr * AT_EMO_COUNT + (size_t)l];
            }
            for (int l = 0; l < AT_EMO_COUNT; l++)
                prob[i * AT_EMO_COUNT + (size_t)l] = sigmoid(bias[l] + scale[l] * (float)acc[l]);
            gold[i] = dv.ex[i].labels;
        }
        free(row_of);
    }
    for (int l = 0; l < AT_EMO_COUNT; l++) {
        float f1;

        thr[l] = pick_threshold(prob, gold, dv.n_ex, l, &f1);
        macro += f1;
        if (report)
            at_buf_addf(report, "%-15s threshold %.2f  dev F1 %.3f\n",
                        at_text_emotion_name((enum at_emotion)l), thr[l], f1);
    }
    if (report)
        at_buf_addf(report, "dev macro-F1 %.3f over %zu texts (trained on %zu); %zu rows\n",
                    macro / AT_EMO_COUNT, dv.n_ex, tr.n_ex, n_rows);
    start = weights->len;
    if (at_buf_add(weights, EMO_MAGIC "\0\0\0", 8) != 0) {
        ret = at_errinfo_set(e, AT_ETOOBIG, "weights", "the weights do not fit in memory");
        goto out;
    }
    wr32(weights, EMO_VERSION);
    wr32(weights, FEATURE_VERSION);
    wr32(weights, bits);
    wr32(weights, AT_EMO_COUNT);
    wr32(weights, (uint32_t)n_rows);
    for (int l = 0; l < AT_EMO_COUNT; l++)
        wrf(weights, scale[l]);
    for (int l = 0; l < AT_EMO_COUNT; l++)
        wrf(weights, bias[l]);
    for (int l = 0; l < AT_EMO_COUNT; l++)
        wrf(weights, thr[l]);
    at_buf_add(weights, bitmap, buckets / 8);
    if (at_buf_add(weights, q, n_rows * AT_EMO_COUNT) != 0) {
        ret = at_errinfo_set(e, AT_ETOOBIG, "weights", "the weights do not fit in memory");
        goto out;
    }
    wr32(weights, fnv32((const uint8_t *)weights->data + start, weights->len - start));

out:
    free(w);
    free(g2);
    free(df);
    free(order);
    free(q);
    free(bitmap);
    free(prob);
    free(gold);
    featset_free(&tr);
    featset_free(&dv);
    return ret;
}
