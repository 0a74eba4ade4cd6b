# Prisma Terminal: one Makefile, pkg-config for every library.
# `make` builds the three programs into build/; `make help` lists the targets.

CC       ?= cc
BUILD    ?= build
CFLAGS   ?= -O2 -g
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
# gcc warns about every snprintf into a path buffer; lengths are checked where it matters.
GCC_WARN := $(if $(findstring clang,$(shell $(CC) --version 2>/dev/null)),,-Wno-format-truncation)
WARN     += $(GCC_WARN)
# Where the programs find their assets and translations: the working tree by default, the
# installed paths when packaged (`make deb` sets both).
ASSETS_DIR ?= $(abspath assets)
LOCALE_DIR ?= $(abspath $(BUILD))/locale
CPPFLAGS += -D_GNU_SOURCE -Iapp -DPRISMA_ASSETS_DIR='"$(ASSETS_DIR)"' \
            -DPRISMA_LOCALE_DIR='"$(LOCALE_DIR)"'
PKG_CONFIG ?= pkg-config

CORE_PKGS   := libsodium sqlite3 jansson inih
KIOSK_PKGS  := sdl2 SDL2_ttf SDL2_image fribidi libusb-1.0 espeak-ng libdrm
# The kiosk tells systemd it is up and alive (sd_notify) when built with libsystemd
# (app/kiosk/watchdog.c); without it that hook does nothing.
HAVE_SYSTEMD := $(shell $(PKG_CONFIG) --exists libsystemd 2>/dev/null && echo y)
KIOSK_PKGS  += $(if $(HAVE_SYSTEMD),libsystemd)
TEST_PKGS   := cmocka

# `make V=1` shows the full commands.
Q   := $(if $(V),,@)
say  = $(if $(V),,@echo "  $(1) $@")

# Read once, when make parses this file. On a fresh machine the packages are not there yet, so
# every target that installs them (run, test, check, bench, fuzz) runs `deps` first and then
# builds in a second make ($(MAKE)), which parses this file again and sees the flags.
pc_cflags = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null)
pc_libs   = $(shell $(PKG_CONFIG) --libs $(1) 2>/dev/null)

CORE_SRC    := $(wildcard app/core/*.c)
KIOSK_SRC   := $(wildcard app/kiosk/*.c)
ADMIN_SRC   := $(wildcard app/admin/*.c)
COLLECT_SRC := $(wildcard app/collect/*.c)

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))
CORE_LIB := $(BUILD)/libprisma-core.a
PROGRAMS := $(BUILD)/prisma-kiosk $(BUILD)/prisma-admin $(BUILD)/prisma-collect

PO_FILES := $(wildcard assets/locale/*.po)
MO_FILES := $(patsubst assets/locale/%.po,$(BUILD)/locale/%/LC_MESSAGES/prisma.mo,$(PO_FILES))

CORE_CFLAGS  := $(call pc_cflags,$(CORE_PKGS))
CORE_LIBS    := $(call pc_libs,$(CORE_PKGS))
KIOSK_CFLAGS := $(call pc_cflags,$(KIOSK_PKGS)) $(if $(HAVE_SYSTEMD),-DPRISMA_HAVE_SYSTEMD)
KIOSK_LIBS   := $(call pc_libs,$(KIOSK_PKGS)) -lm

.PHONY: all deps run test check bench clean help format fuzz fuzz-run tests goldens fresh-check soak \
        cross cross-build test-arm64 deb image bundle image-test
all: $(PROGRAMS) $(MO_FILES)

help:
	@echo "make          build prisma-kiosk, prisma-admin, prisma-collect into $(BUILD)/"
	@echo "make deps     install missing Debian packages (prints the apt-get line if not root)"
	@echo "make run      kiosk on a demo world in var/demo (headless screenshots without a display)"
	@echo "make test     deps, build, every test; ends with 'N passed, N failed'"
	@echo "make check    the whole suite under ASan+UBSan"
	@echo "make bench    measure speed and memory (see docs/performance.md)"
	@echo "make soak     the crash harness at length: 5,000 kills, 500 power cuts"
	@echo "make fuzz     run every fuzz target for FUZZ_SECONDS (default 60)"
	@echo "make fresh-check  the README's make run + make test on a fresh Debian 12 root (root, slow)"
	@echo "make cross    the three programs and core unit tests for arm64 into build/arm64/"
	@echo "make test-arm64  core unit tests and kiosk scripts on the arm64 build under qemu-aarch64"
	@echo "make deb      the Debian package into build/deb/ (DEB_ARCH=arm64 for the terminal), lintian-clean"
	@echo "make image    the terminal's disk image into build/image/ (root, mmdebstrap; slow)"
	@echo "make bundle   a signed RAUC update bundle from build/image/ (development key made on the spot)"
	@echo "make goldens  rewrite the kiosk's reference screenshots (look at each before committing)"
	@echo "make clean    remove build/ (var/demo is kept)"

deps:
	@tools/deps.sh

$(BUILD)/obj/app/core/%.o: app/core/%.c
	@mkdir -p $(dir $@)
	$(call say,CC)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(CORE_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/app/kiosk/%.o: app/kiosk/%.c
	@mkdir -p $(dir $@)
	$(call say,CC)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(CORE_CFLAGS) $(KIOSK_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,CC)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(CORE_CFLAGS) $(call pc_cflags,$(TEST_PKGS)) -MMD -MP -c $< -o $@

$(CORE_LIB): $(call obj,$(CORE_SRC))
	@rm -f $@
	$(call say,AR)
	$(Q)$(AR) rcs $@ $^

$(BUILD)/prisma-kiosk: $(call obj,$(KIOSK_SRC)) $(CORE_LIB)
	$(call say,CC)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(KIOSK_LIBS) $(CORE_LIBS)

$(BUILD)/prisma-admin: $(call obj,$(ADMIN_SRC)) $(CORE_LIB)
	$(call say,CC)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CORE_LIBS)

$(BUILD)/prisma-collect: $(call obj,$(COLLECT_SRC)) $(CORE_LIB)
	$(call say,CC)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CORE_LIBS)

$(BUILD)/locale/%/LC_MESSAGES/prisma.mo: assets/locale/%.po
	@mkdir -p $(dir $@)
	$(call say,MSGFMT)
	$(Q)msgfmt --check -o $@ $<

# Unit tests: one binary per tests/core/test_*.c, linked against the core library.
CORE_TEST_SRC := $(wildcard tests/core/test_*.c)
CORE_TESTS    := $(patsubst tests/core/%.c,$(BUILD)/tests/%,$(CORE_TEST_SRC))
$(BUILD)/tests/%: tests/core/%.c $(wildcard tests/core/*.h) $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(call say,CC)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(CORE_CFLAGS) $(call pc_cflags,$(TEST_PKGS)) -o $@ $< $(CORE_LIB) $(CORE_LIBS) $(call pc_libs,$(TEST_PKGS))

# Kiosk unit tests: tests/kiosk/test_*.c, linked against the kiosk's modules (not main) and SDL.
KIOSK_TEST_SRC := $(wildcard tests/kiosk/test_*.c)
KIOSK_TESTS    := $(patsubst tests/kiosk/%.c,$(BUILD)/tests/%,$(KIOSK_TEST_SRC))
KIOSK_MODULES  := $(filter-out %/main.o,$(call obj,$(KIOSK_SRC)))
$(KIOSK_TESTS): $(BUILD)/tests/%: tests/kiosk/%.c $(KIOSK_MODULES) $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(call say,CC)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(CORE_CFLAGS) $(KIOSK_CFLAGS) $(call pc_cflags,$(TEST_PKGS)) $(TEST_EXTRA_CFLAGS) -o $@ $< $(KIOSK_MODULES) $(CORE_LIB) $(KIOSK_LIBS) $(CORE_LIBS) $(call pc_libs,$(TEST_PKGS)) $(TEST_EXTRA_LIBS)

# The USB watcher's test simulates devices with umockdev (libumockdev; run under its preload).
$(BUILD)/tests/test_usbwatch: TEST_EXTRA_CFLAGS = $(call pc_cflags,umockdev-1.0)
$(BUILD)/tests/test_usbwatch: TEST_EXTRA_LIBS = $(call pc_libs,umockdev-1.0)

# Fuzz targets (libFuzzer, clang): each tests/fuzz/fuzz_NAME.c is built with the core
# sources into build/fuzz/fuzz_NAME. `make test` replays their corpora
# (tests/fuzz/corpus/NAME/) plus a short random run; `make fuzz` runs each for FUZZ_SECONDS.
FUZZ_SRC     := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS    := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))
FUZZ_SECONDS ?= 60
FUZZ_FLAGS   := -O1 -g -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer
build/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_keys.h $(CORE_SRC) $(wildcard app/core/*.h)
	@mkdir -p $(dir $@)
	$(call say,FUZZ)
	$(Q)clang $(CPPFLAGS) $(FUZZ_FLAGS) $(filter-out -Wno-format-truncation,$(WARN)) $(CORE_CFLAGS) -o $@ $< $(CORE_SRC) $(CORE_LIBS)

# The kiosk's theme reader: SDL headers (SDL_Color) but no SDL calls.
build/fuzz/fuzz_theme: tests/fuzz/fuzz_theme.c app/kiosk/theme.c app/kiosk/theme.h $(CORE_SRC)
	@mkdir -p $(dir $@)
	$(call say,FUZZ)
	$(Q)clang $(CPPFLAGS) $(FUZZ_FLAGS) $(filter-out -Wno-format-truncation,$(WARN)) $(CORE_CFLAGS) $(KIOSK_CFLAGS) -o $@ $< app/kiosk/theme.c $(CORE_SRC) $(CORE_LIBS) -lm

# The kiosk's data-file parsers need only inih and libc, not SDL.
KIOSK_DATA_SRC := app/kiosk/inidata.c app/kiosk/kbdlayout.c app/kiosk/langtable.c
build/fuzz/fuzz_kioskdata: tests/fuzz/fuzz_kioskdata.c $(KIOSK_DATA_SRC) $(wildcard app/kiosk/*.h)
	@mkdir -p $(dir $@)
	$(call say,FUZZ)
	$(Q)clang $(CPPFLAGS) $(FUZZ_FLAGS) $(filter-out -Wno-format-truncation,$(WARN)) $(CORE_CFLAGS) -o $@ $< $(KIOSK_DATA_SRC) app/core/error.c $(CORE_LIBS)

fuzz: deps
	@$(MAKE) --no-print-directory fuzz-run

fuzz-run: $(FUZZ_BINS)
	@for f in $(FUZZ_BINS); do n=$$(basename $$f); mkdir -p build/fuzz/corpus-$$n; \
	  echo "== $$n ($(FUZZ_SECONDS)s)"; \
	  $$f -max_total_time=$(FUZZ_SECONDS) build/fuzz/corpus-$$n tests/fuzz/corpus/$${n#fuzz_} || exit 1; done

run: deps
	@$(MAKE) --no-print-directory all
	@tools/run-demo.sh

test: deps
	@$(MAKE) --no-print-directory all tests
	@echo "== clang build (-Werror) of all programs"
	@$(MAKE) --no-print-directory CC=clang BUILD=build/clang all
	@tools/run-tests.sh $(BUILD)

# Picture comparison for the kiosk's golden screenshots (tests/kiosk/goldens.sh).
$(BUILD)/tests/golden_compare: tests/kiosk/golden_compare.c tests/kiosk/png_argb.h
	@mkdir -p $(dir $@)
	$(call say,CC)
	$(Q)$(CC) $(CFLAGS) $(WARN) $(KIOSK_CFLAGS) -o $@ $< $(KIOSK_LIBS)

# Text contrast measured in rendered screenshots (tests/kiosk/contrast.sh), with the theme reader.
$(BUILD)/tests/contrast_check: tests/kiosk/contrast_check.c tests/kiosk/png_argb.h $(BUILD)/obj/app/kiosk/theme.o $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(call say,CC)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(CORE_CFLAGS) $(KIOSK_CFLAGS) -o $@ $< $(BUILD)/obj/app/kiosk/theme.o $(CORE_LIB) $(KIOSK_LIBS) $(CORE_LIBS)

goldens: all $(BUILD)/tests/golden_compare
	@GOLDEN_UPDATE=1 PRISMA_BUILD=$(abspath $(BUILD)) bash tests/kiosk/goldens.sh
	@GOLDEN_UPDATE=1 PRISMA_BUILD=$(abspath $(BUILD)) bash tests/kiosk/usb_goldens.sh

# Test tools (tests/tools/NAME.c into BUILD/tools/NAME): forgers and helpers the shell tests drive.
TOOL_SRC  := $(wildcard tests/tools/*.c)
TEST_TOOLS := $(patsubst tests/tools/%.c,$(BUILD)/tools/%,$(TOOL_SRC))
$(BUILD)/tools/%: tests/tools/%.c $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(call say,CC)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(CORE_CFLAGS) -o $@ $< $(CORE_LIB) $(CORE_LIBS)

# The C side of the JavaScript cross-check of envelope vectors (tests/vectors/vectors.sh).
$(BUILD)/tests/open_envelope: tests/vectors/open_envelope.c $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(call say,CC)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(CORE_CFLAGS) -o $@ $< $(CORE_LIB) $(CORE_LIBS)

# Crash harness (tests/crash/): the submit workload and the killer, linked against the core library.
# cutfs (the power-cut filesystem) needs libfuse3; without it power_cut.sh says skip.
CRASH_BINS := $(BUILD)/crash/crash_submit $(BUILD)/crash/crash_kill $(BUILD)/crash/crash_unseal \
              $(if $(shell pkg-config --exists fuse3 && echo y),$(BUILD)/crash/cutfs)
$(BUILD)/crash/crash_%: tests/crash/crash_%.c $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(call say,CC)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(CORE_CFLAGS) -o $@ $< $(CORE_LIB) $(CORE_LIBS)

$(BUILD)/crash/cutfs: tests/crash/cutfs.c tests/crash/cutfs_model.c tests/crash/cutfs_model.h
	@mkdir -p $(dir $@)
	$(call say,CC)
	$(Q)$(CC) -D_GNU_SOURCE $(CFLAGS) $(WARN) $(call pc_cflags,fuse3) -o $@ $(filter %.c,$^) $(call pc_libs,fuse3)

tests: $(CORE_TESTS) $(KIOSK_TESTS) $(FUZZ_BINS) $(TEST_TOOLS) $(BUILD)/tests/golden_compare $(CRASH_BINS) \
       $(BUILD)/tests/open_envelope $(BUILD)/tests/contrast_check

check: deps
	@$(MAKE) --no-print-directory BUILD=build/asan CC=clang \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" all tests
	@ASAN_OPTIONS=detect_leaks=1 tools/run-tests.sh build/asan

soak: deps
	@$(MAKE) --no-print-directory all tests
	@tools/soak.sh $(BUILD)

$(BUILD)/bench/%: tests/bench/%.c $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(call say,CC)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(CORE_CFLAGS) -o $@ $< $(CORE_LIB) $(CORE_LIBS)

# The kiosk's drawing costs in process: linked against the kiosk's modules, like its unit tests.
# Read aloud's bench likewise (the voice and SDL).
$(BUILD)/bench/bench_kiosk $(BUILD)/bench/bench_speech: $(BUILD)/bench/%: tests/bench/%.c $(KIOSK_MODULES) $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(call say,CC)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(CORE_CFLAGS) $(KIOSK_CFLAGS) -o $@ $< $(KIOSK_MODULES) $(CORE_LIB) $(KIOSK_LIBS) $(CORE_LIBS)

# The kiosk in a live X window, measured from outside through XDamage and XTest.
$(BUILD)/bench/bench_window: tests/bench/bench_window.c
	@mkdir -p $(dir $@)
	$(call say,CC)
	$(Q)$(CC) $(CFLAGS) $(WARN) $(call pc_cflags,x11 xtst xdamage) -o $@ $< $(call pc_libs,x11 xtst xdamage)

# Headless Chromium (Debian's chromium) and the X libraries of bench_window are measured
# beside the kiosk; only the bench installs them (tools/deps.sh bench).
bench: deps
	@tools/deps.sh bench
	@$(MAKE) --no-print-directory all $(BUILD)/bench/bench_submit $(BUILD)/bench/floor \
	  $(BUILD)/bench/bench_kiosk $(BUILD)/bench/bench_window $(BUILD)/bench/bench_speech
	@tools/bench.sh $(BUILD)

# arm64 (docs/image.md): the same sources with Debian's cross compiler and arm64's -dev packages
# (multiarch) into build/arm64/; the core's unit tests and the kiosk scripts run there under
# qemu-aarch64 (user mode; -L / finds arm64's libraries where multiarch put them).
CROSS       := aarch64-linux-gnu
ARM64_BUILD := build/arm64
ARM64_RUN   := qemu-aarch64-static -L /
# `make test-arm64 ARM64_SUITES=kiosk ARM64_SCRIPTS="quick_exit_wipes idle_warning"`: a part only.
ARM64_SUITES  ?= unit kiosk
ARM64_SCRIPTS ?=
ARM64_MAKE   = $(MAKE) --no-print-directory CC=$(CROSS)-gcc AR=$(CROSS)-ar \
               PKG_CONFIG=$(CROSS)-pkg-config BUILD=$(ARM64_BUILD)

cross:
	@tools/deps.sh cross
	@$(ARM64_MAKE) cross-build

# Run with the arm64 settings above: BUILD is build/arm64 there.
cross-build: all $(CORE_TESTS)

test-arm64: cross
	@tools/check-arch.sh aarch64 $(ARM64_BUILD)/prisma-kiosk $(ARM64_BUILD)/prisma-admin \
	  $(ARM64_BUILD)/prisma-collect $(ARM64_BUILD)/tests/test_*
	@PRISMA_SUITES="$(ARM64_SUITES)" PRISMA_KIOSK_SCRIPTS="$(ARM64_SCRIPTS)" \
	  PRISMA_RUN="$(ARM64_RUN)" PRISMA_TIMEOUT=1800 nice -n 15 tools/run-tests.sh $(ARM64_BUILD)

# The Debian package (docs/image.md): `make deb` for this machine, `make deb DEB_ARCH=arm64` for
# the terminal; lintian must find no error.
DEB_ARCH ?= $(shell dpkg --print-architecture)
deb:
	@tools/deps.sh deb
	@$(if $(filter-out $(shell dpkg --print-architecture),$(DEB_ARCH)),tools/deps.sh cross)
	@tools/make-deb.sh $(DEB_ARCH)

# The terminal's disk image and update bundles (docs/image.md; slow, as root, not in make test).
image:
	@tools/deps.sh image
	@$(MAKE) --no-print-directory deb DEB_ARCH=arm64
	@firmware/rauc/dev-keys.sh build/rauc-dev
	@nice -n 10 tools/make-image.sh

bundle:
	@tools/deps.sh image
	@tools/make-bundle.sh

# Boots the image under qemu-system-aarch64 -M virt (docs/image.md, "Boot it"; slow, as root,
# not in make test). IMAGE_TEST_STEPS chooses the steps (default: all).
image-test: all
	@tools/deps.sh image
	@nice -n 10 tools/image-test.py $(if $(IMAGE_TEST_STEPS),--steps $(IMAGE_TEST_STEPS))

# The README's two commands on a minimal Debian 12 root built with mmdebstrap (slow; not in
# `make test`). See docs/testing.md.
fresh-check:
	@tools/fresh-check.sh

format:
	clang-format -i $(wildcard app/*/*.[ch] tests/*/*.[ch])

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
