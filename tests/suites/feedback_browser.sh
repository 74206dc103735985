#!/bin/sh
# The console's Feedback page in headless Chromium (playwright-core), against
# the real server on 127.0.0.1 with a fresh `attune demo` database, whose
# history has answered surveys, recovery tasks and praise:
# tests/browser/feedback.mjs checks the figures against the API, closes a
# recovery task as the lead and looks at an agent's own page.
# Ends with one line "N passed, N failed".
set -u
bin=$1
here=$(cd "$(dirname "$0")/../browser" && pwd)
# shellcheck source=tests/lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
demo_browser feedback.mjs
