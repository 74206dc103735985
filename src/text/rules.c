/*
 * Phrase rules: hand-written word sequences for urgency, churn risk,
 * complaints, the reply rubric and the empathy cues. Patterns are tokenized
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
static const struct rule rule_table[] = {
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

    /* reply rubric: good */
    {RC_GREETING, 0, 1, "greeting", "hi", NULL, 0},
    {RC_GREETING, 0, 1, "greeting", "hello", NULL, 0},
    {RC_GREETING, 0, 1, "greeting", "hey", NULL, 0},
    {RC_GREETING, 0, 1, "greeting", "dear", NULL, 0},
    {RC_GREETING, 0, 1, "greeting", "good morning", NULL, 0},
    {RC_GREETING, 0, 1, "greeting", "good afternoon", NULL, 0},
    {RC_GREETING, 0, 1, "greeting", "good evening", NULL, 0},
    {RC_GREETING, 0, 1, "greeting", "greetings", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "i understand", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "i can understand", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "i completely understand", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "i totally understand", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "i can see", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "i can imagine", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "i can only imagine", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "i hear you", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "i get it", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "i know how", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "that must be", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "this must be", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "must have been", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "it sounds like", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "sounds like", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "understandably", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "understandable", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "you're right", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "you are right", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "frustrating", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "frustration", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "worrying", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "stressful", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "confusing", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "upsetting", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "disappointing", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "glad to hear", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "great to hear", NULL, 0},
    {RC_ACK, 0, 1, "acknowledges", "so happy", NULL, 0},
    {RC_APOLOGY, 0, 1, "apology", "sorry", NULL, 0},
    {RC_APOLOGY, 0, 1, "apology", "apologize", NULL, 0},
    {RC_APOLOGY, 0, 1, "apology", "apologise", NULL, 0},
    {RC_APOLOGY, 0, 1, "apology", "apologies", NULL, 0},
    {RC_APOLOGY, 0, 1, "apology", "my apologies", NULL, 0},
    {RC_OWNERSHIP, 0, 1, "ownership", "i will", NULL, 0},
    {RC_OWNERSHIP, 0, 1, "ownership", "i'll", NULL, 0},
    {RC_OWNERSHIP, 0, 1, "ownership", "i'm going to", NULL, 0},
    {RC_OWNERSHIP, 0, 1, "ownership", "i am going to", NULL, 0},
    {RC_OWNERSHIP, 0, 1, "ownership", "let me", NULL, 0},
    {RC_OWNERSHIP, 0, 1, "ownership", "i have already", NULL, 0},
    {RC_OWNERSHIP, 0, 1, "ownership", "i've already", NULL, 0},
    {RC_OWNERSHIP, 0, 1, "ownership", "i have asked", NULL, 0},
    {RC_OWNERSHIP, 0, 1, "ownership", "i've asked", NULL, 0},
    {RC_OWNERSHIP, 0, 1, "ownership", "i have issued", NULL, 0},
    {RC_OWNERSHIP, 0, 1, "ownership", "i've issued", NULL, 0},
    {RC_OWNERSHIP, 0, 1, "ownership", "i have sent", NULL, 0},
    {RC_OWNERSHIP, 0, 1, "ownership", "i've sent", NULL, 0},
    {RC_OWNERSHIP, 0, 1, "ownership", "i'm taking", NULL, 0},
    {RC_OWNERSHIP, 0, 1, "ownership", "i personally", NULL, 0},
    {RC_OWNERSHIP, 0, 1, "ownership", "i'll make sure", NULL, 0},
    {RC_OWNERSHIP, 0, 1, "ownership", "i will make sure", NULL, 0},
    {RC_TIME, 0, 1, "time", "within <num>", NULL, 0},
    {RC_TIME, 0, 1, "time", "in <num> hours", NULL, 0},
    {RC_TIME, 0, 1, "time", "in <num> minutes", NULL, 0},
    {RC_TIME, 0, 1, "time", "in <num> days", NULL, 0},
    {RC_TIME, 0, 1, "time", "by <num>", NULL, 0},
    {RC_TIME, 0, 1, "time", "at <num>", NULL, 0},
    {RC_TIME, 0, 1, "time", "before <num>", NULL, 0},
    {RC_TIME, 0, 1, "time", "today", NULL, 0},
    {RC_TIME, 0, 1, "time", "tonight", NULL, 0},
    {RC_TIME, 0, 1, "time", "tomorrow", NULL, 0},
    {RC_TIME, 0, 1, "time", "this afternoon", NULL, 0},
    {RC_TIME, 0, 1, "time", "this morning", NULL, 0},
    {RC_TIME, 0, 1, "time", "this evening", NULL, 0},
    {RC_TIME, 0, 1, "time", "this week", NULL, 0},
    {RC_TIME, 0, 1, "time", "end of day", NULL, 0},
    {RC_TIME, 0, 1, "time", "by monday", NULL, 0},
    {RC_TIME, 0, 1, "time", "by tuesday", NULL, 0},
    {RC_TIME, 0, 1, "time", "by wednesday", NULL, 0},
    {RC_TIME, 0, 1, "time", "by thursday", NULL, 0},
    {RC_TIME, 0, 1, "time", "by friday", NULL, 0},
    {RC_TIME, 0, 1, "time", "on monday", NULL, 0},
    {RC_TIME, 0, 1, "time", "on tuesday", NULL, 0},
    {RC_TIME, 0, 1, "time", "on wednesday", NULL, 0},
    {RC_TIME, 0, 1, "time", "on thursday", NULL, 0},
    {RC_TIME, 0, 1, "time", "on friday", NULL, 0},
    {RC_TIME, 0, 1, "time", "within the hour", NULL, 0},
    {RC_TIME, 0, 1, "time", "within an hour", NULL, 0},
    {RC_TIME, 0, 1, "time", "within a day", NULL, 0},
    {RC_TIME, 0, 1, "time", "business days", NULL, 0},
    {RC_TIME, 0, 1, "time", "working days", NULL, 0},
    {RC_ALTERNATIVE, 0, 1, "alternative", "instead", NULL, 0},
    {RC_ALTERNATIVE, 0, 1, "alternative", "alternatively", NULL, 0},
    {RC_ALTERNATIVE, 0, 1, "alternative", "alternative", NULL, 0},
    {RC_ALTERNATIVE, 0, 1, "alternative", "another option", NULL, 0},
    {RC_ALTERNATIVE, 0, 1, "alternative", "other option", NULL, 0},
    {RC_ALTERNATIVE, 0, 1, "alternative", "other options", NULL, 0},
    {RC_ALTERNATIVE, 0, 1, "alternative", "what i can do", NULL, 0},
    {RC_ALTERNATIVE, 0, 1, "alternative", "what i can offer", NULL, 0},
    {RC_ALTERNATIVE, 0, 1, "alternative", "i can offer", NULL, 0},
    {RC_ALTERNATIVE, 0, 1, "alternative", "we can offer", NULL, 0},
    {RC_ALTERNATIVE, 0, 1, "alternative", "i could offer", NULL, 0},
    {RC_ALTERNATIVE, 0, 1, "alternative", "would you like", NULL, 0},
    {RC_ALTERNATIVE, 0, 1, "alternative", "one option", NULL, 0},
    {RC_ALTERNATIVE, 0, 1, "alternative", "a workaround", NULL, 0},
    {RC_REFUSAL, 0, 1, "no", "unfortunately", NULL, 0},
    {RC_REFUSAL, 0, 1, "no", "we can't", NULL, 0},
    {RC_REFUSAL, 0, 1, "no", "we cannot", NULL, 0},
    {RC_REFUSAL, 0, 1, "no", "i can't", NULL, 0},
    {RC_REFUSAL, 0, 1, "no", "i cannot", NULL, 0},
    {RC_REFUSAL, 0, 1, "no", "we are unable", NULL, 0},
    {RC_REFUSAL, 0, 1, "no", "we're unable", NULL, 0},
    {RC_REFUSAL, 0, 1, "no", "i am unable", NULL, 0},
    {RC_REFUSAL, 0, 1, "no", "i'm unable", NULL, 0},
    {RC_REFUSAL, 0, 1, "no", "not able to", NULL, 0},
    {RC_REFUSAL, 0, 1, "no", "not possible", NULL, 0},
    {RC_REFUSAL, 0, 1, "no", "we don't offer", NULL, 0},
    {RC_REFUSAL, 0, 1, "no", "we do not offer", NULL, 0},
    {RC_REFUSAL, 0, 1, "no", "won't be able", NULL, 0},
    {RC_REFUSAL, 0, 1, "no", "not eligible", NULL, 0},
    {RC_THANKS, 0, 1, "thanks", "thank you", NULL, 0},
    {RC_THANKS, 0, 1, "thanks", "thanks", NULL, 0},
    {RC_THANKS, 0, 1, "thanks", "i appreciate", NULL, 0},
    {RC_THANKS, 0, 1, "thanks", "we appreciate", NULL, 0},
    {RC_THANKS, 0, 1, "thanks", "grateful", NULL, 0},

    /* reply rubric: against */
    {RC_DISMISSIVE, 0, 1, "tells the customer how to feel", "calm down", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "tells the customer how to feel", "relax", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "tells the customer how to feel", "don't worry about it", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "tells the customer how to feel", "no need to get upset", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "tells the customer how to feel", "no need to be upset", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "tells the customer how to feel", "there's no need to", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "repeats itself impatiently", "as i already said", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "repeats itself impatiently", "as i said", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "repeats itself impatiently", "as i've said", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "repeats itself impatiently", "as i have said", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "repeats itself impatiently", "as i already explained", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "repeats itself impatiently", "as i explained", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "repeats itself impatiently", "as previously stated", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "repeats itself impatiently", "as stated before", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "repeats itself impatiently", "as i mentioned", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "repeats itself impatiently", "like i said", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "repeats itself impatiently", "i already told you", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "repeats itself impatiently", "once again", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "closes the door", "that's not possible", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "closes the door", "that is not possible", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "closes the door", "that's impossible", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "closes the door", "nothing i can do", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "closes the door", "nothing we can do", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "closes the door", "there is nothing", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "closes the door", "not my problem", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "closes the door", "not our problem", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "closes the door", "not my department", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "closes the door", "not my job", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "closes the door", "can't help you", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "belittles the problem", "no big deal", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "belittles the problem", "not a big deal", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "belittles the problem", "it's just", NULL, 0},
    {RC_DISMISSIVE, 0, 1, "belittles the problem", "whatever", NULL, 0},
    {RC_BLAME, 0, 1, "blames the customer", "you should have", NULL, 0},
    {RC_BLAME, 0, 1, "blames the customer", "you should've", NULL, 0},
    {RC_BLAME, 0, 1, "blames the customer", "you shouldn't have", NULL, 0},
    {RC_BLAME, 0, 1, "blames the customer", "you didn't", NULL, 0},
    {RC_BLAME, 0, 1, "blames the customer", "you did not", NULL, 0},
    {RC_BLAME, 0, 1, "blames the customer", "you failed to", NULL, 0},
    {RC_BLAME, 0, 1, "blames the customer", "you forgot", NULL, 0},
    {RC_BLAME, 0, 1, "blames the customer", "your fault", NULL, 0},
    {RC_BLAME, 0, 1, "blames the customer", "your own fault", NULL, 0},
    {RC_BLAME, 0, 1, "blames the customer", "your mistake", NULL, 0},
    {RC_BLAME, 0, 1, "blames the customer", "your error", NULL, 0},
    {RC_BLAME, 0, 1, "blames the customer", "you were supposed to", NULL, 0},
    {RC_BLAME, 0, 1, "blames the customer", "you need to read", NULL, 0},
    {RC_BLAME, 0, 1, "blames the customer", "if you had", NULL, 0},
    {RC_BLAME, 0, 1, "blames the customer", "if you'd", NULL, 0},
    {RC_BLAME, 0, 1, "blames the customer", "user error", NULL, 0},
    {RC_ASSUMPTION, 0, 1, "assumes", "you probably", NULL, 0},
    {RC_ASSUMPTION, 0, 1, "assumes", "you must have", NULL, 0},
    {RC_ASSUMPTION, 0, 1, "assumes", "you obviously", NULL, 0},
    {RC_ASSUMPTION, 0, 1, "assumes", "obviously", NULL, 0},
    {RC_ASSUMPTION, 0, 1, "assumes", "clearly you", NULL, 0},
    {RC_ASSUMPTION, 0, 1, "assumes", "i'm sure you", NULL, 0},
    {RC_ASSUMPTION, 0, 1, "assumes", "i assume", NULL, 0},
    {RC_ASSUMPTION, 0, 1, "assumes", "as you know", NULL, 0},
    {RC_ASSUMPTION, 0, 1, "assumes", "as you should know", NULL, 0},
    {RC_ASSUMPTION, 0, 1, "assumes", "everyone knows", NULL, 0},
    {RC_ASSUMPTION, 0, 1, "assumes", "you just need to", NULL, 0},
    {RC_ASSUMPTION, 0, 1, "assumes", "simply", NULL, 0},
    {RC_JARGON, 0, 1, "jargon", "sla", NULL, 0},
    {RC_JARGON, 0, 1, "jargon", "backend", NULL, 0},
    {RC_JARGON, 0, 1, "jargon", "back-end", NULL, 0},
    {RC_JARGON, 0, 1, "jargon", "api", NULL, 0},
    {RC_JARGON, 0, 1, "jargon", "cache", NULL, 0},
    {RC_JARGON, 0, 1, "jargon", "dns", NULL, 0},
    {RC_JARGON, 0, 1, "jargon", "tier 2", NULL, 0},
    {RC_JARGON, 0, 1, "jargon", "l2", NULL, 0},
    {RC_JARGON, 0, 1, "jargon", "escalation matrix", NULL, 0},
    {RC_JARGON, 0, 1, "jargon", "ticket id", NULL, 0},
    {RC_JARGON, 0, 1, "jargon", "rma", NULL, 0},
    {RC_JARGON, 0, 1, "jargon", "eta", NULL, 0},
    {RC_JARGON, 0, 1, "jargon", "sku", NULL, 0},
    {RC_JARGON, 0, 1, "jargon", "provisioning", NULL, 0},
    {RC_JARGON, 0, 1, "jargon", "propagation", NULL, 0},
    {RC_JARGON, 0, 1, "jargon", "server-side", NULL, 0},
    {RC_JARGON, 0, 1, "jargon", "root cause", NULL, 0},
    {RC_JARGON, 0, 1, "jargon", "per the tos", NULL, 0},
    {RC_JARGON, 0, 1, "jargon", "tos", NULL, 0},
    {RC_JARGON, 0, 1, "jargon", "kb article", NULL, 0},
    {RC_JARGON, 0, 1, "jargon", "p1", NULL, 0},
    {RC_JARGON, 0, 1, "jargon", "p2", NULL, 0},
    {RC_POLICY, 0, 1, "hides behind policy", "our policy", NULL, 0},
    {RC_POLICY, 0, 1, "hides behind policy", "company policy", NULL, 0},
    {RC_POLICY, 0, 1, "hides behind policy", "per policy", NULL, 0},
    {RC_POLICY, 0, 1, "hides behind policy", "per our policy", NULL, 0},
    {RC_POLICY, 0, 1, "hides behind policy", "against policy", NULL, 0},
    {RC_POLICY, 0, 1, "hides behind policy", "against our policy", NULL, 0},
    {RC_POLICY, 0, 1, "hides behind policy", "policy states", NULL, 0},
    {RC_POLICY, 0, 1, "hides behind policy", "policy does not allow", NULL, 0},
    {RC_POLICY, 0, 1, "hides behind policy", "policy doesn't allow", NULL, 0},
    {RC_POLICY, 0, 1, "hides behind policy", "the policy is", NULL, 0},
    {RC_POLICY, 0, 1, "hides behind policy", "terms and conditions", NULL, 0},
    {RC_POLICY, 0, 1, "hides behind policy", "rules are rules", NULL, 0},
    {RC_POLICY, 0, 1, "hides behind policy", "i don't make the rules", NULL, 0},
    {RC_POLICY, 0, 1, "hides behind policy", "out of my hands", NULL, 0},

    /* empathy: emotional reaction (warmth, compassion, concern) */
    {RC_ER_STRONG, 0, 1, "compassion", "i'm so sorry", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "i am so sorry", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "i'm really sorry", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "i'm very sorry", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "so sorry", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "really sorry", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "truly sorry", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "deeply sorry", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "sorry to hear", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "sorry you're", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "sorry you are", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "sorry that you", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "sorry for your", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "sorry about your", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "i feel for you", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "i feel so bad", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "i feel bad", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "my heart goes out", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "my heart breaks", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "breaks my heart", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "heartbreaking", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "sending hugs", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "sending love", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "hugs", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "*hugs*", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "big hug", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "i'm here for you", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "here for you", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "i care", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "i'm worried about you", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "i'm sad to hear", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "that's awful", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "that is awful", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "that's terrible", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "that's horrible", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "how awful", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "how terrible", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "so proud of you", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "proud of you", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "❤", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "❤️", NULL, 0},
    {RC_ER_STRONG, 0, 1, "compassion", "<3", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "sorry", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "that sucks", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "this sucks", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "it sucks", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "sucks", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "good luck", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "best of luck", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "i hope", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "hope you", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "hope things", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "hope it", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "take care", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "stay strong", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "hang in there", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "you're not alone", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "you are not alone", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "it will get better", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "it gets better", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "things will get better", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "you'll be okay", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "you'll be fine", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "you deserve", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "you're worth", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "you got this", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "you can do it", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "don't give up", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "glad", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "congrats", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "congratulations", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "awesome", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "unfortunately", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "feel better", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "rough", NULL, 0},
    {RC_ER_WEAK, 0, 1, "warmth", "hug", NULL, 0},

    /* empathy: interpretation (showing understanding) */
    {RC_IP_STRONG, 0, 1, "shared experience", "i've been there", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i have been there", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "been there", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i went through", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i've gone through", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i've been through", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i have been through", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i've had", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i had the same", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "same thing happened", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "happened to me", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i used to", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i also", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i feel the same", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i felt the same", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i know the feeling", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i know that feeling", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i know exactly", NULL, 0},
    /* relating in general: weak; with a story of one's own (coach.c) it is strong */
    {RC_IP_WEAK, 0, 1, "understanding", "me too", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "me as well", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "same here", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "i relate", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "i can relate", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "i feel you", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "i'm the same", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "i am the same", NULL, 0},
    /* the same specific thing: strong */
    {RC_IP_STRONG, 0, 1, "shared experience", "i feel this", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i do this too", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i do that too", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i do the same", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i'm also", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i am also", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i was in", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "when i was", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i struggle", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i struggled", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i suffer", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i suffered", NULL, 0},
    {RC_IP_STRONG, 0, 1, "names the feeling", "must feel", NULL, 0},
    {RC_IP_STRONG, 0, 1, "names the feeling", "must be so", NULL, 0},
    {RC_IP_STRONG, 0, 1, "names the feeling", "must be really", NULL, 0},
    {RC_IP_STRONG, 0, 1, "names the feeling", "must be very", NULL, 0},
    {RC_IP_STRONG, 0, 1, "names the feeling", "must have been", NULL, 0},
    {RC_IP_STRONG, 0, 1, "names the feeling", "sounds like you", NULL, 0},
    {RC_IP_STRONG, 0, 1, "names the feeling", "it sounds like", NULL, 0},
    {RC_IP_STRONG, 0, 1, "names the feeling", "it seems like you", NULL, 0},
    {RC_IP_STRONG, 0, 1, "names the feeling", "you seem", NULL, 0},
    {RC_IP_STRONG, 0, 1, "names the feeling", "you must be", NULL, 0},
    {RC_IP_STRONG, 0, 1, "names the feeling", "you must feel", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "i understand", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "i know how", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "i know what", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "i get it", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "i get that", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "i can imagine", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "i can see", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "i hear you", NULL, 0},
    /* "I see" alone is as often "I see a therapist" */
    {RC_IP_WEAK, 0, 1, "understanding", "i see what you", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "i see how", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "i see why", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "that must be", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "this must be", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "sounds like", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "understandable", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "i resonate", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "totally understand", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "completely understand", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "you sound", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "in my experience", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "i get you", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "i get how", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "i know the struggle", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "i know that struggle", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "i know that pain", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "i feel your pain", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "i know it's hard", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "i know it can be", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "i know how hard", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "it's not just you", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "you're not the only one", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "you are not the only one", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "that makes sense", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "makes sense", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "that's understandable", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "it's understandable", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "no wonder", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "it's normal to", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "it is normal to", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "it's okay to feel", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "it's ok to feel", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "your feelings are valid", NULL, 0},
    {RC_IP_WEAK, 0, 1, "understanding", "i can only imagine", NULL, 0},
    {RC_IP_STRONG, 0, 1, "names the feeling", "you've been through", NULL, 0},
    {RC_IP_STRONG, 0, 1, "names the feeling", "you have been through", NULL, 0},
    {RC_IP_STRONG, 0, 1, "names the feeling", "must be hard", NULL, 0},
    {RC_IP_STRONG, 0, 1, "names the feeling", "must be tough", NULL, 0},
    {RC_IP_STRONG, 0, 1, "names the feeling", "must be difficult", NULL, 0},
    {RC_IP_STRONG, 0, 1, "names the feeling", "must be exhausting", NULL, 0},
    {RC_IP_STRONG, 0, 1, "names the feeling", "must be scary", NULL, 0},
    {RC_IP_STRONG, 0, 1, "names the feeling", "must be frustrating", NULL, 0},
    {RC_IP_STRONG, 0, 1, "names the feeling", "must be lonely", NULL, 0},
    {RC_IP_STRONG, 0, 1, "names the feeling", "must be painful", NULL, 0},
    {RC_IP_STRONG, 0, 1, "names the feeling", "must hurt", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i had the same", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "happened to me too", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i've felt", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i have felt", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i felt", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i was the same", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i used to feel", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i've dealt with", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i have dealt with", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i deal with", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i also have", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i have that too", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i had that", NULL, 0},
    {RC_IP_STRONG, 0, 1, "shared experience", "i've had that", NULL, 0},

    /* empathy: exploration (asking about the person's experience) */
    {RC_EX_STRONG, 0, 1, "asks about feelings", "how are you feeling", NULL, 0},
    {RC_EX_STRONG, 0, 1, "asks about feelings", "how do you feel", NULL, 0},
    {RC_EX_STRONG, 0, 1, "asks about feelings", "how does that make you feel", NULL, 0},
    {RC_EX_STRONG, 0, 1, "asks about feelings", "how did that make you feel", NULL, 0},
    {RC_EX_STRONG, 0, 1, "asks about feelings", "how are you doing", NULL, 0},
    {RC_EX_STRONG, 0, 1, "asks about feelings", "how are you holding up", NULL, 0},
    {RC_EX_STRONG, 0, 1, "asks about feelings", "are you feeling", NULL, 0},
    {RC_EX_STRONG, 0, 1, "asks about feelings", "do you feel", NULL, 0},
    {RC_EX_STRONG, 0, 1, "asks about feelings", "have you felt", NULL, 0},
    {RC_EX_STRONG, 0, 1, "asks about feelings", "what makes you feel", NULL, 0},
    {RC_EX_STRONG, 0, 1, "asks about feelings", "what made you feel", NULL, 0},
    {RC_EX_STRONG, 0, 1, "asks about feelings", "tell me more", NULL, 0},
    {RC_EX_STRONG, 0, 1, "asks about feelings", "can you tell me", NULL, 0},
    {RC_EX_STRONG, 0, 1, "asks about feelings", "could you tell me", NULL, 0},
    {RC_EX_STRONG, 0, 1, "asks about feelings", "what happened", NULL, 0},
    {RC_EX_WEAK, 0, 1, "asks", "what", NULL, 0},
    {RC_EX_WEAK, 0, 1, "asks", "why", NULL, 0},
    {RC_EX_WEAK, 0, 1, "asks", "how", NULL, 0},
    {RC_EX_WEAK, 0, 1, "asks", "do you", NULL, 0},
    {RC_EX_WEAK, 0, 1, "asks", "did you", NULL, 0},
    {RC_EX_WEAK, 0, 1, "asks", "have you", NULL, 0},
    {RC_EX_WEAK, 0, 1, "asks", "are you", NULL, 0},
    {RC_EX_WEAK, 0, 1, "asks", "is there", NULL, 0},
    {RC_EX_WEAK, 0, 1, "asks", "is it", NULL, 0},
    {RC_EX_WEAK, 0, 1, "asks", "can you", NULL, 0},
};
/* clang-format on */

#define N_RULES (sizeof(rule_table) / sizeof(rule_table[0]))

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
        const char *p = rule_table[i].pattern;

        *r = rule_table[i];
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
