"""Binder builds the course from binder/: its files must exist, be executable where they run, and agree with the pins."""
import json
import os
import re
import subprocess
import sys

from notebooks import ROOT

BINDER = ROOT / "binder"


def pins(lines):
    return {m.group(1).lower(): m.group(2) for m in (re.match(r"^\s*(?:-\s*)?([A-Za-z0-9_.-]+)==(\S+)\s*$", l) for l in lines) if m}


def pip_section(env_text):
    lines = env_text.splitlines()
    start = next(i for i, l in enumerate(lines) if l.strip() == "- pip:")
    return [l for l in lines[start + 1:] if l.startswith("      - ")]


def test_conda_environment_is_the_same_file_for_binder_and_conda_users():
    assert (ROOT / "environment.yml").read_text() == (BINDER / "environment.yml").read_text()


# What a learner's session runs (the kernel, JupyterLab, the widgets' front end, and nbclient and nbformat for the
# class-archive training run); the tests' tools are apart, in tests/requirements.txt.
RUNTIME = {"jjava", "jupyterlab", "ipywidgets", "jupyterlab_widgets", "nbclient", "nbformat"}


def requirement_pins(path):
    return pins((ROOT / path).read_text().splitlines())


def test_environment_agrees_with_the_pinned_requirements():
    env = (BINDER / "environment.yml").read_text()
    runtime = requirement_pins("binder/requirements.txt")
    assert set(runtime) == RUNTIME, "binder/requirements.txt holds what a session runs, no test tool"
    assert pins(pip_section(env)) == runtime, "environment.yml pins what binder/requirements.txt pins"
    for conda_package in ("python=", "openjdk=17", "maven", "pip"):
        assert re.search(rf"^  - {re.escape(conda_package)}", env, re.M), conda_package
    assert "conda-forge" in env


def test_test_tools_are_pinned_apart_and_agree_where_shared():
    tests = requirement_pins("tests/requirements.txt")
    assert {"pytest", "psutil", "pillow", "playwright"} <= set(tests)
    assert not set(tests) & RUNTIME, "a pin in both files would be installed twice, perhaps at two versions"
    bench = requirement_pins("tools/requirements-bench.txt")
    assert bench["psutil"] == tests["psutil"], "bench and the tests measure memory with the same psutil"


def test_apt_installs_fonts_for_headless_charts():
    assert {"fontconfig", "fonts-dejavu-core"} <= set((BINDER / "apt.txt").read_text().split())


def test_build_and_start_scripts_are_strict_and_executable():
    for name in ("postBuild", "start"):
        script = BINDER / name
        text = script.read_text()
        assert os.access(script, os.X_OK), f"binder/{name} must be executable"
        assert text.startswith("#!/usr/bin/env bash") and "set -euo pipefail" in text, name
    assert "./softlookup binder" in (BINDER / "postBuild").read_text()


def test_start_caps_the_kernel_jvm_and_runs_the_server_command():
    env = {k: v for k, v in os.environ.items() if k != "JJAVA_JVM_OPTS"}
    opts = subprocess.run([str(BINDER / "start"), "bash", "-c", 'printf %s "$JJAVA_JVM_OPTS"'], env=env,
                          capture_output=True, text=True, check=True).stdout
    archive = ROOT / "lib" / "target" / "kernel.jsa"
    assert opts.split() == BINDER_JVM_OPTS + ([f"-XX:SharedArchiveFile={archive}", "-Xlog:cds=off"]
                                              if archive.is_file() else []), opts


# mybinder gives 2 GB, and a learner may have two lessons open: each kernel, both its JVMs, gets at most 1 GB. The
# kernel JVM's heap and javacpp's arrays are capped below that, javacpp's physical bytes (the whole JVM) at 900 MB.
BINDER_JVM_OPTS = ["-Xmx400m", "-Xmn32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                   "-Dorg.bytedeco.javacpp.maxbytes=400m", "-Dorg.bytedeco.javacpp.maxphysicalbytes=900m"]
KERNEL_BUDGET = 1 << 30  # bytes, the kernel's whole process tree


def test_the_heaviest_lesson_runs_under_binders_caps_within_the_budget():
    """The heaviest lesson (runs.HEAVIEST, lesson 08) in a kernel started with the environment binder/start makes: the
    same outputs as stored, and the kernel's peak memory (its whole process tree) within its share of Binder's 2 GB.
    The run is the one test_notebooks compares too (runs.py runs each lesson once)."""
    import nbformat
    import notebooks
    import runs

    path = notebooks.NOTEBOOKS / runs.HEAVIEST
    nb, tree, largest, commands, _ = runs.executed(runs.HEAVIEST)
    kernel = [c for c in commands if "jjava.jar" in c and "-jar" in c]
    assert kernel and all(o in kernel[0].split() for o in BINDER_JVM_OPTS), f"not Binder's caps: {commands}"
    assert notebooks.problems(path, nb) == []
    assert notebooks.differences(path, nbformat.read(path, as_version=4), nb) == []
    assert largest <= 900 << 20, f"the kernel JVM peaked at {largest >> 20} MB, over javacpp's 900 MB"
    assert tree <= KERNEL_BUDGET, f"the kernel's processes peaked at {tree >> 20} MB together, over {KERNEL_BUDGET >> 20} MB"


def test_readme_badge_opens_the_first_lesson_in_jupyterlab():
    readme = (ROOT / "README.md").read_text()
    assert re.search(r"https://mybinder\.org/v2/gh/[^)\s]+\?urlpath=lab/tree/notebooks/00-start-here\.ipynb", readme)


def test_launcher_turns_off_the_jupyter_news_prompt_in_the_environment_only(tmp_path):
    """`./softlookup lab` and Binder's `./softlookup binder` answer JupyterLab's news question in the environment's
    settings overrides, keeping any other override there and never touching the learner's own settings."""
    env_dir = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True)
    settings = env_dir / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True)
    theme = {"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"}}
    (settings / "overrides.json").write_text(json.dumps(theme))
    for _ in range(2):  # the second run finds nothing to change
        subprocess.run(["bash", "-c", 'source "$0" help > /dev/null && no_news_prompt "$1"', str(ROOT / "softlookup"),
                        str(env_dir / "bin" / "python")], check=True, env=dict(os.environ, HOME=str(tmp_path)))
    overrides = json.loads((settings / "overrides.json").read_text())
    assert overrides == {**theme, "@jupyterlab/apputils-extension:notification": {"fetchNews": "false"}}
    assert not (tmp_path / ".jupyter").exists(), "the learner's own settings were touched"


def test_set_up_runs_the_maintainer_tool_never_a_test_file():
    launcher = (ROOT / "softlookup").read_text()
    scripts = re.findall(r'"\$ROOT/([^"]+\.py)"', launcher)
    assert "tools/notebooks.py" in scripts and all(s.startswith("tools/") for s in scripts), scripts
    assert "tests" not in (BINDER / "postBuild").read_text() + (BINDER / "start").read_text()
