#ifndef AT_TRIAGE_H
#define AT_TRIAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "store/model.h"

/*
 * Triage: how much a ticket needs attention now, as a score from 0 to 100
 * with its explanation, one part per signal (see docs/SLA.md for the weights
 * and why). A pure function of its input: the desk gathers the input.
 */

struct at_triage_input {
    const char *analysis; /* the text engine's JSON of the latest customer message; "" none */
    const char *tier;     /* the customer's tier */
    int64_t lifetime_value_cents;
    int64_t waiting_ms;    /* how long the customer has waited for staff; 0: not waiting */
    bool sla_running;      /* a clock runs (or stands paused) */
    const char *sla_clock; /* the clock closest to its due time: "first_response", ... */
    int64_t sla_left_ms;   /* business ms left on it; negative: overdue */
    int64_t sla_target_ms; /* its target in business ms */
    int64_t repeat_7d;     /* the customer's other tickets opened in the last 7 days */
    int64_t repeat_30d;    /* ... and in the last 30 days (including those 7) */
    bool manual;           /* staff set the priority by hand */
    enum at_priority priority;
};

#define AT_TRIAGE_MAX_PARTS 10

struct at_triage_part {
    const char *name; /* "base", "feeling", "urgency", "risk", "customer", "waiting", "sla",
                         "repeat", "manual priority" */
    int points;       /* may be negative (a grateful customer, a manual priority below) */
    char why[160];
};

/* The score and its parts; the parts' points add up to the score. */
struct at_triage {
    int score;
    struct at_triage_part parts[AT_TRIAGE_MAX_PARTS];
    size_t nparts;
};

/* Scores `in` into `out`. */
void at_triage_score(const struct at_triage_input *in, struct at_triage *out);

/* The priority whose band holds `score`: low 0-24, normal 25-49, high 50-74, urgent 75-100. */
enum at_priority at_triage_band(int score);

/* The band of priority `p` as [*lo, *hi]. */
void at_triage_band_range(enum at_priority p, int *lo, int *hi);

/* Appends the parts as a JSON array of {name, points, why} to `out`. Returns 0 or AT_ETOOBIG. */
int at_triage_parts_json(const struct at_triage *t, struct at_buf *out);

#endif
