#!/bin/sh
# Builds the libFuzzer targets of tests/fuzz with clang (ASan + UBSan) and runs
# each for a while on its corpus. FUZZ_SECONDS (default 30) per target.
set -eu
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-30}
out=build/fuzz
mkdir -p "$out"
flags="-std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Isrc -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
pkgs=$(pkg-config --cflags --libs jansson libutf8proc)
# the text engine and the core it uses, with its data embedded
srcs="$(ls src/text/*.c) src/core/arena.c src/core/buf.c src/core/err.c src/core/mem.c src/core/str.c"
scripts/embed.sh data data/*.tsv data/*.bin > "$out/data_gen.c"
# inbound mail goes through the whole desk and store: every source, the schema and the web files
all_srcs="$(find src -name '*.c' ! -name main.c | sort)"
all_pkgs=$(pkg-config --cflags --libs sqlite3 libsodium jansson libutf8proc libmicrohttpd gmime-3.0 libcurl)
scripts/embed.sh schema src/store/schema/*.sql > "$out/schema_gen.c"
scripts/embed.sh assets $(find web -type f | sort) > "$out/assets_gen.c"
for target in tests/fuzz/fuzz_*.c; do
    name=$(basename "$target" .c)
    corpus=tests/fuzz/corpus/${name#fuzz_}
    if [ "$name" = fuzz_mail ]; then
        # shellcheck disable=SC2086
        clang $flags -o "$out/$name" "$target" $all_srcs "$out/data_gen.c" "$out/schema_gen.c" \
            "$out/assets_gen.c" $all_pkgs -lpthread -lm
    else
        # shellcheck disable=SC2086
        clang $flags -o "$out/$name" "$target" $srcs "$out/data_gen.c" $pkgs -lm
    fi
    work="$out/corpus-${name#fuzz_}"
    mkdir -p "$work"
    echo "== $name for ${secs}s"
    "$out/$name" -max_total_time="$secs" -max_len=4096 "$work" "$corpus"
done
echo "fuzz: no crash"
