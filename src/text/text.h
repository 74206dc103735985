#ifndef AT_TEXT_H
#define AT_TEXT_H

/*
 * The text engine: reads a customer message for how the customer feels
 * (polarity, GoEmotions' 28 emotions with the Ekman and service views,
 * urgency, churn or escalation risk, complaint) and an agent's reply for how
 * well it listens (EPITOME's three empathy mechanisms, a service rubric, a
 * 0-100 score and suggested rewordings). Every signal comes with evidence:
 * byte ranges of the input that explain it.
 *
 * Pure functions over UTF-8 text. The engine loads its data (lexicon and
 * emotion weights) once in at_text_load(); after that a `const struct
 * at_text_engine *` may be shared by any number of threads at once. Results
 * live in the caller's arena (one arena per thread). Deterministic: the same
 * input always gives the same output.
 *
 * Input rules, the same for every entry point:
 *   - the text must be valid UTF-8 (AT_EUTF8 otherwise);
 *   - the text must hold something other than white space (AT_EINVAL);
 *   - only the first AT_TEXT_MAX_BYTES bytes are read, cut back to a
 *     character boundary; `truncated` then says so. Offsets always refer to the
 *     caller's text.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"

#define AT_TEXT_MAX_BYTES (64 * 1024)

/* GoEmotions' labels, in the order of the data set (neutral last). */
enum at_emotion {
    AT_EMO_ADMIRATION,
    AT_EMO_AMUSEMENT,
    AT_EMO_ANGER,
    AT_EMO_ANNOYANCE,
    AT_EMO_APPROVAL,
    AT_EMO_CARING,
    AT_EMO_CONFUSION,
    AT_EMO_CURIOSITY,
    AT_EMO_DESIRE,
    AT_EMO_DISAPPOINTMENT,
    AT_EMO_DISAPPROVAL,
    AT_EMO_DISGUST,
    AT_EMO_EMBARRASSMENT,
    AT_EMO_EXCITEMENT,
    AT_EMO_FEAR,
    AT_EMO_GRATITUDE,
    AT_EMO_GRIEF,
    AT_EMO_JOY,
    AT_EMO_LOVE,
    AT_EMO_NERVOUSNESS,
    AT_EMO_OPTIMISM,
    AT_EMO_PRIDE,
    AT_EMO_REALIZATION,
    AT_EMO_RELIEF,
    AT_EMO_REMORSE,
    AT_EMO_SADNESS,
    AT_EMO_SURPRISE,
    AT_EMO_NEUTRAL,
    AT_EMO_COUNT
};

/* Ekman's six basic emotions plus neutral, as GoEmotions groups its labels. */
enum at_ekman {
    AT_EKMAN_ANGER,
    AT_EKMAN_DISGUST,
    AT_EKMAN_FEAR,
    AT_EKMAN_JOY,
    AT_EKMAN_SADNESS,
    AT_EKMAN_SURPRISE,
    AT_EKMAN_NEUTRAL,
    AT_EKMAN_COUNT
};

/* What a help desk cares about. */
enum at_service {
    AT_SVC_FRUSTRATION,
    AT_SVC_ANXIETY,
    AT_SVC_CONFUSION,
    AT_SVC_SADNESS,
    AT_SVC_GRATITUDE,
    AT_SVC_JOY,
    AT_SVC_COUNT
};

/* Why a customer may leave or escalate; AT_RISK_NONE when nothing says so. */
enum at_risk {
    AT_RISK_NONE,
    AT_RISK_CANCEL,     /* cancel, close the account, unsubscribe */
    AT_RISK_SWITCH,     /* going to a competitor */
    AT_RISK_CHARGEBACK, /* dispute the charge with the bank */
    AT_RISK_LEGAL,      /* lawyer, court, regulator */
    AT_RISK_PUBLIC,     /* public review, social media */
    AT_RISK_ESCALATE,   /* manager, supervisor, complaint */
    AT_RISK_COUNT
};

/* Which signal a piece of evidence explains. */
enum at_signal {
    AT_SIG_POLARITY,  /* `weight` is the word's signed contribution */
    AT_SIG_EMOTION,   /* `label` is an enum at_emotion */
    AT_SIG_URGENCY,   /* `weight` is the cue's strength */
    AT_SIG_RISK,      /* `label` is an enum at_risk */
    AT_SIG_COMPLAINT, /* a complaint cue */
    AT_SIG_COUNT
};

/*
 * A piece of evidence: bytes [start, end) of the input explain `signal`.
 * `why` is a short static phrase ("negated", "intensified", "deadline", ...).
 */
struct at_evidence {
    uint32_t start;
    uint32_t end;
    uint8_t signal; /* enum at_signal */
    uint8_t label;  /* emotion or risk, by signal; 0 otherwise */
    float weight;
    const char *why;
};

/* What at_text_analyze() finds in a customer message. */
struct at_analysis {
    float polarity;              /* -1 (negative) .. 1 (positive) */
    float emotion[AT_EMO_COUNT]; /* probability of each label */
    uint32_t emotions_present;   /* bit (1 << label) for each label judged present */
    float ekman[AT_EKMAN_COUNT]; /* the strongest member label's probability */
    uint8_t ekman_present;       /* bit per enum at_ekman */
    float service[AT_SVC_COUNT]; /* 0..1 */
    uint8_t service_present;     /* bit per enum at_service */
    float urgency;               /* 0..1 */
    enum at_risk risk;           /* the strongest reason, or AT_RISK_NONE */
    float risk_score;            /* 0..1 */
    const char *risk_reason;     /* "wants to cancel", ... (static), NULL without risk */
    bool complaint;
    bool truncated; /* only AT_TEXT_MAX_BYTES were read */
    size_t n_tokens;
    size_t n_evidence;
    struct at_evidence *evidence; /* in the arena, in input order per signal */
};

/* EPITOME's three empathy mechanisms. */
enum at_empathy {
    AT_EMP_EMOTIONAL_REACTION,
    AT_EMP_INTERPRETATION,
    AT_EMP_EXPLORATION,
    AT_EMP_COUNT
};

/* The service rubric: what a good reply does (first) and what it avoids. */
enum at_rubric {
    AT_RUB_GREETING,     /* greets the customer, by name when known */
    AT_RUB_ACKNOWLEDGE,  /* names the emotion the customer showed */
    AT_RUB_APOLOGY,      /* apologises when the customer is upset */
    AT_RUB_OWNERSHIP,    /* "I will ..." */
    AT_RUB_NEXT_STEP,    /* a clear next step with a time */
    AT_RUB_ALTERNATIVES, /* offers another way when the answer is no */
    AT_RUB_THANKS,
    AT_RUB_DISMISSIVE, /* "calm down", "as I already said", "that's not possible" */
    AT_RUB_BLAME,      /* "you should have" */
    AT_RUB_ASSUMPTION, /* "you probably", "obviously you" */
    AT_RUB_JARGON,
    AT_RUB_SHOUTING, /* capitals, "!!!" */
    AT_RUB_POLICY,   /* hiding behind policy */
    AT_RUB_COUNT
};

/* The first rubric item that counts against a reply. */
#define AT_RUB_FIRST_BAD AT_RUB_DISMISSIVE

/* How a rubric item stands for one reply. */
enum at_rubric_state {
    AT_RS_NOT_APPLICABLE, /* e.g. no apology is due to a happy customer */
    AT_RS_MISSING,        /* a good item the reply lacks */
    AT_RS_MET,            /* a good item the reply has */
    AT_RS_CLEAR,          /* a bad item the reply avoids */
    AT_RS_FOUND           /* a bad item the reply has */
};

/* A span of the reply that meets (or breaks) a rubric item. */
struct at_rubric_hit {
    uint32_t start;
    uint32_t end;
    uint8_t item; /* enum at_rubric */
};

/*
 * A concrete suggestion: replace reply bytes [start, end) with `text`
 * (start == end: insert there). `text` and `why` live in the arena.
 */
struct at_suggestion {
    uint8_t item; /* enum at_rubric */
    uint32_t start;
    uint32_t end;
    const char *text;
    const char *why;
};

/* What at_text_coach() finds in a reply. */
struct at_coaching {
    uint8_t empathy[AT_EMP_COUNT]; /* 0, 1 or 2 each */
    int score;                     /* 0..100 */
    uint8_t rubric[AT_RUB_COUNT];  /* enum at_rubric_state */
    struct at_analysis customer;   /* the analysis of the customer message */
    const char *emotion_word;      /* "frustrating", "worrying", ... or NULL (static) */
    bool reply_truncated;
    size_t n_hits;
    struct at_rubric_hit *hits; /* in the arena */
    size_t n_suggestions;
    struct at_suggestion *suggestions; /* in the arena, in order of importance */
};

struct at_text_engine;

/*
 * Loads the engine's data: from the directory `data_dir` (lexicon.tsv,
 * emotions.bin), or, when `data_dir` is NULL or empty, from the copies
 * compiled into the binary. Returns the engine, or NULL with `e` saying which
 * file is missing or corrupt and how to fix it. Free with at_text_free().
 */
struct at_text_engine *at_text_load(const char *data_dir, struct at_errinfo *e);

/* Frees the engine (NULL is fine). No analysis may be running. */
void at_text_free(struct at_text_engine *eng);

/*
 * Checks that `text[0..n)` is acceptable input. Returns 0, or AT_EUTF8 /
 * AT_EINVAL with `e` saying what is wrong (and where, for bad UTF-8).
 */
int at_text_validate(const char *text, size_t n, struct at_errinfo *e);

/*
 * Analyses a customer message `text[0..n)` into `out`; the evidence array
 * lives in `arena`. Returns 0, AT_EUTF8 or AT_EINVAL (see the input rules).
 */
int at_text_analyze(const struct at_text_engine *eng, const char *text, size_t n,
                    struct at_arena *arena, struct at_analysis *out);

/*
 * Coaches `reply[0..reply_n)`, the agent's draft answer to `customer[0..customer_n)`
 * (which may be empty when unknown). `customer_name` (may be NULL) is the
 * name to greet by and to use in suggestions. Everything lives in `arena`.
 * Returns 0, AT_EUTF8 or AT_EINVAL (an empty reply; bad UTF-8 in either text).
 */
int at_text_coach(const struct at_text_engine *eng, const char *customer, size_t customer_n,
                  const char *reply, size_t reply_n, const char *customer_name,
                  struct at_arena *arena, struct at_coaching *out);

/* Writes `a` as one JSON object (no newline). Returns 0 or AT_ETOOBIG. */
int at_text_analysis_json(const struct at_analysis *a, struct at_buf *out);

/* Writes `c` as one JSON object (no newline). Returns 0 or AT_ETOOBIG. */
int at_text_coaching_json(const struct at_coaching *c, struct at_buf *out);

/* Stable names, for JSON and display. */
const char *at_text_emotion_name(enum at_emotion e);
const char *at_text_ekman_name(enum at_ekman e);
const char *at_text_service_name(enum at_service s);
const char *at_text_risk_name(enum at_risk r);
const char *at_text_signal_name(enum at_signal s);
const char *at_text_empathy_name(enum at_empathy m);
const char *at_text_rubric_name(enum at_rubric r);

/*
 * The labels in words of the coach's mechanisms and rubric items, for people
 * ("Reacts to the feeling", "Greets by name"); static, kept beside the names.
 */
const char *at_text_empathy_label(enum at_empathy m);
const char *at_text_rubric_label(enum at_rubric r);

/*
 * The tone of a message in one word from its polarity (-1..1): "negative" at
 * -AT_TEXT_TONE_FROM or below, "positive" at AT_TEXT_TONE_FROM or above, else
 * "neutral". Static.
 */
#define AT_TEXT_TONE_FROM 0.25f
const char *at_text_tone(float polarity);

/*
 * How a feeling reads to people: the word for "the customer sounds ..."
 * ("frustrated", never "frustration") and the tone of its badge, "upset",
 * "glad" or "calm". Static.
 */
const char *at_text_emotion_sounds(enum at_emotion e);
const char *at_text_emotion_tone(enum at_emotion e);
const char *at_text_service_sounds(enum at_service s);
const char *at_text_service_tone(enum at_service s);

/*
 * A coach score as a grade: "good" from AT_COACH_GOOD, "fair" from
 * AT_COACH_FAIR, else "poor". Static.
 */
#define AT_COACH_GOOD 70
#define AT_COACH_FAIR 40
const char *at_text_grade(int score);

/* From this urgency (0..1) a message reads as urgent: a badge, and no longer "content" in triage.
 */
#define AT_TEXT_URGENT_FROM 0.3f

/* Looks an emotion up by name; returns -1 when unknown. */
int at_text_emotion_find(const char *name, size_t n);

/* One labelled example for training: text and the bit (1 << label) of each gold label. */
struct at_text_example {
    const char *text;
    size_t n;
    uint32_t labels;
};

/* Training settings; zero fields take the defaults. */
struct at_text_train_opts {
    int epochs;    /* passes over the training set (default 8) */
    unsigned seed; /* order of the passes (default 1) */
};

/*
 * Loads only the lexicon (no emotion weights): what training needs before a
 * weights file exists. Same arguments and errors as at_text_load().
 */
struct at_text_engine *at_text_load_lexicon(const char *data_dir, struct at_errinfo *e);

/*
 * Trains the emotion model (what `attune train emotions` runs): one logistic
 * regression per label over hashed word and word-pair features and lexicon
 * features of `train`, each label's threshold chosen to maximise its F1 on
 * `dev`. Appends the weights file to `weights` and a readable report (dev
 * scores per label) to `report`. Needs no emotion model in `eng`. Returns 0,
 * AT_EINVAL (no examples) or AT_ETOOBIG.
 */
int at_text_train_emotions(const struct at_text_engine *eng, const struct at_text_example *train,
                           size_t n_train, const struct at_text_example *dev, size_t n_dev,
                           const struct at_text_train_opts *opts, struct at_buf *weights,
                           struct at_buf *report, struct at_errinfo *e);

#endif
