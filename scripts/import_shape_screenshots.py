"""Screenshots of the import preview for each shape of file the importer reads, for the section
"Shapes the importer reads" of docs/guide-importing.md.

    DEBUG=true .venv/bin/python -m scripts.import_shape_screenshots --port 8102 \
        --out docs/screenshots/
    DEBUG=true .venv/bin/python -m scripts.import_shape_screenshots --out /tmp/shots pdf csv

Builds one small file of each shape (tests/recommendations/import_files.py, the same files the
import tests parse), creates a throwaway database (the test database of DATABASE_URL), loads the
demo into it, serves the app on 127.0.0.1:PORT in a thread (as Django's live server does),
signs in as the demo clerk and uploads each file in headless Chromium at 1280 px. Each preview
is saved as OUT/import-shape-<shape>.png: the page's main content, its top 2,600 px, every
"Other notes" panel open, in 64 colours. Needs DEBUG on (the demo refuses to load without it)
and /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import io
import logging
import mimetypes
import os
import secrets
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WIDTH, MAX_HEIGHT = 1280, 2600


def _files() -> Any:
    from tests.recommendations import import_files

    return import_files


def _html_page() -> bytes:
    page = (
        "<!doctype html><html lang='en'><head><title>Serious Violence Duty</title></head><body>"
        f"<h1>Community Safety Partnership</h1>{_files().SVD_HTML}</body></html>"
    )
    return page.encode()


def _text(name: str) -> Callable[[], bytes]:
    return lambda: getattr(_files(), name).encode()


# shape: (file name as uploaded, builder, name of the new plan)
SHAPES: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "pdf": (
        "inspection-progress-report.pdf",
        lambda: _files().inspection_pdf(_files().police_pdf_rows(30)),
        "HMICFRS inspection recommendations",
    ),
    "aligned-text": ("annex-b-progress.txt", _text("ALIGNED_TEXT"), "National action plan"),
    "markdown": ("action-log.md", _text("PIPE_OUTER"), "Safer Neighbourhoods Board actions"),
    "markdown-no-outer-pipes": (
        "community-safety-plan.md",
        _text("PIPE_NO_OUTER"),
        "Community safety plan 2024-27",
    ),
    "one-cell-a-line": ("vru-board-actions.txt", _text("ONE_CELL_A_LINE"), "VRU board actions"),
    "xlsx": (
        "scrutiny-tracker.xlsx",
        lambda: _files().tracker_xlsx(),
        "Scrutiny panel recommendations",
    ),
    "docx": ("dhr-action-plan.docx", lambda: _files().word_table_docx(), "DHR 2023/04 actions"),
    "html": ("serious-violence-duty.html", _html_page, "Serious Violence Duty plan"),
    "csv": ("delivery-plan.csv", _text("DELIVERY_CSV"), "Delivery plan 2025"),
    "several-tables": (
        "hate-crime-actions.xlsx",
        lambda: _files().two_tables_xlsx(),
        "Hate crime actions",
    ),
    "status-narrative": (
        "safeguarding-actions.csv",
        _text("STATUS_NARRATIVE_CSV"),
        "Safeguarding actions",
    ),
    "revised-dates": (
        "commissioning-tracker.csv",
        _text("REVISED_DATES_CSV"),
        "Commissioning tracker",
    ),
}


def _serve(port: int) -> Any:
    """The app on 127.0.0.1:port in a thread, static files included (Django's live server)."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.db import connections
    from django.test.testcases import LiveServerThread

    shared = None
    default = connections["default"]
    if default.vendor == "sqlite":  # an in-memory test database: share this connection
        default.inc_thread_sharing()
        shared = {"default": default}
    server = LiveServerThread("127.0.0.1", StaticFilesHandler, shared, port=port)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    return server


def _sign_in(page: Any, url: str, password: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username").fill("clerk")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if "/accounts/login/" in page.url:
        raise SystemExit("could not sign in as the demo clerk")


def _preview(page: Any, url: str, shape: str, out: Path, most: int) -> Path:
    """Upload the shape's file, wait for its preview, open the notes and save the top of it."""
    filename, build, plan = SHAPES[shape]
    mime = mimetypes.guess_type(filename)[0] or "text/plain"
    page.goto(f"{url}/actions/import/")
    page.get_by_label("Upload a file").set_input_files(
        {"name": filename, "mimeType": mime, "buffer": build()}
    )
    page.get_by_label("Name of the new plan").fill(plan)
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_role("heading", name="Check what will be imported").wait_for()
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    # From the top of the page's main content (the menu is the same on every page) down.
    top = page.evaluate("document.querySelector('main').getBoundingClientRect().top + scrollY")
    height = page.evaluate("document.documentElement.scrollHeight") - top
    path = out / f"import-shape-{shape}.png"
    page.screenshot(
        path=path,
        full_page=True,
        clip={"x": 0, "y": top, "width": WIDTH, "height": min(height, most)},
    )
    _shrink(path)
    return path


def _shrink(path: Path) -> None:
    """64 colours are plenty for a page of text and a few tags (a third of the bytes)."""
    from PIL import Image

    with Image.open(path) as shot:
        small = shot.convert("RGB").quantize(colors=64, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def _shoot(url: str, password: str, args: argparse.Namespace) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        context = browser.new_context(viewport={"width": WIDTH, "height": 900}, locale="en-GB")
        context.set_default_timeout(60_000)
        page = context.new_page()
        _sign_in(page, url, password)
        for shape in args.shapes or SHAPES:
            path = _preview(page, url, shape, args.out, args.max_height)
            print(f"{shape:<26} {path}")
        browser.close()


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8102)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--max-height", type=int, default=MAX_HEIGHT, help="px (default 2600)")
    parser.add_argument("shapes", nargs="*", help=f"default: all of {', '.join(SHAPES)}")
    args = parser.parse_args(argv)
    if unknown := set(args.shapes) - set(SHAPES):
        parser.error(f"unknown shape {', '.join(sorted(unknown))}; choose from {', '.join(SHAPES)}")
    return args


def main(argv: list[str]) -> None:
    args = _arguments(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")
    # Playwright's sync API runs an event loop in this thread; the ORM calls here are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    password = os.environ["DEMO_PASSWORD"] = secrets.token_urlsafe(12)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    for chatty in ("weasyprint", "fontTools", "pdfminer", "django.server"):
        logging.getLogger(chatty).setLevel(logging.ERROR)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings

    if not settings.DEBUG:
        raise SystemExit("Run with DEBUG=true: the demo is loaded only in development.")
    args.out.mkdir(parents=True, exist_ok=True)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            call_command("load_demo", stdout=io.StringIO())
            server = _serve(args.port)
            try:
                _shoot(f"http://127.0.0.1:{args.port}", password, args)
            finally:
                server.terminate()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(sys.argv[1:])
