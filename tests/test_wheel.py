"""Issue 19: the wheel works when installed: ontology, shapes and queries ship inside it.

The wheel is built from this checkout and installed into a fresh venv outside it; its
dependencies come from the test environment's site-packages (on PYTHONPATH, where .pth files
such as the editable install's finder are not read), so the kg that runs is the wheel's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "tianjin-340105-performance-targets.txt"


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
                            "-q", "-w", str(out / "dist")], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-2000:]
    [wheel] = (out / "dist").glob("kg-*.whl")
    env_dir = out / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    done = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    env = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"]}
    work = out / "work"
    work.mkdir()
    shutil.copy(SAMPLE, work / SAMPLE.name)
    return wheel, env_dir / "bin" / "kg", env, work


def _kg(installed, *args):
    _, kg, env, work = installed
    return subprocess.run([str(kg), *args], cwd=work, env=env, capture_output=True, text=True, timeout=300)


def test_the_wheel_carries_the_ontology_queries_and_licence(installed):
    names = zipfile.ZipFile(installed[0]).namelist()
    assert {"kg/_assets/ontology/kg.ttl", "kg/_assets/ontology/shapes.ttl",
            "kg/_assets/queries/shared-targets.rq", "kg/nlp/__init__.py"} <= set(names)
    assert any(n.endswith("licenses/LICENSE") for n in names)


def test_an_installed_kg_builds_queries_and_validates_outside_the_checkout(installed):
    _, _, env, work = installed
    where = subprocess.run([str(installed[1].parent / "python"), "-c", "import kg; print(kg.__file__)"],
                           cwd=work, env=env, capture_output=True, text=True)
    assert str(installed[1].parent.parent) in where.stdout  # the wheel's kg, not the checkout's
    built = _kg(installed, "build", SAMPLE.name, "--store", "store")
    assert built.returncode == 0, built.stderr
    assert "5 projects, 32 indicators" in built.stdout
    shared = _kg(installed, "query", "shared-targets", "--store", "store", "--format", "csv")
    assert shared.returncode == 0 and "服务党员教育,≥20万人次,2," in shared.stdout
    checked = _kg(installed, "validate", "--store", "store")
    assert checked.returncode == 0 and "Conforms: True" in checked.stdout
    assert "shared-targets" in _kg(installed, "queries").stdout
