"""What a learner's machine must have, and what the launcher does without the rest: it stops at once, in one sentence
saying what to do, where it cannot serve (Python, venv, JDK, platform); it builds with the Maven Wrapper where no
Maven 3.8+ is on PATH; and scripts keep LF in a clone made on Windows. The launcher's functions are called by
sourcing it (`source softlookup help`), with stub commands ahead of the real ones on PATH."""
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

from notebooks import ROOT

LAUNCHER = ROOT / "softlookup"
WRAPPER_MAVEN = "3.9.16"  # .mvn/wrapper/maven-wrapper.properties


def stub(folder, name, script):
    path = folder / name
    path.write_text("#!/bin/sh\n" + script + "\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def call(function, path, cwd=None, launcher=LAUNCHER, **env):
    """Runs one of the launcher's functions with PATH as given."""
    return subprocess.run(["bash", "-c", f'source "$0" help > /dev/null 2>&1 && {function}', str(launcher)],
                          env=dict(os.environ, PATH=path, **env), cwd=cwd, capture_output=True, text=True,
                          timeout=600)


def refusal(done):
    """The one sentence a refusal prints, after checking that the launcher stopped with it."""
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    lines = [l for l in done.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and lines[0].startswith("softlookup: ") and lines[0].endswith("."), done.stderr
    return lines[0]


def test_this_machine_passes_the_prerequisites():
    done = call("check_prerequisites", os.environ["PATH"])
    assert done.returncode == 0 and done.stderr == "", done.stderr


def test_a_jdk_older_than_17_is_refused(tmp_path):
    stub(tmp_path, "java", 'echo "    java.specification.version = 11" >&2; echo "jdk.jshell@11.0.2"')
    line = refusal(call("check_prerequisites", f"{tmp_path}:{os.environ['PATH']}"))
    assert "Java 11 found" in line and "JDK 17 or newer" in line, line


def test_a_java_runtime_without_jshell_is_refused(tmp_path):
    # a JRE made by jlink (Temurin's, say): java.base and friends, no jdk.jshell, no jdk.compiler
    stub(tmp_path, "java", 'echo "    java.specification.version = 21" >&2; echo "java.base@21.0.5"; '
                           'echo "java.desktop@21.0.5"')
    line = refusal(call("check_prerequisites", f"{tmp_path}:{os.environ['PATH']}"))
    assert "without JShell" in line and "not a JRE" in line, line


def test_python_older_than_310_is_refused(tmp_path):
    stub(tmp_path, "python3", 'case "$*" in -V) echo "Python 3.9.18" ;; *) exit 1 ;; esac')
    line = refusal(call("check_prerequisites", f"{tmp_path}:{os.environ['PATH']}"))
    assert "Python 3.9.18 found" in line and "Python 3.10 or newer" in line, line


def test_python_without_venvs_installer_is_refused(tmp_path):
    # Debian's python3 without python3-venv: the venv module is there, its pip installer (ensurepip) is not
    (tmp_path / "debian").mkdir()
    (tmp_path / "debian" / "ensurepip.py").write_text("raise ImportError('ensurepip is disabled in Debian')\n")
    line = refusal(call("check_prerequisites", os.environ["PATH"], PYTHONPATH=str(tmp_path / "debian")))
    assert "apt install python3-venv" in line, line


def test_a_platform_without_nd4j_natives_is_refused(tmp_path):
    for system, machine, words in (("Linux", "aarch64", "not aarch64"), ("FreeBSD", "amd64", "not FreeBSD amd64"),
                                   ("MINGW64_NT-10.0", "x86_64", "WSL 2")):
        stub(tmp_path, "uname", f'case "$1" in -s) echo {system} ;; -m) echo {machine} ;; esac')
        line = refusal(call("check_prerequisites", f"{tmp_path}:{os.environ['PATH']}"))
        assert words in line and "Binder" in line, line
    for system, machine in (("Darwin", "arm64"), ("Darwin", "x86_64")):  # macOS: natives in the POM's profiles
        stub(tmp_path, "uname", f'case "$1" in -s) echo {system} ;; -m) echo {machine} ;; esac')
        assert call("check_prerequisites", f"{tmp_path}:{os.environ['PATH']}").returncode == 0


def path_without_mvn(folder):
    """A folder of links to everything in mvn's folder but mvn (java and python3 may share it), and the PATH's
    other folders that hold no mvn."""
    folder.mkdir()
    if shutil.which("mvn") is None:  # a machine without Maven, as a learner's may be
        return os.environ["PATH"]
    mvn_dir = Path(shutil.which("mvn")).parent
    for entry in mvn_dir.iterdir():
        if entry.name != "mvn":
            (folder / entry.name).symlink_to(entry)
    others = [d for d in os.environ["PATH"].split(os.pathsep)
              if d and Path(d).resolve() != mvn_dir.resolve() and not (Path(d) / "mvn").exists()]
    path = os.pathsep.join([str(folder)] + others)
    assert shutil.which("mvn", path=path) is None and shutil.which("java", path=path)
    return path


def maven_chosen(path):
    done = call('maven_command && printf %s "$MVN"', path)
    assert done.returncode == 0, done.stderr
    return done.stdout, done.stderr


def test_maven_on_path_is_used_when_38_or_newer_else_the_wrapper(tmp_path):
    without = path_without_mvn(tmp_path / "bin")
    assert maven_chosen(without) == (str(ROOT / "mvnw"), "")
    for version, chosen in (("3.9.9", "mvn"), ("3.8.7", "mvn"), ("4.0.0", "mvn"), ("3.6.3", str(ROOT / "mvnw"))):
        installed = tmp_path / version
        installed.mkdir()
        # as Maven prints it, in bold, even with -B
        stub(installed, "mvn", f"printf '\\033[1mApache Maven {version} (cecedd3430)\\033[m\\n'")
        said = maven_chosen(f"{installed}:{without}")
        assert said[0] == chosen, (version, said)
        assert ("not Maven 3.8 or newer" in said[1]) == (chosen != "mvn"), said


def test_the_wrapper_pins_maven_from_maven_central():
    props = dict(l.split("=", 1) for l in (ROOT / ".mvn/wrapper/maven-wrapper.properties").read_text().splitlines()
                 if "=" in l and not l.startswith("#"))
    assert props["distributionType"] == "only-script", "no wrapper jar to download, from anywhere"
    assert props["distributionUrl"] == ("https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/"
                                        f"{WRAPPER_MAVEN}/apache-maven-{WRAPPER_MAVEN}-bin.zip")
    # no checksum: the wrapper fetches the .tar.gz instead where unzip is missing, and one sum cannot fit both
    assert "distributionSha256Sum" not in props
    assert os.access(ROOT / "mvnw", os.X_OK)


def test_the_library_builds_through_the_wrapper_with_no_mvn_on_path(tmp_path):
    """The launcher's library step in a copy of the build's files, with no mvn anywhere on PATH: it builds with
    ./mvnw (Maven from ~/.m2/wrapper, downloaded once) and unpacks ND4J's natives."""
    copy = tmp_path / "course"
    copy.mkdir()
    for name in ("softlookup", "mvnw", "pom.xml"):
        shutil.copy2(ROOT / name, copy / name)
    shutil.copytree(ROOT / ".mvn", copy / ".mvn")
    shutil.copytree(ROOT / "lib", copy / "lib", ignore=shutil.ignore_patterns("target"))
    done = call("ensure_library", path_without_mvn(tmp_path / "bin"), cwd=copy, launcher=copy / "softlookup")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Building the library with ./mvnw" in done.stdout, done.stdout[-3000:]
    assert "BUILD SUCCESS" in done.stdout
    assert (copy / "lib/target/softlookup.jar").is_file()
    assert any((copy / "lib/target/notebook-classpath").glob("nd4j-native-*linux-x86_64.jar"))
    assert (Path.home() / f".m2/wrapper/dists/apache-maven-{WRAPPER_MAVEN}").is_dir()


def test_scripts_keep_lf_and_mvnw_cmd_crlf_in_a_windows_clone():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    scripts = [f for f in tracked if (ROOT / f).is_file() and (ROOT / f).read_bytes().startswith(b"#!")]
    assert {"softlookup", "binder/postBuild", "binder/start", ".ci/run"} <= set(scripts), scripts
    attrs = subprocess.run(["git", "check-attr", "eol", "--"] + scripts + ["mvnw", "mvnw.cmd"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout
    eol = dict(l.rsplit(": ", 1) for l in attrs.replace(": eol: ", ": ").splitlines())
    assert eol == {**{s: "lf" for s in scripts}, "mvnw": "lf", "mvnw.cmd": "crlf"}, eol
    assert b"\r\n" in (ROOT / "mvnw.cmd").read_bytes() and b"\r" not in (ROOT / "mvnw").read_bytes()


def test_the_test_tools_are_installed_by_test_only():
    """The tools the tests import are in tests/requirements.txt, which only `test` installs, and are in this .venv."""
    launcher = LAUNCHER.read_text()
    test_branch = launcher[launcher.index("\n  test)"):launcher.index("\n  store)")]
    assert "ensure_test_tools" in test_branch and launcher.count("ensure_test_tools\n") == 1
    import importlib.util
    for module in ("pytest", "psutil", "PIL", "playwright"):
        assert importlib.util.find_spec(module), f"{module} is missing from {sys.prefix}"
