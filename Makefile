# Fangkong: the two commands are `make run` and `make test` (see README.md).
PRESET ?= release
BUILD  := build/$(PRESET)
BIN    := $(BUILD)/fangkong
WEB_SRC := $(shell find web/src web/public web/index.html web/vite.config.ts web/package-lock.json -type f 2>/dev/null)

.PHONY: run test test-asan setup build web e2e soak fuzz asan clean

run: build web
	$(BIN) serve --demo-if-empty

# Every suite, the sanitizer build's included (docs/reliability.md).
test: build web asan
	scripts/test-all $(BUILD) $(ASAN_BUILD)

# Only the sanitizer suites of `make test`: unit and API under ASan/UBSan, fuzz smoke runs.
test-asan: asan
	scripts/with-pg scripts/test-asan $(ASAN_BUILD)

setup:
	@scripts/setup

# One configure per build folder; after that only ninja, which rebuilds only what changed.
$(BUILD)/build.ninja:
	@cmake --preset $(PRESET) >/dev/null

build: setup $(BUILD)/build.ninja
	@cmake --build $(BUILD)

web: setup web/dist/index.html

web/dist/index.html: $(WEB_SRC)
	cd web && npm run build --silent

e2e: build web
	scripts/with-pg scripts/e2e $(BUILD)

# The sanitizer build (clang, ASan + UBSan) with the libFuzzer targets: what `make test` runs
# under the sanitizers and what `make fuzz` runs (docs/reliability.md, "Bad input").
ASAN_BUILD := build/asan
ASAN_TARGETS := fangkong fangkong_unit_tests fangkong_api_tests fuzzers
ifneq ($(BUILD),$(ASAN_BUILD))
$(ASAN_BUILD)/build.ninja:
	@cmake --preset asan >/dev/null
endif

asan: setup $(ASAN_BUILD)/build.ninja
	@cmake --build $(ASAN_BUILD) --target $(ASAN_TARGETS)

# Every libFuzzer target for FUZZ_SECONDS each (default 600), two at a time; exit 1 on a crash.
FUZZ_SECONDS ?= 600
fuzz: asan
	scripts/fuzz $(FUZZ_SECONDS)

# The long reliability runs (docs/reliability.md).
soak: build web
	scripts/with-pg scripts/soak $(BUILD)

clean:
	rm -rf build web/dist
