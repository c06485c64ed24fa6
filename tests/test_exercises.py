"""Exercises in the lessons and the instructor edition: learners see every exercise unanswered (a friendly
message, never an error); the instructor edition solves and executes every one to ✓; nbgrader's generate_assignment
turns it back into the learner's cells, and its autograde gives a solved submission full marks and an unsolved one 0.
nbgrader lives in its own pinned venv (tools/nbgrader-requirements.txt, installed by `./softlookup test`), so the
learner's JupyterLab never gets nbgrader's extensions."""
import csv
import os
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

import editions
import notebooks

LESSONS = editions.lessons_with_exercises()
NBGRADER = Path(os.environ.get("SOFTLOOKUP_NBGRADER", notebooks.ROOT / ".venv-nbgrader" / "bin" / "nbgrader"))


def verdicts(cell):
    return [text for kind, text in notebooks.text_outputs(cell) if kind == "text/plain"]


def test_every_lesson_from_01_has_two_to_four_exercises():
    expected = [p.name for p in notebooks.notebook_paths() if p.name[:2] != "00"]
    assert [p.name for p in LESSONS] == expected
    for path in LESSONS:
        nb = nbformat.read(path, as_version=4)
        assert 2 <= len(editions.exercise_cells(nb)) <= 4, path.name
        assert [k for _, k in editions.exercise_cells(nb)] == list(range(1, len(editions.exercise_cells(nb)) + 1))


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_stored_exercises_are_unanswered_with_a_friendly_message(path):
    nb = nbformat.read(path, as_version=4)
    for i, k in editions.exercise_cells(nb):
        shown = verdicts(nb.cells[i])
        assert len(shown) == 1 and shown[0].startswith(f"… Exercise {k} is not answered yet"), shown


def test_a_lesson_check_shows_the_exercises_tick_and_a_false_claim_is_an_error_output(tmp_path):
    """Checks in the real kernel: ✓ as an exercise's verdict shows it, and a false claim fails the cell loudly, so
    that the notebook tests (notebooks.problems) catch it."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in [
        "SoftLookup.setup()",
        'Checks.that(1 + 1 == 2, "one plus one is two", "arithmetic is broken")',
        'Checks.require(true, "never shown");\nChecks.require(2 + 2 == 5, "two plus two is not five");\n'
        'Checks.passed("never reached")',
    ]]
    notebooks.client_for(nb, allow_errors=True).execute()
    passed = nb.cells[1].outputs
    assert [o.data["text/plain"] for o in passed] == ["✓ one plus one is two"]
    assert "#1a7f37" in passed[0].data["text/html"]  # the green of a correct exercise
    found = notebooks.problems(tmp_path / "checks.ipynb", nb)
    assert len(found) == 1 and "AssertionError" in found[0] and "✗ two plus two is not five" in found[0], found
    assert not any("data" in o for o in nb.cells[2].outputs)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("editions")
    editions.build(folder)
    return folder


def test_instructor_edition_solves_every_exercise(built):
    for path in LESSONS:
        nb = nbformat.read(built / "instructor" / path.name, as_version=4)
        assert notebooks.problems(path, nb) == []
        cells = editions.exercise_cells(nbformat.read(path, as_version=4))
        solved = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
        assert len(solved) == len(cells)
        for k, cell in enumerate(solved, 1):
            assert "    // BEGIN SOLUTION\n" in cell.source and "    // END SOLUTION\n" in cell.source
            shown = verdicts(cell)
            assert len(shown) == 1 and shown[0].startswith(f"✓ Exercise {k}: "), (path.name, shown)
        tests = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
        assert len(tests) == len(cells) and all("BEGIN HIDDEN TESTS" in c.source for c in tests)


def nbgrader(course, *args):
    assert NBGRADER.exists(), f"nbgrader is missing at {NBGRADER}: ./softlookup test installs it"
    # nbgrader runs alembic from its own venv's bin; JUPYTER_PATH finds the kernel "Java (Soft Lookup)" in .venv.
    env = dict(os.environ, JUPYTER_PATH=str(notebooks.ROOT / ".venv" / "share" / "jupyter"),
               PATH=f"{NBGRADER.parent}{os.pathsep}{os.environ.get('PATH', '')}")
    done = subprocess.run([str(NBGRADER), *args], cwd=course, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


def test_nbgrader_generate_assignment_gives_the_learners_cells(built, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(built / "nbgrader", course)
    nbgrader(course, "generate_assignment", editions.ASSIGNMENT, "--force")
    for path in LESSONS:
        learner = nbformat.read(path, as_version=4)
        release = nbformat.read(course / "release" / editions.ASSIGNMENT / path.name, as_version=4)
        answers = [c.source for c in release.cells if c.metadata.get("nbgrader", {}).get("solution")]
        assert answers == [learner.cells[i].source for i, _ in editions.exercise_cells(learner)]
        for cell in release.cells:
            assert "SOLUTION" not in cell.source and "require(answer" not in cell.source  # the hidden tests
        # Apart from the locked test cells, which show only their comment, the release is the learner's lesson.
        kept = [c.source for c in release.cells if not c.metadata.get("nbgrader", {}).get("grade")]
        assert kept == [c.source for c in learner.cells]


def test_nbgrader_autograde_gives_full_marks_to_solved_and_zero_to_unsolved(built, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(built / "nbgrader", course, ignore=shutil.ignore_patterns("*.ipynb"))
    lesson = LESSONS[0].name
    shutil.copy(built / "nbgrader" / "source" / editions.ASSIGNMENT / lesson,
                course / "source" / editions.ASSIGNMENT / lesson)
    nbgrader(course, "generate_assignment", editions.ASSIGNMENT, "--force")
    for student, notebook in [("solved", built / "instructor" / lesson), ("unsolved", LESSONS[0])]:
        folder = course / "submitted" / student / editions.ASSIGNMENT
        folder.mkdir(parents=True)
        shutil.copy(notebook, folder / lesson)
        shutil.copytree(notebooks.NOTEBOOKS / "images", folder / "images")
    nbgrader(course, "autograde", editions.ASSIGNMENT, "--force")
    nbgrader(course, "export", "--to", str(course / "grades.csv"))
    with open(course / "grades.csv", newline="") as grades:
        points = {r["student_id"]: (float(r["raw_score"]), float(r["max_score"])) for r in csv.DictReader(grades)}
    exercises = len(editions.exercise_cells(nbformat.read(LESSONS[0], as_version=4)))
    assert points == {"solved": (exercises, exercises), "unsolved": (0.0, exercises)}
