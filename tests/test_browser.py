"""A learner's path, end to end in a real browser: the launch command serves JupyterLab, lesson 1 runs and shows its
tables and charts, an exercise answered wrongly shows a hint and answered rightly ✓, and what the learner writes
survives a restart of the server.

The test drives headless Debian Chromium (Playwright, no browser download) against `./softlookup lab`, serving a
copy of notebooks/ so the repository's lessons are never written to. Screenshots go to lib/target/e2e/, and so does
the server's log (jupyterlab.log). Everything runs on 127.0.0.1; requests anywhere else are blocked and fail the test.
"""
import os
import re
import time
import uuid

import nbformat

from learner import (KERNEL_DISPLAY_NAME, Deadline, Lab, LabServer, copy_notebooks, free_port, launch_chromium)
from notebooks import NOTEBOOKS, ROOT

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # a clear failure, not a skip: the pins in binder/requirements.txt include Playwright
    sync_playwright = None

LESSON = os.environ.get("SOFTLOOKUP_BROWSER_LESSON", "01-hashtable-to-one-hot.ipynb")
E2E = ROOT / "lib" / "target" / "e2e"
BUDGET = 240  # seconds for the whole test: two server starts, a browser, one lesson run, one exercise
VIEWPORT = {"width": 1280, "height": 800}


def expectations(path):
    """Per code cell (in order), what its stored outputs show: HTML tables and PNG charts."""
    nb = nbformat.read(path, as_version=4)
    cells = []
    for cell in (c for c in nb.cells if c.cell_type == "code"):
        data = [o.get("data", {}) for o in cell.get("outputs", [])
                if o.output_type in ("display_data", "execute_result")]
        cells.append({"tables": sum("<table" in d.get("text/html", "") for d in data),
                      "images": sum("image/png" in d for d in data),
                      "source": cell.source.strip().splitlines()[0][:70] if cell.source.strip() else "(empty)"})
    return cells


def test_a_learner_runs_lesson_1_in_jupyterlab_and_keeps_an_edit(tmp_path, capsys):
    assert sync_playwright, "Playwright is missing from .venv: it is pinned in binder/requirements.txt"
    assert (NOTEBOOKS / LESSON).exists(), f"the lesson to run is missing: notebooks/{LESSON}"
    deadline = Deadline(BUDGET)

    def step(text):
        print(f"[browser test {deadline.seconds - deadline.left():5.1f} s] {text}", flush=True)

    E2E.mkdir(parents=True, exist_ok=True)
    for old in E2E.glob("*.png"):
        old.unlink()
    (E2E / "jupyterlab.log").write_text("")
    copy = copy_notebooks(NOTEBOOKS, tmp_path / "notebooks")
    lesson = copy / LESSON
    expected = expectations(lesson)
    stem = LESSON.split("-")[0]
    note = f"// My note, written in JupyterLab: {uuid.uuid4().hex[:12]}"
    port = free_port()
    servers, shots = [], []

    def serve():
        server = LabServer(copy, tmp_path / "jupyter", E2E / "jupyterlab.log", port)
        servers.append(server)
        url = server.start(deadline, at_most=120)
        step(f"`./softlookup lab` printed {url.split('?')[0]}?token=… and JupyterLab answers")
        return server, url

    def shoot(lab, name):
        path = lab.screenshot(E2E / f"lesson-{stem}-{name}.png")
        shots.append(path)
        return path

    step(f"serving a copy of notebooks/ from {copy}; lesson {LESSON}; budget {BUDGET} s")
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright, tmp_path / "chromium-profile", VIEWPORT)
            try:
                server, url = serve()
                lab = Lab(browser.pages[0] if browser.pages else browser.new_page(), deadline)
                lab.open(url)
                # The launcher turns JupyterLab's news prompt off, so the first thing a learner sees is the lesson.
                assert not lab.decline_news(), "JupyterLab asked about Jupyter news: the launcher's override is missing"
                step("JupyterLab is up in Chromium, with no prompt about Jupyter news")

                # Open the lesson from the file browser: it must open on our kernel, with no kernel picker.
                lab.open_from_file_browser(LESSON)
                assert lab.dialogs() == [], f"opening {LESSON} asked something: {lab.dialogs()}"
                # JJava answers no history_request, so JupyterLab shows "unknown" (connected) until the first run.
                name, status = lab.wait_for_kernel({"idle", "unknown"}, at_most=60)
                assert name == KERNEL_DISPLAY_NAME, f"the lesson opened on the kernel {name!r}"
                step(f"opened {LESSON}: kernel {name!r}, {status}")
                assert lab.code_cells().count() == len(expected), "JupyterLab shows another number of code cells"
                assert lab.tables().count() > 0, "the stored tables are not shown when the lesson opens"
                shoot(lab, "opened")

                # Clear the stored outputs first, so that everything checked below comes from this run.
                lab.menu("Edit", "Clear Outputs of All Cells")
                assert lab.tables().count() == 0 and lab.images() == [], "Clear Outputs of All Cells left outputs"
                step("Edit → Clear Outputs of All Cells; Run → Run All Cells …")
                prompts = lab.run_all(at_most=120)
                step(f"run finished: prompts {prompts[0]} … {prompts[-1]}")
                errors = lab.error_outputs()
                assert errors == [], "the learner sees errors:\n" + "\n".join(errors)
                unrun = [f"code cell {i + 1} ({e['source']!r}): {p}" for i, (e, p) in enumerate(zip(expected, prompts))
                         if not re.match(r"^\[\d+\]:$", p)]
                assert unrun == [], "cells that did not run: " + "; ".join(unrun)
                name, status = lab.kernel()
                assert (name, status) == (KERNEL_DISPLAY_NAME, "idle"), \
                    f"after the run the toolbar shows the kernel {name!r}, {status}"

                # What the learner should see: every stored table as an HTML table, every chart as a visible image.
                lab.wait_for_images(at_most=30)
                missing = []
                for i, want in enumerate(expected):
                    cell = lab.code_cells().nth(i)
                    cell.evaluate("e => e.scrollIntoView({block: 'center'})")  # off screen, nothing has a size
                    tables = cell.locator(".jp-OutputArea .jp-RenderedHTMLCommon table").count()
                    images = cell.locator(".jp-OutputArea .jp-RenderedImage img").evaluate_all(
                        "imgs => imgs.filter(i => i.naturalWidth > 0 && i.naturalHeight > 0"
                        " && i.getBoundingClientRect().width > 0 && i.getBoundingClientRect().height > 0).length")
                    if tables < want["tables"] or images < want["images"]:
                        missing.append(f"code cell {i + 1} ({want['source']!r}): {tables} of {want['tables']} tables, "
                                       f"{images} of {want['images']} charts shown")
                assert missing == [], "outputs the learner does not see:\n" + "\n".join(missing)
                images = lab.images()
                assert lab.tables().count() >= 1 and images, "lesson 1 should show at least one table and one chart"
                step(f"{lab.tables().count()} HTML tables, {len(images)} charts "
                     f"({', '.join(f'{w}×{h}' for w, h, _, _ in images)} px); no error output")

                # Screenshots of what the learner sees.
                lab.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").first.evaluate(
                    "e => e.scrollIntoView({block: 'start'})")
                shoot(lab, "top")
                chart_cell = next((i for i, want in enumerate(expected) if want["images"]), len(expected) - 1)
                lab.show_section_of(lab.code_cells().nth(chart_cell))
                shoot(lab, "chart")
                shots.append(lab.whole_notebook_screenshot(E2E / f"lesson-{stem}-whole.png", VIEWPORT["width"]))

                # An exercise, as a learner does it: the stub says "not answered yet"; a wrong answer gets a hint that
                # names the mistake; the right answer gets ✓.
                sources = [e["source"] for e in expected]
                exercise = lab.code_cells().nth(sources.index("Answer answer1 = () -> {"))
                stub = exercise.locator(".jp-OutputArea-output").first.text_content().strip()
                assert stub.startswith("… Exercise 1 is not answered yet"), f"the unanswered exercise shows {stub!r}"
                wrong = lab.answer(
                    exercise, "Answer answer1 = () -> Lookup.oneHot(5, 6);\nex.q1.check(answer1)", at_most=30)
                assert wrong.startswith("✗ Exercise 1") and "positions count from 0" in wrong, wrong
                step(f"exercise 1 answered wrongly: {wrong!r}")
                right = lab.answer(
                    exercise, "Answer answer1 = () -> Lookup.oneHot(4, 6);\nex.q1.check(answer1)", at_most=30)
                assert right.startswith("✓ Exercise 1"), right
                assert lab.error_outputs() == [], "answering the exercise showed errors"
                step(f"then rightly: {right!r}")
                shoot(lab, "exercise")

                # A learner's edit: a note on top of the last code cell, saved with Ctrl+S.
                lab.add_line_on_top(lab.code_cells().nth(len(expected) - 1), note)
                lab.save(lesson, note, at_most=20)
                step(f"wrote {note!r} on top of the last code cell and saved it (Ctrl+S)")

                # Ctrl+C stops the server and its kernels; the launch command again brings the lesson back.
                stopped = server.interrupt()
                assert stopped, "Ctrl+C, answering y, and Ctrl+C again did not stop `./softlookup lab`"
                left = [f"{p.pid} {' '.join(p.cmdline())[:100]}" for p in server.survivors()]
                assert left == [], "processes left running after Ctrl+C: " + "; ".join(left)
                step("Ctrl+C stopped the server and its kernels")
                server, url = serve()
                lab.open(url)
                lab.open_from_file_browser(LESSON)
                edited = lab.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .cm-content",
                                          has_text=note)
                edited.first.wait_for(timeout=deadline.ms(30))
                lab.scroll_to(edited.first)
                assert lab.tables().count() >= 1 and lab.images(), "the outputs of the learner's run were not kept"
                name, status = lab.wait_for_kernel({"idle", "unknown"}, at_most=60)
                assert name == KERNEL_DISPLAY_NAME, f"after the restart the lesson opened on the kernel {name!r}"
                shoot(lab, "after-restart")
                step(f"after a restart the note is still in the lesson, and so are the outputs; kernel {status}")
                assert lab.outside == [], "JupyterLab tried to reach outside hosts: " + ", ".join(lab.outside)
            except Exception:
                failure = E2E / f"lesson-{stem}-failure.png"
                try:  # what the learner would have seen when it went wrong
                    browser.pages[0].screenshot(path=str(failure), timeout=10_000)
                    shots.append(failure)
                except Exception:
                    pass
                raise
            finally:
                browser.close()
    finally:
        for server in servers:
            server.kill()
        with capsys.disabled():  # shown even when pytest captures output, so a person can go and look
            print(f"\nbrowser test ({deadline.seconds - deadline.end + time.monotonic():.0f} s): server log "
                  f"{E2E / 'jupyterlab.log'}" + "".join(f"\n  screenshot: {path}" for path in shots))
