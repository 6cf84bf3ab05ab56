"""Read an uploaded file into paragraphs and table chunks (see ``blocks``): one module per
format, chosen here."""

from __future__ import annotations

from .colours import rag_from_colour
from .detect import FORMATS, MAX_BYTES, MAX_ROWS, decode_text, detect_format, paper_marking
from .docx import read_docx
from .html import read_html
from .pdf import read_pdf
from .result import ImportFileError
from .spreadsheet import read_csv, read_xlsx
from .text import read_text

__all__ = ["FORMATS", "MAX_BYTES", "MAX_ROWS", "paper_marking", "rag_from_colour", "read_blocks"]


def read_blocks(data: bytes, filename: str, fmt: str | None = None) -> tuple[str, list]:
    """Detect the format and read the file; returns (format, blocks)."""
    if fmt and fmt not in FORMATS:
        raise ImportFileError(f"Unknown format {fmt!r}; use one of {', '.join(FORMATS)}.")
    kind = detect_format(data, filename, fmt)
    if kind == "xlsx":
        return kind, read_xlsx(data)
    if kind == "docx":
        return kind, read_docx(data)
    if kind == "pdf":
        return kind, read_pdf(data)
    text = decode_text(data, filename)
    if kind == "csv":
        return kind, read_csv(text)
    if kind == "html":
        return kind, read_html(text)
    return kind, read_text(text)
