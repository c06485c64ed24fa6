"""A learner's tools for the browser test (test_browser.py): the launch command, headless Chromium, JupyterLab.

LabServer runs `./softlookup lab` as a learner does and stops it as a learner does (Ctrl+C); it always kills
what it started. Lab wraps a Playwright page showing JupyterLab and does what a learner does there: the file
browser, the menus, the keyboard. Nothing here reaches beyond 127.0.0.1.
"""
import os
import pty
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import psutil

from notebooks import ROOT

LAUNCHER = ROOT / "softlookup"
CHROMIUM = os.environ.get("SOFTLOOKUP_CHROMIUM", "/usr/bin/chromium")
# --headless etc. work on these machines; the rest keep Chromium from calling Google's services and flooding the log.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
KERNEL_DISPLAY_NAME = "Java (Soft Lookup)"
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the notebook in front
ERROR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'


class Deadline:
    """One time budget for a whole test: every wait takes what is left, so the test is bounded as a whole."""

    def __init__(self, seconds):
        self.seconds, self.end = seconds, time.monotonic() + seconds

    def left(self, at_most=None):
        left = self.end - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"the browser test ran out of its {self.seconds:.0f} s")
        return left if at_most is None else min(left, at_most)

    def ms(self, at_most=None):
        """What is left, in milliseconds, for Playwright's timeouts."""
        return self.left(at_most) * 1000


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    """`./softlookup lab` on a port of ours, serving `notebooks` (a copy), with Jupyter's state in `jupyter_dir`.

    The launch command is the README's; the extra arguments are the ones a learner could add: a port, no browser
    of its own (we bring one), and --allow-root where the test runs as root (CI containers), which Jupyter refuses
    otherwise. Jupyter's settings, workspaces and runtime files live in `jupyter_dir`, so the learner is a
    first-time learner and the user's own Jupyter set-up is neither used nor touched. It runs in a terminal (a
    pseudo-terminal), as a learner's does: without one, Jupyter takes Ctrl+C for a crash and leaves its kernels
    running.
    """

    def __init__(self, notebooks, jupyter_dir, log_path, port):
        self.notebooks, self.jupyter_dir, self.log_path, self.port = Path(notebooks), Path(jupyter_dir), log_path, port
        self.process, self.url, self.known = None, None, {}
        self._log, self._lines, self._reader, self._terminal = None, [], None, None

    def start(self, deadline, at_most):
        env = dict(os.environ, SOFTLOOKUP_NOTEBOOKS=str(self.notebooks), SOFTLOOKUP_OPEN_BROWSER="False",
                   JUPYTER_CONFIG_DIR=str(self.jupyter_dir / "config"), JUPYTER_DATA_DIR=str(self.jupyter_dir / "data"),
                   JUPYTER_RUNTIME_DIR=str(self.jupyter_dir / "runtime"))
        if self.notebooks == ROOT / "notebooks":  # the repository's lessons: served as the README's command does
            del env["SOFTLOOKUP_NOTEBOOKS"]
        # Every cell in the page, so the test sees each one: in long lessons JupyterLab otherwise attaches only the
        # cells near the view. Set in this first-time learner's own settings, as a learner could set it.
        tracker = self.jupyter_dir / "config" / "lab" / "user-settings" / "@jupyterlab" / "notebook-extension"
        tracker.mkdir(parents=True, exist_ok=True)
        (tracker / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}\n')
        args = [str(LAUNCHER), "lab", f"--ServerApp.port={self.port}"]
        if os.geteuid() == 0:
            args.append("--allow-root")
        self._log = open(self.log_path, "a")
        self._log.write(f"\n$ {' '.join(args)}\n")
        self._log.flush()
        # In a terminal of its own and a session of its own: Ctrl+C goes to it alone, and its whole process group
        # can be killed in the end.
        self._terminal, terminal = pty.openpty()
        try:
            self.process = subprocess.Popen(args, cwd=ROOT, env=env, stdin=terminal, stdout=terminal,
                                            stderr=terminal, start_new_session=True)
        finally:
            os.close(terminal)
        self._lines = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        # A learner copies the URL with the token from the terminal: so do we.
        pattern = re.compile(r"(http://127\.0\.0\.1:\d+/lab[^?\s]*\?token=[0-9a-f]+)")
        end = time.monotonic() + deadline.left(at_most)
        while time.monotonic() < end:
            if self.process.poll() is not None:
                raise AssertionError(f"`./softlookup lab` exited with {self.process.returncode} before JupyterLab "
                                     f"answered:\n{self.output()[-3000:]}")
            found = pattern.search(self.output())
            if found and self._answers(found.group(1)):
                self.url = found.group(1)
                self.remember_processes()
                return self.url
            time.sleep(0.2)
        raise AssertionError(f"`./softlookup lab` printed no URL with a token, or JupyterLab did not answer it, "
                             f"within {at_most:.0f} s:\n{self.output()[-3000:]}")

    def _read(self):
        while True:
            try:
                chunk = os.read(self._terminal, 65536)
            except OSError:  # the terminal closes when the server and everything in it have exited
                break
            if not chunk:
                break
            text = chunk.decode("utf-8", "replace").replace("\r\n", "\n")
            self._lines.append(text)
            self._log.write(text)
            self._log.flush()

    def output(self):
        return "".join(self._lines)

    @staticmethod
    def _answers(url):
        import urllib.request
        api = re.sub(r"/lab[^?]*\?token=", "/api/status?token=", url)
        try:
            with urllib.request.urlopen(api, timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def remember_processes(self):
        """The server and everything below it (kernels run in sessions of their own): what kill() must end."""
        if self.process and self.process.poll() is None:
            try:
                for p in [psutil.Process(self.process.pid)] + psutil.Process(self.process.pid).children(recursive=True):
                    self.known[p.pid] = p
            except psutil.NoSuchProcess:
                pass

    def survivors(self):
        alive = []
        for p in self.known.values():
            try:
                if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                    alive.append(p)
            except psutil.NoSuchProcess:
                pass
        return alive

    def interrupt(self, seconds=30):
        """Ctrl+C, as a learner stops the server: the terminal sends SIGINT to its process group, Jupyter asks
        "Shut down this Jupyter server (y/[n])?" and the learner types y. True if the server stopped."""
        self.remember_processes()
        asked = len(self.output())
        os.killpg(self.process.pid, signal.SIGINT)
        end = time.monotonic() + seconds / 2
        while "Shut down this Jupyter server" not in self.output()[asked:] and time.monotonic() < end:
            time.sleep(0.1)
        os.write(self._terminal, b"y\n")
        try:
            self.process.wait(timeout=seconds / 2)
        except subprocess.TimeoutExpired:
            try:  # the learner's other way: Ctrl+C twice
                os.killpg(self.process.pid, signal.SIGINT)
                self.process.wait(timeout=seconds / 2)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        stopped = self.process.poll() is not None
        end = time.monotonic() + 10  # the server asks its kernels to shut down; give them a moment
        while self.survivors() and time.monotonic() < end:
            time.sleep(0.2)
        return stopped

    def kill(self):
        """End everything this server started, whatever state it is in. Safe to call more than once."""
        if self.process is None:
            return
        self.remember_processes()
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        for p in self.survivors():
            try:
                p.terminate()
            except psutil.NoSuchProcess:
                pass
        _, alive = psutil.wait_procs(self.survivors(), timeout=5)
        for p in alive:
            try:
                p.kill()
            except psutil.NoSuchProcess:
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if self.process.poll() is None:
            self.process.wait(timeout=5)
        if self._reader:
            self._reader.join(timeout=5)
        if self._terminal is not None:
            os.close(self._terminal)
            self._terminal = None
        if self._log:
            self._log.close()
            self._log = None


def launch_chromium(playwright, profile_dir, viewport):
    """Debian's Chromium, headless, with a fresh profile; a clear failure (never a skip) when it cannot start."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        raise AssertionError(f"No Chromium at {CHROMIUM}: the browser test needs Debian's `chromium` package "
                             f"(`./softlookup test` installs it with apt-get; or `sudo apt-get install chromium`; "
                             f"or point SOFTLOOKUP_CHROMIUM at a Chromium or Chrome binary).")
    try:
        return playwright.chromium.launch_persistent_context(
            str(profile_dir), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, viewport=viewport,
            timeout=60_000)
    except Exception as e:  # Playwright's error holds what Chromium printed; keep that, not the long command line
        said = [line for line in str(e).splitlines() if line.strip() and "<launching>" not in line]
        raise AssertionError(f"Could not start Chromium ({CHROMIUM}) headless, so the browser test cannot run.\n"
                             + "\n".join(said[:30])) from None


class Lab:
    """JupyterLab in a browser page, driven the way a learner drives it."""

    def __init__(self, page, deadline):
        self.page, self.deadline = page, deadline
        self.outside = []  # requests to anything but 127.0.0.1: blocked, and reported
        page.set_default_timeout(30_000)  # no single step may hang; the deadline bounds the whole
        page.route(re.compile(r"^(?!(http|ws)://127\.0\.0\.1[:/]).*"), self._block)

    def _block(self, route):
        if not route.request.url.startswith(("data:", "blob:", "about:")):
            self.outside.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    def open(self, url):
        self.page.goto(url, timeout=self.deadline.ms(60))
        self.page.locator(".jp-DirListing-item").first.wait_for(timeout=self.deadline.ms(60))

    def decline_news(self):
        """JupyterLab's first start asks about Jupyter news in a notification: a learner answers No."""
        toast = self.page.locator(".jp-Notification-Toast-default, .Toastify__toast", has_text="Jupyter news")
        try:
            toast.first.wait_for(timeout=self.deadline.ms(5))
        except Exception:
            return False
        toast.first.get_by_role("button", name="No", exact=True).click()
        toast.first.wait_for(state="detached", timeout=self.deadline.ms(10))
        return True

    def open_from_file_browser(self, name):
        item = self.page.locator(".jp-DirListing-item", has=self.page.locator(".jp-DirListing-itemText",
                                                                              has_text=name))
        item.first.wait_for(timeout=self.deadline.ms(30))
        item.first.dblclick()
        self.page.locator(f"{NOTEBOOK} .jp-Notebook").wait_for(timeout=self.deadline.ms(60))
        tab = self.page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current")
        assert tab.inner_text(timeout=self.deadline.ms(10)).strip() == name, \
            f"double-clicking {name} in the file browser did not bring it to the front"

    def dialogs(self):
        return [t.strip() for t in self.page.locator(".jp-Dialog").all_inner_texts()]

    def kernel(self):
        """(name, status) as the notebook's toolbar shows them; the status from its execution indicator."""
        name = self.page.locator(f"{NOTEBOOK} .jp-NotebookPanel-toolbar .jp-KernelName").inner_text(
            timeout=self.deadline.ms(10)).strip()
        status = self.page.locator(f"{NOTEBOOK} .jp-Notebook-ExecutionIndicator").get_attribute(
            "data-status", timeout=self.deadline.ms(10))
        return name, status

    def wait_for_kernel(self, states, at_most):
        """Wait until the kernel indicator shows one of `states`; fail naming the last state seen."""
        end = time.monotonic() + self.deadline.left(at_most)
        seen = None
        while time.monotonic() < end:
            seen = self.kernel()
            if seen[0] != "No Kernel" and seen[1] in states:  # before the session starts it says "No Kernel", idle
                return seen
            if seen[1] == "dead":
                break
            if self.dialogs():
                break
            time.sleep(0.25)
        raise AssertionError(f"the kernel did not become {'/'.join(states)}: toolbar shows {seen}; "
                             f"dialogs: {self.dialogs()}")

    def menu(self, menu, item):
        self.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{re.escape(menu)}$")).click()
        entry = self.page.locator(".lm-Menu-item:not(.lm-mod-disabled) .lm-Menu-itemLabel",
                                  has_text=re.compile(f"^{re.escape(item)}$"))
        entry.first.click(timeout=self.deadline.ms(10))

    def prompts(self):
        # textContent, not innerText: JupyterLab skips rendering cells out of view (content-visibility), and
        # innerText of a skipped cell is empty.
        return [t.strip() for t in self.page.locator(f"{NOTEBOOK} .jp-CodeCell .jp-InputPrompt").all_text_contents()]

    def run_all(self, at_most):
        """Run → Run All Cells, then wait until no cell is queued or running ([*]) and the kernel is idle."""
        self.menu("Run", "Run All Cells")
        end = time.monotonic() + self.deadline.left(at_most)
        started = False
        while time.monotonic() < end:
            prompts = self.prompts()
            running = any("*" in p for p in prompts)
            started = started or running or (prompts and all(re.match(r"^\[\d+\]:$", p) for p in prompts))
            if started and not running and self.kernel()[1] == "idle":
                return prompts
            if self.kernel()[1] == "dead" or self.dialogs():
                raise AssertionError(f"while running all cells: kernel {self.kernel()}, dialogs {self.dialogs()}")
            time.sleep(0.5)
        raise AssertionError(f"Run All Cells did not finish within {at_most:.0f} s; prompts now: {self.prompts()}")

    def code_cells(self):
        return self.page.locator(f"{NOTEBOOK} .jp-CodeCell")

    def describe(self, cell):
        source = cell.locator(".jp-InputArea-editor .cm-content .cm-line").all_text_contents()
        source = [line for line in source if line.strip()]
        return repr(source[0][:70]) if source else "(empty)"

    def error_outputs(self):
        """Error and stderr outputs, as JupyterLab renders them, with the cell each is in."""
        found = []
        for i in range(self.code_cells().count()):
            cell = self.code_cells().nth(i)
            for text in cell.locator(ERROR_OUTPUT).all_text_contents():
                found.append(f"code cell {i + 1} ({self.describe(cell)}): {text.strip()[:500]}")
        return found

    def table_cells(self, cell):
        """The text of every cell of the first HTML table in a code cell's output, row by row."""
        return cell.locator(".jp-OutputArea .jp-RenderedHTMLCommon table").first.evaluate(
            "t => [...t.rows].map(r => [...r.cells].map(c => c.textContent.trim()))")

    def image_bytes(self, cell):
        """The PNG bytes of every image in a code cell's output, as the browser received them."""
        import base64
        sources = cell.locator(".jp-OutputArea .jp-RenderedImage img").evaluate_all("imgs => imgs.map(i => i.src)")
        return [base64.b64decode(s.split(",", 1)[1]) for s in sources if s.startswith("data:image/png;base64,")]

    def run_cell(self, cell):
        """Click into a cell and press Shift+Enter, as a learner runs one cell."""
        editor = cell.locator(".jp-InputArea-editor .cm-content")
        self.scroll_to(editor)
        editor.click()
        self.page.keyboard.press("Shift+Enter")

    def tables(self):
        return self.page.locator(f"{NOTEBOOK} .jp-OutputArea .jp-RenderedHTMLCommon table")

    def images(self):
        """Every image output: (natural width, natural height, shown width, shown height)."""
        return self.page.locator(f"{NOTEBOOK} .jp-OutputArea .jp-RenderedImage img").evaluate_all(
            "imgs => imgs.map(i => { i.scrollIntoView(); const r = i.getBoundingClientRect();"
            " return [i.naturalWidth, i.naturalHeight, r.width, r.height]; })")

    def wait_for_images(self, at_most):
        """Images decode after they are attached; wait until every one has its pixels."""
        self.page.wait_for_function(
            "sel => [...document.querySelectorAll(sel)].every(i => i.complete && i.naturalWidth > 0)",
            arg=f"{NOTEBOOK} .jp-OutputArea .jp-RenderedImage img", timeout=self.deadline.ms(at_most))

    def show_section_of(self, cell):
        """Scroll so the section heading above `cell` is on top, if the cell still fits below it; else the cell's end
        at the bottom. A screenshot then shows a section as a learner reads it."""
        cell.evaluate("""cell => {
            const cells = [...cell.parentElement.children];
            let top = cell;
            for (let i = cells.indexOf(cell) - 1; i >= 0 && top === cell; i--) {
                if (cells[i].querySelector('.jp-RenderedMarkdown h2, .jp-RenderedMarkdown h3')) top = cells[i];
            }
            top.scrollIntoView({block: 'start'});
            const scroller = cell.closest('.jp-WindowedPanel-outer');
            if (cell.getBoundingClientRect().bottom > scroller.getBoundingClientRect().bottom)
                cell.scrollIntoView({block: 'end'});
        }""")
        self.page.wait_for_timeout(300)

    def scroll_to(self, locator):
        locator.scroll_into_view_if_needed(timeout=self.deadline.ms(10))

    def screenshot(self, path):
        self.page.mouse.move(1000, 12)  # an empty stretch of the menu bar: no hover effects in the picture
        self.page.screenshot(path=str(path), timeout=self.deadline.ms(30))
        return path

    def whole_notebook_screenshot(self, path, width):
        """The whole lesson in one image: make the window as tall as the notebook, then put it back."""
        scroller = self.page.locator(f"{NOTEBOOK} .jp-WindowedPanel-outer").first  # the notebook's scrolling box
        content, shown = scroller.evaluate("e => [e.scrollHeight, e.clientHeight]")
        old = self.page.viewport_size
        self.page.set_viewport_size({"width": width, "height": min(16000, old["height"] - shown + content)})
        try:
            scroller.evaluate("e => { e.scrollTop = 0; }")
            self.page.wait_for_timeout(500)
            return self.screenshot(path)
        finally:
            self.page.set_viewport_size(old)

    def add_line_on_top(self, cell, text):
        """Click into a cell's editor, go to its start, type a line: what a learner's note looks like."""
        editor = cell.locator(".jp-InputArea-editor .cm-content")
        self.scroll_to(editor)
        editor.click()
        self.page.keyboard.press("Control+Home")
        self.page.keyboard.type(text)
        self.page.keyboard.press("Enter")
        self.page.keyboard.press("Escape")  # back to command mode, as after typing

    def answer(self, cell, source, at_most):
        """Type `source` over a cell's code, as a learner answering an exercise does, run it with Shift+Enter, and
        return the text of its output once the kernel is idle again."""
        editor = cell.locator(".jp-InputArea-editor .cm-content")
        self.scroll_to(editor)
        editor.click()
        self.page.keyboard.press("Control+a")
        self.page.keyboard.press("Delete")
        self.page.keyboard.type(source)  # lines that open no block: the editor adds no indentation of its own
        before = cell.locator(".jp-InputPrompt").text_content().strip()
        self.page.keyboard.press("Shift+Enter")
        end = time.monotonic() + self.deadline.left(at_most)
        while time.monotonic() < end:
            prompt = cell.locator(".jp-InputPrompt").text_content().strip()
            if prompt != before and re.match(r"^\[\d+\]:$", prompt) and self.kernel()[1] == "idle":
                return cell.locator(".jp-OutputArea-output").first.text_content().strip()  # without the prompt
            time.sleep(0.25)
        raise AssertionError(f"the answer did not run within {at_most:.0f} s (prompt {prompt!r})")

    def save(self, path, marker, at_most):
        """Ctrl+S; then the tab is no longer marked unsaved and the file on disk holds the edit."""
        self.page.keyboard.press("Control+s")
        tab = self.page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current")
        end = time.monotonic() + self.deadline.left(at_most)
        while time.monotonic() < end:
            dirty = "jp-mod-dirty" in (tab.get_attribute("class") or "")
            if not dirty and marker in Path(path).read_text():
                return
            time.sleep(0.25)
        raise AssertionError(f"Ctrl+S did not save the edit to {path} within {at_most:.0f} s "
                             f"(tab still marked unsaved: {dirty}; dialogs: {self.dialogs()})")


def copy_notebooks(source, target):
    """The lessons, as a learner has them (with their stored outputs), in a folder the test may change."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "*.tmp"))
    return Path(target)
