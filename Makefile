# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.requirements-installed
CHROMIUM := /usr/bin/chromium
# Debian's PostgreSQL server: tests/postgres.py runs billing against it (any installed major version).
POSTGRES := /usr/lib/postgresql
BWRAP := /usr/bin/bwrap
NODE := /usr/bin/node
PDFTOPPM := /usr/bin/pdftoppm
ESPEAK := /usr/bin/espeak-ng

.PHONY: install run test lint format fuzz clean

# requirements-dev.txt includes requirements.txt: production's packages plus embedded servers, tests, tooling.
$(INSTALLED): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(INSTALLED)

install: $(INSTALLED)

## Start API, admin and Celery worker on embedded MongoDB and Redis, with demo data.
run: install $(BWRAP) $(NODE)
	$(PY) -m operations.launcher

## Debian's chromium for the browser test (tests/browser/); Playwright never downloads a browser.
$(CHROMIUM):
	apt-get install -y --no-install-recommends chromium || { apt-get update && apt-get install -y --no-install-recommends chromium; }

## Debian's bubblewrap and Node.js for the coding round's sandbox (tests/coding/ runs real code in it).
$(BWRAP):
	apt-get install -y --no-install-recommends bubblewrap || { apt-get update && apt-get install -y --no-install-recommends bubblewrap; }

$(NODE):
	apt-get install -y --no-install-recommends nodejs || { apt-get update && apt-get install -y --no-install-recommends nodejs; }

## Debian's poppler-utils: the report tests render the PDF pages to PNG with pdftoppm.
$(PDFTOPPM):
	apt-get install -y --no-install-recommends poppler-utils || { apt-get update && apt-get install -y --no-install-recommends poppler-utils; }

## Debian's espeak-ng: the speech-metrics tests speak an answer into a real WAV file.
$(ESPEAK):
	apt-get install -y --no-install-recommends espeak-ng || { apt-get update && apt-get install -y --no-install-recommends espeak-ng; }

## Debian's PostgreSQL for the billing database's tests (tests/billing/, tests/production/).
$(POSTGRES):
	apt-get install -y --no-install-recommends postgresql || { apt-get update && apt-get install -y --no-install-recommends postgresql; }

## Lint, type-check, then the whole test suite against servers it starts itself
## (one pytest-xdist worker per core, each with its own MongoDB and Redis).
TEST_WORKERS ?= auto
test: install lint $(CHROMIUM) $(POSTGRES) $(BWRAP) $(NODE) $(PDFTOPPM) $(ESPEAK)
	$(PY) -m pytest -n $(TEST_WORKERS)

## The API fuzzer with many more examples per operation than the suite's bounded run.
fuzz: install
	FUZZ_EXAMPLES=200 $(PY) -m pytest tests/security/test_api_fuzz.py

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy .
	$(VENV)/bin/lint-imports

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

clean:
	rm -rf var/
