# The project's verbs. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3.11
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# A stable demo password for this checkout: DEMO_PASSWORD wins, else one is generated once.
DEMO_PASSWORD ?= $(shell cat .demo-password 2>/dev/null || $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(9))' | tee .demo-password)

.PHONY: install run test test-fast lint format bench check-system migrate demo clean serve-prod backup restore

install: check-system $(STAMP)

# Development installs both locks; production installs only requirements.lock (docs/deployment.md).
$(STAMP): requirements.lock requirements-dev.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-r requirements.lock -r requirements-dev.lock
	@touch $(STAMP)

check-system:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is missing: install python3.11 (apt-get install python3.11 python3.11-venv)"; exit 1; }
	@$(PYTHON) -c 'import ctypes.util,sys; sys.exit(0 if ctypes.util.find_library("pango-1.0") else 1)' || { echo "WeasyPrint needs Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-liberation2"; exit 1; }

migrate: install
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py migrate --noinput

# Loads (or tops up) the demo without serving it; `make run` loads it and serves it.
demo: migrate
	DEBUG=true DEMO_PASSWORD='$(DEMO_PASSWORD)' DEMO_URL=http://127.0.0.1:$(PORT)/ \
		$(BIN)/python manage.py load_demo

run: demo
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not browser" -x

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=true $(BIN)/mypy
	$(BIN)/python -m scripts.function_length

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python -m benchmarks

# Production: gunicorn (gunicorn.conf.py) plus the task worker; needs the production environment.
serve-prod: install
	scripts/serve-prod.sh

# Backups: FILE=path. PostgreSQL uses pg_dump/pg_restore, SQLite its online backup API.
FILE ?= backup-$(shell date +%Y%m%d-%H%M%S).dump
backup: install
	$(BIN)/python manage.py backup --output '$(FILE)'

restore: install
	$(BIN)/python manage.py restore --input '$(FILE)'

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
