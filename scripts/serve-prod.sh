#!/usr/bin/env bash
# Run the production server: gunicorn (settings in gunicorn.conf.py) and, beside it, the task
# worker that renders large appendix PDFs. Both stop together. Needs the production environment
# (SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS...; see .env.example and docs/deployment.md).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export TASKS_BACKEND="${TASKS_BACKEND:-django_tasks_db.DatabaseBackend}"
"$BIN/python" manage.py check --deploy --fail-level WARNING
"$BIN/python" manage.py db_worker &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
"$BIN/gunicorn" --config gunicorn.conf.py
