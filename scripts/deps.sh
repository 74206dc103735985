#!/bin/sh
# Installs what attune needs to build and test from Debian's packages.
# Idempotent: when everything is present it does nothing and says so.
set -eu
PKGS="gcc make pkg-config libsqlite3-dev libsodium-dev libjansson-dev libutf8proc-dev
libcmocka-dev libmicrohttpd-dev libgmime-3.0-dev libcurl4-openssl-dev python3 python3-aiosmtpd
clang libclang-rt-dev tzdata wrk clang-format cppcheck valgrind"
missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
if [ -z "$missing" ]; then
    exit 0
fi
echo "deps: installing$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "deps: done"
