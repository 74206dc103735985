#!/usr/bin/env python3
"""Behavioural tests of a polarity reader, in the manner of CheckList (Ribeiro et
al., ACL 2020): minimum functionality tests (MFT), invariance tests (INV) and
directional tests (DIR), generated from the project's own templates and its own
service, travel, shopping and software vocabulary. Standard library only.

Every test draws its cases from a random generator seeded with the test's name,
so the cases are the same on every run and adding a test moves no other. A
quarter of each test's templates (every fourth) are marked held out: they are
never to be looked at while tuning the engine, so that their failure rate says
whether what was learnt from the others generalises.

scripts/eval.py runs the cases; on its own this prints them as JSON Lines:

    python3 scripts/checklist.py [SERVICE_JSONL] > cases.jsonl
"""
import json
import random
import re
import sys
import zlib

CASES_PER_TEST = 300

FAMILIES = ["contrast", "negated expectation", "change over time", "answered questions",
            "whose view", "thanks but", "sarcasm", "neutral", "negation", "invariance",
            "directional"]
# the families whose failure rate has a target below 20%
TARGETED = {"contrast", "negated expectation", "change over time", "answered questions",
            "whose view"}

# ---------------------------------------------------------------- vocabulary

DOMAINS = {
    "travel": {
        "things": ["the flight", "the hotel", "the room", "the crew", "the check-in",
                   "the boarding process", "the seat", "the breakfast", "the shuttle",
                   "the train", "the lounge", "the rental car", "the cabin", "the pool",
                   "the front desk", "the tour", "the ferry", "the airport transfer",
                   "the bed", "the campsite"],
        "pos": ["comfortable", "clean", "spotless", "relaxing", "cozy", "spacious", "quiet",
                "charming", "well kept"],
        "neg": ["dirty", "cramped", "noisy", "filthy", "uncomfortable", "smelly", "chaotic",
                "run-down", "shabby"],
    },
    "shopping": {
        "things": ["the order", "the delivery", "the store", "the cashier", "the checkout",
                   "the return process", "the refund process", "the courier",
                   "the click and collect", "the exchange", "the online shop",
                   "the pickup point", "the warranty claim", "the sale"],
        "pos": ["quick", "fast", "smooth", "easy", "efficient", "hassle-free", "well organised",
                "prompt"],
        "neg": ["slow", "late", "chaotic", "messy", "a hassle", "disorganised", "painful",
                "endless"],
    },
    "products": {
        "things": ["the jacket", "the blender", "the sofa", "the fabric", "the packaging",
                   "the product", "the mattress", "the vacuum cleaner", "the coffee machine",
                   "the package", "the speaker", "the kettle", "the suitcase", "the charger",
                   "the phone case", "the desk chair"],
        "pos": ["well made", "sturdy", "stylish", "good value", "well packed", "durable",
                "comfortable", "beautiful"],
        "neg": ["damaged", "flimsy", "defective", "faulty", "poorly made", "ugly", "overpriced",
                "cheap and nasty"],
    },
    "finance": {
        "things": ["the bank transfer", "the card replacement", "the claim process",
                   "the policy renewal", "the mortgage application", "the app login",
                   "the loan approval", "the fraud check", "the statement", "the payout",
                   "the account opening", "the insurance quote", "the direct debit setup",
                   "the pension portal"],
        "pos": ["quick", "simple", "straightforward", "painless", "clear", "efficient",
                "transparent", "fair"],
        "neg": ["slow", "confusing", "a nightmare", "unclear", "stressful", "unfair",
                "overcomplicated", "painful"],
    },
    "telecom": {
        "things": ["the broadband", "the signal", "the router", "the phone plan",
                   "the installation", "the bill", "the connection", "the mobile data",
                   "the TV package", "the engineer visit", "the energy tariff",
                   "the meter reading", "the water supply", "the heating repair"],
        "pos": ["fast", "stable", "reliable", "affordable", "strong", "seamless",
                "good value", "quick"],
        "neg": ["patchy", "unreliable", "overpriced", "slow", "weak", "dropping constantly",
                "expensive", "a rip-off"],
    },
    "software": {
        "things": ["the app", "the update", "the website", "the dashboard", "the login page",
                   "the installer", "the new version", "the search feature", "the sync",
                   "the editor", "the plugin", "the mobile app", "the billing page",
                   "the checkout page", "the settings menu", "the notification system",
                   "the export tool", "the interface", "the beta", "the upgrade"],
        "pos": ["intuitive", "stable", "responsive", "fast", "easy to use", "reliable",
                "smooth", "slick", "polished"],
        "neg": ["buggy", "slow", "laggy", "unstable", "confusing", "broken", "clunky",
                "unusable", "glitchy"],
    },
    "service": {
        "things": ["the agent", "the support team", "the staff", "the manager", "the help desk",
                   "the reply", "the call", "the chat", "the technician", "the waiter",
                   "the service", "the receptionist", "the customer service", "the driver",
                   "the guide", "the advisor", "the phone support", "the sales rep",
                   "the engineer", "the host"],
        "pos": ["helpful", "friendly", "patient", "polite", "kind", "professional",
                "attentive", "courteous", "knowledgeable"],
        "neg": ["rude", "unhelpful", "dismissive", "useless", "careless", "impolite",
                "incompetent", "arrogant", "clueless"],
    },
}
GENERIC_POS = ["good", "great", "excellent", "amazing", "fantastic", "wonderful", "superb",
               "brilliant", "outstanding", "lovely", "perfect", "awesome", "impressive",
               "pleasant", "terrific", "fabulous", "solid", "nice", "exceptional", "delightful",
               "top notch", "first class", "marvellous", "stellar"]
GENERIC_NEG = ["bad", "terrible", "awful", "horrible", "dreadful", "poor", "disappointing",
               "lousy", "appalling", "atrocious", "abysmal", "frustrating", "pathetic",
               "unacceptable", "horrendous", "subpar", "disgraceful", "shoddy", "miserable",
               "a disaster", "rubbish", "crap", "useless"]
INTENSIFIERS = ["really", "very", "so", "extremely", "incredibly", "truly", "super",
                "absolutely", "pretty"]
POS_PAST = ["loved", "enjoyed", "liked", "adored", "appreciated"]
NEG_PAST = ["hated", "disliked", "couldn't stand", "loathed", "detested"]
POS_PRESENT = ["love", "enjoy", "like", "adore", "appreciate"]
NEG_PRESENT = ["hate", "dislike", "can't stand", "loathe", "detest"]
PERSONS = ["my friend", "my wife", "my husband", "my colleague", "my boss", "my brother",
           "my sister", "my neighbour", "my partner", "my mother", "a coworker", "my son",
           "my travel agent", "my flatmate"]
GROUPS = ["everyone", "all my friends", "the reviews", "people online", "my coworkers",
          "the critics", "most reviewers", "the forum", "everybody at work", "my family"]
COMPANIES = ["Northwind", "Acme", "BlueJet", "Parcelo", "Homely", "Brightcart", "Cloudnest",
             "Fastship", "Tripwell", "Zentro", "Lumio", "Orbix", "Packright", "Staybridge",
             "Quillsoft", "Vantair", "Mercato", "Routely"]
NAMES = ["Anna", "Ben", "Carlos", "Deepa", "Emma", "Farid", "Greta", "Hiro", "Ines", "Jamal",
         "Katya", "Liam", "Maria", "Noah", "Olu", "Priya", "Quentin", "Rosa", "Sven", "Tariq",
         "Uma", "Victor", "Wen", "Yusuf", "Zoe"]
CITIES = ["Boston", "Denver", "Lisbon", "Madrid", "Toronto", "Dublin", "Austin", "Leeds",
          "Osaka", "Lyon", "Perth", "Oslo", "Chicago", "Seattle", "Porto", "Glasgow",
          "Calgary", "Nairobi", "Auckland", "Munich"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
STREETS = ["Elm", "Oak", "Mill", "King", "Station", "Church", "Park", "Bridge", "High"]
COLORS = ["blue", "grey", "black", "white", "green", "red", "beige", "navy"]
NATIONALITIES = ["Canadian", "French", "German", "Brazilian", "Irish", "Japanese", "Kenyan",
                 "Mexican", "Polish", "Swedish"]
ITEMS = ["kettle", "backpack", "router", "desk lamp", "phone case", "printer", "suitcase",
         "monitor", "headset", "toaster", "keyboard", "raincoat"]
PLACES = ["pharmacy", "branch", "store", "warehouse", "pickup point", "service centre",
          "ticket office", "showroom"]
LANDMARKS = ["train station", "city hall", "main square", "airport", "harbour", "museum",
             "bus terminal", "university"]
VEHICLES = ["flight", "train", "bus", "ferry", "shuttle", "coach"]
OSES = ["Android", "Windows", "macOS", "Linux", "iOS", "ChromeOS"]
PLANS = ["basic", "team", "business", "starter", "family", "annual"]
URLS = ["https://example.com/orders/4411", "www.example.org/help", "http://bit.ly/3xYz9",
        "https://support.example.net/ticket?id=5521", "https://example.com/account/settings",
        "www.example.co.uk/returns", "https://status.example.io"]
# a common misspelling of words that carry no sentiment
TYPOS = {"the": "teh", "and": "adn", "with": "wiht", "about": "abuot", "order": "oder",
         "received": "recieved", "because": "becuase", "again": "agian", "address": "adress",
         "account": "acount", "tomorrow": "tommorow", "until": "untill", "which": "wich",
         "their": "thier", "from": "fron", "have": "hvae", "your": "yoru", "this": "tihs",
         "package": "pakage", "delivery": "delivary", "because of": "becasue of",
         "week": "weeek", "phone": "phnoe", "today": "todya", "there": "ther", "when": "wehn",
         "been": "bene", "after": "afetr", "refund": "refudn", "flight": "fligth"}

THANKS = ["Thanks", "Thank you", "Thanks for the reply", "Thanks for getting back to me",
          "Thanks for the quick answer", "Thank you for your help", "I appreciate the help",
          "Thanks for looking into it", "Thank you for the update", "Thanks for trying",
          "Thanks for the suggestion", "I appreciate your reply", "Thanks for the email",
          "Thank you for the quick response", "Thanks for the steps", "Cheers"]
PROBLEMS = ["it still does not work", "the app still crashes",
            "I still have not received my refund", "the package still has not arrived",
            "the error is still there", "nothing has changed", "the charge is still on my card",
            "I still cannot log in", "the problem is still happening",
            "my order is still missing", "the fix did not help", "that did not solve anything",
            "the room is still not ready", "my flight is still not rebooked",
            "the page still will not load", "I am still being billed",
            "the device still will not turn on", "the same bug is back",
            "I still have no confirmation", "the item is still broken"]
CONTEXTS = ["I waited two hours on hold.", "Nobody answered my emails.",
            "My order never arrived.", "The refund was never sent.",
            "I explained it three times.", "The chat just closed on me.",
            "I was transferred four times.", "I asked a simple question.",
            "I called this morning.", "I sent the photos you asked for.",
            "I followed every step.", "I got the same reply again.",
            "My bag is still in another city.", "The technician never came.",
            "I have been a customer for ten years."]
EVENT_NP = ["another update that broke everything", "another delay", "another hour on hold",
            "another charge I did not make", "another crash", "another cancelled flight",
            "another missing package", "another copy-paste reply", "another error message",
            "another price increase", "another broken link", "another password reset that "
            "does not work", "another week without internet", "another wrong item"]
EVENT_CLAUSE = ["I was charged twice", "the app crashed again", "my flight was cancelled",
                "the update broke everything", "my package went to the wrong address",
                "the refund was rejected", "my booking disappeared",
                "the hotel gave away our room", "I was put on hold for an hour",
                "the login failed again", "my luggage ended up in another city",
                "the order was cancelled without telling me",
                "the new version deleted my files", "the driver never showed up",
                "my card was charged for something I returned"]
EVENT_SHORT = ["charged twice", "cancelled again", "on hold for an hour", "locked out again",
               "double billed", "stuck at the gate for three hours", "logged out again",
               "delayed again", "billed for a month I cancelled", "another crash"]
NEG_PHRASES = ["This is unacceptable.", "I am very disappointed.",
               "This is the worst service I have ever had.", "I am really angry about this.",
               "What a terrible experience.", "I am fed up with this.", "This is a disgrace.",
               "Awful.", "I regret ordering from you.", "That was dreadful.",
               "I am extremely unhappy.", "Shameful."]
POS_PHRASES = ["You were great.", "Thank you so much!", "I really appreciate it.",
               "You are the best.", "Great work, thank you.", "I am very happy with this.",
               "That was wonderful.", "Much appreciated!", "Brilliant job.",
               "Excellent, thanks.", "I am delighted.", "Fantastic help."]

# ---------------------------------------------------------------- MFT templates
# (template, expectation); None takes the test's expectation

MFT = [
    ("contrast", "contrast: good, but bad", "negative", [
        "{a} was {pos}, but {b} was {neg}.",
        "{a} was {pos} but {b} was {neg}",
        "{a} was {pos}; however, {b} was {neg}.",
        "Though {a} was {pos}, {b} was {neg}.",
        "{a} was {pos}, yet {b} was {neg}.",
        "Even though {a} was {pos}, {b} was {neg}.",
        "{a} was {pos}. Still, {b} was {neg}.",
        "While {a} was {pos}, {b} was {neg}.",
        "{a} is {pos}. {b} is {neg}, though.",
        "Sure, {a} was {pos}, but {b} was really {neg}.",
        "I {posv} {a}, but {b} was {neg}.",
        "{a} was {pos}, however {b} was {neg}.",
        "Despite {a} being {pos}, {b} was {neg}.",
        "{a} may be {pos}, but {b} is {neg}.",
        "Yes, {a} was {pos}. But {b} was {neg}.",
        "{a} was {pos} at first, but then {b} turned out to be {neg}.",
    ]),
    ("contrast", "contrast: bad, but good", "positive", [
        "Although {a} was {neg}, {b} was {pos}.",
        "{a} was {neg}, but {b} was {pos}.",
        "{a} was {neg}; however, {b} was {pos}.",
        "Even though {a} was {neg}, {b} was {pos}.",
        "{a} was {neg}, yet {b} was {pos}.",
        "Though {a} was {neg}, {b} was {pos}.",
        "{a} was {neg}. Still, {b} was {pos}.",
        "While {a} was {neg}, {b} was {pos}.",
        "{a} was {neg}. {b} was {pos}, though.",
        "Despite {a} being {neg}, {b} was {pos}.",
        "Sure, {a} was {neg}, but {b} was {pos}.",
        "{a} was a bit {neg}, but {b} was {pos}.",
        "I {negv} {a}, but {b} was {pos}.",
        "{a} may be {neg}, but {b} is {pos}.",
        "{a} was {neg} but {b} was {pos}",
        "Yes, {a} was {neg}. But {b} was {pos}.",
    ]),
    ("negated expectation", "expected bad, it was not", "not_negative", [
        "I thought {a} would be {neg}, but it was not.",
        "I thought {a} would be {neg}, but it wasn't.",
        "I expected {a} to be {neg}, but it was not.",
        "I was sure {a} would be {neg}. It wasn't.",
        "I feared {a} would be {neg}, but it was not at all.",
        "I assumed {a} would be {neg}; it wasn't.",
        "I was expecting {a} to be {neg}, but it wasn't.",
        "Everyone told me {a} would be {neg}, but it was not.",
        "I was worried {a} would be {neg}, but it wasn't.",
        "I had heard {a} was {neg}, but it was not.",
        "I thought {a} would be {neg}, and it was not.",
        "I was afraid {a} would be {neg}. It was not.",
        "I honestly expected {a} to be {neg}. Turns out it wasn't.",
        "Given the reviews I thought {a} would be {neg}, but it really was not.",
        "I braced myself for {a} to be {neg}, and it was not.",
        "Part of me expected {a} to be {neg}, but no, it wasn't.",
    ]),
    ("negated expectation", "expected good, it was not", "negative", [
        "I expected {a} to be {pos}, but it wasn't.",
        "I thought {a} would be {pos}, but it was not.",
        "I was hoping {a} would be {pos}. It wasn't.",
        "I was told {a} would be {pos}, but it was not.",
        "{a} was supposed to be {pos}, but it wasn't.",
        "I expected {a} to be {pos} and it was not.",
        "We were promised {a} would be {pos}. It was not.",
        "I really thought {a} would be {pos}, but it wasn't.",
        "I assumed {a} would be {pos}; it was not.",
        "The ad said {a} would be {pos}, but it wasn't.",
        "I had hoped {a} would be {pos}, but it was not at all.",
        "I was sure {a} would be {pos}. It was not.",
        "The website promised {a} would be {pos}. It wasn't.",
        "I expected {a} to be {pos}. Sadly it wasn't.",
        "Everyone said {a} would be {pos}, but for me it was not.",
        "I counted on {a} being {pos}, and it was not.",
    ]),
    ("change over time", "was bad, now good", "positive", [
        "I used to think {a} was {neg}, but now I think it is {pos}.",
        "I used to think {a} was {neg}, now I think it is {pos}.",
        "{a} used to be {neg}, but now it is {pos}.",
        "At first {a} was {neg}, but now it is {pos}.",
        "{a} was {neg} last year; these days it is {pos}.",
        "I used to {negvp} {a}, but now I {posvp} it.",
        "In the beginning I found {a} {neg}. Now I find it {pos}.",
        "Before, {a} was {neg}. Now it is {pos}.",
        "Initially {a} seemed {neg}, but now it seems {pos}.",
        "{a} was {neg} for months, and now it is finally {pos}.",
        "My first impression was that {a} was {neg}; now I think it is {pos}.",
        "{a} has gone from {neg} to {pos}.",
        "Last time {a} was {neg}, but this time it was {pos}.",
        "I once found {a} {neg}, but these days I find it {pos}.",
        "Back then {a} was {neg}. Today it is {pos}.",
        "It took a while, but {a} went from {neg} to {pos}.",
    ]),
    ("change over time", "was good, now bad", "negative", [
        "I used to think {a} was {pos}, but now I think it is {neg}.",
        "I used to think {a} was {pos}, now I think it is {neg}.",
        "{a} used to be {pos}, but now it is {neg}.",
        "At first {a} was {pos}, but now it is {neg}.",
        "{a} was {pos} last year; these days it is {neg}.",
        "I used to {posvp} {a}, but now I {negvp} it.",
        "In the beginning I found {a} {pos}. Now I find it {neg}.",
        "Before, {a} was {pos}. Now it is {neg}.",
        "Initially {a} seemed {pos}, but now it seems {neg}.",
        "{a} was {pos} for years, and now it is {neg}.",
        "My first impression was that {a} was {pos}; now I think it is {neg}.",
        "{a} has gone from {pos} to {neg}.",
        "Last time {a} was {pos}, but this time it was {neg}.",
        "I once found {a} {pos}, but these days I find it {neg}.",
        "Back then {a} was {pos}. Today it is {neg}.",
        "Over the last year {a} went from {pos} to {neg}.",
    ]),
    ("answered questions", "question answered against it", "negative", [
        "Do I think {a} was {pos}? No.",
        "Was {a} {pos}? No.",
        "Was {a} {pos}? Not at all.",
        "Did I enjoy {a}? Not at all.",
        "Would I recommend {a}? No way.",
        "Would I recommend {a}? Never.",
        "Was I happy with {a}? No.",
        "Was {a} {neg}? Yes, very.",
        "Was {a} {neg}? Absolutely.",
        "Is {a} {pos}? Not really.",
        "Did {a} meet my expectations? No, it did not.",
        "Would I use {a} again? Definitely not.",
        "Was {a} worth the money? No.",
        "Am I satisfied with {a}? Not in the slightest.",
        "Did I like {a}? Not one bit.",
        "Do I think {a} is {neg}? Yes.",
    ]),
    ("answered questions", "question answered for it", "positive", [
        "Was {a} {pos}? Yes, very.",
        "Do I think {a} was {pos}? Yes.",
        "Did I enjoy {a}? Very much.",
        "Would I recommend {a}? Absolutely.",
        "Would I recommend {a}? Yes, without a doubt.",
        "Was I happy with {a}? Yes, very happy.",
        ("Was {a} {neg}? No, not at all.", "not_negative"),
        ("Was {a} {neg}? No.", "not_negative"),
        "Is {a} {pos}? Definitely.",
        "Did {a} meet my expectations? Yes, it did.",
        "Would I use {a} again? Definitely.",
        "Was {a} worth the money? Yes, every penny.",
        "Am I satisfied with {a}? Completely.",
        "Did I like {a}? A lot.",
        ("Do I think {a} is {neg}? No, I don't.", "not_negative"),
        "Was {a} {pos}? Yes.",
    ]),
    ("whose view", "others say bad, I say good", "positive", [
        "{p} thinks {a} is {neg}, but I think it is {pos}.",
        "{p} said {a} was {neg}, but I found it {pos}.",
        "{g} said {a} was {neg}, but I found it {pos}.",
        "{p} hated {a}; I loved it.",
        "Everyone says {a} is {neg}, but I found it {pos}.",
        "According to {p}, {a} is {neg}. In my opinion it is {pos}.",
        "{p} found {a} {neg}, but for me it was {pos}.",
        "{g} called {a} {neg}, but I thought it was {pos}.",
        "{p} may think {a} is {neg}, but I think it is {pos}.",
        "{p} was unhappy with {a}, but I was very happy with it.",
        "The reviews said {a} was {neg}. I disagree: it was {pos}.",
        "{p} says {a} is {neg}; I say it is {pos}.",
        "Unlike {p}, I thought {a} was {pos}.",
        "{p} thought {a} was {neg}. Personally, I found it {pos}.",
        "{g} warned me {a} was {neg}, but I found it {pos}.",
        "{p} didn't like {a}, but I really did.",
    ]),
    ("whose view", "others say good, I say bad", "negative", [
        "{p} thinks {a} is {pos}, but I think it is {neg}.",
        "{p} said {a} was {pos}, but I found it {neg}.",
        "{g} said {a} was {pos}, but I found it {neg}.",
        "{p} loved {a}; I hated it.",
        "Everyone says {a} is {pos}, but I found it {neg}.",
        "According to {p}, {a} is {pos}. In my opinion it is {neg}.",
        "{p} found {a} {pos}, but for me it was {neg}.",
        "{g} called {a} {pos}, but I thought it was {neg}.",
        "{p} may think {a} is {pos}, but I think it is {neg}.",
        "{p} was happy with {a}, but I was very unhappy with it.",
        "The reviews said {a} was {pos}. I disagree: it was {neg}.",
        "{p} says {a} is {pos}; I say it is {neg}.",
        "Unlike {p}, I thought {a} was {neg}.",
        "{p} thought {a} was {pos}. Personally, I found it {neg}.",
        "{g} told me {a} was {pos}, but I found it {neg}.",
        "{p} liked {a}, but I really did not.",
    ]),
    ("thanks but", "thanks, but still broken", "negative", [
        "{thx}, but {prob}.",
        "{thx}, but unfortunately {prob}.",
        "{thx}. However, {prob}.",
        "{thx}, however {prob}.",
        "{thx}, but sadly {prob}.",
        "{thx}. Unfortunately {prob}.",
        "{thx}, but {prob} and I am still waiting.",
        "{thx}, though {prob}.",
        "{thx}... but {prob}.",
        "{thx}. But {prob}.",
        "{thx}, yet {prob}.",
        "{thx}, but {prob}, so nothing is fixed.",
        "{thx}! But {prob}.",
        "{thx}, but I'm afraid {prob}.",
        "{thx}. The thing is, {prob}.",
        "{thx}, only {prob}.",
    ]),
    ("thanks but", "thanks for nothing", "negative", [
        "{ctx} Thanks for nothing.",
        "Thanks for nothing. {ctx}",
        "Well, thanks for nothing, {company}.",
        "Thanks for absolutely nothing, {company}.",
        "{ctx} Thanks for wasting my time.",
        "Thank you for nothing at all. {ctx}",
        "{ctx} So thanks for nothing, I guess.",
        "Thanks a bunch for nothing. {ctx}",
        "{ctx} Thanks for being no help at all.",
        "{company}, thanks for nothing.",
        "{ctx} Thank you so much for making it worse.",
        "Thanks for the useless advice. {ctx}",
        "{ctx} Thanks for nothing, really.",
        "Thanks for nothing, as usual. {ctx}",
        "{ctx} Well, thank you for absolutely nothing.",
        "{ctx} Cheers for nothing.",
    ]),
    ("sarcasm", "sarcasm about a failure", "negative", [
        "Great, {np}.",
        "Oh wonderful, {short}.",
        "Oh great, {clause}. Just what I needed.",
        "Fantastic, {clause}.",
        "Brilliant. {clause}.",
        "{clause}. Thanks a lot.",
        "Just perfect: {clause}.",
        "Wow, {clause}. Amazing service.",
        "Nice job, {short}.",
        "Lovely, {np} today.",
        "Wonderful, {np}. Thanks so much.",
        "{clause}. Great job, {company}.",
        "Oh perfect, {short}.",
        "Well done, {company}: {clause}.",
        "Awesome, {np}. Exactly what I wanted.",
        "{clause}. Thanks a lot, {company}.",
    ]),
    ("neutral", "statement without sentiment", "neutral", [
        "The {vehicle} leaves at {time}.",
        "My order number is {num}.",
        "The {role} is not {nationality}.",
        "The store opens at {time} on {day}.",
        "I am writing about order {num}.",
        "My account was created in {year}.",
        "The package is {color}.",
        "I moved to {num} {street} Street last month.",
        "The meeting is on {day} at {time}.",
        "Is the {place} open on {day}?",
        "I bought the {item} at your {city} store.",
        "My flight number is {code}.",
        "The hotel is next to the {landmark}.",
        "I am using version {ver} on {os}.",
        "The parcel was sent from {city} on {day}.",
        "My booking is for {n} nights in {city}.",
        "The {item} comes in {color} and {color2}.",
        "I called the {city} office on {day}.",
        "Our team has {n} users on the {plan} plan.",
        "That staff is not {nationality}.",
    ]),
    ("negation", "negated positive word", "negative", [
        "{a} was not {pos}.",
        "{a} is not {pos} at all.",
        "{a} wasn't {pos}.",
        "I would not call {a} {pos}.",
        "{a} was never {pos}.",
        "{a} is not really {pos}.",
        "I don't think {a} was {pos}.",
        "Nothing about {a} was {pos}.",
        "{a} was not {pos}, not even close.",
        "I did not find {a} {pos}.",
        "{a} isn't {pos}.",
        "{a} was not {pos} this time.",
        "{a} is no longer {pos}.",
        "I can't say {a} was {pos}.",
        "{a} was hardly {pos}.",
        "{a} has never been {pos}.",
    ]),
    ("negation", "negated negative word", "not_negative", [
        "{a} was not {neg}.",
        "{a} wasn't {neg} at all.",
        "{a} is not {neg}.",
        "I would not say {a} was {neg}.",
        "{a} was never {neg}.",
        "Honestly, {a} was not {neg}.",
        "I don't think {a} is {neg}.",
        "{a} was not {neg} this time.",
        "{a} isn't {neg}.",
        "I did not find {a} {neg}.",
        "{a} is no longer {neg}.",
        "{a} was not {neg} in the slightest.",
        "{a} has never been {neg}.",
        "Nothing about {a} was {neg}.",
        "I can't say {a} was {neg}.",
        "{a} was not {neg}, to be fair.",
    ]),
]

# ---------------------------------------------------------------- base sentences for INV / DIR
# every polarity, with slots that the perturbations can change

BASES = [
    # negative
    "I ordered from {company} {days} days ago and the package still has not arrived.",
    "{name} at your {city} office was rude to me on the phone.",
    "I was charged ${amount} twice for order {num}, please fix this.",
    "My flight from {city} was cancelled and nobody from {company} told me.",
    "The app has crashed {n} times today and I lost my work.",
    "I have been waiting {days} days for a refund of ${amount}.",
    "This is the third time I contact {company} about ticket {num} and it is still not solved.",
    "The hotel in {city} was dirty and the staff ignored us.",
    "{name} promised a call back on {day} but nobody called.",
    "Your update broke the export feature, I can't open invoice {num}.",
    "I am very disappointed with the delivery from {city}, the box was crushed.",
    "The driver left my parcel in the rain and the {item} was ruined.",
    "Why does it take {days} days to answer a simple question about my account?",
    "The {item} I bought in {city} stopped working after {n} weeks.",
    # positive
    "{name} at the {city} desk was really helpful, thank you.",
    "My order {num} arrived in {days} days, great job {company}.",
    "Thanks to {name}, the problem was fixed in {n} minutes.",
    "The room in {city} was spotless and the view was beautiful.",
    "I love the new dashboard, it saves me {n} hours a week.",
    "{company} refunded the ${amount} right away, I am impressed.",
    "The crew on flight {code} were friendly and kind.",
    "Excellent support from {name}, everything works now.",
    "The new version is much faster, well done {company}.",
    "We had a wonderful stay in {city}, thank you for everything.",
    "{name} went above and beyond to rebook our {n} tickets.",
    "Great service as always, the replacement arrived on {day}.",
    "The {item} from {company} is the best purchase I made this year.",
    "I am so happy with the upgrade, {name} explained everything clearly.",
    # neutral
    "I booked a room in {city} for {n} nights through {company}.",
    "My order number is {num} and I paid ${amount}.",
    "{name} asked me to send the receipt for ticket {num}.",
    "Can you change the delivery address to {num} {street} Street?",
    "The flight from {city} to {city2} leaves at {time}.",
    "I am using version {ver} of the app on my phone.",
    "I moved from {city} to {city2} last month, please update my account.",
    "How do I download the invoice for order {num}?",
    "I spoke to {name} on {day} about my subscription.",
    "Our team has {n} users on the {company} plan.",
    "The parcel will be picked up on {day} between {time} and {time2}.",
    "Is the {city} store open on {day}?",
    "I would like to add {name} as a second user on account {num}.",
    "The {item} was delivered to the {city} pickup point on {day}.",
]


# ---------------------------------------------------------------- filling


def cap(s):
    """Upper-cases the first letter of each sentence."""
    return re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), s)


def style(text, rng):
    """The way people type: now and then an exclamation mark for the last full stop, or
    no capital at the start."""
    r = rng.random()
    if r < 0.12 and text.endswith("."):
        return text[:-1] + "!"
    if r < 0.18:
        return text[:1].lower() + text[1:]
    return text


# people, whom a template's "it" cannot stand for
PEOPLE = {"the crew", "the front desk", "the cashier", "the courier", "the agent",
          "the support team", "the staff", "the manager", "the technician", "the waiter",
          "the receptionist", "the driver", "the guide", "the advisor", "the sales rep",
          "the engineer", "the host"}
IT_RE = re.compile(r"\b[Ii]t\b")
# an adverb the template puts before an adjective takes no intensifier after it
ADVERB_RE = re.compile(r"\b(really|a bit|hardly|very|so) \{(pos|neg)\}")


def slots(rng, it=False):
    """One random value for every slot a template may name; with it, {a} is a thing
    that "it" can stand for."""
    dom = DOMAINS[rng.choice(sorted(DOMAINS))]
    things = [t for t in dom["things"] if not (it and t in PEOPLE)]
    a = rng.choice(things)
    b = rng.choice([t for t in dom["things"] if t != a])

    def adj(own, generic):
        a = rng.choice(own) if rng.random() < 0.4 else rng.choice(generic)
        # an intensifier now and then, before a one-word adjective
        if " " not in a and "-" not in a and rng.random() < 0.25:
            a = rng.choice(INTENSIFIERS) + " " + a
        return a

    hour = rng.randint(1, 12)
    c1, c2 = rng.sample(CITIES, 2)
    col1, col2 = rng.sample(COLORS, 2)
    t1 = rng.randint(7, 11)
    pos, neg = adj(dom["pos"], GENERIC_POS), adj(dom["neg"], GENERIC_NEG)
    return {
        "a": a, "b": b, "pos": pos, "neg": neg,
        "pos0": pos.split(" ", 1)[1] if pos.split(" ", 1)[0] in INTENSIFIERS else pos,
        "neg0": neg.split(" ", 1)[1] if neg.split(" ", 1)[0] in INTENSIFIERS else neg,
        "posv": rng.choice(POS_PAST), "negv": rng.choice(NEG_PAST),
        "posvp": rng.choice(POS_PRESENT), "negvp": rng.choice(NEG_PRESENT),
        "p": rng.choice(PERSONS), "g": rng.choice(GROUPS),
        "thx": rng.choice(THANKS), "prob": rng.choice(PROBLEMS), "ctx": rng.choice(CONTEXTS),
        "np": rng.choice(EVENT_NP), "clause": rng.choice(EVENT_CLAUSE),
        "short": rng.choice(EVENT_SHORT), "company": rng.choice(COMPANIES),
        "name": rng.choice(NAMES), "city": c1, "city2": c2,
        "vehicle": rng.choice(VEHICLES),
        "time": rng.choice(["%d%s" % (hour, rng.choice(["pm", "am", " pm", " am"])),
                            "%d:%02d" % (rng.randint(0, 23), rng.choice([0, 15, 30, 45]))]),
        "time2": "%d:00" % (t1 + rng.randint(1, 4)),
        "num": str(rng.randint(1000, 99999)), "days": str(rng.randint(2, 30)),
        "n": str(rng.randint(2, 12)), "amount": str(rng.choice([19, 25, 49, 80, 120, 299, 12])),
        "day": rng.choice(DAYS), "street": rng.choice(STREETS), "color": col1, "color2": col2,
        "role": rng.choice(["driver", "agent", "pilot", "manager", "technician", "chef"]),
        "nationality": rng.choice(NATIONALITIES), "year": str(rng.randint(2005, 2025)),
        "item": rng.choice(ITEMS), "place": rng.choice(PLACES),
        "landmark": rng.choice(LANDMARKS),
        "code": "%s%d" % (rng.choice(["BA", "LH", "UA", "AF", "KL", "DL", "QF"]),
                          rng.randint(10, 9999)),
        "ver": "%d.%d" % (rng.randint(1, 9), rng.randint(0, 20)), "os": rng.choice(OSES),
        "plan": rng.choice(PLANS),
    }


def seeded(name, seed):
    return random.Random(zlib.crc32(name.encode("utf-8")) ^ seed)


def gen_mft(name, templates, expect, seed, n):
    rng = seeded(name, seed)
    cases, seen = [], set()
    k = 0
    while len(cases) < n and k < n * 20:
        i = k % len(templates)
        k += 1
        t = templates[i]
        t, e = (t if isinstance(t, tuple) else (t, expect))
        t = ADVERB_RE.sub(lambda m: "%s {%s0}" % (m.group(1), m.group(2)), t)
        text = style(cap(t.format(**slots(rng, bool(IT_RE.search(t))))), rng)
        if text in seen:
            continue
        seen.add(text)
        cases.append({"text": text, "expect": e, "template": i, "held_out": i % 4 == 3})
    return cases


# ---------------------------------------------------------------- perturbations


def word_re(words):
    return re.compile(r"\b(%s)\b" % "|".join(re.escape(w) for w in sorted(words, key=len,
                                                                           reverse=True)))


NAME_RE = word_re(NAMES)
CITY_RE = word_re(CITIES)
COMPANY_RE = word_re(COMPANIES)
TYPO_RE = re.compile(r"\b(%s)\b" % "|".join(re.escape(w) for w in TYPOS), re.I)
TYPO_BACK = {v: k for k, v in TYPOS.items()}
TYPO_BACK_RE = re.compile(r"\b(%s)\b" % "|".join(re.escape(w) for w in TYPO_BACK), re.I)


def swap(rx, pool, text, rng):
    """Each match of rx replaced with another word of pool, or None when none matches."""
    if not rx.search(text):
        return None
    return rx.sub(lambda m: rng.choice([w for w in pool if w != m.group(1)]), text)


def p_punct(text, rng):
    t = text.rstrip()
    if t and t[-1] in ".!?":
        return t.rstrip(".!?").rstrip()
    return t + "."


def p_numbers(text, rng):
    if not re.search(r"\d", text):
        return None

    def other(m):
        s = m.group(0)
        v = int(s)
        # as many digits; a count above one stays above one, so a plural stays right
        lo = 10 ** (len(s) - 1) if len(s) > 1 else 2 if v > 1 else 0
        w = v
        while w == v:
            w = rng.randint(lo, 10 ** len(s) - 1)
        return str(w)
    return re.sub(r"\d+", other, text)


def p_names(text, rng):
    t = text
    changed = False
    for rx, pool in ((NAME_RE, NAMES), (CITY_RE, CITIES)):
        s = swap(rx, pool, t, rng)
        if s is not None:
            t, changed = s, True
    return t if changed else None


def p_url(text, rng):
    u = rng.choice(URLS)
    t = text.rstrip()
    return rng.choice([t + " " + u, t + " (" + u + ")", t + " See " + u])


def p_typo(text, rng):
    fix = list(TYPO_BACK_RE.finditer(text))
    if fix and rng.random() < 0.5:
        m = rng.choice(fix)
        w = TYPO_BACK[m.group(1).lower()]
    else:
        found = list(TYPO_RE.finditer(text))
        if not found:
            return None
        m = rng.choice(found)
        w = TYPOS[m.group(1).lower()]
    if m.group(1)[0].isupper():
        w = w[0].upper() + w[1:]
    return text[:m.start()] + w + text[m.end():]


def p_company(text, rng):
    return swap(COMPANY_RE, COMPANIES, text, rng)


INV = [("final punctuation dropped or added", p_punct),
       ("numbers changed", p_numbers),
       ("names and places changed", p_names),
       ("a URL added", p_url),
       ("a typo in a non-sentiment word added or fixed", p_typo),
       ("company names swapped", p_company)]


def base_texts(rng, extra, count):
    """(text, template index) of base sentences: the project's own, filled, then extra."""
    out = []
    k = 0
    while len(out) < count:
        i = k % len(BASES)
        out.append((cap(BASES[i].format(**slots(rng))), i))
        k += 1
    for j, t in enumerate(extra):
        out.append((t, len(BASES) + j))
    rng.shuffle(out)
    return out


def gen_inv(name, fn, extra, seed, n):
    rng = seeded(name, seed)
    cases, seen = [], set()
    for base, i in base_texts(rng, extra, 4 * n):
        if len(cases) >= n:
            break
        text = fn(base, rng)
        if text is None or text == base or (base, text) in seen:
            continue
        seen.add((base, text))
        cases.append({"base": base, "text": text, "expect": "same", "template": i,
                      "held_out": i % 4 == 3})
    return cases


def gen_dir(name, phrases, expect, extra, seed, n):
    rng = seeded(name, seed)
    cases, seen = [], set()
    for base, _ in base_texts(rng, extra, 2 * n):
        if len(cases) >= n:
            break
        j = rng.randrange(len(phrases))
        b = base.rstrip()
        if b[-1:] not in ".!?":
            b += "."
        text = b + " " + phrases[j] if rng.random() < 0.7 else phrases[j] + " " + b
        if text in seen:
            continue
        seen.add(text)
        cases.append({"base": base, "text": text, "expect": expect, "template": j,
                      "held_out": j % 4 == 3})
    return cases


# ---------------------------------------------------------------- API


def generate(seed=20200705, extra_bases=(), n=CASES_PER_TEST):
    """The tests: [{"name", "family", "kind", "cases": [...]}]. An MFT case has "text"
    and "expect" (positive, negative, neutral, not_negative); an INV or DIR case has
    "base", "text" and "expect" (same, not_up, not_down). extra_bases: more base
    sentences for INV and DIR (e.g. the service set's dev rows)."""
    extra = [t for t in extra_bases if t and t.strip()]
    tests = []
    for fam, name, expect, templates in MFT:
        tests.append({"name": name, "family": fam, "kind": "MFT",
                      "cases": gen_mft(name, templates, expect, seed, n)})
    for name, fn in INV:
        tests.append({"name": name, "family": "invariance", "kind": "INV",
                      "cases": gen_inv(name, fn, extra, seed, n)})
    tests.append({"name": "negative phrase added: not up", "family": "directional",
                  "kind": "DIR",
                  "cases": gen_dir("dir-neg", NEG_PHRASES, "not_up", extra, seed, n)})
    tests.append({"name": "positive phrase added: not down", "family": "directional",
                  "kind": "DIR",
                  "cases": gen_dir("dir-pos", POS_PHRASES, "not_down", extra, seed, n)})
    return tests


def breadth():
    """(templates, held-out templates, distinct filler entries) of the generator."""
    n = sum(len(t[3]) for t in MFT) + len(BASES) + len(NEG_PHRASES) + len(POS_PHRASES)
    held = sum(len(range(3, len(t[3]), 4)) for t in MFT) + len(range(3, len(BASES), 4)) \
        + len(range(3, len(NEG_PHRASES), 4)) + len(range(3, len(POS_PHRASES), 4))
    pools = [GENERIC_POS, GENERIC_NEG, POS_PAST, NEG_PAST, POS_PRESENT, NEG_PRESENT, PERSONS,
             GROUPS, COMPANIES, NAMES, CITIES, DAYS, STREETS, COLORS, NATIONALITIES, ITEMS,
             PLACES, LANDMARKS, VEHICLES, OSES, PLANS, URLS, THANKS, PROBLEMS, CONTEXTS,
             EVENT_NP, EVENT_CLAUSE, EVENT_SHORT, INTENSIFIERS, list(TYPOS)]
    for d in DOMAINS.values():
        pools += [d["things"], d["pos"], d["neg"]]
    return n, held, len({w for p in pools for w in p})


def texts(tests):
    """Every distinct text the tests need an answer for."""
    seen = {}
    for t in tests:
        for c in t["cases"]:
            for k in ("base", "text"):
                if k in c:
                    seen[c[k]] = None
    return list(seen)


ORDER = {"negative": 0, "neutral": 1, "positive": 2}


def passes(case, polarity):
    """Whether a system passes a case; polarity(text) gives its 3-class answer."""
    e = case["expect"]
    p = polarity(case["text"])
    if e in ORDER:
        return p == e
    if e == "not_negative":
        return p != "negative"
    if e == "not_positive":
        return p != "positive"
    b = polarity(case["base"])
    if e == "same":
        return p == b
    if e == "not_up":
        return ORDER[p] <= ORDER[b]
    if e == "not_down":
        return ORDER[p] >= ORDER[b]
    raise ValueError("unknown expectation " + e)


def main():
    extra = []
    if len(sys.argv) > 1:
        with open(sys.argv[1], encoding="utf-8") as f:
            extra = [json.loads(l)["text"] for l in f if l.strip() and
                     json.loads(l).get("split") == "dev"]
    for t in generate(extra_bases=extra):
        for c in t["cases"]:
            print(json.dumps(dict(c, test=t["name"], family=t["family"], kind=t["kind"]),
                             ensure_ascii=False))


if __name__ == "__main__":
    main()
