"""Word documents (.docx): tables with merged cells, struck-through text and shading."""

from __future__ import annotations

import html
import io

from .blocks import Chunk, Para, RawRow
from .colours import rag_from_colour
from .limits import current_limits
from .result import ImportFileError


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
            limit = current_limits().max_rows
            if len(grid) > limit + 50:
                raise ImportFileError(f"A table has more than {limit} rows; split it up.")
            if grid:
                rows = [
                    RawRow(cells, i + 2, fills=grid_fills[i + 1])
                    for i, cells in enumerate(grid[1:])
                ]
                blocks.append(Chunk(grid[0], rows, 1, "docx"))
    return blocks
