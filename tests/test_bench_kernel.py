"""tools/bench_kernel.py's cells run in the real kernel and give a figure for every case: a benchmark broken by a change
to the library's API would otherwise be found only by the next person timing it. Nothing is timed here: its batches
are cut to 10 ms, and the figures are only checked to be there."""
import nbformat

import bench_kernel
import notebooks


def test_every_case_gives_a_figure_in_the_kernel():
    client = notebooks.client_for(nbformat.v4.new_notebook())
    figures = {}
    with client.setup_kernel():
        bench_kernel.run(client, "SoftLookup.setup();")
        bench_kernel.run(client, bench_kernel.TIMER)
        bench_kernel.run(client, "batchNanos = 10_000_000L;")
        for kind, size in bench_kernel.CASES:
            figures.update(bench_kernel.kernel_ms(client, kind, size))
    assert list(figures) == ["attention n=16", "attention n=64", "attention n=256", "attention n=1024",
                             "attention n=1024 closed", "step n=16 d_model=16", "step n=128 d_model=64",
                             "step 2 layers 32x20x68", "step 2 layers 32x20x68 closed"], figures
    assert all(ms > 0 for ms in figures.values()), figures


def test_latency_gives_a_figure_for_every_case_in_both_java_kernels(capsys):
    # One round, no warm-up: only that every request comes back idle and is reported, nothing about its time.
    assert bench_kernel.latency(rounds=1, warm_up=0) == 0
    rows = {line[:24].strip(): line[24:] for line in capsys.readouterr().out.splitlines()[3:] if line.strip()}
    assert list(rows) == [name for name, _, _ in bench_kernel.LATENCY_CASES]
    assert all(len(cells.split("]")) >= 3 for cells in rows.values()), rows  # a "median (busy) [min-max]" per kernel
