#!/bin/sh
# The admin screens in headless Chromium (playwright-core), against the real
# server on 127.0.0.1 with a fresh `attune demo` database: tests/browser/admin.mjs
# has an admin create an agent, a calendar and a policy entirely in the web app,
# checks each against the API, and looks at the audit log, API tokens and the
# page for an address that is no page. Ends with one line "N passed, N failed".
set -u
bin=$1
here=$(cd "$(dirname "$0")/../browser" && pwd)
# shellcheck source=tests/lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
demo_browser admin.mjs
