"""Every notebook, executed in a fresh Java kernel, runs without errors and shows what its stored outputs show."""
import json

import nbformat
import pytest

import notebooks

PATHS = notebooks.notebook_paths()
SETUP_CELL = "SoftLookup.setup()"


def test_there_are_notebooks():
    assert [p.name for p in PATHS][:1] == ["00-start-here.ipynb"]


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_stored_outputs_are_complete(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.kernelspec.name == notebooks.KERNEL, "lessons run on the 'Java (Soft Lookup)' kernel"
    cells = notebooks.code_cells(nb)
    assert cells and cells[0][1].source.strip() == SETUP_CELL, "every lesson starts with the same setup cell"
    assert notebooks.problems(path, nb) == []
    missing = [notebooks.describe(path, i, c) for i, c in cells if c.source.strip() and not c.outputs]
    assert missing == [], "stored without outputs: " + "; ".join(missing)
    for i, cell in cells:
        for png in notebooks.pngs(cell):
            assert notebooks.png_size(png), f"{notebooks.describe(path, i, cell)}: invalid PNG"


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_runs_clean_and_reproduces_its_outputs(path):
    stored = nbformat.read(path, as_version=4)
    fresh = notebooks.execute(path)
    assert notebooks.problems(path, fresh) == []
    assert notebooks.differences(path, stored, fresh) == []


WIDEST_CODE_LINE = 100  # characters: what JupyterLab shows at 1280 px with the file browser open


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_code_lines_fit_without_scrolling_sideways(path):
    nb = nbformat.read(path, as_version=4)
    wide = [f"{notebooks.describe(path, i, cell)}: {len(line)} characters"
            for i, cell in notebooks.code_cells(nb) for line in cell.source.splitlines() if len(line) > WIDEST_CODE_LINE]
    assert wide == [], f"code lines over {WIDEST_CODE_LINE} characters: " + "; ".join(wide)
