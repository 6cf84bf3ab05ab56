"""What kind of file an upload is, its text encoding and the paper's protective marking."""

from __future__ import annotations

import io
import re
import zipfile

from .limits import MAX_BYTES, MAX_ROWS, current_limits
from .result import ImportFileError

FORMATS = ("csv", "tsv", "markdown", "text", "html", "xlsx", "docx", "pdf")

_MAGIC = [
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\xd0\xcf\x11\xe0", "an old-style Office file (.xls/.doc); save it as .xlsx or .docx"),
    (b"Rar!", "a RAR archive"),
    (b"\x1f\x8b", "a gzip archive"),
]

MARKING_RE = re.compile(
    r"^[*_\s]*(NOT PROTECTIVELY MARKED|OFFICIAL(?:[\s\-]+SENSITIVE)?|PROTECT|RESTRICTED"
    r"|This page is intentionally left blank|Page \d+(?: of \d+)?)[*_\s]*$",
    re.I,
)


_PAPER_MARKING_RE = re.compile(
    r"^[*_\s]*(NOT PROTECTIVELY MARKED|OFFICIAL[\s\-]+SENSITIVE|OFFICIAL)[*_\s]*$", re.I | re.M
)


def paper_marking(data: bytes) -> str:
    """The protective marking the paper prints on its own lines (the highest, if several), so
    an import keeps "NOT PROTECTIVELY MARKED" or "OFFICIAL-SENSITIVE" instead of a default."""
    from recommendations.markings import Marking

    text = data[:2_000_000].decode("utf-8", errors="ignore")
    found = {
        " ".join(m.replace("-", " ").split())
        .upper()
        .replace("OFFICIAL SENSITIVE", "OFFICIAL-SENSITIVE")
        for m in _PAPER_MARKING_RE.findall(text)
    }
    return str(Marking.highest(found)) if found else ""


def is_marking(line: str) -> bool:
    """Protective marking and page furniture repeated on every page."""
    return bool(MARKING_RE.match(" ".join(line.split())))


# --------------------------------------------------------------------------- detection


def _extension(filename: str) -> str:
    name = (filename or "").lower().rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1] if "." in name else ""


def _zip_format(data: bytes, filename: str, fmt: str | None, max_unzipped: int) -> str:
    """ "xlsx" or "docx" for an Office file, whose contents unpack within the limit."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            unpacked = sum(i.file_size for i in zf.infolist())
            if unpacked > max_unzipped:
                raise ImportFileError(
                    f"The file unpacks to {unpacked / 1048576:.0f} MB (the limit is "
                    f"{max_unzipped / 1048576:.0f} MB); refused."
                )
    except zipfile.BadZipFile as exc:
        raise ImportFileError(f"{filename or 'The file'} is a damaged zip/Office file.") from exc
    if "word/document.xml" in names:
        found = "docx"
    elif "xl/workbook.xml" in names:
        found = "xlsx"
    else:
        raise ImportFileError(
            f"{filename or 'The file'} is a zip archive, not an Excel (.xlsx) or Word (.docx) file."
        )
    if fmt and fmt != found:
        raise ImportFileError(f"{filename or 'The file'} is a .{found} file, not {fmt}.")
    return found


def detect_format(data: bytes, filename: str, fmt: str | None = None) -> str:
    """ "xlsx", "docx", "csv", "html" or "text" (tab-separated and Markdown tables)."""
    limits = current_limits()
    if len(data) > limits.max_bytes:
        raise ImportFileError(
            f"The file is {len(data) / 1048576:.1f} MB; the limit is "
            f"{limits.max_bytes / 1048576:.0f} MB."
        )
    if not data.strip():
        raise ImportFileError("The file is empty.")
    ext = _extension(filename)
    if data[:4] == b"PK\x03\x04":
        return _zip_format(data, filename, fmt, limits.max_unzipped_bytes)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ImportFileError(
                f"{filename or 'The file'} is {what}, not a spreadsheet, Word document or text "
                "table. Upload .xlsx, .docx, .pdf, .csv or a text/HTML file."
            )
    if data[:5] == b"%PDF-":
        if fmt and fmt != "pdf":
            raise ImportFileError(f"{filename or 'The file'} is a PDF document, not {fmt}.")
        return "pdf"
    if ext == "pdf" or fmt == "pdf":
        raise ImportFileError(f"{filename or 'The file'} is named .pdf but is not a PDF document.")
    if ext in ("xlsx", "xlsm", "docx") or fmt in ("xlsx", "docx"):
        raise ImportFileError(
            f"{filename or 'The file'} is named .{ext or fmt} but is not an Excel/Word file."
        )
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 ("Unicode text" from Excel)
        if fmt:
            return {"tsv": "text", "markdown": "text"}.get(fmt, fmt)
        return "csv" if ext == "csv" else "text"
    if b"\x00" in data[:8192]:
        raise ImportFileError(f"{filename or 'The file'} is a binary file, not a table.")
    if fmt:
        return {"tsv": "text", "markdown": "text"}.get(fmt, fmt)
    if ext in ("csv",):
        return "csv"
    if ext in ("html", "htm") or re.search(rb"(?i)<table\b", data[: limits.max_bytes]):
        return "html"
    return "text"


def decode_text(data: bytes, filename: str = "") -> str:
    """UTF-8 (a BOM is dropped), UTF-16 with a BOM, else Windows-1252; anything else is a
    clear error."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportFileError(f"{filename or 'The file'} is damaged UTF-16 text.") from exc
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        f"{filename or 'The file'} is not UTF-8 or Windows-1252 text; save it as UTF-8 "
        '("CSV UTF-8" in Excel) and upload it again.'
    )


__all__ = ["FORMATS", "MAX_BYTES", "MAX_ROWS", "decode_text", "detect_format", "paper_marking"]
