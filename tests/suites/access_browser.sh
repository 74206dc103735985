#!/bin/sh
# Getting in, in headless Chromium against the real server on 127.0.0.1 with
# outbound mail to a real SMTP server on 127.0.0.1 (tests/mail/smtp_sink.py):
# tests/browser/access.mjs takes a customer who only ever wrote by mail from
# "Forgot your password?" through the mailed link to their request, a known
# address that tries to sign up, and the portal link an agent sends.
# Ends with one line "N passed, N failed".
set -u
bin=$1
here=$(cd "$(dirname "$0")/../browser" && pwd)
mail=$(cd "$(dirname "$0")/../mail" && pwd)
# shellcheck source=tests/lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
need_browser "$here"
export ATTUNE_PASSWORD_COST=min ATTUNE_LOG_LEVEL=warn
if ! /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
    give_up "aiosmtpd is not installed for /usr/bin/python3 (scripts/deps.sh installs python3-aiosmtpd)"
fi
db=$dir/web.db
mails=$dir/mails
mkdir -p "$mails"
add_user maya@example.com "Maya Lind" agent || give_up
# two customers known only from their mail
for who in "Cai Chen <cai.chen@example.org>:Where is my parcel?" "Bo Berg <bo.berg@example.org>:Wrong address on the invoice"; do
    printf 'From: %s\r\nTo: help@support.example.com\r\nSubject: %s\r\nMessage-ID: <%s@example.org>\r\n\r\nPlease help.\r\n' \
        "${who%%:*}" "${who#*:}" "$(echo "${who#*:}" | tr -dc a-z)" |
        "$bin" --db "$db" mail-ingest >/dev/null || give_up "mail-ingest failed"
done
sink_port=$(free_port)
/usr/bin/python3 "$mail/smtp_sink.py" "$sink_port" "$mails" >"$dir/sink.out" 2>"$dir/sink.log" &
echo $! >>"$dir/pids"
for _ in $(seq 50); do grep -q ready "$dir/sink.out" 2>/dev/null && break; sleep 0.1; done
grep -q ready "$dir/sink.out" || give_up "the SMTP sink did not start"
export ATTUNE_SMTP_HOST=127.0.0.1 ATTUNE_SMTP_PORT=$sink_port ATTUNE_MAIL_FROM="Example Support <help@support.example.com>"
serve
healthz
browser_run "the browser tests" 120 "$here/access.mjs" "http://127.0.0.1:$port" "$mails"
