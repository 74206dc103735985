/*
 * Reading the structure of a message for its polarity: which clause of a
 * sentence carries the customer's own, present view, and which words say
 * something other than what they seem to.
 *
 * The lexicon pass (lexicon.c) gives each sentiment word a value, with its
 * negation and boosters. The phrase rules (rules.c, category RC_STRUCT) mark
 * the signposts: contrasts ("but", "however"), concessions ("although"),
 * expectations ("I thought", "I expected"), the past ("used to", "at first")
 * and the present ("now"), negated opinions ("I don't think"), politeness
 * ("thanks in advance"), sarcasm ("thanks for nothing") and service phrases
 * with a value of their own ("fed up", "charged twice"). Here the values are
 * weighed by where they stand:
 *
 *   - a contrast weighs its sentence's words before it down (x0.5) and those
 *     after it up (x1.5); a concession weighs its own clause down and the
 *     rest of its sentence up, wherever it stands ("Although the agent was
 *     kind, my card was charged twice");
 *   - an expectation that a contrast then denies ("I thought it would be
 *     awful, but it was not") turns over: what was expected did not happen;
 *     one that the contrast answers with a judgement of its own counts little;
 *   - a view of the past ("I used to think it was horrible, now ...") and
 *     someone else's view ("my friend thinks ...") count little, and the
 *     other clauses of their sentence count more;
 *   - a yes/no question answered "No" turns its words over ("Do I think that
 *     flight was great? No."); answered "Yes", they stand;
 *   - a negated opinion ("I don't think, given my history, that it is
 *     great") negates the rest of its sentence, past the usual three words;
 *   - thanks followed by a contrast ("Thanks, but ...") or given in advance
 *     is politeness and counts nothing; praise used as an exclamation
 *     ("Great, another update that broke everything", "Oh wonderful, charged
 *     twice", "Thanks a lot.") in a message that complains is sarcasm, and
 *     counts against.
 *
 * Pure: no I/O, nothing kept between calls; scratch space comes from the arena.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text/text_int.h"

#include "core/banned.h"

/* Classes of the small words that the structure turns on. */
enum struct_word {
    SW_THANKS = 1 << 0,     /* thanks, thank, thx */
    SW_AUX = 1 << 1,        /* do, is, was, would: what opens a yes/no question */
    SW_NO = 1 << 2,         /* an answer that denies: no, nope, not */
    SW_YES = 1 << 3,        /* an answer that confirms: yes, yeah, definitely */
    SW_LEAD = 1 << 4,       /* what may open an exclamation: oh, just, well, wow */
    SW_THIRD = 1 << 5,      /* someone other than the writer: friend, everyone, they */
    SW_OPINION = 1 << 6,    /* a verb of opinion or speech: thinks, says, loves */
    SW_DET = 1 << 7,        /* my, our, some, the, a, most, all: before SW_THIRD */
    SW_ANOTHER = 1 << 8,    /* another: "Great, another outage" */
    SW_AND = 1 << 9,        /* and: "I expected it to be fast and it was not" */
    SW_DISCOURSE = 1 << 10, /* honestly, seriously: open a sentence without praising */
    SW_FIRST = 1 << 11,     /* i, we, me: the writer */
    SW_PRAISE = 1 << 12,    /* great, wonderful, perfect: praise that sarcasm borrows */
};

static const struct {
    const char *word;
    uint16_t cls;
} struct_words[] = {
    {"thanks", SW_THANKS},
    {"thank", SW_THANKS},
    {"thx", SW_THANKS},
    {"thankyou", SW_THANKS},
    {"tks", SW_THANKS},
    {"ty", SW_THANKS},
    {"do", SW_AUX},
    {"does", SW_AUX},
    {"did", SW_AUX},
    {"is", SW_AUX},
    {"was", SW_AUX},
    {"are", SW_AUX},
    {"were", SW_AUX},
    {"am", SW_AUX},
    {"will", SW_AUX},
    {"would", SW_AUX},
    {"could", SW_AUX},
    {"can", SW_AUX},
    {"should", SW_AUX},
    {"has", SW_AUX},
    {"have", SW_AUX},
    {"had", SW_AUX},
    {"isn't", SW_AUX},
    {"wasn't", SW_AUX},
    {"aren't", SW_AUX},
    {"don't", SW_AUX},
    {"doesn't", SW_AUX},
    {"didn't", SW_AUX},
    {"won't", SW_AUX},
    {"wouldn't", SW_AUX},
    {"shall", SW_AUX},
    {"may", SW_AUX},
    {"might", SW_AUX},
    {"no", SW_NO},
    {"nope", SW_NO},
    {"nah", SW_NO},
    {"not", SW_NO},
    {"never", SW_NO},
    {"hardly", SW_NO},
    {"yes", SW_YES},
    {"yeah", SW_YES | SW_LEAD},
    {"yep", SW_YES},
    {"yup", SW_YES},
    {"absolutely", SW_YES},
    {"definitely", SW_YES},
    {"certainly", SW_YES},
    {"sure", SW_YES},
    {"totally", SW_YES},
    {"indeed", SW_YES},
    {"oh", SW_LEAD},
    {"ohh", SW_LEAD},
    {"just", SW_LEAD},
    {"well", SW_LEAD},
    {"wow", SW_LEAD},
    {"ah", SW_LEAD},
    {"so", SW_LEAD},
    {"gee", SW_LEAD},
    {"friend", SW_THIRD},
    {"friends", SW_THIRD},
    {"wife", SW_THIRD},
    {"husband", SW_THIRD},
    {"boss", SW_THIRD},
    {"colleague", SW_THIRD},
    {"colleagues", SW_THIRD},
    {"coworker", SW_THIRD},
    {"coworkers", SW_THIRD},
    {"partner", SW_THIRD},
    {"mom", SW_THIRD},
    {"mum", SW_THIRD},
    {"dad", SW_THIRD},
    {"mother", SW_THIRD},
    {"father", SW_THIRD},
    {"brother", SW_THIRD},
    {"sister", SW_THIRD},
    {"son", SW_THIRD},
    {"daughter", SW_THIRD},
    {"neighbor", SW_THIRD},
    {"neighbour", SW_THIRD},
    {"family", SW_THIRD},
    {"everyone", SW_THIRD},
    {"everybody", SW_THIRD},
    {"people", SW_THIRD},
    {"others", SW_THIRD},
    {"they", SW_THIRD},
    {"he", SW_THIRD},
    {"she", SW_THIRD},
    {"reviews", SW_THIRD},
    {"reviewers", SW_THIRD},
    {"critics", SW_THIRD},
    {"someone", SW_THIRD},
    {"somebody", SW_THIRD},
    {"parents", SW_THIRD},
    {"kids", SW_THIRD},
    {"team", SW_THIRD},
    {"guy", SW_THIRD},
    {"folks", SW_THIRD},
    {"think", SW_OPINION},
    {"thinks", SW_OPINION},
    {"thought", SW_OPINION},
    {"say", SW_OPINION},
    {"says", SW_OPINION},
    {"said", SW_OPINION},
    {"believe", SW_OPINION},
    {"believes", SW_OPINION},
    {"believed", SW_OPINION},
    {"claim", SW_OPINION},
    {"claims", SW_OPINION},
    {"claimed", SW_OPINION},
    {"feel", SW_OPINION},
    {"feels", SW_OPINION},
    {"felt", SW_OPINION},
    {"reckon", SW_OPINION},
    {"reckons", SW_OPINION},
    {"swear", SW_OPINION},
    {"swears", SW_OPINION},
    {"find", SW_OPINION},
    {"finds", SW_OPINION},
    {"found", SW_OPINION},
    {"told", SW_OPINION},
    {"tell", SW_OPINION},
    {"tells", SW_OPINION},
    {"love", SW_OPINION},
    {"loves", SW_OPINION},
    {"loved", SW_OPINION},
    {"hate", SW_OPINION},
    {"hates", SW_OPINION},
    {"hated", SW_OPINION},
    {"like", SW_OPINION},
    {"likes", SW_OPINION},
    {"liked", SW_OPINION},
    {"insist", SW_OPINION},
    {"insists", SW_OPINION},
    {"recommend", SW_OPINION},
    {"recommends", SW_OPINION},
    {"recommended", SW_OPINION},
    {"rave", SW_OPINION},
    {"raves", SW_OPINION},
    {"raved", SW_OPINION},
    {"seem", SW_OPINION},
    {"seems", SW_OPINION},
    {"consider", SW_OPINION},
    {"considers", SW_OPINION},
    {"complain", SW_OPINION},
    {"complains", SW_OPINION},
    {"praise", SW_OPINION},
    {"saying", SW_OPINION},
    {"thinking", SW_OPINION},
    {"telling", SW_OPINION},
    {"claiming", SW_OPINION},
    {"raving", SW_OPINION},
    {"praising", SW_OPINION},
    {"complaining", SW_OPINION},
    {"recommending", SW_OPINION},
    {"swore", SW_OPINION},
    {"disagree", SW_OPINION},
    {"disagrees", SW_OPINION},
    {"agree", SW_OPINION},
    {"agrees", SW_OPINION},
    {"praises", SW_OPINION},
    {"adore", SW_OPINION},
    {"adores", SW_OPINION},
    {"enjoy", SW_OPINION},
    {"enjoys", SW_OPINION},
    {"enjoyed", SW_OPINION},
    {"warned", SW_OPINION},
    {"warns", SW_OPINION},
    {"predicted", SW_OPINION},
    {"assured", SW_OPINION},
    {"promised", SW_OPINION},
    {"my", SW_DET},
    {"our", SW_DET},
    {"some", SW_DET | SW_THIRD},
    {"the", SW_DET},
    {"a", SW_DET},
    {"most", SW_DET | SW_THIRD},
    {"all", SW_DET},
    {"many", SW_DET | SW_THIRD},
    {"another", SW_ANOTHER},
    {"and", SW_AND},
    {"great", SW_PRAISE},
    {"wonderful", SW_PRAISE},
    {"fantastic", SW_PRAISE},
    {"perfect", SW_PRAISE},
    {"brilliant", SW_PRAISE},
    {"awesome", SW_PRAISE},
    {"lovely", SW_PRAISE},
    {"nice", SW_PRAISE},
    {"terrific", SW_PRAISE},
    {"excellent", SW_PRAISE},
    {"marvellous", SW_PRAISE},
    {"marvelous", SW_PRAISE},
    {"superb", SW_PRAISE},
    {"splendid", SW_PRAISE},
    {"amazing", SW_PRAISE},
    {"fabulous", SW_PRAISE},
    {"cool", SW_PRAISE},
    {"yay", SW_PRAISE},
    {"super", SW_PRAISE},
    {"outstanding", SW_PRAISE},
    {"impressive", SW_PRAISE},
    {"fine", SW_PRAISE},
    {"i", SW_FIRST},
    {"we", SW_FIRST},
    {"me", SW_FIRST},
    {"i'm", SW_FIRST},
    {"appreciate", SW_THANKS},
    {"appreciated", SW_THANKS},
    {"cheers", SW_THANKS},
    {"grateful", SW_THANKS},
    {"thankful", SW_THANKS},
    {"thanx", SW_THANKS},
    {"thnx", SW_THANKS},
    {"tyvm", SW_THANKS},
    {"thanku", SW_THANKS},
    {"honestly", SW_DISCOURSE},
    {"seriously", SW_DISCOURSE},
    {"frankly", SW_DISCOURSE},
    {"hopefully", SW_DISCOURSE},
    {"thankfully", SW_DISCOURSE},
    {"luckily", SW_DISCOURSE},
    {"fortunately", SW_DISCOURSE},
    {"basically", SW_DISCOURSE},
    {"literally", SW_DISCOURSE},
    {"actually", SW_DISCOURSE},
    {"obviously", SW_DISCOURSE},
    {"clearly", SW_DISCOURSE},
    {"ok", SW_DISCOURSE},
    {"okay", SW_DISCOURSE},
    {"please", SW_DISCOURSE},
    {"his", SW_DET},
    {"her", SW_DET},
    {"their", SW_DET},
};

#define N_STRUCT_WORDS (sizeof(struct_words) / sizeof(struct_words[0]))

void text_struct_init(struct at_text_engine *eng)
{
    for (size_t i = 0; i < N_STRUCT_WORDS; i++) {
        struct word_info *w =
            text_word_put(&eng->words, struct_words[i].word, strlen(struct_words[i].word));

        if (w)
            w->cls |= struct_words[i].cls;
    }
}

void text_marks_add(struct pol_marks *pm, uint32_t tok_start, uint32_t tok_end, int kind,
                    float value)
{
    struct pol_mark *m;

    if (pm->n == pm->cap) {
        size_t cap = pm->cap ? pm->cap * 2 : 16;
        struct pol_mark *v = at_arena_alloc(pm->arena, cap * sizeof(*v));

        if (pm->n)
            memcpy(v, pm->v, pm->n * sizeof(*v));
        pm->v = v;
        pm->cap = cap;
    }
    m = &pm->v[pm->n++];
    m->tok_start = tok_start;
    m->tok_end = tok_end;
    m->kind = (uint8_t)kind;
    m->value = value;
}

struct item;
static void zero_items(struct item *it, size_t n_items, uint32_t a, uint32_t b, const char *why);

/* Reasons that later passes tell apart from the others by their address. */
static const char why_phrase[] = "phrase";
static const char why_sarcasm[] = "sarcasm";
static const char why_polite[] = "politeness";

/* A scored item: a lexicon word (from the evidence) or a service phrase (from a mark). */
struct item {
    uint32_t tok, tok_end; /* tokens [tok, tok_end) */
    uint32_t start, end;   /* bytes */
    float v;
    const char *why;
};

/* How the structure weighs a token's value; the reason shown when it does. */
enum weigh {
    W_PLAIN,      /* x1 */
    W_BEFORE,     /* x0.5: before a contrast */
    W_AFTER,      /* x1.5: after a contrast, or the main clause beside a concession */
    W_CONCESSION, /* x0.5: inside "although ..." */
    W_PAST,       /* x0.2: a view of the past */
    W_PAST_ONLY,  /* x-0.3: a view of the past and nothing of now: it has changed */
    W_OTHERS,     /* x0.2: someone else's view */
    W_EXPECT,     /* x0.25: what was expected, answered by a judgement */
    W_DENIED,     /* x-0.5: what was expected, and denied ("but it was not") */
    W_ANSWER_NO,  /* x-1: a question answered "No" */
    W_ASKED,      /* x0.3: praise words inside a question ("Is there a free trial?") */
    W_COUNT
};

static const float weigh_factor[W_COUNT] = {1.0f, 0.5f,  1.5f,  0.5f,  0.2f, -0.3f,
                                            0.2f, 0.25f, -0.5f, -1.0f, 0.3f};
static const char *const weigh_why[W_COUNT] = {
    NULL,
    "before contrast",
    "after contrast",
    "concession",
    "in the past",
    "no longer",
    "someone else's view",
    "expectation",
    "expectation not met",
    "answered no",
    "in a question",
};

static bool is_punct(const struct tok *k, char c)
{
    return k->kind == TK_PUNCT && k->norm[0] == c;
}

static bool ends_sentence(const struct tok *k)
{
    return k->kind == TK_PUNCT &&
           (k->norm[0] == '.' || k->norm[0] == '!' || k->norm[0] == '?' || k->norm[0] == ';');
}

/*
 * Does token i end a clause: a comma, a colon, a dash, brackets or quotes (and
 * a sentence's end)? A hyphen inside a word ("check-in") is no dash.
 */
static bool ends_clause(const struct toks *t, size_t i)
{
    const struct tok *k = &t->v[i];

    if (k->kind != TK_PUNCT)
        return false;
    switch (k->norm[0]) {
    case '-':
        return !(k->end - k->start == 1 && i > 0 && i + 1 < t->n && t->v[i - 1].end == k->start &&
                 t->v[i + 1].start == k->end);
    case ',':
    case ':':
    case '(':
    case ')':
    case '"':
        return true;
    default:
        return ends_sentence(k) || (unsigned char)k->norm[0] >= 0x80; /* dashes, quotes */
    }
}

struct shape {
    const struct at_text_engine *eng;
    const struct toks *t;
    const char *text;
    uint32_t *sent;       /* per token: its sentence */
    uint32_t *sent_first; /* per sentence: its first token; one more entry holds t->n */
    uint32_t n_sent;
    uint8_t *weigh;    /* per token: enum weigh */
    uint8_t *mark;     /* per token: 1 + the kind of the mark that starts there, 0 none */
    uint8_t *answered; /* per sentence: a question that the next sentence answers */
    unsigned classes;  /* every class that some token has */
};

/* Sentences: after ". ! ? ;" and at a line break. */
static void split_sentences(struct shape *s)
{
    const struct toks *t = s->t;

    s->n_sent = 0;
    for (size_t i = 0; i < t->n; i++) {
        bool starts =
            i == 0 || ends_sentence(&t->v[i - 1]) ||
            (s->text && memchr(s->text + t->v[i - 1].end, '\n', t->v[i].start - t->v[i - 1].end));

        /* a run of marks ("?!", ". .") stays with the sentence it closes */
        if (starts && i > 0 && t->v[i].kind == TK_PUNCT && ends_sentence(&t->v[i]))
            starts = false;
        if (starts)
            s->sent_first[s->n_sent++] = (uint32_t)i;
        s->sent[i] = s->n_sent - 1;
    }
    s->sent_first[s->n_sent] = (uint32_t)t->n;
}

/* The first token of the clause that holds token i, and the token after its end. */
static uint32_t clause_begin(const struct shape *s, uint32_t i)
{
    uint32_t a = s->sent_first[s->sent[i]];

    while (i > a && !ends_clause(s->t, i - 1) && s->mark[i] != 1 + PM_CONTRAST)
        i--;
    return i;
}

static uint32_t clause_end(const struct shape *s, uint32_t i)
{
    uint32_t b = s->sent_first[s->sent[i] + 1];

    for (i++; i < b; i++) {
        unsigned m = s->mark[i];

        if (ends_clause(s->t, i) || m == 1 + PM_CONTRAST || m == 1 + PM_PRESENT ||
            m == 1 + PM_CONCESSIVE)
            break;
    }
    return i;
}

static void weigh_range(struct shape *s, uint32_t a, uint32_t b, enum weigh w)
{
    for (uint32_t i = a; i < b; i++)
        s->weigh[i] = (uint8_t)w;
}

/* Sets the tokens of [a, b) that are plain or only contrast-weighed to w. */
static void weigh_plain(struct shape *s, uint32_t a, uint32_t b, enum weigh w)
{
    for (uint32_t i = a; i < b; i++) {
        if (s->weigh[i] <= W_CONCESSION)
            s->weigh[i] = (uint8_t)w;
    }
}

static bool range_scores(const struct item *it, size_t n_items, uint32_t a, uint32_t b)
{
    for (size_t k = 0; k < n_items; k++) {
        if (it[k].tok >= a && it[k].tok < b && it[k].v != 0)
            return true;
    }
    return false;
}

/* The sum of the values of the items in tokens [a, b). */
static float range_sum(const struct item *it, size_t n_items, uint32_t a, uint32_t b)
{
    float sum = 0;

    for (size_t k = 0; k < n_items; k++) {
        if (it[k].tok >= a && it[k].tok < b)
            sum += it[k].v;
    }
    return sum;
}

static bool range_negates(const struct shape *s, uint32_t a, uint32_t b)
{
    for (uint32_t i = a; i < b; i++) {
        const struct tok *k = &s->t->v[i];

        if (k->wi && (k->wi->role & WR_NEGATION))
            return true;
        if (k->norm_len > 3 && memcmp(k->norm + k->norm_len - 3, "n't", 3) == 0)
            return true;
    }
    return false;
}

static bool has_mark_in(const struct pol_marks *pm, enum pol_mark_kind kind, uint32_t a, uint32_t b)
{
    for (size_t m = 0; m < pm->n; m++) {
        if (pm->v[m].kind == kind && pm->v[m].tok_start >= a && pm->v[m].tok_start < b)
            return true;
    }
    return false;
}

static bool has_mark(const struct pol_marks *pm, enum pol_mark_kind kind)
{
    return has_mark_in(pm, kind, 0, UINT32_MAX);
}

static uint32_t words_in(const struct shape *s, uint32_t a, uint32_t b)
{
    uint32_t n = 0;

    for (uint32_t i = a; i < b; i++)
        n += s->t->v[i].kind == TK_WORD;
    return n;
}

/*
 * Does what follows token `e` deny what came before it: a contrast or the
 * next sentence that holds a negation and no judgement of its own ("..., but
 * it wasn't.", "It was not."), or a denial ("I was wrong", "far from it")?
 */
static bool denied(const struct shape *s, const struct item *it, size_t n_items, uint32_t e)
{
    uint32_t b = s->sent_first[s->sent[e < s->t->n ? e : s->t->n - 1] + 1], ans_end;

    while (e < b && s->t->v[e].kind == TK_PUNCT && !ends_sentence(&s->t->v[e]))
        e++;
    if (e < b && s->mark[e] == 1 + PM_CONTRAST) {
        ans_end = b;
    } else if (e >= b - 1 && b < s->t->n) {
        e = b;
        ans_end = s->sent_first[s->sent[b] + 1];
        if (words_in(s, e, ans_end) > 6)
            return false;
    } else {
        return false;
    }
    for (uint32_t i = e; i < ans_end; i++) {
        if (s->mark[i] == 1 + PM_DENY)
            return true;
    }
    return !range_scores(it, n_items, e, ans_end) && range_negates(s, e, ans_end);
}

/* A denial's own words ("wrong" in "I was wrong") judge the expectation, not the service. */
static void zero_denials(const struct pol_marks *pm, struct item *it, size_t n_items, uint32_t a,
                         uint32_t b)
{
    for (size_t m = 0; m < pm->n; m++) {
        const struct pol_mark *k = &pm->v[m];

        if (k->kind == PM_DENY && k->tok_start >= a && k->tok_start < b)
            zero_items(it, n_items, k->tok_start, k->tok_end, "denial");
    }
}

/* Is token i inside a service phrase ("not what it used to be" holds "used to")? */
static bool inside_phrase(const struct pol_marks *pm, uint32_t i)
{
    for (size_t m = 0; m < pm->n; m++) {
        const struct pol_mark *k = &pm->v[m];

        if (k->kind == PM_SENTIMENT && k->tok_start <= i && i < k->tok_end &&
            k->tok_end - k->tok_start > 1)
            return true;
    }
    return false;
}

/*
 * Two clauses side by side that judge opposite ways, with no word to say how
 * they stand ("Great location, terrible hotel."; "Lovely staff; shame about
 * the room."): the second is the verdict, as if a "but" stood between them.
 */
static void weigh_side_by_side(struct shape *s, const struct item *it, size_t n_items)
{
    for (uint32_t q = 0; q < s->n_sent; q++) {
        uint32_t a = s->sent_first[q], b = s->sent_first[q + 1], cut = b, n_cuts = 0;
        float first = 0, second = 0;
        bool plain = true;

        for (uint32_t i = a; i < b && plain; i++) {
            plain = s->mark[i] == 0 ||
                    (s->mark[i] != 1 + PM_CONTRAST && s->mark[i] != 1 + PM_CONCESSIVE &&
                     s->mark[i] != 1 + PM_UNTIL && s->mark[i] != 1 + PM_PRESENT);
            plain &= s->weigh[i] == W_PLAIN;
            if (i + 1 < b && s->t->v[i].kind == TK_PUNCT &&
                (is_punct(&s->t->v[i], ',') || is_punct(&s->t->v[i], ';'))) {
                n_cuts++;
                cut = i + 1;
            }
        }
        if (!plain || n_cuts != 1)
            continue;
        for (size_t k = 0; k < n_items; k++) {
            if (it[k].tok >= a && it[k].tok < cut)
                first += it[k].v;
            else if (it[k].tok >= cut && it[k].tok < b)
                second += it[k].v;
        }
        if (first * second >= 0)
            continue;
        weigh_range(s, a, cut, W_BEFORE);
        weigh_range(s, cut, b, W_AFTER);
    }
}

/* Contrasts and concessions, sentence by sentence. */
static void weigh_contrasts(struct shape *s, const struct pol_marks *pm, const struct item *it,
                            size_t n_items)
{
    const struct toks *t = s->t;

    for (size_t m = 0; m < pm->n; m++) {
        const struct pol_mark *k = &pm->v[m];
        uint32_t c = k->tok_start, sent = s->sent[c];
        uint32_t a = s->sent_first[sent], b = s->sent_first[sent + 1];

        if (k->kind == PM_UNTIL) {
            /* "It was great until the last update": nothing said of after, it ended */
            uint32_t cb = clause_begin(s, c);

            if (!range_scores(it, n_items, k->tok_end, b))
                weigh_range(s, cb, c, W_PAST_ONLY);
            continue;
        }
        if (k->kind == PM_PRESENT && c == clause_begin(s, c) && range_scores(it, n_items, c, b)) {
            /* "Once amazing, now mediocre": now, opening a clause, outweighs before */
            if (c == a && sent > 0)
                a = s->sent_first[sent - 1];
            weigh_plain(s, a, c, W_BEFORE);
            weigh_plain(s, c, clause_end(s, c), W_AFTER);
            continue;
        }
        if (k->kind == PM_CONTRAST) {
            /*
             * "But ..." opening a sentence answers the one before, and so does
             * "The staff, on the other hand, ..." with nothing judged before it
             */
            if (sent > 0 && (c == a || !range_scores(it, n_items, a, c)))
                a = s->sent_first[sent - 1];
            weigh_plain(s, a, c, W_BEFORE);
            weigh_range(s, k->tok_end, b, W_AFTER);
        } else if (k->kind == PM_CONCESSIVE) {
            uint32_t e = clause_end(s, k->tok_end > c ? k->tok_end - 1 : c);

            if (k->tok_end < b && t->v[k->tok_end].kind == TK_PUNCT) {
                /* "..., though." closes the clause that outweighs the one before */
                uint32_t j = c, cb;

                while (j > a && t->v[j - 1].kind == TK_PUNCT)
                    j--;
                cb = clause_begin(s, j > a ? j - 1 : a);

                if (cb == a && sent > 0)
                    a = s->sent_first[sent -
                                      1]; /* "The room was nice. The staff were rude, though." */
                weigh_plain(s, a, cb, W_BEFORE);
                weigh_range(s, cb, c, W_AFTER);
                continue;
            }
            weigh_range(s, c, e, W_CONCESSION);
            weigh_plain(s, a, c, W_AFTER);
            weigh_plain(s, e, b, W_AFTER);
        }
    }
}

static bool tok_is(const struct tok *k, const char *word)
{
    size_t n = strlen(word);

    return k->kind == TK_WORD && k->norm_len == n && memcmp(k->norm, word, n) == 0;
}

/*
 * "went from X to Y": what it became outweighs what it was. True when a "to"
 * follows in the clause and both sides judge.
 */
static bool weigh_from_to(struct shape *s, const struct item *it, size_t n_items, uint32_t from,
                          uint32_t ce)
{
    for (uint32_t i = from; i + 1 < ce; i++) {
        if (!tok_is(&s->t->v[i], "to"))
            continue;
        if (!range_scores(it, n_items, from, i) || !range_scores(it, n_items, i + 1, ce))
            return false;
        weigh_range(s, from, i, W_PAST);
        weigh_range(s, i + 1, ce, W_AFTER);
        return true;
    }
    return false;
}

/*
 * Is sentence `sent`, a view of the past, followed by a short one of now that
 * judges nothing of its own and so echoes it, the other way round ("Today I
 * would not.", "Not any more.", "Now I would.")?
 */
static bool echoed_now(const struct shape *s, const struct pol_marks *pm, const struct item *it,
                       size_t n_items, uint32_t sent)
{
    uint32_t a, b;

    if (sent + 1 >= s->n_sent)
        return false;
    a = s->sent_first[sent + 1];
    b = s->sent_first[sent + 2];
    return words_in(s, a, b) <= 4 && has_mark_in(pm, PM_PRESENT, a, b) &&
           !range_scores(it, n_items, a, b) && range_scores(it, n_items, s->sent_first[sent], a);
}

/*
 * An expectation (mark `k`), up to what answers it: a contrast ("..., but it
 * was not"), "and" and a short clause, or a short next sentence ("It
 * wasn't."). An answer that judges the same way counts instead of the
 * expectation; one that denies it or judges the other way turns it over.
 */
static void weigh_expectation(struct shape *s, const struct pol_marks *pm, struct item *it,
                              size_t n_items, const struct pol_mark *k)
{
    const struct toks *t = s->t;
    uint32_t c = k->tok_start, sent = s->sent[c];
    uint32_t b = s->sent_first[sent + 1];
    uint32_t turn = b, ans_end = b, e;

    for (e = k->tok_end; e < b; e++) {
        if (s->mark[e] == 1 + PM_CONTRAST ||
            ((s->t->v[e].cls & SW_AND) && e + 1 < b && clause_end(s, e) - e <= 6 &&
             range_negates(s, e + 1, clause_end(s, e)))) {
            turn = e;
            break;
        }
    }
    if (turn == b) {
        if (b >= t->n)
            return;
        ans_end = s->sent_first[s->sent[b] + 1];
        if (s->mark[b] != 1 + PM_CONTRAST && words_in(s, b, ans_end) > 6)
            return; /* an expectation nobody answers stands as it is */
    }
    /*
     * A denied expectation turns over. Words of feeling that expected it
     * (value 1 in the rule) turn with it: a fear that did not come true
     * is relief ("I was worried it would cost a lot, but it cost
     * nothing"), a hope or a promise that did not is a letdown. Words of
     * belief ("I was sure", "I was convinced") and expectations answered
     * by a judgement tell of then, not now.
     */
    bool denied = false;

    if (has_mark_in(pm, PM_DENY, turn, ans_end)) {
        weigh_range(s, c, turn, W_DENIED); /* "I thought it would be awful. I was wrong." */
        zero_denials(pm, it, n_items, turn, ans_end);
        denied = true;
    } else if (range_scores(it, n_items, turn, ans_end)) {
        /* "I expected the worst. It has been fine.": judged the other way, denied */
        denied =
            range_sum(it, n_items, k->tok_end, turn) * range_sum(it, n_items, turn, ans_end) < 0;
        weigh_range(s, c, turn, denied ? W_DENIED : W_EXPECT);
    } else if (range_negates(s, turn, ans_end) || s->mark[turn] == 1 + PM_CONTRAST) {
        /* "I was sure I'd lose my deposit, but you refunded it": a fact that denies */
        weigh_range(s, c, turn, W_DENIED);
        denied = true;
    }
    if (denied && !(k->value > 0))
        weigh_range(s, c, k->tok_end, W_EXPECT);
}

/* The past (mark `k`: "used to", "at first", "last year"), against what is said of now. */
static void weigh_past(struct shape *s, const struct pol_marks *pm, struct item *it, size_t n_items,
                       const struct pol_mark *k)
{
    const struct toks *t = s->t;
    uint32_t c = k->tok_start, sent = s->sent[c];
    uint32_t a = s->sent_first[sent], b = s->sent_first[sent + 1];

    uint32_t cb = clause_begin(s, c), ce = clause_end(s, k->tok_end - 1);
    bool now = false;

    /* a view of now that says something of its own ("now I think it is fantastic") */
    for (size_t q = 0; q < pm->n; q++) {
        uint32_t qt = pm->v[q].tok_start, qs = s->sent[qt];

        if (pm->v[q].kind == PM_PRESENT && (qs == sent || qs == sent + 1 || qs + 1 == sent) &&
            range_scores(it, n_items, qt, s->sent_first[qs + 1])) {
            now = true;
            if (qs == sent + 1) /* "Back then it was slow. Today it is fast." */
                weigh_plain(s, s->sent_first[qs], s->sent_first[qs + 1], W_AFTER);
        }
    }
    if (k->tok_end > c && tok_is(&t->v[k->tok_end - 1], "from") &&
        weigh_from_to(s, it, n_items, k->tok_end, ce))
        return; /* "It went from excellent to awful" */
    if (echoed_now(s, pm, it, n_items, sent)) {
        /* "Three months ago I would have recommended you. Today I would not." */
        weigh_range(s, a, b, W_DENIED);
        return;
    }
    now |= range_scores(it, n_items, a, cb) || range_scores(it, n_items, ce, b);
    if (!now && k->kind == PM_THEN)
        return; /* "I ordered it last week and it never came" is no change of view */
    weigh_plain(s, a, cb, W_AFTER);
    weigh_plain(s, ce, b, W_AFTER);
    /* the past and nothing good or bad of now: it has changed ("It used to work.") */
    weigh_range(s, cb, ce, now ? W_PAST : W_PAST_ONLY);
}

/*
 * Someone else's view: a subject that is not the writer and a verb of
 * opinion ("my friend thinks", "everyone says", "the reviews said", "my
 * travel agent thought"), or "according to ..." to the sentence's end.
 * When it fills its sentence, the writer's own view follows in the next.
 */
static void weigh_others(struct shape *s, const struct pol_marks *pm, struct item *it,
                         size_t n_items)
{
    const struct toks *t = s->t;
    bool others = n_items > 0 && ((s->classes & (SW_THIRD | SW_DET)) || has_mark(pm, PM_OTHERS));

    for (uint32_t i = 0; others && i < t->n; i++) {
        unsigned cls = s->t->v[i].cls;
        uint32_t sent = s->sent[i], a = s->sent_first[sent], b = s->sent_first[sent + 1];
        uint32_t cb, ce;
        bool view = s->mark[i] == 1 + PM_OTHERS;

        if (!view && !(cls & (SW_THIRD | SW_DET)))
            continue;
        cb = clause_begin(s, i);
        if (!view && (cls & SW_THIRD || cb == i) && !(i > 0 && (s->t->v[i - 1].cls & SW_OPINION))) {
            for (uint32_t j = i + 1; j <= i + 3 && j < b && t->v[j].kind == TK_WORD; j++) {
                if (s->t->v[j].cls & SW_FIRST)
                    break;
                if (s->t->v[j].cls & SW_OPINION) {
                    view = true;
                    break;
                }
            }
        }
        if (!view)
            continue;
        ce = s->mark[i] == 1 + PM_OTHERS ? b : clause_end(s, i);
        weigh_plain(s, a, cb, W_AFTER);
        weigh_plain(s, ce, b, W_AFTER);
        /* "Everyone said it would be awful, but it wasn't": their view, denied */
        if (denied(s, it, n_items, ce)) {
            uint32_t next = b < t->n ? s->sent_first[s->sent[b] + 1] : b;

            weigh_range(s, cb, ce, W_DENIED);
            zero_denials(pm, it, n_items, ce, next);
        } else {
            weigh_range(s, cb, ce, W_OTHERS);
        }
        if (!range_scores(it, n_items, a, cb) && !range_scores(it, n_items, ce, b) &&
            sent + 1 < s->n_sent)
            weigh_plain(s, b, s->sent_first[sent + 2], W_AFTER); /* "Personally, I ..." */
        i = ce;
    }
}

/* Expectations, the past and other people's views: they override the contrasts. */
static void weigh_views(struct shape *s, const struct pol_marks *pm, struct item *it,
                        size_t n_items)
{
    for (size_t m = 0; m < pm->n; m++) {
        const struct pol_mark *k = &pm->v[m];

        if (k->kind == PM_EXPECT)
            weigh_expectation(s, pm, it, n_items, k);
        else if ((k->kind == PM_PAST || k->kind == PM_THEN) && !inside_phrase(pm, k->tok_start))
            weigh_past(s, pm, it, n_items, k);
    }
    weigh_others(s, pm, it, n_items);
}

/* Is sentence `q` a yes/no question ("Do I think ...?", "Was it ...?")? */
static bool polar_question(const struct shape *s, uint32_t q)
{
    uint32_t a = s->sent_first[q], b = s->sent_first[q + 1];

    return b > a + 1 && is_punct(&s->t->v[b - 1], '?') && (s->t->v[a].cls & SW_AUX);
}

/*
 * A yes/no question and the answer that opens the next sentence: "No" turns
 * the question's values over, "Yes" lets them stand; the answer word itself
 * then says nothing more.
 */
static void weigh_answers(struct shape *s, struct item *it, size_t n_items)
{
    for (uint32_t q = 0; q + 1 < s->n_sent; q++) {
        uint32_t a = s->sent_first[q], b = s->sent_first[q + 1];
        unsigned cls;

        if (!polar_question(s, q) || !range_scores(it, n_items, a, b))
            continue;
        cls = s->t->v[b].cls;
        if (!(cls & (SW_NO | SW_YES)))
            continue;
        if (cls & SW_NO)
            weigh_range(s, a, b, W_ANSWER_NO);
        s->answered[q] = 1;
        for (size_t k = 0; k < n_items; k++) {
            if (it[k].tok == b)
                it[k].v = 0;
        }
    }
}

/*
 * Praise words in a question that nobody answers are mostly what is asked
 * about ("Is there a free trial?", "What's the best way to ...?"), not how
 * the writer feels: they count a little. Complaints put as questions ("Why
 * is it still broken?") keep their weight.
 */
static void weigh_questions(struct shape *s, const struct item *it, size_t n_items)
{
    for (size_t k = 0; k < n_items; k++) {
        uint32_t i = it[k].tok, q = s->sent[i], b = s->sent_first[q + 1];

        if (it[k].v > 0 && s->weigh[i] == W_PLAIN && !s->answered[q] &&
            is_punct(&s->t->v[b - 1], '?'))
            s->weigh[i] = W_ASKED;
    }
}

/*
 * "Thank you." on its own after a request or a question closes it politely:
 * a sentence of nothing but thanks ("Thanks!", "Many thanks in advance")
 * after one that asks.
 */
static void read_closing_thanks(struct shape *s, const struct pol_marks *pm, struct item *it,
                                size_t n_items)
{
    for (uint32_t q = 1; q < s->n_sent; q++) {
        uint32_t a = s->sent_first[q], b = s->sent_first[q + 1], pa = s->sent_first[q - 1];
        bool thanks = false, only = true, asks;

        for (uint32_t i = a; i < b && only; i++) {
            const struct tok *k = &s->t->v[i];
            unsigned cls = s->t->v[i].cls;

            if (cls & SW_THANKS)
                thanks = true;
            else if (k->kind == TK_WORD && !(k->wi && (k->wi->role & WR_BOOST)) &&
                     !(k->norm_len == 3 && memcmp(k->norm, "you", 3) == 0) &&
                     !(k->norm_len == 4 && memcmp(k->norm, "many", 4) == 0))
                only = false;
        }
        if (!thanks || !only || b - a > 6)
            continue;
        asks = is_punct(&s->t->v[a - 1], '?');
        for (size_t m = 0; pm && m < pm->n && !asks; m++) {
            if (pm->v[m].kind == PM_POLITE && pm->v[m].tok_start >= pa && pm->v[m].tok_start < a)
                asks = true;
        }
        if (asks)
            zero_items(it, n_items, a, b, why_polite);
    }
}

/* A negated opinion ("I don't think", "I wouldn't say") negates the rest of its sentence. */
static void negate_opinions(struct shape *s, const struct pol_marks *pm, struct item *it,
                            size_t n_items)
{
    for (size_t m = 0; m < pm->n; m++) {
        const struct pol_mark *k = &pm->v[m];
        uint32_t b;

        if (k->kind != PM_NEG_OPINION)
            continue;
        b = s->sent_first[s->sent[k->tok_start] + 1];
        for (size_t j = 0; j < n_items; j++) {
            struct item *x = &it[j];

            if (x->tok >= k->tok_end && x->tok < b && !(s->t->v[x->tok].flags & TF_NEGATED)) {
                x->v *= N_SCALAR;
                x->why = "negated";
            }
        }
    }
}

/*
 * Does the message complain, apart from the tokens [skip_a, skip_b)? A
 * failure the rules found (not negated), or negative values worth at least
 * "cancelled".
 */
static bool complains(const struct pol_marks *pm, const struct toks *t, const struct item *it,
                      size_t n_items, uint32_t skip_a, uint32_t skip_b)
{
    float neg = 0;

    for (size_t m = 0; m < pm->n; m++) {
        const struct pol_mark *k = &pm->v[m];

        if (k->kind == PM_FAILURE && !(t->v[k->tok_start].flags & TF_NEGATED) &&
            (k->tok_start < skip_a || k->tok_start >= skip_b))
            return true;
    }
    for (size_t k = 0; k < n_items; k++) {
        if (it[k].tok >= skip_a && it[k].tok < skip_b)
            continue;
        if (it[k].v < 0)
            neg += it[k].v;
    }
    return neg <= -1.0f;
}

static bool range_praises(const struct item *it, size_t n_items, uint32_t a, uint32_t b)
{
    for (size_t k = 0; k < n_items; k++) {
        if (it[k].tok >= a && it[k].tok < b && it[k].v > 0)
            return true;
    }
    return false;
}

/* Makes the positive items of tokens [a, b) count against, as sarcasm. */
static void turn_sarcastic(struct item *it, size_t n_items, uint32_t a, uint32_t b)
{
    for (size_t k = 0; k < n_items; k++) {
        if (it[k].tok >= a && it[k].tok < b && it[k].v > 0) {
            it[k].v = -it[k].v;
            it[k].why = why_sarcasm;
        }
    }
}

static void zero_items(struct item *it, size_t n_items, uint32_t a, uint32_t b, const char *why)
{
    for (size_t k = 0; k < n_items; k++) {
        if (it[k].tok >= a && it[k].tok < b && it[k].v != 0) {
            it[k].v = 0;
            it[k].why = why;
        }
    }
}

/*
 * Do tokens [a, b) hold a failure of service: a negative service phrase
 * ("charged twice", "never arrived") or a failure cue of the rules, not
 * negated? Plain negative words ("alone", "losses") are no failure of service.
 */
static bool range_fails(const struct shape *s, const struct pol_marks *pm, const struct item *it,
                        size_t n_items, uint32_t a, uint32_t b)
{
    for (size_t k = 0; k < n_items; k++) {
        if (it[k].tok >= a && it[k].tok < b && it[k].v < 0 && it[k].why == why_phrase)
            return true;
    }
    for (size_t m = 0; m < pm->n; m++) {
        const struct pol_mark *k = &pm->v[m];

        if (k->kind == PM_FAILURE && k->tok_start >= a && k->tok_start < b &&
            !(s->t->v[k->tok_start].flags & TF_NEGATED))
            return true;
    }
    return false;
}

/*
 * Praise that closes a complaint without a contrast is sarcasm: a short
 * sentence of praise ("Really helpful.", "Money well spent.", "Very good
 * system.") after sentences that tell of a failure; and "Not." after
 * praise takes it back ("Super helpful. Not.").
 */
static void read_closing_praise(struct shape *s, const struct pol_marks *pm, struct item *it,
                                size_t n_items)
{
    /* a turn of any kind (contrast, time, expectation) makes closing praise honest */
    bool turn = has_mark(pm, PM_CONTRAST) || has_mark(pm, PM_CONCESSIVE) || has_mark(pm, PM_PAST) ||
                has_mark(pm, PM_THEN) || has_mark(pm, PM_PRESENT) || has_mark(pm, PM_EXPECT);

    for (uint32_t q = 1; q < s->n_sent; q++) {
        uint32_t a = s->sent_first[q], b = s->sent_first[q + 1], pa = s->sent_first[q - 1];
        uint32_t words = 0;
        bool praise = false, blame = false;

        for (uint32_t i = a; i < b; i++)
            words += s->t->v[i].kind == TK_WORD;
        for (size_t k = 0; k < n_items; k++) {
            if (it[k].tok >= a && it[k].tok < b) {
                praise |= it[k].v > 0;
                blame |= it[k].v < 0;
            }
        }
        if (words <= 3 && (s->t->v[a].cls & SW_NO) && !praise && !blame &&
            range_scores(it, n_items, pa, a)) {
            /* "Not.", "Not anymore.", "Not after this." take the sentence before back */
            weigh_range(s, pa, a, W_ANSWER_NO);
            continue;
        }
        if (turn || !praise || blame || words > 5 || is_punct(&s->t->v[b - 1], '?'))
            continue;
        if (range_fails(s, pm, it, n_items, 0, a))
            turn_sarcastic(it, n_items, a, b);
    }
}

/* Politeness and sarcasm: thanks that are not gratitude, praise that is not praise. */
static void read_courtesy(struct shape *s, const struct pol_marks *pm, struct item *it,
                          size_t n_items)
{
    const struct toks *t = s->t;

    for (size_t m = 0; m < pm->n; m++) {
        const struct pol_mark *k = &pm->v[m];
        uint32_t e = k->tok_end;
        bool closes = e >= t->n || ends_sentence(&t->v[e]) || is_punct(&t->v[e], ',');

        if (k->kind == PM_POLITE) {
            zero_items(it, n_items, k->tok_start, k->tok_end, why_polite);
        } else if (k->kind == PM_SARCASTIC) {
            turn_sarcastic(it, n_items, k->tok_start, k->tok_end);
        } else if (k->kind == PM_SARCASTIC_IF &&
                   complains(pm, t, it, n_items, k->tok_start, k->tok_end)) {
            /* "Thanks a lot." closing a complaint; "Love how ..." over one */
            if (closes || k->value > 0)
                turn_sarcastic(it, n_items, k->tok_start, k->tok_end);
        }
    }
    for (uint32_t i = 0; (s->classes & SW_THANKS) && i < t->n; i++) {
        uint32_t b = s->sent_first[s->sent[i] + 1], ce;

        if (!(t->v[i].cls & SW_THANKS) || !range_praises(it, n_items, i, i + 1))
            continue; /* not thanks, or thanks already read (sarcasm, politeness) */
        /* thanks for a failure: "Thanks so much for charging me twice" */
        ce = clause_end(s, i);
        if (range_fails(s, pm, it, n_items, i + 1, ce)) {
            turn_sarcastic(it, n_items, i, ce);
            continue;
        }
        /* thanks and a contrast in the same breath: "Thanks for the update, but ..." */
        for (uint32_t j = i + 1; j <= b && j < t->n; j++) {
            if (s->mark[j] == 1 + PM_CONTRAST ||
                (s->mark[j] == 1 + PM_CONCESSIVE && j + 1 < t->n && t->v[j + 1].kind != TK_PUNCT)) {
                zero_items(it, n_items, i, i + 1, why_polite);
                break;
            }
        }
        /*
         * bare thanks before a failure of service ("Thanks for the reply. It still
         * doesn't work.") are the courtesy around the complaint; thanks for
         * something good ("thanks for the quick fix") stay, and so do thanks
         * beside plain negative words ("the problem hasn't come back")
         */
        if (!range_praises(it, n_items, i + 1, ce) && range_fails(s, pm, it, n_items, ce, t->n))
            zero_items(it, n_items, i, i + 1, why_polite);
    }
    /* praise as an exclamation opening a sentence: "Great, ...", "Oh wonderful, ...", "Perfect." */
    for (uint32_t q = 0; q < s->n_sent; q++) {
        uint32_t a = s->sent_first[q], b = s->sent_first[q + 1];

        for (uint32_t i = a; i < b && i < a + 3; i++) {
            const struct tok *k = &t->v[i];
            bool lead =
                i == a || ((t->v[a].cls & SW_LEAD) && (i == a + 1 || (t->v[a + 1].cls & SW_LEAD)));

            if (!lead)
                break;
            if (!(k->cls & SW_PRAISE) || i + 2 >= t->n || t->v[i + 1].kind != TK_PUNCT ||
                is_punct(&t->v[i + 1], '?') || (t->v[i + 2].cls & SW_THANKS))
                continue;
            if ((t->v[i + 2].cls & SW_ANOTHER) || complains(pm, t, it, n_items, a, i + 1))
                turn_sarcastic(it, n_items, a, i + 1);
            break;
        }
    }
    read_closing_praise(s, pm, it, n_items);
}

/* Service phrases with a value of their own stand for the lexicon words inside them. */
static size_t add_phrases(const struct toks *t, const struct pol_marks *pm, struct item *it,
                          size_t n_items, size_t cap)
{
    uint32_t covered = 0; /* marks come in token order: skip what a phrase covers */

    for (size_t m = 0; m < pm->n && n_items < cap; m++) {
        const struct pol_mark *k = &pm->v[m];
        float v = k->value;

        bool longer = false;

        if ((k->kind != PM_SENTIMENT && k->kind != PM_THREAT) || k->tok_start < covered)
            continue;
        for (size_t q = m + 1; q < pm->n && pm->v[q].tok_start == k->tok_start; q++)
            longer |= (pm->v[q].kind == PM_SENTIMENT || pm->v[q].kind == PM_THREAT) &&
                      pm->v[q].tok_end > k->tok_end;
        if (longer)
            continue; /* the longest phrase at a place wins */
        covered = k->tok_end;
        if (t->v[k->tok_start].flags & TF_NEGATED)
            v *= N_SCALAR;
        zero_items(it, n_items, k->tok_start, k->tok_end, "in a phrase");
        it[n_items++] = (struct item){.tok = k->tok_start,
                                      .tok_end = k->tok_end,
                                      .start = t->v[k->tok_start].start,
                                      .end = t->v[k->tok_end - 1].end,
                                      .v = v,
                                      .why = (t->v[k->tok_start].flags & TF_NEGATED) ? "negated"
                                             : k->kind == PM_THREAT                  ? "threat"
                                                                                     : why_phrase};
    }
    return n_items;
}

/*
 * Praise or thanks, then a contrast, then no judgement at all ("The app looks
 * nice, however it forgets my login every day"; "Thanks, but the charge is
 * still on my statement"): what follows the contrast is a problem the
 * customer states as a fact, so the turn itself counts against.
 */
static size_t add_turns(struct shape *s, const struct pol_marks *pm, struct item *it,
                        size_t n_items, size_t cap)
{
    const struct toks *t = s->t;

    for (size_t m = 0; m < pm->n && n_items < cap; m++) {
        const struct pol_mark *k = &pm->v[m];
        uint32_t c = k->tok_start, sent = s->sent[c];
        uint32_t a = s->sent_first[sent], b = s->sent_first[sent + 1];
        bool warm = false;

        if (k->kind != PM_CONTRAST || k->tok_end >= b)
            continue;
        if (c == a && sent > 0)
            a = s->sent_first[sent - 1];
        for (uint32_t i = a; i < c && !warm; i++)
            warm = (s->t->v[i].cls & SW_THANKS) != 0 || s->mark[i] == 1 + PM_POLITE;
        /* praise, the writer's or someone else's ("my friend loves it, but ..."), not an
         * expectation */
        for (size_t j = 0; j < n_items && !warm; j++)
            warm = it[j].tok >= a && it[j].tok < c && it[j].v > 0 &&
                   (s->weigh[it[j].tok] <= W_AFTER || s->weigh[it[j].tok] == W_OTHERS);
        if (!warm || range_scores(it, n_items, k->tok_end, b))
            continue;
        it[n_items++] = (struct item){.tok = c,
                                      .tok_end = k->tok_end,
                                      .start = t->v[c].start,
                                      .end = t->v[k->tok_end - 1].end,
                                      .v = -1.5f,
                                      .why = "a problem after praise"};
    }
    return n_items;
}

static int item_order(const void *x, const void *y)
{
    const struct item *a = x, *b = y;

    return a->start < b->start ? -1 : a->start > b->start;
}

float text_polarity_compose(const struct at_text_engine *eng, struct toks *t, const char *text,
                            struct ev_list *ev, size_t ev_first, const struct pol_marks *pm,
                            unsigned *readings)
{
    struct shape s = {.eng = eng, .t = t};
    struct at_arena *arena = ev->arena;
    size_t n_words = ev->n - ev_first, n_items = 0, cap, n_phrases = 0;
    struct item *it;
    float sum = 0, strongest = 0;
    unsigned read = 0;
    static const struct pol_marks no_marks;

    if (readings)
        *readings = 0;
    if (t->n == 0)
        return 0;
    if (!pm)
        pm = &no_marks;
    for (size_t m = 0; m < pm->n; m++)
        n_phrases += pm->v[m].kind == PM_SENTIMENT || pm->v[m].kind == PM_THREAT ||
                     pm->v[m].kind == PM_CONTRAST;
    {
        /* the per-token and per-sentence arrays in one zeroed block (W_PLAIN is 0) */
        size_t n = t->n;
        uint8_t *block = at_arena_alloc(arena, n * 2 * sizeof(uint32_t) + sizeof(uint32_t) + 3 * n);

        s.sent = (uint32_t *)block;
        s.sent_first = s.sent + n;
        s.weigh = (uint8_t *)(s.sent_first + n + 1);
        s.mark = s.weigh + n;
        s.answered = s.mark + n;
    }
    s.classes = t->classes;
    /* nothing to weigh: no word with a value, no phrase, no thanks to read */
    if (n_words == 0 && n_phrases == 0 && !(s.classes & SW_THANKS))
        return 0;
    cap = n_words + n_phrases;
    it = at_arena_alloc(arena, (cap ? cap : 1) * sizeof(*it));
    /* the words' evidence, in token order, with the token each belongs to */
    for (size_t m = ev_first, j = 0; m < ev->n; m++) {
        const struct at_evidence *e = &ev->v[m];

        while (j + 1 < t->n && t->v[j].end <= e->start)
            j++;
        it[n_items++] = (struct item){.tok = (uint32_t)j,
                                      .tok_end = (uint32_t)j + 1,
                                      .start = e->start,
                                      .end = e->end,
                                      .v = e->weight,
                                      .why = e->why};
    }
    /* line breaks end sentences too; most messages have none to look for */
    s.text = text && memchr(text, '\n', t->v[t->n - 1].end) ? text : NULL;
    split_sentences(&s);
    for (size_t m = 0; m < pm->n; m++) {
        if (s.mark[pm->v[m].tok_start] == 0)
            s.mark[pm->v[m].tok_start] = (uint8_t)(1 + pm->v[m].kind);
    }
    n_items = add_phrases(t, pm, it, n_items, cap);
    negate_opinions(&s, pm, it, n_items);
    weigh_contrasts(&s, pm, it, n_items);
    weigh_views(&s, pm, it, n_items);
    read_courtesy(&s, pm, it, n_items);
    weigh_side_by_side(&s, it, n_items);
    n_items = add_turns(&s, pm, it, n_items, cap);
    if (t->n_quest > 0) {
        weigh_answers(&s, it, n_items);
        weigh_questions(&s, it, n_items);
    }
    if (s.classes & SW_THANKS)
        read_closing_thanks(&s, pm, it, n_items);
    if (n_phrases)
        qsort(it, n_items, sizeof(*it), item_order);

    /* the weighed values are the evidence, in input order */
    ev->n = ev_first;
    for (size_t k = 0; k < n_items; k++) {
        struct item *x = &it[k];
        enum weigh w = (enum weigh)s.weigh[x->tok];
        float v = x->v * weigh_factor[w];
        bool courtesy = x->why == why_sarcasm || x->why == why_polite;
        const char *why = w != W_PLAIN && x->v != 0 && !courtesy ? weigh_why[w] : x->why;

        sum += v;
        strongest = fabsf(x->v) > strongest ? fabsf(x->v) : strongest;
        if (courtesy)
            read |= x->why == why_sarcasm ? PR_SARCASM : PR_POLITE;
        text_ev_add(ev, x->start, x->end, AT_SIG_POLARITY, 0, v, why);
    }
    if (readings)
        *readings = read;
    /* traces of words ("grey", "number" carry 0.2 and 0.3) are no sentiment: no drift */
    if (strongest < 0.5f)
        sum = 0;
    if (sum != 0) {
        float amp = (float)(t->n_excl > 4 ? 4 : t->n_excl) * 0.292f;

        if (t->n_quest > 1)
            amp += t->n_quest <= 3 ? (float)t->n_quest * 0.18f : 0.96f;
        sum += sum > 0 ? amp : -amp;
    }
    {
        float c = sum / sqrtf(sum * sum + 15.0f);

        if (c > 1)
            c = 1;
        if (c < -1)
            c = -1;
        return c;
    }
}

const char *at_text_tone(float polarity)
{
    if (polarity <= -AT_TEXT_TONE_FROM)
        return "negative";
    if (polarity >= AT_TEXT_TONE_FROM)
        return "positive";
    return "neutral";
}
