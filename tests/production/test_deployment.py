"""Start-up checks, the production server, and clean faults when the database is unreachable.

These run the app in a subprocess, as a server would, so the settings are read afresh.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
PRODUCTION = {
    "SECRET_KEY": "a-test-only-key-that-is-long-enough-for-check-deploy-0123456789abcdef",
    "ALLOWED_HOSTS": "localhost,127.0.0.1",
    "CSRF_TRUSTED_ORIGINS": "https://tracker.example.gov.uk",
    "SECURE_COOKIES": "true",
    "MANIFEST_STATIC": "false",
    "DEBUG": "false",
}
# A port nothing listens on: every connection is refused at once.
UNREACHABLE = "postgres://postgres@127.0.0.1:9/tracker"


def _env(**extra: str) -> dict[str, str]:
    # A clean environment, as a server has: no test-run variables (the browser tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rightly rejects).
    env = {
        k: v
        for k, v in os.environ.items()
        if k != "SECRET_KEY" and not k.startswith(("DJANGO_", "PYTEST"))
    }
    env.update(extra)
    return env


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=_env(**env), capture_output=True, text=True, timeout=120
    )


def test_debug_off_without_a_secret_key_refuses_to_start_in_one_line():
    result = subprocess.run(
        [PYTHON, "manage.py", "check"],
        cwd=ROOT,
        env=_env(DEBUG="false", SECRET_KEY=""),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "SECRET_KEY is not set: set it (the same value on every server) or set DEBUG=true for "
        "development."
    ]


def test_check_deploy_is_clean_with_the_documented_variables():
    result = subprocess.run(
        [PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_env(**PRODUCTION),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


OUTAGE = """
import django, os
os.environ["DJANGO_SETTINGS_MODULE"] = "partnership.settings"
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
health = client.get("/healthz")
print("healthz", health.status_code, health["Retry-After"], health.json()["status"])
client.cookies["sessionid"] = "a-session-the-database-would-know"
page = client.get("/actions/mine/")
print("page", page.status_code, page["Retry-After"], b"service is unavailable" in page.content)
typed = {"progress_note": "Twelve landlords signed up", "version": "3"}
sent = client.post("/actions/1/update/", typed)
body = sent.content.decode()
kept = 'name="version" value="3"' in body
print("post", sent.status_code, "Twelve landlords signed up" in body, kept)
"""


def test_an_unreachable_database_gives_503s_and_gives_back_what_was_typed():
    result = _run(
        OUTAGE,
        DATABASE_URL=UNREACHABLE,
        DEBUG="false",
        SECRET_KEY=PRODUCTION["SECRET_KEY"],
        ALLOWED_HOSTS="testserver",
    )
    lines = result.stdout.splitlines()
    assert lines == [
        "healthz 503 5 unavailable",
        "page 503 5 True",
        "post 503 True True",
    ], result.stdout + result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_make_serve_prod_serves_the_sign_in_page_with_the_csp_header(tmp_path):
    database = f"sqlite:///{tmp_path / 'prod.sqlite3'}"
    env = _env(**PRODUCTION, DATABASE_URL=database)
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    port = _free_port()
    env.update(BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="2")
    server = subprocess.Popen(
        ["make", "serve-prod"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        response = None
        for _ in range(60):
            try:
                # As the TLS-terminating proxy would send it (SECURE_SSL_REDIRECT is on).
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/accounts/login/",
                    headers={"X-Forwarded-Proto": "https", "Host": "localhost"},
                )
                response = urllib.request.urlopen(request, timeout=5)
                break
            except OSError:
                time.sleep(0.5)
        assert response is not None, "gunicorn did not answer within 30 s"
        assert response.status == 200
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        assert b"Sign in" in response.read()
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
