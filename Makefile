# leadpipe -- one GNU Makefile, no configure step.
#   make                 library and every program under cmd/
#   make check           all tests (SANITIZE=1: ASan+UBSan build in build-asan/)
#   make memcheck        every program under valgrind over the sample pipeline
#   make check-tsan      ThreadSanitizer over the --threads paths (build-tsan/)
#   make demo            the main job on the bundled sample data
#   make bench           benchmarks against peers (not part of check)
#   make quality         the default playbook's grades and MQL shares on
#                        generated leads
#   make install PREFIX=/usr/local   (programs, man pages, bash and zsh
#                        completion); make uninstall PREFIX=... removes them

PREFIX	?= /usr/local
CC	?= cc
ifeq ($(SANITIZE),thread)
# ThreadSanitizer (make check-tsan): the --threads paths in build-tsan/.
BUILD	?= build-tsan
SANFLAGS = -fsanitize=thread -fno-omit-frame-pointer
OPT	?= -O1
else ifeq ($(SANITIZE),1)
BUILD	?= build-asan
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT	?= -O1
# Also catch a value left pointing into a returned function's frame.
export ASAN_OPTIONS ?= detect_stack_use_after_return=1
else
BUILD	?= build
OPT	?= -O2
endif
WERROR	?=
PKGS	= jansson libpcre2-8 libutf8proc libzip expat xlsxwriter
CFLAGS	?= $(OPT) -g
CFLAGS	+= -std=c11 -pthread -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Wshadow \
	   $(WERROR) $(SANFLAGS) $(LIB_INC) -I$(BUILD)/gen $(shell pkg-config --cflags $(PKGS))
LDFLAGS	+= $(SANFLAGS)
LDLIBS	= $(shell pkg-config --libs $(PKGS)) -lcsv -lm -pthread

# The library's layers, lowest first (lib/README.md); each folder may
# include headers only from its own and earlier folders (scripts/layers).
LAYERS	= core io lead expr playbook score check dedupe route report fit
LIB_INC	= -Ilib $(patsubst %,-Ilib/%,$(LAYERS))
LIB_SRC	= $(foreach l,$(LAYERS),$(wildcard lib/$(l)/*.c))
LIB_HDR	= $(foreach l,$(LAYERS),$(wildcard lib/$(l)/*.h)) lib/leadpipe.h
LIB_OBJ	= $(patsubst lib/%.c,$(BUILD)/lib/%.o,$(LIB_SRC)) $(BUILD)/gen/embedded.o
LIB	= $(BUILD)/libleadpipe.a
PROGS	= $(patsubst cmd/%.c,$(BUILD)/%,$(wildcard cmd/lead-*.c))
UNITS	= $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))
TOOLS	= $(patsubst scripts/%.c,$(BUILD)/tools/%,$(wildcard scripts/*.c))
# Data files compiled into the library: every file under lib/data/, plus
# the ISO 3166 country table made from Debian's iso-codes at build time.
ISO3166	= /usr/share/iso-codes/json/iso_3166-1.json
EMBED	= $(sort $(wildcard lib/data/*)) $(BUILD)/gen/iso3166.tsv

# Shell completion, made from each program's --help (scripts/completion).
COMPL	= $(BUILD)/completion/leadpipe.bash $(BUILD)/completion/_leadpipe
MANS	= $(wildcard man/*.1 man/*.5 man/*.7)

all: $(PROGS) $(TOOLS) $(COMPL)

$(BUILD)/completion/leadpipe.bash: $(PROGS) scripts/completion
	@mkdir -p $(@D)
	sh scripts/completion bash $(BUILD) > $@.tmp && mv $@.tmp $@

$(BUILD)/completion/_leadpipe: $(PROGS) scripts/completion
	@mkdir -p $(@D)
	sh scripts/completion zsh $(BUILD) > $@.tmp && mv $@.tmp $@

$(BUILD)/lib/%.o: lib/%.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/gen/iso3166.tsv: $(ISO3166) scripts/iso3166.sh | $(BUILD)/gen
	sh scripts/iso3166.sh $(ISO3166) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/embedded.c: $(EMBED) $(BUILD)/tools/embed
	$(BUILD)/tools/embed $(EMBED) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/embedded.o: $(BUILD)/gen/embedded.c
	$(CC) $(CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/lead-%: cmd/lead-%.c $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h $(LIB) | $(BUILD)/tests
	$(CC) $(CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

# Build tools and benchmark helpers: plain C, no library.
$(BUILD)/tools/%: scripts/%.c | $(BUILD)/tools
	$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Wall -Wextra $(WERROR) -o $@ $< -lcsv -lm

$(BUILD)/gen $(BUILD)/tests $(BUILD)/tools:
	mkdir -p $@

# check and demo install missing Debian packages first (scripts/install-deps),
# then build in a second make so pkg-config sees what was just installed.
deps:
	sh scripts/install-deps

check: deps
	$(MAKE) --no-print-directory all-tests
	BUILD=$(BUILD) LAYERS="$(LAYERS)" sh scripts/run-tests

all-tests: all $(UNITS)

demo: deps
	$(MAKE) --no-print-directory all
	sh scripts/demo $(BUILD)

bench: all
	BUILD=$(BUILD) sh scripts/corrupt-test 1000000
	BUILD=$(BUILD) sh scripts/bench

# The default playbook's credibility on generated data (scripts/quality).
quality: all
	sh scripts/quality $(BUILD)

memcheck: deps
	$(MAKE) --no-print-directory all
	sh scripts/memcheck $(BUILD)

# ThreadSanitizer over the --threads paths (scripts/tsan), in build-tsan/.
check-tsan: deps
	$(MAKE) --no-print-directory SANITIZE=thread all
	sh scripts/tsan build-tsan

fuzz:
	sh scripts/install-deps --fuzz
	sh scripts/fuzz

BASHCOMP = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHCOMP	= $(DESTDIR)$(PREFIX)/share/zsh/site-functions

install: all
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(PREFIX)/share/man/man7 \
	    $(BASHCOMP) $(ZSHCOMP)
	install -m 755 $(PROGS) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	for f in man/*.5; do [ -e "$$f" ] && install -m 644 $$f $(DESTDIR)$(PREFIX)/share/man/man5/; done; true
	install -m 644 man/*.7 $(DESTDIR)$(PREFIX)/share/man/man7/
	mkdir -p $(DESTDIR)$(PREFIX)/share/doc/leadpipe/examples/ci
	install -m 755 examples/nightly-import.sh $(DESTDIR)$(PREFIX)/share/doc/leadpipe/examples/
	install -m 644 examples/ci/*.yml $(DESTDIR)$(PREFIX)/share/doc/leadpipe/examples/ci/
	# bash-completion loads a command's file by its name.
	for p in $(notdir $(PROGS)); do \
		install -m 644 $(BUILD)/completion/leadpipe.bash $(BASHCOMP)/$$p || exit 1; \
	done
	install -m 644 $(BUILD)/completion/_leadpipe $(ZSHCOMP)/_leadpipe

# Remove what install put there, and nothing else.
uninstall:
	for p in $(notdir $(PROGS)); do \
		rm -f $(DESTDIR)$(PREFIX)/bin/$$p $(BASHCOMP)/$$p; \
	done
	for f in $(notdir $(MANS)); do \
		rm -f $(DESTDIR)$(PREFIX)/share/man/man$${f##*.}/$$f; \
	done
	rm -f $(ZSHCOMP)/_leadpipe
	rm -f $(DESTDIR)$(PREFIX)/share/doc/leadpipe/examples/nightly-import.sh
	for f in $(notdir $(wildcard examples/ci/*.yml)); do \
		rm -f $(DESTDIR)$(PREFIX)/share/doc/leadpipe/examples/ci/$$f; \
	done
	-rmdir $(DESTDIR)$(PREFIX)/share/doc/leadpipe/examples/ci \
	    $(DESTDIR)$(PREFIX)/share/doc/leadpipe/examples \
	    $(DESTDIR)$(PREFIX)/share/doc/leadpipe 2> /dev/null

clean:
	rm -rf build build-asan

.PHONY: all all-tests deps check check-tsan demo bench quality memcheck fuzz install uninstall clean
.SECONDARY:
