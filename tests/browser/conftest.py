"""Browser-test fixtures: headless Debian Chromium through Playwright, sign-in and axe-core.

Use them with pytest-django's ``live_server`` and ``transactional_db`` (the live server runs in
another thread, so test data must be committed). Build data through the services, as the other
tests do (fixtures in tests/conftest.py).

    @pytest.mark.browser
    def test_something(page, live_server, transactional_db, users, login, assert_accessible):
        login(page, live_server, "officer")
        page.goto(live_server.url + "/actions/mine/")
        assert_accessible(page)
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import in_ci

# Playwright's sync API runs an asyncio event loop in this thread; Django's ORM (used by fixtures
# and the live server thread) refuses to run inside one unless told it is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "correct-horse-battery"  # tests/conftest.py gives every fixture user this password
BLOCKING_IMPACTS = {"serious", "critical"}

if not CHROMIUM.exists():
    what = f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
    if in_ci():
        pytest.exit(f"CI is set but {what}", returncode=1)
    pytest.skip(what, allow_module_level=True)

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Everything under tests/browser/ drives Chromium: mark it so `-m "not browser"` skips it.
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
    # Screenshot refreshers write docs/screenshots/: not tests, so not collected (deselected,
    # never skipped) unless SCREENSHOTS=1 asks for them.
    if os.environ.get("SCREENSHOTS"):
        return
    refreshers = [item for item in items if item.get_closest_marker("screenshots")]
    if refreshers:
        config.hook.pytest_deselected(items=refreshers)
        items[:] = [item for item in items if not item.get_closest_marker("screenshots")]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole run (starting it costs about a second)."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page (own cookies) at desktop width; call page.set_viewport_size() to change."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page: Page, live_server, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real sign-in form and wait for the page it lands on."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"could not sign in as {username}"


def time_requests(page: Page) -> list[tuple[float, str]]:
    """Every request ``page`` makes from now on, as (seconds from sent to finished, URL), filled
    in as they finish (a failed or aborted one too: it took that long before it stopped)."""
    timings: list[tuple[float, str]] = []
    started: dict[object, float] = {}

    def finished(request) -> None:
        timings.append(
            (time.perf_counter() - started.get(request, time.perf_counter()), request.url)
        )

    page.on("request", lambda request: started.__setitem__(request, time.perf_counter()))
    page.on("requestfinished", finished)
    page.on("requestfailed", finished)
    return timings


_axe = Axe()


def check_accessible(page: Page) -> None:
    """Run axe-core on the page; fail on any serious or critical violation, printing them all."""
    results = _axe.run(page)
    violations = results.response.get("violations", [])
    if violations:
        print(f"\naxe-core on {page.url}:\n{results.generate_report()}")
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    assert not blocking, "axe-core found serious or critical violations on {}: {}".format(
        page.url,
        "; ".join(
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(str(node.get("target")) for node in v.get("nodes", [])[:5])
            for v in blocking
        ),
    )


@pytest.fixture
def login():
    """``login(page, live_server, username)``: sign in through the form (see :func:`sign_in`)."""
    return sign_in


@pytest.fixture
def assert_accessible():
    """``assert_accessible(page)``: axe-core, no serious or critical violations."""
    return check_accessible


@pytest.fixture
def worker(settings, tmp_path):
    """``db_worker`` on the test database, sharing the live server's upload folder. Its log
    goes to a file (a pipe nobody reads would stall it once full): :func:`worker_log`."""
    if connection.vendor != "postgresql":
        # CI's PostgreSQL pass runs it; SQLite's test database lives in this process's memory.
        pytest.skip("the task-worker browser test needs PostgreSQL (a worker process shares it)")
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    db = connection.settings_dict
    env = {
        **os.environ,
        "DEBUG": "true",
        "SECRET_KEY": settings.SECRET_KEY,  # upload tokens are signed
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-reload"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    process.log_path = log  # type: ignore[attr-defined]
    yield process
    process.terminate()
    process.wait(timeout=20)


def worker_log(process: subprocess.Popen) -> str:
    """The end of the ``worker`` fixture's log, for a failure's message."""
    return process.log_path.read_text()[-3000:]  # type: ignore[attr-defined]
