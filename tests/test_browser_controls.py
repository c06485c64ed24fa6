"""A learner runs lesson 03 in JupyterLab (headless Chromium), drags its temperature slider, and the weights follow.

Lesson 03 is run in a copy of notebooks/, served by `./softlookup lab`; then the T slider's handle (the first of the
lesson's "Try it" control, T and hue) is dragged with the mouse. The chart must change in place (same output, new
image), and the text line under it must give softmax(s / T) for the query at 20° at the T the slider now shows,
computed here by the definition. Screenshots: lib/target/e2e/controls-*.png.
"""
import re
import time

import pytest

import controls
from learner import KERNEL_DISPLAY_NAME, NOTEBOOK, Deadline, Lab, LabServer, copy_notebooks, free_port, launch_chromium
from notebooks import NOTEBOOKS, ROOT

try:
    from playwright.sync_api import sync_playwright
except ImportError:
    sync_playwright = None

E2E = ROOT / "lib" / "target" / "e2e"
NAME = "03-soft-lookup.ipynb"
BUDGET = 300
TEXT = f'{NOTEBOOK} .jp-OutputArea-output[data-mime-type="text/plain"]'
LINE = re.compile(r"^T = ([0-9.]+), hue ([0-9]+)°: weights ([-0-9., ]+); output")
# The control's cell, and the chart image in it, found in the page by the slider they hold.
IMAGE = (f"[...document.querySelectorAll('{NOTEBOOK} .jp-CodeCell')]"
         ".find(c => c.querySelector('.widget-slider')).querySelector('.jp-RenderedImage img')")
CELL_IMAGE = f"() => {IMAGE}.src"
# Drawn at twice the width its output asks for (the page may shrink it further to fit): sharp, as the cell's own output
# is, and the last frame of a drag once the slider rests; a draft while dragging has just that width.
SHARP = (f"() => {{ const img = {IMAGE}; "
         "return img.complete && img.naturalWidth === 2 * Number(img.getAttribute('width')); }")


def parse(line):
    """T, the query's hue and the weights from the control's line "T = 0.20, hue 20°: weights 0.692, …; output …"."""
    t, hue, weights = LINE.match(line).groups()
    return float(t), float(hue), [float(x) for x in weights.split(",")]


def test_a_learner_drags_the_temperature_and_the_weights_follow(tmp_path, capsys):
    assert sync_playwright, "Playwright is missing from .venv: it is pinned in binder/requirements.txt"
    deadline = Deadline(BUDGET)
    E2E.mkdir(parents=True, exist_ok=True)
    copy = copy_notebooks(NOTEBOOKS, tmp_path / "notebooks")
    server = LabServer(copy, tmp_path / "jupyter", E2E / "jupyterlab-controls.log", free_port())
    report = []
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright, tmp_path / "chromium-profile", {"width": 1280, "height": 800})
            try:
                lab = Lab(browser.pages[0] if browser.pages else browser.new_page(), deadline)
                lab.open(server.start(deadline, at_most=120))
                lab.decline_news()
                lab.open_from_file_browser(NAME)
                name, _ = lab.wait_for_kernel({"idle", "unknown"}, at_most=60)
                assert name == KERNEL_DISPLAY_NAME
                lab.run_all(at_most=150)
                assert lab.error_outputs() == []
                page = lab.page
                cell = page.locator(f"{NOTEBOOK} .jp-CodeCell", has=page.locator(".widget-slider"))
                assert cell.count() == 1, "lesson 03 should have one cell with sliders"
                handle = cell.locator(".widget-slider .noUi-handle").first
                handle.wait_for(timeout=deadline.ms(30))
                assert cell.locator(".widget-slider").count() == 2, "the control should have T and hue"
                readout = cell.locator(".widget-slider .widget-readout").first
                assert readout.inner_text().strip() == "0.20"
                assert "Error displaying widget" not in page.locator(NOTEBOOK).inner_text()
                lab.wait_for_images(at_most=30)
                image = cell.locator(".jp-RenderedImage img")
                assert image.count() == 1
                assert page.evaluate(SHARP), "the cell's own chart is drawn at 2×"
                before = page.evaluate(CELL_IMAGE)
                text = page.locator(TEXT, has_text=re.compile(r"^T = [0-9.]+, hue"))
                assert text.count() == 1
                t, hue, weights = parse(text.inner_text())
                assert (t, hue) == (0.2, 20) and weights == pytest.approx(controls.weights(0.2), abs=6e-4)
                handle.scroll_into_view_if_needed()
                lab.screenshot(E2E / "controls-before.png")

                # Drag the handle to the right, as a learner does: press, move in steps, release.
                box = handle.bounding_box()
                track = cell.locator(".widget-slider .noUi-target").first.bounding_box()
                x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
                page.mouse.move(x, y)
                page.mouse.down()
                page.mouse.move(x + track["width"] / 4, y, steps=12)  # a quarter of the way: T near 0.7
                page.mouse.up()
                released = time.monotonic()
                shown = readout.inner_text().strip()
                assert 0.3 < float(shown) < 1.5, f"the drag did not move the slider a quarter: it shows {shown}"
                # The latest value is drawn last: wait until the text line is the one for the value shown.
                t, line = None, None
                while t is None or abs(t - float(shown)) >= 0.005:
                    deadline.left()
                    line = text.inner_text()
                    t, hue, weights = parse(line)
                    time.sleep(0.02)
                redrawn_ms = (time.monotonic() - released) * 1000
                # Three decimals printed: the weights of softmax(s / T) at the new T, by the definition.
                assert hue == 20 and weights == pytest.approx(controls.weights(t), abs=6e-4)
                assert weights != pytest.approx(controls.weights(0.2), abs=1e-2), "the weights did not move"
                page.wait_for_function(f"old => ({CELL_IMAGE})() !== old", arg=before, timeout=deadline.ms(10))
                lab.wait_for_images(at_most=10)
                # Drafts at 1× while dragging; the last value's chart at 2× again once the slider has rested.
                page.wait_for_function(SHARP, timeout=deadline.ms(10))
                assert image.count() == 1, "the chart was replaced in place, not added"
                assert text.count() == 1
                assert lab.error_outputs() == []
                lab.screenshot(E2E / "controls-after.png")
                report.append(f"dragged T from 0.20 to {shown}; text and chart redrawn {redrawn_ms:.0f} ms after the "
                              f"mouse was released (a shared machine: not a measurement)")

                # Saved and reloaded while the kernel runs. JupyterLab's widget manager would restore the models from
                # the kernel, but it asks with comm_info_request and JJava 1.0a8's reply lacks "status": "ok", which
                # jupyterlab_widgets 3 requires (else it restores nothing). So the learner sees the manager's own
                # error in place of the slider, never a dead one, and running the cell again brings it back.
                lab.save(copy / NAME, "widget-view", at_most=20)
                page.reload()
                page.locator(f"{NOTEBOOK} .jp-Notebook").wait_for(timeout=deadline.ms(60))
                page.locator(NOTEBOOK, has_text="Error displaying widget: model not found").wait_for(
                    timeout=deadline.ms(60))
                assert page.locator(f"{NOTEBOOK} .widget-slider").count() == 0
                lab.screenshot(E2E / "controls-reloaded.png")
                lab.run_all(at_most=150)
                handle.wait_for(timeout=deadline.ms(30))
                assert readout.inner_text().strip() == "0.20" and lab.error_outputs() == []
                report.append("after a reload: 'Error displaying widget: model not found' (JJava's comm_info_reply "
                              "lacks status), and after running again the slider is back at 0.20")
                assert lab.outside == []
            except Exception:
                browser.pages[0].screenshot(path=str(E2E / "controls-failure.png"))
                raise
            finally:
                browser.close()
    finally:
        server.kill()
        with capsys.disabled():
            print("\n" + "\n".join(report + [f"screenshots: {E2E}/controls-*.png"]))
