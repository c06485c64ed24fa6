"""Write what ipywidgets itself sends for the course's controls, as the reference ControlsProtocolTest compares with.

    .venv/bin/python tools/widget_reference.py

ipywidgets is the protocol's reference implementation. Its comms are replaced by recorders, so the file holds the
comm_open of each model (data and metadata), the update that answers request_state, and the display bundle, for
a slider T from 0.01 to 2 at 0.2 (step 0.01) in a VBox; and under "log_slider" the comm_open of a log slider d_k
from 2 to 512 by factors of 2, at 512 (lesson 05's). Model ids are replaced by names; the file is regenerated when
the pinned ipywidgets changes.
"""
import json
from pathlib import Path

import comm
import ipywidgets
from ipywidgets.widgets import widget

OUT = (Path(__file__).resolve().parents[1]
       / "lib/src/test/resources/org/softlookup/controls/ipywidgets-reference.json")


class Recorder(comm.base_comm.BaseComm):
    opened, sent = [], []

    def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys):
        record = {"msg_type": msg_type, "comm_id": self.comm_id, "data": data, "metadata": metadata}
        (Recorder.opened if msg_type == "comm_open" else Recorder.sent).append(record)


def main():
    comm.create_comm = lambda **kwargs: Recorder(**kwargs)
    slider = ipywidgets.FloatSlider(value=0.2, min=0.01, max=2, step=0.01, description="T")
    box = ipywidgets.VBox([slider])
    slider.send_state()  # what request_state is answered with: the whole state
    log_slider = ipywidgets.FloatLogSlider(value=512, base=2, min=1, max=9, step=1, description="d_k",
                                           readout_format=".0f")
    names = {slider.layout.model_id: "slider_layout", slider.style.model_id: "slider_style",
             slider.model_id: "slider", box.layout.model_id: "box_layout", box.model_id: "box",
             log_slider.layout.model_id: "log_slider_layout", log_slider.style.model_id: "log_slider_style",
             log_slider.model_id: "log_slider"}
    opened = {names[o["comm_id"]]: {"target_name": "jupyter.widget", "data": o["data"], "metadata": o["metadata"]}
              for o in Recorder.opened}
    text = json.dumps({
        "ipywidgets": ipywidgets.__version__,
        "protocol_version": widget.__protocol_version__,
        "comm_open": {name: o for name, o in opened.items() if not name.startswith("log_slider")},
        "log_slider": opened["log_slider"],
        "update": Recorder.sent[-1]["data"],
        "view": box._repr_mimebundle_()["application/vnd.jupyter.widget-view+json"],
    }, indent=1, sort_keys=True)
    for model_id, name in names.items():
        text = text.replace(model_id, name)
    OUT.write_text(text + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
