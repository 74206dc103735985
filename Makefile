# attune: one hand-written GNU Makefile.
#   make            build build/attune
#   make run        install what is missing, build, load the demo and serve it
#   make test       install, build, run every suite (normal and ASan+UBSan builds)
#   make asan       build the sanitizer build in build-asan/
#   make valgrind   run the unit tests under valgrind
#   make fuzz       build and run the libFuzzer targets for a short while
#   make bench      run the benchmarks and write docs/BENCHMARKS.md
#   make eval       run the text engine evaluation and write docs/EVALUATION.md
#   make fmt        format the C sources with clang-format

CC      ?= cc
SAN     ?=
BUILD   ?= build
PKGS    := sqlite3 libsodium jansson libutf8proc libmicrohttpd gmime-3.0 libcurl
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wvla -Wno-format-nonliteral
CFLAGS_ALL := -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Isrc -I$(BUILD)/gen $(WARN) -g \
              -MMD -MP $(PKG_CFLAGS)
ifeq ($(SAN),1)
  CFLAGS_ALL += -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
  LDFLAGS_ALL := -fsanitize=address,undefined
else
  CFLAGS_ALL += -O2
  LDFLAGS_ALL :=
endif
CFLAGS_ALL += $(CFLAGS)
LIBS := $(PKG_LIBS) -lpthread -lm

SRC      := $(sort $(shell find src -name '*.c' ! -name main.c))
SQL      := $(sort $(wildcard src/store/schema/*.sql))
OBJ      := $(SRC:%.c=$(BUILD)/obj/%.o)
GEN_SRC  := $(BUILD)/gen/schema_gen.c
GEN_OBJ  := $(BUILD)/obj/gen/schema_gen.o $(BUILD)/obj/gen/assets_gen.o $(BUILD)/obj/gen/data_gen.o
LIB      := $(BUILD)/libattune.a
BIN      := $(BUILD)/attune
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
TESTS    := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TOOL_SRC := $(sort $(wildcard tests/tools/*.c))
TOOLS    := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tests/tools/%)
WEB      := $(sort $(shell find web -type f 2>/dev/null))
DATA     := $(sort $(wildcard data/*.tsv data/*.bin))

.PHONY: all deps run test asan valgrind fuzz bench eval fmt clean tests demo-db

all: $(BIN)

deps:
	@scripts/deps.sh

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

# Migrations are compiled into the binary: every src/store/schema/NNNN_name.sql
$(GEN_SRC): $(SQL) scripts/embed.sh
	@mkdir -p $(dir $@)
	scripts/embed.sh schema $(SQL) > $@

$(BUILD)/gen/assets_gen.c: $(WEB) scripts/embed.sh
	@mkdir -p $(dir $@)
	scripts/embed.sh assets $(WEB) > $@

# The text engine's lexicon and weights are compiled into the binary too
$(BUILD)/gen/data_gen.c: $(DATA) scripts/embed.sh
	@mkdir -p $(dir $@)
	scripts/embed.sh data $(DATA) > $@

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Wno-missing-prototypes -c $< -o $@

$(LIB): $(OBJ) $(GEN_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(BUILD)/obj/src/main.o $(LIB)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB) tests/unit/testutil.h tests/unit/textutil.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests/unit -Wno-missing-prototypes $(LDFLAGS_ALL) -o $@ $< $(LIB) \
		$(LIBS) $(shell pkg-config --libs cmocka)

# programs the test suites drive (crash writer, ...)
$(BUILD)/tests/tools/%: tests/tools/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL) -o $@ $< $(LIB) $(LIBS)

tests: $(BIN) $(TESTS) $(TOOLS)

run: deps
	@$(MAKE) -s all
	@scripts/run-demo.sh

test: deps
	@scripts/test.sh

asan:
	@$(MAKE) -s BUILD=build-asan SAN=1 tests

valgrind: tests
	@for t in $(TESTS); do valgrind -q --error-exitcode=1 --leak-check=full $$t || exit 1; done

bench: all
	@scripts/bench.sh

# EVAL_BIN=path/to/attune measures that binary and builds nothing
eval: $(if $(EVAL_BIN),,all)
	@EVAL_BIN=$(or $(EVAL_BIN),$(BIN)) scripts/eval.sh

fuzz:
	@scripts/fuzz.sh

fmt:
	clang-format -i $(shell find src tests bench -name '*.[ch]')

clean:
	rm -rf build build-asan

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
