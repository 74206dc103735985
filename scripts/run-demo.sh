#!/bin/sh
# `make run`: a ready demo. Creates demo.db with the demo the first time,
# then serves it. Settings can be changed as for any command, e.g.
#   ATTUNE_LISTEN=127.0.0.1:9090 make run
set -eu
cd "$(dirname "$0")/.."
bin=build/attune
db=${ATTUNE_DB:-demo.db}
listen=${ATTUNE_LISTEN:-127.0.0.1:8080}
export ATTUNE_DB="$db" ATTUNE_LISTEN="$listen"
if [ ! -f "$db" ]; then
    "$bin" demo
else
    echo "Using the demo in $db (delete it for a fresh one)."
    echo "Sign in with password 'attune-demo' as admin@demo.attune, lead@demo.attune,"
    echo "maya@demo.attune (agent) or, in the portal, lena@demo.attune (customer)."
fi
echo
# links in mail name public_url when it is set (ATTUNE_PUBLIC_URL), else this address
echo "attune is at ${ATTUNE_PUBLIC_URL:-http://$listen}/  (Ctrl-C stops it)"
echo
exec "$bin" serve
