# tests/fuzz/fuzz.mk — libFuzzer targets of every parser of outside input, run by `make fuzz`
# (the top Makefile calls: $(MAKE) -f tests/fuzz/fuzz.mk OUT=$(OUT)).
#   make fuzz                       build with clang, run each target FUZZ_SECONDS (60) seconds
#   make fuzz FUZZ_SECONDS=600 FUZZ_TARGETS="text dates"
#   make fuzz FUZZ_FLAGS="-fork=1 -ignore_crashes=1"   go on after a crash (long runs)
#   make -f tests/fuzz/fuzz.mk OUT=out replay   plain drivers (cc, no libFuzzer) for make test
# Seeds are generated into $(OUT)/fuzz/corpus/<target> (tests/fuzz/seeds.sh); an input that
# crashes, leaks, hangs or breaks an invariant is saved in tests/fuzz/regressions/<target>/,
# which tests/e2e/fuzz_regressions/run.sh replays on every `make test`.
OUT          ?= out
FUZZ_SECONDS ?= 60
FUZZ_ALL     := $(sort $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_TARGETS ?= $(FUZZ_ALL)
FUZZ_FLAGS   ?=
FCC          ?= clang
FDIR         := $(OUT)/fuzz
DATA_DIR     := $(abspath $(OUT))/share/kharita

include $(OUT)/config.mk

LIB_SRC  := $(sort $(wildcard src/core/*.c src/text/*.c src/gazetteer/*.c src/extract/*.c \
                              src/aggregate/*.c src/output/*.c))
# opts.c: the option helpers cmd_extract.c (compiled into fuzz_jsonl) calls
FUZZ_OBJ := $(LIB_SRC:src/%.c=$(FDIR)/obj/%.o) $(FDIR)/obj/cli/opts.o
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS := -std=gnu11 -g -O1 -fno-omit-frame-pointer -Wall -Wno-unused-parameter \
               -Iinclude -Isrc -Itests/fuzz -DFUZZ_DATA_DIR='"$(DATA_DIR)"' $(FUZZ_SAN)

.PHONY: fuzz build replay seeds
.SECONDARY:
.DEFAULT_GOAL := fuzz

$(FDIR)/obj/%.o: src/%.c $(OUT)/config.mk
	@mkdir -p $(@D)
	$(FCC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) -MMD -MP -c $< -o $@

$(FDIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_OBJ)
	$(FCC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) -o $@ $< $(FUZZ_OBJ) $(PKG_LIBS)

build: $(FUZZ_TARGETS:%=$(FDIR)/fuzz_%)

seeds: $(OUT)/kharita
	@tests/fuzz/seeds.sh $(OUT) $(FDIR)/corpus

# Each target in turn; a failure is reported and the others still run.
fuzz: build seeds
	@fail=""; \
	for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(FDIR)/corpus/$$t tests/fuzz/regressions/$$t; \
	    case $$t in jsonl|agg_doc|map_data) dict=-dict=tests/fuzz/json.dict;; *) dict="";; esac; \
	    echo "fuzz: $$t for $(FUZZ_SECONDS) s (log $(FDIR)/$$t.log)"; \
	    if ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
	       UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	       LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	       $(FDIR)/fuzz_$$t $$dict -max_total_time=$(FUZZ_SECONDS) -timeout=30 -rss_limit_mb=2048 \
	           -max_len=65536 -print_final_stats=1 $(FUZZ_FLAGS) \
	           -artifact_prefix=tests/fuzz/regressions/$$t/ \
	           $(FDIR)/corpus/$$t > $(FDIR)/$$t.log 2>&1; then \
	        echo "fuzz: $$t: $$(grep -aE '^#[0-9]+|^Done' $(FDIR)/$$t.log | tail -n 1)"; \
	    else \
	        echo "fuzz: $$t FOUND A PROBLEM:"; grep -aE 'ERROR|SUMMARY|invariant|Test unit written' \
	            $(FDIR)/$$t.log | head -n 8; fail="$$fail $$t"; \
	    fi; \
	done; \
	for d in /dev/shm/kharita-fuzz-* /tmp/kharita-fuzz-*; do \
	    [ -e "$$d" ] && ! kill -0 "$${d##*-}" 2>/dev/null && rm -rf "$$d"; \
	done; \
	if [ -n "$$fail" ]; then echo "fuzz: problems in:$$fail (inputs in tests/fuzz/regressions/)"; exit 1; fi

# ---- replay drivers: the same targets under the ordinary compiler, without libFuzzer. When
# $(OUT)/libkharita.a was built with sanitizers (make asan), the drivers are too.
REPLAY_SAN := $(shell nm -A $(OUT)/libkharita.a 2>/dev/null | grep -q __asan_report && \
                echo -fsanitize=address,undefined -fno-omit-frame-pointer)
REPLAY_OPT ?= -O1 -g
$(OUT)/fuzz-replay/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h \
                             $(OUT)/libkharita.a $(OUT)/obj/cli/opts.o
	@mkdir -p $(@D)
	$(CC) -std=gnu11 $(REPLAY_OPT) $(REPLAY_SAN) -Wall -Wno-unused-parameter -Iinclude -Isrc \
	    -Itests/fuzz -DFUZZ_DATA_DIR='"$(DATA_DIR)"' $(PKG_CFLAGS) -o $@ tests/fuzz/replay.c $< \
	    $(OUT)/obj/cli/opts.o $(OUT)/libkharita.a $(PKG_LIBS)

replay: $(FUZZ_ALL:%=$(OUT)/fuzz-replay/replay_%)

-include $(FUZZ_OBJ:.o=.d)
