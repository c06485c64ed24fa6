"""A live control driven the way JupyterLab's widget manager drives it, but straight over the kernel protocol.

    python controls.py bench [notebook.ipynb …]
        redraw latency of the lessons' live controls (default: lessons 03, 04 and 05): each lesson's cells up to
        its control run in a fresh kernel, then its first slider is moved, one value at a time, and the times from
        the slider message to the kernel's idle, to the last output drawn (charts as 1× drafts) and to the charts
        drawn sharp after the slider rests are taken; then a drag of 30 values sent as ipywidgets sends them

A Kernel starts the course's kernel with jupyter_client, runs a cell that shows a control, and then plays the front
end: comm_msg updates with new slider values, request_state, and reading the comm_msg updates of the outputs' models
(an Image's PNG arrives as the message's buffer) that come back.
test_controls.py asserts on it; the bench prints timings (meaningful only on a quiet machine).
"""
import math
import statistics
from pathlib import Path
import sys
import time
from queue import Empty

import jupyter_client
import nbformat

# The temperature control of lesson 03 at the query of 20°: weights bars and the weights as a text line.
CELL = """
INDArray s20 = Colours.query(20).mmul(Colours.keys().transpose());
Controls.slider("T", 0.01, 2, 0.2, t -> List.of(
    Charts.bars("query 20°, T = " + t, "key", "weight", Colours.NAMES, Softmax.of(s20, t)),
    "weights at T = " + t + ": " + Arrays.toString(Softmax.of(s20, t).toDoubleVector())))
"""
HUES = [0, 60, 120, 180, 240, 300]


def weights(temperature, query_hue=20):
    """softmax(s / T) for s_j = cos(query hue − key hue j): what lesson 03 computes, by the definition."""
    e = [math.exp(math.cos(math.radians(query_hue - h)) / temperature) for h in HUES]
    return [x / sum(e) for x in e]


def parse_weights(text):
    """The numbers after the colon of "weights at T = …: [a, b, …]"."""
    return [float(x) for x in text.split(": ", 1)[1].strip("[]").split(",")]


class Kernel:
    def __init__(self):
        self.km, self.kc = jupyter_client.manager.start_new_kernel(kernel_name="softlookup")
        self.seen = []

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)

    def run(self, code, timeout=120):
        """Executes a cell; returns its IOPub messages (comm_open, display_data, stream, error, …) in order."""
        msg_id = self.kc.execute(code)
        seen = []
        while True:
            m = self.kc.get_iopub_msg(timeout=timeout)
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                return seen
            seen.append(m)

    def send(self, comm_id, data):
        """A comm_msg as the front end sends it; returns its msg_id."""
        msg = self.kc.session.msg("comm_msg", {"comm_id": comm_id, "data": data})
        self.kc.shell_channel.send(msg)
        return msg["header"]["msg_id"]

    def collect(self, msg_types, at_least=1, quiet=2.0, timeout=60):
        """IOPub messages of the given types, with their arrival times: at least `at_least`, then until none has
        come for `quiet` seconds."""
        found, last, start = [], time.monotonic(), time.monotonic()
        while (len(found) < at_least or time.monotonic() - last < quiet) and time.monotonic() - start < timeout:
            try:
                m = self.kc.get_iopub_msg(timeout=0.1)
            except Empty:
                continue
            if m["msg_type"] in msg_types:
                found.append((time.monotonic(), m))
                last = time.monotonic()
        return found

    def replies(self, parent, updates, timeout=5.0):
        """Waits for the shell's idle after message `parent` and for `updates` model updates (comm_msg) caused by it;
        returns their arrival times: {"idle": t, "updates": [t, …]}. Every IOPub message read is kept in self.seen
        with its time."""
        times, start = {"updates": []}, time.monotonic()
        while ("idle" not in times or len(times["updates"]) < updates) \
                and time.monotonic() - start < timeout:
            try:
                m = self.kc.get_iopub_msg(timeout=0.1)
            except Empty:
                continue
            now = time.monotonic()
            self.seen.append({"msg_type": m["msg_type"], "time": now})
            if m["parent_header"].get("msg_id") != parent:
                continue
            if m["msg_type"] == "comm_msg":
                times["updates"].append(now)
            elif m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                times["idle"] = now
        if "idle" not in times or len(times["updates"]) < updates:
            raise TimeoutError(f"after {timeout} s: {times}")
        return times


def restore(kernel, timeout=10.0):
    """What JupyterLab's widget manager does after a page reload: comm_info_request for the widget target, then
    request_state to every comm listed. Returns the reply's content and {comm_id: (state, buffers)}, each state with
    its buffers put back at their paths (as @jupyter-widgets/base's put_buffers does)."""
    kc = kernel.kc
    msg = kc.session.msg("comm_info_request", {"target_name": "jupyter.widget"})
    kc.shell_channel.send(msg)
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
            break
    asked = {kernel.send(comm_id, {"method": "request_state"}): comm_id for comm_id in reply["content"]["comms"]}
    states, start = {}, time.monotonic()
    while len(states) < len(asked) and time.monotonic() - start < timeout:
        try:
            m = kc.get_iopub_msg(timeout=0.1)
        except Empty:
            continue
        parent = m["parent_header"].get("msg_id")
        if m["msg_type"] == "comm_msg" and parent in asked:
            data = m["content"]["data"]
            state = dict(data["state"])
            for path, buffer in zip(data["buffer_paths"], m["buffers"]):
                state[path[0]] = bytes(buffer)
            states[asked[parent]] = state
    return reply["content"], states


def pngs(outputs):
    """How many of a control's outputs are charts, which are drawn again sharp once the slider rests."""
    return sum(1 for o in outputs if "image/png" in o["data"])


VIEW = "application/vnd.jupyter.widget-view+json"


def shown(messages):
    """From a cell's messages: comm_opens by comm id, the sliders' box display, and the outputs' displays (each an
    Image or HTML model's view beside its picture or text)."""
    opens = {m["content"]["comm_id"]: m for m in messages if m["msg_type"] == "comm_open"}
    displays = [m["content"] for m in messages if m["msg_type"] == "display_data"]
    views = [d for d in displays if VIEW in d["data"]
             and model_name(opens, d["data"][VIEW]["model_id"]) == "VBoxModel"]
    return opens, views, [d for d in displays if d not in views]


def model_name(opens, comm_id):
    return opens[comm_id]["content"]["data"]["state"]["_model_name"] if comm_id in opens else None


def model_of(output):
    """The comm id of the model an output shows."""
    return output["data"][VIEW]["model_id"]


def slider_id(opens):
    return next(i for i, m in opens.items() if m["content"]["data"]["state"]["_model_name"] == "FloatSliderModel")


LESSONS = ["03-soft-lookup.ipynb", "04-derivatives.ipynb", "05-why-divide-by-sqrt-dk.ipynb"]
SLIDER_MODELS = ("FloatSliderModel", "FloatLogSliderModel")
SETTLE_MS = 150  # Live.SETTLE_MS


def slider_values(state, count):
    """`count` values of a slider as its front end would send them, each far from the one before."""
    if state["_model_name"] == "FloatLogSliderModel":  # min, max, step: exponents of base
        exponents = [state["min"] + k * state["step"] for k in range(round((state["max"] - state["min"])
                                                                           / state["step"]) + 1)]
        return [state["base"] ** exponents[(k * 4) % len(exponents)] for k in range(count)]
    steps = round((state["max"] - state["min"]) / state["step"])
    return [state["min"] + ((k * 7919) % (steps + 1)) * state["step"] for k in range(count)]


def bench_lesson(path, warm_up=3, moves=20):
    nb = nbformat.read(path, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    at = next((i for i, src in enumerate(code) if "Controls." in src), None)
    if at is None:
        print(f"{path.name}: no live control (no cell calls Controls.…)")
        return
    k = Kernel()
    try:
        for src in code[:at]:
            k.run(src)
        messages = k.run(code[at])
        opens, _, outputs = shown(messages)
        errors = [m["content"] for m in messages if m["msg_type"] in ("error", "stream")]
        if errors:
            raise RuntimeError(f"{path.name}: the control's cell failed: {errors}")
        sliders = [(i, m["content"]["data"]["state"]) for i, m in opens.items()
                   if m["content"]["data"]["state"]["_model_name"] in SLIDER_MODELS]
        slider, state = sliders[0]
        drawn = sum(1 for o in outputs if VIEW in o["data"])
        values = slider_values(state, warm_up + moves + 30)
        drafts, sharps, idles = [], [], []
        for v in values[:warm_up + moves]:
            start = time.monotonic()
            sent = k.send(slider, {"method": "update", "state": {"value": v}, "buffer_paths": []})
            arrived = k.replies(sent, drawn + pngs(outputs), timeout=5)
            drafts.append((arrived["updates"][drawn - 1] - start) * 1000)
            sharps.append((arrived["updates"][-1] - start) * 1000)
            idles.append((arrived["idle"] - start) * 1000)
        print(f"{path.name}: slider {state['description']}, {drawn} outputs redrawn per value; {moves} single "
              f"moves after {warm_up} to warm up, from the slider message sent to")
        # The rest period starts when the drafts are sent: what follows it is the sharp chart's painting and encoding.
        after_rest = [s - d - SETTLE_MS for s, d in zip(sharps, drafts)]
        for name, times in [("the kernel idle again (the front end may send the next value)", idles),
                            ("the last output drawn (charts as 1× drafts)", drafts),
                            (f"the charts drawn sharp (2×) once the slider rested {SETTLE_MS} ms", sharps),
                            ("  of which after the rest period ended (painting and encoding at 2×)", after_rest)]:
            times = times[warm_up:]
            print(f"  {name}: median {statistics.median(times):.0f} ms, min {min(times):.0f} ms, "
                  f"max {max(times):.0f} ms")
        # A drag as ipywidgets sends it: one message awaiting the kernel's idle at a time, the newest value next.
        start = time.monotonic()
        for n, v in enumerate(values[-30:]):
            sent = k.send(slider, {"method": "update", "state": {"value": v}, "buffer_paths": []})
            arrived = k.replies(sent, drawn if n == 29 else 0, timeout=5)
        end = arrived["updates"][drawn - 1]
        count = sum(1 for m in k.seen if m["msg_type"] == "comm_msg" and start <= m["time"] <= end)
        print(f"  a drag of 30 values, each sent when the kernel is idle again: {count // drawn} redraws, the last "
              f"value drawn {(end - start) * 1000:.0f} ms after the first was sent")
    finally:
        k.close()


def bench(paths):
    root = Path(__file__).resolve().parents[1] / "notebooks"
    for path in [Path(p) for p in paths] or [root / name for name in LESSONS]:
        bench_lesson(path)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] != ["bench"]:
        print(__doc__)
        sys.exit(2)
    sys.exit(bench(sys.argv[2:]))
