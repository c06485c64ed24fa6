"""A learner's path, end to end in a real browser: the launch command serves JupyterLab, a lesson runs and shows its
tables and charts (the same values and pictures as stored), an exercise answered wrongly shows a hint and answered
rightly ✓ (lesson 1), and what the learner writes survives a restart of the server. Lesson 1, the one in the
README's picture, and lesson 4, the one with the most cells.

The test drives headless Debian Chromium (Playwright, no browser download) against `./softlookup lab`, serving a
copy of notebooks/ so the repository's lessons are never written to. Screenshots go to lib/target/e2e/, and so does
the server's log (jupyterlab.log). Everything runs on 127.0.0.1; requests anywhere else are blocked and fail the test.
"""
import html.parser
import os
import re
import time
import uuid

import nbformat

from learner import (KERNEL_DISPLAY_NAME, NOTEBOOK, Deadline, Lab, LabServer, copy_notebooks, free_port,
                     launch_chromium)
from notebooks import NOTEBOOKS, ROOT, image_difference, images

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # a clear failure, not a skip: tests/requirements.txt pins Playwright
    sync_playwright = None

LESSON = "01-hashtable-to-one-hot.ipynb"  # the README's picture: run, an exercise, an edit kept over a restart
HEAVIEST = "04-derivatives.ipynb"  # run and compared too, on the same server
E2E = ROOT / "lib" / "target" / "e2e"
BUDGET = 360  # seconds for the whole test: two server starts, a browser, two lesson runs, one exercise
VIEWPORT = {"width": 1280, "height": 800}


def expectations(path):
    """Per code cell (in order), what its stored outputs show: HTML tables and PNG charts."""
    nb = nbformat.read(path, as_version=4)
    cells = []
    for cell in (c for c in nb.cells if c.cell_type == "code"):
        data = [o.get("data", {}) for o in cell.get("outputs", [])
                if o.output_type in ("display_data", "execute_result")]
        tables = [d["text/html"] for d in data if "<table" in d.get("text/html", "")]
        cells.append({"tables": len(tables), "images": sum("image/png" in d for d in data),
                      "first table": table_cells(tables[0]) if tables else None,
                      "pngs": [png for png, _, _ in images(cell)],
                      "source": cell.source.strip().splitlines()[0][:70] if cell.source.strip() else "(empty)"})
    return cells


class _TableCells(html.parser.HTMLParser):
    """The text of each cell of the first table in some HTML, row by row."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell, self.done = [], None, False

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None and not self.done:
            self.rows[-1].append(" ".join(self.cell.split()))
            self.cell = None
        elif tag == "table":
            self.done = True

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def table_cells(html_text):
    parser = _TableCells()
    parser.feed(html_text)
    return parser.rows


def open_lesson(lab, name, expected, step):
    """Open a lesson from the file browser: it must open on our kernel, with no kernel picker, its stored outputs
    shown."""
    lab.open_from_file_browser(name)
    assert lab.dialogs() == [], f"opening {name} asked something: {lab.dialogs()}"
    # JJava answers no history_request, so JupyterLab shows "unknown" (connected) until the first run.
    kernel, status = lab.wait_for_kernel({"idle", "unknown"}, at_most=60)
    assert kernel == KERNEL_DISPLAY_NAME, f"{name} opened on the kernel {kernel!r}"
    step(f"opened {name}: kernel {kernel!r}, {status}")
    assert lab.code_cells().count() == len(expected), f"{name}: JupyterLab shows another number of code cells"
    assert lab.tables().count() > 0, f"{name}: the stored tables are not shown when the lesson opens"


def run_and_compare(lab, name, expected, step):
    """Clear the outputs, Run All Cells, and check what the learner sees against the stored outputs: no error, every
    cell run, the Java kernel idle, every stored table and chart shown (no more, no fewer), and the first table's
    values and the first chart's picture the same as stored."""
    # Clear the stored outputs first, so that everything checked below comes from this run.
    lab.menu("Edit", "Clear Outputs of All Cells")
    assert lab.tables().count() == 0 and lab.images() == [], f"{name}: Clear Outputs of All Cells left outputs"
    step(f"{name}: Edit → Clear Outputs of All Cells; Run → Run All Cells …")
    prompts = lab.run_all(at_most=120)
    step(f"{name}: run finished: prompts {prompts[0]} … {prompts[-1]}")
    errors = lab.error_outputs()
    assert errors == [], f"{name}: the learner sees errors:\n" + "\n".join(errors)
    unrun = [f"code cell {i + 1} ({e['source']!r}): {p}" for i, (e, p) in enumerate(zip(expected, prompts))
             if not re.match(r"^\[\d+\]:$", p)]
    assert unrun == [], f"{name}: cells that did not run: " + "; ".join(unrun)
    kernel, status = lab.kernel()
    assert (kernel, status) == (KERNEL_DISPLAY_NAME, "idle"), \
        f"{name}: after the run the toolbar shows the kernel {kernel!r}, {status}"

    # What the learner should see: every stored table as an HTML table, every chart as a visible image (a live
    # control's chart is an ipywidgets Image).
    lab.wait_for_images(at_most=30)
    missing = []
    for i, want in enumerate(expected):
        cell = lab.code_cells().nth(i)
        cell.evaluate("e => e.scrollIntoView({block: 'center'})")  # off screen, nothing has a size
        tables = cell.locator(".jp-OutputArea .jp-RenderedHTMLCommon table").count()
        images = cell.locator(".jp-OutputArea .jp-RenderedImage img, .jp-OutputArea img.widget-image").evaluate_all(
            "imgs => imgs.filter(i => i.naturalWidth > 0 && i.naturalHeight > 0"
            " && i.getBoundingClientRect().width > 0 && i.getBoundingClientRect().height > 0).length")
        if tables != want["tables"] or images != want["images"]:
            missing.append(f"code cell {i + 1} ({want['source']!r}): {tables} of {want['tables']} tables, "
                           f"{images} of {want['images']} charts shown")
    assert missing == [], f"{name}: outputs the learner does not see, or more than stored:\n" + "\n".join(missing)
    images = lab.images()
    assert lab.tables().count() >= 1 and images, f"{name} should show at least one table and one chart"
    # The values and the picture, not only their number: the first table and the first chart as stored.
    t = next(i for i, want in enumerate(expected) if want["tables"])
    shown = lab.table_cells(lab.code_cells().nth(t))
    assert shown == expected[t]["first table"], \
        f"{name}, code cell {t + 1}: the table shows {shown}, stored {expected[t]['first table']}"
    c = next(i for i, want in enumerate(expected) if want["images"])
    received = lab.image_bytes(lab.code_cells().nth(c))
    assert len(received) == len(expected[c]["pngs"]), f"{name}, code cell {c + 1}: {len(received)} images"
    said = image_difference(expected[c]["pngs"][0], received[0])
    assert said is None, f"{name}, code cell {c + 1}: the chart in the browser {said}"
    step(f"{name}: code cell {t + 1}'s table has the stored values; code cell {c + 1}'s chart is the stored one")
    step(f"{name}: {lab.tables().count()} HTML tables, {len(images)} charts "
         f"({', '.join(f'{w}×{h}' for w, h, _, _ in images)} px); no error output")


def test_a_learner_runs_lessons_1_and_4_in_jupyterlab_and_keeps_an_edit(tmp_path, capsys):
    """Lesson 1 run and compared, its exercise answered, a note written and saved; Ctrl+C and the launch command
    again: the note and the outputs are still there and the kernel starts; then lesson 4 run and compared on the
    same server, in the same browser (its own servers and restart would test nothing lesson 1 does not)."""
    assert sync_playwright, "Playwright is missing from .venv: ./softlookup test installs tests/requirements.txt"
    for name in (LESSON, HEAVIEST):
        assert (NOTEBOOKS / name).exists(), f"the lesson to run is missing: notebooks/{name}"
    log = E2E / "jupyterlab.log"
    deadline = Deadline(BUDGET)
    current = {"stem": LESSON[:2]}  # the lesson on screen, for the failure screenshot's name

    def step(text):
        print(f"[browser test {deadline.seconds - deadline.left():5.1f} s] {text}", flush=True)

    E2E.mkdir(parents=True, exist_ok=True)
    for old in E2E.glob("lesson-*.png"):
        old.unlink()
    log.write_text("")
    copy = copy_notebooks(NOTEBOOKS, tmp_path / "notebooks")
    lesson = copy / LESSON
    expected = expectations(lesson)
    note = f"// My note, written in JupyterLab: {uuid.uuid4().hex[:12]}"
    port = free_port()
    servers, shots = [], []

    def serve():
        server = LabServer(copy, tmp_path / "jupyter", log, port)
        servers.append(server)
        url = server.start(deadline, at_most=120)
        step(f"`./softlookup lab` printed {url.split('?')[0]}?token=… and JupyterLab answers")
        return server, url

    def shoot(lab, name):
        path = lab.screenshot(E2E / f"lesson-{current['stem']}-{name}.png")
        shots.append(path)
        return path

    step(f"serving a copy of notebooks/ from {copy}; lessons {LESSON} and {HEAVIEST}; budget {BUDGET} s")
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

                open_lesson(lab, LESSON, expected, step)
                shoot(lab, "opened")
                run_and_compare(lab, LESSON, expected, step)

                # Screenshots of what the learner sees.
                lab.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").first.evaluate(
                    "e => e.scrollIntoView({block: 'start'})")
                shoot(lab, "top")
                chart_cell = next((i for i, want in enumerate(expected) if want["images"]), len(expected) - 1)
                lab.show_section_of(lab.code_cells().nth(chart_cell))
                shoot(lab, "chart")
                shots.append(lab.whole_notebook_screenshot(E2E / f"lesson-{current['stem']}-whole.png",
                                                           VIEWPORT["width"]))

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
                # A kernel that is merely connected shows "unknown" (JJava answers no history request): run the
                # setup cell, and only the Java kernel's idle counts.
                lab.wait_for_kernel({"idle", "unknown"}, at_most=60)
                lab.run_cell(lab.code_cells().first)
                lab.page.wait_for_function(
                    "sel => /^\\[\\d+\\]:$/.test(document.querySelector(sel).textContent.trim())",
                    arg=f"{NOTEBOOK} .jp-CodeCell .jp-InputPrompt", timeout=deadline.ms(60))
                name, status = lab.wait_for_kernel({"idle"}, at_most=60)
                assert name == KERNEL_DISPLAY_NAME, f"after the restart the lesson opened on the kernel {name!r}"
                assert lab.error_outputs() == [], "the setup cell failed after the restart"
                shoot(lab, "after-restart")
                step(f"after a restart the note is still in the lesson, and so are the outputs; kernel {status}")

                # The heaviest lesson, on the restarted server: opened, run and compared like lesson 1.
                current["stem"] = HEAVIEST[:2]
                heaviest = expectations(copy / HEAVIEST)
                open_lesson(lab, HEAVIEST, heaviest, step)
                run_and_compare(lab, HEAVIEST, heaviest, step)
                lab.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").first.evaluate(
                    "e => e.scrollIntoView({block: 'start'})")
                shoot(lab, "top")
                assert lab.outside == [], "JupyterLab tried to reach outside hosts: " + ", ".join(lab.outside)
            except Exception:
                failure = E2E / f"lesson-{current['stem']}-failure.png"
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
                  f"{log}" + "".join(f"\n  screenshot: {path}" for path in shots))


def tree_digest(folder):
    """Every file under a folder, by relative path, with a hash of its bytes: what "unchanged" means here."""
    import hashlib
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_lab_on_the_repositorys_notebooks_leaves_them_byte_for_byte_unchanged(tmp_path):
    """The README's promise where it matters: `./softlookup lab` with no SOFTLOOKUP_NOTEBOOKS serves notebooks/ itself,
    runs its set-up, opens a lesson and starts its kernel, and stops on Ctrl+C; not one byte of notebooks/ changes."""
    import json
    import urllib.request

    before = tree_digest(NOTEBOOKS)
    E2E.mkdir(parents=True, exist_ok=True)
    server = LabServer(NOTEBOOKS, tmp_path / "jupyter", E2E / "jupyterlab-own-notebooks.log", free_port())
    try:
        url = server.start(Deadline(120), at_most=120)
        base, token = re.match(r"(http://127\.0\.0\.1:\d+)/lab[^?]*\?token=(\w+)", url).groups()
        lesson = "01-hashtable-to-one-hot.ipynb"
        with urllib.request.urlopen(f"{base}/api/contents/{lesson}?token={token}", timeout=30) as response:
            assert json.load(response)["name"] == lesson, "the server serves the repository's lessons"
        body = json.dumps({"path": lesson, "type": "notebook", "name": lesson, "kernel": {"name": "softlookup"}})
        request = urllib.request.Request(f"{base}/api/sessions?token={token}", data=body.encode(), method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            assert json.load(response)["kernel"]["name"] == "softlookup"
        assert server.interrupt(), "Ctrl+C did not stop `./softlookup lab`"
    finally:
        server.kill()
    assert tree_digest(NOTEBOOKS) == before, "`./softlookup lab` changed notebooks/"
