# suivi — see README.md.  `make run` and `make test` are the two commands.
#
# Builds go to $(BUILD) (build/release by default); `make test` builds and
# runs everything twice: once normally, once under AddressSanitizer and
# UndefinedBehaviorSanitizer in build/asan.

BUILD    ?= build/release
SAN      ?=
WERROR   ?=
PKGS      = sqlite3 gsl
# The compiler is a dependency like the libraries: a fresh Debian has none.
BUILD_DEPS = gcc libc6-dev pkg-config
RUN_DEPS  = $(BUILD_DEPS) libcsv-dev libsqlite3-dev libgsl-dev libglpk-dev gnuplot-nox
TEST_DEPS = libcmocka-dev sqlite3 libxml2-utils r-base-core r-cran-surveillance glpk-utils \
            python3 \
            chromium poppler-utils fonts-dejavu-core \
            clang libclang-rt-14-dev groff-base mmdebstrap

# The user's CFLAGS, CPPFLAGS and LDFLAGS are honoured (they default to an
# optimised build with debug symbols); what the project needs is added in
# SV_CFLAGS.  Warnings are errors only in the project's own test builds
# (`make test`, CI: WERROR=1), never in a user's build.
CFLAGS  ?= -O2 -g
SV_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra \
           $(if $(WERROR),-Werror) \
           -DSUIVI_REFDIR='"$(CURDIR)/reference"' \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS   = -pthread -lcsv -lglpk $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
# The invariants the comments state are assert()ed: checked in the
# sanitizer build (make test's second pass), compiled out elsewhere, as
# SQLite does.
ifeq ($(SAN),1)
SAN_CFLAGS = -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
           -fno-omit-frame-pointer
SV_LDFLAGS = -fsanitize=address,undefined
else
SAN_CFLAGS = -DNDEBUG
endif
ALL_CFLAGS  = $(CPPFLAGS) $(SV_CFLAGS) $(CFLAGS) $(SAN_CFLAGS)
ALL_LDFLAGS = $(SV_LDFLAGS) $(LDFLAGS)

MODULES  = $(wildcard core/*.c ingest/*.c aggregate/*.c reports/*.c \
           partners/*.c sample/*.c)
OBJS     = $(MODULES:%.c=$(BUILD)/%.o)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps test-deps run test check unit e2e fresh fuzz fuzz-build \
        install uninstall clean
all: $(BUILD)/suivi
	@ln -sf $(BUILD)/suivi suivi

deps:
	@build-aux/install-deps $(RUN_DEPS)

test-deps: deps
	@build-aux/install-deps $(TEST_DEPS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

-include $(OBJS:.o=.d) $(BUILD)/suivi.d $(BUILD)/cli_input.d $(BUILD)/cli_output.d \
    $(BUILD)/cli_partners.d $(BUILD)/pipeline.d

$(BUILD)/suivi: $(BUILD)/suivi.o $(BUILD)/cli_input.o $(BUILD)/cli_output.o \
    $(BUILD)/cli_partners.o $(BUILD)/pipeline.o $(OBJS)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS)

# The modules as an archive for the tests: each links only the objects
# it uses, so an edit relinks little and quickly.
$(BUILD)/libsuivi.a: $(OBJS)
	@rm -f $@
	@$(AR) rcs $@ $^

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libsuivi.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libsuivi.a \
	    $(LDLIBS) -lcmocka

-include $(UNIT_BIN:=.d)

# The main job on the sample data: eight years of the six zones, generated
# once into extracts/, ingested in delivery order (a second run finds every
# file already loaded), aggregated, and the monthly report written to out/;
# it ends by printing the reports' paths.
run: deps
	@$(MAKE) --no-print-directory all
	./suivi run --db suivi.db --inbox extracts --sample --out out

# `make test T=t0030` runs only the stories whose names contain t0030.
ifeq ($(T),)
test: test-deps
	@$(MAKE) --no-print-directory unit e2e BUILD=build/release WERROR=1
	@$(MAKE) --no-print-directory unit e2e BUILD=build/asan SAN=1 WERROR=1
	@tests/fuzz/run $(FUZZ_TEST_SECONDS)
	@tests/tsan/run
	@$(MAKE) --no-print-directory fresh
else
test: test-deps
	@$(MAKE) --no-print-directory e2e BUILD=build/release WERROR=1
endif

# libFuzzer on ingest and on partner files (tests/fuzz/run): `make fuzz
# FUZZ_SECONDS=3600` for a long run; make test runs it for FUZZ_TEST_SECONDS.
FUZZ_SECONDS ?= 600
FUZZ_TEST_SECONDS ?= 30
FUZZ_SAN = -O1 -g -fsanitize=fuzzer-no-link,address,undefined \
           -fno-sanitize-recover=all -fno-omit-frame-pointer
fuzz: test-deps
	@tests/fuzz/run $(FUZZ_SECONDS)

fuzz-build:
	@$(MAKE) --no-print-directory BUILD=build/fuzz CC=clang \
	    SAN_CFLAGS="$(FUZZ_SAN)" build/fuzz/fuzz_ingest build/fuzz/fuzz_partners

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(OBJS)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $< \
	    $(OBJS) $(LDLIBS)

# `make run` on a fresh minbase Debian 12 with only make and git, in a
# chroot (tests/fresh/run; skipped with a message when not root).
fresh:
	@tests/fresh/run

# The quick pass while working: the unit tests and the stories, without
# the checks against R and Python's references, the rendering in
# Chromium and the fresh machine (tests/e2e/lib.sh's quick), four
# stories at a time (several wait on gnuplot, locks or files settling).
check: unit $(BUILD)/suivi
	@SUIVI_QUICK=1 E2E_JOBS=$${E2E_JOBS:-4} $(MAKE) --no-print-directory e2e

unit: $(UNIT_BIN)
	@tests/unit/run $(UNIT_BIN)

# Under the sanitizers every report also goes to a log, so that a report
# from a command inside a pipeline (whose exit status the test cannot see)
# still fails the run.
e2e: $(BUILD)/suivi
	@rm -f $(BUILD)/sanitizer.log.*
	@ASAN_OPTIONS=log_path=$(CURDIR)/$(BUILD)/sanitizer.log \
	 UBSAN_OPTIONS=log_path=$(CURDIR)/$(BUILD)/sanitizer.log:print_stacktrace=1 \
	 SUIVI_SANITIZED=$(SAN) SUIVI=$(CURDIR)/$(BUILD)/suivi \
	 E2E_TIMES=$(CURDIR)/$(BUILD)/e2e.times tests/e2e/run
	@if ls $(BUILD)/sanitizer.log.* >/dev/null 2>&1; then \
	  cat $(BUILD)/sanitizer.log.*; echo "e2e: sanitizer reports above"; exit 1; fi

# Install like a Debian tool: the binary, the reference data (which an
# installed suivi finds beside its bin/), the man page.
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(DESTDIR)$(PREFIX)/bin
SHAREDIR = $(DESTDIR)$(PREFIX)/share/suivi
MANDIR   = $(DESTDIR)$(PREFIX)/share/man/man1
EXAMPLEDIR = $(DESTDIR)$(PREFIX)/share/doc/suivi/examples

install: all
	install -d $(BINDIR) $(SHAREDIR)/reference $(MANDIR) $(EXAMPLEDIR)
	install -m 755 $(BUILD)/suivi $(BINDIR)/suivi
	install -m 644 reference/*.csv reference/release.conf $(SHAREDIR)/reference/
	install -m 644 doc/suivi.1 $(MANDIR)/suivi.1
	install -m 644 doc/examples/suivi-monthly.service \
	    doc/examples/suivi-monthly.timer $(EXAMPLEDIR)/

uninstall:
	rm -f $(BINDIR)/suivi $(MANDIR)/suivi.1
	rm -f $(SHAREDIR)/reference/*.csv $(SHAREDIR)/reference/release.conf
	rm -f $(EXAMPLEDIR)/suivi-monthly.service $(EXAMPLEDIR)/suivi-monthly.timer
	-rmdir $(SHAREDIR)/reference $(SHAREDIR) $(EXAMPLEDIR) \
	    $(DESTDIR)$(PREFIX)/share/doc/suivi 2>/dev/null

clean:
	rm -rf build suivi
