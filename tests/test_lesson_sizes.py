"""tools/lesson_sizes.py, behind the instructor guide's timings: what it counts in a lesson, and the minutes it
derives from the stated rates."""
import nbformat
import pytest

import lesson_sizes


@pytest.fixture
def lesson(tmp_path):
    nb = nbformat.v4.new_notebook()
    exercise = "Answer answer1 = () -> {\n    // YOUR CODE HERE\n    return null;\n};\nex.q1.check(answer1)"
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 05 — A title\n\nOne two [three](https://example.org/x y) four\n$$a = b$$"),
        nbformat.v4.new_code_cell("SoftLookup.setup()"),
        nbformat.v4.new_markdown_cell("## 1. A section\n\n$$x$$ and $$y$$ five six"),
        nbformat.v4.new_code_cell("int a = 1;\n\nint b = 2;"),
        nbformat.v4.new_markdown_cell("## 2. Another\n\nseven"),
        nbformat.v4.new_markdown_cell("## Exercises\n\nDo it now."),
        nbformat.v4.new_code_cell("var ex = Exercises.lesson5();\nex"),
        nbformat.v4.new_markdown_cell("**Exercise 1.** Return one."),
        nbformat.v4.new_code_cell(exercise),
    ]
    path = tmp_path / "05-a-title.ipynb"
    nbformat.write(nb, path)
    return path


def test_counts_the_lesson_and_its_exercises_apart(lesson):
    s = lesson_sizes.sizes(lesson, {("lesson5", "q1"): "return 1;"})
    # "05", "—", "A", "title", "One", "two", "[three]", "four"; "1.", "A", "section", "and", "five", "six";
    # "2.", "Another", "seven": a link counts by its text, formulas and the marks # and ** not at all.
    assert s["words"] == 8 + 6 + 3
    assert (s["formulas"], s["code cells"], s["code lines"]) == (3, 2, 3)
    assert (s["exercises"], s["exercise words"], s["solution chars"]) == (1, 8, 9)


def test_sections_count_only_their_cells(lesson):
    s = lesson_sizes.sizes(lesson, {}, (1, 1))
    assert (s["words"], s["formulas"], s["code cells"], s["code lines"], s["exercises"]) == (6, 2, 1, 2, 0)


def test_minutes_divide_the_counts_by_the_stated_rates():
    s = {"words": 300, "formulas": 2, "code cells": 4, "code lines": 40, "exercises": 2, "exercise words": 150,
         "solution chars": 240}
    read, work = lesson_sizes.minutes(s)
    # fast: 300/150 + 40/20 + 2·0.5 + 4·0.25; slow: 300/100 + 40/10 + 2·1 + 4·0.5
    assert read == pytest.approx((2 + 2 + 1 + 1, 3 + 4 + 2 + 2))
    # fast: 150/150 + 240/120 + 2·2; slow: 150/100 + 240/60 + 2·5
    assert work == pytest.approx((1 + 2 + 4, 1.5 + 4 + 10))
    assert lesson_sizes.outward(*read) == (5, 10) and lesson_sizes.outward(0, 0) == (0, 0)
