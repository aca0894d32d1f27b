# Spotter: `make demo` runs it on a fresh machine, `make test` runs every check.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist: one test process per core (`make test TEST_WORKERS=0` runs them in this one).
# Tests, not files, are dealt to the workers as they free up (loadgroup), so the slow files
# (subprocesses, the seeded demo, the browser) run beside the rest; a file marked
# `xdist_group` stays on one worker, in its order (the schema fuzzing: its owner's half on one,
# its client's half on another, side by side).
TEST_WORKERS ?= auto
TEST_DIST ?= loadgroup
# The demo's links point at the address it serves, and its emails go to files, not the terminal.
DEMO_EMAILS ?= $(CURDIR)/var/demo-emails
DEMO_ENV := SITE_URL=http://$(HOST):$(PORT) \
	EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend EMAIL_FILE_PATH=$(DEMO_EMAILS)

.PHONY: install demo test lint format serve worker beat nightly clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# uv installs the stack in seconds; it comes from PyPI like everything else.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip uv
	$(BIN)/uv pip install --python $(BIN)/python --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# With BATCH_DATABASE_URL (Postgres), migrations run as the batch role, which owns the tables.
demo: install
	$(BIN)/python manage.py migrate --noinput $${BATCH_DATABASE_URL:+--database=batch}
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo
	@echo ""
	@echo "Spotter demo on http://$(HOST):$(PORT)/  (organization: demo)"
	@echo "  owner   owner@demo.test    / spotter-demo"
	@echo "  coach   coach@demo.test    / spotter-demo   (and coach2@demo.test)"
	@echo "  client  client@demo.test   / spotter-demo"
	@echo "  emails the demo sends are written to $(DEMO_EMAILS)/ (one file per batch)"
	@echo ""
	DJANGO_DEBUG=true $(DEMO_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run
	@# Bytecode is cached even where the environment turns that off (PYTHONDONTWRITEBYTECODE):
	@# every worker and every subprocess a test starts would otherwise compile Django anew.
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest -n $(TEST_WORKERS) --dist $(TEST_DIST) -rs

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Workers: gunicorn.conf.py (3 sync processes for 2 cores; WEB_CONCURRENCY).
serve: install
	$(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT)

worker: install
	$(BIN)/celery -A config worker --loglevel=INFO --concurrency=2

beat: install
	$(BIN)/celery -A config beat --loglevel=INFO

clean:
	rm -rf $(VENV) staticfiles test-artifacts
