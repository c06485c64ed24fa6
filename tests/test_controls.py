"""A live control in the real kernel, driven as JupyterLab's widget manager drives it (see controls.py)."""
import base64
import json
from pathlib import Path

import nbformat
import pytest

import controls
import notebooks

REFERENCE = json.loads((Path(__file__).resolve().parents[1]
                        / "lib/src/test/resources/org/softlookup/controls/ipywidgets-reference.json").read_text())
VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.fixture(scope="module")
def kernel():
    k = controls.Kernel()
    k.run("SoftLookup.setup()")
    yield k
    k.close()


@pytest.fixture(scope="module")
def control(kernel):
    messages = kernel.run(controls.CELL)
    assert [m["content"] for m in messages if m["msg_type"] in ("error", "stream")] == []
    return shown(messages)


def shown(messages):
    opens, views, outputs = controls.shown(messages)
    return {"opens": opens, "views": views, "outputs": outputs}


def text_and_png(contents):
    texts = [c["data"]["text/plain"] for c in contents if "image/png" not in c["data"]]
    pngs = [base64.b64decode(c["data"]["image/png"]) for c in contents if "image/png" in c["data"]]
    return texts, pngs


def test_the_cell_opens_the_models_ipywidgets_would_open(control):
    opens = control["opens"]
    slider = controls.slider_id(opens)
    state = opens[slider]["content"]["data"]["state"]
    names = {slider: "slider", state["layout"][len("IPY_MODEL_"):]: "slider_layout",
             state["style"][len("IPY_MODEL_"):]: "slider_style"}
    box = next(i for i, m in opens.items() if m["content"]["data"]["state"]["_model_name"] == "VBoxModel")
    names[box] = "box"
    names[opens[box]["content"]["data"]["state"]["layout"][len("IPY_MODEL_"):]] = "box_layout"
    assert len(opens) == 5 and sorted(names.values()) == sorted(REFERENCE["comm_open"])
    for comm_id, m in opens.items():
        sent = json.dumps({"target_name": m["content"]["target_name"], "data": m["content"]["data"],
                           "metadata": m["metadata"]}, sort_keys=True)
        for model_id, name in names.items():
            sent = sent.replace(model_id, name)
        assert json.loads(sent) == REFERENCE["comm_open"][names[comm_id]], names[comm_id]


def test_the_cell_shows_the_box_then_the_chart_and_the_text_at_the_first_value(control):
    [view] = control["views"]
    box = next(i for i, m in control["opens"].items() if m["content"]["data"]["state"]["_model_name"] == "VBoxModel")
    assert view["data"][VIEW] == {"model_id": box, "version_major": 2, "version_minor": 0}
    assert view["data"]["text/plain"].startswith("Slider T from 0.01 to 2, at 0.2")
    texts, pngs = text_and_png(control["outputs"])
    assert len(pngs) == 1 and pngs[0][:8] == b"\x89PNG\r\n\x1a\n"
    assert [t.split(":")[0] for t in texts] == ["weights at T = 0.2"]
    assert controls.parse_weights(texts[0]) == pytest.approx(controls.weights(0.2), abs=1e-12)
    assert all("display_id" in c.get("transient", {}) for c in control["outputs"])


def test_a_moved_slider_redraws_chart_and_text_in_place_then_the_chart_sharp(kernel, control):
    slider = controls.slider_id(control["opens"])
    ids = [c["transient"]["display_id"] for c in control["outputs"]]
    kernel.send(slider, {"method": "update", "state": {"value": 0.7}, "buffer_paths": []})
    arrived = kernel.collect({"update_display_data", "display_data", "stream", "error"}, at_least=3)
    updates = [m["content"] for _, m in arrived]
    # A draft of each output at once, then the chart again at 2× once the slider has rested: nothing new shown.
    assert [u["transient"]["display_id"] for u in updates] == ids + ids[:1]
    texts, pngs = text_and_png(updates)
    _, first_pngs = text_and_png(control["outputs"])
    width, height = (control["outputs"][0]["metadata"]["image/png"][k] for k in ("width", "height"))
    assert notebooks.png_size(pngs[0]) == (width, height), "the draft has the chart's own pixels"
    assert notebooks.png_size(pngs[1]) == notebooks.png_size(first_pngs[0]) == (2 * width, 2 * height)
    assert pngs[1] != first_pngs[0], "the sharp chart is the new value's"
    assert all(u["metadata"]["image/png"] == {"width": width, "height": height} for u in updates if "image/png"
               in u["data"]), "draft and sharp chart are shown at the same size"
    assert arrived[2][0] - arrived[0][0] >= controls.SETTLE_MS / 1000, "sharp only after the slider rested"
    assert texts == [texts[0]] and texts[0].startswith("weights at T = 0.7:")
    assert controls.parse_weights(texts[0]) == pytest.approx(controls.weights(0.7), abs=1e-12)


def test_a_fast_drag_ends_at_the_last_value(kernel, control):
    slider = controls.slider_id(control["opens"])
    values = [round(0.1 + n * 0.05, 2) for n in range(30)]
    for v in values:
        kernel.send(slider, {"method": "update", "state": {"value": v}, "buffer_paths": []})
    updates = [m["content"] for _, m in kernel.collect({"update_display_data"}, at_least=2)]
    texts, pngs = text_and_png(updates)
    drawn = [float(t.split(":")[0].split("= ")[1]) for t in texts]
    assert drawn[-1] == values[-1], "the last value the learner chose is the one shown"
    sizes = [notebooks.png_size(p)[0] for p in pngs]
    assert sizes[-1] == 2 * sizes[0] and sizes[:-1] == [sizes[0]] * (len(sizes) - 1), "drafts, then one sharp"
    assert drawn == sorted(drawn) and set(drawn) <= set(values), "only values sent, newest last"
    assert controls.parse_weights(texts[-1]) == pytest.approx(controls.weights(values[-1]), abs=1e-12)


# A view slower than the drag: whether the kernel falls behind must not depend on how busy the machine is (on a
# quiet one the lesson's own view keeps up with 30 values sent at once, and draws them all).
SLOW_CELL = """
Controls.slider("T", 0.01, 2, 0.2, t -> {
    try { Thread.sleep(300); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
    return "drawn T = " + t;
})
"""


def test_a_drag_faster_than_the_view_draws_is_coalesced(kernel):
    messages = kernel.run(SLOW_CELL)
    assert [m["content"] for m in messages if m["msg_type"] in ("error", "stream")] == []
    opens, _, _ = controls.shown(messages)
    slider = controls.slider_id(opens)
    values = [round(0.1 + n * 0.05, 2) for n in range(30)]
    for v in values:
        kernel.send(slider, {"method": "update", "state": {"value": v}, "buffer_paths": []})
    updates = [m["content"] for _, m in kernel.collect({"update_display_data"}, at_least=1, quiet=1.5)]
    drawn = [float(u["data"]["text/plain"].split("= ")[1]) for u in updates]
    assert drawn[-1] == values[-1], "the last value the learner chose is the one shown"
    assert len(drawn) <= 10, f"{len(drawn)} of {len(values)} values drawn by a 0.3 s view: no coalescing"
    assert drawn == sorted(drawn) and set(drawn) <= set(values), "only values sent, newest last"


def test_request_state_is_answered_with_the_whole_state_at_the_current_value_and_the_slider_disabled(kernel, control):
    slider = controls.slider_id(control["opens"])
    kernel.send(slider, {"method": "update", "state": {"value": 1.25}, "buffer_paths": []})
    kernel.collect({"update_display_data"}, at_least=2)
    request = kernel.send(slider, {"method": "request_state"})
    [(_, reply)] = kernel.collect({"comm_msg"})
    data = reply["content"]["data"]
    # The widget manager takes a reply only when its parent is the request (ipywidgets' _loadFromKernelModels).
    assert reply["parent_header"]["msg_id"] == request
    assert reply["content"]["comm_id"] == slider and data["method"] == "update" and data["buffer_paths"] == []
    # It comes from a page that connected again and cannot show redraws any more: the slider says so, disabled.
    expected = dict(control["opens"][slider]["content"]["data"]["state"], value=1.25, disabled=True,
                    description="T (run the cell again to drag)")
    assert data["state"] == expected
    # A reloaded page asks every model, the layouts, the style and the box too: each must answer.
    for comm_id, m in control["opens"].items():
        if comm_id != slider:
            request = kernel.send(comm_id, {"method": "request_state"})
            [(_, reply)] = kernel.collect({"comm_msg"})
            assert reply["content"]["comm_id"] == comm_id and reply["parent_header"]["msg_id"] == request
            assert reply["content"]["data"]["state"] == m["content"]["data"]["state"]


def test_a_stored_control_reads_without_a_kernel_and_compares_equal_to_a_fresh_run(tmp_path):
    path = tmp_path / "control.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("SoftLookup.setup()"),
                                         nbformat.v4.new_code_cell(controls.CELL.strip())])
    nb.metadata.kernelspec = {"name": notebooks.KERNEL, "display_name": "Java (Soft Lookup)", "language": "java"}
    nbformat.write(nb, path)
    stored, fresh = notebooks.execute(path), notebooks.execute(path)
    assert notebooks.problems(path, stored) == []
    outputs = stored.cells[1].outputs
    assert [sorted(o.data) for o in outputs] == [["application/vnd.jupyter.widget-view+json", "text/plain"],
                                                 ["image/png", "text/plain"], ["text/plain"]]
    assert outputs[0].data["text/plain"].startswith("Slider T from 0.01 to 2, at 0.2")
    assert notebooks.png_size(base64.b64decode(outputs[1].data["image/png"]))
    assert outputs[2].data["text/plain"].startswith("weights at T = 0.2:")
    # nbclient keeps the models' state, from which JupyterLab draws the stored sliders before any kernel runs.
    models = stored.metadata.widgets["application/vnd.jupyter.widget-state+json"]["state"]
    assert outputs[0].data["application/vnd.jupyter.widget-view+json"]["model_id"] in models
    assert stored.cells[1].outputs[0].data != fresh.cells[1].outputs[0].data, "model ids differ from run to run"
    assert notebooks.differences(path, stored, fresh) == []


def test_two_sliders_give_the_view_both_values_by_name(kernel):
    opens, _, outputs = controls.shown(kernel.run(
        'Controls.sliders().add("T", 0.01, 2, 0.2).add("hue", 0, 360, 30)\n'
        '    .show(v -> "T = " + v.get("T") + ", hue = " + v.get("hue"))'))
    assert [o["data"]["text/plain"] for o in outputs] == ["T = 0.2, hue = 30.0"]
    sliders = {m["content"]["data"]["state"]["description"]: i for i, m in opens.items()
               if m["content"]["data"]["state"]["_model_name"] == "FloatSliderModel"}
    assert opens[sliders["hue"]]["content"]["data"]["state"]["step"] == 1
    kernel.send(sliders["hue"], {"method": "update", "state": {"value": 123.00000000000001}, "buffer_paths": []})
    [(_, update)] = kernel.collect({"update_display_data"})
    assert update["content"]["data"]["text/plain"] == "T = 0.2, hue = 123.0"


def test_a_view_that_fails_on_a_new_value_says_so_in_its_output(kernel):
    opens, _, outputs = controls.shown(kernel.run(
        'Controls.slider("T", 0.01, 2, 0.2, t -> {\n'
        '    if (t > 1) throw new IllegalArgumentException("too hot");\n'
        '    return "fine at " + t; })'))
    assert [o["data"]["text/plain"] for o in outputs] == ["fine at 0.2"]
    kernel.send(controls.slider_id(opens), {"method": "update", "state": {"value": 1.5}, "buffer_paths": []})
    [(_, update)] = kernel.collect({"update_display_data"})
    assert update["content"]["transient"] == outputs[0]["transient"]
    assert update["content"]["data"]["text/plain"] == ("The control's view failed at T = 1.5: "
                                                       "java.lang.IllegalArgumentException: too hot")


def test_a_log_slider_opens_ipywidgets_float_log_slider_and_draws_its_own_values(kernel):
    # Lesson 05's d_k: the front end holds exponents of 2 and sends 2^x, which is not always a whole number.
    opens, _, outputs = controls.shown(kernel.run('Controls.logSlider("d_k", 2, 512, 2, 2, d -> "d_k = " + (int) d)'))
    [log] = [i for i, m in opens.items() if m["content"]["data"]["state"]["_model_name"] == "FloatLogSliderModel"]
    state, expected = opens[log]["content"]["data"]["state"], REFERENCE["log_slider"]["data"]["state"]
    ids = {k: state[k] for k in ("layout", "style")}
    assert state == dict(expected, value=2.0, **ids)
    assert [o["data"]["text/plain"] for o in outputs] == ["d_k = 2"]
    kernel.send(log, {"method": "update", "state": {"value": 127.99999999999997}, "buffer_paths": []})
    [(_, update)] = kernel.collect({"update_display_data"})
    assert update["content"]["data"]["text/plain"] == "d_k = 128"
