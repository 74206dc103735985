#!/bin/sh
# An agent's day-one tools in headless Chromium (playwright-core), against the
# real server on 127.0.0.1 with a fresh `attune demo` database and the desk's
# currency set to euros: tests/browser/agent.mjs opens tickets for callers,
# edits a customer, keeps drafts, folds the ticket header, changes several
# tickets at once, signs replies, merges a duplicate customer and ticket, and
# sends files with a note.
# Ends with one line "N passed, N failed".
set -u
bin=$1
here=$(cd "$(dirname "$0")/../browser" && pwd)
# shellcheck source=tests/lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
export ATTUNE_CURRENCY=EUR
demo_browser agent.mjs
