"""The layout engine: groups, priority groups, nesting and the width nixfmt measures."""

from __future__ import annotations

from nixpkgs_contrib.render import doc as d


def test_group_on_one_line_when_it_fits_else_broken() -> None:
    words = d.group("a", d.line, "b", d.line, "c")
    assert d.layout(words) == "a b c"
    assert d.layout(words, width=4) == "a\nb\nc"


def test_width_is_counted_without_the_indentation() -> None:
    words = d.group("x" * 49, d.line, "y" * 50)
    assert d.layout(words, level=3) == "      " + "x" * 49 + " " + "y" * 50  # 106 columns, 100 counted
    assert d.layout(d.group("x" * 50, d.line, "y" * 50), level=3) == "      " + "x" * 50 + "\n      " + "y" * 50


def test_what_follows_a_group_on_its_line_counts() -> None:
    inner = d.group("a", d.line, "b")
    assert d.layout(d.cat(inner, "c" * 8), width=10) == "a\nbcccccccc"


def test_nesting_levels_opened_on_one_line_indent_once() -> None:
    body = d.cat("f", d.nest(d.nest(d.hardline, "x")), d.hardline, "y")
    assert d.layout(body) == "f\n  x\ny"


def test_priority_group_is_expanded_alone_first() -> None:
    lst = d.cat("[", d.line, d.nest("a", d.hardline, "b"), d.line, "]")
    call = d.group("f", d.line, "x", d.line, d.group(lst, kind="priority"))
    assert d.layout(call) == "f x [\n  a\n  b\n]"
    # when what stands before it does not fit, the whole group breaks instead
    assert d.layout(call, width=3) == "f\nx\n[\n  a\n  b\n]"


def test_transparent_group_lends_its_priority_groups() -> None:
    arg = d.group("(", d.nest(d.line_, "x" * 10, d.line_), ")", kind="priority")
    head = d.group("f", d.line, d.nest(arg), kind="transparent")
    call = d.group(head, d.line, "y")
    assert d.layout(call, width=12) == "f (\n  xxxxxxxxxx\n) y"


def test_comments_do_not_count_and_do_not_stop_a_group_from_fitting() -> None:
    item = d.group(d.hardline, d.comment("# a long comment that is wider than the line"), d.hardline, "x", d.line, "y")
    assert d.layout(d.cat("[", d.nest(item), d.hardline, "]"), width=10) == "[\n  # a long comment that is wider than the line\n  x y\n]"


def test_lines_keep_their_relative_indentation() -> None:
    assert d.layout(d.cat("a = ", d.nest(d.lines("{\n  b = 1;\n}"))), level=1) == "  a = {\n    b = 1;\n  }"
