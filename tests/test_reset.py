"""`./softlookup reset NN` puts a fresh copy of a lesson beside the learner's, from git or from the copy the launcher
keeps outside a git checkout, and never writes over any notebook."""
import shutil
import subprocess
from pathlib import Path

import notebooks

LAUNCHER = notebooks.ROOT / "softlookup"


def run(course, *args):
    return subprocess.run([str(course / "softlookup"), *args], capture_output=True, text=True, timeout=60)


def course_copy(tmp_path, git):
    course = tmp_path / "course"
    (course / "notebooks").mkdir(parents=True)
    shutil.copy(LAUNCHER, course / "softlookup")
    (course / "notebooks" / "03-soft-lookup.ipynb").write_text("pristine")
    if git:
        for args in (["init", "-q"], ["add", "."],
                     ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "lessons"]):
            subprocess.run(["git", "-C", str(course), *args], check=True)
    return course


def test_reset_from_git_never_overwrites(tmp_path):
    course = course_copy(tmp_path, git=True)
    mine = course / "notebooks" / "03-soft-lookup.ipynb"
    mine.write_text("my edits")
    done = run(course, "reset", "03")
    assert done.returncode == 0, done.stderr
    assert "03-soft-lookup-fresh.ipynb" in done.stdout and "untouched" in done.stdout
    assert mine.read_text() == "my edits"
    assert (course / "notebooks" / "03-soft-lookup-fresh.ipynb").read_text() == "pristine"
    (course / "notebooks" / "03-soft-lookup-fresh.ipynb").write_text("edited the fresh one too")
    assert run(course, "reset", "03").returncode == 0
    assert (course / "notebooks" / "03-soft-lookup-fresh.ipynb").read_text() == "edited the fresh one too"
    assert (course / "notebooks" / "03-soft-lookup-fresh-2.ipynb").read_text() == "pristine"


def test_reset_outside_git_uses_the_kept_copy_or_says_what_to_do(tmp_path):
    course = course_copy(tmp_path, git=False)
    mine = course / "notebooks" / "03-soft-lookup.ipynb"
    mine.write_text("my edits")
    done = run(course, "reset", "03")
    assert done.returncode != 0 and "No pristine copy of 03-soft-lookup.ipynb" in done.stderr
    (course / ".pristine").mkdir()
    (course / ".pristine" / "03-soft-lookup.ipynb").write_text("pristine")
    assert run(course, "reset", "03").returncode == 0
    assert (course / "notebooks" / "03-soft-lookup-fresh.ipynb").read_text() == "pristine"
    assert mine.read_text() == "my edits"
    missing = run(course, "reset", "09")
    assert missing.returncode != 0 and "No lesson 09 in notebooks/" in missing.stderr
