/*
 * Training the emotion model (the format and the model are in emotions.c):
 * featurizing GoEmotions, the linear model and the net over out-of-fold
 * logits, the second stage folded into them, the thresholds chosen for the
 * labels and both groupings, and the weights file written. `attune train
 * emotions` runs it; it writes the same bytes every time.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/mem.h"
#include "text/emo_int.h"

#include "core/banned.h"

/* ---- training ---- */

struct featset {
    uint32_t *pool;
    size_t n, cap;
    struct emo_example *ex;
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
        nf = text_emo_features(eng, &t, f, EMO_MAX_FEATS, bits, NULL);
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

/* GoEmotions' sentiment grouping (sentiment_dict.json): used to choose thresholds. */
enum { SENT_POSITIVE, SENT_NEGATIVE, SENT_AMBIGUOUS, SENT_NEUTRAL, SENT_COUNT };

static const uint8_t sentiment_of[AT_EMO_COUNT] = {
    [AT_EMO_ADMIRATION] = SENT_POSITIVE,    [AT_EMO_AMUSEMENT] = SENT_POSITIVE,
    [AT_EMO_ANGER] = SENT_NEGATIVE,         [AT_EMO_ANNOYANCE] = SENT_NEGATIVE,
    [AT_EMO_APPROVAL] = SENT_POSITIVE,      [AT_EMO_CARING] = SENT_POSITIVE,
    [AT_EMO_CONFUSION] = SENT_AMBIGUOUS,    [AT_EMO_CURIOSITY] = SENT_AMBIGUOUS,
    [AT_EMO_DESIRE] = SENT_POSITIVE,        [AT_EMO_DISAPPOINTMENT] = SENT_NEGATIVE,
    [AT_EMO_DISAPPROVAL] = SENT_NEGATIVE,   [AT_EMO_DISGUST] = SENT_NEGATIVE,
    [AT_EMO_EMBARRASSMENT] = SENT_NEGATIVE, [AT_EMO_EXCITEMENT] = SENT_POSITIVE,
    [AT_EMO_FEAR] = SENT_NEGATIVE,          [AT_EMO_GRATITUDE] = SENT_POSITIVE,
    [AT_EMO_GRIEF] = SENT_NEGATIVE,         [AT_EMO_JOY] = SENT_POSITIVE,
    [AT_EMO_LOVE] = SENT_POSITIVE,          [AT_EMO_NERVOUSNESS] = SENT_NEGATIVE,
    [AT_EMO_OPTIMISM] = SENT_POSITIVE,      [AT_EMO_PRIDE] = SENT_POSITIVE,
    [AT_EMO_REALIZATION] = SENT_AMBIGUOUS,  [AT_EMO_RELIEF] = SENT_POSITIVE,
    [AT_EMO_REMORSE] = SENT_NEGATIVE,       [AT_EMO_SADNESS] = SENT_NEGATIVE,
    [AT_EMO_SURPRISE] = SENT_AMBIGUOUS,     [AT_EMO_NEUTRAL] = SENT_NEUTRAL,
};

/* The macro-F1 over `k` classes of pred against gold (bit sets). */
static double macro_f1(const uint32_t *gold, const uint32_t *pred, size_t n, int k)
{
    size_t tp[AT_EMO_COUNT] = {0}, fp[AT_EMO_COUNT] = {0}, fn[AT_EMO_COUNT] = {0};
    double s = 0;

    for (size_t i = 0; i < n; i++) {
        uint32_t both = gold[i] & pred[i], only_p = pred[i] & ~gold[i], only_g = gold[i] & ~pred[i];

        for (int l = 0; l < k; l++) {
            tp[l] += (both >> l) & 1;
            fp[l] += (only_p >> l) & 1;
            fn[l] += (only_g >> l) & 1;
        }
    }
    for (int l = 0; l < k; l++)
        s += tp[l] ? 2.0 * (double)tp[l] / (double)(2 * tp[l] + fp[l] + fn[l]) : 0;
    return s / k;
}

/* What the engine decides with: a threshold per label and per Ekman group. */
struct thresholds {
    float label[AT_EMO_COUNT];
    float group[AT_EKMAN_COUNT];
};

/* Dev probabilities and gold sets, and room for what is predicted from them. */
struct views {
    const float *prob;
    const uint32_t *gold;
    uint32_t *gold_ekman, *gold_sentiment, *pred, *pred_group;
    size_t n;
};

static void views_init(struct views *v, const float *prob, const uint32_t *gold, size_t n)
{
    size_t room = n ? n : 1;

    v->prob = prob;
    v->gold = gold;
    v->n = n;
    v->gold_ekman = at_xmalloc(room * sizeof(uint32_t));
    v->gold_sentiment = at_xmalloc(room * sizeof(uint32_t));
    v->pred = at_xmalloc(room * sizeof(uint32_t));
    v->pred_group = at_xmalloc(room * sizeof(uint32_t));
    for (size_t i = 0; i < n; i++) {
        v->gold_ekman[i] = text_emo_group_bits(gold[i], text_ekman_of);
        v->gold_sentiment[i] = text_emo_group_bits(gold[i], sentiment_of);
    }
}

static void views_free(struct views *v)
{
    free(v->gold_ekman);
    free(v->gold_sentiment);
    free(v->pred);
    free(v->pred_group);
}

/* Macro-F1 over the 28 labels, over the Ekman groups and over the sentiment groups. */
static void views_f1(struct views *v, const struct thresholds *t, double out[3])
{
    for (size_t i = 0; i < v->n; i++)
        v->pred[i] = text_emo_decide(v->prob + i * AT_EMO_COUNT, t->label, t->group);
    out[0] = macro_f1(v->gold, v->pred, v->n, AT_EMO_COUNT);
    for (size_t i = 0; i < v->n; i++)
        v->pred_group[i] = text_emo_group_bits(v->pred[i], text_ekman_of);
    out[1] = macro_f1(v->gold_ekman, v->pred_group, v->n, AT_EKMAN_COUNT);
    for (size_t i = 0; i < v->n; i++)
        v->pred_group[i] = text_emo_group_bits(v->pred[i], sentiment_of);
    out[2] = macro_f1(v->gold_sentiment, v->pred_group, v->n, SENT_COUNT);
}

/*
 * What the thresholds are chosen for. The engine reports the labels and their
 * Ekman and sentiment groups; the groups are what the console shows and
 * triage reads, so they count fully and the 28 labels a little less.
 */
#define LABEL_WEIGHT 0.3

static double objective(const double f[3])
{
    return LABEL_WEIGHT * f[0] + f[1] + f[2];
}

/* One threshold of `t` (at `slot`) tried over a grid; keeps the best for the objective. */
static void ascend(struct views *v, struct thresholds *t, float *slot, int from, int to, int step,
                   double *best)
{
    float keep = *slot;

    for (int s = from; s <= to; s += step) {
        double f[3];

        *slot = (float)s / 100.0f;
        views_f1(v, t, f);
        if (objective(f) > *best + 1e-9) {
            *best = objective(f);
            keep = *slot;
        }
    }
    *slot = keep;
}

/*
 * Starting from each label's best-F1 threshold and no group thresholds,
 * coordinate ascent (two rounds over the labels on a 0.02-0.90 grid, then
 * over the group thresholds on 0.05-1.00) on the objective. A rare label's
 * own best threshold often floods its group with false alarms; this finds
 * where it stops doing so, and where the members of a group together say
 * more than any one of them.
 */
static void choose_thresholds(const float *prob, const uint32_t *gold, size_t n,
                              struct thresholds *t, double f1[3])
{
    struct views v;
    double cur[3], best;

    for (int l = 0; l < AT_EMO_COUNT; l++) {
        float f;

        t->label[l] = pick_threshold(prob, gold, n, l, &f);
    }
    for (int g = 0; g < AT_EKMAN_COUNT; g++)
        t->group[g] = GROUP_OFF;
    views_init(&v, prob, gold, n);
    views_f1(&v, t, cur);
    best = objective(cur);
    for (int round = 0; round < 2; round++) {
        for (int l = 0; l < AT_EMO_COUNT; l++)
            ascend(&v, t, &t->label[l], 2, 90, 1, &best);
        for (int g = 0; g < AT_EKMAN_NEUTRAL; g++)
            ascend(&v, t, &t->group[g], 5, 100, 5, &best);
    }
    views_f1(&v, t, f1);
    views_free(&v);
}

/*
 * An honest estimate of the three macro-F1s: thresholds chosen on one half
 * of dev (alternate texts) and scored on the other, both ways round, averaged.
 * The figures on all of dev are optimistic by what choosing fits to it.
 */
static void cross_fitted(const float *prob, const uint32_t *gold, size_t n, double out[3])
{
    size_t half[2] = {(n + 1) / 2, n / 2};
    float *p[2];
    uint32_t *g[2];

    out[0] = out[1] = out[2] = 0;
    for (int h = 0; h < 2; h++) {
        p[h] = at_xmalloc((half[0] ? half[0] : 1) * AT_EMO_COUNT * sizeof(float));
        g[h] = at_xmalloc((half[0] ? half[0] : 1) * sizeof(uint32_t));
        for (size_t i = (size_t)h, k = 0; i < n; i += 2, k++) {
            memcpy(p[h] + k * AT_EMO_COUNT, prob + i * AT_EMO_COUNT, AT_EMO_COUNT * sizeof(float));
            g[h][k] = gold[i];
        }
    }
    for (int h = 0; h < 2; h++) {
        struct thresholds t;
        struct views v;
        double fit[3], other[3];

        choose_thresholds(p[h], g[h], half[h], &t, fit);
        views_init(&v, p[1 - h], g[1 - h], half[1 - h]);
        views_f1(&v, &t, other);
        views_free(&v);
        for (int k = 0; k < 3; k++)
            out[k] += other[k] / 2;
    }
    for (int h = 0; h < 2; h++) {
        free(p[h]);
        free(g[h]);
    }
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

static void put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static void put_f32(uint8_t *p, float f)
{
    uint32_t u;

    memcpy(&u, &f, sizeof(u));
    put_u32(p, u);
}

/* The probabilities of the texts of `fs` (their features are buckets) with model `m`. */
static void dev_probs(const struct emo_model *m, const struct featset *fs, float *prob)
{
    uint32_t rows[EMO_MAX_FEATS];

    for (size_t i = 0; i < fs->n_ex; i++) {
        for (uint32_t j = 0; j < fs->ex[i].n; j++)
            rows[j] = (uint32_t)row_of(m, fs->pool[fs->ex[i].off + j]);
        text_emo_model_probs(m, rows, fs->ex[i].n, prob + i * AT_EMO_COUNT);
    }
}

/* Training settings (see docs/TEXT.md for what was measured). */
#define TRAIN_LR     0.15f /* AdaGrad's step */
#define TRAIN_L2     0.04f /* a pull on every touched weight; strong, most features are rare */
#define TRAIN_MIN_DF 3     /* buckets used by fewer training texts get no row */
#define NB_ALPHA     1.0f  /* smoothing of the log-count ratios */
#define NB_MIX       0.5f  /* feature value: NB_MIX * |ratio| + (1 - NB_MIX) */

/*
 * The value of each feature for each label (NBSVM, Wang and Manning 2012): a
 * mix of 1 and the absolute log-count ratio, how much more often the feature
 * occurs in texts with the label than in texts without it. A weight is the
 * product of this value and what training learns, so the L2 pull holds back
 * features that say little about a label more than features that say much.
 * `pool` holds dense ids.
 */
static float *nb_values(const struct featset *tr, size_t n_dense)
{
    size_t cells = n_dense * AT_EMO_COUNT;
    float *with = at_xcalloc(cells, sizeof(*with)), *without = at_xcalloc(cells, sizeof(*without));
    double with_sum[AT_EMO_COUNT] = {0}, without_sum[AT_EMO_COUNT] = {0};

    for (size_t i = 0; i < tr->n_ex; i++) {
        for (uint32_t j = 0; j < tr->ex[i].n; j++) {
            size_t base = (size_t)tr->pool[tr->ex[i].off + j] * AT_EMO_COUNT;

            for (int l = 0; l < AT_EMO_COUNT; l++) {
                if ((tr->ex[i].labels >> l) & 1) {
                    with[base + (size_t)l] += 1;
                    with_sum[l] += 1;
                } else {
                    without[base + (size_t)l] += 1;
                    without_sum[l] += 1;
                }
            }
        }
    }
    for (size_t f = 0; f < n_dense; f++) {
        for (int l = 0; l < AT_EMO_COUNT; l++) {
            size_t c = f * AT_EMO_COUNT + (size_t)l;
            double a = (with[c] + NB_ALPHA) / (with_sum[l] + NB_ALPHA * (double)n_dense);
            double b = (without[c] + NB_ALPHA) / (without_sum[l] + NB_ALPHA * (double)n_dense);

            with[c] = NB_MIX * (float)fabs(log(a / b)) + (1 - NB_MIX);
        }
    }
    free(without);
    return with;
}

/*
 * Logistic regression per label by AdaGrad over `tr` (dense feature ids),
 * features valued by `nb`. Returns the weights (value folded in) and fills
 * `bias`. The weights after each pass of the second half are averaged: single
 * passes wander around the optimum and their mean generalises better.
 */
static float *sgd_train(const struct featset *tr, size_t n_dense, const float *nb, int epochs,
                        uint64_t rng, float *bias)
{
    size_t cells = n_dense * AT_EMO_COUNT;
    float *w = at_xcalloc(cells, sizeof(*w)), *g2 = at_xcalloc(cells, sizeof(*g2));
    float *avg = at_xcalloc(cells, sizeof(*avg));
    float bg2[AT_EMO_COUNT] = {0}, bias_avg[AT_EMO_COUNT] = {0};
    uint32_t *order = at_xmalloc((tr->n_ex ? tr->n_ex : 1) * sizeof(*order));
    int n_avg = 0;

    for (size_t i = 0; i < tr->n_ex; i++)
        order[i] = (uint32_t)i;
    /* label priors as the starting bias */
    for (int l = 0; l < AT_EMO_COUNT; l++) {
        size_t c = 0;

        for (size_t i = 0; i < tr->n_ex; i++)
            c += (tr->ex[i].labels >> l) & 1;
        bias[l] = logf(((float)c + 1) / ((float)(tr->n_ex - c) + 1));
    }
    for (int ep = 0; ep < epochs; ep++) {
        for (size_t i = tr->n_ex; i > 1; i--) {
            size_t j = rng_next(&rng) % i;
            uint32_t t = order[i - 1];

            order[i - 1] = order[j];
            order[j] = t;
        }
        for (size_t k = 0; k < tr->n_ex; k++) {
            const struct emo_example *x = &tr->ex[order[k]];
            const uint32_t *f = tr->pool + x->off;
            float z[AT_EMO_COUNT];

            for (int l = 0; l < AT_EMO_COUNT; l++)
                z[l] = bias[l];
            for (uint32_t j = 0; j < x->n; j++) {
                const float *row = w + (size_t)f[j] * AT_EMO_COUNT;
                const float *val = nb + (size_t)f[j] * AT_EMO_COUNT;

                for (int l = 0; l < AT_EMO_COUNT; l++)
                    z[l] += row[l] * val[l];
            }
            for (int l = 0; l < AT_EMO_COUNT; l++) {
                float gr = text_emo_sigmoid(z[l]) - (float)((x->labels >> l) & 1);

                z[l] = gr;
                bg2[l] += gr * gr;
                bias[l] -= TRAIN_LR * gr / sqrtf(bg2[l] + 1e-6f);
            }
            for (uint32_t j = 0; j < x->n; j++) {
                float *row = w + (size_t)f[j] * AT_EMO_COUNT;
                float *acc = g2 + (size_t)f[j] * AT_EMO_COUNT;
                const float *val = nb + (size_t)f[j] * AT_EMO_COUNT;

                for (int l = 0; l < AT_EMO_COUNT; l++) {
                    float gr = z[l] * val[l] + TRAIN_L2 * row[l];

                    acc[l] += gr * gr;
                    row[l] -= TRAIN_LR * gr / sqrtf(acc[l] + 1e-6f);
                }
            }
        }
        if (ep >= epochs / 2) {
            for (size_t i = 0; i < cells; i++)
                avg[i] += w[i];
            for (int l = 0; l < AT_EMO_COUNT; l++)
                bias_avg[l] += bias[l];
            n_avg++;
        }
    }
    for (size_t i = 0; i < cells; i++)
        avg[i] = avg[i] / (float)n_avg * nb[i];
    for (int l = 0; l < AT_EMO_COUNT; l++)
        bias[l] = bias_avg[l] / (float)n_avg;
    free(w);
    free(g2);
    free(order);
    return avg;
}

#define FOLDS                                                                                      \
    4 /* linear models trained for each text's logits from a model that did not see it             \
       */

/*
 * Each training text's logits from models that did not see it, the second
 * stage's inputs (tr->n_ex x EMO_STACK_IN): FOLDS linear models and nets,
 * each trained on the texts of the other folds (text i is in fold i %
 * FOLDS), counting only the features that will have rows. Logits of texts a
 * model learnt from are too sure of themselves to teach the second stage.
 */
static float *out_of_fold_logits(const struct featset *tr, size_t n_dense,
                                 const int32_t *row_of_dense, int epochs, uint64_t rng,
                                 const uint32_t *net_feat, const struct emo_example *net_ex,
                                 size_t n_rows, const struct emo_net_opts *net_opts)
{
    float *out = at_xcalloc((tr->n_ex ? tr->n_ex : 1) * EMO_STACK_IN, sizeof(*out));
    struct emo_example *sub_net = at_xmalloc((tr->n_ex ? tr->n_ex : 1) * sizeof(*sub_net));
    float *emb = at_xmalloc((n_rows ? n_rows : 1) * EMO_DIM * sizeof(*emb));
    struct emo_net_float *net = at_xmalloc(sizeof(*net));

    for (size_t k = 0; k < FOLDS; k++) {
        struct featset sub = *tr;
        float bias[AT_EMO_COUNT], *nb, *w;
        size_t n_sub = 0;

        sub.ex = at_xmalloc((tr->n_ex ? tr->n_ex : 1) * sizeof(*sub.ex));
        sub.n_ex = 0;
        for (size_t i = 0; i < tr->n_ex; i++) {
            if (i % FOLDS != k) {
                sub.ex[sub.n_ex++] = tr->ex[i];
                sub_net[n_sub++] = net_ex[i];
            }
        }
        nb = nb_values(&sub, n_dense);
        w = sgd_train(&sub, n_dense, nb, epochs, rng, bias);
        text_emo_net_train(net_feat, sub_net, n_sub, n_rows, net_opts, rng, emb, net);
        for (size_t i = k; i < tr->n_ex; i += FOLDS) {
            float *z = out + i * EMO_STACK_IN;

            for (int l = 0; l < AT_EMO_COUNT; l++)
                z[l] = bias[l];
            for (uint32_t j = 0; j < tr->ex[i].n; j++) {
                uint32_t f = tr->pool[tr->ex[i].off + j];

                if (row_of_dense[f] < 0)
                    continue;
                for (int l = 0; l < AT_EMO_COUNT; l++)
                    z[l] += w[(size_t)f * AT_EMO_COUNT + (size_t)l];
            }
            text_emo_net_logits(net, emb, net_feat + net_ex[i].off, net_ex[i].n, z + AT_EMO_COUNT);
        }
        free(nb);
        free(w);
        free(sub.ex);
    }
    free(sub_net);
    free(emb);
    free(net);
    return out;
}

/*
 * The second stage is linear in both models' logits, so it folds into them:
 * each feature's linear weights and the net's output layer become the
 * stage's mix of them, and every constant goes into the bias. The engine
 * then adds two sets of logits, and the stage costs it nothing.
 */
static void fold_stack(const float *stack, float *w, size_t n_dense, float *bias,
                       struct emo_net_float *net)
{
    enum { L = AT_EMO_COUNT, K = EMO_STACK_IN };
    float b[L], t[L], w2[EMO_HIDDEN * L];

    for (int l = 0; l < L; l++) {
        const float *s = stack + l * (K + 1);

        b[l] = s[K];
        for (int k = 0; k < L; k++)
            b[l] += s[k] * bias[k] + s[L + k] * net->b2[k];
    }
    for (size_t f = 0; f < n_dense; f++) {
        float *row = w + f * L;

        for (int l = 0; l < L; l++) {
            const float *s = stack + l * (K + 1);

            t[l] = 0;
            for (int k = 0; k < L; k++)
                t[l] += s[k] * row[k];
        }
        memcpy(row, t, sizeof(t));
    }
    for (int j = 0; j < EMO_HIDDEN; j++) {
        for (int l = 0; l < L; l++) {
            const float *s = stack + l * (K + 1) + L;

            w2[j * L + l] = 0;
            for (int k = 0; k < L; k++)
                w2[j * L + l] += s[k] * net->w2[j * L + k];
        }
    }
    memcpy(net->w2, w2, sizeof(w2));
    memcpy(bias, b, sizeof(b));
    memset(net->b2, 0, sizeof(net->b2));
}

/* What the phases of training share, from the features to the file's rows. */
struct emo_training {
    uint32_t bits;
    size_t buckets;
    int epochs;
    uint64_t rng;
    struct featset tr, dv;
    uint32_t *df;   /* per bucket: how many training texts use it */
    int32_t *dense; /* per bucket: its number among the buckets train.tsv uses, or -1 */
    size_t n_dense;
    float *nb, *w, bias[AT_EMO_COUNT]; /* the linear model, over dense numbers */
    uint8_t *bitmap;                   /* the buckets that get a row */
    int32_t *row_of_dense;             /* per dense number: its row, or -1 */
    size_t n_rows;
    struct emo_example *net_ex; /* the training texts as the net sees them */
    uint32_t *net_feat;
    struct emo_net_opts net_opts;
    struct emo_net_float netf;
    float *emb, *stack_in, stack[STACK_FLOATS];
    float scale[AT_EMO_COUNT], emb_scale[EMO_DIM];
    int8_t *q; /* the file's rows, quantised */
};

static void emo_training_release(struct emo_training *t)
{
    free(t->w);
    free(t->nb);
    free(t->dense);
    free(t->df);
    free(t->q);
    free(t->bitmap);
    free(t->row_of_dense);
    free(t->net_ex);
    free(t->net_feat);
    free(t->emb);
    free(t->stack_in);
    featset_free(&t->tr);
    featset_free(&t->dv);
}

/*
 * The features of train and dev, and the buckets that train.tsv uses numbered
 * densely: a few hundred thousand rows instead of a million, so the weights
 * and their gradient sums fit in tens of megabytes.
 */
static void featurize_sets(struct emo_training *t, const struct at_text_engine *eng,
                           const struct at_text_example *train, size_t n_train,
                           const struct at_text_example *dev, size_t n_dev)
{
    struct featset *tr = &t->tr;

    featurize(eng, train, n_train, tr, t->bits);
    featurize(eng, dev, n_dev, &t->dv, t->bits);
    t->df = at_xcalloc(t->buckets, sizeof(*t->df));
    for (size_t i = 0; i < tr->n; i++)
        t->df[tr->pool[i]]++;
    t->dense = at_xmalloc(t->buckets * sizeof(*t->dense));
    for (size_t b = 0; b < t->buckets; b++)
        t->dense[b] = t->df[b] ? (int32_t)t->n_dense++ : -1;
    for (size_t i = 0; i < tr->n; i++)
        tr->pool[i] = (uint32_t)t->dense[tr->pool[i]];
}

/*
 * Which buckets get a row: those seen in TRAIN_MIN_DF training texts or more.
 * The net sees only the features that have rows, as the engine will: the
 * training texts' features renumbered by row, those without one left out.
 */
static void choose_rows(struct emo_training *t)
{
    const struct featset *tr = &t->tr;

    t->bitmap = at_xcalloc(t->buckets / 8, 1);
    t->row_of_dense = at_xmalloc((t->n_dense ? t->n_dense : 1) * sizeof(*t->row_of_dense));
    for (size_t b = 0; b < t->buckets; b++) {
        if (t->df[b] >= TRAIN_MIN_DF) {
            t->bitmap[b >> 3] |= (uint8_t)(1u << (b & 7));
            t->row_of_dense[t->dense[b]] = (int32_t)t->n_rows++;
        } else if (t->dense[b] >= 0) {
            t->row_of_dense[t->dense[b]] = -1;
        }
    }
    t->net_ex = at_xmalloc((tr->n_ex ? tr->n_ex : 1) * sizeof(*t->net_ex));
    t->net_feat = at_xmalloc((tr->n ? tr->n : 1) * sizeof(*t->net_feat));
    for (size_t i = 0, k = 0; i < tr->n_ex; i++) {
        t->net_ex[i].off = (uint32_t)k;
        t->net_ex[i].labels = tr->ex[i].labels;
        for (uint32_t j = 0; j < tr->ex[i].n; j++) {
            int32_t rr = t->row_of_dense[tr->pool[tr->ex[i].off + j]];

            if (rr >= 0)
                t->net_feat[k++] = (uint32_t)rr;
        }
        t->net_ex[i].n = (uint16_t)(k - t->net_ex[i].off);
    }
}

/*
 * The second stage, learnt from logits of models that did not see the text,
 * then the net over all of train.tsv, and the stage folded into both models.
 */
static void train_stack_and_net(struct emo_training *t)
{
    const struct featset *tr = &t->tr;
    uint32_t *labels;

    text_emo_net_defaults(&t->net_opts);
    t->stack_in = out_of_fold_logits(tr, t->n_dense, t->row_of_dense, t->epochs, t->rng,
                                     t->net_feat, t->net_ex, t->n_rows, &t->net_opts);
    labels = at_xmalloc((tr->n_ex ? tr->n_ex : 1) * sizeof(*labels));
    for (size_t i = 0; i < tr->n_ex; i++)
        labels[i] = tr->ex[i].labels;
    text_emo_stack_train(t->stack_in, labels, tr->n_ex, t->rng, t->stack);
    free(labels);
    t->emb = at_xmalloc((t->n_rows ? t->n_rows : 1) * EMO_DIM * sizeof(*t->emb));
    text_emo_net_train(t->net_feat, t->net_ex, tr->n_ex, t->n_rows, &t->net_opts, t->rng, t->emb,
                       &t->netf);
    fold_stack(t->stack, t->w, t->n_dense, t->bias, &t->netf);
}

/* A scale per label and per vector number: the largest value maps to 127. */
static void choose_scales(struct emo_training *t)
{
    for (int l = 0; l < AT_EMO_COUNT; l++) {
        float mx = 1e-6f;

        for (size_t b = 0; b < t->buckets; b++) {
            float a;

            if (t->df[b] < TRAIN_MIN_DF)
                continue;
            a = fabsf(t->w[(size_t)t->dense[b] * AT_EMO_COUNT + (size_t)l]);
            if (a > mx)
                mx = a;
        }
        t->scale[l] = mx / 127.0f;
    }
    for (int d = 0; d < EMO_DIM; d++) {
        float mx = 1e-6f;

        for (size_t r = 0; r < t->n_rows; r++) {
            float a = fabsf(t->emb[r * EMO_DIM + (size_t)d]);

            if (a > mx)
                mx = a;
        }
        t->emb_scale[d] = mx / 127.0f;
    }
}

/* The file's rows: each bucket's linear weights and vector in 8 bits. */
static void quantise_rows(struct emo_training *t)
{
    size_t n_rows = 0;

    t->q = at_xcalloc(t->n_rows ? t->n_rows * FILE_ROW : 1, 1);
    for (size_t b = 0; b < t->buckets; b++) {
        int8_t *row;

        if (!(t->bitmap[b >> 3] & (1u << (b & 7))))
            continue;
        row = t->q + n_rows * FILE_ROW;
        for (int l = 0; l < AT_EMO_COUNT; l++) {
            float v = roundf(t->w[(size_t)t->dense[b] * AT_EMO_COUNT + (size_t)l] / t->scale[l]);

            row[l] = (int8_t)(v > 127 ? 127 : v < -127 ? -127 : v);
        }
        for (int d = 0; d < EMO_DIM; d++) {
            float v = roundf(t->emb[n_rows * EMO_DIM + (size_t)d] / t->emb_scale[d]);

            row[AT_EMO_COUNT + d] = (int8_t)(v > 127 ? 127 : v < -127 ? -127 : v);
        }
        n_rows++;
    }
    t->n_rows = n_rows;
}

/* The file, with thresholds to be chosen later, appended to `weights`. Returns 0 or AT_ETOOBIG. */
static int write_file(const struct emo_training *t, struct at_buf *weights, size_t start,
                      struct at_errinfo *e)
{
    const struct emo_net_float *netf = &t->netf;

    if (at_buf_add(weights, EMO_MAGIC "\0\0\0", 8) != 0)
        return at_errinfo_set(e, AT_ETOOBIG, "weights", "the weights do not fit in memory");
    wr32(weights, EMO_VERSION);
    wr32(weights, FEATURE_VERSION);
    wr32(weights, t->bits);
    wr32(weights, AT_EMO_COUNT);
    wr32(weights, (uint32_t)t->n_rows);
    wr32(weights, EMO_DIM);
    wr32(weights, EMO_HIDDEN);
    for (int l = 0; l < AT_EMO_COUNT; l++)
        wrf(weights, t->scale[l]);
    for (int l = 0; l < AT_EMO_COUNT; l++)
        wrf(weights, t->bias[l]);
    for (int l = 0; l < AT_EMO_COUNT; l++)
        wrf(weights, 0.5f);
    for (int g = 0; g < AT_EKMAN_COUNT; g++)
        wrf(weights, GROUP_OFF);
    for (int d = 0; d < EMO_DIM; d++)
        wrf(weights, t->emb_scale[d]);
    for (int i = 0; i < EMO_DIM * EMO_HIDDEN; i++)
        wrf(weights, netf->w1[i]);
    for (int j = 0; j < EMO_HIDDEN; j++)
        wrf(weights, netf->b1[j]);
    for (int i = 0; i < EMO_HIDDEN * AT_EMO_COUNT; i++)
        wrf(weights, netf->w2[i]);
    for (int l = 0; l < AT_EMO_COUNT; l++)
        wrf(weights, netf->b2[l]);
    at_buf_add(weights, t->bitmap, t->buckets / 8);
    if (at_buf_add(weights, t->q, t->n_rows * FILE_ROW) != 0)
        return at_errinfo_set(e, AT_ETOOBIG, "weights", "the weights do not fit in memory");
    wr32(weights, text_emo_fnv32((const uint8_t *)weights->data + start, weights->len - start));
    return 0;
}

/* The chosen thresholds and what they score on dev, for the report. */
static void report_thresholds(struct at_buf *report, const struct thresholds *thr,
                              const double views[3], const double honest[3])
{
    at_buf_addf(report, "thresholds chosen for the labels and both groupings:");
    for (int l = 0; l < AT_EMO_COUNT; l++)
        at_buf_addf(report, "%s%s %.2f", l % 7 ? ", " : "\n  ",
                    at_text_emotion_name((enum at_emotion)l), thr->label[l]);
    at_buf_addf(report, "\ngroup thresholds:");
    for (int g = 0; g < AT_EKMAN_NEUTRAL; g++)
        at_buf_addf(report, "%s %s %.2f", g ? "," : "", at_text_ekman_name((enum at_ekman)g),
                    thr->group[g]);
    at_buf_addf(report,
                "\ndev macro-F1 %.3f (28 labels), %.3f (Ekman), %.3f (sentiment)\n"
                "cross-fitted (chosen on one half of dev, scored on the other): "
                "%.3f, %.3f, %.3f\n",
                views[0], views[1], views[2], honest[0], honest[1], honest[2]);
}

/*
 * The thresholds, chosen on dev probabilities from the file as the engine
 * reads it (quantised, the same code), so that they meet the numbers the
 * engine computes; written into the file at `start`, with its checksum again.
 */
static int set_thresholds(const struct emo_training *t, struct at_buf *weights, size_t start,
                          struct at_buf *report, struct at_errinfo *e)
{
    const struct featset *dv = &t->dv;
    struct emo_model model;
    struct thresholds thr;
    double macro = 0, views[3], honest[3];
    uint8_t *file = (uint8_t *)weights->data + start;
    size_t len = weights->len - start;
    float *prob;
    uint32_t *gold;

    if (text_emo_parse(&model, file, len, e) != 0)
        return e->code;
    prob = at_xmalloc(dv->n_ex * AT_EMO_COUNT * sizeof(*prob));
    gold = at_xmalloc(dv->n_ex * sizeof(*gold));
    for (size_t i = 0; i < dv->n_ex; i++)
        gold[i] = dv->ex[i].labels;
    dev_probs(&model, dv, prob);
    for (int l = 0; l < AT_EMO_COUNT; l++) {
        float f1;
        float th = pick_threshold(prob, gold, dv->n_ex, l, &f1);

        macro += f1;
        if (report)
            at_buf_addf(report, "%-15s threshold %.2f  dev F1 %.3f\n",
                        at_text_emotion_name((enum at_emotion)l), th, f1);
    }
    if (report)
        at_buf_addf(report, "dev macro-F1 %.3f with each label's best threshold; %zu rows\n",
                    macro / AT_EMO_COUNT, t->n_rows);
    cross_fitted(prob, gold, dv->n_ex, honest);
    choose_thresholds(prob, gold, dv->n_ex, &thr, views);
    if (report)
        report_thresholds(report, &thr, views, honest);
    for (int l = 0; l < AT_EMO_COUNT; l++)
        put_f32(file + THRESHOLD_AT + 4 * l, thr.label[l]);
    for (int g = 0; g < AT_EKMAN_COUNT; g++)
        put_f32(file + THRESHOLD_AT + 4 * (AT_EMO_COUNT + g), thr.group[g]);
    put_u32(file + len - 4, text_emo_fnv32(file, len - 4));
    free(prob);
    free(gold);
    text_emo_free(&model);
    return 0;
}

int at_text_train_emotions(const struct at_text_engine *eng, const struct at_text_example *train,
                           size_t n_train, const struct at_text_example *dev, size_t n_dev,
                           const struct at_text_train_opts *opts, struct at_buf *weights,
                           struct at_buf *report, struct at_errinfo *e)
{
    struct emo_training t = {0};
    size_t start;
    int ret;

    if (n_train == 0 || n_dev == 0)
        return at_errinfo_set(e, AT_EINVAL, "data", "training needs train and dev examples");
    t.bits = DEFAULT_BITS;
    t.buckets = (size_t)1 << t.bits;
    t.epochs = opts && opts->epochs > 0 ? opts->epochs : 8;
    t.rng = opts && opts->seed ? opts->seed : 1;
    featurize_sets(&t, eng, train, n_train, dev, n_dev);
    t.nb = nb_values(&t.tr, t.n_dense);
    t.w = sgd_train(&t.tr, t.n_dense, t.nb, t.epochs, t.rng, t.bias);
    if (report)
        at_buf_addf(report, "%d passes over %zu texts, %zu features\n", t.epochs, t.tr.n_ex,
                    t.n_dense);
    /* prune buckets seen in too few training texts, then quantise per label */
    choose_rows(&t);
    train_stack_and_net(&t);
    choose_scales(&t);
    if (report)
        at_buf_addf(report,
                    "net: %d passes, %d-number vectors, %d hidden units; second stage over "
                    "%d-fold logits\n",
                    t.net_opts.epochs, EMO_DIM, EMO_HIDDEN, FOLDS);
    quantise_rows(&t);
    start = weights->len;
    ret = write_file(&t, weights, start, e);
    if (ret == 0)
        ret = set_thresholds(&t, weights, start, report, e);
    emo_training_release(&t);
    return ret;
}
