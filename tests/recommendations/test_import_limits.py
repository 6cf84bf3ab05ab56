"""Hostile files are refused before the work, with a message, in little memory (timings are in
benchmarks/bench_import_limits.py, never asserted here)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.import_hostile import (
    HOSTILE,
    cell_bomb,
    many_pages_pdf,
    merged_range_bomb,
    zip_bomb,
)
from recommendations.plan_import import parse_file

MEMORY_BOUND_KB = 300 * 1024
CHILD = """
import os, resource, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")
django.setup()
from recommendations.plan_import import parse_file
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
result = parse_file(open(sys.argv[1], "rb").read(), sys.argv[2])
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(after - before)
print(result.errors[0].message if result.errors else "")
"""


def parse_measured(data: bytes, name: str, tmp_path, **env: str) -> tuple[str, int]:
    """(first error, KB the parse added to the peak memory) of parsing in a fresh process."""
    path = tmp_path / name
    path.write_bytes(data)
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), name],
        capture_output=True,
        text=True,
        cwd=root,
        env={**os.environ, "DEBUG": "true", "PYTHONPATH": str(root), **env},
        timeout=120,
        check=True,
    )
    grown, message = done.stdout.strip().split("\n", 1)
    return message, int(grown)


def test_one_merged_range_over_the_whole_sheet_is_refused_small(tmp_path):
    data = merged_range_bomb()
    assert len(data) < 10_000
    message, grown = parse_measured(data, "tracker.xlsx", tmp_path)
    assert "merges 17,179,869,184 cells (the limit is 50,000)" in message
    assert grown < 50 * 1024


def test_a_zip_bomb_is_refused_from_the_zip_directory(tmp_path):
    message, grown = parse_measured(zip_bomb(120), "bomb.xlsx", tmp_path)
    assert "unpacks to 120 MB (the limit is 80 MB)" in message
    assert grown < MEMORY_BOUND_KB


def test_a_sheet_of_millions_of_cells_is_refused_while_streaming(tmp_path):
    message, grown = parse_measured(cell_bomb(), "cells.xlsx", tmp_path)
    assert "more than 250,000 cells" in message
    assert grown < MEMORY_BOUND_KB


def test_a_pdf_with_too_many_pages_is_refused(tmp_path):
    message, grown = parse_measured(many_pages_pdf(41), "huge.pdf", tmp_path, IMPORT_MAX_PAGES="40")
    assert message.startswith("The PDF has 41 pages; the limit is 40.")
    assert grown < MEMORY_BOUND_KB


def test_limits_are_read_from_settings_at_the_time_of_the_import(settings):
    from tests.recommendations.import_files import tracker_xlsx

    settings.IMPORT_MAX_MERGED_CELLS = 5  # the tracker merges a title across six cells
    result = parse_file(tracker_xlsx(), "tracker.xlsx")
    assert not result.ok and "(the limit is 5)" in result.errors[0].message
    settings.IMPORT_MAX_MERGED_CELLS = 10**12
    settings.IMPORT_MAX_ROWS = 100
    result = parse_file(merged_range_bomb(), "tracker.xlsx")
    assert not result.ok and "goes down to row 1,048,576" in result.errors[0].message
    settings.IMPORT_MAX_BYTES = 1000
    result = parse_file(b"Ref,Action\n" + b"1,x\n" * 400, "plan.csv")
    assert not result.ok and result.errors[0].message.startswith("The file is 0.0 MB")


def test_parse_time_is_bounded(settings):
    settings.IMPORT_MAX_SECONDS = 0
    from tests.recommendations.import_files import html_table, pdf_from_html, police_pdf_rows

    data = pdf_from_html(
        html_table("T", ["Ref", "Action", "Lead", "Target", "Status"], police_pdf_rows(3))
    )
    result = parse_file(data, "slow.pdf")
    assert not result.ok and "took longer than 0 seconds" in result.errors[0].message


@pytest.mark.parametrize("what", sorted(HOSTILE))
def test_every_hostile_file_gets_a_message_not_a_traceback(what):
    build, name = HOSTILE[what]
    result = parse_file(build(), name)
    assert not result.ok
    assert "could not be parsed" not in result.errors[0].message
