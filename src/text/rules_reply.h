#ifndef AT_RULES_REPLY_H
#define AT_RULES_REPLY_H

/*
 * What a reply rule's `sub` says within its category (rules_reply.c), for
 * the coach (coach.c): which shape of words a cue has, so that it can judge
 * whether the cue means what it seems to mean in its sentence and offer a
 * fix that fits the words around it.
 */
enum reply_sub {
    RS_PLAIN = 0,
    /* RC_BLAME: the agent puts the fault on the customer */
    RS_BLAME_TO,   /* "you failed to", "you didn't": a verb of the customer's own doing follows */
    RS_BLAME_NEED, /* "you need to make sure": an instruction that implies a fault */
    RS_BLAME_PERFECT, /* "you should have": unless what follows happened to the customer */
    RS_BLAME_NEVER,   /* "you never": unless what follows happened to the customer */
    RS_BLAME_IF,      /* "if you had": only with a participle of the customer's own doing */
    RS_BLAME_FAULT,   /* "your fault", "user error" */
    /* RC_OWNERSHIP */
    RS_OWN_FAULT, /* "that's on us", "our mistake": owning the fault, not a commitment to act */
    /* RC_POLICY */
    RS_POL_NOUN,    /* "our policy" */
    RS_POL_ALLOW,   /* "policy does not allow" */
    RS_POL_STATES,  /* "policy states (that)" */
    RS_POL_ADVERB,  /* "per our policy", "as per the terms and conditions" */
    RS_POL_AGAINST, /* "against our policy" */
    RS_POL_CLAUSE,  /* "rules are rules", "out of my hands" */
    RS_POL_REASON,  /* "because", "to protect": the reason is given, which is not hiding */
    /* RC_DISMISSIVE */
    RS_DIS_FEEL,     /* tells the customer how to feel: "calm down" */
    RS_DIS_REPEAT,   /* repeats itself impatiently: "as I already said" */
    RS_DIS_CLOSE,    /* closes the door: "that's not possible" */
    RS_DIS_NOTMINE,  /* "not my department" */
    RS_DIS_BELITTLE, /* "no big deal" */
    /* RC_ASSUMPTION */
    RS_ASM_ASK,  /* "you probably", "I assume": ask instead */
    RS_ASM_MUST, /* "you must have": ask instead, unless it names a feeling ("you must have been")
                  */
    RS_ASM_DROP, /* "obviously", "simply": the sentence stands without it */
    RS_ASM_JUST, /* "you just need to": without "just" */
    /* RC_IP_STRONG */
    RS_IP_NAMES, /* "it sounds like you", "you must feel": names the customer's feeling */
    /* RC_ER_WEAK */
    RS_ER_EITHER, /* "that sucks", "sorry", "glad": warmth for the person, or about one's own life
                   */
    /* RC_REFUSAL */
    RS_REF_CAN, /* "we can't", "I cannot": unless what follows is not an action ("I can't imagine")
                 */
};

#endif
