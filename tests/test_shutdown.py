"""A kernel asked to shut down (Jupyter's restart, the end of a notebook run) exits by itself, at once: JJava leaves an
idle thread of its cell-running pool alive for 60 s, which kept the JVM running until Jupyter killed it after its
5-second grace, on every restart. The library's notebook extension ends the JVM once JJava has finished shutting down."""
import jupyter_client

from notebooks import KERNEL

GRACE = 30  # seconds: far longer than a clean exit takes, shorter than JJava's idle thread's 60 s


def test_the_kernel_exits_by_itself_with_status_0_after_a_shutdown_request():
    km = jupyter_client.KernelManager(kernel_name=KERNEL)
    km.start_kernel()
    try:
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=120)
        reply = kc.execute_interactive('System.out.println("ran");', timeout=120)  # the pool's thread now exists
        assert reply["content"]["status"] == "ok"
        kc.shutdown()
        kc.stop_channels()
        process = km.provisioner.process
        try:
            status = process.wait(timeout=GRACE)
        except Exception:  # still running: the idle thread held it
            status = None
        assert status == 0, (f"the kernel did not exit by itself within {GRACE} s of a shutdown request "
                             f"(status {status}; None = still running, negative = killed by a signal)")
    finally:
        if km.provisioner is not None and km.provisioner.process is not None \
                and km.provisioner.process.poll() is None:
            km.shutdown_kernel(now=True)
