"""Build the instructor edition of the lessons and an nbgrader course folder, never touching notebooks/.

    python editions.py [folder]     default build/editions: instructor/ (every exercise solved and executed) and
                                    nbgrader/ (a course folder: nbgrader_config.py and source/softlookup/)

An exercise cell in a lesson is the stub every learner sees:

    Answer answer1 = () -> {
        // YOUR CODE HERE
        return null;
    };
    ex.q1.check(answer1)

The instructor edition puts the library's reference solution (Question.solution()) between `// BEGIN SOLUTION` and
`// END SOLUTION` in its place, gives the cell nbgrader's metadata for an autograded answer, and adds after it a
locked test cell whose hidden test fails unless the answer is correct. nbgrader's generate_assignment, with the
code stub in nbgrader_config.py, turns each exercise cell back into the learner's stub.
"""
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

import notebooks

ROOT = notebooks.ROOT
ASSIGNMENT = "softlookup"
STUB = "// YOUR CODE HERE\nreturn null;"
EXERCISE = re.compile(r"^Answer answer(\d+) = \(\) -> \{\n    // YOUR CODE HERE\n    return null;\n\};\n"
                      r"ex\.q(\d+)\.check\(answer\d+\)$")
NBGRADER_CONFIG = f'''c = get_config()
c.CourseDirectory.course_id = "softlookup"
# The lessons run on the Java kernel: a solution region becomes the learner's stub.
c.ClearSolutions.code_stub = {{"java": {STUB!r}}}
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"
c.ClearHiddenTests.begin_test_delimeter = "BEGIN HIDDEN TESTS"
c.ClearHiddenTests.end_test_delimeter = "END HIDDEN TESTS"
# Kernels start in a few seconds; a lesson runs in under 15.
c.ExecutePreprocessor.timeout = 120
'''


def solutions():
    """{("lesson1", "q1"): code} from the library itself, so the edition shows exactly what solution() shows."""
    classpath = f"{ROOT}/lib/target/softlookup.jar:{ROOT}/lib/target/notebook-classpath/*"
    out = subprocess.run(["java", "-cp", classpath, "org.softlookup.exercises.Exercises"],
                         check=True, capture_output=True, text=True).stdout
    found = {}
    for block in out.split("@@\n"):
        if block.strip():
            head, _, code = block.partition("\n")
            lesson, q = head.split()
            found[(lesson, q)] = code.rstrip("\n")
    return found


def exercise_cells(nb):
    """(cell index, number) of every exercise cell, in order."""
    found = []
    for i, cell in enumerate(nb.cells):
        m = EXERCISE.match(cell.source) if cell.cell_type == "code" else None
        if m:
            assert m.group(1) == m.group(2), f"cell {i}: answer{m.group(1)} checked by q{m.group(2)}"
            found.append((i, int(m.group(1))))
    return found


def instructor(path, solved):
    """The lesson with every exercise solved, marked for nbgrader, and a hidden test after each; not executed."""
    nb = nbformat.read(path, as_version=4)
    lesson = f"lesson{int(path.name[:2])}"
    for i, k in reversed(exercise_cells(nb)):
        code = solved[(lesson, f"q{k}")]
        region = "\n".join(["// BEGIN SOLUTION", *code.splitlines(), "// END SOLUTION"])
        cell = nb.cells[i]
        cell.source = cell.source.replace(STUB.replace("\n", "\n    "), region.replace("\n", "\n    "))
        grade_id = f"{path.name[:2]}-q{k}"
        cell.metadata["nbgrader"] = {"grade": False, "solution": True, "locked": False, "task": False,
                                     "grade_id": grade_id, "schema_version": 3}
        test = nbformat.v4.new_code_cell(
            f"// Graded by nbgrader: a hidden test checks answer{k} the way ex.q{k}.check does.\n"
            f"// BEGIN HIDDEN TESTS\nex.q{k}.require(answer{k});\n// END HIDDEN TESTS")
        test.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "task": False,
                                     "points": 1, "grade_id": f"{grade_id}-test", "schema_version": 3}
        nb.cells.insert(i + 1, test)
    return nb


def lessons_with_exercises():
    return [p for p in notebooks.notebook_paths() if exercise_cells(nbformat.read(p, as_version=4))]


def build(folder):
    folder = Path(folder)
    solved = solutions()
    edition, source = folder / "instructor", folder / "nbgrader" / "source" / ASSIGNMENT
    for d in (edition, source):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
        shutil.copytree(notebooks.NOTEBOOKS / "images", d / "images")
    (folder / "nbgrader" / "nbgrader_config.py").write_text(NBGRADER_CONFIG)
    for path in lessons_with_exercises():
        nb = instructor(path, solved)
        nbformat.write(nb, source / path.name)
        print(f"{path.name}: {len(exercise_cells(nbformat.read(path, as_version=4)))} exercises solved, executing")
        notebooks.client_for(nb, allow_errors=True).execute()
        found = notebooks.problems(path, nb)
        nbformat.write(nb, edition / path.name)
        if found:
            sys.exit("The instructor edition has errors:\n" + "\n".join(found))
    print(f"Instructor edition in {edition}; nbgrader course folder in {folder / 'nbgrader'}")


if __name__ == "__main__":
    build(sys.argv[1] if len(sys.argv) > 1 else ROOT / "build" / "editions")
