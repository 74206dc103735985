/*
 * Reading a customer message: polarity, emotions and the views derived from
 * them, urgency, churn or escalation risk, complaint, with evidence.
 */
#include <math.h>
#include <string.h>

#include "core/str.h"
#include "text/text_int.h"

#include "core/banned.h"

/* The members of each Ekman group, as GoEmotions' ekman_mapping.json lists them. */
const uint8_t text_ekman_of[AT_EMO_COUNT] = {
    [AT_EMO_ANGER] = AT_EKMAN_ANGER,
    [AT_EMO_ANNOYANCE] = AT_EKMAN_ANGER,
    [AT_EMO_DISAPPROVAL] = AT_EKMAN_ANGER,
    [AT_EMO_DISGUST] = AT_EKMAN_DISGUST,
    [AT_EMO_FEAR] = AT_EKMAN_FEAR,
    [AT_EMO_NERVOUSNESS] = AT_EKMAN_FEAR,
    [AT_EMO_JOY] = AT_EKMAN_JOY,
    [AT_EMO_AMUSEMENT] = AT_EKMAN_JOY,
    [AT_EMO_APPROVAL] = AT_EKMAN_JOY,
    [AT_EMO_EXCITEMENT] = AT_EKMAN_JOY,
    [AT_EMO_GRATITUDE] = AT_EKMAN_JOY,
    [AT_EMO_LOVE] = AT_EKMAN_JOY,
    [AT_EMO_OPTIMISM] = AT_EKMAN_JOY,
    [AT_EMO_RELIEF] = AT_EKMAN_JOY,
    [AT_EMO_PRIDE] = AT_EKMAN_JOY,
    [AT_EMO_ADMIRATION] = AT_EKMAN_JOY,
    [AT_EMO_DESIRE] = AT_EKMAN_JOY,
    [AT_EMO_CARING] = AT_EKMAN_JOY,
    [AT_EMO_SADNESS] = AT_EKMAN_SADNESS,
    [AT_EMO_DISAPPOINTMENT] = AT_EKMAN_SADNESS,
    [AT_EMO_EMBARRASSMENT] = AT_EKMAN_SADNESS,
    [AT_EMO_GRIEF] = AT_EKMAN_SADNESS,
    [AT_EMO_REMORSE] = AT_EKMAN_SADNESS,
    [AT_EMO_SURPRISE] = AT_EKMAN_SURPRISE,
    [AT_EMO_REALIZATION] = AT_EKMAN_SURPRISE,
    [AT_EMO_CONFUSION] = AT_EKMAN_SURPRISE,
    [AT_EMO_CURIOSITY] = AT_EKMAN_SURPRISE,
    [AT_EMO_NEUTRAL] = AT_EKMAN_NEUTRAL,
};

/*
 * The service view: SVC_NONE for labels that belong to none of its groups
 * (a spare slot past the real ones, so that the loop below needs no branch).
 */
#define SVC_NONE AT_SVC_COUNT
static const uint8_t service_of[AT_EMO_COUNT] = {
    [AT_EMO_ADMIRATION] = AT_SVC_JOY,
    [AT_EMO_AMUSEMENT] = AT_SVC_JOY,
    [AT_EMO_ANGER] = AT_SVC_FRUSTRATION,
    [AT_EMO_ANNOYANCE] = AT_SVC_FRUSTRATION,
    [AT_EMO_APPROVAL] = SVC_NONE,
    [AT_EMO_CARING] = SVC_NONE,
    [AT_EMO_CONFUSION] = AT_SVC_CONFUSION,
    [AT_EMO_CURIOSITY] = SVC_NONE,
    [AT_EMO_DESIRE] = SVC_NONE,
    [AT_EMO_DISAPPOINTMENT] = AT_SVC_SADNESS,
    [AT_EMO_DISAPPROVAL] = AT_SVC_FRUSTRATION,
    [AT_EMO_DISGUST] = AT_SVC_FRUSTRATION,
    [AT_EMO_EMBARRASSMENT] = AT_SVC_SADNESS,
    [AT_EMO_EXCITEMENT] = AT_SVC_JOY,
    [AT_EMO_FEAR] = AT_SVC_ANXIETY,
    [AT_EMO_GRATITUDE] = AT_SVC_GRATITUDE,
    [AT_EMO_GRIEF] = AT_SVC_SADNESS,
    [AT_EMO_JOY] = AT_SVC_JOY,
    [AT_EMO_LOVE] = AT_SVC_JOY,
    [AT_EMO_NERVOUSNESS] = AT_SVC_ANXIETY,
    [AT_EMO_OPTIMISM] = AT_SVC_JOY,
    [AT_EMO_PRIDE] = AT_SVC_JOY,
    [AT_EMO_REALIZATION] = SVC_NONE,
    [AT_EMO_RELIEF] = AT_SVC_JOY,
    [AT_EMO_REMORSE] = AT_SVC_SADNESS,
    [AT_EMO_SADNESS] = AT_SVC_SADNESS,
    [AT_EMO_SURPRISE] = SVC_NONE,
    [AT_EMO_NEUTRAL] = SVC_NONE,
};

/* The labels a complaint's feeling shows in. */
#define NEGATIVE_EMOTIONS                                                                          \
    ((1u << AT_EMO_ANGER) | (1u << AT_EMO_ANNOYANCE) | (1u << AT_EMO_DISAPPOINTMENT) |             \
     (1u << AT_EMO_DISAPPROVAL) | (1u << AT_EMO_DISGUST) | (1u << AT_EMO_SADNESS) |                \
     (1u << AT_EMO_FEAR) | (1u << AT_EMO_NERVOUSNESS) | (1u << AT_EMO_CONFUSION))

/*
 * The model's view of the tone takes the strongest label on each side: the
 * Ekman joy group, and the negative labels but confusion, which says little
 * of tone.
 */
#define TONE_NEGATIVE (NEGATIVE_EMOTIONS & ~(1u << AT_EMO_CONFUSION))

/* The labels of the Ekman joy group, which sarcasm does not mean. */
#define JOY_GROUP                                                                                  \
    ((1u << AT_EMO_JOY) | (1u << AT_EMO_AMUSEMENT) | (1u << AT_EMO_APPROVAL) |                     \
     (1u << AT_EMO_EXCITEMENT) | (1u << AT_EMO_GRATITUDE) | (1u << AT_EMO_LOVE) |                  \
     (1u << AT_EMO_OPTIMISM) | (1u << AT_EMO_RELIEF) | (1u << AT_EMO_PRIDE) |                      \
     (1u << AT_EMO_ADMIRATION) | (1u << AT_EMO_DESIRE) | (1u << AT_EMO_CARING))

enum tone { TONE_NONE, TONE_POS, TONE_NEG, TONE_COUNT };

struct rule_state {
    struct at_analysis *out;
    const struct toks *t;
    struct ev_list *ev;
    float urgency_kind[U_COUNT]; /* the strongest cue of each kind */
    int complaint_cues;
    float svc_cue[AT_SVC_COUNT];
    struct pol_marks marks; /* signposts of the structure, for the polarity */
};

/*
 * What a threat weighs in the polarity, on the lexicon's -4..4 scale, by enum
 * at_risk. Asking to cancel is a request, often a calm one ("Please cancel my
 * subscription from next month"); ending it in anger ("I'm done") is a phrase
 * with a value of its own.
 */
static const float risk_valence[AT_RISK_COUNT] = {
    [AT_RISK_CANCEL] = 0.0f, [AT_RISK_SWITCH] = -1.6f, [AT_RISK_CHARGEBACK] = -1.8f,
    [AT_RISK_LEGAL] = -1.8f, [AT_RISK_PUBLIC] = -1.2f, [AT_RISK_ESCALATE] = -1.2f,
};

static bool negated_match(const struct toks *t, const struct rule_match *m)
{
    return (t->v[m->tok_start].flags & TF_NEGATED) != 0;
}

static void on_rule(void *ctx, const struct rule_match *m)
{
    struct rule_state *s = ctx;
    const struct rule *r = m->rule;
    uint32_t start = s->t->v[m->tok_start].start, end = s->t->v[m->tok_end - 1].end;

    switch (r->cat) {
    case RC_URGENCY:
        /* "not urgent" is not urgent; each kind counts once, at its strongest */
        if (negated_match(s->t, m))
            break;
        if (r->weight > s->urgency_kind[r->sub])
            s->urgency_kind[r->sub] = r->weight;
        if (r->sub == U_PANIC && r->weight > s->svc_cue[AT_SVC_ANXIETY])
            s->svc_cue[AT_SVC_ANXIETY] = r->weight; /* panic and worry are anxiety */
        text_ev_add(s->ev, start, end, AT_SIG_URGENCY, r->sub, r->weight, r->why);
        break;
    case RC_RISK:
        if (negated_match(s->t, m))
            break;
        if (r->weight > s->out->risk_score) {
            s->out->risk_score = r->weight;
            s->out->risk = (enum at_risk)r->sub;
            s->out->risk_reason = r->why;
        }
        text_ev_add(s->ev, start, end, AT_SIG_RISK, r->sub, r->weight, r->why);
        /* a threat to leave or escalate is a judgement of the service, and a negative one */
        text_marks_add(&s->marks, m->tok_start, m->tok_end, PM_THREAT, risk_valence[r->sub]);
        break;
    case RC_COMPLAINT:
        s->complaint_cues++;
        /* a plain failure ("never arrived"); weaker cues ("why", "fix") are no proof of one */
        if (r->weight >= 1.0f)
            text_marks_add(&s->marks, m->tok_start, m->tok_end, PM_FAILURE, 0);
        text_ev_add(s->ev, start, end, AT_SIG_COMPLAINT, 0, r->weight, r->why);
        break;
    case RC_STRUCT:
        /* a contrast of weight 1 ("Yet ...") is one only where it opens a sentence ("not yet") */
        if (r->sub == PM_CONTRAST && r->weight > 0 && !(s->t->v[m->tok_start].flags & TF_SENT))
            break;
        text_marks_add(&s->marks, m->tok_start, m->tok_end, r->sub, r->weight);
        break;
    case RC_EMO_CUE:
        if (negated_match(s->t, m))
            break;
        if (r->weight > s->svc_cue[r->sub])
            s->svc_cue[r->sub] = r->weight;
        break;
    default:
        break;
    }
}

/* Maps p onto 0..1 so that the label's threshold lands on 0.5. */
static float calibrate(float p, float thr)
{
    if (p >= thr)
        return 0.5f + 0.5f * (p - thr) / (1.0f - thr);
    return 0.5f * p / thr;
}

/*
 * Views derived from the labels, in one pass: maxima and bits without
 * branches, since which way each goes is as random as the text. Returns the
 * model's view of the tone: its strongest positive label less its strongest
 * negative one, each calibrated so that a threshold is 0.5.
 */
static float derive_views(const struct at_text_engine *eng, struct at_analysis *out)
{
    float model_pol = 0;

    {
        float ekman[AT_EKMAN_COUNT] = {0};
        float svc[AT_SVC_COUNT + 1] = {0};
        float tone[TONE_COUNT] = {0}; /* the model's view of the tone: strongest per side */
        /* the labels of each group, which the unrolled loop turns into constants */
        uint32_t ekman_members[AT_EKMAN_COUNT] = {0}, svc_members[AT_SVC_COUNT + 1] = {0};
        uint32_t present = out->emotions_present;
        unsigned ekman_present = 0, svc_present = 0;

        /* unrolled, the tables' entries are constants and the maxima stay in registers */
#pragma GCC unroll 28
        for (int l = 0; l < AT_EMO_COUNT; l++) {
            int k = text_ekman_of[l], s = service_of[l];
            int side = k == AT_EKMAN_JOY           ? TONE_POS
                       : (TONE_NEGATIVE >> l) & 1u ? TONE_NEG
                                                   : TONE_NONE;
            float e = out->emotion[l];
            float c = eng->has_model ? calibrate(e, eng->emo.threshold[l]) : 0;

            ekman[k] = e > ekman[k] ? e : ekman[k];
            ekman_members[k] |= 1u << l;
            svc[s] = c > svc[s] ? c : svc[s];
            svc_members[s] |= 1u << l;
            tone[side] = c > tone[side] ? c : tone[side];
        }
#pragma GCC unroll 8
        for (int k = 0; k < AT_EKMAN_COUNT; k++)
            ekman_present |= (unsigned)((present & ekman_members[k]) != 0) << k;
#pragma GCC unroll 8
        for (int s = 0; s < AT_SVC_COUNT; s++)
            svc_present |= (unsigned)((present & svc_members[s]) != 0) << s;
        memcpy(out->ekman, ekman, sizeof(out->ekman));
        memcpy(out->service, svc, sizeof(out->service));
        out->ekman_present = (uint8_t)ekman_present;
        out->service_present = (uint8_t)svc_present;
        if (eng->has_model)
            model_pol = tone[TONE_POS] - tone[TONE_NEG];
    }
    return model_pol;
}

/*
 * Courtesy is not feeling: when the polarity found sarcasm ("Great, another
 * update that broke everything"), the positive labels the words suggest are
 * dropped; thanks that are only polite ("Thanks, but ...") are not
 * gratitude. A message left with no label takes the strongest negative one
 * when it reads negative, else neutral.
 */
static void read_courtesy_feelings(const struct at_text_engine *eng, struct at_analysis *out,
                                   struct rule_state *rs, unsigned readings, float lex)
{
    uint32_t drop = 0;

    if (readings & PR_SARCASM)
        drop = JOY_GROUP;
    else if ((readings & PR_POLITE) && lex <= 0.05f)
        drop = 1u << AT_EMO_GRATITUDE;
    if (!drop)
        return;
    rs->svc_cue[AT_SVC_GRATITUDE] = 0;
    if (readings & PR_SARCASM)
        rs->svc_cue[AT_SVC_JOY] = 0;
    out->emotions_present &= ~drop;
    if (out->emotions_present == 0) {
        int best = AT_EMO_NEUTRAL;
        float best_c = -1;

        for (int l = 0; lex < -0.05f && eng->has_model && l < AT_EMO_COUNT; l++) {
            float c = calibrate(out->emotion[l], eng->emo.threshold[l]);

            if (((TONE_NEGATIVE >> l) & 1u) && c > best_c) {
                best_c = c;
                best = l;
            }
        }
        out->emotions_present = 1u << best;
    }
}

/*
 * Urgency: 1 - prod(1 - w) over the kinds, each at its strongest cue; repeated
 * contact and waiting count as one kind, at four fifths.
 * Emphasis and anger make a message more pressing, never by themselves
 * urgent; a message that only praises or thanks is not pressing, whatever
 * dates it names ("the staff were lovely today").
 */
static float urgency_of(const struct rule_state *rs, const struct toks *toks,
                        const struct at_analysis *out)
{
    float keep = 1, chronic;

    /* repeated contact and long waits wear on, but alone they are not an emergency */
    for (int k = 0; k < U_COUNT; k++) {
        if (k != U_REPEAT && k != U_WAITING && k != U_CALM)
            keep *= 1.0f - rs->urgency_kind[k];
    }
    chronic = rs->urgency_kind[U_REPEAT] > rs->urgency_kind[U_WAITING]
                  ? rs->urgency_kind[U_REPEAT]
                  : rs->urgency_kind[U_WAITING];
    keep *= 1.0f - 0.8f * chronic;
    if (keep < 1.0f) {
        if (toks->n_excl >= 2)
            keep *= 0.85f;
        if (toks->n_caps >= 2)
            keep *= 0.85f;
        if (out->polarity < -0.3f)
            keep *= 0.9f;
        if (out->polarity > 0.3f && out->risk == AT_RISK_NONE)
            keep = 1.0f - (1.0f - keep) * 0.3f;
        /* "no rush", "whenever you get a chance": the customer says it can wait */
        keep = 1.0f - (1.0f - keep) * (1.0f - rs->urgency_kind[U_CALM]);
    }
    return 1.0f - keep;
}

/*
 * The service view agrees with how the message reads as a whole: a
 * negative message's main feeling is not joy or gratitude; a complaint that
 * names no feeling is frustration (anxiety when it panics or worries); a
 * plain question is not confusion unless the customer says so; a warm
 * message that names no feeling is joy.
 */
static void settle_service(struct at_analysis *out, const struct rule_state *rs)
{
    uint8_t *p = &out->service_present;
    const uint8_t negative = (1u << AT_SVC_FRUSTRATION) | (1u << AT_SVC_ANXIETY) |
                             (1u << AT_SVC_SADNESS) | (1u << AT_SVC_CONFUSION);
    const uint8_t positive = (1u << AT_SVC_JOY) | (1u << AT_SVC_GRATITUDE);

    if (out->polarity < -0.05f)
        *p &= (uint8_t)~positive;
    if ((*p & (1u << AT_SVC_CONFUSION)) && rs->svc_cue[AT_SVC_CONFUSION] == 0 && !out->complaint &&
        out->polarity > -0.05f)
        *p &= (uint8_t) ~(1u << AT_SVC_CONFUSION);
    if (out->complaint && out->polarity < -0.05f && !(*p & negative)) {
        int s = rs->urgency_kind[U_PANIC] > 0 ? AT_SVC_ANXIETY : AT_SVC_FRUSTRATION;
        float v = 0.5f + 0.25f * -out->polarity;

        *p |= (uint8_t)(1u << s);
        if (v > out->service[s])
            out->service[s] = v;
    }
    if (out->polarity >= 0.3f && !out->complaint && *p == 0) {
        float v = 0.5f + 0.25f * out->polarity;

        *p |= 1u << AT_SVC_JOY;
        if (v > out->service[AT_SVC_JOY])
            out->service[AT_SVC_JOY] = v;
    }
}

int text_analyze_toks(const struct at_text_engine *eng, const char *text, size_t n,
                      struct at_arena *arena, struct at_analysis *out, struct toks *toks)
{
    struct ev_list ev = {.arena = arena}, pol = {.arena = arena};
    struct rule_state rs;
    bool truncated;
    size_t clip;
    float lex, model_pol;
    unsigned readings;

    memset(out, 0, sizeof(*out));
    if (!text)
        return AT_EINVAL;
    clip = text_clip(text, n, &truncated);
    if (!text_utf8_valid(text, clip))
        return AT_EUTF8;
    text_tokenize(text, clip, arena, toks);
    if (toks->n == 0)
        return AT_EINVAL; /* blank */
    out->truncated = truncated;
    out->n_tokens = toks->n;

    text_polarity_words(eng, toks, &pol);
    text_emotions(eng, toks, out->emotion, &out->emotions_present, &ev);

    memset(&rs, 0, sizeof(rs));
    rs.out = out;
    rs.t = toks;
    rs.ev = &ev;
    rs.marks.arena = arena;
    text_rules_match(eng, toks,
                     (1u << RC_URGENCY) | (1u << RC_RISK) | (1u << RC_COMPLAINT) |
                         (1u << RC_EMO_CUE) | (1u << RC_STRUCT),
                     on_rule, &rs);
    lex = text_polarity_compose(eng, toks, text, &pol, 0, &rs.marks, &readings);
    read_courtesy_feelings(eng, out, &rs, readings, lex);
    model_pol = derive_views(eng, out);
    for (size_t i = 0; i < pol.n; i++) {
        const struct at_evidence *e = &pol.v[i];

        text_ev_add(&ev, e->start, e->end, e->signal, e->label, e->weight, e->why);
    }
    /*
     * The lexicon and its rules decide; the emotion model adds its view only when it is
     * confident (a strong positive or negative emotion), which covers words the lexicon
     * lacks without blurring what it knows.
     */
    out->polarity = lex;
    if (model_pol * lex < 0 || (readings && model_pol > 0))
        model_pol = 0; /* it adds to what the words say, never against their reading */
    if (eng->has_model && fabsf(model_pol) > (lex != 0 ? 0.4f : 0.6f))
        out->polarity += 0.3f * model_pol * (1.0f - fabsf(lex)); /* stays in -1..1, keeps order */
    if (out->polarity > 1)
        out->polarity = 1;
    if (out->polarity < -1)
        out->polarity = -1;
    for (int s = 0; s < AT_SVC_COUNT; s++) {
        if (rs.svc_cue[s] > 0) {
            float v = 0.5f + 0.5f * rs.svc_cue[s];

            if (v > out->service[s])
                out->service[s] = v;
            out->service_present |= (uint8_t)(1u << s);
        }
    }
    if (out->risk != AT_RISK_NONE && out->polarity < -0.2f && out->risk_score < 1.0f)
        out->risk_score += (1.0f - out->risk_score) * 0.3f;
    {
        bool neg_emotion = (out->emotions_present & NEGATIVE_EMOTIONS) != 0;

        /* two service-failure cues ("never received", "nobody answers") say it without feelings */
        out->complaint = out->polarity < -0.05f ||
                         (rs.complaint_cues > 0 && neg_emotion && out->polarity < 0.25f) ||
                         (rs.complaint_cues >= 2 && out->polarity <= 0.05f) ||
                         (out->risk != AT_RISK_NONE && out->polarity < 0.25f);
    }
    out->urgency = urgency_of(&rs, toks, out);
    settle_service(out, &rs);
    out->evidence = ev.v;
    out->n_evidence = ev.n;
    return 0;
}

int at_text_analyze(const struct at_text_engine *eng, const char *text, size_t n,
                    struct at_arena *arena, struct at_analysis *out)
{
    struct toks t;

    return text_analyze_toks(eng, text, n, arena, out, &t);
}
