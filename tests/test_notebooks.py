"""Every notebook, executed in a fresh Java kernel, runs without errors and shows what its stored outputs show."""
import io
import json
import re

import nbformat
import pytest

import notebooks
import runs

PATHS = notebooks.notebook_paths()
SETUP_CELL = "SoftLookup.setup()"


# The course's lessons, all of them: a lesson that disappears, or one added without a test seeing it, fails here.
LESSONS = ["00-start-here.ipynb", "01-hashtable-to-one-hot.ipynb", "02-masks-and-matrix-lookup.ipynb",
           "03-soft-lookup.ipynb", "04-derivatives.ipynb", "05-why-divide-by-sqrt-dk.ipynb",
           "06-learning-a-lookup.ipynb", "07-self-attention-head.ipynb", "08-induction-head.ipynb"]


def test_the_lessons_are_all_there():
    assert [p.name for p in PATHS] == LESSONS
    readme = (notebooks.ROOT / "README.md").read_text()
    linked = re.findall(r"\]\(notebooks/(\d\d-[\w-]+\.ipynb)\)", readme.split("## The lessons")[1].split("\n## ")[0])
    assert linked == LESSONS, "the README's table of lessons links every lesson, in order"


@pytest.mark.parametrize("text, normalised", [
    ("✓ e has one 1, at yellow's position 1, and five 0s", "✓ e has one 1, at yellow's position 1, and five 0s"),
    ("a mask with several 1s", "a mask with several 1s"),
    ("T = 0.5, 2 s.d., 10 steps, 3 msgs", "T = 0.5, 2 s.d., 10 steps, 3 msgs"),
    ("x.5s and 1.5sec and v1.2s", "x.5s and 1.5sec and v1.2s"),
    ("forward took 12.5 ms, backward 3ms", "forward took <time>, backward <time>"),
    ("training: 1.25 s (40 µs a step, 800ns a call)", "training: <time> (<time> a step, <time> a call)"),
    ("org.nd4j.Foo@1b2c3d4e and Bar$1@abcdef", "org.nd4j.Foo@<id> and Bar$1@<id>"),
    ("mail me @deadbeef, or colour @abc", "mail me @deadbeef, or colour @abc"),
    ("  trailing   \n\nlines  \n", "trailing\n\nlines"),
    ("Soft Lookup is ready: ND4J CpuBackend, numbers in DOUBLE, Java 25",
     "Soft Lookup is ready: ND4J CpuBackend, numbers in DOUBLE, Java <version>"),
    ("Java 17 or newer, and 25 numbers in DOUBLE", "Java 17 or newer, and 25 numbers in DOUBLE"),
])
def test_the_normaliser_hides_only_timings_identity_hashes_and_the_java_version(text, normalised):
    assert notebooks.normalise(text) == normalised


def changed(png, draw):
    """A copy of a PNG with something drawn on it: what a broken chart would look like."""
    from PIL import Image, ImageDraw

    with Image.open(io.BytesIO(png)) as image:
        image = image.convert("RGB")
        draw(ImageDraw.Draw(image), image.size)
        out = io.BytesIO()
        image.save(out, format="PNG")
        return out.getvalue()


def stored_charts():
    """Each lesson's first and last chart: heatmaps, line charts and grids of both, small and large."""
    charts = []
    for path in PATHS:
        found = [png for _, cell in notebooks.code_cells(nbformat.read(path, as_version=4))
                 for png, _, _ in notebooks.images(cell)]
        charts += found[:1] + found[-1:] if len(found) > 1 else found
    return charts


def test_the_image_fingerprint_sees_a_changed_chart_and_forgives_anti_aliasing():
    charts = stored_charts()
    assert len(charts) >= 8
    for png in charts:
        w, h = notebooks.png_size(png)
        assert notebooks.image_difference(png, png) is None
        # every edge half a pixel off, as other anti-aliasing or font hinting would draw it: the same picture
        assert notebooks.image_difference(png, half_pixel_off(png)) is None
        # a curve where there was none: XChart's 2-pixel line, 4 pixels wide at the chart's 2× scale
        moved = changed(png, lambda d, s: d.line([(s[0] // 4, s[1] // 4), (3 * s[0] // 4, 3 * s[1] // 4)],
                                                 fill=(220, 30, 30), width=4))
        assert "shows something else" in notebooks.image_difference(png, moved)
        blank = changed(png, lambda d, s: d.rectangle([0, 0, s[0], s[1]], fill=(255, 255, 255)))
        assert "shows something else" in notebooks.image_difference(png, blank)
        assert "pixels, stored" in notebooks.image_difference(png, resized(png, w + 2, h))
    assert notebooks.image_difference(charts[0], b"not a png") == "is not a valid PNG"


def resized(png, w, h):
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        out = io.BytesIO()
        image.resize((w, h)).save(out, format="PNG")
        return out.getvalue()


def half_pixel_off(png):
    from PIL import Image, ImageChops

    with Image.open(io.BytesIO(png)) as image:
        image = image.convert("RGB")
        out = io.BytesIO()
        Image.blend(image, ImageChops.offset(image, 1, 1), 0.5).save(out, format="PNG")
        return out.getvalue()


def test_differences_name_a_chart_that_changed_its_shown_size_or_vanished():
    path = PATHS[0]
    stored = nbformat.read(path, as_version=4)
    fresh = nbformat.read(path, as_version=4)
    assert notebooks.differences(path, stored, fresh) == []
    cell = next(c for _, c in notebooks.code_cells(fresh) if notebooks.images(c))
    out = next(o for o in cell.outputs if "image/png" in o.get("data", {}))
    out.metadata["image/png"]["width"] += 1
    assert any("is shown at" in d for d in notebooks.differences(path, stored, fresh))
    cell.outputs.remove(out)
    assert any("1 stored images, 0 now" in d for d in notebooks.differences(path, stored, fresh))


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
    """Run once per session (runs.py): lesson 04 under Binder's caps, where test_binder reads its memory too."""
    stored = nbformat.read(path, as_version=4)
    run = runs.executed(path.name)
    assert notebooks.problems(path, run.nb) == [], f"run {run.how}"
    assert notebooks.differences(path, stored, run.nb) == [], f"run {run.how}"


WIDEST_CODE_LINE = 100  # characters: what JupyterLab shows at 1280 px with the file browser open


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_code_lines_fit_without_scrolling_sideways(path):
    nb = nbformat.read(path, as_version=4)
    wide = [f"{notebooks.describe(path, i, cell)}: {len(line)} characters"
            for i, cell in notebooks.code_cells(nb) for line in cell.source.splitlines() if len(line) > WIDEST_CODE_LINE]
    assert wide == [], f"code lines over {WIDEST_CODE_LINE} characters: " + "; ".join(wide)


# Math, fenced code and code spans, where " - " is a minus or code ($i - 2$ is not a list item).
MATH_AND_CODE = re.compile(r"\$\$.*?\$\$|\$[^$\n]*\$|```.*?```|`[^`\n]*`", re.S)


def list_items_run_into_text(markdown):
    """The lines of a Markdown cell where " - " starts a list item after text on the same line: a list that was
    re-wrapped into a paragraph, which renders as one run of text with its items' dashes in it."""
    found = []
    for line in MATH_AND_CODE.sub("…", markdown).splitlines():
        text = line.strip()
        if text.startswith("- "):  # the line's own item; another one after it is still wrong
            text = text[2:]
        if " - " in text or text.endswith(" -"):
            found.append(line.strip())
    return found


@pytest.mark.parametrize("markdown, found", [
    ("Where to go next: - the book, - the video.", ["Where to go next: - the book, - the video."]),
    ("- one item\n- another item\n  wrapped on", []),
    ("- one item - and another run into it", ["- one item - and another run into it"]),
    ("Read on:\n\n- a\n- b", []),
    ("the weight on $i - 2$ and `n - 1` and\n$$a - b$$", []),
    ("```java\nint x = a - b;\n```", []),
    ("a line that ends with a dash -\nnext item", ["a line that ends with a dash -"]),
    ("self-attention, 1–2, a — dash", []),
])
def test_list_items_run_into_text_finds_a_list_rewrapped_into_a_paragraph(markdown, found):
    assert list_items_run_into_text(markdown) == found


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_lists_are_not_rewrapped_into_paragraphs(path):
    nb = nbformat.read(path, as_version=4)
    run_in = [f"{path.name}, cell {i}: {line!r}" for i, cell in enumerate(nb.cells) if cell.cell_type == "markdown"
              for line in list_items_run_into_text(cell.source)]
    assert run_in == [], "a list item starts after text on the same line: " + "; ".join(run_in)
