"""The image a hub runs (docs/instructor-guide.md) is built by repo2docker from this repository, as Binder's is:
its Dockerfile must install binder/apt.txt, use binder/environment.yml, run binder/postBuild and start every server
through binder/start. repo2docker lives in its own pinned venv (tools/repo2docker-requirements.txt, installed by
`./softlookup test`); --no-build writes the Dockerfile without Docker."""
import os
import re
import subprocess
from pathlib import Path

from notebooks import ROOT

REPO2DOCKER = Path(os.environ.get("SOFTLOOKUP_REPO2DOCKER", ROOT / ".venv-repo2docker" / "bin" / "repo2docker"))


def test_repo2docker_dockerfile_uses_every_binder_file(tmp_path):
    assert REPO2DOCKER.exists(), f"repo2docker is missing at {REPO2DOCKER}: ./softlookup test installs it"
    done = subprocess.run([str(REPO2DOCKER), "--no-build", "--debug", "--user-name", "jovyan", str(ROOT)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    dockerfile = done.stdout + done.stderr
    apt = (ROOT / "binder" / "apt.txt").read_text().split()
    assert re.search(r"apt-get install --yes --no-install-recommends " + " ".join(map(re.escape, apt)), dockerfile)
    assert re.search(r'--file "binder/environment\.yml"', dockerfile)
    assert "RUN ./binder/postBuild" in dockerfile
    assert 'ENV R2D_ENTRYPOINT="${REPO_DIR}/binder/start"' in dockerfile
    assert 'ENTRYPOINT ["/usr/local/bin/repo2docker-entrypoint"]' in dockerfile
