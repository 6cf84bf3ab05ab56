"""The marked blocks of docs/performance.md that each benchmark writes itself.

A benchmark's figures sit between ``<!-- bench_NAME:start -->`` and ``<!-- bench_NAME:end -->``;
a run replaces its own block and nothing else (a block not there yet is added at the end), so the
figures in the document are always the last run's, dated, with the load it ran under. ``--no-docs``
on the command line prints the block without writing it.
"""

from __future__ import annotations

import os
import platform
from datetime import date
from pathlib import Path

import django

DOCS = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


def markers(name: str) -> tuple[str, str]:
    return f"<!-- bench_{name}:start -->", f"<!-- bench_{name}:end -->"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A markdown table (cells are written as given: no pipes in them)."""
    lines = ["| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def stamp(command: str, vendor: str, before: tuple[float, ...]) -> str:
    """Who wrote the block, when, on what, and the load before and after."""
    after = os.getloadavg()
    return (
        f"Written by `{command}` on {date.today():%d/%m/%Y} ({vendor}, Python "
        f"{platform.python_version()}, Django {django.get_version()}). Load average (1/5/15 min) "
        f"{before[0]:.2f} / {before[1]:.2f} / {before[2]:.2f} before, "
        f"{after[0]:.2f} / {after[1]:.2f} / {after[2]:.2f} after."
    )


def block(name: str, lines: list[str]) -> str:
    start, end = markers(name)
    return "\n".join([start, *lines, end])


def write(name: str, lines: list[str], argv: list[str], docs: Path | None = None) -> None:
    """Print the block and, unless ``--no-docs`` is given, put it in docs/performance.md."""
    text_block = block(name, lines)
    print("\n" + text_block)
    if "--no-docs" in argv:
        return
    replace(name, text_block, docs)
    print(f"written to {(docs or DOCS).name}")


def replace(name: str, text_block: str, docs: Path | None = None) -> None:
    """Put ``text_block`` in place of the named block of ``docs`` (docs/performance.md)."""
    docs = docs or DOCS
    start, end = markers(name)
    text = docs.read_text()
    if start in text and end in text:
        text = text[: text.index(start)] + text_block + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip("\n") + "\n\n" + text_block + "\n"
    docs.write_text(text)
