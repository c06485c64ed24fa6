"""The installed kernelspec carries everything the kernel needs, so any Jupyter client starts the same kernel as
`./softlookup lab`: a lesson run by plain `jupyter nbconvert --execute`, with none of the launcher's environment, gets
the heap cap and the class archive; a learner's own JJAVA_JVM_OPTS still wins; too big is refused, not fatal."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from notebooks import KERNEL, NOTEBOOKS, ROOT, code_cells

# What JDK 24 and newer warn about at every kernel start (javacpp's System.load, a restricted method; ND4J's use of
# sun.misc.Unsafe's memory access), silenced with the options meant for them; JDK 17 refuses these options.
def jdk_options(version):
    return ["--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"] if version >= 24 else []


SPEC = Path(sys.prefix) / "share" / "jupyter" / "kernels" / KERNEL / "kernel.json"
ARCHIVE = ROOT / "lib" / "target" / "kernel.jsa"
JUPYTER = Path(sys.prefix) / "bin" / "jupyter"
# What the launcher or Binder might have put in the environment: none of it may be needed.
LAUNCHER_ENV = ("JJAVA_JVM_OPTS", "JJAVA_CLASSPATH", "SOFTLOOKUP_KERNEL_JVM_OPTS", "GOMP_SPINCOUNT", "GLIBC_TUNABLES",
                "OPENBLAS_THREAD_TIMEOUT")

JVM_ARGS_CELL = ('System.out.println("jvm: " + String.join(" ", '
                 'java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));\n'
                 'System.out.println("max heap MB: " + Runtime.getRuntime().maxMemory() / (1 << 20));\n'
                 'System.out.println("vm: " + System.getProperty("java.vm.info"));\n'
                 'for (String s : List.of("GOMP_SPINCOUNT", "GLIBC_TUNABLES", "OPENBLAS_THREAD_TIMEOUT"))\n'
                 '    System.out.println("native " + s + ": " + System.getenv(s));')
TOO_BIG_CELL = ("INDArray big = Nd4j.rand(20_000, 64);\n"
                "try {\n"
                "    Attention.forward(big, big, big, null);\n"
                "    System.out.println(\"not refused\");\n"
                "} catch (IllegalArgumentException e) {\n"
                "    System.out.println(\"refused: \" + e.getMessage());\n"
                "}")
STILL_ALIVE_CELL = 'System.out.println("still here: " + big.rows() + " rows, " + SoftLookup.setup());'


def spec():
    return json.loads(SPEC.read_text())


def test_the_installed_kernelspec_carries_classpath_native_settings_and_jvm_options():
    s = spec()
    assert s["display_name"] == "Java (Soft Lookup)" and s["language"] == "java"
    assert s["interrupt_mode"] == "message", "JJava interrupts a cell by message, not by signal"
    assert "{connection_file}" in s["argv"]
    jars = [a for a in s["argv"] if a.endswith(".jar")]
    assert [Path(j).name for j in jars] == ["jjava.jar"] and all(Path(j).is_file() for j in jars)
    env = s["env"]
    assert env["JJAVA_CLASSPATH"].split(os.pathsep) == [str(ROOT / "lib/target/softlookup.jar"),
                                                       str(ROOT / "lib/target/notebook-classpath") + "/*.jar"]
    assert env["GOMP_SPINCOUNT"] == "20000"
    assert env["GLIBC_TUNABLES"] == "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=268435456"
    assert env["OPENBLAS_THREAD_TIMEOUT"] == "20"
    opts = env["SOFTLOOKUP_KERNEL_JVM_OPTS"].split()
    assert opts == ["-Xmx1g", "-Xmn32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"] + (
        [f"-XX:SharedArchiveFile={ARCHIVE}", "-Xlog:cds=off"] if ARCHIVE.is_file() else []), opts
    assert set(env) == {"JJAVA_CLASSPATH", "SOFTLOOKUP_KERNEL_JVM_OPTS", "GOMP_SPINCOUNT", "GLIBC_TUNABLES",
                        "OPENBLAS_THREAD_TIMEOUT"}, \
        "JJAVA_JVM_OPTS set in the spec would override a learner's own"
    # the command uses the spec's options unless JJAVA_JVM_OPTS is set, and starts the kernel JVM itself, as JJava's
    # launcher would (the probe below sees the options arrive; test_a_learners_own_jjava_jvm_opts_win that a learner's win)
    assert s["argv"][:2] == ["/bin/sh", "-c"] and s["argv"][-1] == "{connection_file}", s["argv"]
    launch = s["argv"][2]
    assert '[ -n "$JJAVA_JVM_OPTS" ] || JJAVA_JVM_OPTS="$SOFTLOOKUP_KERNEL_JVM_OPTS"' in launch
    assert launch.endswith('java="$1"; shift\n[ -x "$java" ] || java=java\nexec "$java" $JJAVA_JVM_OPTS "$@"'), launch
    # the JDK the launcher set up with, by its real path, then its own options, then what JShell needs
    java = Path(shutil.which("java")).resolve()
    assert s["argv"][3:5] == ["softlookup-kernel", str(java)], s["argv"]
    assert s["argv"][-5:-1] == ["--add-opens", "jdk.jshell/jdk.jshell=ALL-UNNAMED", "-jar", jars[0]], s["argv"]
    assert s["argv"][5:-5] == jdk_options(java_version()), s["argv"]
    assert s["metadata"] == {"debugger": False}


def probe_notebook(path, lesson=None):
    """A lesson's code cells (optional), then cells that report the kernel JVM's options and try something too big."""
    cells = []
    if lesson:
        cells = [nbformat.v4.new_code_cell(c.source) for _, c in code_cells(nbformat.read(lesson, as_version=4))]
    else:
        cells = [nbformat.v4.new_code_cell("SoftLookup.setup()")]
    cells += [nbformat.v4.new_code_cell(s) for s in (JVM_ARGS_CELL, TOO_BIG_CELL, STILL_ALIVE_CELL)]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Java (Soft Lookup)", "language": "java"}
    nbformat.write(nb, path)
    return path


def run_nbconvert(tmp_path, notebook, **extra_env):
    env = {k: v for k, v in os.environ.items() if k not in LAUNCHER_ENV}
    env.update(extra_env)
    out = tmp_path / "out"
    # The kernel is killed after the last cell rather than asked to shut down (see runs.py): how nbconvert ends a
    # kernel has nothing to do with how the kernelspec starts it.
    done = subprocess.run([str(JUPYTER), "nbconvert", "--execute", "--to", "notebook", "--output-dir", str(out),
                           "--ExecutePreprocessor.timeout=120", "--ExecutePreprocessor.shutdown_kernel=immediate",
                           str(notebook)],
                          env=env, cwd=notebook.parent, check=True, capture_output=True, text=True, timeout=300)
    # the kernel's log (its stderr) has no JVM warning either: on JDK 24+, the kernelspec's options silence
    # javacpp's System.load and ND4J's sun.misc.Unsafe warnings
    assert [l for l in done.stderr.splitlines() if "WARNING" in l] == [], done.stderr[-3000:]
    nb = nbformat.read(out / notebook.name, as_version=4)
    errors = [o for _, c in code_cells(nb) for o in c.outputs
              if o.output_type == "error" or (o.output_type == "stream" and o.name == "stderr")]
    assert errors == [], errors
    return "".join(o.get("text", "") for _, c in code_cells(nb)[-3:] for o in c.outputs)


def line(text, prefix):
    return next(l for l in text.splitlines() if l.startswith(prefix))[len(prefix):]


def test_plain_nbconvert_runs_a_lesson_in_the_capped_kernel_with_the_class_archive(tmp_path):
    text = run_nbconvert(tmp_path, probe_notebook(tmp_path / "lesson-00.ipynb", NOTEBOOKS / "00-start-here.ipynb"))
    jvm = line(text, "jvm: ").split()
    assert {"-Xmx1g", "-Xmn32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"} <= set(jvm), jvm
    assert int(line(text, "max heap MB: ")) <= 1024, text
    assert ARCHIVE.is_file(), "the launcher records the class archive before the tests run"
    assert f"-XX:SharedArchiveFile={ARCHIVE}" in jvm, jvm
    assert "sharing" in line(text, "vm: "), "the JVM maps classes from an archive"
    # the native settings reach the kernel's process, where ND4J's and OpenBLAS's natives read them at start-up
    assert line(text, "native GOMP_SPINCOUNT: ") == "20000", text
    assert line(text, "native GLIBC_TUNABLES: ").startswith("glibc.malloc.mmap_threshold=33554432:"), text
    assert line(text, "native OPENBLAS_THREAD_TIMEOUT: ") == "20", text
    # too big is refused in words, and the kernel and its variables are still there afterwards
    refused = line(text, "refused: ")
    for words in ("Attention.forward for 20000 queries and 20000 keys", "would need 6.0 GB", "may use",
                  "javacpp's maxPhysicalBytes", "fewer queries or keys", "close results"):
        assert words in refused, refused
    assert "still here: 20000 rows, Soft Lookup is ready" in text, text


def test_a_learners_own_jjava_jvm_opts_win(tmp_path):
    text = run_nbconvert(tmp_path, probe_notebook(tmp_path / "probe.ipynb"), JJAVA_JVM_OPTS="-Xmx700m -XX:+UseSerialGC")
    jvm = line(text, "jvm: ").split()
    assert "-Xmx700m" in jvm and "-Xmx1g" not in jvm, jvm
    assert not any(a.startswith("-XX:SharedArchiveFile") for a in jvm), jvm
    assert int(line(text, "max heap MB: ")) < 1024, text


def java_version(java="java"):
    settings = subprocess.run([java, "-XshowSettings:properties", "-version"], capture_output=True, text=True).stderr
    return int(next(l for l in settings.splitlines() if "java.specification.version" in l).split("=")[1])


def test_the_kernelspec_runs_the_jdk_it_was_installed_with_and_that_jdks_options(tmp_path):
    """install_kernel writes the java first on PATH, by its real path, and the options that JDK knows: none for a
    JDK 17, the two that silence JDK 25's warnings for a 25."""
    env_dir = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True)
    (env_dir / "share/jupyter/kernels/java").mkdir(parents=True)
    (env_dir / "share/jupyter/kernels/java/jjava.jar").write_bytes(b"")
    for version, options in ((17, []), (25, jdk_options(25))):
        jdk = tmp_path / f"jdk-{version}" / "bin"
        jdk.mkdir(parents=True)
        (jdk / "java").write_text(f'#!/bin/sh\necho "    java.specification.version = {version}" >&2\n')
        (jdk / "java").chmod(0o755)
        (tmp_path / f"bin-{version}").mkdir()
        (tmp_path / f"bin-{version}" / "java").symlink_to(jdk / "java")  # as /usr/bin/java links to a JDK
        subprocess.run(["bash", "-c", 'source "$0" help > /dev/null 2>&1 && install_kernel "$1"',
                        str(ROOT / "softlookup"), str(env_dir / "bin" / "python")], check=True, capture_output=True,
                       env=dict(os.environ, PATH=f"{tmp_path / f'bin-{version}'}:{os.environ['PATH']}"))
        argv = json.loads((env_dir / f"share/jupyter/kernels/{KERNEL}/kernel.json").read_text())["argv"]
        assert argv[4:-5] == [str(jdk / "java")] + options, argv
        # A JDK removed since (updated to a path naming its new version): the spec's command takes the java on PATH.
        (tmp_path / f"bin-{version}" / "java").unlink()
        (tmp_path / f"bin-{version}" / "java").write_text('#!/bin/sh\necho "java on PATH: $*"\n')
        (tmp_path / f"bin-{version}" / "java").chmod(0o755)
        jdk.joinpath("java").unlink()
        ran = subprocess.run(argv[:4] + argv[4:-1] + ["connection.json"], capture_output=True, text=True,
                             env=dict(os.environ, PATH=f"{tmp_path / f'bin-{version}'}:{os.environ['PATH']}",
                                      SOFTLOOKUP_KERNEL_JVM_OPTS="-Xmx1g"))
        assert ran.stdout.startswith("java on PATH: -Xmx1g "), ran
        assert ran.stdout.rstrip().endswith("jjava.jar connection.json"), ran
