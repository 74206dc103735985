#!/bin/sh
# Mail in the web app, in headless Chromium (playwright-core), against the real
# server on 127.0.0.1 with a temporary database: a mail with an attachment is
# taken in with `attune mail-ingest` before the server starts, and
# tests/browser/mail_console.mjs takes in more (a reply with a file, auto-replies
# for the quarantine) with the same binary while the pages are open. It checks
# the attachments in the console and the portal, their downloads byte for byte,
# and the Mail quarantine page for a lead and for an agent.
# Ends with one line "N passed, N failed".
set -u
bin=$1
here=$(cd "$(dirname "$0")/../browser" && pwd)
samples=$(cd "$(dirname "$0")/../mail/samples" && pwd)
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
# shellcheck source=tests/lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
need_browser "$here"
export ATTUNE_PASSWORD_COST=min ATTUNE_LOG_LEVEL=warn
export ATTUNE_MAIL_FROM="Example Support <support@support.example.com>"
db=$dir/web.db
add_user maya@example.com "Maya Lind" agent || exit 1
add_user sam@example.com "Sam Lead" lead || exit 1
add_user bob@example.net "Bob Stone" customer || exit 1
add_user lena@example.com "Lena Park" customer || exit 1
# Bob's mail with a screenshot becomes his ticket
"$bin" --db "$db" mail-ingest <"$samples/02_attachment_base64.eml" >"$dir/ingest.log" 2>&1 ||
    { cat "$dir/ingest.log"; give_up; }
grep -q '^ticket #' "$dir/ingest.log" || { cat "$dir/ingest.log"; give_up; }
serve
healthz
browser_run "the browser tests" 180 "$here/mail_console.mjs" "http://127.0.0.1:$port" "$bin" "$db" "$samples"
