"""The appendix as HTML (preview and print) and as a PDF (WeasyPrint, tagged, fonts embedded)."""

from __future__ import annotations

import logging
from pathlib import Path

from django.template.loader import render_to_string

from reports.appendix.rows import Appendix

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # one line a page is noise

STATIC_DIR = (Path(__file__).resolve().parent.parent / "static" / "reports").resolve()
PRINT_STYLESHEET = "appendix-print.css"


def allowed_path(url: str) -> Path | None:
    """The file a document may load for ``url``: only our own print files, nothing else.

    Imported text is sanitised, but a paper must never reach the network or the disk beyond
    reports/static/reports/, whatever ends up in it.
    """
    if not url.startswith("file:"):
        return None
    path = Path(url.split("?", 1)[0].removeprefix("file://")).resolve()
    if not path.is_relative_to(STATIC_DIR) or not path.is_file():
        return None
    return path


def static_only_fetcher():
    """A WeasyPrint URL fetcher that refuses everything allowed_path() refuses."""
    # WeasyPrint takes seconds to import: only processes that print pay for it.
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            path = allowed_path(url)
            if path is None:
                raise ValueError(f"Appendix documents may not load {url[:80]!r}")
            return super().fetch(path.as_uri(), headers)

    return StaticOnlyFetcher()


def appendix_html(appendix: Appendix) -> str:
    """The print document: what WeasyPrint lays out (and what a browser could print)."""
    return render_to_string(
        "reports/pdf/appendix.html",
        {"appendix": appendix, "stylesheet": PRINT_STYLESHEET},
    )


def appendix_pdf_bytes(appendix: Appendix) -> tuple[bytes, int]:
    """The PDF and its page count: A4 landscape, PDF/UA-1 tagged, Liberation Sans embedded."""
    from weasyprint import HTML

    document = HTML(
        string=appendix_html(appendix),
        base_url=STATIC_DIR.as_uri() + "/",
        url_fetcher=static_only_fetcher(),
    ).render(pdf_variant="pdf/ua-1")
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf, len(document.pages)
