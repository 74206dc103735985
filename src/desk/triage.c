/* Triage: a score of need from 0 to 100 with one explained part per signal. */
#include "desk/triage.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "text/text.h"

#include "core/banned.h"

/*
 * Weights. A ticket nobody knows anything about sits near the bottom of
 * "normal" (the base); each signal can add at most its weight, so the parts
 * add up to at most 100. What the customer wrote weighs most: feeling,
 * urgency and risk together can add 48. A grateful, calm message takes up to
 * 15 away, and its wait and service level count half: a thank-you note that
 * has waited a day is less pressing than an outage reported a minute ago.
 */
#define W_BASE      25
#define W_FEELING   12
#define W_CALM      15
#define W_URGENCY   25
#define W_RISK      11
#define W_TIER      6
#define W_VALUE     2
#define W_WAITING   5
#define W_SLA       9
#define W_REPEAT    5
#define WAIT_FULL_H 48.0 /* waiting this long gives the whole weight */

static void add_part(struct at_triage *t, const char *name, int points, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void add_part(struct at_triage *t, const char *name, int points, const char *fmt, ...)
{
    struct at_triage_part *p;
    va_list ap;

    if (t->nparts >= AT_TRIAGE_MAX_PARTS)
        return;
    p = &t->parts[t->nparts++];
    p->name = name;
    p->points = points;
    va_start(ap, fmt);
    vsnprintf(p->why, sizeof(p->why), fmt, ap);
    va_end(ap);
    t->score += points;
}

static int scaled(double weight, double x)
{
    if (x < 0)
        x = 0;
    if (x > 1)
        x = 1;
    return (int)lround(weight * x);
}

/* The score of a named feeling in "service_scores", when it is also listed as present. */
static double present(json_t *a, const char *list, const char *scores, const char *name)
{
    json_t *arr = json_object_get(a, list);
    size_t i;
    json_t *v;

    json_array_foreach(arr, i, v)
    {
        if (json_is_string(v) && strcmp(json_string_value(v), name) == 0)
            return json_number_value(json_object_get(json_object_get(a, scores), name));
    }
    return 0;
}

/* Scores the latest customer message; returns whether it is content (thanks or joy, nothing
 * pressing). */
static bool score_text(struct at_triage *t, const char *analysis)
{
    static const char *const negative[] = {"frustration", "anxiety", "sadness", "confusion"};
    static const char *const positive[] = {"gratitude", "joy"};
    json_t *a = analysis && analysis[0] ? json_loads(analysis, 0, NULL) : NULL;
    const char *neg_name = NULL, *pos_name = NULL;
    double neg = 0, pos = 0, polarity, urgency;
    json_t *risk;
    bool content, at_risk;

    if (!json_is_object(a)) {
        add_part(t, "feeling", 0, "no analysed customer message");
        json_decref(a);
        return false;
    }
    for (size_t i = 0; i < sizeof(negative) / sizeof(*negative); i++) {
        double v = present(a, "service", "service_scores", negative[i]);

        if (v > neg) {
            neg = v;
            neg_name = negative[i];
        }
    }
    for (size_t i = 0; i < sizeof(positive) / sizeof(*positive); i++) {
        double v = present(a, "service", "service_scores", positive[i]);

        if (v > pos) {
            pos = v;
            pos_name = positive[i];
        }
    }
    polarity = json_number_value(json_object_get(a, "polarity"));
    if (-polarity > neg && polarity < -0.2) {
        neg = -polarity;
        neg_name = "negative wording";
    }
    if (neg >= pos && neg > 0)
        add_part(t, "feeling", scaled(W_FEELING, neg), "%s (%.2f) in the latest message", neg_name,
                 neg);
    else if (pos > 0)
        add_part(t, "feeling", -scaled(W_CALM, pos), "%s (%.2f): a calm, content customer",
                 pos_name, pos);
    else
        add_part(t, "feeling", 0, "no strong feeling in the latest message");

    urgency = json_number_value(json_object_get(a, "urgency"));
    add_part(t, "urgency", scaled(W_URGENCY, urgency),
             urgency > 0 ? "asks for speed (urgency %.2f)" : "no sign of urgency (%.2f)", urgency);

    risk = json_object_get(a, "risk");
    at_risk = json_is_object(risk) && json_is_string(json_object_get(risk, "level")) &&
              strcmp(json_string_value(json_object_get(risk, "level")), "none") != 0;
    if (at_risk) {
        double score = json_number_value(json_object_get(risk, "score"));
        const char *reason = json_string_value(json_object_get(risk, "reason"));
        const char *kind = json_string_value(json_object_get(risk, "kind"));

        add_part(t, "risk", scaled(W_RISK, score), "%s (%s risk %.2f)", reason ? reason : "at risk",
                 kind ? kind : "churn", score);
    } else {
        add_part(t, "risk", 0, "no churn, escalation or legal risk");
    }
    content = pos > neg && pos > 0 && urgency < AT_TEXT_URGENT_FROM && !at_risk;
    json_decref(a);
    return content;
}

static void score_customer(struct at_triage *t, const char *tier, int64_t value)
{
    int points = 0;

    if (tier && strcmp(tier, "enterprise") == 0)
        points = W_TIER;
    else if (tier && (strcmp(tier, "premium") == 0 || strcmp(tier, "vip") == 0 ||
                      strcmp(tier, "gold") == 0))
        points = (W_TIER + 1) / 2;
    /* lifetime value: $1,000 and $10,000 each add a point */
    points += value >= 1000000 ? W_VALUE : value >= 100000 ? 1 : 0;
    add_part(t, "customer", points, "%s tier, lifetime value $%lld.%02lld",
             tier && tier[0] ? tier : "standard", (long long)(value / 100),
             (long long)(value % 100));
}

void at_triage_band_range(enum at_priority p, int *lo, int *hi)
{
    switch (p) {
    case AT_PRIORITY_LOW:
        *lo = 0;
        *hi = 24;
        break;
    case AT_PRIORITY_NORMAL:
        *lo = 25;
        *hi = 49;
        break;
    case AT_PRIORITY_HIGH:
        *lo = 50;
        *hi = 74;
        break;
    default:
        *lo = 75;
        *hi = 100;
        break;
    }
}

enum at_priority at_triage_band(int score)
{
    return score >= 75   ? AT_PRIORITY_URGENT
           : score >= 50 ? AT_PRIORITY_HIGH
           : score >= 25 ? AT_PRIORITY_NORMAL
                         : AT_PRIORITY_LOW;
}

void at_triage_score(const struct at_triage_input *in, struct at_triage *out)
{
    double hours = (double)in->waiting_ms / 3600000.0;
    int64_t r30 = in->repeat_30d > in->repeat_7d ? in->repeat_30d - in->repeat_7d : 0;
    int64_t repeat = 4 * in->repeat_7d + r30;
    double time_weight;
    const char *half;
    bool content;

    memset(out, 0, sizeof(*out));
    add_part(out, "base", W_BASE, "every ticket waiting for the team starts here");
    content = score_text(out, in->analysis);
    score_customer(out, in->tier, in->lifetime_value_cents);
    /* a content customer waits more easily: the wait and the clock count half */
    time_weight = content ? 0.5 : 1.0;
    half = content ? " (half: a content customer)" : "";

    if (in->waiting_ms > 0)
        add_part(out, "waiting", scaled(W_WAITING * time_weight, hours / WAIT_FULL_H),
                 "waiting %.1f h for an answer%s", hours, half);
    else
        add_part(out, "waiting", 0, "not waiting for the team");

    if (!in->sla_running || in->sla_target_ms <= 0)
        add_part(out, "sla", 0, "no service level clock running");
    else if (in->sla_left_ms <= 0)
        add_part(out, "sla", scaled(W_SLA * time_weight, 1.0), "%s overdue by %lld business min%s",
                 in->sla_clock, (long long)(-in->sla_left_ms / 60000), half);
    else
        add_part(
            out, "sla",
            scaled(W_SLA * time_weight, 1.0 - (double)in->sla_left_ms / (double)in->sla_target_ms),
            "%s due in %lld of %lld business min%s", in->sla_clock,
            (long long)(in->sla_left_ms / 60000), (long long)(in->sla_target_ms / 60000), half);

    add_part(out, "repeat", repeat > W_REPEAT ? W_REPEAT : (int)repeat,
             "%lld other tickets in the last 7 days, %lld in the last 30", (long long)in->repeat_7d,
             (long long)in->repeat_30d);

    if (out->score < 0) /* cannot happen with these weights; keeps the range whatever they are */
        add_part(out, "floor", -out->score, "the score starts at 0");
    if (out->score > 100)
        add_part(out, "ceiling", 100 - out->score, "the score ends at 100");

    if (in->manual) {
        int lo, hi, raw = out->score;

        at_triage_band_range(in->priority, &lo, &hi);
        if (raw < lo)
            add_part(out, "manual priority", lo - raw,
                     "priority %s was set by hand: the score (%d) is raised into its band %d-%d",
                     at_priority_name(in->priority), raw, lo, hi);
        else if (raw > hi)
            add_part(out, "manual priority", hi - raw,
                     "priority %s was set by hand: the score (%d) is lowered into its band %d-%d",
                     at_priority_name(in->priority), raw, lo, hi);
        else
            add_part(out, "manual priority", 0,
                     "priority %s was set by hand; the score (%d) is within its band %d-%d",
                     at_priority_name(in->priority), raw, lo, hi);
    }
}

int at_triage_parts_json(const struct at_triage *t, struct at_buf *out)
{
    json_t *arr = json_array();
    char *text;
    int ret;

    for (size_t i = 0; i < t->nparts; i++)
        json_array_append_new(arr, json_pack("{s:s, s:i, s:s}", "name", t->parts[i].name, "points",
                                             t->parts[i].points, "why", t->parts[i].why));
    text = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    ret = text ? at_buf_adds(out, text) : AT_ETOOBIG;
    free(text);
    return ret;
}
