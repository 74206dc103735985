/*
 * Emotions: two models over the same hashed features (words, words marked as
 * negated, the stems of long words, word pairs, and lexicon features:
 * polarity band, counts of positive and negative words, capitals, "!", "?",
 * emoji), trained here by at_text_train_emotions(): a logistic regression per
 * GoEmotions label, and an embedding bag with one hidden layer (emo_net.c)
 * that sees how words combine. A second stage, a logistic regression per
 * label over both models' 28 logits trained on logits of models that did not
 * see the texts, mixes them; it is linear, so training folds it into the two
 * models, and a label's logit is the linear model's plus the net's.
 *
 * The weights file (data/emotions.bin), little-endian:
 *   "ATEMO\0\0\0"  u32 version  u32 feature_version  u32 bits  u32 labels (28)
 *   u32 n_rows     u32 dim (EMO_DIM)  u32 hidden (EMO_HIDDEN)
 *   f32 scale[28]  f32 bias[28]  f32 threshold[28]
 *   f32 group_threshold[7]         Ekman order, 0.05-1.0; 2.0: not used
 *   f32 emb_scale[dim]             vector value d = emb_scale[d] * row value
 *   f32 w1[dim][hidden]  f32 b1[hidden]  f32 w2[hidden][28]  f32 b2[28]
 *   u8 bitmap[2^bits / 8]          which hash buckets have a row
 *   i8 rows[n_rows][28 + dim]      linear weight = scale[label] * row[label], then the vector
 *   u32 checksum                   FNV-1a 32 of every byte before it
 * Buckets that fewer than three training texts used have no row, which
 * keeps the file small; the bucket-to-row map is built when the file is loaded.
 * A row in memory is one 64-byte line: the 28 linear weights, 4 zeros, the vector.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "text/emo_int.h"

#include "core/banned.h"

static uint32_t bucket(uint64_t h, uint32_t bits)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return (uint32_t)(h & ((1u << bits) - 1));
}

/* The words of the features that are not words of the text, hashed once in text_emo_init(). */
static const char *const marker_text[EMO_MARKER_COUNT] = {
    "<s>", "<p>", "</s>", "pos", "neg", "balance", "excl", "quest", "emoji", "caps", "len",
};

void text_emo_init(struct at_text_engine *eng)
{
    for (int i = 0; i < EMO_MARKER_COUNT; i++)
        eng->emo_marker[i] = text_hash(marker_text[i], strlen(marker_text[i]));
}

static uint64_t lex_feature(const struct at_text_engine *eng, enum emo_marker name, int value)
{
    return eng->emo_marker[name] ^ (SEED_LEX * (uint64_t)(value + 7));
}

size_t text_emo_features(const struct at_text_engine *eng, const struct toks *t, uint32_t *out,
                         size_t max, uint32_t bits, int16_t *tok_feat)
{
    size_t n = 0;
    int posw = 0, negw = 0, excl = 0, quest = 0, emoji = 0;
    uint64_t prev = eng->emo_marker[EM_START];

#define ADD(h)                                                                                     \
    do {                                                                                           \
        if (n < max)                                                                               \
            out[n++] = bucket((h), bits);                                                          \
    } while (0)

    for (size_t i = 0; i < t->n; i++) {
        const struct tok *k = &t->v[i];
        uint64_t h = k->hash;

        if (tok_feat)
            tok_feat[i] = -1;
        if (k->kind == TK_PUNCT) {
            if (k->norm[0] == '!')
                excl++;
            else if (k->norm[0] == '?')
                quest++;
            /* keep "!" and "?" as words; other punctuation only breaks pairs */
            if (k->norm[0] != '!' && k->norm[0] != '?') {
                prev = eng->emo_marker[EM_PUNCT];
                continue;
            }
        }
        if (k->kind == TK_EMOJI || k->kind == TK_EMOTICON)
            emoji++;
        if (tok_feat)
            tok_feat[i] = n < max && k->kind != TK_PUNCT ? (int16_t)n : -1;
        ADD(h);
        if (k->flags & TF_NEGATED)
            ADD(h ^ SEED_NEG);
        if (k->kind == TK_WORD && k->norm_len >= STEM_MIN_BYTES)
            ADD(text_hash(k->norm, STEM_BYTES) ^ SEED_STEM);
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
    ADD((prev * SEED_PAIR) ^ eng->emo_marker[EM_END]);
    ADD(lex_feature(eng, EM_POS, posw > 3 ? 3 : posw));
    ADD(lex_feature(eng, EM_NEG, negw > 3 ? 3 : negw));
    ADD(lex_feature(eng, EM_BALANCE, posw > negw ? 1 : posw < negw ? -1 : 0));
    if (excl)
        ADD(lex_feature(eng, EM_EXCL, excl > 2 ? 2 : excl));
    if (quest)
        ADD(lex_feature(eng, EM_QUEST, quest > 2 ? 2 : quest));
    if (emoji)
        ADD(lex_feature(eng, EM_EMOJI, 1));
    if (t->n_caps > 0)
        ADD(lex_feature(eng, EM_CAPS, t->n_caps * 2 > t->n_words ? 2 : 1));
    ADD(lex_feature(eng, EM_LEN, t->n < 8 ? 0 : t->n < 20 ? 1 : 2));
#undef ADD
    return n;
}

/* The groups (bit set) that the labels in `labels` belong to. */
uint32_t text_emo_group_bits(uint32_t labels, const uint8_t *group_of)
{
    uint32_t g = 0;

    for (int l = 0; l < AT_EMO_COUNT; l++) {
        if (labels & (1u << l))
            g |= 1u << group_of[l];
    }
    return g;
}

/* The label of `among` (a bit set) whose probability is the largest share of its threshold. */
static int nearest(const float *p, const float *threshold, uint32_t among)
{
    int best = AT_EMO_NEUTRAL;
    float best_ratio = -1;

    for (int l = 0; l < AT_EMO_COUNT; l++) {
        float ratio = p[l] / threshold[l];

        if ((among & (1u << l)) && ratio > best_ratio) {
            best_ratio = ratio;
            best = l;
        }
    }
    return best;
}

uint32_t text_emo_decide(const float *p, const float *threshold, const float *group_threshold)
{
    uint32_t set = 0, members[AT_EKMAN_COUNT] = {0};
    float group_sum[AT_EKMAN_COUNT] = {0};

    for (int l = 0; l < AT_EMO_COUNT; l++) {
        int g = text_ekman_of[l];

        if (p[l] >= threshold[l])
            set |= 1u << l;
        group_sum[g] += p[l];
        members[g] |= 1u << l;
    }
    /* the ratios (a division each) only where they decide something: rarely */
    for (int g = 0; g < AT_EKMAN_COUNT; g++) {
        if (!(set & members[g]) && group_threshold[g] < GROUP_OFF &&
            group_sum[g] >= group_threshold[g])
            set |= 1u << nearest(p, threshold, members[g]);
    }
    /* every message shows at least one emotion or is neutral */
    return set ? set : 1u << nearest(p, threshold, (1u << AT_EMO_COUNT) - 1);
}

float text_emo_sigmoid(float x)
{
    return 1.0f / (1.0f + expf(-x));
}

typedef float lanesf __attribute__((vector_size(4 * EMO_LANES)));
typedef int32_t lanes32 __attribute__((vector_size(4 * EMO_LANES)));

/*
 * p[l] = text_emo_sigmoid(z[l]) for the 28 labels at once, in vector lanes instead of 28 calls of
 * expf(): e^x = 2^n e^r with n the nearest integer to x / ln 2 and |r| <= ln 2 / 2, e^r by its
 * Taylor polynomial to r^7 (relative error below 1e-8), 2^n added straight into the exponent bits.
 * x is clamped to +-80, where the sigmoid is already 0 or 1 to a float's precision. The engine and
 * training both use it, so thresholds meet the same numbers.
 */
static void label_probs(const float *z, float *p)
{
    float xs[EMO_LANES] = {0};
    lanesf x, n, r, e;
    lanes32 ni;

    for (int l = 0; l < AT_EMO_COUNT; l++) {
        float v = -z[l];

        xs[l] = v < -80.0f ? -80.0f : v > 80.0f ? 80.0f : v;
    }
    memcpy(&x, xs, sizeof(x));
    /* adding and taking away 1.5 * 2^23 rounds to the nearest integer */
    n = x * 1.44269504f + 12582912.0f;
    n = n - 12582912.0f;
    r = x - n * 0.693145752f; /* ln 2 in two parts: r stays exact */
    r = r - n * 1.42860677e-6f;
    e = 1.0f +
        r * (1.0f +
             r * (0.5f +
                  r * (1.0f / 6 +
                       r * (1.0f / 24 + r * (1.0f / 120 + r * (1.0f / 720 + r * (1.0f / 5040)))))));
    ni = __builtin_convertvector(n, lanes32);
    e = (lanesf)((lanes32)e + (ni << 23));
    x = 1.0f / (1.0f + e);
    memcpy(xs, &x, sizeof(x));
    memcpy(p, xs, AT_EMO_COUNT * sizeof(*p));
}

/*
 * acc[0..EMO_ROW) += the rows `rows[0..n)` (-1: no row); returns how many
 * rows there were. 16-bit sums are exact for up to 258 rows of values in
 * -127..127; they are added into the 32-bit totals every 256 rows.
 */
static size_t sum_rows(const int8_t *base, const uint32_t *rows, size_t n, int32_t *acc)
{
    /* a row as four quarters of 16 lanes, which compilers keep in registers */
    typedef int8_t q8 __attribute__((vector_size(EMO_ROW / 4)));
    typedef int16_t q16 __attribute__((vector_size(EMO_ROW / 2)));
    size_t found = 0;

    for (size_t i0 = 0; i0 < n; i0 += 256) {
        size_t i1 = i0 + 256 < n ? i0 + 256 : n;
        q16 s0 = {0}, s1 = {0}, s2 = {0}, s3 = {0};
        int16_t out[EMO_ROW];

        for (size_t i = i0; i < i1; i++) {
            int32_t r = (int32_t)rows[i];
            const int8_t *row;
            q8 a, b, c, d;

            if (r < 0)
                continue;
            row = base + (size_t)r * EMO_ROW; /* only for a row that exists: no pointer overflow */
            found++;
            memcpy(&a, row, sizeof(a));
            memcpy(&b, row + EMO_ROW / 4, sizeof(b));
            memcpy(&c, row + EMO_ROW / 2, sizeof(c));
            memcpy(&d, row + 3 * EMO_ROW / 4, sizeof(d));
            s0 += __builtin_convertvector(a, q16);
            s1 += __builtin_convertvector(b, q16);
            s2 += __builtin_convertvector(c, q16);
            s3 += __builtin_convertvector(d, q16);
        }
        memcpy(out, &s0, sizeof(s0));
        memcpy(out + EMO_ROW / 4, &s1, sizeof(s1));
        memcpy(out + EMO_ROW / 2, &s2, sizeof(s2));
        memcpy(out + 3 * EMO_ROW / 4, &s3, sizeof(s3));
        for (int l = 0; l < EMO_ROW; l++)
            acc[l] += out[l];
    }
    return found;
}

typedef float net4 __attribute__((vector_size(16)));
typedef int32_t net4i __attribute__((vector_size(16)));

/* Four copies of x. */
static inline net4 splat(float x)
{
    net4 v = {x, x, x, x};

    return v;
}

static inline net4 load4(const float *p)
{
    net4 v;

    memcpy(&v, p, sizeof(v));
    return v;
}

/* acc0..acc7 += x * w[0..32): eight sums of four lanes, each in a register */
#define MAC32(acc, x, w)                                                                           \
    do {                                                                                           \
        acc##0 += (x)*load4((w));                                                                  \
        acc##1 += (x)*load4((w) + 4);                                                              \
        acc##2 += (x)*load4((w) + 8);                                                              \
        acc##3 += (x)*load4((w) + 12);                                                             \
        acc##4 += (x)*load4((w) + 16);                                                             \
        acc##5 += (x)*load4((w) + 20);                                                             \
        acc##6 += (x)*load4((w) + 24);                                                             \
        acc##7 += (x)*load4((w) + 28);                                                             \
    } while (0)

#define LOAD32(acc, p)                                                                             \
    net4 acc##0 = load4((p)), acc##1 = load4((p) + 4), acc##2 = load4((p) + 8),                    \
         acc##3 = load4((p) + 12), acc##4 = load4((p) + 16), acc##5 = load4((p) + 20),             \
         acc##6 = load4((p) + 24), acc##7 = load4((p) + 28)

#define STORE32(p, acc)                                                                            \
    do {                                                                                           \
        net4 all_[8] = {acc##0, acc##1, acc##2, acc##3, acc##4, acc##5, acc##6, acc##7};           \
        memcpy((p), all_, sizeof(all_));                                                           \
    } while (0)

_Static_assert(EMO_HIDDEN % 32 == 0 && EMO_LANES == 32, "the net's loops work 32 lanes at a time");

/*
 * z[0..EMO_LANES) += the net's logits from the sum of `k` rows' vectors
 * (`sum`, EMO_DIM values): e = the vector mean times sqrt(k), h = relu(W1 e +
 * b1), z += W2 h + b2. Thirty-two lanes at a time in eight registers of
 * four; the output layer only over the hidden units that are not zero, found
 * without a branch. The weights stay in the first-level cache (16 KiB).
 */
static void net_logits(const struct emo_model *m, const int32_t *sum, size_t k, float *z)
{
    float e[EMO_DIM], h[EMO_HIDDEN];
    uint8_t on[EMO_HIDDEN];
    net4 inv = splat(k ? 1.0f / sqrtf((float)k) : 0.0f);
    size_t n_on = 0;

    for (int d = 0; d < EMO_DIM; d += 4) {
        net4i si;
        net4 v;

        memcpy(&si, sum + d, sizeof(si));
        v = __builtin_convertvector(si, net4) * load4(m->emb_scale + d) * inv;
        memcpy(e + d, &v, sizeof(v));
    }
    for (int j0 = 0; j0 < EMO_HIDDEN; j0 += 32) {
        LOAD32(a, m->net_b1 + j0);

        for (int d = 0; d < EMO_DIM; d++) {
            net4 ed = splat(e[d]);

            MAC32(a, ed, m->net_w1 + (size_t)d * EMO_HIDDEN + j0);
        }
        STORE32(h + j0, a);
    }
    for (int j = 0; j < EMO_HIDDEN; j++) {
        on[n_on] = (uint8_t)j;
        n_on += h[j] > 0;
    }
    for (int q = 0; q < EMO_LANES; q += 4) {
        net4 v = load4(z + q) + load4(m->net_b2 + q);

        memcpy(z + q, &v, sizeof(v));
    }
    {
        LOAD32(o, z);

        for (size_t i = 0; i < n_on; i++) {
            net4 hj = splat(h[on[i]]);

            MAC32(o, hj, m->net_w2 + (size_t)on[i] * EMO_LANES);
        }
        STORE32(z, o);
    }
}

/* The 28 probabilities from the rows of a text's features (-1: no row). */
void text_emo_model_probs(const struct emo_model *m, const uint32_t *rows, size_t n, float *p)
{
    int32_t acc[EMO_ROW] = {0};
    float z[EMO_LANES] = {0};
    size_t k = sum_rows(m->rows, rows, n, acc);

    for (int l = 0; l < AT_EMO_COUNT; l++)
        z[l] = m->bias[l] + m->scale[l] * (float)acc[l];
    net_logits(m, acc + EMO_LANES, k, z);
    label_probs(z, p);
}

void text_emotions(const struct at_text_engine *eng, const struct toks *t, float *p,
                   uint32_t *present, struct ev_list *ev)
{
    const struct emo_model *m = &eng->emo;
    uint32_t feats[EMO_MAX_FEATS];
    int16_t *tok_feat; /* the feature of each token's word, for the evidence */
    size_t nf;
    uint32_t set;

    *present = 0;
    if (!eng->has_model) {
        for (int l = 0; l < AT_EMO_COUNT; l++)
            p[l] = 0;
        return;
    }
    tok_feat = ev && t->n ? at_arena_alloc(ev->arena, t->n * sizeof(*tok_feat)) : NULL;
    nf = text_emo_features(eng, t, feats, EMO_MAX_FEATS, m->bits, tok_feat);
    /*
     * The slots and the rows are hundreds of kilobytes and megabytes: ask for
     * every feature's slot line, then find the rows and ask for their lines,
     * then add, so that the cache misses overlap instead of queueing.
     */
    for (size_t i = 0; i < nf; i++)
        __builtin_prefetch(m->slots + (feats[i] >> 5));
    for (size_t i = 0; i < nf; i++) {
        int32_t r = row_of(m, feats[i]);

        feats[i] = (uint32_t)r;
        if (r >= 0)
            __builtin_prefetch(m->rows + (size_t)r * EMO_ROW);
    }
    text_emo_model_probs(m, feats, nf, p);
    set = text_emo_decide(p, m->threshold, m->group_threshold);
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

            if (k->kind == TK_PUNCT)
                trow[i] = -1;
            else if (tok_feat[i] >= 0)
                trow[i] = (int32_t)feats[tok_feat[i]]; /* already looked up */
            else
                trow[i] = row_of(m, bucket(k->hash, m->bits));
        }
        for (uint32_t rest = set & ~(1u << AT_EMO_NEUTRAL); rest; rest &= rest - 1) {
            int l = __builtin_ctz(rest);
            int top_i[2] = {-1, -1};
            int top_w[2] = {0, 0};

            for (size_t i = 0; i < t->n; i++) {
                int w;

                if (trow[i] < 0)
                    continue;
                w = m->rows[(size_t)trow[i] * EMO_ROW + (size_t)l];
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

uint32_t text_emo_fnv32(const uint8_t *p, size_t n)
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

/*
 * The header of emotions.bin of `n` bytes: its magic, versions and shape, its
 * size for that shape, and its checksum. Sets `bits` and `n_rows`; returns 0 or
 * AT_EINVAL with a message that says how to rebuild the file.
 */
static int parse_header(const uint8_t *p, size_t n, uint32_t *bits_out, uint32_t *n_rows_out,
                        struct at_errinfo *e)
{
    uint32_t version, fversion, bits, labels, n_rows, dim, hidden;
    size_t need, buckets;

    if (n < 28 || memcmp(p, EMO_MAGIC "\0\0\0", 8) != 0)
        return at_errinfo_set(e, AT_EINVAL, "emotions",
                              "emotions.bin is not an emotion weights file; rebuild it with "
                              "`attune train emotions --data DIR`");
    version = rd32(p + 8);
    fversion = rd32(p + 12);
    if (version != EMO_VERSION || fversion != FEATURE_VERSION)
        return at_errinfo_set(e, AT_EINVAL, "emotions",
                              "emotions.bin has version %u/%u, this program reads %u/%u; "
                              "rebuild it with `attune train emotions --data DIR`",
                              version, fversion, EMO_VERSION, FEATURE_VERSION);
    if (n < HEADER_BYTES + 4)
        return at_errinfo_set(e, AT_EINVAL, "emotions",
                              "emotions.bin is %zu bytes, too short for its header: truncated", n);
    bits = rd32(p + 16);
    labels = rd32(p + 20);
    n_rows = rd32(p + 24);
    dim = rd32(p + 28);
    hidden = rd32(p + 32);
    if (bits < 10 || bits > 24 || labels != AT_EMO_COUNT || dim != EMO_DIM || hidden != EMO_HIDDEN)
        return at_errinfo_set(e, AT_EINVAL, "emotions",
                              "emotions.bin has a bad header (bits %u, labels %u, dim %u, hidden "
                              "%u)",
                              bits, labels, dim, hidden);
    buckets = (size_t)1 << bits;
    if (n_rows > buckets)
        return at_errinfo_set(e, AT_EINVAL, "emotions", "emotions.bin has a bad row count");
    need = HEADER_BYTES + buckets / 8 + (size_t)n_rows * FILE_ROW + 4;
    if (n != need)
        return at_errinfo_set(e, AT_EINVAL, "emotions",
                              "emotions.bin is %zu bytes, expected %zu: truncated or corrupt", n,
                              need);
    if (text_emo_fnv32(p, n - 4) != rd32(p + n - 4))
        return at_errinfo_set(e, AT_EINVAL, "emotions",
                              "emotions.bin fails its checksum: the file is corrupt");
    *bits_out = bits;
    *n_rows_out = n_rows;
    return 0;
}

/*
 * Each label's scale, bias and threshold, each group's threshold and each
 * vector number's scale, from `q`. Sets `*end` past them; returns 0 or AT_EINVAL.
 */
static int parse_scales(struct emo_model *m, const uint8_t *q, const uint8_t **end,
                        struct at_errinfo *e)
{
    for (int l = 0; l < AT_EMO_COUNT; l++) {
        m->scale[l] = rdf(q + 4 * l);
        m->bias[l] = rdf(q + 4 * (AT_EMO_COUNT + l));
        m->threshold[l] = rdf(q + 4 * (2 * AT_EMO_COUNT + l));
        if (!isfinite(m->scale[l]) || !isfinite(m->bias[l]) || !(m->threshold[l] > 0) ||
            !(m->threshold[l] < 1))
            return at_errinfo_set(e, AT_EINVAL, "emotions",
                                  "emotions.bin has a bad value for label %d", l);
    }
    q += 3 * 4 * AT_EMO_COUNT;
    for (int g = 0; g < AT_EKMAN_COUNT; g++) {
        m->group_threshold[g] = rdf(q + 4 * g);
        if (!(m->group_threshold[g] > 0) || !(m->group_threshold[g] <= GROUP_OFF))
            return at_errinfo_set(e, AT_EINVAL, "emotions",
                                  "emotions.bin has a bad group threshold %d", g);
    }
    q += 4 * AT_EKMAN_COUNT;
    for (int d = 0; d < EMO_DIM; d++) {
        m->emb_scale[d] = rdf(q + 4 * d);
        if (!isfinite(m->emb_scale[d]))
            return at_errinfo_set(e, AT_EINVAL, "emotions", "emotions.bin has a bad vector scale");
    }
    *end = q + 4 * EMO_DIM;
    return 0;
}

/*
 * The net's dense layers from `q`, the labels padded to EMO_LANES, in one
 * 64-byte aligned block. Returns 0, or AT_EINVAL with the model freed.
 */
static int load_net(struct emo_model *m, const uint8_t *q, struct at_errinfo *e)
{
    float *net;

    m->net_block = at_xcalloc(NET_BLOCK + 16, sizeof(float));
    net = (float *)(((uintptr_t)m->net_block + 63) & ~(uintptr_t)63);
    m->net_w1 = net;
    m->net_b1 = m->net_w1 + EMO_DIM * EMO_HIDDEN;
    m->net_w2 = m->net_b1 + EMO_HIDDEN;
    m->net_b2 = m->net_w2 + EMO_HIDDEN * EMO_LANES;
    for (int i = 0; i < EMO_DIM * EMO_HIDDEN + EMO_HIDDEN; i++)
        net[i] = rdf(q + 4 * (size_t)i);
    q += 4 * (EMO_DIM * EMO_HIDDEN + EMO_HIDDEN);
    for (int j = 0; j < EMO_HIDDEN; j++) {
        for (int l = 0; l < AT_EMO_COUNT; l++)
            m->net_w2[j * EMO_LANES + l] = rdf(q + 4 * (size_t)(j * AT_EMO_COUNT + l));
    }
    q += 4 * EMO_HIDDEN * AT_EMO_COUNT;
    for (int l = 0; l < AT_EMO_COUNT; l++)
        m->net_b2[l] = rdf(q + 4 * (size_t)l);
    for (size_t i = 0; i < NET_BLOCK; i++) {
        if (!isfinite(net[i])) {
            text_emo_free(m);
            return at_errinfo_set(e, AT_EINVAL, "emotions",
                                  "emotions.bin has a bad value in its net");
        }
    }
    return 0;
}

/*
 * The bucket -> row map from the bitmap at `p + HEADER_BYTES` (one slot per 32
 * buckets: which have rows, and the row of the first), then the rows, padded
 * to EMO_ROW bytes (one cache line) and aligned to it. Returns 0, or
 * AT_EINVAL with the model freed.
 */
static int load_rows(struct emo_model *m, const uint8_t *p, size_t buckets, uint32_t n_rows,
                     struct at_errinfo *e)
{
    const int8_t *rows;
    size_t words, r = 0;

    m->bitmap = p + HEADER_BYTES;
    rows = (const int8_t *)(m->bitmap + buckets / 8);
    words = buckets / 32;
    m->slots = at_xmalloc(words * sizeof(*m->slots));
    for (size_t w = 0; w < words; w++) {
        uint32_t v = 0;

        for (int k = 0; k < 4; k++)
            v |= (uint32_t)m->bitmap[w * 4 + (size_t)k] << (8 * k);
        m->slots[w] = (uint64_t)r << 32 | v;
        r += popcount32(v);
    }
    if (r != n_rows) {
        text_emo_free(m);
        return at_errinfo_set(e, AT_EINVAL, "emotions",
                              "emotions.bin: bitmap and row count disagree");
    }
    m->rows_block = at_xcalloc((size_t)n_rows + 1, EMO_ROW);
    m->rows = (int8_t *)(((uintptr_t)m->rows_block + EMO_ROW - 1) & ~(uintptr_t)(EMO_ROW - 1));
    for (size_t i = 0; i < n_rows; i++) {
        memcpy(m->rows + i * EMO_ROW, rows + i * FILE_ROW, AT_EMO_COUNT);
        memcpy(m->rows + i * EMO_ROW + EMO_LANES, rows + i * FILE_ROW + AT_EMO_COUNT, EMO_DIM);
    }
    return 0;
}

int text_emo_parse(struct emo_model *m, const uint8_t *p, size_t n, struct at_errinfo *e)
{
    uint32_t bits = 0, n_rows = 0;
    const uint8_t *q = NULL;
    int ret;

    m->slots = NULL;
    m->rows_block = NULL;
    m->net_block = NULL;
    if ((ret = parse_header(p, n, &bits, &n_rows, e)) != 0)
        return ret;
    m->bits = bits;
    m->n_rows = n_rows;
    if ((ret = parse_scales(m, p + 36, &q, e)) != 0)
        return ret;
    if ((ret = load_net(m, q, e)) != 0)
        return ret;
    return load_rows(m, p, (size_t)1 << bits, n_rows, e);
}

void text_emo_free(struct emo_model *m)
{
    free(m->slots);
    free(m->rows_block);
    free(m->net_block);
    m->slots = NULL;
    m->rows = NULL;
    m->rows_block = NULL;
    m->net_block = NULL;
}
