"""Execute the course's notebooks with the real Java kernel, compare their outputs, store them, time them.

    python notebooks.py store [notebook ...]   re-execute and write outputs back (cell sources are kept)
    python notebooks.py bench                  per notebook: wall time, kernel start to first result, peak RSS
    python notebooks.py train                  every lesson's code in one kernel, outputs dropped (for ./softlookup)

The tests (tests/test_notebooks.py) import this file, so what is tested is what is stored.
"""
import base64
import re
import struct
import sys
import threading
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
KERNEL = "softlookup"
CELL_TIMEOUT = 120  # seconds; a lesson's slowest cell takes a few


def notebook_paths():
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def client_for(nb, **options):
    """An nbclient for the course's kernel, started in the notebooks folder (where lessons find their images)."""
    return NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name=KERNEL, record_timing=False,
                          resources={"metadata": {"path": str(NOTEBOOKS)}}, **options)


def execute(path):
    """Run a notebook top to bottom in a fresh kernel; return the executed copy (errors are outputs, not raised)."""
    nb = nbformat.read(path, as_version=4)
    client_for(nb, allow_errors=True).execute()
    return nb


def code_cells(nb):
    return [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]


def describe(path, index, cell):
    first = cell.source.strip().splitlines()[0] if cell.source.strip() else "(empty)"
    return f"{Path(path).name}, cell {index} ({first[:60]!r})"


def problems(path, nb):
    """Error outputs and stderr text: a learner should never see either."""
    found = []
    for i, cell in code_cells(nb):
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                found.append(f"{describe(path, i, cell)}: {out.ename}: {out.evalue}")
            elif out.output_type == "stream" and out.name == "stderr":
                found.append(f"{describe(path, i, cell)}: stderr: {out.text.strip()[:300]}")
    return found


_VOLATILE = [
    (re.compile(r"\b\d+(\.\d+)?\s?(ms|µs|us|ns|s)\b"), "<time>"),  # timings
    (re.compile(r"@[0-9a-f]{6,}\b"), "@<id>"),  # identity hash codes in toString()
]


def normalise(text):
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def text_outputs(cell):
    """What a reader sees as text: streams, plain text and HTML, in order (images are checked separately)."""
    seen = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            seen.append(("stream", normalise(out.text)))
        elif out.output_type in ("execute_result", "display_data"):
            for mime in ("text/html", "text/plain", "text/markdown", "text/latex"):
                if mime in out.data:
                    seen.append((mime, normalise(out.data[mime])))
            if WIDGET_VIEW in out.data:  # a live control: the same widget, whatever its model's (random) id
                seen.append((WIDGET_VIEW, {**out.data[WIDGET_VIEW], "model_id": "<model id>"}))
        elif out.output_type == "error":
            seen.append(("error", out.ename))
    return seen


def pngs(cell):
    return [base64.b64decode(out.data["image/png"]) for out in cell.get("outputs", [])
            if out.output_type in ("execute_result", "display_data") and "image/png" in out.data]


def png_size(data):
    """(width, height) of a valid PNG, or None: the signature and the IHDR chunk say it all."""
    if len(data) < 33 or data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return (width, height) if width > 0 and height > 0 else None


def differences(path, stored, fresh):
    """Where a fresh run disagrees with the stored outputs: text that changed, images that vanished or broke."""
    found = []
    old, new = code_cells(stored), code_cells(fresh)
    for (i, a), (_, b) in zip(old, new):
        where = describe(path, i, a)
        if text_outputs(a) != text_outputs(b):
            found.append(f"{where}: output changed\n  stored: {text_outputs(a)!r:.600}\n  now:    {text_outputs(b)!r:.600}")
        if any(png_size(p) is None for p in pngs(b)):
            found.append(f"{where}: a fresh image is not a valid PNG")  # stored ones: test_stored_outputs_are_complete
        if len(pngs(a)) != len(pngs(b)):
            found.append(f"{where}: {len(pngs(a))} stored images, {len(pngs(b))} now")
    return found


def store(names):
    paths = [NOTEBOOKS / Path(n).with_suffix(".ipynb").name for n in names] or notebook_paths()
    failed = False
    for path in paths:
        start = time.monotonic()
        nb = execute(path)
        found = problems(path, nb)
        if found:
            failed = True
            print(f"NOT stored {path.name}: " + "\n  ".join(found))
            continue
        tmp = path.with_suffix(".ipynb.tmp")
        nbformat.write(nb, tmp)
        tmp.replace(path)
        print(f"stored {path.name} ({time.monotonic() - start:.1f} s)")
    return 1 if failed else 0


def bench():
    """Per notebook: wall time, kernel start to the first cell's result, peak RSS of the kernel's process tree."""
    import psutil

    rows, total = [], 0.0
    for path in notebook_paths():
        nb = nbformat.read(path, as_version=4)
        client = client_for(nb)
        marks, peak, done = {}, [0], threading.Event()

        def first_result(cell, cell_index, execute_reply):
            if cell.cell_type == "code" and "first" not in marks:
                marks["first"] = time.monotonic()

        def sample():
            while not done.is_set():
                try:
                    pid = client.km.provisioner.process.pid
                    procs = [psutil.Process(pid)] + psutil.Process(pid).children(recursive=True)
                    peak[0] = max(peak[0], sum(p.memory_info().rss for p in procs))
                except Exception:
                    pass
                done.wait(0.05)

        client.on_cell_executed = first_result
        start = time.monotonic()
        with client.setup_kernel():
            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
            done.set()
        wall = time.monotonic() - start
        total += wall
        rows.append((path.name, wall, marks.get("first", start) - start, peak[0] / 2**20))
    print(f"{'notebook':40} {'wall s':>7} {'first result s':>15} {'peak RSS MB':>12}")
    for name, wall, first, rss in rows:
        print(f"{name:40} {wall:7.1f} {first:15.1f} {rss:12.0f}")
    print(f"{'whole suite':40} {total:7.1f}")
    return 0


def train():
    """Run every lesson's code cells in one kernel and drop the outputs: the launcher's class-archive training run.

    The kernel JVM writes its archive when it exits, so the shutdown is given time to finish."""
    sources = [cell.source for path in notebook_paths() for _, cell in code_cells(nbformat.read(path, as_version=4))]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in sources])  # fresh cell ids
    client = client_for(nb, allow_errors=True)
    client.create_kernel_manager().shutdown_wait_time = 60  # the manager execute() then uses
    client.execute()
    return 0


if __name__ == "__main__":
    commands = {"store": lambda: store(sys.argv[2:]), "bench": bench, "train": train}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        sys.exit(2)
    sys.exit(commands[sys.argv[1]]())
