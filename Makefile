# suivi — see README.md.  `make run` and `make test` are the two commands.
#
# Builds go to $(BUILD) (build/release by default); `make test` builds and
# runs everything twice: once normally, once under AddressSanitizer and
# UndefinedBehaviorSanitizer in build/asan.

CC       ?= cc
BUILD    ?= build/release
SAN      ?=
PKGS      = sqlite3 gsl
RUN_DEPS  = libcsv-dev libsqlite3-dev libgsl-dev gnuplot-nox pkg-config
TEST_DEPS = libcmocka-dev sqlite3 libxml2-utils r-base-core r-cran-surveillance

WARN     = -Wall -Wextra -Werror
CFLAGS   = -std=c11 -D_DEFAULT_SOURCE -O2 -g $(WARN) \
           -DSUIVI_REFDIR='"$(CURDIR)/reference"' \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS   = -pthread -lcsv $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
ifeq ($(SAN),1)
CFLAGS  += -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
           -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
endif

MODULES  = $(wildcard core/*.c ingest/*.c aggregate/*.c reports/*.c sample/*.c)
OBJS     = $(MODULES:%.c=$(BUILD)/%.o)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps test-deps run test check unit e2e clean
all: $(BUILD)/suivi
	@ln -sf $(BUILD)/suivi suivi

deps:
	@build-aux/install-deps $(RUN_DEPS)

test-deps: deps
	@build-aux/install-deps $(TEST_DEPS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

-include $(OBJS:.o=.d) $(BUILD)/suivi.d $(BUILD)/cli_input.d $(BUILD)/cli_output.d

$(BUILD)/suivi: $(BUILD)/suivi.o $(BUILD)/cli_input.o $(BUILD)/cli_output.o $(OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP $(LDFLAGS) -o $@ $< $(OBJS) $(LDLIBS) -lcmocka

-include $(UNIT_BIN:=.d)

# The main job on the sample data: eight years of the six zones, generated
# once into extracts/, ingested in delivery order (a second run finds every
# file already loaded), aggregated, and the monthly report written to out/;
# it ends by printing the reports' paths.
run: deps
	@$(MAKE) --no-print-directory all
	./suivi run --db suivi.db --out out

test: test-deps
	@$(MAKE) --no-print-directory check BUILD=build/release
	@$(MAKE) --no-print-directory check BUILD=build/asan SAN=1

check: unit e2e

unit: $(UNIT_BIN)
	@tests/unit/run $(UNIT_BIN)

# Under the sanitizers every report also goes to a log, so that a report
# from a command inside a pipeline (whose exit status the test cannot see)
# still fails the run.
e2e: $(BUILD)/suivi
	@rm -f $(BUILD)/sanitizer.log.*
	@ASAN_OPTIONS=log_path=$(CURDIR)/$(BUILD)/sanitizer.log \
	 UBSAN_OPTIONS=log_path=$(CURDIR)/$(BUILD)/sanitizer.log:print_stacktrace=1 \
	 SUIVI_SANITIZED=$(SAN) SUIVI=$(CURDIR)/$(BUILD)/suivi tests/e2e/run
	@if ls $(BUILD)/sanitizer.log.* >/dev/null 2>&1; then \
	  cat $(BUILD)/sanitizer.log.*; echo "e2e: sanitizer reports above"; exit 1; fi

clean:
	rm -rf build suivi
