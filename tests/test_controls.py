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
def control(kernel):
    messages = kernel.run(controls.CELL)
    assert [m["content"] for m in messages if m["msg_type"] in ("error", "stream")] == []
    return dict(shown(messages), messages=messages)


def shown(messages):
    opens, views, outputs = controls.shown(messages)
    return {"opens": opens, "views": views, "outputs": outputs}


def text_and_png(contents):
    texts = [c["data"]["text/plain"] for c in contents if "image/png" not in c["data"]]
    pngs = [base64.b64decode(c["data"]["image/png"]) for c in contents if "image/png" in c["data"]]
    return texts, pngs


def updates(arrived):
    """(comm id, new value) of each model update, in order: a PNG's bytes come as the message's buffer; an update
    without a value (a layout's) gives its state."""
    found = []
    for _, m in arrived:
        data = m["content"]["data"]
        value = bytes(m["buffers"][0]) if data["buffer_paths"] == [["value"]] else data["state"].get("value",
                                                                                                    data["state"])
        found.append((m["content"]["comm_id"], value))
    return found


def preformatted(text):
    return f'<div class="jp-RenderedText"><pre>{text}</pre></div>'


def text_of(html):
    """The text an HTML model shows: Protocol.preformatted's <div class="jp-RenderedText"><pre>…</pre></div>."""
    inner = html.removeprefix('<div class="jp-RenderedText"><pre>').removesuffix("</pre></div>")
    return inner.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def name_models(opens):
    """Our models named as tools/widget_reference.py names ipywidgets': the sliders' box and its children, and the
    outputs' models with their layouts and styles (the line under the sliders is "status")."""
    state = lambda i: opens[i]["content"]["data"]["state"]
    ref = lambda value: value[len("IPY_MODEL_"):]
    names = {}
    [box] = [i for i in opens if state(i)["_model_name"] == "VBoxModel"]
    names.update({box: "box", ref(state(box)["layout"]): "box_layout"})
    for child in map(ref, state(box)["children"]):
        if state(child)["_model_name"] == "FloatSliderModel":
            names.update({child: "slider", ref(state(child)["layout"]): "slider_layout",
                          ref(state(child)["style"]): "slider_style"})
        else:
            names.update({child: "status", ref(state(child)["layout"]): "status_layout",
                          ref(state(child)["style"]): "status_style"})
    for i in opens:
        if state(i)["_model_name"] == "ImageModel":
            names.update({i: "image", ref(state(i)["layout"]): "image_layout"})
        elif state(i)["_model_name"] == "HTMLModel" and i not in names:
            names.update({i: "html", ref(state(i)["layout"]): "html_layout", ref(state(i)["style"]): "html_style"})
    return names


def test_the_cell_opens_the_models_ipywidgets_would_open(control):
    opens = control["opens"]
    names = name_models(opens)
    reference = dict(REFERENCE["comm_open"], **REFERENCE["outputs"]["comm_open"])
    reference.update(status=reference["html"], status_layout=reference["html_layout"],
                     status_style=reference["html_style"])
    assert sorted(names.values()) == sorted(reference) and len(opens) == len(names) == 13
    for comm_id, m in opens.items():
        sent = json.dumps({"target_name": m["content"]["target_name"], "data": m["content"]["data"],
                           "metadata": m["metadata"]}, sort_keys=True)
        for model_id, name in names.items():
            sent = sent.replace(model_id, name.replace("status", "html"))
        sent, expected = json.loads(sent), json.loads(json.dumps(reference[names[comm_id]]))
        if names[comm_id] in ("html", "status"):  # what it shows: the text, and nothing under the sliders
            expected["data"]["state"]["value"] = sent["data"]["state"]["value"]
            assert (names[comm_id] == "status") == (sent["data"]["state"]["value"] == "")
        if names[comm_id] == "status_layout":  # hidden while the view draws
            expected["data"]["state"]["display"] = "none"
        if names[comm_id] == "box":  # the line under the sliders is the box's last child
            expected["data"]["state"]["children"].append("IPY_MODEL_html")
        if names[comm_id] == "image":  # opened without its PNG, which comes at once in an update's buffer
            expected["data"]["buffer_paths"] = []
            expected["data"]["state"]["width"] = str(control["outputs"][0]["metadata"]["image/png"]["width"])
        assert sent == expected, names[comm_id]


def test_the_cell_shows_the_box_then_the_chart_and_the_text_at_the_first_value_each_beside_its_model(control):
    messages, opens, [view], outputs = (control[k] for k in ("messages", "opens", "views", "outputs"))
    box = next(i for i, m in opens.items() if m["content"]["data"]["state"]["_model_name"] == "VBoxModel")
    assert view["data"][VIEW] == {"model_id": box, "version_major": 2, "version_minor": 0}
    assert view["data"]["text/plain"].startswith("Slider T from 0.01 to 2, at 0.2")
    texts, pngs = text_and_png(outputs)
    assert len(pngs) == 1 and pngs[0][:8] == b"\x89PNG\r\n\x1a\n"
    assert [t.split(":")[0] for t in texts] == ["weights at T = 0.2"]
    assert controls.parse_weights(texts[0]) == pytest.approx(controls.weights(0.2), abs=1e-12)
    image, html = (controls.model_of(o) for o in outputs)
    assert [controls.model_name(opens, i) for i in (image, html)] == ["ImageModel", "HTMLModel"]
    # The Image gets the very PNG its output shows, as a buffer, within the cell (so nbclient records it too).
    [update] = [m for m in messages if m["msg_type"] == "comm_msg"]
    assert update["content"]["comm_id"] == image and update["content"]["data"]["buffer_paths"] == [["value"]]
    assert bytes(update["buffers"][0]) == pngs[0]
    assert text_of(opens[html]["content"]["data"]["state"]["value"]) == texts[0]


def test_a_moved_slider_redraws_chart_and_text_in_their_models_then_the_chart_sharp(kernel, control):
    slider = controls.slider_id(control["opens"])
    image, html = (controls.model_of(o) for o in control["outputs"])
    kernel.send(slider, {"method": "update", "state": {"value": 0.7}, "buffer_paths": []})
    arrived = kernel.collect({"comm_msg", "update_display_data", "display_data", "stream", "error"}, at_least=3)
    # A draft of each output at once, then the chart again at 2× once the slider has rested: nothing new shown.
    assert [m["msg_type"] for _, m in arrived] == ["comm_msg"] * 3
    (draft_to, draft), (text_to, text), (sharp_to, sharp) = updates(arrived)
    assert (draft_to, text_to, sharp_to) == (image, html, image)
    _, first_pngs = text_and_png(control["outputs"])
    width, height = (control["outputs"][0]["metadata"]["image/png"][k] for k in ("width", "height"))
    assert notebooks.png_size(draft) == (width, height), "the draft has the chart's own pixels"
    assert notebooks.png_size(sharp) == notebooks.png_size(first_pngs[0]) == (2 * width, 2 * height)
    assert sharp != first_pngs[0], "the sharp chart is the new value's"
    state = control["opens"][image]["content"]["data"]["state"]
    assert state["width"] == str(width), "draft and sharp chart are shown at the output's width"
    assert arrived[2][0] - arrived[0][0] >= controls.SETTLE_MS / 1000, "sharp only after the slider rested"
    assert text_of(text).startswith("weights at T = 0.7:")
    assert controls.parse_weights(text_of(text)) == pytest.approx(controls.weights(0.7), abs=1e-12)


def test_a_fast_drag_ends_at_the_last_value(kernel, control):
    slider = controls.slider_id(control["opens"])
    image, html = (controls.model_of(o) for o in control["outputs"])
    values = [round(0.1 + n * 0.05, 2) for n in range(30)]
    for v in values:
        kernel.send(slider, {"method": "update", "state": {"value": v}, "buffer_paths": []})
    found = updates(kernel.collect({"comm_msg"}, at_least=2))
    texts = [text_of(v) for to, v in found if to == html]
    pngs = [v for to, v in found if to == image]
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
    found = updates(kernel.collect({"comm_msg"}, at_least=1, quiet=1.5))
    drawn = [float(text_of(v).split("= ")[1]) for _, v in found]
    assert drawn[-1] == values[-1], "the last value the learner chose is the one shown"
    assert len(drawn) <= 10, f"{len(drawn)} of {len(values)} values drawn by a 0.3 s view: no coalescing"
    assert drawn == sorted(drawn) and set(drawn) <= set(values), "only values sent, newest last"


def test_a_reloaded_page_restores_every_model_as_it_is_now_and_the_slider_stays_live(kernel, control):
    slider = controls.slider_id(control["opens"])
    image, html = (controls.model_of(o) for o in control["outputs"])
    kernel.send(slider, {"method": "update", "state": {"value": 1.25}, "buffer_paths": []})
    last = updates(kernel.collect({"comm_msg"}, at_least=3))
    # As JupyterLab's widget manager restores a reloaded page: comm_info_request, then request_state to each comm.
    reply, states = controls.restore(kernel)
    assert reply["status"] == "ok", "jupyterlab_widgets restores nothing without it (KernelPatches)"
    assert set(control["opens"]) <= set(reply["comms"]) and set(control["opens"]) <= set(states)
    opened = {i: m["content"]["data"]["state"] for i, m in control["opens"].items()}
    # The slider at the value it was dragged to, enabled; the chart's PNG (sharp, the last sent) and the text as now.
    assert states[slider] == dict(opened[slider], value=1.25)
    assert states[image] == dict(opened[image], value=last[-1][1])
    assert notebooks.png_size(states[image]["value"])[0] == 2 * int(opened[image]["width"])
    assert text_of(states[html]["value"]).startswith("weights at T = 1.25:")
    assert states[html] == dict(opened[html], value=[v for to, v in last if to == html][-1])
    for comm_id in set(opened) - {slider, image, html}:
        assert states[comm_id] == opened[comm_id], comm_id
    # The restored page drags the same models: the next value redraws the Image and the text.
    kernel.send(slider, {"method": "update", "state": {"value": 0.4}, "buffer_paths": []})
    found = updates(kernel.collect({"comm_msg"}, at_least=3))
    assert [to for to, _ in found] == [image, html, image]
    assert text_of(found[1][1]).startswith("weights at T = 0.4:") and found[2][1] != last[-1][1]


def test_request_state_is_answered_in_reply_to_the_request(kernel, control):
    # The widget manager takes a reply only when its parent is the request (ipywidgets' _loadFromKernelModels).
    image = controls.model_of(control["outputs"][0])
    request = kernel.send(image, {"method": "request_state"})
    [(_, reply)] = kernel.collect({"comm_msg"})
    assert reply["parent_header"]["msg_id"] == request and reply["content"]["comm_id"] == image
    data = reply["content"]["data"]
    assert data["method"] == "update" and data["buffer_paths"] == [["value"]] and "value" not in data["state"]
    assert notebooks.png_size(bytes(reply["buffers"][0]))


def test_a_stored_control_reads_without_a_kernel_and_compares_equal_to_a_fresh_run(tmp_path):
    path = tmp_path / "control.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("SoftLookup.setup()"),
                                         nbformat.v4.new_code_cell(controls.CELL.strip())])
    nb.metadata.kernelspec = {"name": notebooks.KERNEL, "display_name": "Java (Soft Lookup)", "language": "java"}
    nbformat.write(nb, path)
    stored, fresh = notebooks.execute(path), notebooks.execute(path)
    assert notebooks.problems(path, stored) == []
    outputs = stored.cells[1].outputs
    # Stored as GitHub shows it: the sliders' box, the chart's picture and the text; the outputs' live models
    # (whose PNG would be stored twice) only run in a kernel.
    assert [sorted(o.data) for o in outputs] == [["application/vnd.jupyter.widget-view+json", "text/plain"],
                                                 ["image/png", "text/plain"], ["text/plain"]]
    assert outputs[0].data["text/plain"].startswith("Slider T from 0.01 to 2, at 0.2")
    assert notebooks.png_size(base64.b64decode(outputs[1].data["image/png"]))
    assert outputs[2].data["text/plain"].startswith("weights at T = 0.2:")
    # nbclient keeps the models' state, from which JupyterLab draws the stored sliders before any kernel runs.
    models = stored.metadata.widgets["application/vnd.jupyter.widget-state+json"]["state"]
    assert outputs[0].data["application/vnd.jupyter.widget-view+json"]["model_id"] in models
    assert sorted(m["model_name"] for m in models.values()) == sorted(
        ["FloatSliderModel", "SliderStyleModel", "VBoxModel", "HTMLModel", "HTMLStyleModel"] + ["LayoutModel"] * 3)
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
    [(to, text)] = updates(kernel.collect({"comm_msg"}))
    assert to == controls.model_of(outputs[0]) and text_of(text) == "T = 0.2, hue = 123.0"


def test_a_view_that_fails_on_a_new_value_says_so_in_its_output(kernel):
    opens, _, outputs = controls.shown(kernel.run(
        'Controls.slider("T", 0.01, 2, 0.2, t -> {\n'
        '    if (t > 1) throw new IllegalArgumentException("too hot");\n'
        '    return "fine at " + t; })'))
    assert [o["data"]["text/plain"] for o in outputs] == ["fine at 0.2"]
    slider = controls.slider_id(opens)
    kernel.send(slider, {"method": "update", "state": {"value": 1.5}, "buffer_paths": []})
    # Said in the line under the sliders (the box's last child, hidden until now), the output keeping its last good
    # text; hidden again at the next good value.
    [(status, said), (layout, shown)] = updates(kernel.collect({"comm_msg"}, at_least=2))
    box = next(m for m in opens.values() if m["content"]["data"]["state"]["_model_name"] == "VBoxModel")
    assert "IPY_MODEL_" + status == box["content"]["data"]["state"]["children"][-1]
    assert opens[status]["content"]["data"]["state"]["layout"] == "IPY_MODEL_" + layout
    assert opens[layout]["content"]["data"]["state"]["display"] == "none" and shown == {"display": None}
    assert text_of(said) == "The control's view failed at T = 1.5: java.lang.IllegalArgumentException: too hot"
    kernel.send(slider, {"method": "update", "state": {"value": 0.5}, "buffer_paths": []})
    assert updates(kernel.collect({"comm_msg"}, at_least=3)) == [
        (status, ""), (layout, {"display": "none"}), (controls.model_of(outputs[0]), preformatted("fine at 0.5"))]


@pytest.mark.parametrize("view, said", [
    ('t -> t > 1 ? List.of("a", "b") : "fine at " + t',
     "java.lang.IllegalStateException: the control's view returned 2 outputs, but 1 at the start; "
     "it must return as many each time"),
    ('t -> t > 1 ? (Object) Charts.bars("T", List.of("x"), new double[] {1}) : "fine at " + t',
     "java.lang.IllegalStateException: the control's view returned a chart as output 1, which was a text at the "
     "start; each output must stay what it was"),
])
def test_a_view_whose_outputs_change_shape_says_how_in_its_output(kernel, view, said):
    # Each output is one widget model made at the start, so a view must return as many, of the same kinds.
    opens, _, outputs = controls.shown(kernel.run(f'Controls.slider("T", 0.01, 2, 0.2, {view})'))
    assert [o["data"]["text/plain"] for o in outputs] == ["fine at 0.2"]
    kernel.send(controls.slider_id(opens), {"method": "update", "state": {"value": 1.5}, "buffer_paths": []})
    [(_, text), (_, shown)] = updates(kernel.collect({"comm_msg"}, at_least=2))
    assert text_of(text) == "The control's view failed at T = 1.5: " + said and shown == {"display": None}


def test_a_log_slider_opens_ipywidgets_float_log_slider_and_draws_its_own_values(kernel):
    # Lesson 05's d_k: the front end holds exponents of 2 and sends 2^x, which is not always a whole number.
    opens, _, outputs = controls.shown(kernel.run('Controls.logSlider("d_k", 2, 512, 2, 2, d -> "d_k = " + (int) d)'))
    [log] = [i for i, m in opens.items() if m["content"]["data"]["state"]["_model_name"] == "FloatLogSliderModel"]
    state, expected = opens[log]["content"]["data"]["state"], REFERENCE["log_slider"]["data"]["state"]
    ids = {k: state[k] for k in ("layout", "style")}
    assert state == dict(expected, value=2.0, **ids)
    assert [o["data"]["text/plain"] for o in outputs] == ["d_k = 2"]
    kernel.send(log, {"method": "update", "state": {"value": 127.99999999999997}, "buffer_paths": []})
    [(_, text)] = updates(kernel.collect({"comm_msg"}))
    assert text_of(text) == "d_k = 128"
