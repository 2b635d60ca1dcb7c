# RoomServer: `make run` starts a house; `make test` installs what the tests need and runs them all.

SWIFT ?= swift
CONFIG ?= debug
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := .build/$(CONFIG)/roomserver
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Seconds of fuzzing in all, shared by the fuzz targets (see Fuzz/run.sh).
FUZZ_SECONDS ?= 300

# System packages the build needs, and those the tests need on top.
BUILD_PACKAGES := libsqlite3-dev zlib1g-dev
TEST_PACKAGES := chromium chromium-driver python3 python3-venv sqlite3 nginx

.PHONY: run build test test-swift test-e2e deps test-deps lint bench bench-slow fuzz fuzz-smoke deb clean

# The server refuses a data folder without a house (or with an empty or damaged one): the first `make run`
# asks it to make one in ./data. With ARGS="--data DIR", add --create for a new house there.
CREATE := $(if $(wildcard data/house.sqlite),,--create)

run: build
	$(BIN) serve $(CREATE) $(ARGS)

build: deps
	$(SWIFT) build -c $(CONFIG) --product roomserver

test: test-deps lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(MAKE) fuzz-smoke
	$(PY) -m pytest -q Tests/e2e

test-swift: deps
	$(SWIFT) test

test-e2e: test-deps
	$(SWIFT) build
	$(PY) -m pytest -q Tests/e2e

# Installs only what is missing, so a second run asks for nothing.
deps:
	@missing=$$(for p in $(BUILD_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing $$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

test-deps: deps
	@missing=$$(for p in $(TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing $$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@[ -x $(PY) ] || python3 -m venv $(VENV)
	@$(PY) -m pip install -q --disable-pip-version-check -r Tests/e2e/requirements.txt

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift
	$(SWIFT) format lint --strict --recursive Fuzz/Package.swift Fuzz/Sources

# libFuzzer on the decoders of what strangers send: WebSocket frames, the invite form, names.
fuzz: deps
	SWIFT=$(SWIFT) FUZZ_SECONDS=$(FUZZ_SECONDS) Fuzz/run.sh

# A short run, so that `make test` notices a decoder that crashes on its seeds or soon after.
fuzz-smoke: deps
	SWIFT=$(SWIFT) FUZZ_SECONDS=15 Fuzz/run.sh

# Prints the numbers docs/PERFORMANCE.md records (with the machine and the date). The load scenarios
# (chat, idle, slow, storm, burst: bench/load.py) at SCALE=ci (2,000 members), 5000, 10000 or full (19,000);
# SCENARIO=one of them for just that one, DEFLATE=off|message for what the house accepts, and
# CONFIG=release for the numbers the targets are set in.
SCALE ?= ci
SCENARIO ?= all
DEFLATE ?= off
bench: build test-deps
	$(SWIFT) build -c $(CONFIG) --product roomserver-load
	SCALE=$(SCALE) SCENARIO=$(SCENARIO) DEFLATE=$(DEFLATE) CONFIG=$(CONFIG) ROOMSERVER_BIN=$(BIN) $(PY) bench/load.py
	ROOMSERVER_BIN=$(BIN) $(PY) bench/first_visit.py
	ROOMSERVER_BIN=$(BIN) $(PY) bench/wire.py
	ROOMSERVER_BIN=$(BIN) $(PY) bench/cafe_slow.py
	ROOMSERVER_BIN=$(BIN) $(PY) bench/practice_cost.py

bench-slow: build test-deps
	ROOMSERVER_BIN=$(BIN) $(PY) bench/cafe_slow.py

# The Debian package (docs/DEPLOY.md): a release build with the Swift runtime linked in, so a server
# needs only what Debian ships, packaged with its client, systemd units and configuration.
deb: deps
	@dpkg -s dpkg-dev >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dpkg-dev; }
	$(SWIFT) build -c release --static-swift-stdlib --product roomserver
	tools/make-deb.sh .build/release/roomserver dist $$(cat VERSION)

clean:
	rm -rf .build Fuzz/.build $(VENV) Tests/e2e/artifacts dist
