"""What the course's kernel answers over the Jupyter protocol where JJava 1.0a8 alone would answer wrongly: the notebook
extension's KernelPatches, checked in the real kernel (the library compiles against another jjava-jupyter, so JUnit
cannot see the classes it patches). See docs/upstream-jjava.md."""
import pytest

import controls


@pytest.fixture(scope="module")
def kernel():
    k = controls.Kernel()
    k.run("SoftLookup.setup()")
    yield k
    k.close()


@pytest.fixture(scope="module")
def widgets(kernel):
    messages = kernel.run(controls.CELL)
    assert [m["content"] for m in messages if m["msg_type"] in ("error", "stream")] == []
    opens, _, _ = controls.shown(messages)
    return sorted(opens)


def reply(kernel, msg_id, timeout=30):
    """The shell reply to request `msg_id` (earlier replies, such as execute_reply, are passed over)."""
    while True:
        m = kernel.kc.get_shell_msg(timeout=timeout)
        if m["parent_header"].get("msg_id") == msg_id:
            return m


def test_comm_info_reply_has_status_ok_and_lists_the_widget_comms_a_slider_opened(kernel, widgets):
    # JupyterLab's widget manager asks this after a page reload, and ignores a reply without "status": "ok".
    m = reply(kernel, kernel.kc.comm_info(target_name="jupyter.widget"))
    assert m["msg_type"] == "comm_info_reply"
    assert m["content"] == {"status": "ok", "comms": {i: {"target_name": "jupyter.widget"} for i in widgets}}
    # The slider, its layout and style, the box and its layout; the line under the slider (HTML, layout, style); the
    # chart's Image and its layout; the text's HTML, its layout and style.
    assert len(widgets) == 13


def test_comm_info_reply_keeps_jjava_filter_by_target_name(kernel, widgets):
    assert reply(kernel, kernel.kc.comm_info(target_name="no.such.target"))["content"] == {"status": "ok",
                                                                                            "comms": {}}
    everything = reply(kernel, kernel.kc.comm_info())["content"]
    assert everything["status"] == "ok" and set(widgets) <= set(everything["comms"])
