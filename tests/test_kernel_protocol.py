"""What the course's kernel answers over the Jupyter protocol where JJava 1.0a8 alone would answer wrongly: the notebook
extension's KernelPatches, checked in the real kernel (the library compiles against another jjava-jupyter, so JUnit
cannot see the classes it patches). See docs/upstream-jjava.md."""
import pytest

import controls


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


# Which thread runs each of JJava's shell and control channels: JJava names them Shell-N, and the patch's loops keep
# the names. The cell runs on the shell thread itself, inside the loop that handles its request.
THREADS = """
Thread.getAllStackTraces().entrySet().stream()
    .filter(e -> e.getKey().getName().startsWith("Shell-"))
    .map(e -> e.getKey().getName() + " " + java.util.Arrays.stream(e.getValue())
        .anyMatch(f -> f.getClassName().startsWith("org.softlookup.notebook.ShellLoop")))
    .sorted().collect(Collectors.joining(", "))
"""


def test_the_shell_and_control_channels_are_read_by_the_loop_that_waits_in_poll(kernel, widgets):
    # Two channel threads, both the patch's: JJava's own loops (a poll that does not wait, then 50 ms of sleep) ended.
    [result] = [m for m in kernel.run(THREADS) if m["msg_type"] == "execute_result"]
    assert result["content"]["data"]["text/plain"] == "Shell-0 true, Shell-1 true"


def test_an_interrupt_over_the_control_channel_stops_a_running_cell(kernel):
    # One snippet: JJava 1.0a8 lost the interrupt of the same lines as three snippets, with the patches or without.
    msg_id = kernel.kc.execute('{ System.out.println("asleep"); System.out.flush(); Thread.sleep(60_000); }')
    while True:  # it runs (an interrupt that comes while JJava still compiles the cell is lost)
        m = kernel.kc.get_iopub_msg(timeout=30)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "stream":
            break
    kernel.km.interrupt_kernel()  # interrupt_mode "message": an interrupt_request on the control channel
    content = reply(kernel, msg_id, timeout=20)["content"]
    assert (content["status"], content["ename"]) == ("error", "EvaluationInterruptedException")


def test_a_cell_reads_a_line_the_front_end_sends_on_stdin(kernel):
    prompts, printed = [], []
    done = kernel.kc.execute_interactive(
        'System.out.println("got " + new java.util.Scanner(System.in).nextLine())', allow_stdin=True, timeout=30,
        stdin_hook=lambda m: (prompts.append(m["content"]), kernel.kc.input("a line")),
        output_hook=lambda m: printed.append(m["content"].get("text")))
    assert done["content"]["status"] == "ok" and prompts == [{"prompt": "", "password": False}]
    assert "got a line\n" in printed


def test_a_restarted_kernel_ends_the_old_process_by_itself_and_patches_the_new_one(kernel):
    old = kernel.km.provisioner.process
    kernel.km.restart_kernel(now=False)  # a shutdown_request with restart: true, then a new kernel
    assert old.poll() == 0, "the old kernel exited by itself, before jupyter_client would kill it"
    kernel.kc.wait_for_ready(timeout=120)
    kernel.run("SoftLookup.setup()")
    content = reply(kernel, kernel.kc.comm_info())["content"]
    assert content == {"status": "ok", "comms": {}}
