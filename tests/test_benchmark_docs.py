"""Each benchmark writes its own figures into docs/performance.md (benchmarks/docs_block.py):
its block is replaced in place, the text around it is kept, and every benchmark that writes one
has its markers in the document exactly once."""

from __future__ import annotations

import re
from pathlib import Path

from benchmarks import docs_block

BENCHMARKS = Path(docs_block.__file__).parent
NAMED = re.compile(r'docs_block\.(?:write|replace|markers)\(\s*"(\w+)"')


def test_a_run_replaces_its_own_block_and_keeps_the_rest(tmp_path: Path):
    docs = tmp_path / "performance.md"
    start, end = docs_block.markers("exports")
    other_start, other_end = docs_block.markers("find")
    docs.write_text(
        f"# Performance\n\nBefore.\n\n{start}\nold figures\n{end}\n\nBetween.\n\n"
        f"{other_start}\nfind figures\n{other_end}\n\nAfter.\n"
    )
    rows = [["CSV export, 10 rows", "0.001", "2.0×"]]
    lines = ["Stamp.", "", *docs_block.table(["case", "median s", "ratio"], rows)]

    docs_block.write("exports", lines, argv=[], docs=docs)

    text = docs.read_text()
    assert "old figures" not in text
    assert f"{start}\nStamp.\n\n| case | median s | ratio |\n|---|---|---|\n" in text
    assert "| CSV export, 10 rows | 0.001 | 2.0× |\n" + end in text
    assert text.startswith("# Performance\n\nBefore.\n\n")
    assert f"\n\nBetween.\n\n{other_start}\nfind figures\n{other_end}\n\nAfter.\n" in text
    assert text.count(start) == 1


def test_a_block_not_there_yet_is_added_at_the_end(tmp_path: Path):
    docs = tmp_path / "performance.md"
    docs.write_text("# Performance\n")
    docs_block.write("import", ["figures"], argv=[], docs=docs)
    start, end = docs_block.markers("import")
    assert docs.read_text() == f"# Performance\n\n{start}\nfigures\n{end}\n"


def test_no_docs_prints_the_block_and_writes_nothing(tmp_path: Path, capsys):
    docs = tmp_path / "performance.md"
    docs.write_text("# Performance\n")
    docs_block.write("appendix", ["figures"], argv=["--no-docs"], docs=docs)
    assert docs.read_text() == "# Performance\n"
    assert "figures" in capsys.readouterr().out


def test_every_benchmark_that_writes_has_its_block_once_in_the_document():
    writers = {
        name for path in BENCHMARKS.glob("bench_*.py") for name in NAMED.findall(path.read_text())
    }
    assert {"find", "exports", "import", "appendix"} <= writers  # the pattern still finds them
    text = docs_block.DOCS.read_text()
    for name in sorted(writers):
        start, end = docs_block.markers(name)
        assert text.count(start) == 1 and text.count(end) == 1, name
        assert text.index(start) < text.index(end), name


def test_the_benchmark_databases_are_read_with_or_without_labels(monkeypatch):
    from benchmarks.children import bench_databases

    pg = "postgres://postgres@127.0.0.1:5432"
    monkeypatch.setenv("BENCH_DATABASES", f"10k={pg}/bench10, {pg}/bench50")
    assert bench_databases([]) == [("10k", f"{pg}/bench10"), ("bench50", f"{pg}/bench50")]
    assert bench_databases([f"--databases=small={pg}/a"]) == [("small", f"{pg}/a")]
    monkeypatch.delenv("BENCH_DATABASES")
    assert bench_databases([]) == []
