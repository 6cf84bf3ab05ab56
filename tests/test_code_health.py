"""Code-health guards that `make lint` also runs: short functions, with no allow-list."""

from __future__ import annotations

from scripts.function_length import MAX_LINES, long_functions


def test_no_app_function_is_longer_than_80_lines():
    too_long = long_functions()
    assert not too_long, f"split these (over {MAX_LINES} lines): {too_long}"


def test_the_check_finds_a_long_function(tmp_path):
    (tmp_path / "app.py").write_text("def f():\n" + "    x = 1\n" * 90)
    assert long_functions(tmp_path) == [("app.py", "f", 1, 91)]
