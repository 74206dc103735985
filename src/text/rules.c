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
    {RC_RISK, AT_RISK_SWITCH, 0.85f, "may switch to a competitor", "switch to", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.85f, "may switch to a competitor", "switching to", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.85f, "may switch to a competitor", "competitor", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.7f, "may switch to a competitor", "go elsewhere", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.7f, "may switch to a competitor", "going elsewhere", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.7f, "may switch to a competitor", "take my business", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.7f, "may switch to a competitor", "another provider", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.7f, "may switch to a competitor", "another company", NULL, 0},
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
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens a public review", "bad review", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens a public review", "one star", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens a public review", "1 star", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens a public review", "trustpilot", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens a public review", "yelp", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "social media", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "twitter", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "tell everyone", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "the press", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "go public", NULL, 0},
    {RC_RISK, AT_RISK_ESCALATE, 0.6f, "asks for a manager", "manager", NULL, 0},
    {RC_RISK, AT_RISK_ESCALATE, 0.6f, "asks for a manager", "supervisor", NULL, 0},
    {RC_RISK, AT_RISK_ESCALATE, 0.6f, "asks for a manager", "someone in charge", NULL, 0},
    {RC_RISK, AT_RISK_ESCALATE, 0.6f, "asks to escalate", "escalate", NULL, 0},
    {RC_RISK, AT_RISK_ESCALATE, 0.6f, "files a formal complaint", "formal complaint", NULL, 0},
    {RC_RISK, AT_RISK_ESCALATE, 0.5f, "files a formal complaint", "file a complaint", NULL, 0},
    {RC_RISK, AT_RISK_ESCALATE, 0.5f, "files a formal complaint", "complaint", NULL, 0},

    {RC_RISK, AT_RISK_CHARGEBACK, 0.9f, "threatens a chargeback", "dispute it", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.9f, "threatens a chargeback", "dispute with my bank", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.9f, "threatens a chargeback", "dispute the payment", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.9f, "threatens a chargeback", "dispute this payment", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.9f, "threatens a chargeback", "dispute the transaction", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.9f, "threatens a chargeback", "disputing the charge", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.9f, "threatens a chargeback", "disputing it", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.9f, "threatens a chargeback", "opened a dispute", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.9f, "threatens a chargeback", "open a dispute", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.9f, "threatens a chargeback", "file a dispute", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.9f, "threatens a chargeback", "raise a dispute", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.9f, "threatens a chargeback", "chargeback filed", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.9f, "threatens a chargeback", "reverse the charge", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.9f, "threatens a chargeback", "reverse the payment", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.8f, "threatens a chargeback", "my bank", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.8f, "threatens a chargeback", "my card issuer", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.8f, "threatens a chargeback", "card issuer", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.8f, "threatens a chargeback", "my credit card company", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.8f, "threatens a chargeback", "to my bank", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.8f, "threatens a chargeback", "report it to my bank", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.8f, "threatens a chargeback", "paypal dispute", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.8f, "threatens a chargeback", "paypal claim", NULL, 0},
    {RC_RISK, AT_RISK_CHARGEBACK, 0.8f, "threatens a chargeback", "section 75", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.95f, "mentions legal action", "solicitor", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.95f, "mentions legal action", "my solicitor", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.95f, "mentions legal action", "legal team", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.95f, "mentions legal action", "legal proceedings", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.95f, "mentions legal action", "start proceedings", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.95f, "mentions legal action", "take you to court", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.95f, "mentions legal action", "see you in court", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.95f, "mentions legal action", "class action", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.95f, "mentions legal action", "lawsuit", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.95f, "mentions legal action", "legal advice", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.95f, "mentions legal action", "sue you", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.9f, "mentions a regulator", "regulator", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.9f, "mentions a regulator", "ofcom", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.9f, "mentions a regulator", "ofgem", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.9f, "mentions a regulator", "ofwat", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.9f, "mentions a regulator", "the fca", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.9f, "mentions a regulator", "financial ombudsman", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.9f, "mentions a regulator", "ftc", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.9f, "mentions a regulator", "cfpb", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.9f, "mentions a regulator", "attorney general", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.9f, "mentions a regulator", "consumer rights", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.9f, "mentions a regulator", "consumer association", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.9f, "mentions a regulator", "citizens advice", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.9f, "mentions a regulator", "trading standards office", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.9f, "mentions a regulator", "data protection authority", NULL, 0},
    {RC_RISK, AT_RISK_LEGAL, 0.9f, "mentions a regulator", "report you to", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.85f, "may switch to a competitor", "other company", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.85f, "may switch to a competitor", "another supplier", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.85f, "may switch to a competitor", "another network", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.85f, "may switch to a competitor", "another bank", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.85f, "may switch to a competitor", "another airline", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.85f, "may switch to a competitor", "other provider", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.85f, "may switch to a competitor", "other providers", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.85f, "may switch to a competitor", "someone else", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.85f, "may switch to a competitor", "anyone else", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.85f, "may switch to a competitor", "cheaper elsewhere", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.85f, "may switch to a competitor", "move to another", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.85f, "may switch to a competitor", "moving to another", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.85f, "may switch to a competitor", "switching provider", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.85f, "may switch to a competitor", "switch provider", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.85f, "may switch to a competitor", "better deal elsewhere", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.85f, "may switch to a competitor", "port my number", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.85f, "may switch to a competitor", "leaving you", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.85f, "may switch to a competitor", "leave you for", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.85f, "may switch to a competitor", "i'm gone", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.85f, "may switch to a competitor", "i am gone", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.85f, "may switch to a competitor", "give me a reason to stay", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.85f, "may switch to a competitor", "reason to stay", NULL, 0},
    {RC_RISK, AT_RISK_SWITCH, 0.85f, "may switch to a competitor", "why would i stay", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.8f, "wants to cancel", "close the account", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.8f, "wants to cancel", "terminate my contract", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.8f, "wants to cancel", "terminate the contract", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.8f, "wants to cancel", "end my contract", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.8f, "wants to cancel", "end my subscription", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.8f, "wants to cancel", "stop my subscription", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.8f, "wants to cancel", "cancel the subscription", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.8f, "wants to cancel", "cancel my subscription", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.8f, "wants to cancel", "cancel my membership", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.8f, "wants to cancel", "do not renew", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.8f, "wants to cancel", "don't renew", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.8f, "wants to cancel", "not renewing", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.8f, "wants to cancel", "not be renewing", NULL, 0},
    {RC_RISK, AT_RISK_CANCEL, 0.8f, "wants to cancel", "let my contract lapse", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "trustpilot review", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "google review", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "leave a review", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "leaving a review", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "write a review", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "post a review", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "honest review", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "negative review", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "one-star", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "tiktok", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "instagram", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "facebook", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "youtube", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "linkedin", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "reddit", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "followers", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "my followers", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "warn others", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "warn people", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "everyone know", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "let people know", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "people know what", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "posting this", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "post about this", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "the papers", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "the news", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "a journalist", NULL, 0},
    {RC_RISK, AT_RISK_PUBLIC, 0.7f, "threatens to go public", "watchdog", NULL, 0},
    {RC_RISK, AT_RISK_ESCALATE, 0.6f, "asks for a manager", "someone senior", NULL, 0},
    {RC_RISK, AT_RISK_ESCALATE, 0.6f, "asks for a manager", "someone higher up", NULL, 0},
    {RC_RISK, AT_RISK_ESCALATE, 0.6f, "asks for a manager", "higher up", NULL, 0},
    {RC_RISK, AT_RISK_ESCALATE, 0.6f, "asks for a manager", "responsible person", NULL, 0},
    {RC_RISK, AT_RISK_ESCALATE, 0.6f, "asks for a manager", "person in charge", NULL, 0},
    {RC_RISK, AT_RISK_ESCALATE, 0.6f, "asks for a manager", "your ceo", NULL, 0},
    {RC_RISK, AT_RISK_ESCALATE, 0.6f, "asks for a manager", "the ceo", NULL, 0},
    {RC_RISK, AT_RISK_ESCALATE, 0.6f, "asks for a manager", "head office", NULL, 0},
    {RC_RISK, AT_RISK_ESCALATE, 0.6f, "asks for a manager", "your boss", NULL, 0},
    {RC_RISK, AT_RISK_ESCALATE, 0.6f, "asks for a manager", "speak to a manager", NULL, 0},
    {RC_RISK, AT_RISK_ESCALATE, 0.6f, "asks for a manager", "talk to a manager", NULL, 0},
    {RC_RISK, AT_RISK_ESCALATE, 0.6f, "asks for a manager", "complaints department", NULL, 0},
    {RC_RISK, AT_RISK_ESCALATE, 0.6f, "asks for a manager", "complaints procedure", NULL, 0},

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

    /* the structure of a message (structure.c) */
    {RC_STRUCT, PM_CONTRAST, 0.0f, "contrast", "but", NULL, 0},
    {RC_STRUCT, PM_CONTRAST, 0.0f, "contrast", "however", NULL, 0},
    {RC_STRUCT, PM_CONTRAST, 0.0f, "contrast", "nevertheless", NULL, 0},
    {RC_STRUCT, PM_CONTRAST, 0.0f, "contrast", "nonetheless", NULL, 0},
    {RC_STRUCT, PM_CONTRAST, 0.0f, "contrast", "that said", NULL, 0},
    {RC_STRUCT, PM_CONTRAST, 0.0f, "contrast", "having said that", NULL, 0},
    {RC_STRUCT, PM_CONTRAST, 0.0f, "contrast", "on the other hand", NULL, 0},
    {RC_STRUCT, PM_CONTRAST, 0.0f, "contrast", "except that", NULL, 0},
    {RC_STRUCT, PM_CONTRAST, 0.0f, "contrast", "even so", NULL, 0},
    {RC_STRUCT, PM_CONTRAST, 0.0f, "contrast", "then again", NULL, 0},
    {RC_STRUCT, PM_CONTRAST, 0.0f, "contrast", "all the same", NULL, 0},
    {RC_STRUCT, PM_CONTRAST, 0.0f, "contrast", ", yet", NULL, 0},
    {RC_STRUCT, PM_CONTRAST, 0.0f, "contrast", ", still ,", NULL, 0},
    {RC_STRUCT, PM_CONCESSIVE, 0.0f, "concession", "although", NULL, 0},
    {RC_STRUCT, PM_CONCESSIVE, 0.0f, "concession", "though", NULL, 0},
    {RC_STRUCT, PM_CONCESSIVE, 0.0f, "concession", "even though", NULL, 0},
    {RC_STRUCT, PM_CONCESSIVE, 0.0f, "concession", "even if", NULL, 0},
    {RC_STRUCT, PM_CONCESSIVE, 0.0f, "concession", "despite", NULL, 0},
    {RC_STRUCT, PM_CONCESSIVE, 0.0f, "concession", "in spite of", NULL, 0},
    {RC_STRUCT, PM_CONCESSIVE, 0.0f, "concession", "whereas", NULL, 0},
    {RC_STRUCT, PM_CONCESSIVE, 0.0f, "concession", "albeit", NULL, 0},
    {RC_STRUCT, PM_CONCESSIVE, 0.0f, "concession", "granted", NULL, 0},
    {RC_STRUCT, PM_EXPECT, 0.0f, "expectation", "i thought", NULL, 0},
    {RC_STRUCT, PM_EXPECT, 0.0f, "expectation", "i had thought", NULL, 0},
    {RC_STRUCT, PM_EXPECT, 0.0f, "expectation", "we thought", NULL, 0},
    {RC_STRUCT, PM_EXPECT, 0.0f, "expectation", "i expected", NULL, 0},
    {RC_STRUCT, PM_EXPECT, 0.0f, "expectation", "we expected", NULL, 0},
    {RC_STRUCT, PM_EXPECT, 0.0f, "expectation", "i had expected", NULL, 0},
    {RC_STRUCT, PM_EXPECT, 0.0f, "expectation", "i was expecting", NULL, 0},
    {RC_STRUCT, PM_EXPECT, 0.0f, "expectation", "we were expecting", NULL, 0},
    {RC_STRUCT, PM_EXPECT, 0.0f, "expectation", "i assumed", NULL, 0},
    {RC_STRUCT, PM_EXPECT, 0.0f, "expectation", "i feared", NULL, 0},
    {RC_STRUCT, PM_EXPECT, 0.0f, "expectation", "i was afraid", NULL, 0},
    {RC_STRUCT, PM_EXPECT, 0.0f, "expectation", "i was worried", NULL, 0},
    {RC_STRUCT, PM_EXPECT, 0.0f, "expectation", "i worried", NULL, 0},
    {RC_STRUCT, PM_EXPECT, 0.0f, "expectation", "i hoped", NULL, 0},
    {RC_STRUCT, PM_EXPECT, 0.0f, "expectation", "i had hoped", NULL, 0},
    {RC_STRUCT, PM_EXPECT, 0.0f, "expectation", "i was hoping", NULL, 0},
    {RC_STRUCT, PM_EXPECT, 0.0f, "expectation", "we were hoping", NULL, 0},
    {RC_STRUCT, PM_EXPECT, 0.0f, "expectation", "i imagined", NULL, 0},
    {RC_STRUCT, PM_EXPECT, 0.0f, "expectation", "i figured", NULL, 0},
    {RC_STRUCT, PM_EXPECT, 0.0f, "expectation", "i was sure", NULL, 0},
    {RC_STRUCT, PM_EXPECT, 0.0f, "expectation", "i was told", NULL, 0},
    {RC_STRUCT, PM_EXPECT, 0.0f, "expectation", "we were told", NULL, 0},
    {RC_STRUCT, PM_EXPECT, 0.0f, "expectation", "supposed to be", NULL, 0},
    {RC_STRUCT, PM_EXPECT, 0.0f, "expectation", "supposed to have", NULL, 0},
    {RC_STRUCT, PM_EXPECT, 0.0f, "expectation", "meant to be", NULL, 0},
    {RC_STRUCT, PM_PAST, 0.0f, "the past", "used to", NULL, 0},
    {RC_STRUCT, PM_PAST, 0.0f, "the past", "in the past", NULL, 0},
    {RC_STRUCT, PM_PAST, 0.0f, "the past", "at first", NULL, 0},
    {RC_STRUCT, PM_PAST, 0.0f, "the past", "initially", NULL, 0},
    {RC_STRUCT, PM_PAST, 0.0f, "the past", "previously", NULL, 0},
    {RC_STRUCT, PM_PAST, 0.0f, "the past", "at the beginning", NULL, 0},
    {RC_STRUCT, PM_PAST, 0.0f, "the past", "in the beginning", NULL, 0},
    {RC_STRUCT, PM_PAST, 0.0f, "the past", "back then", NULL, 0},
    {RC_STRUCT, PM_PAST, 0.0f, "the past", "formerly", NULL, 0},
    {RC_STRUCT, PM_PAST, 0.0f, "the past", "years ago", NULL, 0},
    {RC_STRUCT, PM_PAST, 0.0f, "the past", "once upon a time", NULL, 0},
    {RC_STRUCT, PM_PRESENT, 0.0f, "now", "now", NULL, 0},
    {RC_STRUCT, PM_PRESENT, 0.0f, "now", "nowadays", NULL, 0},
    {RC_STRUCT, PM_PRESENT, 0.0f, "now", "these days", NULL, 0},
    {RC_STRUCT, PM_PRESENT, 0.0f, "now", "today", NULL, 0},
    {RC_STRUCT, PM_PRESENT, 0.0f, "now", "anymore", NULL, 0},
    {RC_STRUCT, PM_PRESENT, 0.0f, "now", "any more", NULL, 0},
    {RC_STRUCT, PM_PRESENT, 0.0f, "now", "at the moment", NULL, 0},
    {RC_STRUCT, PM_PRESENT, 0.0f, "now", "currently", NULL, 0},
    {RC_STRUCT, PM_PRESENT, 0.0f, "now", "lately", NULL, 0},
    {RC_STRUCT, PM_PRESENT, 0.0f, "now", "these past", NULL, 0},
    {RC_STRUCT, PM_NEG_OPINION, 0.0f, "negated opinion", "don't think", NULL, 0},
    {RC_STRUCT, PM_NEG_OPINION, 0.0f, "negated opinion", "do not think", NULL, 0},
    {RC_STRUCT, PM_NEG_OPINION, 0.0f, "negated opinion", "dont think", NULL, 0},
    {RC_STRUCT, PM_NEG_OPINION, 0.0f, "negated opinion", "wouldn't say", NULL, 0},
    {RC_STRUCT, PM_NEG_OPINION, 0.0f, "negated opinion", "would not say", NULL, 0},
    {RC_STRUCT, PM_NEG_OPINION, 0.0f, "negated opinion", "wouldnt say", NULL, 0},
    {RC_STRUCT, PM_NEG_OPINION, 0.0f, "negated opinion", "can't say", NULL, 0},
    {RC_STRUCT, PM_NEG_OPINION, 0.0f, "negated opinion", "cannot say", NULL, 0},
    {RC_STRUCT, PM_NEG_OPINION, 0.0f, "negated opinion", "can not say", NULL, 0},
    {RC_STRUCT, PM_NEG_OPINION, 0.0f, "negated opinion", "don't believe", NULL, 0},
    {RC_STRUCT, PM_NEG_OPINION, 0.0f, "negated opinion", "do not believe", NULL, 0},
    {RC_STRUCT, PM_NEG_OPINION, 0.0f, "negated opinion", "wouldn't call", NULL, 0},
    {RC_STRUCT, PM_NEG_OPINION, 0.0f, "negated opinion", "would not call", NULL, 0},
    {RC_STRUCT, PM_NEG_OPINION, 0.0f, "negated opinion", "don't feel", NULL, 0},
    {RC_STRUCT, PM_NEG_OPINION, 0.0f, "negated opinion", "do not feel", NULL, 0},
    {RC_STRUCT, PM_NEG_OPINION, 0.0f, "negated opinion", "don't find", NULL, 0},
    {RC_STRUCT, PM_NEG_OPINION, 0.0f, "negated opinion", "do not find", NULL, 0},
    {RC_STRUCT, PM_NEG_OPINION, 0.0f, "negated opinion", "wouldn't describe", NULL, 0},
    {RC_STRUCT, PM_NEG_OPINION, 0.0f, "negated opinion", "would never say", NULL, 0},
    {RC_STRUCT, PM_NEG_OPINION, 0.0f, "negated opinion", "would never call", NULL, 0},
    {RC_STRUCT, PM_NEG_OPINION, 0.0f, "negated opinion", "don't consider", NULL, 0},
    {RC_STRUCT, PM_NEG_OPINION, 0.0f, "negated opinion", "not sure", NULL, 0},
    {RC_STRUCT, PM_NEG_OPINION, 0.0f, "negated opinion", "never thought", NULL, 0},
    {RC_STRUCT, PM_NEG_OPINION, 0.0f, "negated opinion", "doesn't seem", NULL, 0},
    {RC_STRUCT, PM_NEG_OPINION, 0.0f, "negated opinion", "does not seem", NULL, 0},
    {RC_STRUCT, PM_NEG_OPINION, 0.0f, "negated opinion", "don't see", NULL, 0},
    {RC_STRUCT, PM_POLITE, 0.0f, "politeness", "thanks in advance", NULL, 0},
    {RC_STRUCT, PM_POLITE, 0.0f, "politeness", "thank you in advance", NULL, 0},
    {RC_STRUCT, PM_POLITE, 0.0f, "politeness", "thanks for any help", NULL, 0},
    {RC_STRUCT, PM_POLITE, 0.0f, "politeness", "thanks for your help in advance", NULL, 0},
    {RC_STRUCT, PM_POLITE, 0.0f, "politeness", "thanks for your time", NULL, 0},
    {RC_STRUCT, PM_POLITE, 0.0f, "politeness", "thank you for your time", NULL, 0},
    {RC_STRUCT, PM_POLITE, 0.0f, "politeness", "thanks for looking into", NULL, 0},
    {RC_STRUCT, PM_POLITE, 0.0f, "politeness", "thank you for looking into", NULL, 0},
    {RC_STRUCT, PM_POLITE, 0.0f, "politeness", "thanks for checking", NULL, 0},
    {RC_STRUCT, PM_POLITE, 0.0f, "politeness", "thanks for any advice", NULL, 0},
    {RC_STRUCT, PM_POLITE, 0.0f, "politeness", "thanks for any assistance", NULL, 0},
    {RC_STRUCT, PM_POLITE, 0.0f, "politeness", "thanks for your attention", NULL, 0},
    {RC_STRUCT, PM_POLITE, 0.0f, "politeness", "thank you for your attention", NULL, 0},
    {RC_STRUCT, PM_POLITE, 0.0f, "politeness", "tia", NULL, 0},
    {RC_STRUCT, PM_POLITE, 0.0f, "politeness", "please", NULL, 0},
    {RC_STRUCT, PM_POLITE, 0.0f, "politeness", "pls", NULL, 0},
    {RC_STRUCT, PM_POLITE, 0.0f, "politeness", "plz", NULL, 0},
    {RC_STRUCT, PM_POLITE, 0.0f, "politeness", "kindly", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC, 0.0f, "sarcasm", "thanks for nothing", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC, 0.0f, "sarcasm", "thank you for nothing", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC, 0.0f, "sarcasm", "thanks for wasting", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC, 0.0f, "sarcasm", "thank you for wasting", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC, 0.0f, "sarcasm", "thanks for ruining", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC, 0.0f, "sarcasm", "thanks for the runaround", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC, 0.0f, "sarcasm", "thanks for the hassle", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC, 0.0f, "sarcasm", "thanks for making me wait", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC, 0.0f, "sarcasm", "thanks for ignoring", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC, 0.0f, "sarcasm", "thank you for ignoring", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC, 0.0f, "sarcasm", "yeah right", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC, 0.0f, "sarcasm", "yeah , right", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC, 0.0f, "sarcasm", "as if", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 0.0f, "sarcasm", "thanks a lot", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 0.0f, "sarcasm", "thanks a bunch", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 0.0f, "sarcasm", "thanks a million", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 0.0f, "sarcasm", "thanks so much", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 0.0f, "sarcasm", "thank you so much", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 0.0f, "sarcasm", "thanks again", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 0.0f, "sarcasm", "much appreciated", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 0.0f, "sarcasm", "great job", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 0.0f, "sarcasm", "good job", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 0.0f, "sarcasm", "nice job", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 0.0f, "sarcasm", "well done", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 0.0f, "sarcasm", "way to go", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 0.0f, "sarcasm", "so helpful", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 0.0f, "sarcasm", "very helpful", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 0.0f, "sarcasm", "really helpful", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 0.0f, "sarcasm", "real helpful", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 0.0f, "sarcasm", "super helpful", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 0.0f, "sarcasm", "how nice", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 0.0f, "sarcasm", "how lovely", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 0.0f, "sarcasm", "how wonderful", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 0.0f, "sarcasm", "how convenient", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 1.0f, "sarcasm", "love how", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 1.0f, "sarcasm", "love it when", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 1.0f, "sarcasm", "love that", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 1.0f, "sarcasm", "gotta love", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 1.0f, "sarcasm", "got to love", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 1.0f, "sarcasm", "just what i needed", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 1.0f, "sarcasm", "just what i need", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 1.0f, "sarcasm", "exactly what i needed", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 1.0f, "sarcasm", "what a great", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 1.0f, "sarcasm", "what a wonderful", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 1.0f, "sarcasm", "what a lovely", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 1.0f, "sarcasm", "nothing like", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 1.0f, "sarcasm", "another great", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 1.0f, "sarcasm", "so glad", NULL, 0},
    {RC_STRUCT, PM_SARCASTIC_IF, 1.0f, "sarcasm", "so happy that", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "fed up", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "sick of", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "sick and tired", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "had enough", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "at my wits end", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "at my wit's end", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "ripped off", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "rip off", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "rip-off", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "waste of time", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "waste of money", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "wasted my time", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "wasting my time", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "wasted hours", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "total joke", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "a joke", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "what a joke", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "worst experience", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "never again", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "no help", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "of no help", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "useless service", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "let down", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "let me down", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "freaking out", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "going in circles", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "the runaround", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "run around", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "passed around", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.6f, "phrase", "bounced around", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "charged twice", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "double charged", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "charged me twice", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "overcharged", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "over charged", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "charged again", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "still charged", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "stopped working", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "keeps crashing", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "keeps failing", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "nothing works", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "broke everything", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "never arrived", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "never received", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "never got", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "never came", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "never showed", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "never showed up", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "never heard back", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "no one answers", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "nobody answers", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "no one responds", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "nobody responds", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "no one cares", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "nobody cares", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "losing money", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "losing customers", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "lost my", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "lost our", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "lost the", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "missed my", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "missed our", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "missed the", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "expected better", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "deserve better", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "hoped for better", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "not acceptable", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "hung up on", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "false advertising", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "not as described", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "not what i ordered", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "wrong item", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "wrong order", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "no refund", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "still not fixed", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "still broken", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "still not working", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "still no", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "still nothing", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "not fixed", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "not resolved", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "not working", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "isnt working", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "isn't working", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "is not working", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "doesn't work", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "does not work", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "doesnt work", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "didn't work", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "did not work", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "won't load", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "will not load", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "not loading", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "wont load", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "won't open", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "is down", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "are down", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "went down", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "goes down", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "site down", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "app down", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "server down", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "been down", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "cannot log in", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "can't log in", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "cant log in", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "cannot login", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "can't login", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "unable to log in", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "unable to login", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "locked out", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.0f, "phrase", "locked me out", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "still waiting", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "been waiting", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "still have not", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "still haven't", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "still hasn't", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "still havent", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "no response", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "no reply", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "no answer", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "no update", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "no updates", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "no word", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "no call back", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "no callback", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "on hold", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "hasn't arrived", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "has not arrived", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "hasnt arrived", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "not arrived", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "didn't arrive", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "did not arrive", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "not received", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "haven't received", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "have not received", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "havent received", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "didn't receive", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "did not receive", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "not delivered", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "hours late", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "days late", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "weeks late", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "delayed again", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "cancelled again", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "canceled again", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "left stranded", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "stuck at", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "stuck in", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "stuck on", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "money back", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "want a refund", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "need a refund", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "still pending", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "error message", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "error code", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "crashed", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "crashes", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "keeps freezing", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "freezes", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "glitch", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "glitchy", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "not showing", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "doesn't show", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "does not show", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "missing from", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "is missing", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "are missing", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "was missing", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "were missing", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "disappeared", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.5f, "phrase", "not good enough", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 2.6f, "phrase", "above and beyond", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 2.6f, "phrase", "went the extra mile", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 2.6f, "phrase", "life saver", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 2.6f, "phrase", "lifesaver", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 2.6f, "phrase", "saved the day", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 2.6f, "phrase", "saved my day", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 2.6f, "phrase", "made my day", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 2.6f, "phrase", "second to none", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 2.6f, "phrase", "top notch", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 2.6f, "phrase", "top-notch", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 2.6f, "phrase", "hats off", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 2.6f, "phrase", "kudos to", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 2.6f, "phrase", "shout out to", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 2.6f, "phrase", "shoutout to", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "works now", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "working now", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "works perfectly", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "works great", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "sorted it", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "sorted out", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "fixed it", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "fixed now", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "all sorted", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "all good now", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "problem solved", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "issue resolved", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "quick response", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "quick reply", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "fast response", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "fast reply", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "quick service", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "fast service", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "spot on", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "arrived on time", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "back up and running", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "up and running", NULL, 0},

    {RC_STRUCT, PM_SENTIMENT, -2.4f, "phrase", "gutted", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.4f, "phrase", "shambles", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.4f, "phrase", "shambolic", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.4f, "phrase", "seething", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.4f, "phrase", "scammed", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.4f, "phrase", "nightmare", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.4f, "phrase", "given up hope", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.4f, "phrase", "lost all faith", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.4f, "phrase", "lost faith", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.4f, "phrase", "lost patience", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.4f, "phrase", "losing patience", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.4f, "phrase", "beyond frustrated", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.4f, "phrase", "beyond angry", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.4f, "phrase", "fobbed off", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.4f, "phrase", "brushed off", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -2.4f, "phrase", "strung along", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "unhelpful", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "hassle", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "absurd", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "laughable", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "buggy", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "laggy", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "unreliable", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "overpriced", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "still cannot", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "still can't", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "still cant", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "still doesn't", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "still does not", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "still won't", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "still unable", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "yet again", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "same problem", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "same issue", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "happened again", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "down again", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "broken again", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "failed again", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "late again", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "gone again", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "wrong again", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "third time", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "fourth time", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "fifth time", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "sixth time", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "umpteenth time", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "for the last time", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "how many times", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "so many times", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "countless times", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "every time i call", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "nobody helps", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "no one helps", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "nobody has helped", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "no one has helped", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "left in the dark", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "kept in the dark", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "not one update", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "not a single", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "ignored my", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "ignoring my", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "no explanation", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "without explanation", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "without warning", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "no apology", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "not even an apology", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "not authorised", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "not authorized", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "never authorised", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "never authorized", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "never signed up", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "never ordered", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "never asked for", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "didn't ask for", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "did not ask for", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.6f, "phrase", "not my fault", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.0f, "phrase", "second time", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.0f, "phrase", "<num> times", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.0f, "phrase", "several times", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.0f, "phrase", "multiple times", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.0f, "phrase", "many times", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.0f, "phrase", "again and again", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.0f, "phrase", "over and over", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.0f, "phrase", "been chasing", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.0f, "phrase", "still chasing", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.0f, "phrase", "chasing this", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, -1.0f, "phrase", "chasing up", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "seamless", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "painless", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "so quick", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "so fast", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "really quick", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "really fast", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "super quick", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "super fast", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "very quick", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "very fast", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "reliable", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 1.8f, "phrase", "smooth", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "free trial", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "free of charge", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "interest free", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "interest-free", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "interest rate", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "credit card", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "credit note", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "credit score", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "store credit", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "in credit", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "account credit", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "customer care", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "customer support", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "support team", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "tech support", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "technical support", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "support ticket", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "priority support", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "priority boarding", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "would like", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "i would like", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "i'd like", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "like to know", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "like to ask", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "like to change", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "looks like", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "look like", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "seems like", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "feel like", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "feels like", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "like this", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "like that", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "something like", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "things like", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "just like", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "bank holiday", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "bank holidays", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "help me", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "please help", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "can you help", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "could you help", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "would you help", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "need help", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "need your help", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "any help", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "help with", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "help centre", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "help center", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "help desk", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "helpdesk", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "help page", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "kind of", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "sort of", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "yes please", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "safe mode", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "safety deposit", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "play store", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "party members", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "third party", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "true or false", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "care home", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "health care", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "child care", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "childcare", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "fair use", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "pretty much", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "well as", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "as well", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "good morning", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "good afternoon", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "good evening", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "good day", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "hope you are well", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "hope you are doing well", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "hope this finds you well", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "hope all is well", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "i hope you", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "hope you can", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "hope you could", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "hoping you can", NULL, 0},
    {RC_STRUCT, PM_SENTIMENT, 0.0f, "phrase", "hoping you could", NULL, 0},

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
#define N_RULES          (N_CUSTOMER_RULES + text_n_reply_rules)

/* Rules about customer messages and rules about replies sit in separate chains. */
#define CUSTOMER_CATS                                                                              \
    ((1u << RC_URGENCY) | (1u << RC_RISK) | (1u << RC_COMPLAINT) | (1u << RC_EMO_CUE) |            \
     (1u << RC_STRUCT))
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
