# kharita — plain GNU make with pkg-config and -MMD dependencies.
#   make          build ./kharita and its data (installs missing Debian/npm packages first)
#   make run      the main job on the bundled sample corpus
#   make test     build and run every test; the last line is "N passed, N failed"
#   make bench    benchmarks against a baseline in the same run
#   make fuzz     libFuzzer targets (FUZZ_SECONDS=N each)
#   make asan     the test suite under AddressSanitizer + UndefinedBehaviorSanitizer
#   make install  PREFIX=/usr/local
.DEFAULT_GOAL := all
SHELL := /bin/bash

OUT      ?= out
PREFIX   ?= /usr/local
CC       ?= cc
PKGS     := gdal proj cairo pangocairo icu-uc icu-i18n json-c libpng
OPT      ?= -O2 -g
CFLAGS_K := -std=gnu11 -Wall -Wextra -Wno-unused-parameter -Iinclude -Isrc -MMD -MP $(OPT)
SHARE    := $(OUT)/share/kharita

NOSETUP_GOALS := clean help
ifeq ($(filter-out $(NOSETUP_GOALS),$(or $(MAKECMDGOALS),all)),)
else
# Setup runs first: installs missing packages and writes the pkg-config flags.
$(OUT)/config.mk: scripts/setup.sh
	@mkdir -p $(OUT)
	@scripts/setup.sh
	@echo "PKG_CFLAGS := $$(pkg-config --cflags $(PKGS))" > $@.tmp
	@echo "PKG_LIBS := $$(pkg-config --libs $(PKGS)) -lm -lpthread" >> $@.tmp
	@mv $@.tmp $@
include $(OUT)/config.mk
endif

LIB_SRC  := $(sort $(wildcard src/core/*.c src/text/*.c src/gazetteer/*.c src/extract/*.c \
                              src/aggregate/*.c src/output/*.c))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(OUT)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:src/%.c=$(OUT)/obj/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(OUT)/tests/%)

.PHONY: all run test bench fuzz asan install clean help data
all: kharita data

# Quiet by default; V=1 shows the commands.
Q := $(if $(V),,@)

$(OUT)/obj/%.o: src/%.c $(OUT)/config.mk
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_K) $(PKG_CFLAGS) $(CFLAGS) -c $< -o $@

$(OUT)/libkharita.a: $(LIB_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(OUT)/kharita: $(CLI_OBJ) $(OUT)/libkharita.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS_K) $(CFLAGS) $(LDFLAGS) -o $@.tmp $(CLI_OBJ) $(OUT)/libkharita.a $(PKG_LIBS) && mv -f $@.tmp $@

kharita: $(OUT)/kharita
	@ln -sf $(OUT)/kharita kharita

$(OUT)/tests/%: tests/unit/%.c $(OUT)/libkharita.a
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_K) $(PKG_CFLAGS) $(CFLAGS) -Itests/unit -o $@ $< $(OUT)/libkharita.a $(PKG_LIBS)

# ---- data: gazetteer index and basemaps (sections owned by src/gazetteer and src/output)
-include gazetteer/rules.mk
-include basemaps/rules.mk

# ---- the main job
run: all
	./kharita run -o $(OUT) examples/sample.jsonl

test: all $(UNIT_BIN)
	@OUT=$(OUT) tests/run.sh

bench: all
	@OUT=$(OUT) scripts/bench.sh

fuzz: all
	@$(MAKE) --no-print-directory -f tests/fuzz/fuzz.mk OUT=$(OUT)

# Leaks count (detect_leaks=1); tests/lsan.supp lists third-party caches only. A UBSan report
# stops the program (halt_on_error), so the test that ran it fails.
ASAN_ENV := ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1 \
            UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
            LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0
asan:
	@$(ASAN_ENV) $(MAKE) --no-print-directory OUT=out/asan \
	    OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer" \
	    LDFLAGS="-fsanitize=address,undefined" test

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/kharita $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(OUT)/kharita $(DESTDIR)$(PREFIX)/bin/kharita
	cp -R $(SHARE)/. $(DESTDIR)$(PREFIX)/share/kharita/
	install -m 644 src/cli/kharita.1 $(DESTDIR)$(PREFIX)/share/man/man1/kharita.1

clean:
	rm -rf $(OUT)/obj $(OUT)/tests $(OUT)/kharita $(OUT)/libkharita.a $(OUT)/share kharita

help:
	@sed -n '2,9s/^# \{0,1\}//p' Makefile

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
