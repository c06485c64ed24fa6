"""Execute the course's notebooks with the real Java kernel, compare their outputs, store them, time them.

    python notebooks.py store [notebook ...]   re-execute and write outputs back (cell sources are kept)
    python notebooks.py bench                  per notebook: wall time, kernel start to first result, peak RSS
    python notebooks.py train                  every lesson's code in one kernel, outputs dropped (for ./softlookup)

The tests (tests/test_notebooks.py) import this file, so what is tested is what is stored.
"""
import base64
import io
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
    """Run a notebook top to bottom in a fresh kernel; return the executed copy as it is stored (errors are outputs,
    not raised)."""
    nb = nbformat.read(path, as_version=4)
    client_for(nb, allow_errors=True).execute()
    return static_outputs(nb)


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
OUTPUT_MODELS = ("ImageModel", "HTMLModel")


def static_outputs(nb):
    """A live control's outputs as stored: its chart and text shown by their picture and text alone, without the
    Image and HTML models that redraw them in a running kernel (an Image's PNG would be stored twice: in the output,
    and as a buffer in the widget state). The sliders' box stays. Returns nb, changed in place."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    dropped = set()
    for _, cell in code_cells(nb):
        for out in cell.get("outputs", []):
            if out.output_type == "display_data" and WIDGET_VIEW in out.data and len(out.data) > 1:
                model = out.data[WIDGET_VIEW]["model_id"]
                if state.get(model, {}).get("model_name") in OUTPUT_MODELS:
                    del out.data[WIDGET_VIEW]
                    dropped.add(model)
    for model in dropped:
        for key in ("layout", "style"):  # each output's model has a layout and a style of its own
            ref = state[model]["state"].get(key)
            if isinstance(ref, str) and ref.startswith("IPY_MODEL_"):
                state.pop(ref[len("IPY_MODEL_"):], None)
        del state[model]
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


# Only what differs from run to run, by patterns that cannot match lesson text (tests/test_notebooks.py tries them):
# "five 0s" or "several 1s" are words; a timing has a decimal point before seconds, or a sub-second unit.
_VOLATILE = [
    (re.compile(r"(?<![\w.])\d+(?:\.\d+)? ?(?:ms|µs|ns)(?![\w])|(?<![\w.])\d+\.\d+ ?s(?![\w])"), "<time>"),
    (re.compile(r"(?<=[\w$])@[0-9a-f]{6,8}(?![\w])"), "@<id>"),  # identity hash codes in Object.toString()
    # the JDK that runs the kernel, in SoftLookup.setup()'s line: lessons stored on 17 reproduce on 25
    (re.compile(r"(?<=numbers in DOUBLE, Java )\d+(?![\w.])"), "<version>"),
]


def normalise(text):
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


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


def images(cell):
    """Every image output: (PNG bytes, the width and height Jupyter is asked to show it at, from its metadata)."""
    found = []
    for out in cell.get("outputs", []):
        if out.output_type in ("execute_result", "display_data") and "image/png" in out.data:
            shown = out.get("metadata", {}).get("image/png", {})
            found.append((base64.b64decode(out.data["image/png"]), shown.get("width"), shown.get("height")))
    return found


def png_size(data):
    """(width, height) of a valid PNG, or None: the signature and the IHDR chunk say it all."""
    if len(data) < 33 or data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return (width, height) if width > 0 and height > 0 else None


# A chart's fingerprint: the mean colour of each TILE × TILE block of pixels (charts are drawn at twice their shown
# size). Anti-aliasing and font hinting move a block's mean by a few levels of 255; every edge of a course chart
# drawn half a pixel off moves it by at most 15. A curve drawn elsewhere (XChart's 2-pixel line, 4 pixels at 2×),
# a cell whose colour flips sign or a blank panel moves some block by 50 or more. tests/test_notebooks.py tries
# both on every stored chart.
TILE = 16
TILE_TOLERANCE = 24  # levels of 255, per colour channel

def tile_means(data):
    """The fingerprint of a PNG: an RGB image TILE times smaller, each pixel the mean of a block (Pillow's reduce)."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return image.convert("RGB").reduce(TILE)


def image_difference(stored, fresh):
    """How two PNGs differ, in words, or None when they show the same picture (up to anti-aliasing)."""
    if png_size(fresh) is None:
        return "is not a valid PNG"
    if png_size(stored) != png_size(fresh):
        return "is {}×{} pixels, stored {}×{}".format(*png_size(fresh), *png_size(stored))
    from PIL import ImageChops

    diff = ImageChops.difference(tile_means(stored), tile_means(fresh))
    worst = max(high for _, high in diff.getextrema())
    if worst > TILE_TOLERANCE:
        x, y = next((x, y) for y in range(diff.height) for x in range(diff.width) if max(diff.getpixel((x, y))) == worst)
        return (f"shows something else: the {TILE}×{TILE} block at x = {x * TILE}, y = {y * TILE} px differs by "
                f"{worst} of 255 in mean colour (at most {TILE_TOLERANCE} is anti-aliasing)")
    return None


def image_differences(where, stored_cell, fresh_cell):
    """Per image of a cell: vanished or extra, another size or shown size, or another picture."""
    old, new = images(stored_cell), images(fresh_cell)
    if len(old) != len(new):
        return [f"{where}: {len(old)} stored images, {len(new)} now"]
    found = []
    for k, ((a, aw, ah), (b, bw, bh)) in enumerate(zip(old, new)):
        if (aw, ah) != (bw, bh):
            found.append(f"{where}: image {k + 1} is shown at {bw}×{bh}, stored {aw}×{ah} (metadata)")
        said = image_difference(a, b)
        if said:
            found.append(f"{where}: image {k + 1} {said}")
    return found


def differences(path, stored, fresh):
    """Where a fresh run disagrees with the stored outputs: text that changed, images that vanished or changed."""
    found = []
    old, new = code_cells(stored), code_cells(fresh)
    if len(old) != len(new):
        found.append(f"{Path(path).name}: {len(old)} code cells stored, {len(new)} now")
    for (i, a), (_, b) in zip(old, new):
        where = describe(path, i, a)
        if text_outputs(a) != text_outputs(b):
            found.append(f"{where}: output changed\n  stored: {text_outputs(a)!r:.600}\n  now:    {text_outputs(b)!r:.600}")
        found += image_differences(where, a, b)
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


def measure(path, env=None, **options):
    """Run a notebook in a fresh kernel (started with `env`, if given, instead of this process's environment) and
    sample its process tree (the kernel JVM and anything it starts): the executed notebook, wall time, kernel start
    to the first cell's result, peak RSS of the tree, peak RSS of its largest process, and the command lines seen.
    `options` go to nbclient (the tests stop the kernel at once: shutdown_kernel="immediate")."""
    import psutil

    nb = nbformat.read(path, as_version=4)
    client = client_for(nb, allow_errors=True, **options)
    marks, peak, done, commands = {}, {"tree": 0, "largest": 0}, threading.Event(), set()

    def first_result(cell, cell_index, execute_reply):
        if cell.cell_type == "code" and "first" not in marks:
            marks["first"] = time.monotonic()

    def sample():
        while not done.is_set():
            try:
                pid = client.km.provisioner.process.pid
                procs = [psutil.Process(pid)] + psutil.Process(pid).children(recursive=True)
                rss = [p.memory_info().rss for p in procs]
                peak["tree"], peak["largest"] = max(peak["tree"], sum(rss)), max(peak["largest"], max(rss))
                commands.update(" ".join(p.cmdline()) for p in procs)
            except Exception:
                pass
            done.wait(0.05)

    client.on_cell_executed = first_result
    start = time.monotonic()
    with client.setup_kernel(**({"env": env} if env is not None else {})):
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        done.set()
    wall = time.monotonic() - start
    return nb, wall, marks.get("first", start) - start, peak["tree"], peak["largest"], commands


def bench():
    """Per notebook: wall time, kernel start to the first cell's result, peak RSS of the kernel's process tree."""
    rows, total = [], 0.0
    for path in notebook_paths():
        _, wall, first, rss, _, _ = measure(path)
        total += wall
        rows.append((path.name, wall, first, rss / 2**20))
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
