"""Write what ipywidgets itself sends for the course's controls, as the reference ControlsProtocolTest compares with.

    .venv/bin/python tools/widget_reference.py

ipywidgets is the protocol's reference implementation. Its comms are replaced by recorders, so the file holds the
comm_open of each model (data and metadata), the update that answers request_state, and the display bundle, for
a slider T from 0.01 to 2 at 0.2 (step 0.01) in a VBox; under "log_slider" the comm_open of a log slider d_k
from 2 to 512 by factors of 2, at 512 (lesson 05's); under "outputs" what a control's view is shown with: the
comm_open of an Image (a PNG shown 1200 px wide) and of an HTML text with their layouts and style, and the update a
new PNG is sent with (its bytes as the message's buffer, named by buffer_paths; here the bytes' length). Model ids
are replaced by names; the file is regenerated when the pinned ipywidgets changes.
"""
import json
from pathlib import Path

import comm
import ipywidgets
from ipywidgets.widgets import widget

OUT = (Path(__file__).resolve().parents[1]
       / "lib/src/test/resources/org/softlookup/controls/ipywidgets-reference.json")


SLIDER_MODELS = ("slider_layout", "slider_style", "slider", "box_layout", "box")
PNG = b"\x89PNG\r\n\x1a\n"  # the bytes do not matter: they travel as a buffer, not in the JSON


class Recorder(comm.base_comm.BaseComm):
    opened, sent = [], []

    def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys):
        record = {"msg_type": msg_type, "comm_id": self.comm_id, "data": data, "metadata": metadata,
                  "buffers": [len(b) for b in buffers or []]}
        (Recorder.opened if msg_type == "comm_open" else Recorder.sent).append(record)


def main():
    comm.create_comm = lambda **kwargs: Recorder(**kwargs)
    slider = ipywidgets.FloatSlider(value=0.2, min=0.01, max=2, step=0.01, description="T")
    box = ipywidgets.VBox([slider])
    slider.send_state()  # what request_state is answered with: the whole state
    slider_update = Recorder.sent[-1]
    log_slider = ipywidgets.FloatLogSlider(value=512, base=2, min=1, max=9, step=1, description="d_k",
                                           readout_format=".0f")
    image = ipywidgets.Image(value=PNG, format="png", width="1200")
    html = ipywidgets.HTML(value="<pre>T = 0.2</pre>")
    image.value = PNG + b"new"  # a redraw
    image_update = Recorder.sent[-1]
    names = {image.layout.model_id: "image_layout", image.model_id: "image", html.layout.model_id: "html_layout",
             html.style.model_id: "html_style", html.model_id: "html",
             slider.layout.model_id: "slider_layout", slider.style.model_id: "slider_style",
             slider.model_id: "slider", box.layout.model_id: "box_layout", box.model_id: "box",
             log_slider.layout.model_id: "log_slider_layout", log_slider.style.model_id: "log_slider_style",
             log_slider.model_id: "log_slider"}
    opened = {names[o["comm_id"]]: {"target_name": "jupyter.widget", "data": o["data"], "metadata": o["metadata"]}
              for o in Recorder.opened}
    text = json.dumps({
        "ipywidgets": ipywidgets.__version__,
        "protocol_version": widget.__protocol_version__,
        "comm_open": {name: o for name, o in opened.items() if name in SLIDER_MODELS},
        "log_slider": opened["log_slider"],
        "outputs": {"comm_open": {name: o for name, o in opened.items() if name.startswith(("image", "html"))},
                    "image_update": {"data": image_update["data"], "buffers": image_update["buffers"]}},
        "update": slider_update["data"],
        "view": box._repr_mimebundle_()["application/vnd.jupyter.widget-view+json"],
    }, indent=1, sort_keys=True)
    for model_id, name in names.items():
        text = text.replace(model_id, name)
    OUT.write_text(text + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
