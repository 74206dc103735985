/*
 * Reading a reply: EPITOME's three empathy mechanisms, the service rubric,
 * a 0-100 score and suggestions that fit the customer's emotion and name.
 * All rules and word lists here are hand-written.
 */
#include <string.h>

#include "core/str.h"
#include "text/text_int.h"

#include "core/banned.h"

#define MAX_HITS        64
#define MAX_SUGGESTIONS 16
#define NAME_MAX_BYTES  64

struct coach_state {
    const struct toks *t;
    struct at_coaching *out;
    struct at_arena *arena;
    /* first match per rule category, token indices */
    int first[RC_COUNT];
    int first_end[RC_COUNT];
    const struct rule *first_rule[RC_COUNT];
    int count[RC_COUNT];
    bool ex_strong_in_question;
    int names_feeling; /* interpretation cues that name the feeling ("that must be so hard") */
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

/* Is token i inside a sentence that ends with a question mark? */
static bool in_question(const struct toks *t, size_t i)
{
    for (size_t j = i; j < t->n; j++) {
        if (t->v[j].kind == TK_PUNCT) {
            char c = t->v[j].norm[0];

            if (c == '?')
                return true;
            if (c == '.' || c == '!')
                return false;
        }
    }
    return false;
}

static void on_rule(void *ctx, const struct rule_match *m)
{
    struct coach_state *s = ctx;
    int cat = m->rule->cat;
    const struct tok *first = &s->t->v[m->tok_start];

    /* "I will not", "no apology": a negated cue does not count; nor do questions for EX */
    if ((first->flags & TF_NEGATED) && cat != RC_REFUSAL && cat != RC_DISMISSIVE && cat != RC_BLAME)
        return;
    if (cat == RC_GREETING && m->tok_start > 2)
        return;
    if (cat == RC_EX_WEAK && !in_question(s->t, m->tok_start))
        return;
    if (cat == RC_EX_STRONG && in_question(s->t, m->tok_start))
        s->ex_strong_in_question = true;
    if (cat == RC_IP_STRONG && strcmp(m->rule->why, "names the feeling") == 0)
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

struct reply_shape {
    int first_person;        /* i, i'm, i've, i'd, my, me, myself, mine */
    int story;               /* of those, the ones that tell of the replier's own life */
    int words;               /* words in the reply */
    int questions;           /* sentences that end with "?" */
    bool question_about_you; /* a question of three words or more that says "you" */
    bool same;               /* a sentence that opens by agreeing: "Same.", "Same here" */
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
    CW_COUNT
};

static const char *const coach_word_text[CW_COUNT] = {
    "hope",  "think", "wish",  "guess", "suggest", "recommend", "believe",
    "sorry", "would", "love",  "pm",    "dm",      "message",   "let",
    "i'd",   "same",  "samee", "here",  "want",    "know",
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
            is_word(eng, n, CW_HERE) || is_word(eng, n, CW_WANT) || is_word(eng, n, CW_KNOW))
            return true;
    }
    return false;
}

static struct reply_shape shape_of(const struct at_text_engine *eng, const struct toks *t)
{
    const uint64_t *fh = eng->first_person, *yh = eng->you_words;
    struct reply_shape sh = {0};
    size_t words = 0;
    bool said_you = false;

    for (size_t i = 0; i < t->n; i++) {
        const struct tok *k = &t->v[i];

        if (k->kind == TK_PUNCT) {
            char c = k->norm[0];

            if (c == '?') {
                sh.questions++;
                if (said_you && words >= 3)
                    sh.question_about_you = true;
            }
            if (c == '?' || c == '.' || c == '!') {
                words = 0;
                said_you = false;
            }
            continue;
        }
        words++;
        sh.words++;
        if ((k->flags & TF_SENT) && (is_word(eng, k, CW_SAME) || is_word(eng, k, CW_SAMEE)))
            sh.same = true;
        for (int j = 0; j < 10; j++) {
            if (k->hash == fh[j]) {
                sh.first_person++;
                if (!performative(eng, t, i))
                    sh.story++;
            }
            if (k->hash == yh[j])
                said_you = true;
        }
    }
    return sh;
}

/* The strongest service emotion of the customer, as a word for a reply. */
static const char *emotion_word(const struct at_analysis *a, enum at_service *which)
{
    static const char *const words[AT_SVC_COUNT] = {
        "frustrating", "worrying", "confusing", "upsetting", "kind", "exciting",
    };
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
        return NULL;
    *which = (enum at_service)best;
    return words[best];
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

static bool name_in(const struct toks *t, const char *name, size_t upto)
{
    struct toks nt;
    struct at_arena a = AT_ARENA_INIT;
    bool found = false;

    text_tokenize(name, strlen(name), &a, &nt);
    if (nt.n > 0) {
        for (size_t i = 0; i < t->n && i < upto; i++) {
            if (t->v[i].hash == nt.v[0].hash) {
                found = true;
                break;
            }
        }
    }
    at_arena_release(&a);
    return found;
}

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

/* Byte offset just after the first sentence of the reply (or 0). */
static uint32_t after_first_sentence(const struct toks *t)
{
    for (size_t i = 0; i < t->n && i < 40; i++) {
        if (t->v[i].kind == TK_PUNCT && (t->v[i].norm[0] == '.' || t->v[i].norm[0] == '!' ||
                                         t->v[i].norm[0] == '?' || t->v[i].norm[0] == ','))
            return t->v[i].end;
    }
    return 0;
}

/* A plain word for a jargon term. */
static const char *plain_word(const struct rule *r)
{
    static const struct {
        const char *term, *plain;
    } map[] = {
        {"sla", "our response time"},
        {"backend", "our system"},
        {"back-end", "our system"},
        {"api", "our system"},
        {"cache", "saved data"},
        {"dns", "domain settings"},
        {"tier 2", "our specialists"},
        {"l2", "our specialists"},
        {"escalation matrix", "our process"},
        {"ticket id", "reference number"},
        {"rma", "return"},
        {"eta", "expected time"},
        {"sku", "product code"},
        {"provisioning", "setting up"},
        {"propagation", "update"},
        {"server-side", "on our side"},
        {"root cause", "reason"},
        {"per the tos", "under our terms"},
        {"tos", "terms"},
        {"kb article", "help article"},
        {"p1", "top priority"},
        {"p2", "high priority"},
    };

    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
        if (strcmp(map[i].term, r->pattern) == 0)
            return map[i].plain;
    }
    return "plain words";
}

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

int at_text_coach(const struct at_text_engine *eng, const char *customer, size_t customer_n,
                  const char *reply, size_t reply_n, const char *customer_name,
                  struct at_arena *arena, struct at_coaching *out)
{
    struct toks rt, ct;
    struct coach_state s;
    struct ev_list ev = {.arena = arena};
    struct at_analysis *ca = &out->customer;
    const char *name;
    const char *word;
    enum at_service which = AT_SVC_FRUSTRATION;
    bool truncated, upset, greeted_by_name = false;
    size_t clip;
    int earned = 0, possible = 0, penalty = 0, ret;
    size_t caps_words = 0;
    uint32_t caps_start = 0, caps_end = 0;

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
    s.t = &rt;
    s.out = out;
    s.arena = arena;
    text_rules_match(
        eng, &rt,
        ~((1u << RC_URGENCY) | (1u << RC_RISK) | (1u << RC_COMPLAINT) | (1u << RC_EMO_CUE)),
        on_rule, &s);

    /* EPITOME's mechanisms */
    out->empathy[AT_EMP_EMOTIONAL_REACTION] = s.count[RC_ER_STRONG] ? 2
                                              : s.count[RC_ER_WEAK] ? 1
                                                                    : 0;
    {
        struct reply_shape sh = shape_of(eng, &rt);

        /*
         * Sharing one's own experience is the strongest sign of having understood:
         * a reply that opens by agreeing ("Same.", "Same, I ...") or tells of the
         * replier's own life in the first person. First-person words that only hope,
         * think, know, apologise or offer ("I hope", "I'm here", "PM me") tell no story.
         */
        bool shares = sh.story >= FIRST_PERSON_SHARING ||
                      (sh.story >= FIRST_PERSON_SHARING - 1 && sh.words <= SHORT_REPLY_WORDS) ||
                      (sh.same && (sh.story >= 1 || sh.words <= 6));

        out->empathy[AT_EMP_INTERPRETATION] = s.count[RC_IP_STRONG] || shares ? 2
                                              : s.count[RC_IP_WEAK]           ? 1
                                                                              : 0;
        /* a question about the person's own situation explores; a bare "why?" less so */
        out->empathy[AT_EMP_EXPLORATION] = s.ex_strong_in_question || sh.question_about_you ? 2
                                           : sh.questions > 0 || s.count[RC_EX_STRONG] > 0  ? 1
                                                                                            : 0;
    }

    /* shouting: words in capitals (three or more letters), or "!!" */
    for (size_t i = 0; i < rt.n; i++) {
        const struct tok *k = &rt.v[i];

        if ((k->kind == TK_WORD && (k->flags & TF_CAPS) && k->end - k->start >= 3) ||
            (k->kind == TK_PUNCT && k->norm[0] == '!' && k->end - k->start >= 2)) {
            if (caps_words++ == 0)
                caps_start = k->start;
            caps_end = k->end;
        }
    }

    name = first_name(customer_name, arena);
    word = emotion_word(ca, &which);
    out->emotion_word = word;
    upset = ca->polarity < -0.05f || ca->complaint ||
            (ca->service_present &
             ((1u << AT_SVC_FRUSTRATION) | (1u << AT_SVC_ANXIETY) | (1u << AT_SVC_SADNESS)));

    /* the rubric, item by item */
#define GOOD(item, applicable, met, weight)                                                        \
    do {                                                                                           \
        if (!(applicable)) {                                                                       \
            out->rubric[item] = AT_RS_NOT_APPLICABLE;                                              \
        } else {                                                                                   \
            possible += (weight);                                                                  \
            if (met) {                                                                             \
                earned += (weight);                                                                \
                out->rubric[item] = AT_RS_MET;                                                     \
            } else {                                                                               \
                out->rubric[item] = AT_RS_MISSING;                                                 \
            }                                                                                      \
        }                                                                                          \
    } while (0)

    if (name)
        greeted_by_name = s.count[RC_GREETING] > 0 && name_in(&rt, name, 8);
    GOOD(AT_RUB_GREETING, true, name ? greeted_by_name : s.count[RC_GREETING] > 0, 8);
    /* naming the feeling acknowledges it; telling one's own story ("I also ...") does not */
    GOOD(AT_RUB_ACKNOWLEDGE, word != NULL, s.count[RC_ACK] > 0 || s.names_feeling > 0, 16);
    GOOD(AT_RUB_APOLOGY, upset, s.count[RC_APOLOGY] > 0, 12);
    GOOD(AT_RUB_OWNERSHIP, true, s.count[RC_OWNERSHIP] > 0, 14);
    GOOD(AT_RUB_NEXT_STEP, true, s.count[RC_TIME] > 0, 14);
    GOOD(AT_RUB_ALTERNATIVES, s.count[RC_REFUSAL] > 0 || s.count[RC_DISMISSIVE] > 0,
         s.count[RC_ALTERNATIVE] > 0, 12);
    GOOD(AT_RUB_THANKS, true, s.count[RC_THANKS] > 0, 6);
#undef GOOD
    /* empathy counts too: up to 2 points per level and mechanism */
    possible += 12;
    earned += 2 * (out->empathy[0] + out->empathy[1] + out->empathy[2]);

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

        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
            out->rubric[bad[i].item] = s.count[bad[i].cat] ? AT_RS_FOUND : AT_RS_CLEAR;
            if (s.count[bad[i].cat])
                penalty += bad[i].penalty;
        }
        out->rubric[AT_RUB_SHOUTING] = caps_words > 0 ? AT_RS_FOUND : AT_RS_CLEAR;
        if (caps_words > 0) {
            penalty += 15;
            add_hit(out, caps_start, caps_end, AT_RUB_SHOUTING);
        }
    }
    out->score = clamp(possible ? (100 * earned + possible / 2) / possible - penalty : 0, 0, 100);

    /* suggestions, most important first: what hurts, then what is missing */
    {
        const char *nm = name ? name : NULL;
        const char *comma_name = nm ? at_arena_printf(arena, ", %s", nm) : "";
        const char *w = word ? word : "frustrating";
        uint32_t intro = after_first_sentence(&rt);

        if (out->rubric[AT_RUB_DISMISSIVE] == AT_RS_FOUND) {
            const struct rule *r = s.first_rule[RC_DISMISSIVE];
            const char *txt;

            if (r->why[0] == 't') /* tells the customer how to feel */
                txt = at_arena_printf(arena, "I understand how %s this is", w);
            else if (r->why[0] == 'r') /* repeats itself */
                txt = "To recap";
            else if (r->why[0] == 'c') /* closes the door */
                txt = "What I can do is";
            else
                txt = "I understand this matters to you";
            suggest(out, AT_RUB_DISMISSIVE, rt.v[s.first[RC_DISMISSIVE]].start,
                    rt.v[s.first_end[RC_DISMISSIVE] - 1].end, txt,
                    "dismissive wording makes an upset customer feel unheard");
        }
        if (out->rubric[AT_RUB_BLAME] == AT_RS_FOUND)
            suggest(out, AT_RUB_BLAME, rt.v[s.first[RC_BLAME]].start,
                    rt.v[s.first_end[RC_BLAME] - 1].end, "next time, it helps to",
                    "talk about the fix, not about whose fault it was");
        if (out->rubric[AT_RUB_POLICY] == AT_RS_FOUND)
            suggest(out, AT_RUB_POLICY, rt.v[s.first[RC_POLICY]].start,
                    rt.v[s.first_end[RC_POLICY] - 1].end,
                    "I'd like to explain why, and what I can do for you",
                    "explain the reason and offer what you can instead of citing policy");
        if (out->rubric[AT_RUB_SHOUTING] == AT_RS_FOUND) {
            char *low = at_arena_strndup(arena, reply + caps_start, caps_end - caps_start);

            for (char *p = low; *p; p++) {
                if (*p >= 'A' && *p <= 'Z')
                    *p = (char)(*p + 32);
                else if (*p == '!' && p[1] == '!')
                    *p = ' ';
            }
            suggest(out, AT_RUB_SHOUTING, caps_start, caps_end, low,
                    "capitals and repeated exclamation marks read as shouting");
        }
        if (out->rubric[AT_RUB_ASSUMPTION] == AT_RS_FOUND)
            suggest(out, AT_RUB_ASSUMPTION, rt.v[s.first[RC_ASSUMPTION]].start,
                    rt.v[s.first_end[RC_ASSUMPTION] - 1].end, "could you tell me whether you",
                    "ask rather than assume what the customer did or knows");
        if (out->rubric[AT_RUB_JARGON] == AT_RS_FOUND)
            suggest(out, AT_RUB_JARGON, rt.v[s.first[RC_JARGON]].start,
                    rt.v[s.first_end[RC_JARGON] - 1].end, plain_word(s.first_rule[RC_JARGON]),
                    "use words the customer uses");
        if (out->rubric[AT_RUB_GREETING] == AT_RS_MISSING) {
            if (s.count[RC_GREETING] && nm)
                suggest(out, AT_RUB_GREETING, rt.v[s.first[RC_GREETING]].start,
                        rt.v[s.first_end[RC_GREETING] - 1].end, at_arena_printf(arena, "Hi %s", nm),
                        "greet the customer by name");
            else
                suggest(out, AT_RUB_GREETING, 0, 0,
                        nm ? at_arena_printf(arena, "Hi %s, ", nm) : "Hello, ",
                        nm ? "greet the customer by name" : "open with a greeting");
            if (!s.count[RC_GREETING])
                intro = 0;
        }
        if (out->rubric[AT_RUB_ACKNOWLEDGE] == AT_RS_MISSING) {
            const char *txt;

            if (which == AT_SVC_GRATITUDE)
                txt = at_arena_printf(arena, "Thank you for your kind words%s. ", comma_name);
            else if (which == AT_SVC_JOY)
                txt = at_arena_printf(arena, "I'm so glad to hear that%s! ", comma_name);
            else
                txt = at_arena_printf(arena, "I can see how %s this has been%s. ", w, comma_name);
            suggest(out, AT_RUB_ACKNOWLEDGE, intro, intro, txt,
                    at_arena_printf(arena, "the customer sounds %s; name the feeling first",
                                    which == AT_SVC_FRUSTRATION ? "frustrated"
                                    : which == AT_SVC_ANXIETY   ? "worried"
                                    : which == AT_SVC_CONFUSION ? "confused"
                                    : which == AT_SVC_SADNESS   ? "upset"
                                    : which == AT_SVC_GRATITUDE ? "grateful"
                                                                : "happy"));
        }
        if (out->rubric[AT_RUB_APOLOGY] == AT_RS_MISSING)
            suggest(out, AT_RUB_APOLOGY, intro, intro,
                    word && which != AT_SVC_GRATITUDE && which != AT_SVC_JOY
                        ? at_arena_printf(arena, "I'm sorry this has been so %s. ", w)
                        : "I'm sorry for the trouble. ",
                    "the customer is upset: a short, sincere apology helps");
        if (out->rubric[AT_RUB_ALTERNATIVES] == AT_RS_MISSING) {
            int r = s.count[RC_REFUSAL] ? s.first_end[RC_REFUSAL] : s.first_end[RC_DISMISSIVE];
            uint32_t at = rt.v[rt.n - 1].end;

            for (size_t i = (size_t)r; i < rt.n; i++) {
                if (rt.v[i].kind == TK_PUNCT &&
                    (rt.v[i].norm[0] == '.' || rt.v[i].norm[0] == '!')) {
                    at = rt.v[i].end;
                    break;
                }
            }
            suggest(out, AT_RUB_ALTERNATIVES, at, at,
                    " What I can do instead is [offer an option].",
                    "when the answer is no, offer another way");
        }
        if (out->rubric[AT_RUB_OWNERSHIP] == AT_RS_MISSING)
            suggest(out, AT_RUB_OWNERSHIP, rt.v[rt.n - 1].end, rt.v[rt.n - 1].end,
                    at_arena_printf(arena, " I will look into this personally%s.", comma_name),
                    "say what you will do, in the first person");
        if (out->rubric[AT_RUB_NEXT_STEP] == AT_RS_MISSING)
            suggest(out, AT_RUB_NEXT_STEP, rt.v[rt.n - 1].end, rt.v[rt.n - 1].end,
                    " I'll update you by [time] with what I find.",
                    "give a clear next step with a time");
        if (out->rubric[AT_RUB_THANKS] == AT_RS_MISSING)
            suggest(out, AT_RUB_THANKS, rt.v[rt.n - 1].end, rt.v[rt.n - 1].end,
                    at_arena_printf(arena, " Thank you for your patience%s.", comma_name),
                    "thank the customer");
    }
    return 0;
}
