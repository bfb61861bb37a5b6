# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench messages clean chromium gettext mutate

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# Installs, migrates a SQLite database in ./data, loads demo data once, prints the demo
# logins and serves on http://127.0.0.1:$${PORT:-8000}.
run: $(STAMP)
	$(BIN)/peerwell demo

# The browser tests need Chromium (Debian's package); install it when it is missing.
chromium:
	@if [ ! -x "$${PEERWELL_CHROMIUM:-/usr/bin/chromium}" ]; then \
	  if command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "The browser tests need Chromium: install it or set PEERWELL_CHROMIUM"; exit 1; fi; \
	fi

# The translation check runs GNU gettext's xgettext, as `make messages` does.
gettext:
	@if ! command -v xgettext >/dev/null; then \
	  if command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	  else echo "The translation check needs GNU gettext (xgettext)"; exit 1; fi; \
	fi

test: $(STAMP) chromium gettext
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Mutation testing of the security-critical code (see tools/mutate.py); an hour or more on
# two cores, so not part of `make test` or CI. After a full run, MUTANTS='run peerwell.core.*'
# tests only those mutants again.
$(VENV)/.mutate-installed: $(STAMP) requirements-mutate.txt
	$(BIN)/python -m pip install --quiet -r requirements-mutate.txt
	touch $@

mutate: $(VENV)/.mutate-installed
	$(BIN)/python tools/mutate.py $(MUTANTS)

messages: $(STAMP)
	cd peerwell && ../$(BIN)/django-admin makemessages -l es --no-obsolete --add-location file && ../$(BIN)/django-admin compilemessages -l es

clean:
	rm -rf $(VENV) data mutants
