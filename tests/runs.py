"""Each lesson is executed once per test session, and every test that needs a fresh run of it reads that one run:
test_notebooks compares every lesson's outputs with the stored ones, test_binder the heaviest lesson's memory.

The heaviest lesson (08: the longest run, a batch of 32 sequences through two layers for thousands of steps) runs in
the kernel Binder starts: the installed kernelspec, with the environment that binder/start makes (the kernel JVM
capped for mybinder's 2 GB), its process tree sampled for peak memory. Binder's caps are the tightest a lesson meets,
so that one run shows both that lesson 08 reproduces its outputs and that it does so within Binder's budget. The other lessons run with the kernelspec's own options (test_kernelspec checks
those, on lesson 00 run by plain nbconvert).

Kernels are stopped at once (SIGKILL to their process group, which leaves no JVM behind), not asked to shut down:
no test looks at anything after a lesson's last cell, and a kill takes 0.1 s. The graceful shutdown a learner's
restart uses (about 0.3 s since the notebook extension ends the JVM; JJava alone took until Jupyter killed it) is
tested by test_shutdown.py; `./softlookup store` and `bench` use it too.
"""
import functools
import os
import subprocess
from typing import NamedTuple

import nbformat

import notebooks

BINDER = notebooks.ROOT / "binder"
HEAVIEST = "08-induction-head.ipynb"
STOP_AT_ONCE = {"shutdown_kernel": "immediate"}


class Run(NamedTuple):
    nb: object  # the executed notebook
    tree: int  # peak RSS of the kernel's process tree (the shell exec's the JVM), bytes; None where not sampled
    largest: int  # peak RSS of its largest process, bytes; None where not sampled
    commands: set  # the command lines seen in the kernel's process tree; empty where not sampled
    how: str  # in words, for failure messages


def binder_environment():
    """The environment binder/start hands the server it starts (and so every kernel), from this process's without a
    JJAVA_JVM_OPTS of its own."""
    env = {k: v for k, v in os.environ.items() if k != "JJAVA_JVM_OPTS"}
    out = subprocess.run([str(BINDER / "start"), "env", "-0"], env=env, capture_output=True, text=True,
                         check=True).stdout
    return dict(line.split("=", 1) for line in out.split("\0") if "=" in line)


@functools.lru_cache(maxsize=None)
def executed(name):
    """Lesson `name` (a file name in notebooks/) run top to bottom in a fresh kernel, once per session."""
    path = notebooks.NOTEBOOKS / name
    if name == HEAVIEST:
        nb, _, _, tree, largest, commands = notebooks.measure(path, env=binder_environment(), **STOP_AT_ONCE)
        return Run(notebooks.static_outputs(nb), tree, largest, commands, "in the kernel binder/start's environment starts (Binder's caps)")
    nb = nbformat.read(path, as_version=4)
    notebooks.client_for(nb, allow_errors=True, **STOP_AT_ONCE).execute()
    return Run(notebooks.static_outputs(nb), None, None, set(), "in the installed kernelspec's kernel")
