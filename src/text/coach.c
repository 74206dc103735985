/*
 * Reading a reply: EPITOME's three empathy mechanisms, the service rubric,
 * a 0-100 score and suggestions that fit the customer's emotion and name.
 * All rules and word lists here are hand-written.
 *
 * The cues that count against a reply (blame, dismissal, assumption,
 * policy) and the cues of saying no are judged in their sentence once every
 * cue is known: words inside quotation marks or on a quoted line ("> ...")
 * are someone else's; "I'm sorry you didn't get ..." regrets, it does not
 * accuse; "you should have received it by now, that's on us" owns the fault.
 * A suggestion replaces whole words and is fitted to where it goes: a
 * capital at a sentence start, the next word capitalised after an inserted
 * sentence, a deleted aside taken out with its commas.
 */
#include <string.h>

#include "core/str.h"
#include "text/rules_reply.h"
#include "text/text_int.h"

#include "core/banned.h"

#define MAX_HITS        64
#define MAX_SUGGESTIONS 16
#define NAME_MAX_BYTES  64
#define MAX_CUES        48

/* A cue to judge in its sentence: a rule that matched tokens [a, b). */
struct cue {
    const struct rule *rule;
    uint32_t a, b;
    bool stands; /* judged to mean what it seems to */
};

struct coach_state {
    const struct at_text_engine *eng;
    const struct toks *t;
    const char *text; /* the reply */
    uint32_t text_n;
    struct at_coaching *out;
    struct at_arena *arena;
    uint32_t *sent;  /* per token: the number of its sentence (a newline ends one too) */
    uint8_t *quoted; /* per token: inside quotation marks or on a line that opens with '>' */
    uint8_t *ask;    /* per sentence: enum question_kind */
    uint8_t *open;   /* per sentence: an open invitation to say more ("What's on your mind?") */
    uint64_t name_hash;
    /* first match per rule category, token indices */
    int first[RC_COUNT];
    int first_end[RC_COUNT];
    const struct rule *first_rule[RC_COUNT];
    int count[RC_COUNT];
    int closes; /* dismissive cues that say no ("that's not possible") */
    bool ex_strong_in_question;
    int names_feeling; /* interpretation cues that name the feeling ("that must be so hard") */
    struct cue cues[MAX_CUES];
    size_t n_cues;
};

static void add_hit(struct at_coaching *c, uint32_t start, uint32_t end, enum at_rubric item)
{
    if (c->n_hits >= MAX_HITS)
        return;
    c->hits[c->n_hits].start = start;
    c->hits[c->n_hits].end = end;
    c->hits[c->n_hits].item = (uint8_t)item;
    c->n_hits++;
}

static const enum at_rubric cat_item[RC_COUNT] = {
    [RC_GREETING] = AT_RUB_GREETING, [RC_ACK] = AT_RUB_ACKNOWLEDGE,
    [RC_APOLOGY] = AT_RUB_APOLOGY,   [RC_OWNERSHIP] = AT_RUB_OWNERSHIP,
    [RC_TIME] = AT_RUB_NEXT_STEP,    [RC_ALTERNATIVE] = AT_RUB_ALTERNATIVES,
    [RC_THANKS] = AT_RUB_THANKS,     [RC_DISMISSIVE] = AT_RUB_DISMISSIVE,
    [RC_BLAME] = AT_RUB_BLAME,       [RC_ASSUMPTION] = AT_RUB_ASSUMPTION,
    [RC_JARGON] = AT_RUB_JARGON,     [RC_POLICY] = AT_RUB_POLICY,
};

/* ---- the shape of the reply: tokens, sentences, quotations ---- */

static bool is_punct(const struct tok *k, char c)
{
    return k->kind == TK_PUNCT && k->norm[0] == c;
}

static bool is_end_mark(const struct tok *k)
{
    return k->kind == TK_PUNCT && (k->norm[0] == '.' || k->norm[0] == '!' || k->norm[0] == '?');
}

/* A mark that ends a clause inside a sentence: , ; : ( ) and dashes. */
static bool is_clause_mark(const struct tok *k)
{
    if (k->kind != TK_PUNCT)
        return false;
    switch (k->norm[0]) {
    case ',':
    case ';':
    case ':':
    case '(':
    case ')':
    case '-':
        return true;
    default:
        /* an em or en dash: U+2014, U+2013 */
        return k->norm_len == 3 && (unsigned char)k->norm[0] == 0xe2 &&
               (unsigned char)k->norm[1] == 0x80 &&
               ((unsigned char)k->norm[2] == 0x94 || (unsigned char)k->norm[2] == 0x93);
    }
}

/* 1 for a double quotation mark, 2 for a single one standing alone, else 0. */
static int quote_family(const struct tok *k)
{
    const unsigned char *p = (const unsigned char *)k->norm;

    if (k->kind != TK_PUNCT)
        return 0;
    if (k->norm_len == 1)
        return p[0] == '"' ? 1 : p[0] == '\'' ? 2 : 0;
    /* U+201C U+201D U+00AB U+00BB; U+2018 U+2019 */
    if (k->norm_len == 3 && p[0] == 0xe2 && p[1] == 0x80)
        return p[2] == 0x9c || p[2] == 0x9d ? 1 : p[2] == 0x98 || p[2] == 0x99 ? 2 : 0;
    if (k->norm_len == 2 && p[0] == 0xc2 && (p[1] == 0xab || p[1] == 0xbb))
        return 1;
    return 0;
}

static bool newline_between(const char *text, uint32_t from, uint32_t to)
{
    for (uint32_t i = from; i < to; i++) {
        if (text[i] == '\n')
            return true;
    }
    return false;
}

/*
 * Numbers the sentences (an end mark or a newline ends one) and marks the
 * tokens that are quoted: between a pair of quotation marks on one line, or
 * on a line that opens with '>'.
 */
static void read_layout(struct coach_state *s)
{
    const struct toks *t = s->t;
    uint32_t sid = 0;
    size_t open[3] = {SIZE_MAX, SIZE_MAX, SIZE_MAX};
    bool line_quoted = false;

    s->sent = at_arena_alloc(s->arena, t->n * sizeof(*s->sent));
    s->quoted = at_arena_alloc(s->arena, t->n);
    for (size_t i = 0; i < t->n; i++) {
        const struct tok *k = &t->v[i];
        bool nl = i == 0 || newline_between(s->text, t->v[i - 1].end, k->start);
        int q;

        if (i > 0 && (nl || (is_end_mark(&t->v[i - 1]) && !is_end_mark(k))))
            sid++;
        if (nl) {
            line_quoted = is_punct(k, '>');
            open[1] = open[2] = SIZE_MAX; /* a quotation left open ends with its line */
        }
        s->sent[i] = sid;
        s->quoted[i] = line_quoted;
        q = quote_family(k);
        if (q) {
            if (open[q] == SIZE_MAX) {
                open[q] = i;
            } else {
                for (size_t j = open[q]; j <= i; j++)
                    s->quoted[j] = 1;
                open[q] = SIZE_MAX;
            }
        }
    }
}

/*
 * An exploration cue that only opens the door ("What's on your mind?", "Tell us
 * more"): it asks the person to say more without asking about anything in
 * particular, which is exploration's weak level.
 */
#define RS_EX_OPEN      1
#define OPEN_TAIL_WORDS 2 /* words after an open invitation that still leave it open */

/* What a sentence asks, for EPITOME's exploration. */
enum question_kind {
    Q_NONE,    /* not a question */
    Q_EXPLORE, /* asks about the person: "What happened?", "How are you feeling?" */
    Q_OTHER,   /* advice, an offer or a tag in a question's form (see question_kind_of) */
};

/* Is token i the word w (in its normal form)? */
static bool word_is(const struct toks *t, size_t i, const char *w)
{
    size_t n;

    if (i >= t->n || t->v[i].norm[0] != w[0])
        return false;
    n = strlen(w);
    return t->v[i].norm_len == n && memcmp(t->v[i].norm, w, n) == 0;
}

static bool word_in(const struct toks *t, size_t i, const char *const *list)
{
    for (; *list; list++) {
        if (word_is(t, i, *list))
            return true;
    }
    return false;
}

static bool is_text_word(const struct toks *t, size_t i)
{
    return i < t->n && (t->v[i].kind == TK_WORD || t->v[i].kind == TK_NUM);
}

static bool same_sentence(const struct coach_state *s, size_t i, size_t j)
{
    return i < s->t->n && j < s->t->n && s->sent[i] == s->sent[j];
}

static size_t sentence_first(const struct coach_state *s, size_t i)
{
    while (i > 0 && s->sent[i - 1] == s->sent[i])
        i--;
    return i;
}

/* One past the last token of i's sentence that is not its end mark. */
static size_t sentence_body_end(const struct coach_state *s, size_t i)
{
    size_t j = i;

    while (j + 1 < s->t->n && s->sent[j + 1] == s->sent[i])
        j++;
    while (j > i && is_end_mark(&s->t->v[j]))
        j--;
    return is_end_mark(&s->t->v[j]) ? j : j + 1;
}

static size_t clause_first(const struct coach_state *s, size_t i)
{
    while (i > 0 && s->sent[i - 1] == s->sent[i] && !is_clause_mark(&s->t->v[i - 1]))
        i--;
    return i;
}

/* One past the last token of i's clause. */
static size_t clause_end(const struct coach_state *s, size_t i)
{
    size_t j = i;

    while (j < s->t->n && s->sent[j] == s->sent[i] && !is_clause_mark(&s->t->v[j]) &&
           !is_end_mark(&s->t->v[j]))
        j++;
    return j;
}

/*
 * A question that does not explore the person's feelings or experience:
 * advice put as a question ("Have you tried running?", "Maybe you could ...?",
 * "Why not call her?"), an offer to listen ("Do you want to talk about it?"),
 * or a tag that asks nothing ("..., right?", "you know?").
 */
static bool asks_nothing(const struct coach_state *s, size_t a, size_t q)
{
    const struct toks *t = s->t;
    static const char *const fillers[] = {"so", "but",  "and", "well", "hey", "also",
                                          "or", "then", "ok",  "okay", "oh",  NULL};
    static const char *const advising[] = {"maybe", "perhaps", "try", "why not", NULL};
    static const char *const talk[] = {"talk", "chat", "vent", "pm", "dm", "message", "rant", NULL};
    static const char *const wish[] = {"want", "wanna", "need", "like", NULL};
    static const char *const tags[] = {"right", "yeah", "ok", "okay", "huh",
                                       "eh",    "lol",  "no", NULL};
    static const char *const wh[] = {"why", "what",   "how",       "when", "where",
                                     "who", "really", "seriously", NULL};
    bool talks = false, wants = false, me = false, you = false;
    size_t words = 0;

    while (a < q && (word_in(t, a, fillers) || t->v[a].kind == TK_PUNCT))
        a++;
    if (a >= q)
        return false;
    if (word_in(t, a, advising) || (word_is(t, a, "why") && word_is(t, a + 1, "not")) ||
        (word_is(t, a, "why") && word_is(t, a + 1, "don't") && word_is(t, a + 2, "you")) ||
        ((word_is(t, a, "what") || word_is(t, a, "how")) && word_is(t, a + 1, "about")))
        return true;
    /* "have you tried", "did you try", "have you considered", "can you try" */
    if ((word_is(t, a, "have") || word_is(t, a, "did") || word_is(t, a, "can") ||
         word_is(t, a, "could") || word_is(t, a, "would")) &&
        word_is(t, a + 1, "you") &&
        (word_is(t, a + 2, "tried") || word_is(t, a + 2, "try") ||
         word_is(t, a + 2, "considered") || word_is(t, a + 2, "consider") ||
         word_is(t, a + 2, "thought")))
        return true;
    for (size_t j = a; j < q; j++) {
        talks |= word_in(t, j, talk);
        wants |= word_in(t, j, wish);
        for (int k = 0; k < 10; k++) {
            me |= t->v[j].hash == s->eng->first_person[k];
            you |= t->v[j].hash == s->eng->you_words[k];
        }
        me |= word_is(t, j, "we") || word_is(t, j, "us") || word_is(t, j, "our");
        words += t->v[j].kind != TK_PUNCT;
    }
    if (talks && wants)
        return true;
    /* a question the replier asks about themselves ("Where would I go?"), or one word
       that is not a question word ("Honestly?") */
    if (me && !you)
        return true;
    if (words == 1 && !word_in(t, a, wh))
        return true;
    /* the last words before the mark */
    {
        size_t e = q;

        while (e > a && t->v[e - 1].kind == TK_PUNCT)
            e--;
        if (e > a &&
            (word_in(t, e - 1, tags) ||
             (e > a + 1 && word_is(t, e - 1, "know") && word_is(t, e - 2, "you"))) &&
            e - a > 1)
            return true;
    }
    return false;
}

/* Does token i's sentence speak of the replier ("I", "my") and not of the person ("you")? */
static bool only_about_me(const struct coach_state *s, size_t i)
{
    const struct toks *t = s->t;
    bool me = false;

    for (size_t j = sentence_first(s, i); j < t->n && s->sent[j] == s->sent[i]; j++) {
        for (int k = 0; k < 10; k++) {
            if (t->v[j].hash == s->eng->you_words[k])
                return false;
            me |= t->v[j].hash == s->eng->first_person[k];
        }
    }
    return me;
}

/* Sorts each sentence into enum question_kind. */
static void read_questions(struct coach_state *s)
{
    const struct toks *t = s->t;
    size_t n_sent = t->n ? s->sent[t->n - 1] + 1 : 0;

    s->ask = at_arena_alloc(s->arena, n_sent ? n_sent : 1);
    memset(s->ask, Q_NONE, n_sent ? n_sent : 1);
    s->open = at_arena_alloc(s->arena, n_sent ? n_sent : 1);
    memset(s->open, 0, n_sent ? n_sent : 1);
    for (size_t a = 0; a < t->n;) {
        size_t b = a, q = SIZE_MAX;

        while (b < t->n && s->sent[b] == s->sent[a]) {
            if (q == SIZE_MAX && is_punct(&t->v[b], '?'))
                q = b;
            b++;
        }
        if (q != SIZE_MAX)
            s->ask[s->sent[a]] = asks_nothing(s, a, q) ? Q_OTHER : Q_EXPLORE;
        a = b;
    }
}

/* Is token i inside a question that explores? */
static bool in_question(const struct coach_state *s, size_t i)
{
    return s->ask[s->sent[i]] == Q_EXPLORE;
}

/* Cues judged once every cue is known; and what they are judged against. */
static bool judged_later(const struct rule *r)
{
    return r->cat == RC_DISMISSIVE || r->cat == RC_BLAME || r->cat == RC_ASSUMPTION ||
           r->cat == RC_POLICY || r->cat == RC_REFUSAL || r->cat == RC_APOLOGY ||
           (r->cat == RC_OWNERSHIP && r->sub == RS_OWN_FAULT);
}

/*
 * Does an open invitation end at token `end` stand nearly alone in its clause
 * ("What happened?", "What's going on with you?")? More words after it ask
 * about something in particular ("What happened after you moved?").
 */
static bool open_alone(const struct coach_state *s, size_t end)
{
    size_t words = 0, stop = clause_end(s, end);

    for (size_t j = end; j < stop; j++)
        words += is_text_word(s->t, j);
    return words <= OPEN_TAIL_WORDS;
}

static void on_rule(void *ctx, const struct rule_match *m)
{
    struct coach_state *s = ctx;
    int cat = m->rule->cat;
    const struct tok *first = &s->t->v[m->tok_start];

    /* words between quotation marks, or on a quoted line, are someone else's */
    if (s->quoted[m->tok_start])
        return;
    if (judged_later(m->rule) && s->n_cues < MAX_CUES) {
        struct cue *c = &s->cues[s->n_cues++];

        c->rule = m->rule;
        c->a = m->tok_start;
        c->b = m->tok_end;
        c->stands = false;
        if (cat != RC_APOLOGY)
            return;
    } else if (judged_later(m->rule) && cat != RC_APOLOGY) {
        return;
    }
    /* "I will not", "no apology": a negated cue does not count; nor do questions for EX */
    if (first->flags & TF_NEGATED)
        return;
    if (cat == RC_GREETING && m->tok_start > 2)
        return;
    if (cat == RC_EX_WEAK && !in_question(s, m->tok_start))
        return;
    /* "it sucks", "sorry" in a sentence about one's own life, not the person's */
    if (cat == RC_ER_WEAK && m->rule->sub == RS_ER_EITHER && only_about_me(s, m->tok_start))
        return;
    if (cat == RC_EX_STRONG && m->rule->sub == RS_EX_OPEN && open_alone(s, m->tok_end))
        s->open[s->sent[m->tok_start]] = 1;
    else if (cat == RC_EX_STRONG && in_question(s, m->tok_start))
        s->ex_strong_in_question = true;
    if (cat == RC_IP_STRONG && m->rule->sub == RS_IP_NAMES)
        s->names_feeling++;
    if (s->count[cat]++ == 0) {
        s->first[cat] = (int)m->tok_start;
        s->first_end[cat] = (int)m->tok_end;
        s->first_rule[cat] = m->rule;
    }
    if (cat_item[cat] || cat == RC_GREETING)
        add_hit(s->out, first->start, s->t->v[m->tok_end - 1].end, cat_item[cat]);
}

/*
 * First-person words that tell a story ("I had", "my", "me") in a reply that
 * shares an experience; one fewer is enough in a short reply (about two sentences).
 */
#define FIRST_PERSON_SHARING 3
#define SHORT_REPLY_WORDS    30
/* a story of one's own takes a fair part of the reply: a first-person word in 30 words at least */
#define WORDS_PER_STORY 30

struct reply_shape {
    int first_person;        /* i, i'm, i've, i'd, my, me, myself, mine */
    int story;               /* of those, the ones that tell of the replier's own life */
    int words;               /* words in the reply */
    int questions;           /* sentences that end with "?" */
    bool question_about_you; /* a question of three words or more that says "you" */
    bool same;               /* a sentence that opens by agreeing: "Same.", "Same here" */
    bool agrees;             /* a sentence that opens with "Yes", "Yep", "Exactly", "True" */
    bool also;               /* a sentence with a story of one's own and "too" ("I do that too") */
};

static const char *const first_person_words[] = {"i",   "i'm", "im", "i've",   "ive",
                                                 "i'd", "my",  "me", "myself", "mine"};
static const char *const you_words[] = {"you",      "your", "you're", "youre",  "yours",
                                        "yourself", "u",    "ur",     "you've", "you'd"};

/*
 * Words that make a first-person word a speech act rather than a story: "I
 * hope", "I think", "I know", "I'm sorry", "I'm here", "I want you to" say
 * what the replier wishes, believes or offers, not what they went through; so
 * do "PM me", "message me", "let me" and "I'd" (I would). And "same" (or a
 * stretched "sameee") opening a sentence agrees.
 */
enum coach_word {
    CW_HOPE,
    CW_THINK,
    CW_WISH,
    CW_GUESS,
    CW_SUGGEST,
    CW_RECOMMEND,
    CW_BELIEVE,
    CW_SORRY,
    CW_WOULD,
    CW_LOVE,
    CW_PM,
    CW_DM,
    CW_MESSAGE,
    CW_LET,
    CW_I_D,
    CW_SAME,
    CW_SAMEE,
    CW_HERE,
    CW_WANT,
    CW_KNOW,
    CW_TOO,
    CW_COUNT
};

static const char *const coach_word_text[CW_COUNT] = {
    "hope",  "think", "wish",  "guess", "suggest", "recommend", "believe",
    "sorry", "would", "love",  "pm",    "dm",      "message",   "let",
    "i'd",   "same",  "samee", "here",  "want",    "know",      "too",
};

_Static_assert(CW_COUNT <= sizeof(((struct at_text_engine *)0)->coach_words) / sizeof(uint64_t),
               "coach_words has room for every enum coach_word");

void text_coach_init(struct at_text_engine *eng)
{
    for (int i = 0; i < 10; i++) {
        eng->first_person[i] = text_hash(first_person_words[i], strlen(first_person_words[i]));
        eng->you_words[i] = text_hash(you_words[i], strlen(you_words[i]));
    }
    for (int i = 0; i < CW_COUNT; i++)
        eng->coach_words[i] = text_hash(coach_word_text[i], strlen(coach_word_text[i]));
}

static bool is_word(const struct at_text_engine *eng, const struct tok *k, enum coach_word w)
{
    return k->hash == eng->coach_words[w];
}

/* Words after "I" that vouch or agree rather than tell: "I promise", "I'm sure", "I agree". */
static const char *const hedges[] = {"promise", "bet", "mean", "sure", "swear", "agree", NULL};

/* Is first-person token i part of a speech act ("I hope", "I'm sorry", "PM me")? */
static bool performative(const struct at_text_engine *eng, const struct toks *t, size_t i)
{
    const struct tok *k = &t->v[i];

    if (is_word(eng, k, CW_I_D))
        return true;
    if (i > 0 && k->hash == eng->first_person[7] /* me */) {
        const struct tok *p = &t->v[i - 1];

        return is_word(eng, p, CW_PM) || is_word(eng, p, CW_DM) || is_word(eng, p, CW_MESSAGE) ||
               is_word(eng, p, CW_LET);
    }
    /* "I hope", "I really hope", "I'm so sorry", "I'm not sure" */
    for (size_t j = i + 1; j < t->n && j <= i + 2; j++) {
        const struct tok *n = &t->v[j];

        if (n->kind == TK_PUNCT)
            break;
        if (is_word(eng, n, CW_HOPE) || is_word(eng, n, CW_THINK) || is_word(eng, n, CW_WISH) ||
            is_word(eng, n, CW_GUESS) || is_word(eng, n, CW_SUGGEST) ||
            is_word(eng, n, CW_RECOMMEND) || is_word(eng, n, CW_BELIEVE) ||
            is_word(eng, n, CW_SORRY) || is_word(eng, n, CW_WOULD) || is_word(eng, n, CW_LOVE) ||
            is_word(eng, n, CW_HERE) || is_word(eng, n, CW_WANT) || is_word(eng, n, CW_KNOW) ||
            word_in(t, j, hedges))
            return true;
    }
    return false;
}

static const char *const agreeing[] = {"yes",  "yep",    "yeah",      "yea",  "exactly", "totally",
                                       "true", "agreed", "relatable", "this", NULL};

static struct reply_shape shape_of(const struct at_text_engine *eng, const struct toks *t,
                                   const struct coach_state *s)
{
    const uint64_t *fh = eng->first_person, *yh = eng->you_words;
    struct reply_shape sh = {0};
    size_t words = 0;
    bool said_you = false, told = false, too = false;

    for (size_t i = 0; i < t->n; i++) {
        const struct tok *k = &t->v[i];

        if (k->kind == TK_PUNCT) {
            char c = k->norm[0];

            if (c == '?' && s->ask[s->sent[i]] == Q_EXPLORE) {
                sh.questions++;
                if (said_you && words >= 3 && !s->open[s->sent[i]])
                    sh.question_about_you = true;
            }
            if (c == '?' || c == '.' || c == '!') {
                if (told && too)
                    sh.also = true;
                told = too = false;
                words = 0;
                said_you = false;
            }
            continue;
        }
        words++;
        sh.words++;
        if (is_word(eng, k, CW_TOO))
            too = true;
        if ((k->flags & TF_SENT) && (is_word(eng, k, CW_SAME) || is_word(eng, k, CW_SAMEE)))
            sh.same = true;
        /* "Yes." "Yep, ..." "Exactly." opening a sentence agree too, with a story of one's own */
        if ((k->flags & TF_SENT) && word_in(t, i, agreeing))
            sh.agrees = true;
        for (int j = 0; j < 10; j++) {
            if (k->hash == fh[j]) {
                sh.first_person++;
                /* the "me" of "me too" agrees; the story, if any, is elsewhere */
                if (!performative(eng, t, i) &&
                    !(i + 1 < t->n && is_word(eng, &t->v[i + 1], CW_TOO))) {
                    sh.story++;
                    told = true;
                }
            }
            if (k->hash == yh[j])
                said_you = true;
        }
    }
    if (told && too)
        sh.also = true;
    return sh;
}

/* ---- judging the cues in their sentences ---- */

/* Words that qualify a verb without changing who did what ("you didn't even ..."). */
static const char *const adverbs[] = {"even", "ever", "actually", "really", "just",
                                      "yet",  "only", "already",  "simply", NULL};

static size_t skip_adverbs(const struct toks *t, size_t i)
{
    while (i < t->n && word_in(t, i, adverbs))
        i++;
    return i;
}

/*
 * Verbs of what happens to the customer rather than what the customer does:
 * "you didn't receive", "you should have received it", "you never had to".
 * Saying that these went wrong is not blame.
 */
static const char *const undergone[] = {
    "receive", "received", "get",    "got",     "gotten",   "hear",   "heard",      "have",
    "had",     "need",     "needed", "deserve", "deserved", "mean",   "meant",      "know",
    "knew",    "known",    "be",     "been",    "wait",     "waited", "experience", "experienced",
    "worry",   "worried",  "feel",   "felt",    NULL};

/* Participles of the customer's own doing that are not regular "-ed" forms. */
static const char *const irregular_participles[] = {
    "read",   "done",      "sent",    "written", "given",  "taken",   "made", "kept",  "told",
    "paid",   "put",       "set",     "chosen",  "bought", "brought", "left", "shown", "driven",
    "broken", "forgotten", "deleted", "lost",    "run",    "spent",   NULL};

static bool is_participle(const struct toks *t, size_t i)
{
    const struct tok *k;

    if (i >= t->n || t->v[i].kind != TK_WORD)
        return false;
    k = &t->v[i];
    if (k->norm_len >= 4 && k->norm[k->norm_len - 2] == 'e' && k->norm[k->norm_len - 1] == 'd')
        return true;
    return word_in(t, i, irregular_participles);
}

/* Is there a cue of category `cat` (and `sub`, unless -1) that stands in i's sentence? */
static bool cue_in_sentence(const struct coach_state *s, size_t i, int cat, int sub)
{
    for (size_t c = 0; c < s->n_cues; c++) {
        const struct cue *q = &s->cues[c];

        if (q->rule->cat == cat && (sub < 0 || q->rule->sub == sub) && same_sentence(s, q->a, i))
            return true;
    }
    return false;
}

/*
 * Is token i inside what an apology regrets: "I'm sorry you were told to
 * calm down", "sorry that you didn't ..."? Not after a "but".
 */
static bool sorry_governs(const struct coach_state *s, size_t i)
{
    static const char *const contrast[] = {"but", "however", "though", "although", NULL};

    for (size_t c = 0; c < s->n_cues; c++) {
        const struct cue *q = &s->cues[c];
        bool turned = false;

        if (q->rule->cat != RC_APOLOGY || q->a >= i || i > q->b + 6 || !same_sentence(s, q->a, i))
            continue;
        /* "sorry, you should have ..." and "sorry, but ..." are not what the apology regrets */
        for (size_t j = q->b; j < i; j++)
            turned |= word_in(s->t, j, contrast) || is_clause_mark(&s->t->v[j]);
        if (!turned)
            return true;
    }
    return false;
}

/* Is token i's cue what someone else said: "you were told to calm down"? */
static bool reported(const struct coach_state *s, size_t i)
{
    static const char *const saying[] = {"told", "asked", "said", "say", "tell", "telling", NULL};

    for (size_t j = i >= 3 ? i - 3 : 0; j < i; j++) {
        if (same_sentence(s, j, i) && word_in(s->t, j, saying))
            return true;
    }
    return false;
}

/* A reason given in i's sentence or the next, which is not the policy itself ("because of our
 * policy"). */
static bool reason_given(const struct coach_state *s, size_t i)
{
    for (size_t c = 0; c < s->n_cues; c++) {
        const struct cue *q = &s->cues[c];
        bool is_policy = false;

        if (q->rule->cat != RC_POLICY || q->rule->sub != RS_POL_REASON)
            continue;
        if (s->sent[q->a] != s->sent[i] && s->sent[q->a] != s->sent[i] + 1)
            continue;
        for (size_t d = 0; d < s->n_cues; d++) {
            const struct cue *p = &s->cues[d];

            if (p->rule->cat == RC_POLICY && p->rule->sub != RS_POL_REASON && p->a >= q->a &&
                p->a <= q->b + 3)
                is_policy = true;
        }
        if (!is_policy)
            return true;
    }
    return false;
}

static bool blame_stands(const struct coach_state *s, const struct cue *c)
{
    const struct toks *t = s->t;
    size_t j = skip_adverbs(t, c->b);

    if (cue_in_sentence(s, c->a, RC_OWNERSHIP, RS_OWN_FAULT))
        return false;
    switch (c->rule->sub) {
    case RS_BLAME_TO:
        /* "you didn't receive": what happened to the customer; "you didn't do anything wrong" */
        if (!is_text_word(t, j) || word_in(t, j, undergone))
            return false;
        return !(word_is(t, j, "do") &&
                 (word_is(t, j + 2, "wrong") || word_is(t, j + 1, "nothing")));
    case RS_BLAME_PERFECT:
        /* "you shouldn't have had to", "you should have been told", "... received it" */
        if (!is_text_word(t, j))
            return false;
        if (word_is(t, j, "been")) {
            size_t k = skip_adverbs(t, j + 1);

            return !(is_participle(t, k) || word_is(t, k, "able"));
        }
        if (word_is(t, j, "had"))
            return !word_is(t, j + 1, "to");
        return !word_in(t, j, undergone);
    case RS_BLAME_NEVER:
        return is_text_word(t, j) && !word_in(t, j, undergone);
    case RS_BLAME_IF:
        /* "if you had followed the steps"; not "if you'd like", "if you had any questions" */
        return is_participle(t, j) && !word_in(t, j, undergone);
    default:
        return true;
    }
}

static bool cue_stands(const struct coach_state *s, const struct cue *c)
{
    const struct toks *t = s->t;
    const struct rule *r = c->rule;
    bool negated = (t->v[c->a].flags & TF_NEGATED) != 0;

    switch (r->cat) {
    case RC_BLAME:
        return !negated && !sorry_governs(s, c->a) && blame_stands(s, c);
    case RC_DISMISSIVE:
        return !negated && !sorry_governs(s, c->a) && !reported(s, c->a);
    case RC_ASSUMPTION:
        if (negated || sorry_governs(s, c->a))
            return false;
        /* "you must have been so worried" names a feeling; it does not assume a fault */
        if (r->sub == RS_ASM_MUST) {
            static const char *const lived[] = {"been", "felt", "had", "gone", NULL};

            return !word_in(t, c->b, lived);
        }
        return true;
    case RC_POLICY:
        return r->sub != RS_POL_REASON && !negated && !reason_given(s, c->a);
    case RC_REFUSAL:
        if (r->sub == RS_REF_CAN) {
            /* "I can't imagine", "I can't thank you enough", "I can't find": not a no */
            static const char *const not_acts[] = {
                "imagine",   "believe",    "wait",      "thank",     "stress",
                "emphasize", "emphasise",  "apologize", "apologise", "say",
                "tell",      "express",    "begin",     "find",      "see",
                "locate",    "understand", "promise",   NULL};
            size_t j = skip_adverbs(t, c->b);

            if (word_in(t, j, not_acts) || (word_is(t, j, "help") && word_is(t, j + 1, "but")))
                return false;
        }
        return true;
    default:
        return true; /* apologies and owned faults are context */
    }
}

/* Decides which cues stand, counts them and adds their hits. */
static void judge_cues(struct coach_state *s)
{
    for (size_t c = 0; c < s->n_cues; c++)
        s->cues[c].stands = cue_stands(s, &s->cues[c]);
    for (size_t c = 0; c < s->n_cues; c++) {
        struct cue *q = &s->cues[c];
        int cat = q->rule->cat;

        if (!q->stands || cat == RC_APOLOGY || cat == RC_OWNERSHIP)
            continue;
        if (cat == RC_DISMISSIVE &&
            (q->rule->sub == RS_DIS_CLOSE || q->rule->sub == RS_DIS_NOTMINE))
            s->closes++;
        if (s->count[cat]++ == 0 || ((int)q->a == s->first[cat] && (int)q->b > s->first_end[cat])) {
            s->first[cat] = (int)q->a;
            s->first_end[cat] = (int)q->b;
            s->first_rule[cat] = q->rule;
        }
        if (cat_item[cat])
            add_hit(s->out, s->t->v[q->a].start, s->t->v[q->b - 1].end, cat_item[cat]);
    }
}

/* ---- the customer ---- */

/* The customer's feeling, in the words a reply would use. */
struct feeling {
    enum at_service which;
    const char *situation; /* "frustrating": how it has been for the customer, or NULL */
    const char *person;    /* "frustrated": how the customer sounds */
    bool positive;         /* gratitude or joy */
};

static struct feeling feeling_of(const struct at_analysis *a)
{
    static const char *const situation[AT_SVC_COUNT] = {
        "frustrating", "worrying", "confusing", "upsetting", "kind", "exciting",
    };
    struct feeling f = {AT_SVC_FRUSTRATION, NULL, NULL, false};
    int best = -1;
    float best_v = 0.5f;

    for (int s = 0; s < AT_SVC_COUNT; s++) {
        if ((a->service_present & (1u << s)) && a->service[s] >= best_v) {
            best_v = a->service[s];
            best = s;
        }
    }
    if (best < 0 && a->polarity < -0.05f)
        best = AT_SVC_FRUSTRATION;
    if (best < 0)
        return f;
    f.which = (enum at_service)best;
    f.situation = situation[best];
    f.person = at_text_service_sounds((enum at_service)best);
    f.positive = best == AT_SVC_GRATITUDE || best == AT_SVC_JOY;
    return f;
}

/* The first word of the customer's name, capitalised as given, or NULL. */
static const char *first_name(const char *name, struct at_arena *arena)
{
    size_t n = 0;

    if (!name)
        return NULL;
    while (*name == ' ')
        name++;
    while (name[n] && name[n] != ' ' && n < NAME_MAX_BYTES)
        n++;
    if (n == 0 || !at_utf8_valid(name, n))
        return NULL;
    return at_arena_strndup(arena, name, n);
}

/* The hash of the name's first token (0 when it has none). */
static uint64_t name_hash_of(const char *name)
{
    struct toks nt;
    struct at_arena a = AT_ARENA_INIT;
    uint64_t h = 0;

    text_tokenize(name, strlen(name), &a, &nt);
    if (nt.n > 0)
        h = nt.v[0].hash;
    at_arena_release(&a);
    return h;
}

static bool name_in(const struct toks *t, uint64_t name_hash, size_t upto)
{
    for (size_t i = 0; i < t->n && i < upto; i++) {
        if (name_hash && t->v[i].hash == name_hash)
            return true;
    }
    return false;
}

/* ---- suggestions, fitted to where they go ---- */

static void suggest(struct at_coaching *c, enum at_rubric item, uint32_t start, uint32_t end,
                    const char *text, const char *why)
{
    struct at_suggestion *s;

    if (c->n_suggestions >= MAX_SUGGESTIONS)
        return;
    s = &c->suggestions[c->n_suggestions++];
    s->item = (uint8_t)item;
    s->start = start;
    s->end = end;
    s->text = text;
    s->why = why;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Does byte `at` of the reply begin a sentence: nothing before it, a newline, or an end mark? */
static bool starts_sentence(const char *text, uint32_t at)
{
    while (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '\t'))
        at--;
    return at == 0 || text[at - 1] == '\n' || text[at - 1] == '\r' || text[at - 1] == '.' ||
           text[at - 1] == '!' || text[at - 1] == '?';
}

/* Is `p` the word "I" or one of its contractions ("I'm", "I'll")? */
static bool is_word_i(const char *p)
{
    return p[0] == 'I' &&
           (p[1] == '\0' || p[1] == ' ' || p[1] == '\'' || p[1] == ',' || p[1] == '.');
}

/* A copy of `text` whose first letter is a capital (cap), or small unless it is "I". */
static char *fit_case(struct at_arena *arena, const char *text, bool cap)
{
    char *p = at_arena_strndup(arena, text, strlen(text));

    if (cap && p[0] >= 'a' && p[0] <= 'z')
        p[0] = (char)(p[0] - 32);
    else if (!cap && p[0] >= 'A' && p[0] <= 'Z' && !is_word_i(p))
        p[0] = (char)(p[0] + 32);
    return p;
}

/* The bytes of tokens [a, b) with the first letter made a capital. */
static const char *capitalised(const struct coach_state *s, size_t a, size_t b)
{
    uint32_t from = s->t->v[a].start, to = s->t->v[b - 1].end;
    char *p = at_arena_strndup(s->arena, s->text + from, to - from);

    if (p[0] >= 'a' && p[0] <= 'z')
        p[0] = (char)(p[0] - 32);
    return p;
}

/* Replaces tokens [a, b) with `text`, capitalised when it starts a sentence. */
static void replace_toks(struct coach_state *s, enum at_rubric item, size_t a, size_t b,
                         const char *text, const char *why)
{
    uint32_t start = s->t->v[a].start;

    suggest(s->out, item, start, s->t->v[b - 1].end,
            fit_case(s->arena, text, starts_sentence(s->text, start)), why);
}

/* Words that may open a clause before the cue without changing it: "Well, ...", "Hi Dana, ...". */
static bool opener_word(const struct coach_state *s, size_t i)
{
    static const char *const openers[] = {
        "well",  "honestly", "unfortunately", "sadly",  "but",     "so",    "and",  "also",
        "again", "however",  "now",           "look",   "listen",  "ok",    "okay", "hi",
        "hello", "hey",      "dear",          "please", "frankly", "sorry", NULL};

    return word_in(s->t, i, openers) || (s->name_hash && s->t->v[i].hash == s->name_hash);
}

/*
 * Do only openers and commas stand between the start of i's sentence and i?
 * A greeting counts with the one or two words after it ("Hi Sam, ...").
 */
static bool opens_clause(const struct coach_state *s, size_t i)
{
    static const char *const greeting[] = {"hi", "hello", "hey", "dear", "good", "greetings", NULL};
    size_t j = sentence_first(s, i), addressed = 0;

    if (word_in(s->t, j, greeting))
        addressed = j + 3;
    for (; j < i; j++) {
        if (!is_clause_mark(&s->t->v[j]) && !opener_word(s, j) && j >= addressed)
            return false;
        if (is_clause_mark(&s->t->v[j]))
            addressed = 0;
    }
    return true;
}

/*
 * Takes tokens [a, b) out of their sentence with the commas around them:
 * "The order, as I said, ships" -> "The order ships"; "It ships, as I said."
 * -> "It ships."; at the start of a sentence the next word gets the capital,
 * or `lead` ("To recap,") takes the words' place.
 */
static void suggest_deletion(struct coach_state *s, enum at_rubric item, size_t a, size_t b,
                             const char *lead, const char *why)
{
    const struct toks *t = s->t;
    const struct tok *v = t->v;
    bool has_p = a > 0 && same_sentence(s, a - 1, a);
    bool has_n = b < t->n && same_sentence(s, b, a);
    bool n_comma = has_n && is_punct(&v[b], ',');
    bool n_end = !has_n || is_end_mark(&v[b]);
    size_t p = a - 1;

    /* the words open their sentence, or follow only a greeting or an opener ("Hi Dana, as I said")
     */
    if (has_p && is_punct(&v[p], ',') && opens_clause(s, p))
        has_p = false;
    if (!has_p) {
        if (n_end) {
            /* the whole sentence goes, and the space after it; never the whole reply */
            size_t last = has_n ? b : b - 1;
            uint32_t start = v[a].start, end = v[last].end;

            if (start == v[0].start && last + 1 >= t->n)
                return;
            if (last + 1 < t->n)
                end = v[last + 1].start;
            else
                while (start > 0 && is_space(s->text[start - 1]))
                    start--;
            suggest(s->out, item, start, end, "", why);
        } else if (lead) {
            uint32_t end = n_comma ? v[b].end : word_is(t, b, "that") ? v[b].end : v[b - 1].end;

            suggest(s->out, item, v[a].start, end,
                    fit_case(s->arena, lead, starts_sentence(s->text, v[a].start)), why);
        } else {
            size_t k = b + (n_comma ? 1 : 0);

            if (word_is(t, k, "that"))
                k++;
            if (is_text_word(t, k) && same_sentence(s, k, a) &&
                starts_sentence(s->text, v[a].start))
                suggest(s->out, item, v[a].start, v[k].end, capitalised(s, k, k + 1), why);
            else if (k < t->n)
                suggest(s->out, item, v[a].start, v[k].start, "", why);
        }
        return;
    }
    if (is_punct(&v[p], ',')) {
        if (n_comma)
            suggest(s->out, item, v[p].start, v[b].end, "", why);
        else if (n_end)
            suggest(s->out, item, v[p].start, v[b - 1].end, "", why);
        else
            suggest(s->out, item, v[a].start, v[b].start, "", why);
    } else if (n_comma) {
        suggest(s->out, item, v[p].end, v[b].end, "", why);
    } else if (n_end) {
        suggest(s->out, item, v[p].end, v[b - 1].end, "", why);
    } else {
        suggest(s->out, item, v[a].start, v[b].start, "", why);
    }
}

/* The token that ends at or before byte `at` (or SIZE_MAX). */
static size_t tok_before(const struct coach_state *s, uint32_t at)
{
    for (size_t i = s->t->n; i-- > 0;) {
        if (s->t->v[i].end <= at)
            return i;
    }
    return SIZE_MAX;
}

/*
 * Inserts `sentence` (capitalised, with its end mark) at byte `pos` with what
 * joins it on both sides: a space, a full stop to close an open sentence
 * before it, a small letter after a comma ("Hi Dana, thank you ..."), and
 * the capital that the next word needs after it ("... been. We are ...").
 */
static void suggest_sentence(struct coach_state *s, enum at_rubric item, uint32_t pos,
                             const char *sentence, const char *why)
{
    const char *r = s->text;
    uint32_t p = pos, q = pos, start = pos, end = pos;
    bool cap, nl = false;
    const char *lead = "";
    struct at_buf b = AT_BUF_INIT(4096);
    size_t before;
    char *txt;

    while (p > 0 && is_space(r[p - 1])) {
        nl |= r[p - 1] == '\n';
        p--;
    }
    while (q < s->text_n && is_space(r[q]))
        q++;
    before = tok_before(s, p);
    if (p == 0 || nl) {
        cap = true;
    } else if (r[p - 1] == '.' || r[p - 1] == '!' || r[p - 1] == '?' ||
               (before != SIZE_MAX &&
                (s->t->v[before].kind == TK_EMOJI || s->t->v[before].kind == TK_EMOTICON))) {
        cap = true;
        lead = p == pos ? " " : "";
    } else if (r[p - 1] == ',' || r[p - 1] == ';' || r[p - 1] == ':') {
        cap = false;
        lead = p == pos ? " " : "";
    } else if (q >= s->text_n) {
        /* after the last word of a sentence left open: close it first */
        cap = true;
        lead = ". ";
        start = end = p;
    } else {
        /* inside a sentence (a greeting without its comma): after the word, with a comma */
        cap = false;
        lead = ", ";
        start = end = pos = p;
    }
    (void)at_buf_adds(&b, lead);
    (void)at_buf_adds(&b, fit_case(s->arena, sentence, cap));
    if (q < s->text_n) {
        size_t k = tok_before(s, q);

        k = k == SIZE_MAX ? 0 : k + 1;
        if (k < s->t->n && s->t->v[k].start == q && s->t->v[k].kind == TK_WORD && r[q] >= 'a' &&
            r[q] <= 'z') {
            /* the next word now starts a sentence */
            if (q == pos)
                (void)at_buf_adds(&b, " ");
            else
                (void)at_buf_add(&b, r + pos, q - pos);
            (void)at_buf_adds(&b, capitalised(s, k, k + 1));
            end = s->t->v[k].end;
        } else if (q == pos) {
            (void)at_buf_adds(&b, " ");
        }
    }
    txt = at_arena_strndup(s->arena, b.data, b.len);
    at_buf_release(&b);
    suggest(s->out, item, start, end, txt, why);
}

/* ---- the fixes for what counts against a reply ---- */

static const char *const determiners[] = {"a",    "an",    "the", "our",   "your", "this",
                                          "that", "these", "my",  "their", "its",  NULL};

/* Does a word start with a vowel sound, for "a" or "an"? */
static bool vowel_sound(const char *w)
{
    char c = (char)(w[0] | 0x20);

    if (c == 'u')
        return !(strncmp(w, "us", 2) == 0 || strncmp(w, "uni", 3) == 0);
    if (c == 'h')
        return strncmp(w, "hour", 4) == 0 || strncmp(w, "honest", 6) == 0;
    return c == 'a' || c == 'e' || c == 'i' || c == 'o';
}

/* Plain words for a jargon term: alone ("our system"), and after a determiner ("the system"). */
static void fix_jargon(struct coach_state *s)
{
    static const struct {
        const char *term, *bare, *noun;
    } map[] = {
        {"sla", "our response time", "response time"},
        {"backend", "our system", "system"},
        {"back-end", "our system", "system"},
        {"api", "our system", "system"},
        {"cache", "saved data", "saved data"},
        {"dns", "domain settings", "domain settings"},
        {"tier 2", "our specialists", "specialist"},
        {"l2", "our specialists", "specialist"},
        {"escalation matrix", "our process", "process"},
        {"ticket id", "reference number", "reference number"},
        {"rma", "return", "return"},
        {"eta", "expected time", "expected time"},
        {"sku", "product code", "product code"},
        {"provisioning", "setting up", "setup"},
        {"propagation", "the update", "update"},
        {"server-side", "on our side", "internal"},
        {"root cause", "the reason", "reason"},
        {"per the tos", "under our terms", "under our terms"},
        {"tos", "our terms", "terms"},
        {"kb article", "help article", "help article"},
        {"p1", "top priority", "top priority"},
        {"p2", "high priority", "high priority"},
    };
    const struct toks *t = s->t;
    const struct rule *r = s->first_rule[RC_JARGON];
    size_t a = (size_t)s->first[RC_JARGON], b = (size_t)s->first_end[RC_JARGON];
    const char *bare = "plain words", *noun = "plain words";
    const char *why = "use words the customer uses";
    bool det = a > 0 && same_sentence(s, a - 1, a) && word_in(t, a - 1, determiners);

    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
        if (strcmp(map[i].term, r->pattern) == 0) {
            bare = map[i].bare;
            noun = map[i].noun;
        }
    }
    if (det && (word_is(t, a - 1, "a") || word_is(t, a - 1, "an")))
        replace_toks(s, AT_RUB_JARGON, a - 1, b,
                     at_arena_printf(s->arena, "%s %s", vowel_sound(noun) ? "an" : "a", noun), why);
    else
        replace_toks(s, AT_RUB_JARGON, a, b, det ? noun : bare, why);
}

/* Capitals of three letters or more that are names of things, not shouting. */
static const char *const acronyms[] = {
    "api",  "sla",  "dns", "faq", "pdf",  "usb",   "ups",  "dhl",  "usps", "eta",   "sku",  "rma",
    "tos",  "url",  "vpn", "sms", "otp",  "pin",   "iban", "ssl",  "http", "https", "html", "csv",
    "ios",  "usa",  "gmt", "utc", "est",  "pst",   "cet",  "cvv",  "vat",  "gdpr",  "2fa",  "mfa",
    "ceo",  "atm",  "gps", "ssn", "zip",  "imei",  "sim",  "cpu",  "gpu",  "ram",   "ssd",  "dvd",
    "nfc",  "llc",  "inc", "ltd", "fyi",  "asap",  "kb",   "tier", "id",   "fedex", "json", "xml",
    "sdk",  "saas", "crm", "erp", "ach",  "swift", "bic",  "nhs",  "irs",  "dmv",   "isp",  "lte",
    "wifi", "hdmi", "led", "lcd", "oled", "mp3",   "mp4",  "jpg",  "png",  "gif",   "aws",  NULL};

/* Is token i shouting: a word in capitals that is not an acronym, or "!!"? */
static bool shouted(const struct toks *t, size_t i)
{
    const struct tok *k = &t->v[i];

    if (k->kind == TK_PUNCT)
        return k->norm[0] == '!' && k->end - k->start >= 2;
    return k->kind == TK_WORD && (k->flags & TF_CAPS) && k->end - k->start >= 3 &&
           !word_in(t, i, acronyms);
}

/* The words from the first shouted token to the last, in small letters and with one "!". */
static void fix_shouting(struct coach_state *s, size_t first, size_t last)
{
    const struct tok *v = s->t->v;
    struct at_buf b = AT_BUF_INIT(AT_TEXT_MAX_BYTES + 1024);

    for (size_t j = first; j <= last; j++) {
        if (j > first)
            (void)at_buf_add(&b, s->text + v[j - 1].end, v[j].start - v[j - 1].end);
        if (v[j].kind == TK_PUNCT && shouted(s->t, j)) {
            (void)at_buf_addch(&b, '!');
        } else if (shouted(s->t, j)) {
            bool cap = starts_sentence(s->text, v[j].start);

            for (uint32_t p = v[j].start; p < v[j].end; p++) {
                char c = s->text[p];

                if (c >= 'A' && c <= 'Z' && !(cap && p == v[j].start))
                    c = (char)(c + 32);
                (void)at_buf_addch(&b, c);
            }
        } else {
            (void)at_buf_add(&b, s->text + v[j].start, v[j].end - v[j].start);
        }
    }
    suggest(s->out, AT_RUB_SHOUTING, v[first].start, v[last].end,
            at_arena_strndup(s->arena, b.data, b.len),
            "capitals and repeated exclamation marks read as shouting");
    at_buf_release(&b);
}

static void fix_dismissive(struct coach_state *s, const struct feeling *f)
{
    static const char *const lead_in[] = {"please", "just", "now", "so", "simply", NULL};
    static const char *const subject[] = {"i",    "we",   "i'll", "we'll", "we're", "i'm",  "it",
                                          "this", "they", "you",  "i've",  "we've", "it's", NULL};
    const struct toks *t = s->t;
    const struct rule *r = s->first_rule[RC_DISMISSIVE];
    size_t a = (size_t)s->first[RC_DISMISSIVE], b = (size_t)s->first_end[RC_DISMISSIVE];
    const char *why = "dismissive wording makes an upset customer feel unheard";
    const char *txt;

    switch (r->sub) {
    case RS_DIS_FEEL:
        txt = f->situation && !f->positive
                  ? at_arena_printf(s->arena, "I understand how %s this is", f->situation)
                  : "I understand this matters to you";
        /* the words that lead up to it: "please", "you need to", "I need you to", "there's" */
        for (int round = 0; round < 4 && a > 0 && same_sentence(s, a - 1, a); round++) {
            if (word_in(t, a - 1, lead_in)) {
                a--;
            } else if (a >= 4 && word_is(t, a - 1, "to") && word_is(t, a - 2, "you") &&
                       (word_is(t, a - 3, "need") || word_is(t, a - 3, "want")) &&
                       (word_is(t, a - 4, "i") || word_is(t, a - 4, "we"))) {
                a -= 4;
            } else if (a >= 2 && word_is(t, a - 1, "to") &&
                       (word_is(t, a - 2, "need") || word_is(t, a - 2, "have") ||
                        word_is(t, a - 2, "try"))) {
                a -= 2;
                if (a > 0 && word_is(t, a - 1, "you"))
                    a--;
            } else if (a >= 2 && word_is(t, a - 1, "should") && word_is(t, a - 2, "you")) {
                a -= 2;
            } else if (word_is(t, a - 1, "there's") || word_is(t, a - 1, "there")) {
                a--;
            } else if (a >= 2 && word_is(t, a - 1, "is") && word_is(t, a - 2, "there")) {
                a -= 2;
            } else {
                break;
            }
        }
        /* and what follows it: "calm down and wait" -> "..., so please wait" */
        if (b < t->n && same_sentence(s, a, b) && word_is(t, b, "and")) {
            if (word_in(t, b + 1, subject)) {
                txt = at_arena_printf(s->arena, "%s,", txt);
            } else {
                txt = at_arena_printf(s->arena, "%s, so please", txt);
                b++;
            }
        } else if (b < t->n && same_sentence(s, a, b) && is_text_word(t, b)) {
            txt = at_arena_printf(s->arena, "%s. %s", txt, capitalised(s, b, b + 1));
            b++;
        }
        replace_toks(s, AT_RUB_DISMISSIVE, a, b, txt, why);
        break;
    case RS_DIS_REPEAT:
        suggest_deletion(s, AT_RUB_DISMISSIVE, a, b, "to recap,", why);
        break;
    case RS_DIS_CLOSE:
        replace_toks(s, AT_RUB_DISMISSIVE, clause_first(s, a), clause_end(s, a),
                     "I can't do that, but what I can do is [offer an option]", why);
        break;
    case RS_DIS_NOTMINE:
        replace_toks(s, AT_RUB_DISMISSIVE, clause_first(s, a), clause_end(s, a),
                     "let me find the right person to help with this", why);
        break;
    default:
        replace_toks(s, AT_RUB_DISMISSIVE, clause_first(s, a), clause_end(s, a),
                     "I understand this matters to you", why);
        break;
    }
}

static void fix_blame(struct coach_state *s)
{
    const struct toks *t = s->t;
    const struct rule *r = s->first_rule[RC_BLAME];
    size_t a = (size_t)s->first[RC_BLAME], b = (size_t)s->first_end[RC_BLAME];
    const char *why = "talk about the fix, not about whose fault it was";

    if (r->sub == RS_BLAME_TO && opens_clause(s, a)) {
        /* "You didn't include the number." -> "Next time, it helps to include the number." */
        replace_toks(s, AT_RUB_BLAME, a, b, "next time, it helps to", why);
    } else if (r->sub == RS_BLAME_NEED && opens_clause(s, a)) {
        /* "You need to make sure ..." -> "It helps to make sure ..." */
        replace_toks(s, AT_RUB_BLAME, a, word_is(t, a + 1, "must") ? a + 2 : a + 3, "it helps to",
                     why);
    } else {
        /* the whole blaming clause, to the end of its sentence */
        replace_toks(s, AT_RUB_BLAME, clause_first(s, a), sentence_body_end(s, a),
                     "let me walk you through what to do from here", why);
    }
}

static void fix_assumption(struct coach_state *s)
{
    const struct toks *t = s->t;
    const struct rule *r = s->first_rule[RC_ASSUMPTION];
    size_t a = (size_t)s->first[RC_ASSUMPTION], b = (size_t)s->first_end[RC_ASSUMPTION];
    const char *why = "ask rather than assume what the customer did or knows";

    switch (r->sub) {
    case RS_ASM_ASK:
    case RS_ASM_MUST: {
        size_t ce = clause_end(s, b < t->n ? b : a);
        const char *have = r->sub == RS_ASM_MUST ? "have " : "";

        if (ce <= b) {
            suggest_deletion(s, AT_RUB_ASSUMPTION, a, b, NULL, why);
        } else if (ce >= t->n || !same_sentence(s, ce, a) || is_end_mark(&t->v[ce])) {
            /* the rest of the sentence becomes a question */
            uint32_t from = t->v[b].start, to = t->v[ce - 1].end;
            size_t last = ce < t->n && same_sentence(s, ce, a) ? ce : ce - 1;

            replace_toks(s, AT_RUB_ASSUMPTION, a, last + 1,
                         at_arena_printf(s->arena, "could you tell me whether you %s%.*s?", have,
                                         (int)(to - from), s->text + from),
                         why);
        } else {
            replace_toks(s, AT_RUB_ASSUMPTION, a, b,
                         r->sub == RS_ASM_MUST ? "it's possible you have" : "it's possible you",
                         why);
        }
        break;
    }
    case RS_ASM_JUST: {
        /* "you just need to" -> "you need to" */
        const struct tok *v = t->v;

        replace_toks(s, AT_RUB_ASSUMPTION, a, b,
                     at_arena_printf(s->arena, "%.*s %.*s", (int)(v[a].end - v[a].start),
                                     s->text + v[a].start, (int)(v[b - 1].end - v[a + 2].start),
                                     s->text + v[a + 2].start),
                     why);
        break;
    }
    default:
        /* "obviously", "as you know": the sentence says the same without them */
        if (word_is(t, a, "you") && b > a + 1)
            a++;
        else if (word_is(t, b - 1, "you") && b > a + 1)
            b--;
        if (word_is(t, a, "everyone") && word_is(t, b, "that"))
            b++;
        suggest_deletion(s, AT_RUB_ASSUMPTION, a, b, NULL, why);
        break;
    }
}

/* How specific a policy cue's shape is: the most specific of overlapping cues decides the fix. */
static int policy_rank(int sub)
{
    switch (sub) {
    case RS_POL_ADVERB:
        return 6;
    case RS_POL_ALLOW:
        return 5;
    case RS_POL_STATES:
        return 4;
    case RS_POL_AGAINST:
        return 3;
    case RS_POL_CLAUSE:
        return 2;
    default:
        return 1;
    }
}

/* The start of "it's", "that is" before token a, or SIZE_MAX. */
static size_t copula_before(const struct coach_state *s, size_t a)
{
    static const char *const copula[] = {"it's", "that's", "this's", NULL};
    static const char *const subj[] = {"it", "that", "this", NULL};

    if (a >= 1 && same_sentence(s, a - 1, a) && word_in(s->t, a - 1, copula))
        return a - 1;
    if (a >= 2 && same_sentence(s, a - 2, a) && word_is(s->t, a - 1, "is") &&
        word_in(s->t, a - 2, subj))
        return a - 2;
    return SIZE_MAX;
}

static void fix_policy(struct coach_state *s)
{
    static const char *const pol_dets[] = {"our", "the", "my", "this", "company", NULL};
    const struct toks *t = s->t;
    const char *why = "explain the reason and offer what you can instead of citing policy";
    const char *explain = "let me explain why, and what I can do for you";
    const struct cue *best = NULL;
    size_t a = 0, b = 0, cs;

    for (size_t c = 0; c < s->n_cues; c++) {
        const struct cue *q = &s->cues[c];

        if (!q->stands || q->rule->cat != RC_POLICY)
            continue;
        if (!best) {
            best = q;
            a = q->a;
            b = q->b;
        } else if (q->a < b && q->b > a) {
            a = q->a < a ? q->a : a;
            b = q->b > b ? q->b : b;
            if (policy_rank(q->rule->sub) > policy_rank(best->rule->sub))
                best = q;
        }
    }
    if (!best)
        return;
    switch (best->rule->sub) {
    case RS_POL_ADVERB:
        suggest_deletion(s, AT_RUB_POLICY, a, b, NULL, why);
        break;
    case RS_POL_ALLOW:
        for (int i = 0; i < 2 && a > 0 && same_sentence(s, a - 1, a) && word_in(t, a - 1, pol_dets);
             i++)
            a--;
        if ((word_is(t, b, "us") || word_is(t, b, "me")) && word_is(t, b + 1, "to"))
            replace_toks(s, AT_RUB_POLICY, a, b + 2, "we can't", why);
        else
            replace_toks(s, AT_RUB_POLICY, a, b, "we can't offer", why);
        break;
    case RS_POL_STATES:
        for (int i = 0; i < 2 && a > 0 && same_sentence(s, a - 1, a) && word_in(t, a - 1, pol_dets);
             i++)
            a--;
        if (word_is(t, b, "that"))
            b++;
        suggest_deletion(s, AT_RUB_POLICY, a, b, NULL, why);
        break;
    case RS_POL_AGAINST:
        cs = copula_before(s, a);
        if (word_is(t, b, "to") && cs != SIZE_MAX)
            replace_toks(s, AT_RUB_POLICY, cs, b + 1, "we can't", why);
        else if (word_is(t, b, "to"))
            replace_toks(s, AT_RUB_POLICY, clause_first(s, a), clause_end(s, a), explain, why);
        else
            replace_toks(s, AT_RUB_POLICY, a, b, "not something we can do", why);
        break;
    case RS_POL_NOUN:
        cs = copula_before(s, a);
        if (cs != SIZE_MAX && word_is(t, b, "to"))
            replace_toks(s, AT_RUB_POLICY, cs, b + 1, "we", why);
        else if (cs != SIZE_MAX && word_is(t, b, "not") && word_is(t, b + 1, "to"))
            replace_toks(s, AT_RUB_POLICY, cs, b + 2, "we don't", why);
        else if (cs != SIZE_MAX && word_is(t, b, "that"))
            suggest_deletion(s, AT_RUB_POLICY, cs, b + 1, NULL, why);
        else
            replace_toks(s, AT_RUB_POLICY, cs != SIZE_MAX ? cs : clause_first(s, a),
                         clause_end(s, a), explain, why);
        break;
    default:
        replace_toks(s, AT_RUB_POLICY, clause_first(s, a), clause_end(s, a), explain, why);
        break;
    }
}

/* ---- where what is missing goes ---- */

/* Just after the greeting ("Hi Dana, |We ..."), or the start of the reply. */
static uint32_t opening(const struct coach_state *s)
{
    const struct toks *t = s->t;
    size_t k;

    if (!s->count[RC_GREETING])
        return t->v[0].start;
    k = (size_t)s->first_end[RC_GREETING];
    for (size_t j = k; j < t->n && j < k + 5; j++) {
        if (j > 0 && newline_between(s->text, t->v[j - 1].end, t->v[j].start))
            return t->v[j].start;
        if (is_punct(&t->v[j], ',') || is_end_mark(&t->v[j]) || is_punct(&t->v[j], ':'))
            return j + 1 < t->n ? t->v[j + 1].start : t->v[j].end;
    }
    if (k < t->n && s->name_hash && t->v[k].hash == s->name_hash)
        k++;
    return k < t->n ? t->v[k].start : t->v[t->n - 1].end;
}

/* The end of the reply's body: before a sign-off ("Best regards,\nSam") when it has one. */
static uint32_t body_end(const struct coach_state *s)
{
    static const char *const sign_off[] = {"best",   "regards", "kind",      "warm",  "warmest",
                                           "cheers", "thanks",  "sincerely", "yours", "all",
                                           "many",   "with",    NULL};
    const struct toks *t = s->t;
    size_t line = t->n, prev = t->n;

    for (size_t i = t->n; i-- > 1;) {
        if (newline_between(s->text, t->v[i - 1].end, t->v[i].start)) {
            if (line == t->n)
                line = i;
            else if (prev == t->n)
                prev = i;
            if (prev != t->n)
                break;
        }
    }
    /* the last line, or the one before a line with only a name, opens with a sign-off */
    if (line < t->n && t->n - line <= 6 && word_in(t, line, sign_off))
        return t->v[line - 1].end;
    if (prev < t->n && line - prev <= 6 && t->n - line <= 3 && word_in(t, prev, sign_off))
        return t->v[prev - 1].end;
    return t->v[t->n - 1].end;
}

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/*
 * What the rubric, the score and the suggestions share once the reply is read:
 * how the customer feels, their first name, and the words the reply shouts.
 */
struct coach_verdict {
    struct feeling f;
    const char *name; /* the customer's first name, or NULL */
    bool upset;       /* the customer is owed an apology */
    bool greeted_by_name;
    size_t caps_words, caps_first, caps_last; /* shouted words: how many, first, last */
};

/* EPITOME's three mechanisms: emotional reaction, interpretation, exploration. */
static void read_empathy(struct coach_state *s)
{
    struct at_coaching *out = s->out;
    struct reply_shape sh = shape_of(s->eng, s->t, s);

    out->empathy[AT_EMP_EMOTIONAL_REACTION] = s->count[RC_ER_STRONG] ? 2
                                              : s->count[RC_ER_WEAK] ? 1
                                                                     : 0;
    /*
     * Sharing one's own experience is the strongest sign of having understood:
     * a reply that opens by agreeing ("Same.", "Same, I ...") or tells of the
     * replier's own life in the first person, over a fair part of the reply (three
     * first-person words in a long essay of advice tell no story), or says that what
     * the person lives the replier lives "too" ("I do that too"). First-person words
     * that only hope, think, know, vouch, apologise or offer ("I hope", "I promise",
     * "I'm here", "PM me") tell no story, nor does the "me" of "me too".
     */
    bool shares = (sh.story >= FIRST_PERSON_SHARING && sh.story * WORDS_PER_STORY >= sh.words) ||
                  (sh.story >= FIRST_PERSON_SHARING - 1 && sh.words <= SHORT_REPLY_WORDS) ||
                  (sh.same && (sh.story >= 1 || sh.words <= 6)) || (sh.agrees && sh.story >= 1) ||
                  sh.also;

    out->empathy[AT_EMP_INTERPRETATION] = s->count[RC_IP_STRONG] || shares ? 2
                                          : s->count[RC_IP_WEAK]           ? 1
                                                                           : 0;
    /* a question about the person's own situation explores; a bare "why?" less so */
    out->empathy[AT_EMP_EXPLORATION] = s->ex_strong_in_question || sh.question_about_you ? 2
                                       : sh.questions > 0 || s->count[RC_EX_STRONG] > 0  ? 1
                                                                                         : 0;
}

/* Shouting: words in capitals (three or more letters, not acronyms), or "!!". */
static void find_shouting(const struct coach_state *s, struct coach_verdict *v)
{
    const struct toks *t = s->t;

    for (size_t i = 0; i < t->n; i++) {
        if (!s->quoted[i] && shouted(t, i)) {
            if (v->caps_words++ == 0)
                v->caps_first = i;
            v->caps_last = i;
        }
    }
}

/* Sets one item the reply should meet; adds its weight to what was earned and possible. */
static void rate_item(struct at_coaching *out, enum at_rubric item, bool applicable, bool met,
                      int weight, int *earned, int *possible)
{
    if (!applicable) {
        out->rubric[item] = AT_RS_NOT_APPLICABLE;
    } else {
        *possible += weight;
        if (met) {
            *earned += weight;
            out->rubric[item] = AT_RS_MET;
        } else {
            out->rubric[item] = AT_RS_MISSING;
        }
    }
}

/*
 * The rubric's items a reply should meet, and its empathy: the points earned
 * of those possible.
 */
static void rate_good(struct coach_state *s, struct coach_verdict *v, int *earned, int *possible)
{
    struct at_coaching *out = s->out;
    const struct feeling *f = &v->f;

    if (v->name)
        v->greeted_by_name = s->count[RC_GREETING] > 0 && name_in(s->t, s->name_hash, 8);
    rate_item(out, AT_RUB_GREETING, true, v->name ? v->greeted_by_name : s->count[RC_GREETING] > 0,
              8, earned, possible);
    /* naming the feeling acknowledges it; telling one's own story ("I also ...") does not */
    rate_item(out, AT_RUB_ACKNOWLEDGE, f->situation != NULL,
              s->count[RC_ACK] > 0 || s->names_feeling > 0, 16, earned, possible);
    rate_item(out, AT_RUB_APOLOGY, v->upset, s->count[RC_APOLOGY] > 0, 12, earned, possible);
    rate_item(out, AT_RUB_OWNERSHIP, true, s->count[RC_OWNERSHIP] > 0, 14, earned, possible);
    rate_item(out, AT_RUB_NEXT_STEP, true, s->count[RC_TIME] > 0, 14, earned, possible);
    /* another way is owed when the answer is no: a refusal, or a door closed */
    rate_item(out, AT_RUB_ALTERNATIVES, s->count[RC_REFUSAL] > 0 || s->closes > 0,
              s->count[RC_ALTERNATIVE] > 0, 12, earned, possible);
    rate_item(out, AT_RUB_THANKS, true, s->count[RC_THANKS] > 0, 6, earned, possible);
    /* empathy counts too: up to 2 points per level and mechanism */
    *possible += 12;
    *earned += 2 * (out->empathy[0] + out->empathy[1] + out->empathy[2]);
}

/* The rubric's items a reply should avoid; returns the points they take off. */
static int rate_bad(struct coach_state *s, const struct coach_verdict *v)
{
    static const struct {
        int cat;
        enum at_rubric item;
        int penalty;
    } bad[] = {
        {RC_DISMISSIVE, AT_RUB_DISMISSIVE, 20}, {RC_BLAME, AT_RUB_BLAME, 20},
        {RC_ASSUMPTION, AT_RUB_ASSUMPTION, 10}, {RC_JARGON, AT_RUB_JARGON, 6},
        {RC_POLICY, AT_RUB_POLICY, 12},
    };
    struct at_coaching *out = s->out;
    int penalty = 0;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        out->rubric[bad[i].item] = s->count[bad[i].cat] ? AT_RS_FOUND : AT_RS_CLEAR;
        if (s->count[bad[i].cat])
            penalty += bad[i].penalty;
    }
    out->rubric[AT_RUB_SHOUTING] = v->caps_words > 0 ? AT_RS_FOUND : AT_RS_CLEAR;
    if (v->caps_words > 0) {
        penalty += 15;
        add_hit(out, s->t->v[v->caps_first].start, s->t->v[v->caps_last].end, AT_RUB_SHOUTING);
    }
    return penalty;
}

/* The fixes for what hurts, in order of harm. */
static void suggest_fixes(struct coach_state *s, const struct coach_verdict *v)
{
    const struct at_coaching *out = s->out;

    if (out->rubric[AT_RUB_DISMISSIVE] == AT_RS_FOUND)
        fix_dismissive(s, &v->f);
    if (out->rubric[AT_RUB_BLAME] == AT_RS_FOUND)
        fix_blame(s);
    if (out->rubric[AT_RUB_POLICY] == AT_RS_FOUND)
        fix_policy(s);
    if (out->rubric[AT_RUB_SHOUTING] == AT_RS_FOUND)
        fix_shouting(s, v->caps_first, v->caps_last);
    if (out->rubric[AT_RUB_ASSUMPTION] == AT_RS_FOUND)
        fix_assumption(s);
    if (out->rubric[AT_RUB_JARGON] == AT_RS_FOUND)
        fix_jargon(s);
}

/* A greeting that is missing or does not name the customer. */
static void suggest_greeting(struct coach_state *s, const struct coach_verdict *v)
{
    const struct toks *rt = s->t;
    const struct tok *k = rt->v;
    const char *name = v->name;
    struct at_arena *arena = s->arena;

    if (s->count[RC_GREETING] && name) {
        /* "Hello," -> "Hi Dana,"; "Dear customer" -> "Dear Dana"; "Hi Sam," -> "Hi Dana," */
        static const char *const addressee[] = {"there",    "team",   "customer", "all",
                                                "everyone", "friend", "sir",      "madam",
                                                "folks",    "valued", NULL};
        size_t a = (size_t)s->first[RC_GREETING], b = (size_t)s->first_end[RC_GREETING];
        const char *txt;

        if (word_is(rt, b, "valued") && word_is(rt, b + 1, "customer"))
            b += 2;
        else if (word_in(rt, b, addressee) || (b + 1 < rt->n && (k[b].flags & TF_TITLE) &&
                                               k[b].kind == TK_WORD && is_punct(&k[b + 1], ',')))
            b++;
        if (word_is(rt, a, "dear"))
            txt = at_arena_printf(arena, "Dear %s", name);
        else if (word_is(rt, a, "good"))
            txt = at_arena_printf(arena, "%.*s %s",
                                  (int)(k[s->first_end[RC_GREETING] - 1].end - k[a].start),
                                  s->text + k[a].start, name);
        else
            txt = at_arena_printf(arena, "Hi %s", name);
        suggest(s->out, AT_RUB_GREETING, k[a].start, k[b - 1].end, txt,
                "greet the customer by name");
    } else if (name && k[0].hash == s->name_hash && rt->n > 1 && is_punct(&k[1], ',')) {
        /* "Dana, ..." -> "Hi Dana, ..." */
        suggest(s->out, AT_RUB_GREETING, k[0].start, k[0].end,
                at_arena_printf(arena, "Hi %s", name), "greet the customer by name");
    } else {
        suggest(s->out, AT_RUB_GREETING, k[0].start, k[0].start,
                name ? at_arena_printf(arena, "Hi %s,\n\n", name) : "Hello,\n\n",
                name ? "greet the customer by name" : "open with a greeting");
    }
}

/* A sentence that names the feeling, or says sorry, at `intro`. */
static void suggest_acknowledge(struct coach_state *s, const struct coach_verdict *v,
                                uint32_t intro, const char *comma_name)
{
    const struct at_coaching *out = s->out;
    const struct feeling *f = &v->f;
    struct at_arena *arena = s->arena;

    if (out->rubric[AT_RUB_ACKNOWLEDGE] == AT_RS_MISSING) {
        const char *txt, *why;

        if (f->which == AT_SVC_GRATITUDE) {
            txt = at_arena_printf(arena, "Thank you for your kind words%s.", comma_name);
            why = "the customer sounds grateful; thank them for it first";
        } else if (f->which == AT_SVC_JOY) {
            txt = at_arena_printf(arena, "I'm so glad to hear that%s!", comma_name);
            why = "the customer sounds happy; share it first";
        } else if (out->rubric[AT_RUB_APOLOGY] == AT_RS_MISSING) {
            /* one sentence that names the feeling and says sorry */
            txt = at_arena_printf(arena, "I'm sorry this has been so %s%s.", f->situation,
                                  comma_name);
            why = at_arena_printf(arena, "the customer sounds %s; name the feeling and say sorry",
                                  f->person);
        } else {
            txt = at_arena_printf(arena, "I can see how %s this has been%s.", f->situation,
                                  comma_name);
            why =
                at_arena_printf(arena, "the customer sounds %s; name the feeling first", f->person);
        }
        suggest_sentence(s, AT_RUB_ACKNOWLEDGE, intro, txt, why);
    } else if (out->rubric[AT_RUB_APOLOGY] == AT_RS_MISSING) {
        suggest_sentence(
            s, AT_RUB_APOLOGY, intro,
            f->situation ? at_arena_printf(arena, "I'm sorry this has been so %s.", f->situation)
                         : "I'm sorry for the trouble.",
            "the customer is upset: a short, sincere apology helps");
    }
}

/* Another way, offered after the sentence that says no. */
static void suggest_alternatives(struct coach_state *s)
{
    const struct toks *rt = s->t;
    size_t r = SIZE_MAX, last;

    for (size_t c = 0; c < s->n_cues; c++) {
        const struct cue *q = &s->cues[c];

        if (q->stands && (q->rule->cat == RC_REFUSAL ||
                          (q->rule->cat == RC_DISMISSIVE &&
                           (q->rule->sub == RS_DIS_CLOSE || q->rule->sub == RS_DIS_NOTMINE)))) {
            r = q->a;
            break;
        }
    }
    if (r != SIZE_MAX) {
        last = r;
        while (last + 1 < rt->n && s->sent[last + 1] == s->sent[r])
            last++;
        suggest_sentence(s, AT_RUB_ALTERNATIVES, rt->v[last].end,
                         "What I can do instead is [offer an option].",
                         "when the answer is no, offer another way");
    }
}

/* Suggestions, most important first: what hurts, then what is missing. */
static void suggest_all(struct coach_state *s, const struct coach_verdict *v)
{
    const struct at_coaching *out = s->out;
    struct at_arena *arena = s->arena;
    /* the name in an added sentence, unless the greeting already says it */
    const char *comma_name =
        v->name && !v->greeted_by_name ? at_arena_printf(arena, ", %s", v->name) : "";
    uint32_t intro = opening(s), body = body_end(s);

    suggest_fixes(s, v);
    if (out->rubric[AT_RUB_GREETING] == AT_RS_MISSING)
        suggest_greeting(s, v);
    suggest_acknowledge(s, v, intro, comma_name);
    if (out->rubric[AT_RUB_ALTERNATIVES] == AT_RS_MISSING)
        suggest_alternatives(s);
    if (out->rubric[AT_RUB_OWNERSHIP] == AT_RS_MISSING)
        suggest_sentence(s, AT_RUB_OWNERSHIP, body,
                         at_arena_printf(arena, "I will look into this personally%s.", comma_name),
                         "say what you will do, in the first person");
    if (out->rubric[AT_RUB_NEXT_STEP] == AT_RS_MISSING)
        suggest_sentence(s, AT_RUB_NEXT_STEP, body,
                         "I'll update you within 24 hours with what I find.",
                         "give a clear next step with a time");
    if (out->rubric[AT_RUB_THANKS] == AT_RS_MISSING)
        suggest_sentence(s, AT_RUB_THANKS, body,
                         at_arena_printf(arena,
                                         v->upset ? "Thank you for your patience%s."
                                                  : "Thank you for getting in touch%s.",
                                         comma_name),
                         "thank the customer");
}

int at_text_coach(const struct at_text_engine *eng, const char *customer, size_t customer_n,
                  const char *reply, size_t reply_n, const char *customer_name,
                  struct at_arena *arena, struct at_coaching *out)
{
    struct toks rt, ct;
    struct coach_state s;
    struct coach_verdict v = {0};
    struct ev_list ev = {.arena = arena};
    struct at_analysis *ca = &out->customer;
    bool truncated;
    size_t clip;
    int earned = 0, possible = 0, penalty, ret;

    memset(out, 0, sizeof(*out));
    if (!reply)
        return AT_EINVAL;
    clip = text_clip(reply, reply_n, &truncated);
    if (!text_utf8_valid(reply, clip))
        return AT_EUTF8;
    if (customer && customer_n > 0) {
        ret = text_analyze_toks(eng, customer, customer_n, arena, ca, &ct);
        if (ret == AT_EUTF8)
            return ret;
        if (ret != 0)
            memset(ca, 0, sizeof(*ca));
    }
    text_tokenize(reply, clip, arena, &rt);
    if (rt.n == 0)
        return AT_EINVAL;
    out->reply_truncated = truncated;
    (void)text_polarity(eng, &rt, &ev); /* marks negation scopes */
    out->hits = at_arena_alloc(arena, MAX_HITS * sizeof(*out->hits));
    out->suggestions = at_arena_alloc(arena, MAX_SUGGESTIONS * sizeof(*out->suggestions));

    memset(&s, 0, sizeof(s));
    s.eng = eng;
    s.t = &rt;
    s.text = reply;
    s.text_n = (uint32_t)clip;
    s.out = out;
    s.arena = arena;
    v.name = first_name(customer_name, arena);
    s.name_hash = v.name ? name_hash_of(v.name) : 0;
    read_layout(&s);
    read_questions(&s);
    text_rules_match(
        eng, &rt,
        ~((1u << RC_URGENCY) | (1u << RC_RISK) | (1u << RC_COMPLAINT) | (1u << RC_EMO_CUE)),
        on_rule, &s);
    judge_cues(&s);
    read_empathy(&s);
    find_shouting(&s, &v);

    v.f = feeling_of(ca);
    out->emotion_word = v.f.situation;
    /* a grateful or happy customer is owed no apology, whatever else the message says */
    v.upset = !v.f.positive &&
              (ca->polarity < -0.05f || ca->complaint ||
               (ca->service_present &
                ((1u << AT_SVC_FRUSTRATION) | (1u << AT_SVC_ANXIETY) | (1u << AT_SVC_SADNESS))));

    rate_good(&s, &v, &earned, &possible);
    penalty = rate_bad(&s, &v);
    out->score = clamp(possible ? (100 * earned + possible / 2) / possible - penalty : 0, 0, 100);
    suggest_all(&s, &v);
    return 0;
}
