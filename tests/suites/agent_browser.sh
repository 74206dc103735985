#!/bin/sh
# An agent's day-one tools in headless Chromium (playwright-core), against the
# real server on 127.0.0.1 with a fresh `attune demo` database and the desk's
# currency set to euros: tests/browser/agent.mjs opens a ticket for a caller,
# edits a customer, keeps a draft across a reload and folds the ticket header.
# Ends with one line "N passed, N failed".
set -u
bin=$1
here=$(cd "$(dirname "$0")/../browser" && pwd)
# shellcheck source=tests/lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
need_browser "$here"
export ATTUNE_PASSWORD_COST=min ATTUNE_LOG_LEVEL=warn ATTUNE_CURRENCY=EUR
db=$dir/web.db
"$bin" --db "$db" demo >"$dir/demo.log" 2>&1 || { cat "$dir/demo.log"; give_up; }
serve
healthz
browser_run "the browser tests" 120 "$here/agent.mjs" "http://127.0.0.1:$port"
