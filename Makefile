# RoomServer: `make run` starts a house; `make test` installs what the tests need and runs them all.

SWIFT ?= swift
CONFIG ?= debug
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := .build/$(CONFIG)/roomserver
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# System packages the build needs, and those the tests need on top.
BUILD_PACKAGES := libsqlite3-dev zlib1g-dev
TEST_PACKAGES := chromium chromium-driver python3 python3-venv sqlite3

.PHONY: run build test test-swift test-e2e deps test-deps lint bench clean

run: build
	$(BIN) serve $(ARGS)

build: deps
	$(SWIFT) build -c $(CONFIG) --product roomserver

test: test-deps lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
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

bench: build
	@echo "No benchmarks yet: see docs/PERFORMANCE.md"

clean:
	rm -rf .build $(VENV) Tests/e2e/artifacts
