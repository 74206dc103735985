/*
 * Words: the sentiment lexicon (VADER's, shipped as data/lexicon.tsv) and the
 * hand-written roles of small words (negations, intensifiers, softeners,
 * contrast), in one open-addressing table keyed by the hash of the normal
 * form; and polarity: VADER's rules (Hutto & Gilbert 2014) over our tokens,
 * with every contributing word kept as evidence.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "text/text_int.h"

#include "core/banned.h"

#define B_INCR 0.293f
#define B_DECR -0.293f
#define C_INCR 0.733f

static const char *const negations[] = {
    "aint",     "arent",    "cannot",  "cant",     "couldnt",  "darent",   "didnt",     "doesnt",
    "ain't",    "aren't",   "can't",   "couldn't", "daren't",  "didn't",   "doesn't",   "dont",
    "hadnt",    "hasnt",    "havent",  "isnt",     "mightnt",  "mustnt",   "neither",   "don't",
    "hadn't",   "hasn't",   "haven't", "isn't",    "mightn't", "mustn't",  "neednt",    "needn't",
    "never",    "none",     "nope",    "nor",      "not",      "nothing",  "nowhere",   "oughtnt",
    "shant",    "shouldnt", "wasnt",   "werent",   "oughtn't", "shan't",   "shouldn't", "wasn't",
    "weren't",  "without",  "wont",    "wouldnt",  "won't",    "wouldn't", "rarely",    "hardly",
    "scarcely", "barely",   "seldom",  "no",       "nobody",   "isnt",     "aint",      "dnt",
    "didn't",   NULL,
};

/* Intensifiers raise a following word's strength; softeners lower it. */
static const char *const intensifiers[] = {
    "absolutely", "amazingly",    "awfully",       "completely",   "considerably", "decidedly",
    "deeply",     "effing",       "enormously",    "entirely",     "especially",   "exceptionally",
    "extremely",  "fabulously",   "flipping",      "flippin",      "fricking",     "frickin",
    "frigging",   "friggin",      "fully",         "fucking",      "freaking",     "greatly",
    "hella",      "highly",       "hugely",        "incredibly",   "intensely",    "majorly",
    "more",       "most",         "particularly",  "purely",       "quite",        "really",
    "remarkably", "so",           "substantially", "thoroughly",   "totally",      "tremendously",
    "uber",       "unbelievably", "unusually",     "utterly",      "very",         "super",
    "insanely",   "seriously",    "truly",         "ridiculously", "such",         "too",
    NULL,
};

static const char *const softeners[] = {
    "almost",     "barely",       "hardly", "kinda",    "kindof",   "less",     "little",
    "marginally", "occasionally", "partly", "scarcely", "slightly", "somewhat", "sorta",
    "sortof",     "bit",          "mildly", "fairly",   "rather",   "pretty",   NULL,
};

static const char *const contrasts[] = {"but", "however", "although", "though", "yet", NULL};

/* Emoji the lexicon lacks, with a valence on its -4..4 scale. */
static const struct {
    const char *emoji;
    float valence;
} emoji_valence[] = {
    {"😀", 2.2f},     {"😃", 2.2f},      {"😄", 2.4f},     {"😁", 2.2f},     {"😆", 2.0f},
    {"😅", 1.0f},     {"😂", 1.8f},      {"🤣", 1.8f},  {"😊", 2.4f},     {"🙂", 1.4f},
    {"😉", 1.4f},     {"😍", 2.8f},      {"🥰", 2.8f},  {"😘", 2.2f},     {"😎", 1.6f},
    {"🤩", 2.6f},  {"🥳", 2.6f},   {"👍", 1.8f},     {"👏", 2.0f},     {"🙏", 1.6f},
    {"❤", 2.8f},     {"❤️", 2.8f}, {"💕", 2.6f},     {"💖", 2.6f},     {"💯", 1.8f},
    {"🎉", 2.4f},     {"✨", 1.2f},      {"🔥", 1.0f},     {"😐", -0.4f},    {"😕", -1.2f},
    {"🙁", -1.6f}, {"☹", -1.8f},     {"😞", -2.0f},    {"😟", -1.8f},    {"😢", -2.2f},
    {"😭", -2.4f},    {"😠", -2.4f},     {"😡", -2.8f},    {"🤬", -3.0f}, {"😤", -2.0f},
    {"😩", -2.0f},    {"😫", -2.0f},     {"😱", -2.0f},    {"😨", -2.0f},    {"😰", -2.0f},
    {"😬", -1.0f},    {"🙄", -1.6f},  {"😒", -1.6f},    {"👎", -2.0f},    {"💔", -2.6f},
    {"🤮", -2.6f}, {"🤢", -2.2f},  {"😔", -1.8f},    {"😣", -1.8f},    {"😖", -2.0f},
    {"🤦", -1.6f}, {"😑", -0.8f},     {"🤔", -0.2f},
};

/*
 * Words of service and products that VADER's lexicon lacks ("spacious",
 * "subpar", "unresponsive"), with valences of our own on its -4..4 scale.
 * They score like lexicon words (negation, boosters) but carry the role
 * WR_SERVICE, not WR_LEXICON, so the emotion model's lexicon counts, which
 * its weights were trained with, stay VADER's.
 */
static const struct {
    const char *word;
    float valence;
} service_valence[] = {{"spacious", 1.8f},     {"roomy", 1.6f},         {"quick", 1.3f},
                       {"fast", 1.3f},         {"speedy", 1.8f},        {"prompt", 1.5f},
                       {"punctual", 1.6f},     {"attentive", 2.0f},     {"knowledgeable", 1.9f},
                       {"professional", 1.5f}, {"polished", 1.6f},      {"intuitive", 1.8f},
                       {"spotless", 2.2f},     {"immaculate", 2.4f},    {"tidy", 1.3f},
                       {"cosy", 1.8f},         {"cozy", 1.8f},          {"comfy", 1.8f},
                       {"reliable", 1.6f},     {"dependable", 1.6f},    {"sturdy", 1.4f},
                       {"durable", 1.4f},      {"affordable", 1.2f},    {"reasonable", 1.0f},
                       {"stellar", 2.6f},      {"exceptional", 2.6f},   {"marvellous", 2.8f},
                       {"favourite", 2.0f},    {"effortless", 2.0f},    {"seamless", 2.0f},
                       {"painless", 1.2f},     {"patient", 1.4f},       {"decent", 1.2f},
                       {"courteous", 2.2f},    {"helpful", 1.8f},       {"responsive", 1.6f},
                       {"efficient", 1.8f},    {"smooth", 1.4f},        {"subpar", -2.0f},
                       {"substandard", -2.0f}, {"shabby", -1.8f},       {"slow", -1.2f},
                       {"cramped", -1.6f},     {"smelly", -1.8f},       {"filthy", -2.6f},
                       {"grimy", -1.8f},       {"disorganised", -1.8f}, {"disorganized", -1.8f},
                       {"flimsy", -1.6f},      {"unresponsive", -1.8f}, {"clunky", -1.5f},
                       {"outdated", -1.2f},    {"inedible", -2.5f},     {"mediocre", -1.6f},
                       {"abysmal", -3.0f},     {"atrocious", -3.0f},    {"unusable", -2.4f},
                       {"overpriced", -1.6f},  {"overcrowded", -1.6f},  {"understaffed", -1.6f},
                       {"unhygienic", -2.2f},  {"mouldy", -2.0f},       {"moldy", -2.0f},
                       {"stained", -1.4f},     {"leaky", -1.4f},        {"lukewarm", -0.8f},
                       {"stale", -1.2f},       {"soggy", -1.2f},        {"rubbish", -2.0f},
                       {"shoddy", -2.2f},      {"botched", -2.0f},      {"disgraceful", -2.8f},
                       {"unsafe", -1.8f},      {"average", -0.6f},      {"woeful", -2.2f},
                       {"buggy", -1.6f},       {"glitchy", -1.6f},      {"laggy", -1.4f},
                       {"unhelpful", -1.8f},   {"unreliable", -1.8f},   {"gutted", -2.4f},
                       {"shambolic", -2.4f},   {"scammed", -2.6f},      {"chaotic", -1.6f},
                       {"messy", -1.4f},       {"noisy", -1.2f},        {"slick", 1.6f},
                       {"stylish", 2.0f},      {"sleek", 1.8f},         {"dismissive", -1.8f},
                       {"polite", 1.8f},       {"unstable", -1.5f},     {"bland", -1.4f},
                       {"transparent", 1.2f},  {"simple", 1.0f},        {"straightforward", 1.2f},
                       {"upfront", 1.0f},      {"unclear", -1.2f},      {"late", -1.2f},
                       {"impolite", -1.8f},    {"tasteless", -1.6f},    {"unappetising", -1.8f},
                       {"afraid", -1.5f},      {"letdown", -2.0f},      {"wastes", -1.8f},
                       {"wasting", -1.8f},     {"leaks", -1.4f},        {"leaking", -1.4f},
                       {"expensive", -0.8f},   {"pricey", -0.6f},       {"pointless", -1.6f},
                       {"smoothly", 1.4f},     {"faultless", 2.2f},     {"flawlessly", 2.3f},
                       {"scratched", -1.4f},   {"dented", -1.4f}};

/* The tag of a hash: bits the slot number does not use, never 0 (0 marks an empty slot). */
static inline uint8_t tag_of(uint64_t hash)
{
    return (uint8_t)((hash >> 56) | 1);
}

/* Where the probe for `hash` starts. */
static inline size_t first_slot(const struct word_table *t, uint64_t hash)
{
    return (size_t)(hash ^ (hash >> 29)) & t->mask;
}

/*
 * The slots are followed by one more, always empty, that lookups return for a
 * word the table lacks (its role is 0 and its valence 0), so that the
 * per-token pass reads the role of every word without asking first whether
 * it has one.
 */
static inline const struct word_info *none_of(const struct word_table *t)
{
    return &t->slots[t->mask + 1];
}

/*
 * The slot of `hash`, or the empty slot where it would go. The probe reads
 * the tags and looks at a slot's full hash only when its tag matches.
 */
static inline size_t slot_of(const struct word_table *t, uint64_t hash)
{
    size_t i = first_slot(t, hash);
    uint8_t tag = tag_of(hash);

    while (t->tags[i] != 0 && (t->tags[i] != tag || t->slots[i].hash != hash))
        i = (i + 1) & t->mask;
    return i;
}

/*
 * A filter in front of the table: a bit per value of WORD_FILTER_BITS bits
 * of a hash, set for the hashes of the table (16 KiB; about 7,700 words set
 * 1 bit in 17). Most tokens are not in the table, and which are is as random
 * as the text: the filter sorts them out without a branch, so that only the
 * few that may be are looked up, and those nearly always are found.
 */
#define WORD_FILTER_BITS 17

static inline size_t filter_bit(uint64_t hash)
{
    return (size_t)(hash >> 40) & (((size_t)1 << WORD_FILTER_BITS) - 1);
}

static inline bool filter_maybe(const uint64_t *filter, uint64_t hash)
{
    size_t b = filter_bit(hash);

    return (filter[b / 64] >> (b % 64)) & 1;
}

/* The entry of `hash`, or none_of(t), by a plain probe: for words that are likely in the table. */
static inline const struct word_info *find_probed(const struct word_table *t, uint64_t hash)
{
    size_t i = slot_of(t, hash);

    return t->tags[i] != 0 ? &t->slots[i] : none_of(t);
}

const struct word_info *text_word_find(const struct word_table *t, uint64_t hash)
{
    const struct word_info *w = find_probed(t, hash);

    return w != none_of(t) ? w : NULL;
}

struct word_info *text_word_put(struct word_table *t, const char *w, size_t n)
{
    char low[128];
    struct word_info *wi;
    uint64_t h;
    size_t s;

    if (n == 0 || n >= sizeof(low))
        return NULL;
    for (size_t i = 0; i < n; i++)
        low[i] = (w[i] >= 'A' && w[i] <= 'Z') ? (char)(w[i] + 32) : w[i];
    h = text_hash(low, n);
    s = slot_of(t, h);
    wi = &t->slots[s];
    if (t->tags[s] == 0 && t->count * 4 >= t->mask)
        return NULL; /* a quarter full at most, so that most probes end at once */
    if (t->tags[s] == 0) {
        wi->hash = h;
        t->tags[s] = tag_of(h);
        t->filter[filter_bit(h) / 64] |= (uint64_t)1 << (filter_bit(h) % 64);
        t->count++;
    }
    return wi;
}

static void put_role(struct word_table *t, const char *const *list, uint8_t role, float booster)
{
    for (size_t i = 0; list[i]; i++) {
        struct word_info *w = text_word_put(t, list[i], strlen(list[i]));

        if (!w)
            continue;
        w->role |= role;
        if (booster != 0)
            w->booster = booster;
    }
}

int text_words_init(struct at_text_engine *eng, const char *lex, size_t n, struct at_errinfo *e)
{
    struct word_table *t = &eng->words;
    size_t line = 0, entries = 0;
    const char *p = lex, *end = lex + n;

    /*
     * A quarter full at most: a word that is not in the table (most words)
     * then usually meets an empty slot on its first probe.
     */
    t->mask = 32768 - 1;
    t->slots = at_xcalloc(t->mask + 2, sizeof(*t->slots)); /* and none_of() */
    t->tags = at_xcalloc(t->mask + 1, sizeof(*t->tags));
    t->filter = at_xcalloc(((size_t)1 << WORD_FILTER_BITS) / 64, sizeof(*t->filter));
    t->count = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *tab = memchr(p, '\t', (size_t)(le - p));
        char num[32];
        char *numend;
        double v;
        size_t nl_len;

        line++;
        if (le > p && le[-1] == '\r')
            le--;
        if (le == p || p[0] == '#') {
            p = nl ? nl + 1 : end;
            continue;
        }
        if (!tab || tab == p)
            return at_errinfo_set(e, AT_EINVAL, "lexicon",
                                  "lexicon.tsv line %zu: expected WORD<TAB>VALENCE", line);
        nl_len = (size_t)(le - tab - 1);
        if (nl_len == 0 || nl_len >= sizeof(num))
            return at_errinfo_set(e, AT_EINVAL, "lexicon", "lexicon.tsv line %zu: bad valence",
                                  line);
        memcpy(num, tab + 1, nl_len);
        num[nl_len] = 0;
        v = strtod(num, &numend);
        if (numend == num || *numend != 0 || !(v >= -4.5 && v <= 4.5))
            return at_errinfo_set(e, AT_EINVAL, "lexicon",
                                  "lexicon.tsv line %zu: valence must be a number in -4..4", line);
        /* multi-word entries would never match one token; skip them */
        if (!memchr(p, ' ', (size_t)(tab - p))) {
            struct word_info *w = text_word_put(t, p, (size_t)(tab - p));

            if (w && !(w->role & WR_LEXICON)) {
                w->valence = (float)v;
                w->role |= WR_LEXICON;
                entries++;
            }
        }
        if (t->count * 4 > t->mask)
            return at_errinfo_set(e, AT_EINVAL, "lexicon", "lexicon.tsv: too many entries");
        p = nl ? nl + 1 : end;
    }
    if (entries < 100)
        return at_errinfo_set(e, AT_EINVAL, "lexicon",
                              "lexicon.tsv holds %zu entries; it looks truncated", entries);
    for (size_t i = 0; i < sizeof(emoji_valence) / sizeof(emoji_valence[0]); i++) {
        struct word_info *w =
            text_word_put(t, emoji_valence[i].emoji, strlen(emoji_valence[i].emoji));

        if (w && !(w->role & WR_LEXICON)) {
            w->valence = emoji_valence[i].valence;
            w->role |= WR_LEXICON;
        }
    }
    for (size_t i = 0; i < sizeof(service_valence) / sizeof(service_valence[0]); i++) {
        const char *sw = service_valence[i].word;
        struct word_info *w = text_word_put(t, sw, strlen(sw));

        if (w && !(w->role & WR_LEXICON)) {
            w->valence = service_valence[i].valence;
            w->role |= WR_SERVICE;
        }
    }
    put_role(t, negations, WR_NEGATION, 0);
    put_role(t, intensifiers, WR_BOOST, B_INCR);
    put_role(t, softeners, WR_BOOST, B_DECR);
    put_role(t, contrasts, WR_CONTRAST, 0);
    return 0;
}

void text_words_free(struct at_text_engine *eng)
{
    free(eng->words.slots);
    free(eng->words.tags);
    free(eng->words.filter);
    eng->words.filter = NULL;
    eng->words.slots = NULL;
    eng->words.tags = NULL;
}

void text_ev_add(struct ev_list *l, uint32_t start, uint32_t end, enum at_signal sig, int label,
                 float weight, const char *why)
{
    struct at_evidence *ev;

    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        struct at_evidence *v = at_arena_alloc(l->arena, cap * sizeof(*v));

        if (l->n)
            memcpy(v, l->v, l->n * sizeof(*v));
        l->v = v;
        l->cap = cap;
    }
    ev = &l->v[l->n++];
    ev->start = start;
    ev->end = end;
    ev->signal = (uint8_t)sig;
    ev->label = (uint8_t)label;
    ev->weight = weight;
    ev->why = why;
}

/* The entry of "goood" as "good", of "sooo" as "so", or `w` when the squeezed word has none. */
static __attribute__((noinline)) const struct word_info *
squeezed_entry(const struct word_table *words, const struct tok *t, const struct word_info *w)
{
    char buf[128];
    size_t o = 0;
    const struct word_info *w2;

    for (size_t i = 0; i < t->norm_len && o < sizeof(buf); i++) {
        if (o > 0 && buf[o - 1] == t->norm[i])
            continue;
        buf[o++] = t->norm[i];
    }
    w2 = find_probed(words, text_hash(buf, o));
    return w2 != none_of(words) ? w2 : w;
}

/* The entry of token `t`, or none_of() the table. */
static inline const struct word_info *lookup(const struct word_table *words, const struct tok *t)
{
    const struct word_info *w = find_probed(words, t->hash);

    if (__builtin_expect((t->flags & TF_ELONG) != 0, 0) && !(w->role & WR_LEXICON))
        w = squeezed_entry(words, t, w);
    return w;
}

/*
 * `c` ? `a` : `b` as arithmetic: gcc turns a plain conditional into a branch
 * where this is used, and its condition (is the token a known word) follows
 * the text, which no predictor learns.
 */
static inline const struct word_info *pick(bool c, const struct word_info *a,
                                           const struct word_info *b)
{
    uintptr_t m = -(uintptr_t)c;

    return (const struct word_info *)(((uintptr_t)a & m) | ((uintptr_t)b & ~m));
}

/*
 * Whether the normal form ends in "n't" after something ("don't", "isn't"),
 * without a branch: a shorter form is read from its start, which is in the
 * tokenizer's zeroed store however short the form is.
 */
static inline bool ends_in_nt(const struct tok *t)
{
    bool longer = t->norm_len > 3;
    const char *e = t->norm + ((t->norm_len - 3u) & -(unsigned)longer);

    return longer & (e[0] == 'n') & (e[1] == '\'') & (e[2] == 't');
}

#define WORD_BLOCK 64 /* tokens passed through the filter before any is looked up */

void text_polarity_words(const struct at_text_engine *eng, struct toks *t, struct ev_list *ev)
{
    bool cap_diff = t->n_caps > 0 && t->n_caps < t->n_words;
    size_t scope = 0; /* tokens still to mark as negated: a negation reaches 3 words ahead */
    /* copies, which the stores to the tokens' bytes cannot change: they stay in registers */
    const struct word_table words = eng->words;
    const struct word_info *none = none_of(&words);
    size_t n = t->n;
    unsigned classes = 0;

    t->classes = 0;
    if (n == 0)
        return;
    /*
     * The tokens that may be in the table, a block at a time: each token's
     * index is written and kept by counting it when the filter says maybe (or
     * when it is stretched: "goood" is looked up as "good"); punctuation is no
     * word, whatever its hash. Then only those are looked up.
     */
    for (size_t base = 0; base < n; base += WORD_BLOCK) {
        size_t end = n - base < WORD_BLOCK ? n : base + WORD_BLOCK, n_maybe = 0;
        uint32_t maybe[WORD_BLOCK];

        for (size_t i = base; i < end; i++) {
            struct tok *k = &t->v[i];

            k->wi = NULL;
            maybe[n_maybe] = (uint32_t)i;
            n_maybe += (filter_maybe(words.filter, k->hash) | ((k->flags & TF_ELONG) != 0)) &
                       (k->kind != TK_PUNCT);
        }
        for (size_t m = 0; m < n_maybe; m++) {
            struct tok *k = &t->v[maybe[m]];
            const struct word_info *w = lookup(&words, k);

            k->wi = w != none ? w : NULL;
        }
    }
    /*
     * One pass: a token's negation scope and the boosters before it depend only
     * on the tokens before it, so each token is marked and scored in turn.
     * Scopes stop at punctuation, emoji and "but"; a negation inside a scope
     * starts a fresh one, which reaches at least as far. The kind of a token
     * and whether it is a known word follow the text, not a pattern a branch
     * predictor could learn: up to the words that have a value, the pass
     * computes with them instead of branching on them.
     */
    for (size_t i = 0; i < n; i++) {
        struct tok *k = &t->v[i];
        bool stop, negated, negation;
        const struct word_info *w = pick(k->wi != NULL, k->wi, none);
        float v;
        const char *why = "lexicon";

        /* the scope with masks, not branches: scope = 0 on a stop, 3 after a negation */
        stop = (k->kind == TK_PUNCT) | (k->kind == TK_EMOJI) | ((w->role & WR_CONTRAST) != 0);
        scope &= (size_t)stop - 1;
        negated = scope > 0;
        k->flags |= (uint8_t)(negated * TF_NEGATED);
        k->cls = w->cls;
        classes |= w->cls;
        scope -= negated;
        negation = (k->kind == TK_WORD) & (((w->role & WR_NEGATION) != 0) | ends_in_nt(k));
        scope |= (size_t)3 & -(size_t)negation; /* scope is 0, 1 or 2 before: 3 either way */
        if (!(w->role & (WR_LEXICON | WR_SERVICE)) || (w->role & WR_BOOST) || w->valence == 0)
            continue;
        v = w->valence;
        if ((k->flags & TF_CAPS) && cap_diff) {
            v += v > 0 ? C_INCR : -C_INCR;
            why = "capitals";
        }
        for (size_t back = 1; back <= 3 && back <= i; back++) {
            const struct tok *p = &t->v[i - back];
            const struct word_info *pw = p->wi;
            float s;

            if (p->kind == TK_PUNCT && p->norm[0] != ',' && p->norm[0] != '-')
                break;
            if (pw && (pw->role & WR_BOOST) && !(pw->role & WR_LEXICON)) {
                s = pw->booster;
                if (v < 0)
                    s = -s;
                if ((p->flags & TF_CAPS) && cap_diff)
                    s += v > 0 ? C_INCR : -C_INCR;
                if (back == 2)
                    s *= 0.95f;
                else if (back == 3)
                    s *= 0.9f;
                v += s;
                why = pw->booster > 0 ? "intensified" : "softened";
            }
        }
        if (k->flags & TF_NEGATED) {
            v *= N_SCALAR;
            why = "negated";
        }
        if ((k->flags & TF_ELONG) && why[0] == 'l')
            why = "stretched";
        text_ev_add(ev, k->start, k->end, AT_SIG_POLARITY, 0, v, why);
    }
    t->classes = classes;
}

float text_polarity(const struct at_text_engine *eng, struct toks *t, struct ev_list *ev)
{
    size_t ev_first = ev->n;
    float sum = 0;

    text_polarity_words(eng, t, ev);
    for (size_t m = ev_first; m < ev->n; m++)
        sum += ev->v[m].weight;
    return sum / sqrtf(sum * sum + 15.0f);
}
