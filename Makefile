# Fangkong: the two commands are `make run` and `make test` (see README.md).
PRESET ?= release
BUILD  := build/$(PRESET)
BIN    := $(BUILD)/fangkong
WEB_SRC := $(shell find web/src web/public web/index.html web/vite.config.ts web/package-lock.json -type f 2>/dev/null)

.PHONY: run test setup build web e2e soak fuzz clean

run: build web
	$(BIN) serve --demo-if-empty

test: build web
	scripts/test-all $(BUILD)

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

# The long reliability runs (docs/reliability.md).
soak: build web
	scripts/with-pg scripts/soak $(BUILD)

clean:
	rm -rf build web/dist
