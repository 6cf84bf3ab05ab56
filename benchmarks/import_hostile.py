"""Hostile files for the importer's limits (used by bench_import_limits and the tests): each is
small on disk and asks the reader for far more than it may do."""

from __future__ import annotations

import io
import re
import zipfile


def _workbook() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Ref", "Action", "Lead"])
    ws.append(["1", "Do it", "Police"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rewrite_sheet(data: bytes, change) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst,
    ):
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                change(dst, info.filename, body)
            else:
                dst.writestr(info, body)
    return out.getvalue()


def merged_range_bomb() -> bytes:
    """One merged range over a whole sheet (17 billion cells) in a file of a few KB."""

    def change(dst: zipfile.ZipFile, name: str, body: bytes) -> None:
        merge = b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
        dst.writestr(name, body.replace(b"</sheetData>", b"</sheetData>" + merge, 1))

    return _rewrite_sheet(_workbook(), change)


def zip_bomb(megabytes: int = 120) -> bytes:
    """A sheet that unpacks to ``megabytes`` MB of XML (a few hundred KB packed)."""

    def change(dst: zipfile.ZipFile, name: str, body: bytes) -> None:
        head, tail = body.split(b"</sheetData>", 1)
        with dst.open(name, "w", force_zip64=True) as stream:
            stream.write(head)
            filler = b" " * (1 << 20)
            for _ in range(megabytes):
                stream.write(filler)
            stream.write(b"</sheetData>" + tail)

    return _rewrite_sheet(_workbook(), change)


def cell_bomb(cells: int = 2_000_000) -> bytes:
    """A sheet of two million empty cells on one row: small packed, huge as objects."""

    def change(dst: zipfile.ZipFile, name: str, body: bytes) -> None:
        head, tail = body.split(b"</sheetData>", 1)
        head = re.sub(rb"<sheetData>.*", b"<sheetData>", head, flags=re.S)
        with dst.open(name, "w") as stream:
            stream.write(head + b'<row r="3">')
            stream.write(b"<c/>" * cells)
            stream.write(b"</row></sheetData>" + tail)

    return _rewrite_sheet(_workbook(), change)


def many_pages_pdf(pages: int = 2000) -> bytes:
    """A PDF of ``pages`` blank pages."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


HOSTILE = {
    "merged range over a whole sheet": (merged_range_bomb, "limit.xlsx"),
    "zip bomb (120 MB of XML)": (zip_bomb, "bomb.xlsx"),
    "two million cells": (cell_bomb, "cells.xlsx"),
    "2,000-page PDF": (many_pages_pdf, "huge.pdf"),
}
