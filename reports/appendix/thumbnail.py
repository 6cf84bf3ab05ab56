"""A small picture of page 1 of a PDF, for the issue confirmation page (poppler's pdftoppm)."""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)
THUMBNAIL_WIDTH = 480  # pixels: legible headings, about a third of an A4 landscape page


def first_page_png(pdf: bytes, *, width: int = THUMBNAIL_WIDTH) -> bytes | None:
    """Page 1 as a PNG ``width`` pixels wide, or None when pdftoppm is missing or fails."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        logger.warning("pdftoppm is not installed: no thumbnail (apt-get install poppler-utils)")
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "paper.pdf"
        source.write_bytes(pdf)
        out = Path(folder) / "page"
        command = [tool, "-png", "-f", "1", "-l", "1", "-singlefile"]
        command += ["-scale-to-x", str(width), "-scale-to-y", "-1", str(source), str(out)]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=30)  # noqa: S603
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            logger.exception("pdftoppm could not draw page 1")
            return None
        return (Path(folder) / "page.png").read_bytes()
