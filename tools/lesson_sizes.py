"""How big each lesson is, counted from the .ipynb files, and the time a learner needs, derived from stated rates.

    python lesson_sizes.py 04 1-5   the read-through of sections 1 to 5 of lesson 04 alone (for a workshop plan)
    python lesson_sizes.py        a table per lesson: counts, then read-through and exercise minutes as ranges
                                  (each end to the nearest 5 minutes; "together" is their sum)

Counts: markdown words (the lesson, and the exercise section apart), display formulas ($$ … $$), code cells and their
lines, exercises, and the characters of each exercise's reference solution (Question.solution(), from the built
library, as the instructor edition shows it). The rates are assumptions, stated once here and in
docs/instructor-guide.md; nothing in this table was observed with learners.
"""
import re
import sys

import nbformat

import editions
import notebooks

# (slow, fast) ends of each rate; a range is [count / fast, count / slow].
PROSE_WORDS_PER_MIN = (100, 150)     # technical prose with new notation: about half of 238 wpm for non-fiction
FORMULA_MIN = (1.0, 0.5)             # a display formula is a derivation step to follow, not a sentence
CODE_LINES_PER_MIN = (10, 20)        # Java with library calls, about 8 words a line, read to understand
RUN_AND_LOOK_MIN = (0.5, 0.25)       # per code cell: run it, look at the output (a chart, a table, a ✓)
TYPE_CHARS_PER_MIN = (60, 120)       # typing code with brackets and symbols, checking as one goes
THINK_MIN = (5.0, 2.0)               # per exercise: work out the answer, try, read the verdict, fix


def words(text):
    text = re.sub(r"\]\([^)]*\)", "]", text)  # a link's address is not read
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)  # display formulas are counted apart
    return len(re.findall(r"[^\s|#*`-]+", text))


def sizes(path, solved, sections=None):
    nb = nbformat.read(path, as_version=4)
    cells = nb.cells
    if sections:  # only the cells from the heading "## first." to the one before "## last + 1."
        first, last = sections
        numbers, section = [], 0
        for c in cells:
            m = re.match(r"## (\d+)\.", c.source) if c.cell_type == "markdown" else None
            section = int(m.group(1)) if m else section
            numbers.append(section)
        cells = [c for c, n in zip(cells, numbers) if first <= n <= last]
    start = next((i for i, c in enumerate(cells) if c.cell_type == "markdown" and c.source.startswith("## Exercises")),
                 len(cells))
    lesson, exercise = cells[:start], cells[start:]
    markdown = [c.source for c in lesson if c.cell_type == "markdown"]
    code = [c.source for c in lesson if c.cell_type == "code"]
    numbers = [] if sections else [k for _, k in editions.exercise_cells(nb)]
    name = f"lesson{int(path.name[:2])}"
    return {
        "lesson": path.stem,
        "words": sum(words(t) for t in markdown),
        "formulas": sum(t.count("$$") // 2 for t in markdown),
        "code cells": len(code),
        "code lines": sum(len([l for l in t.splitlines() if l.strip()]) for t in code),
        "exercises": len(numbers),
        "exercise words": sum(words(c.source) for c in exercise if c.cell_type == "markdown"),
        "solution chars": sum(len(solved[(name, f"q{k}")]) for k in numbers),
    }


def minutes(s):
    """(low, high) minutes for the read-through and for the exercises."""
    def span(count, rate):
        slow, fast = rate
        return count / fast, count / slow
    parts = [span(s["words"], PROSE_WORDS_PER_MIN), span(s["code lines"], CODE_LINES_PER_MIN),
             (s["formulas"] * FORMULA_MIN[1], s["formulas"] * FORMULA_MIN[0]),
             (s["code cells"] * RUN_AND_LOOK_MIN[1], s["code cells"] * RUN_AND_LOOK_MIN[0])]
    read = tuple(sum(p[i] for p in parts) for i in range(2))
    work = [span(s["exercise words"], PROSE_WORDS_PER_MIN), span(s["solution chars"], TYPE_CHARS_PER_MIN),
            (s["exercises"] * THINK_MIN[1], s["exercises"] * THINK_MIN[0])]
    exercises = tuple(sum(p[i] for p in work) for i in range(2)) if s["exercises"] else (0, 0)
    return read, exercises


def outward(low, high):
    """Both ends to the nearest 5 minutes (at least 5 for anything to do)."""
    return tuple(max(5, 5 * round(x / 5)) if x else 0 for x in (low, high))


def shown(low, high):
    return f"{low}–{high} min" if high else "—"


def main():
    if len(sys.argv) == 3:
        path = next(p for p in notebooks.notebook_paths() if p.name.startswith(sys.argv[1]))
        first, last = (int(x) for x in sys.argv[2].split("-"))
        read = outward(*minutes(sizes(path, {}, (first, last)))[0])
        print(f"{path.stem}, sections {first}–{last}: read-through {shown(*read)}")
        return 0
    solved = editions.solutions()
    head = ["lesson", "words", "formulas", "code cells", "code lines", "exercises", "exercise words",
            "solution chars"]
    print("| " + " | ".join(head + ["read-through", "exercises", "together"]) + " |")
    print("|---|" + "---:|" * (len(head) - 1) + "---|---|---|")
    total = [0, 0]
    for path in notebooks.notebook_paths():
        s = sizes(path, solved)
        read, work = (outward(*m) for m in minutes(s))
        together = (read[0] + work[0], read[1] + work[1])
        total = [total[0] + together[0], total[1] + together[1]]
        row = [str(s[h]) for h in head] + [shown(*read), shown(*work), shown(*together)]
        print("| " + " | ".join(row) + " |")
    print(f"\nAll lessons: {shown(*total)} ({total[0] / 60:.1f}–{total[1] / 60:.1f} h)")


if __name__ == "__main__":
    sys.exit(main())
