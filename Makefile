# winddown — a terminal coach for calmer sleep onset.
# `make` builds ./winddown; `make run` opens it; `make check` runs every test.

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
DATADIR  ?= $(PREFIX)/share/winddown
MANDIR   ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/vendor-completions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
DESTDIR  ?=

CC       ?= cc
PKG_CONFIG ?= pkg-config
CFLAGS   ?= -O2 -g
WFLAGS   := -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Wshadow \
            -Wformat=2 -Wmissing-prototypes -Wstrict-prototypes -Werror
DEBIAN_PKGS := libncurses-dev libconfig-dev check pkg-config tmux procps \
               libnotify-dev dbus bash-completion python3-dbus python3-gi \
               zsh fish strace \
               libespeak-ng-dev libpcaudio-dev espeak-ng-data sox

# pkg-config is asked only when the packages are there, so `make deps`
# can explain what is missing instead of failing on empty flags.
CORE_CFLAGS = $(shell $(PKG_CONFIG) --cflags libconfig 2>/dev/null)
# libm only when an object needs it: the -O2 build does not (tones turn
# a phasor, report_dec's trunc is inlined), so no command maps it.
CORE_LIBS   = $(shell $(PKG_CONFIG) --libs libconfig 2>/dev/null) \
              -Wl,--as-needed -lm -Wl,--no-as-needed
UI_CFLAGS   = $(shell $(PKG_CONFIG) --cflags ncursesw 2>/dev/null)
UI_LIBS     = $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null)
# libnotify's headers at build time; the library itself is loaded with
# dlopen when a reminder is sent, so it and GLib cost the other commands
# nothing at start-up.
NOTIFY_CFLAGS = $(shell $(PKG_CONFIG) --cflags libnotify 2>/dev/null)
NOTIFY_LIBS   = -ldl
# Speech and sound: espeak-ng and libpcaudio, headers at build time, the
# libraries loaded with dlopen when sound is asked for (they bring
# PulseAudio's 30 libraries, which would slow every command's start).
# The player runs in a thread.
AUDIO_CFLAGS = $(shell $(PKG_CONFIG) --cflags espeak-ng 2>/dev/null) -pthread
AUDIO_LIBS   = -ldl -pthread
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS   = $(shell $(PKG_CONFIG) --libs check 2>/dev/null)

ALL_CFLAGS = $(WFLAGS) -Iinclude $(CORE_CFLAGS) \
             -DWD_PLANDIR='"$(DATADIR)/plans"' $(CFLAGS) $(EXTRA_CFLAGS)

# The program: options, commands and the curses UI, by file name:
# main.c, app*.c, cli*.c, *-run.c, ui*.c and screen-*.c.
PROG_SRCS := $(sort $(wildcard src/main.c src/app*.c src/cli*.c \
             src/*-run.c src/ui*.c src/screen-*.c))
# The core: every other file. No curses, no clock, no environment.
# Linked by the program and by the tests.
CORE_SRCS := $(filter-out $(PROG_SRCS),$(sort $(wildcard src/*.c)))
CORE_OBJS := $(CORE_SRCS:.c=.o)
PROG_OBJS := $(PROG_SRCS:.c=.o)
TEST_SRCS := $(wildcard tests/check_*.c)
# The helpers the suites share: every other tests/*.c.
TEST_HELPERS := $(filter-out $(TEST_SRCS),$(wildcard tests/*.c))
TEST_OBJS := $(TEST_SRCS:.c=.o) $(TEST_HELPERS:.c=.o)

.PHONY: all deps run check check-layout check-words check-unit check-cli check-tui \
        check-corpus check-stress check-install check-remind \
        check-completion check-audio check-durable print-core \
        install uninstall clean sanitize valgrind lint fuzz bench

all: winddown

# Check the build dependencies; install them when root, else say how.
deps:
	@if ! command -v $(PKG_CONFIG) >/dev/null 2>&1 || \
	    ! command -v tmux >/dev/null 2>&1 || \
	    ! command -v soxi >/dev/null 2>&1 || \
	    [ ! -f /usr/include/pcaudiolib/audio.h ] || \
	    ! $(PKG_CONFIG) --exists ncursesw libconfig check libnotify \
	    espeak-ng; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing build dependencies: $(DEBIAN_PKGS)"; \
			apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			    $(DEBIAN_PKGS) >/dev/null || exit 1; \
		else \
			echo "winddown needs: $(DEBIAN_PKGS)"; \
			echo "Install them with:"; \
			echo "  sudo apt-get install $(DEBIAN_PKGS)"; \
			exit 1; \
		fi; \
	fi

libwinddown.a: $(CORE_OBJS)
	$(SAY) AR $@
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $(CORE_OBJS)

# `make V=1` shows the whole command lines.
Q = $(if $(V),,@)
SAY = $(if $(V),@:,@printf '  %-5s %s\n')

# A core module may share a private header, src/NAME-int.h, among its files.
$(CORE_OBJS): %.o: %.c $(wildcard include/winddown/*.h) \
    $(wildcard src/*-int.h)
	$(SAY) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(PROG_OBJS): %.o: %.c $(wildcard include/winddown/*.h) $(wildcard src/*.h)
	$(SAY) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) $(UI_CFLAGS) $(NOTIFY_CFLAGS) $(AUDIO_CFLAGS) \
	    -Isrc -DWD_BINDIR='"$(BINDIR)"' -c -o $@ $<

winddown: $(PROG_OBJS) libwinddown.a
	$(SAY) LD $@
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(PROG_OBJS) libwinddown.a \
	    $(UI_LIBS) $(NOTIFY_LIBS) $(AUDIO_LIBS) $(CORE_LIBS)

tests/suites.h: $(TEST_SRCS) Makefile
	@for f in $(TEST_SRCS); do \
		n=$${f#tests/check_}; n=$${n%.c}; \
		[ "$$n" = main ] || echo "SUITE($$n)"; \
	done > $@


$(TEST_OBJS): %.o: %.c $(wildcard include/winddown/*.h) \
    $(wildcard tests/*.h) tests/suites.h
	$(SAY) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -Itests \
	    -DWD_SRCDIR='"$(CURDIR)"' -c -o $@ $<

tests/check_winddown: $(TEST_OBJS) libwinddown.a
	$(SAY) LD $@
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(TEST_OBJS) libwinddown.a \
	    $(CHECK_LIBS) $(CORE_LIBS)

run: deps winddown
	./winddown

# Every test: the Check suites, the bad-input corpus, crash, concurrency
# and full-disk tests, the real-terminal tests through tmux, and the
# system calls of saves (strace).
check: deps
	@$(MAKE) --no-print-directory winddown tests/check_winddown
	@$(MAKE) --no-print-directory check-layout check-words check-unit check-cli \
	    check-corpus check-stress check-tui check-install check-remind \
	    check-completion check-audio check-durable

check-unit: tests/check_winddown
	cd tests && ./check_winddown

check-words:
	@sh tests/words/run.sh

check-layout:
	@sh tests/layout/run.sh

check-cli: winddown
	@sh tests/cli/run.sh

check-corpus: winddown
	@sh tests/corpus/run.sh

check-stress: winddown
	@sh tests/stress/run.sh

check-tui: winddown
	@sh tests/tui/run.sh

check-install: winddown
	@sh tests/install/run.sh

check-remind: winddown
	@sh tests/remind/run.sh

check-completion: winddown
	@sh tests/completion/run.sh

# Sound files against their schedule, read back by a decoder of our own.
tests/audio/wavcheck: tests/audio/wavcheck.c libwinddown.a
	$(SAY) LD $@
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ tests/audio/wavcheck.c \
	    libwinddown.a $(CORE_LIBS)

check-audio: winddown tests/audio/wavcheck
	@sh tests/audio/run.sh

# The system calls of saves (strace): fsync before rename, under the
# lock, the directory after; and saves under memory pressure.
check-durable: winddown
	@sh tests/durable/run.sh

# The Check suites and the program built with AddressSanitizer and UBSan,
# in a separate build directory; then every test against that build.
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
            -fno-omit-frame-pointer
sanitize: deps
	rm -rf build-san && mkdir build-san
	cp -R Makefile src include plans tests man build-san/
	rm -f build-san/src/*.o build-san/tests/*.o build-san/*.a
	$(MAKE) --no-print-directory -C build-san CC=clang \
	    CFLAGS="$(SAN_FLAGS)" LDFLAGS="$(SAN_FLAGS)" \
	    winddown tests/check_winddown
	cd build-san && \
	    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	    UBSAN_OPTIONS=print_stacktrace=1 \
	    $(MAKE) --no-print-directory check-unit check-cli check-corpus \
	    check-stress check-tui check-durable

valgrind: tests/check_winddown winddown
	cd tests && CK_FORK=no valgrind -q --leak-check=full \
	    --errors-for-leak-kinds=definite --error-exitcode=1 \
	    --suppressions=$(CURDIR)/tests/valgrind.supp ./check_winddown
	WINDDOWN_WRAP="valgrind -q --leak-check=full --error-exitcode=1 \
	    --errors-for-leak-kinds=definite \
	    --suppressions=$(CURDIR)/tests/valgrind.supp" \
	    sh tests/corpus/run.sh
	WINDDOWN_WRAP="valgrind -q --leak-check=full --error-exitcode=1 \
	    --errors-for-leak-kinds=definite \
	    --suppressions=$(CURDIR)/tests/valgrind.supp" \
	    sh tests/cli/run.sh

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
	    --inline-suppr --std=c11 -Iinclude -Isrc src
	clang-tidy --quiet src/*.c -- $(WFLAGS) -Iinclude -Isrc \
	    $(UI_CFLAGS) $(CORE_CFLAGS) $(NOTIFY_CFLAGS) $(AUDIO_CFLAGS)

# The core's source files, for scripts that build it their own way.
print-core:
	@echo $(CORE_SRCS)

FUZZ_SECONDS ?= 60
fuzz:
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS)

bench: winddown
	@sh tests/bench/run.sh

install: winddown
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/plans \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 755 winddown $(DESTDIR)$(BINDIR)/winddown
	install -m 644 plans/*.cfg $(DESTDIR)$(DATADIR)/plans/
	install -m 644 man/winddown.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 man/winddown-plan.5 $(DESTDIR)$(MANDIR)/man5/
	install -d $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
	    $(DESTDIR)$(FISHCOMPDIR)
	install -m 644 src/completion/winddown.bash \
	    $(DESTDIR)$(BASHCOMPDIR)/winddown
	install -m 644 src/completion/_winddown $(DESTDIR)$(ZSHCOMPDIR)/_winddown
	install -m 644 src/completion/winddown.fish \
	    $(DESTDIR)$(FISHCOMPDIR)/winddown.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/winddown \
	    $(DESTDIR)$(MANDIR)/man1/winddown.1 \
	    $(DESTDIR)$(MANDIR)/man5/winddown-plan.5 \
	    $(DESTDIR)$(BASHCOMPDIR)/winddown $(DESTDIR)$(ZSHCOMPDIR)/_winddown \
	    $(DESTDIR)$(FISHCOMPDIR)/winddown.fish
	rm -f $(DESTDIR)$(DATADIR)/plans/*.cfg
	-rmdir $(DESTDIR)$(DATADIR)/plans $(DESTDIR)$(DATADIR)

clean:
	rm -f winddown libwinddown.a src/*.o tests/*.o tests/check_winddown \
	    tests/suites.h tests/audio/wavcheck
	rm -rf build-san build-fuzz
