# メール設定ナビ — the few commands a developer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format serve bench hearing-bench lighthouse install install-dev clean backup restore loadtest outage cluster-check mailserver-check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

## make run: install, migrate, load the starter articles, create demo data, serve on 127.0.0.1:8000
## (with the worker that mails staff about customers' reports: printed to the console unless
## DJANGO_EMAIL_HOST is set; it stops with the server)
run: export DJANGO_DEBUG = 1
run: $(VENV)/.runtime
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_articles
	$(PY) manage.py load_presets
	$(PY) manage.py seed_demo
	$(PY) manage.py send_notices --loop & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

## make test: lint, migration check, then the whole pytest suite, one worker per core (pytest-xdist;
## each test file runs on one worker, so a module's slow fixtures (a gunicorn, the production probe,
## the starter articles) start once rather than again on each worker that gets some of its tests)
## (TEST_WORKERS=1 runs the suite in one process; PYTEST_ARGS are passed on)
## (the rewritten test modules are kept in __pycache__ even where PYTHONDONTWRITEBYTECODE is set: ~5 s a run)
TEST_WORKERS ?= auto
test: export DJANGO_TESTING = 1
test: $(VENV)/.dev lint
	$(PY) manage.py makemigrations --check --dry-run
	env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make serve: production-style server (needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS), with the
## notice worker beside it (manage.py send_notices --loop; mail settings: config/settings.py)
serve: $(VENV)/.runtime
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput
	$(PY) manage.py load_articles
	$(PY) manage.py load_presets
	$(PY) manage.py send_notices --loop & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn -c config/gunicorn_conf.py config.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-2} --access-logfile -

## make bench: throw-away database, 10,000 articles, gunicorn, side-by-side figures
bench: $(VENV)/.dev
	$(PY) scripts/bench.py

## make hearing-bench: clicks, keys and typed characters of a realistic hearing (Playwright + Debian's chromium)
hearing-bench: $(VENV)/.dev
	$(PY) scripts/hearing_bench.py

lighthouse: $(VENV)/.dev
	$(PY) scripts/lighthouse.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

## make backup: consistent snapshot into backups/; make restore FILE=backups/…
backup: $(VENV)/.runtime
	$(PY) manage.py backup

restore: $(VENV)/.runtime
	@test -n "$(FILE)" || (echo "usage: make restore FILE=backups/mailnavi-….sqlite3" && exit 2)
	$(PY) manage.py restore "$(FILE)"

## make loadtest: 60 s, 50 connections, KB pages, searches and wizard saves on gunicorn
loadtest: $(VENV)/.dev
	$(PY) scripts/loadtest.py

## make outage: stops the local PostgreSQL 15 for real and checks the 503 and the recovery (needs DATABASE_URL)
outage: $(VENV)/.dev
	$(PY) scripts/db_outage.py

## make cluster-check: PostgreSQL 15, Redis, two gunicorn app servers and nginx on 127.0.0.1, checked for real
cluster-check: $(VENV)/.dev
	$(PY) scripts/cluster_check.py

## make mailserver-check: a real Dovecot (IMAP, POP3, submission) on loopback; hearings of every shape through
## the wizard's views, each mailbox read, every handed-over value logged in with (needs Dovecot: .ci/run installs it)
mailserver-check: $(VENV)/.dev
	$(PY) scripts/mailserver_check.py
