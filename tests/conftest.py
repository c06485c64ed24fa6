"""The course's tests import the maintainer tool (tools/notebooks.py), so what they test is what it stores; the
tests of the live controls share one kernel fixture, a course kernel with the library set up, one per module."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

import controls  # noqa: E402  (tests/controls.py, beside this file)


@pytest.fixture(scope="module")
def kernel():
    """The course's kernel, through tests/controls.py's client, with SoftLookup.setup() run."""
    k = controls.Kernel()
    k.run("SoftLookup.setup()")
    yield k
    k.close()
