"""From table chunks to rows: the artefacts of paper (page breaks, repeated headers, marking
lines, rows split across pages, spanning cells, numbered headings) are undone here."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from recommendations.dates import parse_fuzzy_date
from recommendations.richtext import clean_html, dangerous_markup, html_to_text, plain

from .blocks import Chunk, Heading, Para, RawRow, RawTable
from .columns import FIELDS, RICH_FIELDS, map_columns, normalise_header, person_field_for
from .formats import MAX_ROWS
from .leads import split_leads
from .result import (
    ImportProblem,
    ParsedPerson,
    ParsedPoint,
    ParsedRow,
    ParsedSection,
    ParseResult,
)

_NUMBERED_HEADING = re.compile(r"^(\d{1,2})[.)]\s+(\S.{0,180})$")
_SENTENCE_END = re.compile(r"[.!?:;)\]\"'”’]\s*$")
RAG_LETTERS = {"R": "RED", "A": "AMBER", "G": "GREEN", "B": "BLUE"}


def _strip_md(s: str) -> str:
    return re.sub(r"\*\*|__", "", s).strip()


# --------------------------------------------------------------------------- assembling


def assemble(blocks: list[Para | Chunk]) -> list[RawTable]:
    """Join table chunks that continue one another, attach numbered headings as sections."""
    tables: list[RawTable] = []
    pending: Heading | None = None
    last_text = ""
    last: RawTable | None = None
    last_number: int | None = None  # number of the last numbered paragraph since a table
    for block in blocks:
        if isinstance(block, Para):
            text = block.text
            is_md_heading = text.startswith("#")
            body = _strip_md(text.lstrip("#").strip())
            m = _NUMBERED_HEADING.match(body) if len(body) <= 150 else None
            number = re.match(r"^(\d{1,2})[.)]\s", body)
            if number and last_number is not None and int(number.group(1)) == last_number + 1:
                pending = None  # "2." after "1.": a numbered list, not a section heading
            elif m:
                pending = Heading(m.group(1), m.group(2).strip().rstrip("."), [], block.line)
            elif is_md_heading:
                pending = None
            elif pending is not None:
                pending.narrative.append(body)
            if number:
                last_number = int(number.group(1))
            last_text = body
            continue
        chunk = block
        same = (
            last is not None
            and chunk.mergeable
            and last.kind == chunk.kind
            and (
                (chunk.continues and len(chunk.header) == len(last.header))
                or _norm_header(chunk.header) == _norm_header(last.header)
                and any(h.strip() for h in chunk.header)
            )
        )
        if same and last is not None:
            section = len(last.sections) - 1 if last.sections else None
            if pending is not None:
                last.sections.append(pending)
                section = len(last.sections) - 1
                for row in chunk.rows[:1]:
                    row.after_break = False
            elif chunk.rows and not chunk.continues:
                chunk.rows[0].after_break = True
            for row in chunk.rows:
                row.section = section
            last.rows.extend(chunk.rows)
        else:
            last = RawTable(
                chunk.header, list(chunk.rows), chunk.line, chunk.kind, chunk.title or last_text
            )
            if pending is not None:
                last.sections.append(pending)
                for row in last.rows:
                    row.section = 0
            tables.append(last)
        pending = None
        last_number = None
    return tables


def _norm_header(cells: list[str]) -> list[str]:
    out = [normalise_header(c) for c in cells]
    while out and not out[-1]:
        out.pop()
    return out


# --------------------------------------------------------------------------- merging


def join_fragments(a: str, b: str) -> str:
    """Append the text of a cell continued on the next page to the first part.

    A paragraph broken mid-sentence is joined back into one paragraph."""
    a, b = a.strip(), b.strip()
    if not a:
        return b
    if not b:
        return a
    if a.lower().endswith("</p>"):
        last = plain(a[a.lower().rfind("<p>") :])
        b_is_para = b.lower().startswith("<p>")
        if _SENTENCE_END.search(last):
            return f"{a} {b}" if b_is_para else f"{a} <p>{b}</p>"
        if b_is_para:
            return f"{a[:-4]} {b[3:]}"
        return f"{a[:-4]} {b}</p>"
    if b.lower().startswith("<p>") and not a.lower().startswith("<p>"):
        return f"<p>{a}</p> {b}" if _SENTENCE_END.search(plain(a)) else f"<p>{a} {b[3:]}"
    return f"{a} {b}"


@dataclass
class _Logical:
    cells: list[str]
    fills: list[str]
    line: int
    section: int | None
    section_value: str = ""


# --------------------------------------------------------------------------- numbering

_LEADING_NUMBER = re.compile(r"^(\s*(?:<(?:p|b|strong|em|i|u|span)>\s*)*)(\d{1,3})[.)]\s+", re.I)


def split_numbered(text_html: str) -> list[tuple[int | None, str]]:
    """Split a cell holding several numbered recommendations ("4. ... 5. ...") at paragraphs
    that start with the next number. Returns [(number or None, html without the number)]."""
    if "<p>" in text_html.lower():
        paras = [p for p in re.split(r"(?i)(?=<p>)", text_html) if p.strip()]
    else:
        paras = [p for p in text_html.split("<br>") if p.strip()] or [text_html]
        if len(paras) > 1:
            paras = [f"{p}<br>" if i < len(paras) - 1 else p for i, p in enumerate(paras)]
    groups: list[tuple[int | None, list[str]]] = []
    for para in paras:
        m = _LEADING_NUMBER.match(para)
        n = int(m.group(2)) if m else None
        if m and (not groups or (groups[-1][0] is not None and n == groups[-1][0] + 1)):
            groups.append((n, [para[: m.start(2)] + para[m.end() :]]))
        elif groups:
            groups[-1][1].append(para)
        else:
            groups.append((None, [para]))
    out = []
    for n, parts in groups:
        joined = " ".join(p.strip() for p in parts)
        joined = re.sub(r"(<br>\s*)+$", "", joined)
        out.append((n, clean_html(joined)))
    return out


_POINT = re.compile(r"(?<![\w.,/])(\d{1,2})[.)]\s+(?=\S)")


def extract_points(text_html: str) -> list[ParsedPoint]:
    """Numbered points 1., 2., 3. ... written inside one recommendation; a point inside
    <del>/<s> is withdrawn. Fewer than two points gives []."""
    spans = []
    for m in re.finditer(r"(?is)<(del|s)>(.*?)</\1>", text_html):
        spans.append((m.start(), m.end()))
    starts: list[tuple[int, int, int]] = []  # (number, start, body start)
    expected = 1
    for m in _POINT.finditer(text_html):
        if _inside_tag(text_html, m.start()):
            continue
        if int(m.group(1)) == expected:
            starts.append((expected, m.start(), m.end()))
            expected += 1
    if len(starts) < 2:
        return []
    points = []
    for i, (n, start, body) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else len(text_html)
        segment = re.sub(r"(?i)</?(del|s)>", "", text_html[body:end])
        segment = re.sub(r"(?i)(<p>\s*)+$", "", segment.strip())
        withdrawn = any(a <= start < b for a, b in spans)
        text = clean_html(segment)
        points.append(ParsedPoint(n, f"<del>{text}</del>" if withdrawn else text, withdrawn))
    return points


def _inside_tag(s: str, pos: int) -> bool:
    return s.rfind("<", 0, pos) > s.rfind(">", 0, pos)


def _fully_struck(text_html: str) -> bool:
    if not re.search(r"(?i)<(del|s)>", text_html):
        return False
    rest = re.sub(r"(?is)<(del|s)>.*?</\1>", "", text_html)
    return not plain(rest)


def _narrative_html(paragraphs: list[str]) -> str:
    joined: list[str] = []
    for p in paragraphs:
        if joined and not _SENTENCE_END.search(joined[-1]):
            joined[-1] = f"{joined[-1]} {p}"
        else:
            joined.append(p)
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in joined)


# --------------------------------------------------------------------------- building


def build_rows(table: RawTable, result: ParseResult, mapping: dict[str, str] | None = None) -> None:
    """Turn the chosen table into ``result.rows`` and ``result.sections``."""
    n = max(len(table.header), max((len(r.cells) for r in table.rows), default=0))
    headers = [plain(h) or f"Column {i + 1}" for i, h in enumerate(table.header)]
    headers += [f"Column {i + 1}" for i in range(len(headers), n)]
    fields, duplicates = map_columns(headers, mapping)
    for h in duplicates:
        result.warnings.append(
            ImportProblem(None, h, "a second column for the same field; kept as an extra column")
        )
    col = {f: i for i, f in enumerate(fields) if f}
    unknown = [headers[i] for i, f in enumerate(fields) if f is None]
    unknown = [h for i, h in enumerate(unknown) if h.strip() and h not in unknown[:i]]
    result.unknown_columns = unknown
    if unknown:
        result.warnings.append(
            ImportProblem(
                None,
                None,
                "Columns not recognised, kept as extra notes: "
                + ", ".join(f'"{h}"' for h in unknown),
            )
        )
    if "text" not in col:
        result.errors.append(
            ImportProblem(
                None,
                None,
                f'No recommendation text column: expected a column headed "{FIELDS["text"]}". '
                f"Headers found: {', '.join(headers) or 'none'}.",
            )
        )
        return

    def cell(cells: list[str], f: str) -> str:
        return cells[col[f]] if f in col and col[f] < len(cells) else ""

    # 1. dangerous markup, cell by cell, on what was uploaded
    for row in table.rows:
        for i, value in enumerate(row.cells):
            label = dangerous_markup(value)
            if label:
                result.errors.append(
                    ImportProblem(
                        row.line,
                        headers[i] if i < len(headers) else f"Column {i + 1}",
                        f"contains {label}; remove it and upload the file again",
                    )
                )

    # 2. merge rows continued across page breaks; carry spanning section cells down
    status_cols = [col[f] for f in ("status", "rag") if f in col]
    logical: list[_Logical] = []
    carried: dict[int | None, str] = {}
    for row in table.rows:
        cells = (list(row.cells) + [""] * n)[:n]
        fills = ((row.fills or []) + [""] * n)[:n]
        if not any(plain(c) for c in cells):
            continue
        text_empty = not plain(cell(cells, "text"))
        ref_empty = not plain(cell(cells, "reference"))
        sec_value = plain(cell(cells, "section"))
        prev = logical[-1] if logical and logical[-1].section == row.section else None
        others = [plain(c) for i, c in enumerate(cells) if i != col.get("section")]
        if sec_value and text_empty and ref_empty and not any(others):
            carried[row.section] = sec_value  # a row holding only the section name
            continue
        continuation = (
            prev is not None
            and not sec_value
            and ref_empty
            and (
                text_empty
                or (
                    row.after_break
                    and bool(status_cols)
                    and not any(plain(cells[i]) for i in status_cols)
                    and any(plain(prev.cells[i]) for i in status_cols)
                )
            )
        )
        if continuation and prev is not None:
            for i, value in enumerate(cells):
                if plain(value):
                    prev.cells[i] = join_fragments(prev.cells[i], value)
                prev.fills[i] = prev.fills[i] or fills[i]
            result.warnings.append(
                ImportProblem(
                    row.line, None, f"continues the row on line {prev.line} (page break); merged"
                )
            )
            continue
        if sec_value:
            carried[row.section] = sec_value
        logical.append(_Logical(cells, fills, row.line, row.section, carried.get(row.section, "")))
    if len(logical) > MAX_ROWS:
        result.errors.append(
            ImportProblem(None, None, f"{len(logical)} rows; the limit is {MAX_ROWS} per import.")
        )
        return

    # 3. sections
    section_index: dict[tuple[str, str], int] = {}
    sec_header = normalise_header(headers[col["section"]]) if "section" in col else ""
    sec_kind = (
        "workshop"
        if "workshop" in sec_header
        else "priority"
        if "priorit" in sec_header
        else "section"
    )

    def section_for(lrow: _Logical) -> int | None:
        if "section" in col:
            if not lrow.section_value:
                return None
            m = re.match(r"^(\d{1,2})[.)]?\s+(.*)$", lrow.section_value)
            number, title = (m.group(1), m.group(2)) if m else ("", lrow.section_value)
            key = (number, title)
            if key not in section_index:
                section_index[key] = len(result.sections)
                result.sections.append(
                    ParsedSection(sec_kind, number, title.strip(), "", len(result.sections))
                )
            return section_index[key]
        if lrow.section is None:
            return None
        key = ("#", str(lrow.section))
        if key not in section_index:
            h = table.sections[lrow.section]
            section_index[key] = len(result.sections)
            result.sections.append(
                ParsedSection(
                    "priority",
                    h.number,
                    _strip_md(h.title),
                    _narrative_html(h.narrative),
                    len(result.sections),
                )
            )
        return section_index[key]

    # 4. rows
    counters: dict[int | None, int] = {}
    seen_refs: dict[str, int] = {}
    missing_refs: list[int] = []
    for lrow in logical:
        sec = section_for(lrow)
        section = result.sections[sec] if sec is not None else None
        values: dict[str, str] = {}
        extra: dict[str, str] = {}
        for i, f in enumerate(fields):
            raw = lrow.cells[i]
            if f is None:
                if plain(raw):
                    extra[headers[i]] = clean_html(raw)
            elif f == "":
                continue
            elif f in RICH_FIELDS:
                values[f] = clean_html(raw)
            else:
                values[f] = plain(raw)
        if "section" in col:
            values["section"] = lrow.section_value
        rag = values.get("rag", "")
        if rag.upper() in RAG_LETTERS:
            values["rag"] = RAG_LETTERS[rag.upper()]
        if not values.get("rag"):
            fill = next((lrow.fills[i] for i in status_cols if lrow.fills[i]), "")
            if fill:
                values["rag"] = fill
        if "leads" in values:
            values["leads"] = values["leads"].strip(" -–")

        if "reference" in col:
            groups: list[tuple[int | None, str]] = [(None, values.get("text", ""))]
            refs = [values.get("reference", "").rstrip(".")]
        else:
            groups = split_numbered(values.get("text", ""))
            refs = []
            for number, _ in groups:
                prefix = ""
                if section is not None:
                    prefix = (section.number or str(section.order + 1)) + "."
                if number is not None:
                    counters[sec] = number
                    refs.append(f"{prefix}{number}")
                elif section is not None:
                    counters[sec] = counters.get(sec, 0) + 1
                    refs.append(f"{prefix}{counters[sec]}")
                else:
                    refs.append("")
            if len(groups) > 1:
                result.warnings.append(
                    ImportProblem(
                        lrow.line,
                        None,
                        f"one row holds recommendations {', '.join(refs)}; imported as "
                        f"{len(groups)} records sharing the other columns",
                    )
                )
        for (_, text), ref in zip(groups, refs, strict=True):
            fvalues = dict(values)
            fvalues["text"] = text
            if ref:
                fvalues["reference"] = ref
            if not ref:
                missing_refs.append(lrow.line)
            elif ref in seen_refs:
                result.errors.append(
                    ImportProblem(
                        lrow.line,
                        headers[col["reference"]] if "reference" in col else None,
                        f"reference {ref} is used twice (also on line {seen_refs[ref]})",
                    )
                )
            else:
                seen_refs[ref] = lrow.line
            if not plain(text):
                result.errors.append(
                    ImportProblem(lrow.line, headers[col["text"]], "no recommendation text")
                )
            parsed = ParsedRow(
                source_row=lrow.line,
                reference=ref,
                section_title=section.title if section else "",
                deficiency=fvalues.get("deficiency", ""),
                fields=fvalues,
                extra=extra,
                section=sec,
                points=extract_points(text),
                withdrawn=_fully_struck(text),
                leads=split_leads(fvalues.get("leads", "")),
            )
            if "target_date" in fvalues:
                parsed.target_date = parse_fuzzy_date(fvalues["target_date"])
            if "revised_target_date" in fvalues:
                parsed.revised_target_date = parse_fuzzy_date(fvalues["revised_target_date"])
            result.rows.append(parsed)
    if missing_refs:
        if len(missing_refs) == len(result.rows):
            result.errors.append(
                ImportProblem(
                    None,
                    None,
                    f'No reference column: expected a column headed "{FIELDS["reference"]}", '
                    "or recommendations numbered 1., 2., ... or grouped under numbered sections.",
                )
            )
        else:
            for line in missing_refs:
                result.errors.append(ImportProblem(line, None, "no reference number"))


def build_people(table: RawTable, result: ParseResult) -> None:
    """Name / Initials / Organisation / Title lists (attendance lists)."""
    fields = [person_field_for(h) for h in table.header]
    idx = {f: i for i, f in enumerate(fields) if f}
    for row in table.rows:

        def get(f: str, row: RawRow = row) -> str:
            i = idx.get(f)
            return plain(row.cells[i]) if i is not None and i < len(row.cells) else ""

        name = get("name")
        if not name:
            continue
        for i, value in enumerate(row.cells):
            label = dangerous_markup(value)
            if label:
                header = table.header[i] if i < len(table.header) else f"Column {i + 1}"
                result.errors.append(ImportProblem(row.line, header, f"contains {label}"))
        result.people.append(
            ParsedPerson(name, get("initials"), get("organisation"), get("title"), row.line)
        )


def initials_clashes(people: list[ParsedPerson]) -> dict[str, list[str]]:
    by: dict[str, list[str]] = {}
    for p in people:
        if p.initials:
            by.setdefault(p.initials.upper(), []).append(p.name)
    return {k: v for k, v in by.items() if len(v) > 1}


__all__ = [
    "assemble",
    "build_people",
    "build_rows",
    "extract_points",
    "html_to_text",
    "initials_clashes",
    "join_fragments",
    "split_numbered",
]
