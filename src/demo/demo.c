/*
 * The demo: a help desk a few weeks into its life. Every ticket goes through
 * the desk's own functions, so statuses, events and first responses are what
 * real use would leave behind. The text is written here, for this demo.
 */
#include "demo/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/mem.h"
#include "desk/jobs.h"
#include "desk/macro.h"
#include "desk/sla_policy.h"
#include "desk/survey.h"
#include "jobs/jobs.h"

#include "core/banned.h"

#define MINUTE (60LL * 1000)
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)
/*
 * Tickets per commit. The first transaction of a store batch runs without a
 * savepoint, so a long batch costs no more per ticket than a short one
 * (20,000 tickets: 19.6 s in batches of 500; with a savepoint per batch it was
 * 24 s in batches of 20 and grew with the batch).
 */
#define BATCH 500

const struct at_demo_login at_demo_logins[] = {
    {"admin@demo.attune", "Priya Raman", AT_ROLE_ADMIN},
    {"lead@demo.attune", "Sam Okafor", AT_ROLE_LEAD},
    {"maya@demo.attune", "Maya Lindqvist", AT_ROLE_AGENT},
    {"tomas@demo.attune", "Tomás Rivera", AT_ROLE_AGENT},
    {"aiko@demo.attune", "Aiko Tanaka", AT_ROLE_AGENT},
    {"jonas@demo.attune", "Jonas Berg", AT_ROLE_AGENT},
    {"lena@demo.attune", "Lena Park", AT_ROLE_CUSTOMER},
    {NULL, NULL, AT_ROLE_CUSTOMER},
};

static const char *const first_names[] = {
    "Amara",   "Ben",     "Chloé",      "Dmitri",  "Elif",     "Farah",     "Gabriel", "Hana",
    "Ines",    "Jamal",   "Kai",        "Lucía",   "Mateo",    "Nia",       "Oskar",   "Priyanka",
    "Quentin", "Rosa",    "Sofia",      "Tariq",   "Uma",      "Viktor",    "Wen",     "Ximena",
    "Yusuf",   "Zoe",     "Aleksander", "Beatriz", "Chidi",    "Daniela",   "Emeka",   "Fatima",
    "Grace",   "Hiroshi", "Ivan",       "Johanna", "Kwame",    "Leila",     "Marco",   "Noor",
    "Olga",    "Pedro",   "Rahul",      "Sina",    "Thandiwe", "Valentina", "William", "Yara",
    "Zeynep",  "Aisha",
};
static const char *const last_names[] = {
    "Adeyemi",   "Bauer",  "Chen",     "Dubois", "Eriksen", "Fernández", "García",  "Haddad",
    "Ivanova",   "Jensen", "Kowalski", "López",  "Mensah",  "Nakamura",  "O'Brien", "Petrov",
    "Quispe",    "Rossi",  "Schmidt",  "Tanaka", "Usman",   "Varga",     "Wang",    "Yilmaz",
    "Zhou",      "Novak",  "Okonkwo",  "Moreau", "Kim",     "Silva",     "Nguyen",  "Hughes",
    "Andersson", "Costa",  "Mahlangu", "Ali",
};
static const char *const companies[] = {
    "",
    "",
    "",
    "Brightleaf Studio",
    "Northwind Bakery",
    "Kestrel Logistics",
    "Harbor Dental",
    "Lumen Analytics",
    "Oakridge School",
    "Pinecone Games",
    "Riverside Clinic",
    "Solace Yoga",
    "Tidewater Books",
    "Umbra Design",
    "Vela Robotics",
    "Willow & Finch",
};
static const char *const notes[] = {
    "",
    "",
    "",
    "",
    "Prefers email over phone.",
    "Had a billing mix-up in the spring; be extra clear about charges.",
    "Runs a small shop; usually writes late in the evening.",
    "Longtime customer, very patient.",
    "Asked us to use their preferred name.",
    "Beta tester for the new dashboard.",
};

/*
 * A reason to write in: the subject, the first message, the tags, the
 * priority, and how the customer follows up when it is not fixed at once.
 * {first} is the customer's first name, {agent} the agent's, {order} an order number.
 */
struct scenario {
    const char *subject;
    const char *opening;
    const char *tag1, *tag2;
    enum at_priority priority;
    const char *follow_up; /* the customer's second message */
    const char *thanks;    /* the customer's message after the fix */
};

static const struct scenario scenarios[] = {
    {"Charged twice for my subscription",
     "Hi, I just noticed I was charged twice this month for my subscription (order {order}). "
     "That's money I really need right now. Can you please refund the second charge?",
     "billing", "refund", AT_PRIORITY_HIGH,
     "It's been three days and I still see both charges. This is really frustrating. If this "
     "isn't fixed by Friday I'll have to dispute it with my bank.",
     "I see the refund now. Thank you so much for sorting this out!"},
    {"Order {order} never arrived",
     "My order {order} was supposed to arrive last Tuesday and the tracking hasn't moved in a "
     "week. It's a birthday present for my daughter and the party is on Saturday. I'm getting "
     "really worried.",
     "shipping", NULL, AT_PRIORITY_HIGH,
     "Still nothing. The party is in two days. I'm honestly so disappointed.",
     "It arrived this morning, just in time. You saved the day, thank you!"},
    {"Can't log in after password reset",
     "I reset my password but now the login page just says 'invalid credentials'. I've tried "
     "three times. I'm confused, what am I doing wrong?",
     "login", NULL, AT_PRIORITY_NORMAL,
     "I tried again with the new link and it still fails. I need to get into my account today "
     "to download invoices for my accountant.",
     "That worked, I'm in. Thanks for your patience with me."},
    {"Please cancel my account",
     "I want to cancel my account. The app keeps crashing when I export reports and I've lost "
     "hours of work. I'm done, switching to another service.",
     "cancellation", "bug", AT_PRIORITY_URGENT,
     "Nobody has answered and I was charged again. I'm going to leave a review about this.",
     "OK, the export works now. I'll stay for now. Thanks for actually listening."},
    {"Export to CSV crashes",
     "Every time I export more than 500 rows to CSV the page freezes and then shows an error. "
     "Smaller exports work fine. Is this a known problem?",
     "bug", "export", AT_PRIORITY_NORMAL,
     "Any news? I have to send this report to my manager by Monday.",
     "The fix works perfectly, thank you!"},
    {"Question about upgrading to the team plan",
     "Hello! We're growing and I'd like to move from the starter plan to the team plan. Will "
     "we keep our data and history? And is the price prorated?",
     "billing", "sales", AT_PRIORITY_LOW, NULL,
     "Great, that's exactly what I needed to know. Thanks!"},
    {"Invoice shows the wrong company name",
     "Our invoices still show our old company name. Our finance team can't process them like "
     "this. Could you update it to our new name?",
     "billing", "invoice", AT_PRIORITY_NORMAL,
     "We got a new invoice today and it still has the old name. Please check again.",
     "The new invoices are correct. Much appreciated."},
    {"Feature request: dark mode",
     "Love the app! Any chance of a dark mode? I work late and the white screen is hard on the "
     "eyes.",
     "feature-request", NULL, AT_PRIORITY_LOW, NULL, "Thanks for passing it on, fingers crossed!"},
    {"Damaged item in my delivery",
     "The package for order {order} arrived today and the glass vase inside is broken. I'm "
     "really upset, it was a wedding gift. What can be done?",
     "shipping", "damaged", AT_PRIORITY_HIGH,
     "I sent the photos you asked for two days ago and haven't heard back.",
     "The replacement arrived safely. Thank you for making it right."},
    {"App is so slow since the update",
     "Since yesterday's update the app takes forever to load my projects. Like 30 seconds. "
     "Did something change? This is making my job really hard.",
     "bug", "performance", AT_PRIORITY_NORMAL, "Still slow today. My whole team is affected now.",
     "Much faster now, thank you!"},
    {"How do I add a team member?",
     "Hi there, I'm a bit lost. How do I invite a new colleague to our workspace? I can't find "
     "the option anywhere.",
     "how-to", NULL, AT_PRIORITY_LOW, NULL, "Found it, thanks a lot!"},
    {"Data looks wrong in the monthly report",
     "The monthly report says we had 12 orders in March but we had over 200. I'm worried our "
     "data is being lost. Can someone look at this urgently?",
     "bug", "reports", AT_PRIORITY_URGENT,
     "This is critical for us, we report to investors next week. Please escalate this.",
     "The numbers are right now. Thank you for taking it seriously."},
    {"Refund for an unused annual plan",
     "I bought the annual plan by mistake, I meant to choose monthly. I haven't used any of "
     "the premium features. Could I get a refund?",
     "billing", "refund", AT_PRIORITY_NORMAL,
     "I haven't heard anything. Is a refund possible or not?",
     "Refund received. Thanks for being so understanding."},
    {"Thank you!",
     "Just wanted to say thanks to {agent} who helped me last week. The problem hasn't come "
     "back and you made my day much easier.",
     "feedback", NULL, AT_PRIORITY_LOW, NULL, NULL},
    {"Two-factor codes not arriving",
     "I'm not receiving the SMS codes for two-factor login anymore, so I'm locked out. I travel "
     "a lot and this is stressful. Please help.",
     "login", "security", AT_PRIORITY_HIGH,
     "I'm still locked out and I have a client presentation in the morning.",
     "I'm back in. Thank you for the quick help."},
    {"Where is my order {order}?",
     "Hi, can you tell me when order {order} will ship? The site said 2-3 days and it's been "
     "five. Not urgent, just curious.",
     "shipping", NULL, AT_PRIORITY_LOW, NULL, "Got the tracking number, thanks!"},
};

/* Replies that listen, and replies that do not (so the coach has work to do). */
static const char *const kind_replies[] = {
    "Hi {first}, I'm so sorry about this, I can see how frustrating it is. I've looked into "
    "it and I will have it fixed for you today. I'll write again by 5 pm with an update.",
    "Hello {first}, thank you for telling us, and I'm sorry for the worry this has caused. "
    "I've escalated it to our team and I'll personally follow up tomorrow morning.",
    "Hi {first}, I understand how stressful this must be. Here's what I'll do: I'm checking "
    "your account right now and I'll get back to you within two hours with a fix or a plan.",
    "Hi {first}, thanks for your patience. It sounds like this has been a real hassle. Could "
    "you tell me which browser you're using? Then I can reproduce it and fix it properly.",
    "Dear {first}, I'm sorry we let you down here. I've issued the correction on our side and "
    "you should see it within 24 hours. If you'd rather, I can also send a replacement.",
};
static const char *const curt_replies[] = {
    "Please check our help center before contacting support.",
    "As I already said, that's our policy. Nothing more we can do.",
    "You should have read the terms before buying.",
    "Calm down, we're looking at it.",
    "This is a known issue. Please wait.",
};
static const char *const closing_replies[] = {
    "Hi {first}, that's now fixed on our side. Thanks for bearing with us, and let me know if "
    "anything else comes up.",
    "Good news {first}: it's done. I'll keep an eye on it this week to make sure it stays that "
    "way. Thank you for your patience!",
    "All sorted, {first}. I'm glad we could fix it, and thank you for letting us know.",
};
static const char *const internal_notes[] = {
    "Checked the logs: the payment provider retried the charge. Refund approved by the lead.",
    "Reproduced on staging. Filed with engineering, they expect a fix in the next release.",
    "Customer has written in three times about this; let's make sure we follow up.",
    "Carrier confirms the parcel is lost. Sending a replacement at no charge.",
    "Long-standing customer with a high lifetime value. Offer a goodwill credit if needed.",
};

/*
 * What customers write in the survey's comment box, from delighted to let down.
 * {first} is the customer's first name, {agent} the agent's.
 */
static const char *const praise_comments[] = {
    "{agent} really listened and sorted it out quickly. Thank you!",
    "So kind and clear. {agent} made a stressful day much better.",
    "I felt heard for once. Thanks to {agent} for taking the time.",
    "Quick, friendly and it worked the first time. Great service!",
    "{agent} explained everything patiently and kept me posted. Wonderful help.",
};
static const char *const fair_comments[] = {
    "Good help, thanks.",
    "Sorted in the end, thank you.",
    "It works now. It took a little while, but fine.",
};
static const char *const poor_comments[] = {
    "Nobody really listened. I had to explain everything twice and the answer felt copy-pasted.",
    "The reply was short and didn't answer my question. Very disappointing.",
    "I was told it's policy and that was it. Not helpful at all.",
    "Still not sure it's fixed, and no one seemed to care.",
};
/* What a lead did after a poor answer, for the recovery task's note. */
static const char *const recovery_notes[] = {
    "Called {first} to apologise and walked through the fix together. They are happy now.",
    "Wrote to {first} personally, refunded the shipping and thanked them for telling us.",
    "Talked it through with {agent}; sent {first} a proper explanation and a goodwill credit.",
};

/* The team's canned replies. */
static const char *const macros[][2] = {
    {"Refund on its way",
     "Hi {{customer.first_name}},\n\nI'm sorry about the double charge. I've refunded it "
     "today; you'll see it on your statement within 3-5 working days. I'll check on "
     "{{ticket.number}} again on Friday to make sure it arrived.\n\n{{agent.first_name}}"},
    {"Welcome back",
     "Hi {{customer.first_name}}, good to hear from you again. Last time we talked about "
     "\"{{customer.last_ticket_subject}}\"; I hope that is still working well."},
    {"Need more details",
     "Hi {{customer.first_name}}, thanks for telling us. So that I can fix this properly, could "
     "you tell me which browser and device you're using, and roughly when it started?"},
    {"Parcel delayed",
     "Hi {{customer.first_name}}, I'm sorry your parcel is late, I know you were counting on "
     "it. I've asked the carrier to trace it and I'll write to you by tomorrow noon with "
     "news. If it doesn't turn up, I'll send a replacement right away."},
};

/* splitmix64: small, fast, and the same on every machine. */
static uint64_t next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static size_t pick(uint64_t *s, size_t n)
{
    return (size_t)(next(s) % n);
}

static bool chance(uint64_t *s, int percent)
{
    return (int)(next(s) % 100) < percent;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Fills {first}, {agent} and {order} of `tmpl` into `out`. */
static void fill(struct at_buf *out, const char *tmpl, const char *first, const char *agent,
                 long order)
{
    at_buf_reset(out);
    for (const char *p = tmpl; *p; p++) {
        if (strncmp(p, "{first}", 7) == 0) {
            at_buf_adds(out, first);
            p += 6;
        } else if (strncmp(p, "{agent}", 7) == 0) {
            at_buf_adds(out, agent);
            p += 6;
        } else if (strncmp(p, "{order}", 7) == 0) {
            at_buf_addf(out, "#%ld", order);
            p += 6;
        } else {
            at_buf_addch(out, *p);
        }
    }
}

/* The first word of a name. */
static void first_word(const char *name, char *out, size_t size)
{
    size_t n = strcspn(name, " ");

    snprintf(out, size, "%.*s", (int)(n < size ? n : size - 1), name);
}

/*
 * What happens to a ticket after its conversation: its survey is answered,
 * the recovery task a poor answer opened is closed, the ticket is closed. The
 * survey is made by the desk's survey job, which runs only when the demo's
 * clock passes its time (and only if the ticket is still solved then), so
 * these wait until the clock gets there.
 */
enum pending_kind { PENDING_ANSWER, PENDING_RECOVERY, PENDING_CLOSE };

struct pending {
    int64_t at;
    enum pending_kind kind;
    int64_t ticket_id;
    size_t customer;                   /* index into the demo's customers */
    const struct at_actor *agent;      /* who handled the ticket */
    int csat, understood, effort, nps; /* the answer; nps is used only when the survey asks */
    const char *comment;               /* a template, or NULL for none */
};

struct demo {
    struct at_desk *d;
    struct at_clock clock;
    uint64_t rng;
    struct at_actor staff[6];
    size_t nstaff;
    int64_t *customer_ids;
    char (*customer_first)[48];
    size_t ncustomers;
    struct at_demo_counts counts;
    struct at_buf text;
    uint64_t survey_rng;     /* a stream of its own, so the tickets are those of the same seed */
    struct pending *pending; /* a min-heap on `at` */
    size_t npending, cap_pending;
};

static int add_staff(struct demo *m, struct at_arena *arena, struct at_errinfo *e)
{
    for (size_t i = 0; at_demo_logins[i].email; i++) {
        const struct at_demo_login *l = &at_demo_logins[i];
        struct at_user u;
        int ret = at_desk_user_add(m->d, &at_actor_system, l->email, l->name, l->role,
                                   AT_DEMO_PASSWORD, arena, &u, e);

        if (ret)
            return ret;
        if (l->role != AT_ROLE_CUSTOMER) {
            at_actor_from_user(&m->staff[m->nstaff], &u);
            m->staff[m->nstaff].name = at_arena_strdup(arena, l->name);
            m->nstaff++;
            m->counts.staff++;
        }
    }
    return 0;
}

/*
 * Service levels as a team in one office keeps them: weekdays 9 to 17 in
 * Berlin, with a public holiday in the month the demo covers, for every policy.
 */
static int add_office_hours(struct demo *m, int64_t now, struct at_arena *arena,
                            struct at_errinfo *e)
{
    static const char *weekdays[] = {"mon", "tue", "wed", "thu", "fri"};
    struct at_sla_hours h = {.days = weekdays, .ndays = 5, .open = "09:00", .close = "17:00"};
    char holiday[32];
    const char *holidays[] = {holiday};
    struct at_sla_calendar_input in = {.name = "Office hours (Berlin)",
                                       .tz = "Europe/Berlin",
                                       .set_hours = true,
                                       .hours = &h,
                                       .nhours = 1,
                                       .set_holidays = true,
                                       .holidays = holidays,
                                       .nholidays = 1};
    struct at_sla_policy_input move = {.set_calendar = true};
    struct at_sla_calendar cal;
    struct at_sla_policy *p;
    size_t n;
    int ret;

    at_time_format(now - 9 * DAY, holiday, sizeof(holiday));
    holiday[10] = '\0'; /* the date of "2026-11-22T..." */
    ret = at_desk_sla_calendar_add(m->d, &at_actor_system, &in, arena, &cal, e);
    if (ret == 0)
        ret = at_desk_sla_policy_list(m->d, &at_actor_system, arena, &p, &n, e);
    move.calendar_id = cal.id;
    for (size_t i = 0; ret == 0 && i < n; i++)
        ret = at_desk_sla_policy_update(m->d, &at_actor_system, p[i].id, &move, arena, NULL, e);
    return ret;
}

static int add_customers(struct demo *m, size_t n, struct at_arena *arena, struct at_errinfo *e)
{
    struct at_customer c;
    int ret;

    m->customer_ids = at_arena_alloc(arena, (n + 1) * sizeof(*m->customer_ids));
    m->customer_first = at_arena_alloc(arena, (n + 1) * sizeof(*m->customer_first));
    /* the portal's demo customer is the first one, so her tickets exist */
    ret = m->d->store->tickets->customer_by_email(m->d->store, "lena@demo.attune", arena, &c);
    if (ret)
        return at_errinfo_set(e, ret, NULL, "the demo customer account is missing");
    m->customer_ids[0] = c.id;
    snprintf(m->customer_first[0], sizeof(m->customer_first[0]), "Lena");
    m->ncustomers = 1;
    m->counts.customers = 1;
    for (size_t i = 1; i < n; i++) {
        const char *fn = first_names[pick(&m->rng, COUNT(first_names))];
        const char *ln = last_names[pick(&m->rng, COUNT(last_names))];
        struct at_customer nc = {0};
        struct at_customer out;
        char name[128], email[160], preferred[48] = "";
        size_t k;
        int64_t tier_roll = (int64_t)pick(&m->rng, 100);

        snprintf(name, sizeof(name), "%s %s", fn, ln);
        snprintf(email, sizeof(email), "customer%zu@example.com", i);
        if (chance(&m->rng, 15))
            snprintf(preferred, sizeof(preferred), "%.3s", fn); /* a short form of the name */
        nc.name = name;
        nc.email = email;
        nc.preferred_name = preferred;
        nc.phone = chance(&m->rng, 40) ? "+1 555 0100" : "";
        nc.company = companies[pick(&m->rng, COUNT(companies))];
        nc.tier = tier_roll < 70 ? "standard" : tier_roll < 92 ? "premium" : "enterprise";
        nc.lifetime_value_cents = (int64_t)(pick(&m->rng, 2000) + 20) * 100 *
                                  (tier_roll < 70   ? 1
                                   : tier_roll < 92 ? 4
                                                    : 20);
        nc.notes = notes[pick(&m->rng, COUNT(notes))];
        ret = at_desk_customer_add(m->d, &at_actor_system, &nc, arena, &out, e);
        if (ret)
            return ret;
        m->customer_ids[m->ncustomers] = out.id;
        k = m->ncustomers++;
        snprintf(m->customer_first[k], sizeof(m->customer_first[k]), "%s",
                 preferred[0] ? preferred : fn);
        m->counts.customers++;
    }
    return 0;
}

/* A customer, with some customers writing in much more often than others. */
static size_t pick_customer(struct demo *m)
{
    if (chance(&m->rng, 30))
        return pick(&m->rng, m->ncustomers < 12 ? m->ncustomers : 12);
    return pick(&m->rng, m->ncustomers);
}

static int say(struct demo *m, const struct at_actor *who, int64_t id, const char *text,
               enum at_visibility vis, const enum at_status *status, struct at_arena *arena,
               struct at_errinfo *e)
{
    int ret = at_desk_message_add(m->d, who, id, text, vis, status, arena, NULL, e);

    if (ret == 0)
        m->counts.messages++;
    return ret;
}

static void pending_push(struct demo *m, const struct pending *p)
{
    size_t i;

    if (m->npending == m->cap_pending) {
        m->cap_pending = m->cap_pending ? 2 * m->cap_pending : 64;
        m->pending = at_xrealloc(m->pending, m->cap_pending * sizeof(*m->pending));
    }
    i = m->npending++;
    while (i > 0 && m->pending[(i - 1) / 2].at > p->at) {
        m->pending[i] = m->pending[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    m->pending[i] = *p;
}

/* Takes the earliest pending thing due by `t` into `out`; false when none is. */
static bool pending_pop(struct demo *m, int64_t t, struct pending *out)
{
    struct pending last;
    size_t i = 0;

    if (m->npending == 0 || m->pending[0].at > t)
        return false;
    *out = m->pending[0];
    last = m->pending[--m->npending];
    for (;;) {
        size_t c = 2 * i + 1;

        if (c >= m->npending)
            break;
        if (c + 1 < m->npending && m->pending[c + 1].at < m->pending[c].at)
            c++;
        if (last.at <= m->pending[c].at)
            break;
        m->pending[i] = m->pending[c];
        i = c;
    }
    if (m->npending)
        m->pending[i] = last;
    return true;
}

/* How the conversation went, as the customer will remember it in the survey. */
struct experience {
    bool curt;    /* the first reply did not listen */
    int64_t wait; /* from writing in to the first reply */
    bool chased;  /* the customer had to write again */
    bool thanked; /* the customer came back to say thank you */
};

/*
 * About half the customers answer the survey that follows the solve at
 * `solved_at`, some minutes to two days after it was sent, with scores that
 * follow how the conversation went.
 */
static void plan_survey(struct demo *m, int64_t ticket_id, size_t customer,
                        const struct at_actor *agent, int64_t solved_at, const struct experience *x)
{
    uint64_t *r = &m->survey_rng;
    struct pending p = {
        .kind = PENDING_ANSWER, .ticket_id = ticket_id, .customer = customer, .agent = agent};
    int q = x->curt ? -2 : 3;

    if (!chance(r, 50))
        return;
    p.at = solved_at + m->d->survey.delay_ms + (int64_t)(20 + pick(r, 48 * 60)) * MINUTE;
    q += x->wait <= 60 * MINUTE ? 1 : x->wait > 4 * HOUR ? -1 : 0;
    q += (x->chased ? -1 : 0) + (x->thanked ? 1 : 0) + (int)pick(r, 5) - 2;
    p.csat = q >= 4    ? 5
             : q >= 2  ? 4 + chance(r, 30)
             : q >= 0  ? 3 + chance(r, 40)
             : q >= -2 ? 2 + chance(r, 30)
                       : 1;
    p.understood = x->curt       ? 1 + (int)pick(r, 3)
                   : p.csat >= 4 ? 4 + chance(r, 60)
                                 : 3 + (int)pick(r, 2);
    p.effort = 6 + (x->wait <= 60 * MINUTE) - (x->wait > 4 * HOUR) - 2 * x->chased - x->curt +
               (int)pick(r, 3) - 1;
    p.effort = p.effort < 1 ? 1 : p.effort > 7 ? 7 : p.effort;
    p.nps = p.csat == 5   ? 9 + (int)pick(r, 2)
            : p.csat == 4 ? 7 + (int)pick(r, 3)
            : p.csat == 3 ? 5 + (int)pick(r, 3)
                          : (int)pick(r, 5);
    if (p.csat == 5 && chance(r, 55))
        p.comment = praise_comments[pick(r, COUNT(praise_comments))];
    else if (p.csat >= 3 && chance(r, 20))
        p.comment = fair_comments[pick(r, COUNT(fair_comments))];
    else if ((p.csat <= 2 || p.understood <= 2) && chance(r, 65))
        p.comment = poor_comments[pick(r, COUNT(poor_comments))];
    pending_push(m, &p);
}

/*
 * The customer answers through the portal's link to the survey, as the form
 * does: open, then send. A survey that was never made (the ticket was
 * reopened first) or that expired gets no answer. A poor answer's recovery
 * task is mostly closed by the lead a few hours to a day later.
 */
static int answer_survey(struct demo *m, const struct pending *p, struct at_arena *arena,
                         struct at_errinfo *e)
{
    struct at_actor customer = {.role = AT_ROLE_CUSTOMER,
                                .customer_id = m->customer_ids[p->customer]};
    struct at_survey_answer a = {.has_csat = true,
                                 .has_understood = true,
                                 .has_effort = true,
                                 .csat = p->csat,
                                 .understood = p->understood,
                                 .effort = p->effort};
    struct at_survey_view v;
    char agent_first[48];
    const char *token;
    int ret;

    ret = at_desk_survey_link(m->d, &customer, p->ticket_id, arena, &token, e);
    if (ret == AT_ENOTFOUND || ret == AT_ESTATE)
        return 0;
    if (ret == 0)
        ret = at_desk_survey_open(m->d, token, arena, &v, e);
    if (ret)
        return ret;
    a.has_nps = v.survey.nps_asked;
    a.nps = p->nps;
    first_word(p->agent->name, agent_first, sizeof(agent_first));
    if (p->comment) {
        fill(&m->text, p->comment, m->customer_first[p->customer], agent_first, 0);
        a.comment = m->text.data;
    }
    ret = at_desk_survey_answer(m->d, token, &a, arena, &v, e);
    if (ret)
        return ret;
    m->counts.surveys_answered++;
    if ((p->csat <= 2 || p->understood <= 2 || strcmp(v.survey.comment_reading, "negative") == 0) &&
        chance(&m->survey_rng, 70)) {
        struct pending done = *p;

        done.kind = PENDING_RECOVERY;
        done.at = at_clock_now(m->d->clock) + (int64_t)(2 + pick(&m->survey_rng, 28)) * HOUR;
        pending_push(m, &done);
    }
    return 0;
}

static int close_recovery(struct demo *m, const struct pending *p, struct at_arena *arena,
                          struct at_errinfo *e)
{
    struct at_recovery *tasks;
    char agent_first[48];
    size_t n;
    int ret = at_desk_recovery_list(m->d, &m->staff[1], arena, &tasks, &n, e);

    for (size_t i = 0; ret == 0 && i < n; i++) {
        if (tasks[i].ticket_id != p->ticket_id)
            continue;
        first_word(p->agent->name, agent_first, sizeof(agent_first));
        fill(&m->text, recovery_notes[pick(&m->survey_rng, COUNT(recovery_notes))],
             m->customer_first[p->customer], agent_first, 0);
        ret = at_desk_recovery_done(m->d, &m->staff[1], tasks[i].id, m->text.data, arena, e);
        break;
    }
    return ret;
}

/* Does what customers and the lead had to do by the demo's clock. */
static int run_pending(struct demo *m, struct at_arena *arena, struct at_errinfo *e)
{
    int64_t t = at_clock_now(m->d->clock);
    struct pending p;
    int ret = 0;

    while (ret == 0 && pending_pop(m, t, &p)) {
        if (p.kind == PENDING_ANSWER) {
            ret = answer_survey(m, &p, arena, e);
        } else if (p.kind == PENDING_RECOVERY) {
            ret = close_recovery(m, &p, arena, e);
        } else {
            struct at_ticket_change ch = {.set_status = true, .status = AT_STATUS_CLOSED};

            /* closed at its own time, a little before the clock got here */
            m->clock.fake_ms = p.at;
            ret = at_desk_ticket_update(m->d, &at_actor_system, p.ticket_id, &ch, arena, NULL, e);
            m->clock.fake_ms = t;
        }
        at_arena_reset(arena);
    }
    return ret;
}

/* One ticket and its conversation, starting at `start` and never later than `now`. */
/* One demo ticket as it is lived: who, what, and the time it has reached. */
struct convo {
    const struct scenario *sc;
    size_t ci; /* the customer's index */
    const char *first;
    const struct at_actor *agent;
    char agent_first[48];
    long order;
    struct at_actor customer;
    int64_t ticket_id;
    int64_t start, now, age, at;
    struct experience x;
};

/* Opens the ticket as the customer's first message; a staff member types it in. */
static int open_demo_ticket(struct demo *m, struct convo *v, struct at_arena *arena,
                            struct at_errinfo *e)
{
    struct at_new_ticket nt = {0};
    struct at_ticket t;
    struct at_customer c;
    const char *tags[2];
    char subject[200];
    int ret;

    first_word(v->agent->name, v->agent_first, sizeof(v->agent_first));
    ret = m->d->store->tickets->customer_get(m->d->store, m->customer_ids[v->ci], arena, &c);
    if (ret)
        return at_errinfo_set(e, ret, NULL, "a demo customer vanished");
    fill(&m->text, v->sc->subject, v->first, v->agent_first, v->order);
    snprintf(subject, sizeof(subject), "%s", m->text.data);
    fill(&m->text, v->sc->opening, v->first, v->agent_first, v->order);
    nt.subject = subject;
    nt.body = m->text.data;
    nt.customer_email = c.email;
    nt.customer_name = c.name;
    nt.channel = chance(&m->rng, 55) ? "email" : chance(&m->rng, 70) ? "web" : "chat";
    /* most requests arrive without a priority and triage sets it; agents set some by hand */
    nt.set_priority = chance(&m->rng, 25);
    nt.priority = v->sc->priority;
    tags[0] = v->sc->tag1;
    tags[1] = v->sc->tag2;
    nt.tags = tags;
    nt.ntags = v->sc->tag2 ? 2 : 1;
    at_clock_fake_init(&m->clock, v->at);
    ret = at_desk_ticket_create(m->d, &m->staff[0], &nt, arena, &t, e);
    if (ret)
        return ret;
    v->ticket_id = t.id;
    m->counts.tickets++;
    m->counts.messages++;
    return 0;
}

/* Moves the demo's clock `minutes` on; false when that is past now (the story stops there). */
static bool later(struct demo *m, struct convo *v, int64_t ms)
{
    v->at += ms;
    if (v->at > v->now)
        return false;
    m->clock.fake_ms = v->at;
    return true;
}

/* Someone takes it, a note perhaps, and the first reply: mostly kind, sometimes curt. */
static int first_reply(struct demo *m, struct convo *v, bool *more, struct at_arena *arena,
                       struct at_errinfo *e)
{
    enum at_status pending = AT_STATUS_PENDING;
    struct at_ticket_change ch = {.set_assignee = true, .assignee_id = v->agent->user_id};
    int ret;

    *more = false;
    /* the newest tickets still wait for someone */
    if (v->age < 2 * DAY && chance(&m->rng, 50))
        return 0;
    if (!later(m, v, (int64_t)(10 + pick(&m->rng, 240)) * MINUTE))
        return 0;
    ret = at_desk_ticket_update(m->d, &m->staff[1], v->ticket_id, &ch, arena, NULL, e);
    if (ret)
        return ret;
    if (chance(&m->rng, 25)) {
        ret = say(m, v->agent, v->ticket_id, internal_notes[pick(&m->rng, COUNT(internal_notes))],
                  AT_VIS_INTERNAL, NULL, arena, e);
        if (ret)
            return ret;
    }
    if (!later(m, v, (int64_t)(5 + pick(&m->rng, 120)) * MINUTE))
        return 0;
    v->x.wait = v->at - v->start;
    if (chance(&m->rng, 80)) {
        fill(&m->text, kind_replies[pick(&m->rng, COUNT(kind_replies))], v->first, v->agent_first,
             v->order);
    } else {
        fill(&m->text, curt_replies[pick(&m->rng, COUNT(curt_replies))], v->first, v->agent_first,
             v->order);
        v->x.curt = true;
    }
    ret = say(m, v->agent, v->ticket_id, m->text.data, AT_VIS_PUBLIC,
              chance(&m->rng, 40) ? &pending : NULL, arena, e);
    *more = ret == 0;
    return ret;
}

/*
 * How it ends: the customer comes back when it is not fixed yet; older tickets
 * are mostly solved, some closed, a few on hold; a thank-you reopens one that
 * the agent solves again; then the survey, and for old tickets a close.
 */
static int resolution(struct demo *m, struct convo *v, struct at_arena *arena, struct at_errinfo *e)
{
    enum at_status solved = AT_STATUS_SOLVED;
    int ret = 0;

    /* recent tickets are still being worked on; a few old ones drag on */
    if ((v->age < 5 * DAY && chance(&m->rng, 55)) || chance(&m->rng, 6))
        return 0;
    if (v->sc->follow_up && chance(&m->rng, 45)) {
        if (!later(m, v, (int64_t)(2 + pick(&m->rng, 48)) * HOUR))
            return 0;
        fill(&m->text, v->sc->follow_up, v->first, v->agent_first, v->order);
        ret = say(m, &v->customer, v->ticket_id, m->text.data, AT_VIS_PUBLIC, NULL, arena, e);
        if (ret)
            return ret;
        v->x.chased = true;
    }
    v->at += (int64_t)(1 + pick(&m->rng, 30)) * HOUR;
    if (v->at > v->now || (v->age < 2 * DAY && chance(&m->rng, 50)))
        return 0;
    m->clock.fake_ms = v->at;
    if (chance(&m->rng, 8)) {
        struct at_ticket_change ch = {.set_status = true, .status = AT_STATUS_ON_HOLD};

        return at_desk_ticket_update(m->d, v->agent, v->ticket_id, &ch, arena, NULL, e);
    }
    fill(&m->text, closing_replies[pick(&m->rng, COUNT(closing_replies))], v->first, v->agent_first,
         v->order);
    ret = say(m, v->agent, v->ticket_id, m->text.data, AT_VIS_PUBLIC, &solved, arena, e);
    if (ret)
        return ret;
    if (v->sc->thanks && chance(&m->rng, 35)) {
        v->at += (int64_t)(1 + pick(&m->rng, 20)) * HOUR;
        if (v->at > v->now) {
            plan_survey(m, v->ticket_id, v->ci, v->agent, m->clock.fake_ms, &v->x);
            return 0;
        }
        m->clock.fake_ms = v->at;
        fill(&m->text, v->sc->thanks, v->first, v->agent_first, v->order);
        /* a thank-you reopens the ticket; the agent solves it again */
        ret = say(m, &v->customer, v->ticket_id, m->text.data, AT_VIS_PUBLIC, NULL, arena, e);
        if (ret == 0) {
            struct at_ticket_change ch = {.set_status = true, .status = AT_STATUS_SOLVED};

            m->clock.fake_ms = v->at + 10 * MINUTE;
            ret = at_desk_ticket_update(m->d, v->agent, v->ticket_id, &ch, arena, NULL, e);
            v->x.thanked = true;
        }
        if (ret)
            return ret;
    }
    plan_survey(m, v->ticket_id, v->ci, v->agent, m->clock.fake_ms, &v->x);
    if (v->age > 10 * DAY && chance(&m->rng, 60)) {
        struct pending close = {.kind = PENDING_CLOSE, .ticket_id = v->ticket_id};

        close.at = v->at + 4 * DAY < v->now ? v->at + 4 * DAY : v->now;
        pending_push(m, &close);
    }
    return ret;
}

static int add_ticket(struct demo *m, int64_t start, int64_t now, struct at_arena *arena,
                      struct at_errinfo *e)
{
    struct convo v = {.start = start, .now = now, .age = now - start, .at = start};
    bool more;
    int ret;

    v.sc = &scenarios[pick(&m->rng, COUNT(scenarios))];
    v.ci = pick_customer(m);
    v.first = m->customer_first[v.ci];
    v.agent = &m->staff[2 + pick(&m->rng, m->nstaff - 2)];
    v.order = 40000 + (long)pick(&m->rng, 60000);
    v.customer = (struct at_actor){.role = AT_ROLE_CUSTOMER, .customer_id = m->customer_ids[v.ci]};
    ret = open_demo_ticket(m, &v, arena, e);
    if (ret == 0)
        ret = first_reply(m, &v, &more, arena, e);
    if (ret == 0 && more)
        ret = resolution(m, &v, arena, e);
    return ret;
}

int at_demo_load(struct at_desk *d, const struct at_demo_opts *opts, struct at_demo_counts *out,
                 struct at_errinfo *e)
{
    const struct at_clock *saved = d->clock;
    const struct at_survey_settings saved_survey = d->survey;
    struct at_arena arena = AT_ARENA_INIT;
    struct at_arena scratch = AT_ARENA_INIT;
    struct demo m = {.d = d, .text = AT_BUF_INIT(AT_BUF_NOLIMIT)};
    struct at_user existing;
    size_t tickets = opts->tickets ? opts->tickets : 300;
    size_t customers = opts->customers ? opts->customers : tickets / 3;
    int64_t now = opts->now ? opts->now : at_clock_now(d->clock);
    int64_t span = 30 * DAY;
    int ret;

    if (customers < 50)
        customers = 50;
    if (customers > 5000 && !opts->customers)
        customers = 5000;
    m.rng = opts->seed ? opts->seed : 1;
    m.survey_rng = m.rng ^ 0x5eed5u;
    if (d->store->people->user_by_email(d->store, at_demo_logins[0].email, &arena, &existing) ==
        0) {
        at_arena_release(&arena);
        return at_errinfo_set(e, AT_ECONFLICT, NULL,
                              "this database already holds the demo (%s exists); "
                              "use a new --db for a fresh demo",
                              at_demo_logins[0].email);
    }
    at_clock_fake_init(&m.clock, now - span - DAY);
    d->clock = &m.clock;
    /* solved tickets get their survey as on a configured desk; without mail nothing is sent */
    d->survey.after_solve = true;
    if (!saved_survey.after_solve)
        d->survey.delay_ms = 60 * MINUTE;
    if (!d->survey.base_url[0])
        snprintf(d->survey.base_url, sizeof(d->survey.base_url), "http://127.0.0.1:8080");
    d->no_outbox = true; /* its replies were "sent" in the past: none waits to go out */
    ret = at_desk_begin(d);
    if (ret == 0)
        ret = add_staff(&m, &arena, e);
    if (ret == 0)
        ret = add_office_hours(&m, now, &arena, e);
    for (size_t i = 0; ret == 0 && i < COUNT(macros); i++)
        ret = at_desk_macro_add(d, &m.staff[1], macros[i][0], macros[i][1], NULL, &arena, NULL, e);
    if (ret == 0)
        ret = add_customers(&m, customers, &arena, e);
    for (size_t i = 0; ret == 0 && i < tickets; i++) {
        /* tickets spread over the span, the newest a few minutes old */
        int64_t start = now - span + (int64_t)((double)span * (double)i / (double)tickets) +
                        (int64_t)pick(&m.rng, 30) * MINUTE - 30 * MINUTE;

        if (start > now - 5 * MINUTE)
            start = now - 5 * MINUTE;
        /* the follow-ups that fell due by now go out now, as they would have; scores are
           brought up to date once, at the end, rather than as the history is written */
        m.clock.fake_ms = start;
        d->triage_refreshed_at = start;
        if (ret == 0 && at_jobs_run(d, 1000, NULL, NULL) != 0)
            ret = at_errinfo_set(e, AT_ESTORE, NULL, "the database failed while loading the demo");
        if (ret == 0)
            ret = run_pending(&m, &scratch, e);
        if (ret == 0)
            ret = add_ticket(&m, start, now, &scratch, e);
        at_arena_reset(&scratch);
        if (ret == 0 && (i + 1) % BATCH == 0) {
            ret = at_desk_commit(d);
            if (ret == 0)
                ret = at_desk_begin(d);
        }
        /* about a hundred updates in all, however many tickets */
        if (ret == 0 && opts->progress && (i + 1) * 100 / tickets != i * 100 / tickets &&
            i + 1 < tickets)
            opts->progress(i + 1, tickets, opts->ctx);
    }
    m.clock.fake_ms = now;
    d->triage_refreshed_at = 0;
    if (ret == 0 && at_jobs_run(d, 100000, NULL, NULL) != 0)
        ret = at_errinfo_set(e, AT_ESTORE, NULL, "the database failed while loading the demo");
    if (ret == 0)
        ret = run_pending(&m, &scratch, e);
    if (ret == 0) {
        ret = at_desk_commit(d);
        if (ret)
            at_errinfo_set(e, ret, NULL, "the database failed while saving the demo");
    } else {
        at_desk_rollback(d);
    }
    if (ret == 0 && d->store->core->optimize(d->store) != 0)
        at_log_warn("demo", "the demo is loaded, but optimizing the database failed");
    if (ret == 0 && opts->progress)
        opts->progress(tickets, tickets, opts->ctx);
    d->clock = saved;
    d->survey = saved_survey;
    d->no_outbox = false;
    if (out)
        *out = m.counts;
    free(m.pending);
    at_buf_release(&m.text);
    at_arena_release(&scratch);
    at_arena_release(&arena);
    return ret;
}
