#ifndef AT_TEXT_INT_H
#define AT_TEXT_INT_H

/* Internals shared by the files of src/text; not for other layers. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "text/text.h"

/*
 * The names of the labels, in enum order: one list, from which engine.c makes
 * its name tables and textjson.c its ready-quoted JSON pieces.
 */
/* clang-format off */
#define TEXT_EMOTION_NAMES(X)                                                                      \
    X(admiration) X(amusement) X(anger) X(annoyance) X(approval) X(caring) X(confusion)            \
    X(curiosity) X(desire) X(disappointment) X(disapproval) X(disgust) X(embarrassment)            \
    X(excitement) X(fear) X(gratitude) X(grief) X(joy) X(love) X(nervousness) X(optimism)          \
    X(pride) X(realization) X(relief) X(remorse) X(sadness) X(surprise) X(neutral)
#define TEXT_EKMAN_NAMES(X) X(anger) X(disgust) X(fear) X(joy) X(sadness) X(surprise) X(neutral)
#define TEXT_SERVICE_NAMES(X)                                                                      \
    X(frustration) X(anxiety) X(confusion) X(sadness) X(gratitude) X(joy)
/* clang-format on */

/* ---- tokens ---- */

enum tok_kind {
    TK_WORD,
    TK_NUM,
    TK_URL,
    TK_EMAIL,
    TK_MENTION,
    TK_EMOJI,
    TK_EMOTICON,
    TK_PUNCT,
};

enum tok_flag {
    TF_CAPS = 1 << 0,    /* two or more letters, all capitals */
    TF_ELONG = 1 << 1,   /* a letter repeated three times or more ("sooo") */
    TF_TITLE = 1 << 2,   /* starts with a capital */
    TF_SENT = 1 << 3,    /* first token of a sentence */
    TF_NEGATED = 1 << 4, /* inside a negation's scope */
};

struct tok {
    uint32_t start, end; /* bytes of the input */
    const char *norm;    /* case-folded NFKC form, repeats of 3+ letters cut to 2 */
    uint16_t norm_len;
    uint8_t kind;               /* enum tok_kind */
    uint8_t flags;              /* enum tok_flag */
    uint16_t cls;               /* the structure's classes (structure.c), set with `wi` */
    uint64_t hash;              /* of norm */
    const struct word_info *wi; /* the word's entry (lexicon, role), set by text_polarity */
};

struct toks {
    struct tok *v;
    size_t n;
    size_t n_caps;    /* words in capitals */
    size_t n_words;   /* words with two or more letters */
    size_t n_excl;    /* bytes of the runs of '!' */
    size_t n_quest;   /* bytes of the runs of '?' */
    unsigned classes; /* every structure class some token has, set with `wi` */
};

/* Splits text[0..n) (valid UTF-8) into tokens that live in `arena`. */
void text_tokenize(const char *text, size_t n, struct at_arena *arena, struct toks *out);
/* The same without the fast path for ASCII words: the tests check that both agree. */
void text_tokenize_general(const char *text, size_t n, struct at_arena *arena, struct toks *out);

/* 64-bit FNV-1a. */
uint64_t text_hash(const char *p, size_t n);

struct word_info;

/* ---- words: lexicon and word roles ---- */

enum word_role {
    WR_NEGATION = 1 << 0,
    WR_BOOST = 1 << 1,    /* intensifier (booster > 0) or softener (< 0) */
    WR_CONTRAST = 1 << 2, /* "but", "however" */
    WR_LEXICON = 1 << 3,  /* has a valence in VADER's lexicon */
    WR_SERVICE = 1 << 4,  /* has a valence of our own (lexicon.c's service words) */
};

struct word_info {
    uint64_t hash; /* 0: empty slot */
    float valence; /* -4..4 */
    float booster;
    uint8_t role;
    uint16_t cls; /* the structure's classes of the word (structure.c), 0 for most */
};

struct word_table {
    struct word_info *slots;
    uint8_t *tags;    /* per slot: 8 bits of its hash, 0 when empty (32 KiB) */
    uint64_t *filter; /* a bit per value of 17 bits of a hash: set for the hashes of the table */
    size_t mask;
    size_t count;
};

const struct word_info *text_word_find(const struct word_table *t, uint64_t hash);

/* The entry of word `w` (n bytes, ASCII), added empty when new; NULL when too long. */
struct word_info *text_word_put(struct word_table *t, const char *w, size_t n);

/* ---- phrase rules ---- */

enum rule_cat {
    RC_URGENCY,
    RC_RISK,
    RC_COMPLAINT,
    RC_GREETING,
    RC_ACK,
    RC_APOLOGY,
    RC_OWNERSHIP,
    RC_TIME, /* a time for a next step */
    RC_ALTERNATIVE,
    RC_REFUSAL, /* saying no */
    RC_THANKS,
    RC_DISMISSIVE,
    RC_BLAME,
    RC_ASSUMPTION,
    RC_JARGON,
    RC_POLICY,
    RC_ER_STRONG, /* empathy cues */
    RC_ER_WEAK,
    RC_IP_STRONG,
    RC_IP_WEAK,
    RC_EX_STRONG,
    RC_EX_WEAK,
    RC_EMO_CUE, /* lexical cue for a service emotion; sub = enum at_service */
    RC_STRUCT,  /* a signpost of a message's structure; sub = enum pol_mark_kind */
    RC_COUNT
};

/* The kinds of urgency (a rule's `sub` in RC_URGENCY); each counts once, at its strongest. */
enum urgency_kind {
    U_DEADLINE,   /* a time by which help is needed */
    U_ASAP,       /* "urgent", "asap" */
    U_REPEAT,     /* repeated contact */
    U_WAITING,    /* a long wait */
    U_EMERGENCY,  /* an outage, money being lost, security, being blocked */
    U_PANIC,      /* panic and worry */
    U_EVENT,      /* something at stake: a flight, an exam, rent */
    U_VULNERABLE, /* someone who cannot wait: medication, a baby */
    U_CALM,       /* it can wait: "no rush", "whenever you get a chance" (takes urgency away) */
    U_COUNT
};

struct rule {
    uint8_t cat; /* enum rule_cat */
    uint8_t sub; /* urgency kind, risk kind, ... */
    float weight;
    const char *why;
    const char *pattern; /* words; "<num>" any number, "*" any one token */
    /* compiled */
    uint64_t *seq;
    uint8_t len;
};

struct rule_match {
    const struct rule *rule;
    uint32_t tok_start, tok_end; /* token indices [tok_start, tok_end) */
};

struct rule_index {
    uint64_t *keys; /* first-token hash; 0 empty */
    uint16_t *tags; /* per slot: 16 bits of its key, 0 when empty; 4 KiB that stay in cache */
    uint32_t *head; /* first rule of the chain */
    size_t mask;
    uint32_t *next;   /* per rule: next rule with the same first token, or UINT32_MAX */
    uint64_t *filter; /* a bit per value of 16 bits of a key: set for the keys of the index */
};

#define RULE_ANY_HASH 1u /* "*" */
#define RULE_NUM_HASH 2u /* "<num>" */

/*
 * Finds every rule match in `t` (in token order, longest first at a
 * position). Calls `fn` for each. Rules listed in `cats` (a bit mask of
 * enum rule_cat) only.
 */
typedef void rule_match_fn(void *ctx, const struct rule_match *m);
void text_rules_match(const struct at_text_engine *eng, const struct toks *t, uint32_t cats,
                      rule_match_fn *fn, void *ctx);

/* ---- emotion model ---- */

#define EMO_MAGIC     "ATEMO"
#define EMO_VERSION   3
#define EMO_MAX_FEATS 512

#define EMO_LANES  32 /* the linear weights of a row: the 28 labels and 4 zeros */
#define EMO_DIM    32 /* numbers in a feature's vector (the embedding bag) */
#define EMO_HIDDEN 64 /* hidden units over the bag */
#define EMO_ROW    (EMO_LANES + EMO_DIM) /* a row in memory: linear weights, then the vector */

struct emo_model {
    uint32_t bits;   /* hash buckets = 1 << bits */
    uint32_t n_rows; /* buckets with weights */
    const uint8_t *bitmap;
    /*
     * bucket -> row without a table per bucket: slot b / 32 holds in its low
     * 32 bits which of its buckets have a row and in its high 32 bits the row
     * of its first such bucket, so bucket b's row is that plus the set bits
     * below b (256 KiB for 2^20 buckets, where an index per bucket would be
     * 4 MiB and miss the cache; one load per lookup).
     */
    uint64_t *slots;
    int8_t *rows; /* n_rows x EMO_LANES, in rows_block */
    void *rows_block;
    float scale[AT_EMO_COUNT];
    float bias[AT_EMO_COUNT];
    float threshold[AT_EMO_COUNT];
    /* a group's members together: see text_emo_decide() */
    float group_threshold[AT_EKMAN_COUNT];
    void *owned; /* file bytes when read from disk */
    /*
     * The embedding bag over the same rows (see emo_net.c): vector value d of
     * a row is emb_scale[d] * rows[r * EMO_ROW + EMO_LANES + d]. A label's
     * logit is its linear logit plus the net's; training folded the second
     * stage (see at_text_train_emotions) into both.
     */
    float emb_scale[EMO_DIM];
    float *net_w1; /* EMO_DIM x EMO_HIDDEN */
    float *net_b1; /* EMO_HIDDEN */
    float *net_w2; /* EMO_HIDDEN x EMO_LANES (the 28 labels and 4 zeros) */
    float *net_b2; /* EMO_LANES */
    void *net_block;
};

/* A training text: its features at `off` in a pool, `n` of them, and its labels. */
struct emo_example {
    uint32_t off;
    uint16_t n;
    uint32_t labels;
};

/* How the embedding bag is trained (text_emo_net_defaults() gives the shipped values). */
struct emo_net_opts {
    int epochs;
    float lr_dense;       /* Adam's step for the dense layers */
    float lr_emb;         /* AdaGrad's step for the vectors */
    float feat_dropout;   /* share of a text's features left out at each step */
    float hidden_dropout; /* share of the hidden units left out at each step */
    float init_emb;       /* vectors start uniform in +-init_emb */
};

/* The net's dense layers in floats, as trained (row-major, the labels unpadded). */
struct emo_net_float {
    float w1[EMO_DIM * EMO_HIDDEN];
    float b1[EMO_HIDDEN];
    float w2[EMO_HIDDEN * AT_EMO_COUNT];
    float b2[AT_EMO_COUNT];
};

void text_emo_net_defaults(struct emo_net_opts *o);

/* The second stage's inputs: the 28 linear logits, then the net's 28. */
#define EMO_STACK_IN (2 * AT_EMO_COUNT)

/* The net's 28 logits (floats, as trained) for features `feat[0..n)` (row numbers). */
void text_emo_net_logits(const struct emo_net_float *net, const float *emb, const uint32_t *feat,
                         size_t n, float *z);

/*
 * The second stage: a logistic regression per label over the EMO_STACK_IN
 * logits `x` (n x EMO_STACK_IN) of models that did not see these texts, with
 * an L2 pull towards the label's own linear logit alone. Fills `w`: per label
 * EMO_STACK_IN weights and then a bias.
 */
void text_emo_stack_train(const float *x, const uint32_t *labels, size_t n, uint64_t seed,
                          float *w);

/*
 * Trains the net on `n_ex` texts whose features (`feat` at each example's
 * off, row numbers below n_rows) have vectors: fills `emb` (n_rows x
 * EMO_DIM) and `net`. Deterministic for `seed`.
 */
void text_emo_net_train(const uint32_t *feat, const struct emo_example *ex, size_t n_ex,
                        size_t n_rows, const struct emo_net_opts *o, uint64_t seed, float *emb,
                        struct emo_net_float *net);

/*
 * The labels judged present from the 28 probabilities: those over their
 * threshold; then, for each Ekman group none of whose labels is present but
 * whose members' probabilities add up to its group threshold, the member
 * nearest its own threshold (a message that is a little annoyed and a little
 * disapproving is angry); and if nothing is present, the label nearest its
 * threshold. Used by the engine and by training, so both decide alike.
 */
uint32_t text_emo_decide(const float *p, const float *threshold, const float *group_threshold);

/* Features that are not words of the text: sentence ends, punctuation, lexicon counts. */
enum emo_marker {
    EM_START,
    EM_PUNCT,
    EM_END,
    EM_POS,
    EM_NEG,
    EM_BALANCE,
    EM_EXCL,
    EM_QUEST,
    EM_EMOJI,
    EM_CAPS,
    EM_LEN,
    EMO_MARKER_COUNT
};

/* Hashes the markers into eng->emo_marker; called by at_text_load. */
void text_emo_init(struct at_text_engine *eng);

/* The Ekman group (enum at_ekman) of each label, as GoEmotions groups them. */
extern const uint8_t text_ekman_of[AT_EMO_COUNT];

/*
 * Hashed feature ids of `t` in `out`; returns how many. With `tok_feat` (t->n
 * entries), also where each token's own word feature is in `out` (-1: none).
 */
size_t text_emo_features(const struct at_text_engine *eng, const struct toks *t, uint32_t *out,
                         size_t max, uint32_t bits, int16_t *tok_feat);

/* Parses a weights file. Returns 0 or AT_EINVAL with `e` filled. */
int text_emo_parse(struct emo_model *m, const uint8_t *p, size_t n, struct at_errinfo *e);

/* Frees what text_emo_parse() built (not `owned`). */
void text_emo_free(struct emo_model *m);

/* ---- the engine ---- */

struct at_text_engine {
    struct word_table words;
    struct rule *rules;
    size_t n_rules;
    struct rule_index index;
    bool has_model;
    struct emo_model emo;
    uint64_t first_person[10];             /* hashes of i, i'm, my, me, ... (coach) */
    uint64_t you_words[10];                /* hashes of you, your, you're, ... (coach) */
    uint64_t coach_words[24];              /* hashes of the words of enum coach_word (coach.c) */
    uint64_t emo_marker[EMO_MARKER_COUNT]; /* hashes of enum emo_marker (emotions.c) */
    void *lexicon_owned;
};

/* Precomputes the coach's word hashes; called by at_text_load. */
void text_coach_init(struct at_text_engine *eng);

/* The rules about replies (rules_reply.c); rules.c holds those about customer messages. */
extern const struct rule text_reply_rules[];
extern const size_t text_n_reply_rules;

/* Builds the rule index over both tables; called by at_text_load. */
void text_rules_init(struct at_text_engine *eng, struct at_arena *scratch);
void text_rules_free(struct at_text_engine *eng);

/* Builds the word table from lexicon text (word TAB valence lines). */
int text_words_init(struct at_text_engine *eng, const char *lex, size_t n, struct at_errinfo *e);
void text_words_free(struct at_text_engine *eng);

/* Polarity in [-1, 1] with evidence appended to `ev`. */
struct ev_list {
    struct at_evidence *v;
    size_t n, cap;
    struct at_arena *arena;
};
void text_ev_add(struct ev_list *l, uint32_t start, uint32_t end, enum at_signal sig, int label,
                 float weight, const char *why);
/*
 * The words' polarity alone (text_polarity_words() and a plain sum), without
 * the structure that text_polarity_compose() reads: for callers that want the
 * negation scopes and word entries it marks (the coach, training).
 */
float text_polarity(const struct at_text_engine *eng, struct toks *t, struct ev_list *ev);

/* A negation turns a word's value over and weakens it (VADER's scalar). */
#define N_SCALAR -0.74f

/*
 * The lexicon pass of text_polarity(): each sentiment word's value, with its
 * negation and boosters, appended to `ev` in token order; marks negation
 * scopes (TF_NEGATED) and each token's word entry (`wi`).
 */
void text_polarity_words(const struct at_text_engine *eng, struct toks *t, struct ev_list *ev);

/* Signposts of a message's structure, found by the RC_STRUCT rules (structure.c). */
enum pol_mark_kind {
    PM_CONTRAST,     /* but, however, nevertheless: what follows outweighs what went before */
    PM_CONCESSIVE,   /* although, even though, despite: its own clause weighs less */
    PM_EXPECT,       /* I thought, I expected: what was expected, not what happened */
    PM_PAST,         /* used to, at first, in the past: a view that has changed */
    PM_THEN,         /* last year, for years: the past, which counts less only beside a now */
    PM_PRESENT,      /* now, these days */
    PM_UNTIL,        /* until: what held before it holds no more ("great until the update") */
    PM_NEG_OPINION,  /* I don't think, I wouldn't say: negates the rest of the sentence */
    PM_OTHERS,       /* according to: someone else's view to the end of the sentence */
    PM_POLITE,       /* thanks in advance: politeness, not gratitude */
    PM_SARCASTIC,    /* thanks for nothing */
    PM_SARCASTIC_IF, /* thanks a lot, love how: sarcasm in a message that complains */
    PM_SENTIMENT,    /* a phrase with a value of its own ("fed up"); the rule's weight */
    PM_FAILURE,      /* a complaint cue of the rules ("never arrived"): something went wrong */
    PM_THREAT,       /* a threat to leave or escalate, with its value (analyze.c) */
    PM_DENY,         /* I was wrong, far from it: what was expected or said did not hold */
    PM_COUNT
};

struct pol_mark {
    uint32_t tok_start, tok_end;
    uint8_t kind; /* enum pol_mark_kind */
    float value;
};

struct pol_marks {
    struct pol_mark *v;
    size_t n, cap;
    struct at_arena *arena;
};

/* Appends a mark (in the marks' arena). */
void text_marks_add(struct pol_marks *pm, uint32_t tok_start, uint32_t tok_end, int kind,
                    float value);

/*
 * The polarity of a message from its words' values (the evidence [ev_first,
 * ev->n) that text_polarity_words() added) weighed by the structure the marks
 * show (`pm` may be NULL), in -1..1. Rewrites that evidence with the weighed
 * values and their reasons, in input order. `text` (may be NULL) is the
 * message, for its line breaks. `readings` (may be NULL) gets the bits of
 * enum pol_reading.
 */
float text_polarity_compose(const struct at_text_engine *eng, struct toks *t, const char *text,
                            struct ev_list *ev, size_t ev_first, const struct pol_marks *pm,
                            unsigned *readings);

/* What text_polarity_compose() read in `readings`: courtesy that is not feeling. */
enum pol_reading {
    PR_SARCASM = 1 << 0, /* praise that counts against */
    PR_POLITE = 1 << 1,  /* thanks that count nothing */
};

/* Gives the structure's small words their classes in the word table; called by at_text_load. */
void text_struct_init(struct at_text_engine *eng);

/* Emotion probabilities; when `ev` is not NULL, evidence for the present labels. */
void text_emotions(const struct at_text_engine *eng, const struct toks *t, float *p,
                   uint32_t *present, struct ev_list *ev);

/* at_utf8_valid(), with a quick pass for text that is all ASCII. */
bool text_utf8_valid(const char *text, size_t n);

/* Cuts `n` to at most AT_TEXT_MAX_BYTES at a character boundary. */
size_t text_clip(const char *text, size_t n, bool *truncated);

/* Analysis with the tokens kept (for the coach). */
int text_analyze_toks(const struct at_text_engine *eng, const char *text, size_t n,
                      struct at_arena *arena, struct at_analysis *out, struct toks *toks);

#endif
