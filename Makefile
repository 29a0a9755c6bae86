# One command to run the app, one to test it; both set everything up first.
# `make run`  : virtualenv, dependencies, migrations, demo data, then serve on
#               http://127.0.0.1:8000 with SQLite (`make run PORT=8001`
#               for another port).
# `make test` : virtualenv, dependencies, then the whole test suite.
# `make test-at AT="2027-07-30 23:30"` : the whole suite, browser tests
#               included, with the clock moved to that moment in ZONE
#               (America/Toronto unless given); without AT, at five awkward
#               moments. See tests/run_at.sh.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha256sum requirements-dev.lock | cut -c1-16)
PYTEST_ARGS ?=
# `make run PORT=8001` when 8000 is taken.
PORT ?= 8000
AT ?=
ZONE ?= America/Toronto

.PHONY: run test test-at install lint format check-migrations lock clean

install: $(STAMP)

$(STAMP): requirements-dev.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12 or newer is needed (see .python-version); set PYTHON=python3.12")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
	rm -f $(VENV)/.installed-*
	touch $@

run: install
	DEBUG=on $(BIN)/python manage.py migrate --no-input
	DEBUG=on $(BIN)/python manage.py seed_demo --site-url http://127.0.0.1:$(PORT)/
	DEBUG=on $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

test-at: install
	ZONE="$(ZONE)" PYTEST_ARGS="$(PYTEST_ARGS)" tests/run_at.sh $(if $(AT),"$(AT)")

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-migrations: install
	DEBUG=on $(BIN)/python manage.py makemigrations --check --dry-run

# Re-pin every dependency after changing pyproject.toml (needs the network).
lock: install
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --universal --python-version 3.12 --generate-hashes --quiet -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --group dev --universal --python-version 3.12 --generate-hashes --quiet -o requirements-dev.lock

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
