"""Read an uploaded file into paragraphs and table chunks (see ``blocks``)."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
import zipfile
from html.parser import HTMLParser

from .blocks import Chunk, Para, RawRow
from .columns import map_columns, person_field_for
from .result import ImportFileError

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000
MAX_UNZIPPED = 200 * 1024 * 1024

FORMATS = ("csv", "tsv", "markdown", "text", "html", "xlsx", "docx")

_MAGIC = [
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"%PDF", "a PDF document"),
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
    return bool(MARKING_RE.match(line.strip()))


# --------------------------------------------------------------------------- detection


def _extension(filename: str) -> str:
    name = (filename or "").lower().rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1] if "." in name else ""


def detect_format(data: bytes, filename: str, fmt: str | None = None) -> str:
    """ "xlsx", "docx", "csv", "html" or "text" (tab-separated and Markdown tables)."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            f"The file is {len(data) / 1048576:.1f} MB; the limit is {MAX_BYTES // 1048576} MB."
        )
    if not data.strip():
        raise ImportFileError("The file is empty.")
    ext = _extension(filename)
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
                if sum(i.file_size for i in zf.infolist()) > MAX_UNZIPPED:
                    raise ImportFileError("The file unpacks to more than 200 MB; refused.")
        except zipfile.BadZipFile as exc:
            raise ImportFileError(
                f"{filename or 'The file'} is a damaged zip/Office file."
            ) from exc
        if "word/document.xml" in names:
            found = "docx"
        elif "xl/workbook.xml" in names:
            found = "xlsx"
        else:
            raise ImportFileError(
                f"{filename or 'The file'} is a zip archive, not an Excel (.xlsx) or Word "
                "(.docx) file."
            )
        if fmt and fmt != found:
            raise ImportFileError(f"{filename or 'The file'} is a .{found} file, not {fmt}.")
        return found
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ImportFileError(
                f"{filename or 'The file'} is {what}, not a spreadsheet, Word document or text "
                "table. Upload .xlsx, .docx, .csv or a text/HTML file."
            )
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
    if ext in ("html", "htm") or re.search(rb"(?i)<table\b", data[:MAX_BYTES]):
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


# --------------------------------------------------------------------------- colours


def rag_from_colour(colour: str | None) -> str:
    """RED / AMBER / GREEN / BLUE for a cell fill such as "FF0000" or "FFC7CE" ("" if none)."""
    if not colour or not isinstance(colour, str):
        return ""
    c = colour.strip().lstrip("#")
    named = {
        "red": "RED",
        "amber": "AMBER",
        "orange": "AMBER",
        "yellow": "AMBER",
        "green": "GREEN",
        "lime": "GREEN",
        "blue": "BLUE",
    }
    if c.lower() in named:
        return named[c.lower()]
    if len(c) == 8:  # ARGB
        c = c[2:]
    if not re.fullmatch(r"[0-9a-fA-F]{6}", c):
        return ""
    r, g, b = (int(c[i : i + 2], 16) for i in (0, 2, 4))
    if max(r, g, b) - min(r, g, b) < 40:  # white, grey, black: no rating
        return ""
    if r >= 180 and g < 170 and b < 170 and r - g > 60:
        return "AMBER" if g >= 100 and b < 80 else "RED"
    if r >= 180 and g >= 150 and b < 140:
        return "AMBER"
    if g >= 100 and g > r + 30 and g >= b:
        return "GREEN"
    if b >= 120 and b > r + 30 and b > g:
        return "BLUE"
    return ""


# --------------------------------------------------------------------------- text


def _split_pipe_row(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", s)]


def _is_separator(line: str) -> bool:
    s = line.strip()
    return "-" in s and not re.sub(r"[|:\-\s]", "", s)


def _same_header(a: list[str], b: list[str]) -> bool:
    def norm(cells: list[str]) -> list[str]:
        out = [re.sub(r"\s+", " ", c).strip().lower() for c in cells]
        while out and not out[-1]:
            out.pop()
        return out

    return bool(norm(a)) and norm(a) == norm(b)


def read_text(text: str) -> list[Para | Chunk]:
    """Tab-separated and Markdown pipe tables among paragraphs of text.

    Blank lines and marking lines inside a tab table are page breaks (they do not end it);
    a repeated header row is dropped; any other text line ends the table.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Para | Chunk] = []
    tab: Chunk | None = None
    brk = False
    i = 0
    while i < len(lines):
        line = lines[i]
        s = line.strip()
        if not s or is_marking(s):
            brk = True
            i += 1
            continue
        if s.startswith("|"):
            tab = None
            start = i
            block = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                block.append((i + 1, lines[i]))
                i += 1
            header = _split_pipe_row(block[0][1])
            rows = []
            for lineno, raw in block[1:]:
                if _is_separator(raw):
                    continue
                rows.append(RawRow(_split_pipe_row(raw), lineno))
            continues = not any(h for h in header)
            if rows and continues:
                rows[0].after_break = True
            blocks.append(Chunk(header, rows, start + 1, "markdown", continues=continues))
            brk = False
            continue
        if "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
            if tab is None:
                tab = Chunk(cells, [], i + 1, "tsv")
                blocks.append(tab)
                brk = False
            elif _same_header(cells, tab.header):
                brk = True
            else:
                tab.rows.append(RawRow(cells, i + 1, after_break=brk))
                brk = False
            i += 1
            continue
        tab = None
        blocks.append(Para(s, i + 1))
        i += 1
    return blocks


# --------------------------------------------------------------------------- HTML

_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "section", "article", "blockquote", "pre"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_VOID = {"br", "img", "hr", "meta", "link", "input", "col", "wbr", "area", "base", "source"}


def _style_colour(attrs: dict[str, str | None]) -> str:
    if attrs.get("bgcolor"):
        return attrs["bgcolor"] or ""
    m = re.search(r"background(?:-color)?\s*:\s*(#?[0-9a-zA-Z]+)", attrs.get("style") or "")
    return m.group(1) if m else ""


class _HTMLTables(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Para | Chunk] = []
        self.text: list[str] = []
        self.depth = 0  # table nesting
        self.rows: list[list[tuple[str, int, int, str]]] = []  # (html, rowspan, colspan, fill)
        self.row_lines: list[int] = []
        self.row: list[tuple[str, int, int, str]] | None = None
        self.cell: list[str] | None = None
        self.cell_attrs: dict[str, str | None] = {}
        self.table_line = 0
        self.heading = False

    # text outside tables -------------------------------------------------
    def _flush(self) -> None:
        s = re.sub(r"\s+", " ", "".join(self.text)).strip()
        self.text = []
        if s:
            self.blocks.append(Para(("# " + s) if self.heading else s, self.getpos()[0]))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            if self.depth == 0:
                self._flush()
                self.rows, self.row_lines, self.table_line = [], [], self.getpos()[0]
            self.depth += 1
            if self.depth > 1 and self.cell is not None:
                self.cell.append(" ")
            return
        if self.depth == 1:
            if tag == "tr":
                self.row = []
                self.row_lines.append(self.getpos()[0])
                return
            if tag in ("td", "th") and self.row is not None:
                self.cell = []
                self.cell_attrs = dict(attrs)
                return
        if self.depth >= 1:
            if self.cell is not None:
                self.cell.append(self.get_starttag_text() or "")
            return
        if tag in _HEADINGS:
            self._flush()
            self.heading = True
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth >= 1 and self.cell is not None:
            self.cell.append(self.get_starttag_text() or "")
        elif self.depth == 0 and tag in _BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.depth:
            self.depth -= 1
            if self.depth == 0:
                self._finish_table()
            return
        if self.depth == 1:
            if tag in ("td", "th") and self.cell is not None and self.row is not None:
                a = self.cell_attrs
                self.row.append(
                    (
                        "".join(self.cell).strip(),
                        _int(a.get("rowspan")),
                        _int(a.get("colspan")),
                        _style_colour(a),
                    )
                )
                self.cell = None
                return
            if tag == "tr" and self.row is not None:
                self.rows.append(self.row)
                self.row = None
                return
        if self.depth >= 1:
            if self.cell is not None and tag not in _VOID:
                self.cell.append(f"</{tag}>")
            return
        if tag in _HEADINGS:
            self._flush()
            self.heading = False
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.depth >= 1:
            if self.cell is not None:
                self.cell.append(html.escape(data, quote=False))
        else:
            self.text.append(data)

    def _finish_table(self) -> None:
        if self.row is not None:  # unclosed <tr>
            self.rows.append(self.row)
            self.row = None
        grid = _spans_to_grid(self.rows)
        if not grid:
            return
        rows = [
            RawRow([c for c, _ in cells], line, fills=[rag_from_colour(f) for _, f in cells])
            for cells, line in zip(grid[1:], self.row_lines[1:], strict=False)
        ]
        header = [c for c, _ in grid[0]]
        self.blocks.append(Chunk(header, rows, self.table_line, "html"))

    def close(self) -> None:
        super().close()
        if self.depth:
            self.depth = 1
            self._finish_table()
        self._flush()


def _int(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def _spans_to_grid(
    rows: list[list[tuple[str, int, int, str]]],
) -> list[list[tuple[str, str]]]:
    """Lay out cells with rowspan (value repeated down) and colspan (blank to the right)."""
    grid: list[list[tuple[str, str]]] = []
    pending: dict[int, tuple[int, str, str]] = {}  # column -> (rows left, value, fill)
    for row in rows:
        out: dict[int, tuple[str, str]] = {}
        col = 0
        cells = list(row)
        while cells or any(c >= col for c in pending):
            if col in pending:
                left, value, fill = pending[col]
                out[col] = (value, fill)
                if left <= 1:
                    del pending[col]
                else:
                    pending[col] = (left - 1, value, fill)
                col += 1
                continue
            if not cells:
                col += 1
                continue
            value, rowspan, colspan, fill = cells.pop(0)
            out[col] = (value, fill)
            if rowspan > 1:
                pending[col] = (rowspan - 1, value, fill)
            for extra in range(1, colspan):
                out[col + extra] = ("", "")
            col += colspan
        width = max(out) + 1 if out else 0
        grid.append([out.get(i, ("", "")) for i in range(width)])
    return grid


def read_html(text: str) -> list[Para | Chunk]:
    parser = _HTMLTables()
    parser.feed(text)
    parser.close()
    return parser.blocks


# --------------------------------------------------------------------------- CSV / XLSX


def _find_header(rows: list[list[str]]) -> int:
    """Index of the header row: the first (of the first 30) naming two known columns."""
    for i, row in enumerate(rows[:30]):
        fields, _ = map_columns(row)
        known = {f for f in fields if f}
        people = {person_field_for(c) for c in row if c}
        if len(known) >= 2 or {"name", "initials"} <= people:
            return i
    for i, row in enumerate(rows):
        if any(c.strip() for c in row):
            return i
    return 0


def _rows_to_blocks(
    rows: list[list[str]],
    lines: list[int],
    kind: str,
    fills: list[list[str]] | None = None,
    title: str = "",
) -> list[Para | Chunk]:
    if not rows:
        return []
    h = _find_header(rows)
    blocks: list[Para | Chunk] = [
        Para(" ".join(c for c in r if c), lines[i]) for i, r in enumerate(rows[:h]) if any(r)
    ]
    if title:
        blocks.insert(0, Para("# " + title, lines[0]))
    body = [
        RawRow(r, lines[i], fills=fills[i] if fills else None) for i, r in enumerate(rows) if i > h
    ]
    blocks.append(Chunk(rows[h], body, lines[h], kind, mergeable=False, title=title))
    return blocks


_GUARDED = re.compile(r"^'(?=[=+\-@\t\r])")


def _unguard(cell: str) -> str:
    """Undo the quote our exports (recommendations.exports.guard) put before a cell starting
    with = + - @ (which spreadsheet programs would otherwise run as a formula)."""
    return _GUARDED.sub("", cell)


def read_csv(text: str) -> list[Para | Chunk]:
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        for row in reader:
            if len(rows) > MAX_ROWS + 50:
                raise ImportFileError(f"The file has more than {MAX_ROWS} rows; split it up.")
            rows.append([_unguard(c.strip()) for c in row])
            lines.append(reader.line_num)
    except csv.Error as exc:
        raise ImportFileError(f"The CSV file cannot be read: {exc}.") from exc
    return _rows_to_blocks(rows, lines, "csv")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _unguard(str(value).strip())


def read_xlsx(data: bytes) -> list[Para | Chunk]:
    import openpyxl  # openpyxl reads XML through defusedxml when it is installed

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ImportFileError(f"The Excel file cannot be read ({exc.__class__.__name__}).") from exc
    blocks: list[Para | Chunk] = []
    for ws in wb.worksheets:
        if ws.max_row > MAX_ROWS + 50:
            raise ImportFileError(
                f'Sheet "{ws.title}" has {ws.max_row} rows; the limit is {MAX_ROWS}.'
            )
        width = ws.max_column
        values: dict[tuple[int, int], str] = {}
        fills: dict[tuple[int, int], str] = {}
        for row in ws.iter_rows():
            for cell in row:
                if not hasattr(cell, "column"):
                    continue
                values[(cell.row, cell.column)] = _cell_text(cell.value)
                fill = getattr(cell, "fill", None)
                if fill is not None and fill.fill_type == "solid":
                    rgb = getattr(fill.fgColor, "rgb", None)
                    fills[(cell.row, cell.column)] = rag_from_colour(
                        rgb if isinstance(rgb, str) else None
                    )
        for rng in ws.merged_cells.ranges:  # repeat the value down, not across
            top = values.get((rng.min_row, rng.min_col), "")
            fill = fills.get((rng.min_row, rng.min_col), "")
            for r in range(rng.min_row + 1, rng.max_row + 1):
                values[(r, rng.min_col)] = top
                fills[(r, rng.min_col)] = fill
        rows, lines, row_fills = [], [], []
        for r in range(1, ws.max_row + 1):
            cells = [values.get((r, c), "") for c in range(1, width + 1)]
            if not any(cells):
                continue
            rows.append(cells)
            lines.append(r)
            row_fills.append([fills.get((r, c), "") for c in range(1, width + 1)])
        if rows:
            blocks.extend(_rows_to_blocks(rows, lines, "xlsx", row_fills, title=ws.title))
    return blocks


# --------------------------------------------------------------------------- DOCX


def _docx_cell_html(tc: object) -> str:
    from docx.oxml.ns import qn

    paras: list[str] = []
    for p in tc.iterchildren(qn("w:p")):  # type: ignore[attr-defined]
        parts: list[tuple[bool, str]] = []
        for r in p.iter(qn("w:r")):
            strike = False
            rpr = r.find(qn("w:rPr"))
            if rpr is not None:
                for tag in ("w:strike", "w:dstrike"):
                    el = rpr.find(qn(tag))
                    if el is not None and el.get(qn("w:val")) not in ("0", "false", "off"):
                        strike = True
            text = []
            for child in r:
                if child.tag == qn("w:t"):
                    text.append(html.escape(child.text or "", quote=False))
                elif child.tag == qn("w:tab"):
                    text.append(" ")
                elif child.tag in (qn("w:br"), qn("w:cr")):
                    text.append("<br>")
            if text:
                parts.append((strike, "".join(text)))
        out = ""
        for strike, text in parts:
            out += f"<del>{text}</del>" if strike else text
        out = out.replace("</del><del>", "").strip()
        if out:
            paras.append(out)
    if len(paras) <= 1:
        return paras[0] if paras else ""
    return "".join(f"<p>{p}</p>" for p in paras)


def read_docx(data: bytes) -> list[Para | Chunk]:
    import docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a broken file
        raise ImportFileError(f"The Word file cannot be read ({exc.__class__.__name__}).") from exc
    blocks: list[Para | Chunk] = []
    body = document.element.body
    n_para = 0
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            n_para += 1
            text = "".join(t.text or "" for t in child.iter(qn("w:t"))).strip()
            if not text:
                continue
            style = child.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            name = (style.get(qn("w:val")) or "") if style is not None else ""
            heading = name.lower().startswith(("heading", "title"))
            blocks.append(Para(("# " + text) if heading else text, n_para))
        elif child.tag == qn("w:tbl"):
            grid: list[list[str]] = []
            grid_fills: list[list[str]] = []
            for tr in child.iterchildren(qn("w:tr")):
                row: dict[int, str] = {}
                fills: dict[int, str] = {}
                col = 0
                for tc in tr.iterchildren(qn("w:tc")):
                    span = getattr(tc, "grid_span", 1) or 1
                    vmerge = getattr(tc, "vMerge", None)
                    shd = tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
                    fill = rag_from_colour(shd.get(qn("w:fill")) if shd is not None else None)
                    if vmerge == "continue" and grid:  # vertical merge: the cell above
                        row[col] = grid[-1][col] if col < len(grid[-1]) else ""
                        fill = fill or (grid_fills[-1][col] if col < len(grid_fills[-1]) else "")
                    else:
                        row[col] = _docx_cell_html(tc)
                    fills[col] = fill
                    for extra in range(1, span):
                        row[col + extra] = ""
                        fills[col + extra] = ""
                    col += span
                width = max(row) + 1 if row else 0
                grid.append([row.get(i, "") for i in range(width)])
                grid_fills.append([fills.get(i, "") for i in range(width)])
            if len(grid) > MAX_ROWS + 50:
                raise ImportFileError(f"A table has more than {MAX_ROWS} rows; split it up.")
            if grid:
                rows = [
                    RawRow(cells, i + 2, fills=grid_fills[i + 1])
                    for i, cells in enumerate(grid[1:])
                ]
                blocks.append(Chunk(grid[0], rows, 1, "docx"))
    return blocks


def read_blocks(data: bytes, filename: str, fmt: str | None = None) -> tuple[str, list]:
    """Detect the format and read the file; returns (format, blocks)."""
    if fmt and fmt not in FORMATS:
        raise ImportFileError(f"Unknown format {fmt!r}; use one of {', '.join(FORMATS)}.")
    kind = detect_format(data, filename, fmt)
    if kind == "xlsx":
        return kind, read_xlsx(data)
    if kind == "docx":
        return kind, read_docx(data)
    text = decode_text(data, filename)
    if kind == "csv":
        return kind, read_csv(text)
    if kind == "html":
        return kind, read_html(text)
    return kind, read_text(text)
