"""Code-health guards that `make lint` also runs: short functions."""

from __future__ import annotations

from scripts.function_length import MAX_LINES, PENDING, long_functions


def test_no_app_function_is_longer_than_80_lines():
    too_long = [f for f in long_functions() if (f[0], f[1]) not in PENDING]
    assert not too_long, f"split these (over {MAX_LINES} lines): {too_long}"


def test_the_pending_list_names_only_functions_that_are_still_too_long():
    still_long = {(path, name) for path, name, _, _ in long_functions()}
    assert still_long >= PENDING, f"remove from PENDING: {PENDING - still_long}"


def test_the_check_finds_a_long_function(tmp_path):
    (tmp_path / "app.py").write_text("def f():\n" + "    x = 1\n" * 90)
    assert long_functions(tmp_path) == [("app.py", "f", 1, 91)]
