"""The library timed inside a real kernel, beside NumPy in the same minutes: the second half of `./softlookup bench-lib`.

JMH's forks start with the kernel's JVM options, but a kernel also holds JShell's compiler and everything a notebook
has set up (55-62 MB on the heap, against 7 MB in a fork), and that is what a collection has to go through. So this
starts the installed kernelspec as any Jupyter client does, runs the same calls in cells (attention forward + backward,
one training step, and lesson 08's step of two attention layers, results left to the collector as a cell leaves them;
attention at n = 1024 also closed at once, lesson 08's step also closed as its loop does),
and times NumPy's version (tools/bench_numpy.py) just before and just after each case, as a learner's Python runs it
(none of the kernel's native settings: NumPy) and with them (NumPy*).

Timing as JMH does it: 3 warm-up and 5 measured batches of at least a second each, a batch's time per call being its
wall time over its calls (collections included), and the median of the 5. Prints a line per case and a table.
`bench_kernel.py attention 1024`, `bench_kernel.py step 128x64` or `bench_kernel.py layers 32x20x68` times one case.

`bench_kernel.py latency [rounds]` times the protocol instead (see latency()): how long the kernel takes from a
request to its idle, with JJava as PyPI ships it and with the notebook extension's patches, beside the Python kernel.
"""
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import jupyter_client
import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import notebooks  # noqa: E402  (the course's kernel and nbclient settings)

NATIVE_SETTINGS = ("GOMP_SPINCOUNT", "GLIBC_TUNABLES", "OPENBLAS_THREAD_TIMEOUT")

# JShell accepts top-level methods: one that times a call as JMH would, and prints the median. A batch lasts at least
# batchNanos (a second; the test of this tool sets less).
TIMER = """
long batchNanos = 1_000_000_000L;
String perCall(String name, Runnable call) {
    double[] means = new double[5];
    for (int batch = -3; batch < 5; batch++) {
        long start = System.nanoTime(), calls = 0;
        do { call.run(); calls++; } while (System.nanoTime() - start < batchNanos);
        if (batch >= 0) means[batch] = (System.nanoTime() - start) / 1e6 / calls;
    }
    java.util.Arrays.sort(means);
    return String.format(java.util.Locale.ROOT, "kernel %s median_ms=%.5f", name, means[2]);
}
"""

ATTENTION = """
INDArray q = Seeded.randn(1, {n}, 64), k = Seeded.randn(2, {n}, 64), v = Seeded.randn(3, {n}, 64);
INDArray dO = Seeded.randn(4, {n}, 64);
System.out.println(perCall("attention n={n}", () -> Attention.backward(Attention.forward(q, k, v, null), dO)));
"""

ATTENTION_CLOSED = """
System.out.println(perCall("attention n={n} closed", () -> {{
    try (var r = Attention.forward(q, k, v, null); var g = Attention.backward(r, dO)) {{ }}
}}));
"""

# As lesson 07 writes it, and as TrainingBenchmark.handDerived and NumPy's step compute it.
STEP = """
int n = {n}, d = {d};
INDArray x = Seeded.randn(5, n, d), mask = Attention.causalMask(n);
INDArray wq = Seeded.randn(6, d, d).muli(1 / Math.sqrt(d)), wk = Seeded.randn(7, d, d).muli(1 / Math.sqrt(d));
INDArray wv = Seeded.randn(8, d, d).muli(1 / Math.sqrt(d));
int[] targets = new java.util.Random(42).ints(n, 0, d).toArray();
System.out.println(perCall("step n={n} d_model={d}", () -> {{
    SelfAttention.Result r = SelfAttention.forward(x, wq, wk, wv, mask);
    SelfAttention.WeightGradients g = SelfAttention.weightGradients(r, CrossEntropy.gradient(r.output(), targets));
    GradientDescent.step(wq, g.dWq(), 0.1);
    GradientDescent.step(wk, g.dWk(), 0.1);
    GradientDescent.step(wv, g.dWv(), 0.1);
}}));
"""

# Lesson 08's step, as LayerTrainingBenchmark.java and NumPy's `layers` compute it: one fixed batch of its task, two
# layers of one head, the unembedding, cross-entropy at the scored rows, backward, Adam on the 9 arrays. {b} sequences
# (the test of this tool sets fewer); the sequences' length and d_model are the task's.
LAYERS = """
Induction.Batch batch = Induction.batch(42, {b});
INDArray mask = Attention.causalMask(batch.length());
AttentionLayer.Head head(long seed) {{
    int d = Induction.D_MODEL;
    return new AttentionLayer.Head(Seeded.randn(seed, d, 16).muli(0.1), Seeded.randn(seed + 1, d, 16).muli(0.1),
        Seeded.randn(seed + 2, d, 16).muli(0.1), Seeded.randn(seed + 3, 16, d).muli(0.1));
}}
List<AttentionLayer.Head> layer1 = List.of(head(100)), layer2 = List.of(head(200));
INDArray wu = Seeded.randn(999, Induction.D_MODEL, Induction.VOCABULARY).muli(0.1);
List<INDArray> params = new ArrayList<>(AttentionLayer.params(layer1));
params.addAll(AttentionLayer.params(layer2));
params.add(wu);
Adam adam = new Adam(0.003);
List<INDArray> grads(AttentionLayer.Gradients g1, AttentionLayer.Gradients g2, Linear.Gradients unembed) {{
    List<INDArray> all = new ArrayList<>(g1.list());
    all.addAll(g2.list());
    all.add(unembed.dW());
    return all;
}}
System.out.println(perCall("step 2 layers {size}", () -> {{
    var r1 = AttentionLayer.forward(batch.x(), layer1, mask);
    var r2 = AttentionLayer.forward(r1.output(), layer2, mask);
    var out = Linear.forward(r2.output(), wu);
    double loss = CrossEntropy.at(out.output(), batch.positions(), batch.targets());
    var unembed = Linear.backward(out, CrossEntropy.gradientAt(out.output(), batch.positions(), batch.targets()));
    var g2 = AttentionLayer.backward(r2, unembed.dX());
    adam.step(params, grads(AttentionLayer.weightGradients(r1, g2.dX()), g2, unembed));
}}));
System.out.println(perCall("step 2 layers {size} closed", () -> {{
    try (var r1 = AttentionLayer.forward(batch.x(), layer1, mask);
            var r2 = AttentionLayer.forward(r1.output(), layer2, mask);
            var out = Linear.forward(r2.output(), wu);
            var dLogits = CrossEntropy.gradientAt(out.output(), batch.positions(), batch.targets());
            var unembed = Linear.backward(out, dLogits);
            var g2 = AttentionLayer.backward(r2, unembed.dX());
            var g1 = AttentionLayer.weightGradients(r1, g2.dX())) {{
        double loss = CrossEntropy.at(out.output(), batch.positions(), batch.targets());
        adam.step(params, grads(g1, g2, unembed));
    }}
}}));
"""

CASES = [("attention", 16), ("attention", 64), ("attention", 256), ("attention", 1024), ("step", "16x16"),
         ("step", "128x64"), ("layers", "32x20x68")]


def numpy_ms(kind, size, tuned):
    """NumPy's median for one case, in a process of its own, with or without the kernel's native settings."""
    env = {k: v for k, v in os.environ.items() if tuned or k not in NATIVE_SETTINGS}
    done = subprocess.run([sys.executable, str(Path(__file__).with_name("bench_numpy.py")), kind, str(size)],
                          env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"bench_kernel: bench_numpy.py {kind} {size} failed:\n{done.stderr}")
    return float(done.stdout.splitlines()[0].split("median_ms=")[1].split()[0])


def run(client, source):
    """Executes one cell; its printed text, or the error the kernel reported."""
    cell = nbformat.v4.new_code_cell(source)
    client.nb.cells.append(cell)
    client.execute_cell(cell, len(client.nb.cells) - 1)
    text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
    errors = [o for o in cell.outputs if o.output_type == "error"]
    if errors:
        sys.exit(f"bench_kernel: the cell failed: {errors[0].get('ename')}: {errors[0].get('evalue')}\n{source}")
    return text


def kernel_ms(client, kind, size):
    """The kernel's median ms per call for one case, by figure name: one figure, two for attention at n = 1024 and
    for lesson 08's step (left to the collector, closed)."""
    if kind == "attention":
        text = run(client, ATTENTION.format(n=size))
        if size == 1024:
            text += run(client, ATTENTION_CLOSED.format(n=size))
    elif kind == "layers":
        text = run(client, LAYERS.format(b=size.split("x")[0], size=size))
    else:
        n, d = size.split("x")
        text = run(client, STEP.format(n=n, d=d))
    figures = {}
    for line in text.splitlines():
        if line.startswith("kernel ") and " median_ms=" in line:
            name, ms = line[len("kernel "):].split(" median_ms=")
            figures[name] = float(ms)
    return figures


# The latency cases: a request, and what to send it as. A trivial cell's parts: JJava's handling of an execute_request
# without JShell (the empty cell), JShell compiling and running a snippet whose value is not shown (the declaration),
# and rendering a value (1 + 1). The slider's view prints text only, so its move is the protocol and the control.
LATENCY_CASES = [("kernel_info_request", "kernel_info", None), ("empty cell", "execute", ""),
                 ("int a = 1 + 1;", "execute", "int a = 1 + 1;"), ("1 + 1", "execute", "1 + 1"),
                 ("slider move, text view", "slider", None)]
SLIDER = 'Controls.slider("T", 0.01, 2, 0.2, t -> "T = " + t)'


class Timed:
    """One kernel, and the requests sent to it one at a time, each as soon as the one before went idle."""

    def __init__(self, name, kernel, env):
        self.name = name
        self.km, self.kc = jupyter_client.manager.start_new_kernel(kernel_name=kernel, env=env)
        self.slider = None
        self.values = iter(range(1, 10**6))

    def request(self, kind, code):
        """Sends one request; returns ms from sending to the idle status it caused, and to the kernel's busy."""
        start = time.monotonic()
        if kind == "kernel_info":
            msg_id = self.kc.kernel_info()
        elif kind == "execute":
            msg_id = self.kc.execute(code)
        else:
            value = 0.01 + (next(self.values) % 199) * 0.01  # a new value each time: the view draws every one
            msg = self.kc.session.msg("comm_msg", {"comm_id": self.slider, "data": {
                "method": "update", "state": {"value": value}, "buffer_paths": []}})
            self.kc.shell_channel.send(msg)
            msg_id = msg["header"]["msg_id"]
        busy = None
        while True:
            m = self.kc.get_iopub_msg(timeout=60)
            if m["parent_header"].get("msg_id") != msg_id or m["msg_type"] != "status":
                continue
            now = time.monotonic()
            if m["content"]["execution_state"] == "busy":
                busy = now
            elif m["content"]["execution_state"] == "idle":
                return (now - start) * 1000, ((busy or now) - start) * 1000

    def open_slider(self):
        msg_id = self.kc.execute(SLIDER)
        while True:
            m = self.kc.get_iopub_msg(timeout=60)
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            if m["msg_type"] == "comm_open" and m["content"]["data"]["state"]["_model_name"] == "FloatSliderModel":
                self.slider = m["content"]["comm_id"]
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                return

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def latency(rounds=30, warm_up=5):
    """Kernels side by side: the course's kernel with SOFTLOOKUP_JJAVA_PATCHES=off (JJava 1.0a8 as PyPI ships it)
    and as installed (KernelPatches: the shell loop waits in poll), and the Python kernel if installed. Each round
    sends every case to every kernel in turn (the order alternating from round to round), twice, the second request
    as soon as the first went idle, as a jupyter_client on the same machine, and times the second; prints medians
    (and min-max) of `rounds` after `warm_up` rounds, in ms from the request sent to its idle status, and to the
    kernel's busy status."""
    java = {k: v for k, v in os.environ.items() if k != "SOFTLOOKUP_JJAVA_PATCHES"}
    kernels = [Timed("JJava as shipped", notebooks.KERNEL, dict(java, SOFTLOOKUP_JJAVA_PATCHES="off")),
               Timed("patched", notebooks.KERNEL, java)]
    if "python3" in jupyter_client.kernelspec.KernelSpecManager().find_kernel_specs():
        kernels.append(Timed("Python (ipykernel)", "python3", dict(os.environ)))
    idle = {(k.name, c[0]): [] for k in kernels for c in LATENCY_CASES}
    busy = {key: [] for key in idle}
    try:
        for k in kernels[:2]:
            k.request("execute", "SoftLookup.setup();")  # the first cell: the patches go in, ND4J starts
            k.open_slider()
        for r in range(warm_up + rounds):
            for name, kind, code in LATENCY_CASES:
                for k in kernels if r % 2 == 0 else kernels[::-1]:
                    if k.name.startswith("Python") and kind != "kernel_info" and code not in ("", "1 + 1"):
                        continue
                    k.request(kind, code)  # sets the pattern: the timed request is sent as this one goes idle
                    to_idle, to_busy = k.request(kind, code)
                    if r >= warm_up:
                        idle[(k.name, name)].append(to_idle)
                        busy[(k.name, name)].append(to_busy)
    finally:
        for k in kernels:
            k.close()
    print(f"\nms from a request sent to its idle (to the kernel's busy), median of {rounds} [min-max], each request"
          f" sent as soon as the one before it went idle; kernels and cases interleaved")
    print(f"{'case':24}" + "".join(f"{k.name:>28}" for k in kernels))
    for name, _, _ in LATENCY_CASES:
        cells = []
        for k in kernels:
            t, b = idle[(k.name, name)], busy[(k.name, name)]
            cells.append(f"{statistics.median(t):6.1f} ({statistics.median(b):4.1f}) [{min(t):.0f}-{max(t):.0f}]"
                         if t else "—")
        print(f"{name:24}" + "".join(f"{c:>28}" for c in cells))
    return 0


def main(args):
    """No arguments: every case. "attention N", "step NxD" or "layers BxNxD": that case only. "latency [rounds]":
    the protocol's latency (latency())."""
    if args[:1] == ["latency"]:
        return latency(*(int(a) for a in args[1:2]))
    if args and (args[0] not in {kind for kind, _ in CASES} or len(args) != 2):
        sys.exit(__doc__)  # -h, --help, a case without its size: what the script takes
    cases = [(args[0], int(args[1]) if args[0] == "attention" else args[1])] if args else CASES
    missing = [s for s in NATIVE_SETTINGS if s not in os.environ]
    if missing:  # the launcher passes them, as it writes them into the kernelspec
        sys.exit(f"bench_kernel: {', '.join(missing)} not set: run it through ./softlookup bench-lib")
    nb = nbformat.v4.new_notebook()
    client = notebooks.client_for(nb)
    rows = []
    with client.setup_kernel():
        run(client, "SoftLookup.setup();")
        run(client, TIMER)
        for kind, size in cases:
            before = numpy_ms(kind, size, False), numpy_ms(kind, size, True)
            figures = kernel_ms(client, kind, size)
            after = numpy_ms(kind, size, True), numpy_ms(kind, size, False)
            print("; ".join(f"kernel {name} median_ms={ms:.5f}" for name, ms in figures.items()),
                  f"(NumPy {before[0]:.3f}, {after[1]:.3f}; NumPy* {before[1]:.3f}, {after[0]:.3f})", flush=True)
            plain, tuned = statistics.mean((before[0], after[1])), statistics.mean((before[1], after[0]))
            for name, ms in figures.items():
                rows.append((name, ms, plain, tuned, before[0], after[1], before[1], after[0]))

    print("\nIn a kernel started from the installed kernelspec (median ms per call; NumPy before, after each case)")
    print(f"{'case':32} {'kernel':>9} {'/ NumPy':>8} {'/ NumPy*':>9}   {'NumPy':>17}   {'NumPy*':>17}")
    for name, ms, plain, tuned, p0, p1, t0, t1 in rows:
        print(f"{name:32} {ms:9.3f} {ms / plain:7.2f}× {ms / tuned:8.2f}×   {p0:8.3f},{p1:8.3f}   {t0:8.3f},{t1:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
