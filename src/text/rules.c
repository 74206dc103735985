/*
 * Phrase rules: hand-written word sequences for urgency, churn risk,
 * complaints and the service view's cues in customer messages (here), and
 * for the reply rubric and the empathy cues (rules_reply.c). Patterns are tokenized
 * with the same tokenizer as the input, so "I'll", "I’ll" and "I'LL" all
 * match "i'll". "<num>" matches any number token, "*" any one token.
 * Matching indexes rules by their first word: one hash probe per token.
 */
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "text/text_int.h"

#include "core/banned.h"

enum { U_DEADLINE, U_ASAP, U_REPEAT, U_WAITING, U_EMERGENCY };

/* clang-format off */
static const struct rule customer_rules[] = {
    /* urgency: deadlines, "asap", repeated contact, long waits, emergencies */
    {RC_URGENCY, U_ASAP, 0.6f, "asap", "asap", NULL, 0},
    {RC_URGENCY, U_ASAP, 0.6f, "asap", "as soon as possible", NULL, 0},
    {RC_URGENCY, U_ASAP, 0.6f, "urgent", "urgent", NULL, 0},
    {RC_URGENCY, U_ASAP, 0.6f, "urgent", "urgently", NULL, 0},
    {RC_URGENCY, U_ASAP, 0.5f, "immediately", "immediately", NULL, 0},
    {RC_URGENCY, U_ASAP, 0.5f, "right now", "right now", NULL, 0},
    {RC_URGENCY, U_ASAP, 0.5f, "right away", "right away", NULL, 0},
    {RC_URGENCY, U_ASAP, 0.4f, "quickly", "quickly", NULL, 0},
    {RC_URGENCY, U_ASAP, 0.4f, "time-critical", "time sensitive", NULL, 0},
    {RC_URGENCY, U_DEADLINE, 0.5f, "deadline", "deadline", NULL, 0},
    {RC_URGENCY, U_DEADLINE, 0.4f, "deadline", "by tomorrow", NULL, 0},
    {RC_URGENCY, U_DEADLINE, 0.45f, "deadline", "by today", NULL, 0},
    {RC_URGENCY, U_DEADLINE, 0.45f, "deadline", "by tonight", NULL, 0},
    {RC_URGENCY, U_DEADLINE, 0.45f, "deadline", "by end of day", NULL, 0},
    {RC_URGENCY, U_DEADLINE, 0.45f, "deadline", "by eod", NULL, 0},
    {RC_URGENCY, U_DEADLINE, 0.4f, "deadline", "by monday", NULL, 0},
    {RC_URGENCY, U_DEADLINE, 0.4f, "deadline", "by tuesday", NULL, 0},
    {RC_URGENCY, U_DEADLINE, 0.4f, "deadline", "by wednesday", NULL, 0},
    {RC_URGENCY, U_DEADLINE, 0.4f, "deadline", "by thursday", NULL, 0},
    {RC_URGENCY, U_DEADLINE, 0.4f, "deadline", "by friday", NULL, 0},
    {RC_URGENCY, U_DEADLINE, 0.4f, "deadline", "by <num>", NULL, 0},
    {RC_URGENCY, U_DEADLINE, 0.4f, "deadline", "before <num>", NULL, 0},
    {RC_URGENCY, U_DEADLINE, 0.4f, "deadline", "within <num> hours", NULL, 0},
    {RC_URGENCY, U_DEADLINE, 0.35f, "deadline", "today", NULL, 0},
    {RC_URGENCY, U_DEADLINE, 0.35f, "deadline", "tonight", NULL, 0},
    {RC_URGENCY, U_DEADLINE, 0.3f, "deadline", "tomorrow", NULL, 0},
    {RC_URGENCY, U_DEADLINE, 0.4f, "deadline", "my flight", NULL, 0},
    {RC_URGENCY, U_DEADLINE, 0.4f, "deadline", "in an hour", NULL, 0},
    {RC_URGENCY, U_REPEAT, 0.35f, "repeated", "again", NULL, 0},
    {RC_URGENCY, U_REPEAT, 0.3f, "still", "still", NULL, 0},
    {RC_URGENCY, U_REPEAT, 0.5f, "repeated contact", "third time", NULL, 0},
    {RC_URGENCY, U_REPEAT, 0.5f, "repeated contact", "second time", NULL, 0},
    {RC_URGENCY, U_REPEAT, 0.5f, "repeated contact", "<num> times", NULL, 0},
    {RC_URGENCY, U_REPEAT, 0.5f, "repeated contact", "several times", NULL, 0},
    {RC_URGENCY, U_REPEAT, 0.5f, "repeated contact", "multiple times", NULL, 0},
    {RC_URGENCY, U_REPEAT, 0.5f, "repeated contact", "many times", NULL, 0},
    {RC_URGENCY, U_REPEAT, 0.5f, "repeated contact", "already called", NULL, 0},
    {RC_URGENCY, U_REPEAT, 0.5f, "repeated contact", "already contacted", NULL, 0},
    {RC_URGENCY, U_REPEAT, 0.5f, "repeated contact", "already emailed", NULL, 0},
    {RC_URGENCY, U_REPEAT, 0.5f, "repeated contact", "keep calling", NULL, 0},
    {RC_URGENCY, U_REPEAT, 0.5f, "repeated contact", "keep emailing", NULL, 0},
    {RC_URGENCY, U_REPEAT, 0.5f, "repeated contact", "follow up", NULL, 0},
    {RC_URGENCY, U_REPEAT, 0.4f, "repeated contact", "following up", NULL, 0},
    {RC_URGENCY, U_REPEAT, 0.4f, "repeated contact", "no response", NULL, 0},
    {RC_URGENCY, U_REPEAT, 0.4f, "repeated contact", "no reply", NULL, 0},
    {RC_URGENCY, U_REPEAT, 0.4f, "repeated contact", "no one has replied", NULL, 0},
    {RC_URGENCY, U_REPEAT, 0.4f, "repeated contact", "nobody has replied", NULL, 0},
    {RC_URGENCY, U_WAITING, 0.35f, "long wait", "still waiting", NULL, 0},
    {RC_URGENCY, U_WAITING, 0.35f, "long wait", "been waiting", NULL, 0},
    {RC_URGENCY, U_WAITING, 0.35f, "long wait", "for days", NULL, 0},
    {RC_URGENCY, U_WAITING, 0.35f, "long wait", "for weeks", NULL, 0},
    {RC_URGENCY, U_WAITING, 0.35f, "long wait", "for hours", NULL, 0},
    {RC_URGENCY, U_WAITING, 0.3f, "long wait", "<num> days", NULL, 0},
    {RC_URGENCY, U_WAITING, 0.3f, "long wait", "<num> weeks", NULL, 0},
    {RC_URGENCY, U_WAITING, 0.3f, "long wait", "on hold", NULL, 0},
    {RC_URGENCY, U_EMERGENCY, 0.7f, "emergency", "emergency", NULL, 0},
    {RC_URGENCY, U_EMERGENCY, 0.6f, "critical", "critical", NULL, 0},
    {RC_URGENCY, U_EMERGENCY, 0.6f, "service down", "is down", NULL, 0},
    {RC_URGENCY, U_EMERGENCY, 0.6f, "service down", "outage", NULL, 0},
    {RC_URGENCY, U_EMERGENCY, 0.5f, "blocked", "can't work", NULL, 0},
    {RC_URGENCY, U_EMERGENCY, 0.5f, "blocked", "cannot work", NULL, 0},
    {RC_URGENCY, U_EMERGENCY, 0.5f, "blocked", "locked out", NULL, 0},
    {RC_URGENCY, U_EMERGENCY, 0.5f, "blocked", "stranded", NULL, 0},
    {RC_URGENCY, U_EMERGENCY, 0.6f, "security", "hacked", NULL, 0},
    {RC_URGENCY, U_EMERGENCY, 0.6f, "security", "fraud", NULL, 0},

    /* churn and escalation risk */
    {RC_RISK, AT_RISK_CANCEL, 0.8f, "wants to cancel", "cancel", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.8f, "wants to cancel", "cancel my", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.8f, "wants to cancel", "cancelling", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.8f, "wants to cancel", "canceling", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.7f, "wants to cancel", "cancellation", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.8f, "wants to close the account", "close my account", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.8f, "wants to close the account", "delete my account", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.6f, "wants to unsubscribe", "unsubscribe", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.6f, "wants a refund", "full refund", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.8f, "ending the relationship", "never again", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.8f, "ending the relationship", "last time i", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.7f, "ending the relationship", "done with you", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.7f, "ending the relationship", "i'm done", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.7f, "ending the relationship", "i am done", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.7f, "ending the relationship", "not renew", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.7f, "ending the relationship", "won't renew", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.7f, "ending the relationship", "lost a customer", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.8f, "may switch to a competitor", "switch to", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.8f, "may switch to a competitor", "switching to", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.8f, "may switch to a competitor", "competitor", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.7f, "may switch to a competitor", "go elsewhere", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.7f, "may switch to a competitor", "going elsewhere", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.7f, "may switch to a competitor", "take my business", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.7f, "may switch to a competitor", "another provider", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.7f, "may switch to a competitor", "another company", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.6f, "may switch to a competitor", "leaving", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.6f, "may switch to a competitor", "i will leave", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.9f, "threatens a chargeback", "chargeback", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.9f, "threatens a chargeback", "charge back", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.9f, "threatens a chargeback", "dispute the charge", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.9f, "threatens a chargeback", "dispute this charge", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.8f, "threatens a chargeback", "call my bank", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.8f, "threatens a chargeback", "contact my bank", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.8f, "threatens a chargeback", "credit card company", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.95f, "mentions legal action", "lawyer", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.95f, "mentions legal action", "attorney", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.95f, "mentions legal action", "legal action", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.95f, "mentions legal action", "sue", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.95f, "mentions legal action", "suing", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.9f, "mentions legal action", "court", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.9f, "mentions legal action", "small claims", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.9f, "mentions a regulator", "better business bureau", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.9f, "mentions a regulator", "bbb", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.9f, "mentions a regulator", "ombudsman", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.9f, "mentions a regulator", "consumer protection", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.9f, "mentions a regulator", "trading standards", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.9f, "mentions a regulator", "fcc", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.8f, "threatens a public review", "review", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.8f, "threatens a public review", "bad review", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.8f, "threatens a public review", "one star", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.8f, "threatens a public review", "1 star", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.8f, "threatens a public review", "trustpilot", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.8f, "threatens a public review", "yelp", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.8f, "threatens to go public", "social media", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.8f, "threatens to go public", "twitter", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.8f, "threatens to go public", "tell everyone", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.8f, "threatens to go public", "the press", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.8f, "threatens to go public", "go public", NULL, 0},
    {RC_RISK, AT_RISK_ESCALATE, 0.7f, "asks for a manager", "manager", NULL, 0},
    {RC_RISK, AT_RISK_ESCALATE, 0.7f, "asks for a manager", "supervisor", NULL, 0},
    {RC_RISK, AT_RISK_ESCALATE, 0.7f, "asks for a manager", "someone in charge", NULL, 0},
    {RC_RISK, AT_RISK_ESCALATE, 0.6f, "asks to escalate", "escalate", NULL, 0},
    {RC_RISK, AT_RISK_ESCALATE, 0.6f, "files a formal complaint", "formal complaint", NULL, 0},
    {RC_RISK, AT_RISK_ESCALATE, 0.5f, "files a formal complaint", "file a complaint", NULL, 0},
    {RC_RISK, AT_RISK_ESCALATE, 0.5f, "files a formal complaint", "complaint", NULL, 0},

    /* complaint cues: something went wrong for the customer */
    {RC_COMPLAINT, 0, 1.0f, "not working", "not working", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "not working", "doesn't work", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "not working", "does not work", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "not working", "didn't work", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "not working", "stopped working", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "not working", "won't load", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "broken", "broken", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "broken", "damaged", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "broken", "defective", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "not received", "never received", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "not received", "never arrived", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "not received", "hasn't arrived", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "not received", "not arrived", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "not received", "didn't receive", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "not received", "haven't received", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "lost", "lost my", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "delay", "delayed", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "delay", "delay", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "cancelled", "cancelled", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "cancelled", "canceled", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "charged", "charged twice", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "charged", "overcharged", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "charged", "double charged", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "refund", "refund", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "refund", "my money back", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "wrong", "wrong", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "missing", "missing", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "unacceptable", "unacceptable", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "bad service", "customer service", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "bad service", "worst", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "waiting", "still waiting", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "waiting", "on hold", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "waiting", "hold for", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "no answer", "no response", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "no answer", "no one", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "no answer", "nobody", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "no answer", "hung up", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "can't", "can't get", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "can't", "cannot get", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "can't", "unable to", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "error", "error", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "why", "why", NULL, 0},
    {RC_COMPLAINT, 0, 1.0f, "fix", "fix", NULL, 0},

    /* lexical cues for the service view */
    {RC_EMO_CUE, AT_SVC_FRUSTRATION, 0.6f, "frustrated", "frustrated", NULL, 0},
    {RC_EMO_CUE, AT_SVC_FRUSTRATION, 0.6f, "frustrated", "frustrating", NULL, 0},
    {RC_EMO_CUE, AT_SVC_FRUSTRATION, 0.6f, "frustrated", "fed up", NULL, 0},
    {RC_EMO_CUE, AT_SVC_FRUSTRATION, 0.5f, "frustrated", "ridiculous", NULL, 0},
    {RC_EMO_CUE, AT_SVC_FRUSTRATION, 0.5f, "frustrated", "unacceptable", NULL, 0},
    {RC_EMO_CUE, AT_SVC_FRUSTRATION, 0.5f, "frustrated", "sick of", NULL, 0},
    {RC_EMO_CUE, AT_SVC_FRUSTRATION, 0.5f, "frustrated", "tired of", NULL, 0},
    {RC_EMO_CUE, AT_SVC_ANXIETY, 0.6f, "worried", "worried", NULL, 0},
    {RC_EMO_CUE, AT_SVC_ANXIETY, 0.6f, "worried", "anxious", NULL, 0},
    {RC_EMO_CUE, AT_SVC_ANXIETY, 0.6f, "worried", "nervous", NULL, 0},
    {RC_EMO_CUE, AT_SVC_ANXIETY, 0.6f, "worried", "scared", NULL, 0},
    {RC_EMO_CUE, AT_SVC_ANXIETY, 0.5f, "worried", "concerned", NULL, 0},
    {RC_EMO_CUE, AT_SVC_ANXIETY, 0.5f, "worried", "panicking", NULL, 0},
    {RC_EMO_CUE, AT_SVC_CONFUSION, 0.6f, "confused", "confused", NULL, 0},
    {RC_EMO_CUE, AT_SVC_CONFUSION, 0.6f, "confused", "confusing", NULL, 0},
    {RC_EMO_CUE, AT_SVC_CONFUSION, 0.6f, "confused", "don't understand", NULL, 0},
    {RC_EMO_CUE, AT_SVC_CONFUSION, 0.6f, "confused", "do not understand", NULL, 0},
    {RC_EMO_CUE, AT_SVC_CONFUSION, 0.5f, "confused", "makes no sense", NULL, 0},
    {RC_EMO_CUE, AT_SVC_CONFUSION, 0.5f, "confused", "not sure how", NULL, 0},
    {RC_EMO_CUE, AT_SVC_SADNESS, 0.6f, "upset", "upset", NULL, 0},
    {RC_EMO_CUE, AT_SVC_SADNESS, 0.5f, "upset", "heartbroken", NULL, 0},
    {RC_EMO_CUE, AT_SVC_SADNESS, 0.5f, "disappointed", "disappointed", NULL, 0},
    {RC_EMO_CUE, AT_SVC_SADNESS, 0.5f, "disappointed", "let down", NULL, 0},
    {RC_EMO_CUE, AT_SVC_GRATITUDE, 0.6f, "thankful", "thank you", NULL, 0},
    {RC_EMO_CUE, AT_SVC_GRATITUDE, 0.6f, "thankful", "thanks", NULL, 0},
    {RC_EMO_CUE, AT_SVC_GRATITUDE, 0.5f, "thankful", "appreciate", NULL, 0},
    {RC_EMO_CUE, AT_SVC_JOY, 0.5f, "happy", "happy", NULL, 0},
    {RC_EMO_CUE, AT_SVC_JOY, 0.5f, "happy", "delighted", NULL, 0},
    {RC_EMO_CUE, AT_SVC_JOY, 0.5f, "happy", "love it", NULL, 0},
};
/* clang-format on */

#define N_CUSTOMER_RULES (sizeof(customer_rules) / sizeof(customer_rules[0]))
#define N_RULES (N_CUSTOMER_RULES + text_n_reply_rules)

/* Rules about customer messages and rules about replies sit in separate chains. */
#define CUSTOMER_CATS                                                                              \
    ((1u << RC_URGENCY) | (1u << RC_RISK) | (1u << RC_COMPLAINT) | (1u << RC_EMO_CUE))
#define SIDE_SALT 0x5bd1e9955bd1e995ULL

/* The key of first-token hash `h` on a side, given the side's salt (0 or SIDE_SALT). */
static inline uint64_t salted_key(uint64_t h, uint64_t salt)
{
    uint64_t k = h ^ salt;

    return k < 3 ? k + 3 : k;
}

static uint64_t side_key(uint64_t h, bool customer)
{
    return salted_key(h, customer ? 0 : SIDE_SALT);
}

static uint64_t piece_hash(const char *p, size_t n, struct at_arena *scratch, uint64_t *seq,
                           size_t *len, size_t max)
{
    struct toks t;

    if (n == 1 && p[0] == '*') {
        if (*len < max)
            seq[(*len)++] = RULE_ANY_HASH;
        return 0;
    }
    if (n == 5 && memcmp(p, "<num>", 5) == 0) {
        if (*len < max)
            seq[(*len)++] = RULE_NUM_HASH;
        return 0;
    }
    text_tokenize(p, n, scratch, &t);
    for (size_t i = 0; i < t.n && *len < max; i++)
        seq[(*len)++] = t.v[i].hash;
    return 0;
}

/* The tag of a key: bits the slot number does not use, never 0 (0 marks an empty slot). */
static inline uint16_t index_tag(uint64_t key)
{
    return (uint16_t)((key >> 48) | 1);
}

/*
 * The slot of `key`, or the empty slot where it would go. Most tokens start
 * no rule: the probe reads the tags and a slot's full key only when its tag
 * matches.
 */
static inline size_t index_slot(const struct rule_index *ix, uint64_t key)
{
    size_t i = (size_t)(key ^ (key >> 31)) & ix->mask;
    uint16_t tag = index_tag(key);

    while (ix->tags[i] != 0 && (ix->tags[i] != tag || ix->keys[i] != key))
        i = (i + 1) & ix->mask;
    return i;
}

/*
 * A filter in front of the index: most tokens start no rule, and which do is
 * as random as the text, so a branch per token on the probe's answer would be
 * mispredicted often. A bit per value of 16 bits of the key (8 KiB, about 300
 * keys) answers without a branch, wrongly "maybe" for about 1 token in 200.
 */
#define FILTER_BITS 16

/* The high bits of the key times 2^64 / phi (Fibonacci hashing), which mix all of its bits. */
static inline size_t filter_bit(uint64_t key)
{
    return (size_t)((key * 0x9E3779B97F4A7C15ULL) >> (64 - FILTER_BITS));
}

static inline bool filter_maybe(const struct rule_index *ix, uint64_t key)
{
    size_t b = filter_bit(key);

    return (ix->filter[b / 64] >> (b % 64)) & 1;
}

void text_rules_init(struct at_text_engine *eng, struct at_arena *scratch)
{
    struct rule_index *ix = &eng->index;

    eng->n_rules = N_RULES;
    eng->rules = at_xcalloc(N_RULES, sizeof(*eng->rules));
    ix->mask = 2048 - 1;
    ix->keys = at_xcalloc(ix->mask + 1, sizeof(*ix->keys));
    ix->tags = at_xcalloc(ix->mask + 1, sizeof(*ix->tags));
    ix->head = at_xcalloc(ix->mask + 1, sizeof(*ix->head));
    ix->next = at_xcalloc(N_RULES, sizeof(*ix->next));
    ix->filter = at_xcalloc(((size_t)1 << FILTER_BITS) / 64, sizeof(*ix->filter));
    for (size_t i = 0; i < N_RULES; i++) {
        struct rule *r = &eng->rules[i];
        uint64_t seq[16];
        size_t len = 0;
        const char *p;

        *r = i < N_CUSTOMER_RULES ? customer_rules[i] : text_reply_rules[i - N_CUSTOMER_RULES];
        p = r->pattern;
        while (*p) {
            const char *sp = strchr(p, ' ');
            size_t n = sp ? (size_t)(sp - p) : strlen(p);

            piece_hash(p, n, scratch, seq, &len, 16);
            p += n;
            while (*p == ' ')
                p++;
        }
        r->len = (uint8_t)len;
        r->seq = at_xmalloc((len ? len : 1) * sizeof(*r->seq));
        memcpy(r->seq, seq, len * sizeof(*seq));
        ix->next[i] = UINT32_MAX;
    }
    /* chain in reverse so that each chain lists rules in table order, longest first below */
    for (size_t k = N_RULES; k-- > 0;) {
        struct rule *r = &eng->rules[k];
        size_t s;

        uint64_t key;

        if (r->len == 0 || r->seq[0] <= RULE_NUM_HASH)
            continue;
        key = side_key(r->seq[0], (CUSTOMER_CATS >> r->cat) & 1);
        s = index_slot(ix, key);
        if (ix->tags[s] == 0) {
            ix->keys[s] = key;
            ix->tags[s] = index_tag(key);
            ix->head[s] = UINT32_MAX;
            ix->filter[filter_bit(key) / 64] |= (uint64_t)1 << (filter_bit(key) % 64);
        }
        ix->next[k] = ix->head[s];
        ix->head[s] = (uint32_t)k;
    }
}

void text_rules_free(struct at_text_engine *eng)
{
    if (eng->rules) {
        for (size_t i = 0; i < eng->n_rules; i++)
            free(eng->rules[i].seq);
    }
    free(eng->rules);
    free(eng->index.keys);
    free(eng->index.tags);
    free(eng->index.head);
    free(eng->index.next);
    free(eng->index.filter);
    eng->rules = NULL;
}

static bool tok_matches(const struct tok *t, uint64_t want)
{
    if (want == RULE_ANY_HASH)
        return t->kind != TK_PUNCT;
    if (want == RULE_NUM_HASH)
        return t->kind == TK_NUM;
    return t->hash == want;
}

/* Calls `fn` for each rule of the chain from `k` that matches at token i. */
static void match_at(const struct at_text_engine *eng, const struct toks *t, size_t i, uint32_t k,
                     uint32_t cats, rule_match_fn *fn, void *ctx)
{
    for (; k != UINT32_MAX; k = eng->index.next[k]) {
        const struct rule *r = &eng->rules[k];
        struct rule_match m;
        size_t j;

        if (!(cats & (1u << r->cat)) || i + r->len > t->n)
            continue;
        for (j = 1; j < r->len; j++) {
            if (!tok_matches(&t->v[i + j], r->seq[j]))
                break;
        }
        if (j < r->len)
            continue;
        m.rule = r;
        m.tok_start = (uint32_t)i;
        m.tok_end = (uint32_t)(i + r->len);
        fn(ctx, &m);
    }
}

#define MATCH_BLOCK 64 /* tokens passed through the filter before any is looked up */

void text_rules_match(const struct at_text_engine *eng, const struct toks *t, uint32_t cats,
                      rule_match_fn *fn, void *ctx)
{
    const struct rule_index *ix = &eng->index;

    for (int side = 0; side < 2; side++) {
        bool customer = side == 0;
        uint64_t salt = customer ? 0 : SIDE_SALT; /* chosen once, not per token */

        if (!(cats & (customer ? CUSTOMER_CATS : ~CUSTOMER_CATS)))
            continue;
        /*
         * The tokens of a block that may start a rule are written down
         * without a branch (each is written, and kept by counting it); only
         * those are looked up, in token order, and nearly all are found.
         */
        for (size_t base = 0; base < t->n; base += MATCH_BLOCK) {
            size_t end = t->n - base < MATCH_BLOCK ? t->n : base + MATCH_BLOCK, n_maybe = 0;
            uint32_t maybe[MATCH_BLOCK];

            for (size_t i = base; i < end; i++) {
                maybe[n_maybe] = (uint32_t)i;
                n_maybe += filter_maybe(ix, salted_key(t->v[i].hash, salt));
            }
            for (size_t m = 0; m < n_maybe; m++) {
                size_t i = maybe[m];
                size_t s = index_slot(ix, salted_key(t->v[i].hash, salt));

                if (ix->tags[s] != 0)
                    match_at(eng, t, i, ix->head[s], cats, fn, ctx);
            }
        }
    }
}
