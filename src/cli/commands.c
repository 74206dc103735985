#include "cli/commands.h"
#include "cli/cli.h"

#include "core/banned.h"

/* clang-format off */
const struct at_command at_commands[] = {
    {"help", at_cmd_help, "show the commands, or the help of one", "usage: attune help [COMMAND|settings]"},
    {"version", at_cmd_version, "print the version and the schema version", "usage: attune version"},
    {"config", at_cmd_config, "print the effective settings as name = value (secrets masked)", "usage: attune config"},
    {"migrate", at_cmd_migrate, "create the database or bring its schema up to date", "usage: attune migrate [--db PATH]"},
    {"user", at_cmd_user, "add and list users", "usage: attune user add|list|reset-link [flags]\n\n  attune user add --email E --name N --role admin|lead|agent|customer [--password-stdin]\n  attune user list [--customers]\n  attune user reset-link --email E"},
    {"analyze", at_cmd_analyze, "read how a customer message feels: emotions, urgency, risk, evidence", "usage: attune analyze [--jsonl] [TEXT...]   (reads standard input without TEXT)"},
    {"coach", at_cmd_coach, "score a reply for empathy and service, with suggested wording", "usage: attune coach [--customer TEXT] [--name NAME] [--jsonl] [REPLY...]"},
    {"train", at_cmd_train, "rebuild the text engine's data: emotions weights or lexicon", "usage: attune train emotions|lexicon --data DIR [--out PATH]"},
    {"demo", at_cmd_demo, "load a realistic demo: staff, customers and tickets with conversations", "usage: attune demo [--tickets N] [--seed S]"},
    {"serve", at_cmd_serve, "serve the JSON API (and the web app) until SIGTERM or Ctrl-C", "usage: attune serve [--listen HOST:PORT] [--threads N]"},
    {"token", at_cmd_token, "create, list and revoke API tokens", "usage: attune token create --email E [--name N] | list | revoke ID"},
    {"jobs", at_cmd_jobs, "run due work (follow-ups, reminders), list it, retry what failed", "usage: attune jobs run-once | list [--failed] | retry ID"},
    {"mail-ingest", at_cmd_mail_ingest, "take in one mail from standard input: a new ticket, a reply, or the quarantine", "usage: attune mail-ingest < MAIL\n\n  Exit status: 0 taken in (a ticket, a reply, quarantined, or a duplicate);\n  75 try again later (the database failed); 78 a mail setting is wrong; 2 bad usage."},
    {NULL, NULL, NULL, NULL},
};
/* clang-format on */
