/*
 * The emotion model's second half: an embedding bag with one hidden layer,
 * trained here in floats. Each kept feature (a hash bucket with a row) has a
 * vector of EMO_DIM numbers; a text is the sum of its features' vectors
 * times 1 / sqrt(count), then h = relu(W1 e + b1) with EMO_HIDDEN units and
 * z = W2 h + b2, one logit per label, trained with the log loss of each
 * label. The engine adds these logits to the linear model's (emotions.c),
 * where a pair of words can only add its weight, while here words change how
 * much the others count (a "not" before "bad", "love" in an angry text).
 *
 * Training: Adam (Kingma and Ba 2015) for the dense layers, AdaGrad for the
 * vectors (most are rare and touched a few times a pass), dropout on the
 * features and on the hidden units, the step falling linearly to zero over
 * the passes. Deterministic for a seed: one thread, its own random numbers.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "text/text_int.h"

#include "core/banned.h"

static uint32_t net_rng(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return (uint32_t)(*s >> 11);
}

/* Uniform in [-a, a). */
static float uniform(uint64_t *s, float a)
{
    return a * ((float)(net_rng(s) & 0xFFFFFF) / 8388608.0f - 1.0f);
}

static float net_sigmoid(float x)
{
    return 1.0f / (1.0f + expf(-x));
}

void text_emo_net_defaults(struct emo_net_opts *o)
{
    o->epochs = 6;
    o->lr_dense = 0.001f;
    o->lr_emb = 0.02f;
    o->feat_dropout = 0.3f;
    o->hidden_dropout = 0.5f;
    o->init_emb = 0.1f;
}

/* Adam's state for one dense array. */
struct adam {
    float *m, *v;
};

static void adam_step(float *w, const float *g, struct adam *a, size_t n, float lr, float b1t,
                      float b2t)
{
    const float b1 = 0.9f, b2 = 0.999f;
    float c1 = 1.0f / (1.0f - b1t), c2 = 1.0f / (1.0f - b2t);

    for (size_t i = 0; i < n; i++) {
        a->m[i] = b1 * a->m[i] + (1 - b1) * g[i];
        a->v[i] = b2 * a->v[i] + (1 - b2) * g[i] * g[i];
        w[i] -= lr * (a->m[i] * c1) / (sqrtf(a->v[i] * c2) + 1e-8f);
    }
}

/* What training the net carries from one text to the next. */
struct net_trainer {
    const struct emo_net_opts *o;
    struct emo_net_float *net;
    float *emb, *eg2; /* the vectors and their AdaGrad sums of squared gradients */
    uint32_t *kept;   /* the features of the text that dropout kept */
    float *gw1, *gw2; /* the dense layers' gradients */
    struct adam aw1, ab1, aw2, ab2;
    uint64_t rng;
    float b1t, b2t; /* Adam's b1 and b2 to the power of the steps taken */
};

/*
 * Random vectors and layers (the hidden layer's scale for ReLU, the output
 * layer's for its fan in and out), and each output's bias at its label's
 * log odds over the training texts.
 */
static void net_init(struct net_trainer *tr, const struct emo_example *ex, size_t n_ex,
                     size_t n_rows)
{
    enum { D = EMO_DIM, H = EMO_HIDDEN, L = AT_EMO_COUNT };
    struct emo_net_float *net = tr->net;

    for (size_t i = 0; i < n_rows * D; i++)
        tr->emb[i] = uniform(&tr->rng, tr->o->init_emb);
    for (int i = 0; i < D * H; i++)
        net->w1[i] = uniform(&tr->rng, sqrtf(6.0f / D));
    for (int i = 0; i < H * L; i++)
        net->w2[i] = uniform(&tr->rng, sqrtf(6.0f / (H + L)));
    for (int j = 0; j < H; j++)
        net->b1[j] = 0.01f;
    for (int l = 0; l < L; l++) {
        size_t c = 0;

        for (size_t i = 0; i < n_ex; i++)
            c += (ex[i].labels >> l) & 1;
        net->b2[l] = logf(((float)c + 1) / ((float)(n_ex - c) + 1));
    }
}

/*
 * One step on text `x` (its features at `f`), the steps' size `frac` of the
 * full one: dropout, forward, the log loss's gradients back through both
 * layers, Adam on the layers and AdaGrad on the vectors the text used.
 */
static void net_learn(struct net_trainer *tr, const struct emo_example *x, const uint32_t *f,
                      float frac)
{
    enum { D = EMO_DIM, H = EMO_HIDDEN, L = AT_EMO_COUNT };
    const struct emo_net_opts *o = tr->o;
    struct emo_net_float *net = tr->net;
    float *emb = tr->emb, *gw1 = tr->gw1, *gw2 = tr->gw2;
    uint32_t *kept = tr->kept;
    float e[D] = {0}, a[H], h[H], z[L], gz[L], gh[H], ge[D] = {0}, s;
    float lr_d = o->lr_dense * frac, lr_e = o->lr_emb * frac;
    uint32_t nk = 0;

    for (uint32_t j = 0; j < x->n; j++) {
        if (o->feat_dropout > 0 && (float)(net_rng(&tr->rng) & 0xFFFF) < o->feat_dropout * 65536.0f)
            continue;
        kept[nk++] = f[j];
    }
    s = nk ? 1.0f / sqrtf((float)nk) : 0;
    for (uint32_t j = 0; j < nk; j++) {
        const float *r = emb + (size_t)kept[j] * D;

        for (int d = 0; d < D; d++)
            e[d] += r[d];
    }
    for (int d = 0; d < D; d++)
        e[d] *= s;
    for (int j = 0; j < H; j++)
        a[j] = net->b1[j];
    for (int d = 0; d < D; d++) {
        for (int j = 0; j < H; j++)
            a[j] += e[d] * net->w1[d * H + j];
    }
    for (int j = 0; j < H; j++) {
        float keep = 1.0f;

        if (o->hidden_dropout > 0)
            keep = (float)(net_rng(&tr->rng) & 0xFFFF) < o->hidden_dropout * 65536.0f
                       ? 0.0f
                       : 1.0f / (1.0f - o->hidden_dropout);
        h[j] = a[j] > 0 ? a[j] * keep : 0;
        a[j] = a[j] > 0 ? keep : 0; /* from here: dh/da */
    }
    for (int l = 0; l < L; l++)
        z[l] = net->b2[l];
    for (int j = 0; j < H; j++) {
        for (int l = 0; l < L; l++)
            z[l] += h[j] * net->w2[j * L + l];
    }
    for (int l = 0; l < L; l++)
        gz[l] = net_sigmoid(z[l]) - (float)((x->labels >> l) & 1);
    for (int j = 0; j < H; j++) {
        float g = 0;

        for (int l = 0; l < L; l++) {
            g += net->w2[j * L + l] * gz[l];
            gw2[j * L + l] = h[j] * gz[l];
        }
        gh[j] = g * a[j];
    }
    for (int d = 0; d < D; d++) {
        for (int j = 0; j < H; j++) {
            ge[d] += net->w1[d * H + j] * gh[j];
            gw1[d * H + j] = e[d] * gh[j];
        }
    }
    tr->b1t *= 0.9f;
    tr->b2t *= 0.999f;
    adam_step(net->w1, gw1, &tr->aw1, D * H, lr_d, tr->b1t, tr->b2t);
    adam_step(net->b1, gh, &tr->ab1, H, lr_d, tr->b1t, tr->b2t);
    adam_step(net->w2, gw2, &tr->aw2, H * L, lr_d, tr->b1t, tr->b2t);
    adam_step(net->b2, gz, &tr->ab2, L, lr_d, tr->b1t, tr->b2t);
    for (uint32_t j = 0; j < nk; j++) {
        float *r = emb + (size_t)kept[j] * D, *acc = tr->eg2 + (size_t)kept[j] * D;

        for (int d = 0; d < D; d++) {
            float g = ge[d] * s;

            acc[d] += g * g;
            r[d] -= lr_e * g / sqrtf(acc[d] + 1e-6f);
        }
    }
}

static void adam_release(struct adam *a)
{
    free(a->m);
    free(a->v);
}

void text_emo_net_train(const uint32_t *feat, const struct emo_example *ex, size_t n_ex,
                        size_t n_rows, const struct emo_net_opts *o, uint64_t seed, float *emb,
                        struct emo_net_float *net)
{
    enum { D = EMO_DIM, H = EMO_HIDDEN, L = AT_EMO_COUNT };
    struct net_trainer tr = {
        .o = o,
        .net = net,
        .emb = emb,
        .eg2 = at_xcalloc(n_rows ? n_rows * D : 1, sizeof(float)),
        .kept = at_xmalloc(EMO_MAX_FEATS * sizeof(uint32_t)),
        .gw1 = at_xmalloc(D * H * sizeof(float)),
        .gw2 = at_xmalloc(H * L * sizeof(float)),
        .aw1 = {at_xcalloc(D * H, 4), at_xcalloc(D * H, 4)},
        .ab1 = {at_xcalloc(H, 4), at_xcalloc(H, 4)},
        .aw2 = {at_xcalloc(H * L, 4), at_xcalloc(H * L, 4)},
        .ab2 = {at_xcalloc(L, 4), at_xcalloc(L, 4)},
        .rng = seed ? seed : 1,
        .b1t = 1,
        .b2t = 1,
    };
    uint32_t *order = at_xmalloc((n_ex ? n_ex : 1) * sizeof(*order));
    size_t steps = 0, total = (size_t)o->epochs * n_ex;

    net_init(&tr, ex, n_ex, n_rows);
    for (size_t i = 0; i < n_ex; i++)
        order[i] = (uint32_t)i;
    for (int ep = 0; ep < o->epochs; ep++) {
        for (size_t i = n_ex; i > 1; i--) {
            size_t j = net_rng(&tr.rng) % i;
            uint32_t t = order[i - 1];

            order[i - 1] = order[j];
            order[j] = t;
        }
        for (size_t k = 0; k < n_ex; k++, steps++) {
            const struct emo_example *x = &ex[order[k]];

            net_learn(&tr, x, feat + x->off, 1.0f - (float)steps / (float)(total ? total : 1));
        }
    }
    free(tr.eg2);
    free(order);
    free(tr.kept);
    free(tr.gw1);
    free(tr.gw2);
    adam_release(&tr.aw1);
    adam_release(&tr.ab1);
    adam_release(&tr.aw2);
    adam_release(&tr.ab2);
}

void text_emo_net_logits(const struct emo_net_float *net, const float *emb, const uint32_t *feat,
                         size_t n, float *z)
{
    enum { D = EMO_DIM, H = EMO_HIDDEN, L = AT_EMO_COUNT };
    float e[D] = {0}, h[H], s = n ? 1.0f / sqrtf((float)n) : 0;

    for (size_t j = 0; j < n; j++) {
        for (int d = 0; d < D; d++)
            e[d] += emb[(size_t)feat[j] * D + (size_t)d];
    }
    for (int j = 0; j < H; j++)
        h[j] = net->b1[j];
    for (int d = 0; d < D; d++) {
        for (int j = 0; j < H; j++)
            h[j] += e[d] * s * net->w1[d * H + j];
    }
    for (int l = 0; l < L; l++)
        z[l] = net->b2[l];
    for (int j = 0; j < H; j++) {
        if (h[j] <= 0)
            continue;
        for (int l = 0; l < L; l++)
            z[l] += h[j] * net->w2[j * L + l];
    }
}

void text_emo_stack_train(const float *x, const uint32_t *labels, size_t n, uint64_t seed, float *w)
{
    enum { L = AT_EMO_COUNT, K = EMO_STACK_IN };
    float *g2 = at_xcalloc(L * (K + 1), sizeof(*g2));
    uint32_t *order = at_xmalloc((n ? n : 1) * sizeof(*order));
    uint64_t rng = seed ? seed : 1;
    const float lr = 0.05f, l2 = 0.003f;
    float w0[AT_EMO_COUNT * (EMO_STACK_IN + 1)];

    /*
     * Start from each label's linear logit alone, and pull towards it: a rare
     * label (grief, relief: a few dozen training texts) has too little
     * evidence to learn a mix and stays the linear model's, which ranks the
     * rare labels better than the net; frequent labels learn to use the net.
     */
    memset(w0, 0, sizeof(w0));
    for (int l = 0; l < L; l++)
        w0[l * (K + 1) + l] = 1.0f;
    memcpy(w, w0, sizeof(w0));
    for (size_t i = 0; i < n; i++)
        order[i] = (uint32_t)i;
    for (int ep = 0; ep < 4; ep++) {
        for (size_t i = n; i > 1; i--) {
            size_t j = net_rng(&rng) % i;
            uint32_t t = order[i - 1];

            order[i - 1] = order[j];
            order[j] = t;
        }
        for (size_t k = 0; k < n; k++) {
            const float *xi = x + (size_t)order[k] * K;

            for (int l = 0; l < L; l++) {
                float *wl = w + l * (K + 1), *gl = g2 + l * (K + 1);
                float z = wl[K], g;

                for (int j = 0; j < K; j++)
                    z += wl[j] * xi[j];
                g = net_sigmoid(z) - (float)((labels[order[k]] >> l) & 1);
                for (int j = 0; j < K; j++) {
                    float gj = g * xi[j] + l2 * (wl[j] - w0[l * (K + 1) + j]);

                    gl[j] += gj * gj;
                    wl[j] -= lr * gj / sqrtf(gl[j] + 1e-6f);
                }
                gl[K] += g * g;
                wl[K] -= lr * g / sqrtf(gl[K] + 1e-6f);
            }
        }
    }
    free(g2);
    free(order);
}
