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
#   make fmt-check  fail when a C source is not formatted as .clang-format says
#   make cppcheck   static analysis of src/
#   make clang      build everything with clang in build-clang/ and run the unit tests
#   make tsan       the threaded tests under ThreadSanitizer (build-tsan/)
#   make ci         what .ci/run runs besides the test command: all of the above

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
else ifeq ($(SAN),thread)
  CFLAGS_ALL += -O1 -fno-omit-frame-pointer -fsanitize=thread
  LDFLAGS_ALL := -fsanitize=thread
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

.PHONY: all deps run test asan valgrind fuzz bench eval fmt fmt-check cppcheck clang tsan ci \
        clean tests demo-db

C_FILES  = $(shell find src tests bench -name '*.[ch]')
# the tests whose threads share a store: group commit, the job runner
TSAN_TESTS := test_group_commit test_store test_jobs

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
	@for t in $(TESTS); do \
		valgrind -q --error-exitcode=1 --leak-check=full $$t >$$t.valgrind 2>&1 || \
		{ echo "valgrind: $$t"; tail -n 60 $$t.valgrind; exit 1; }; done
	@echo "valgrind: $(words $(TESTS)) unit test programs, no error and no leak"

bench: all
	@scripts/bench.sh

# EVAL_BIN=path/to/attune measures that binary and builds nothing
eval: $(if $(EVAL_BIN),,all)
	@EVAL_BIN=$(or $(EVAL_BIN),$(BIN)) scripts/eval.sh

fuzz:
	@scripts/fuzz.sh

fmt:
	clang-format -i $(C_FILES)

fmt-check:
	@clang-format --dry-run -Werror $(C_FILES) && echo "fmt-check: formatted"

cppcheck:
	@cppcheck -q --enable=warning,portability,performance --error-exitcode=1 --inline-suppr \
		--std=c11 -j2 -Isrc --suppress=missingIncludeSystem src && echo "cppcheck: clean"

clang:
	@$(MAKE) -s -j2 BUILD=build-clang CC=clang tests
	@for t in $(TEST_SRC:tests/unit/%.c=build-clang/tests/%); do \
		$$t >/dev/null 2>&1 || { echo "clang: $$t failed"; $$t; exit 1; }; done
	@echo "clang: built and the unit tests pass"

tsan:
	@$(MAKE) -s -j2 BUILD=build-tsan SAN=thread CC=clang $(TSAN_TESTS:%=build-tsan/tests/%)
	@for t in $(TSAN_TESTS); do \
		TSAN_OPTIONS=halt_on_error=1 build-tsan/tests/$$t >/dev/null 2>build-tsan/$$t.log || \
		{ echo "tsan: $$t failed"; tail -n 40 build-tsan/$$t.log; exit 1; }; done
	@echo "tsan: no race in $(TSAN_TESTS)"

ci:
	@scripts/ci.sh

clean:
	rm -rf build build-asan build-clang build-tsan

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
