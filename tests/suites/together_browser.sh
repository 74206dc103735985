#!/bin/sh
# Two agents and a customer on one ticket in headless Chromium (playwright-core),
# against the real server on 127.0.0.1 with a fresh `attune demo` database:
# tests/browser/together.mjs checks presence, and that replies and customer
# messages arrive from the live stream while a ticket is open.
# Ends with one line "N passed, N failed".
set -u
bin=$1
here=$(cd "$(dirname "$0")/../browser" && pwd)
# shellcheck source=tests/lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
demo_browser together.mjs
