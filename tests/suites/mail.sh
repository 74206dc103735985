#!/bin/sh
# Mail end to end, against a real SMTP server on 127.0.0.1 (aiosmtpd, run
# with /usr/bin/python3) and the real server: a customer mails in through
# `attune mail-ingest`, an agent replies over the API, the job runner delivers
# the reply, the customer's answer lands on the same ticket and reopens it;
# with the relay down the mail waits, and arrives once when the relay is back;
# then the full path through survey and follow-up to recovery and recognition.
# The checks are in tests/mail/mail_e2e.py. Ends with "N passed, N failed".
set -u
bin=$1
here=$(cd "$(dirname "$0")/../mail" && pwd)
# shellcheck source=tests/lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
export PYTHONDONTWRITEBYTECODE=1

if ! /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
    bad "aiosmtpd is not installed for /usr/bin/python3 (scripts/deps.sh installs python3-aiosmtpd)"
    finish
fi

python3 "$here/mail_e2e.py" "$bin" "$dir" >"$dir/out" 2>&1
code=$?
cat "$dir/out"
passed=$(grep -c '^ok ' "$dir/out")
failed=$(grep -c '^FAIL ' "$dir/out")
if [ "$code" != 0 ] && [ "$failed" = 0 ]; then
    echo "FAIL python3 mail_e2e.py exited $code"
    failed=1
fi
if [ "$failed" != 0 ]; then
    echo "--- server log (last lines)"
    tail -20 "$dir/server.log" 2>/dev/null
fi
finish
