"""Issue 23: an interrupted rebuild leaves the store as it was before, or as it is after.

A store holds the sample; a rebuild over the sample and 1,500 synthetic projects is started
as a user would (`python -m kg build …`) and stopped by SIGKILL or SIGINT at several moments.
Each time the store must equal, quad for quad, either the old store or the store a complete
rebuild gives; and the next build must clean what the interrupted one left.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.synth import write_corpus

SAMPLE = Path(__file__).resolve().parent.parent / "corpus" / "tianjin-340105-performance-targets.txt"


def _kg(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=300, **kwargs)


def _dump(store: Path) -> str:
    done = _kg("export", "nquads", "--store", str(store), "-o", "-")
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    root = tmp_path_factory.mktemp("crash")
    first = root / "first"
    first.mkdir()
    shutil.copy(SAMPLE, first / SAMPLE.name)
    second = root / "second"
    second.mkdir()
    shutil.copy(SAMPLE, second / SAMPLE.name)
    write_corpus(second / "synth", projects=1500, seed=2)
    # the two states a user may find: the old store, and the store after a complete rebuild
    reference = root / "reference"
    assert _kg("build", str(first), "--store", str(reference), "--no-nlp").returncode == 0
    old = _dump(reference)
    assert _kg("build", str(second), "--store", str(reference), "--no-nlp", "--jobs", "1").returncode in (0, 1)
    new = _dump(reference)
    assert old != new
    return root, first, second, old, new


@pytest.mark.parametrize("sig, after", [(signal.SIGKILL, 1.0), (signal.SIGKILL, 2.5), (signal.SIGINT, 2.0),
                                        (signal.SIGKILL, 3.5)])
def test_an_interrupted_rebuild_leaves_the_old_store_or_the_new(corpora, sig, after, tmp_path):
    root, first, second, old, new = corpora
    store = tmp_path / "store"
    assert _kg("build", str(first), "--store", str(store), "--no-nlp").returncode == 0
    temp = tmp_path / "temp"  # the build's temp folder: a killed build must leave nothing there
    temp.mkdir()
    rebuild = subprocess.Popen([sys.executable, "-m", "kg", "build", str(second), "--store", str(store),
                                "--no-nlp", "--jobs", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "TMPDIR": str(temp)})
    time.sleep(after)
    if rebuild.poll() is None:
        os.kill(rebuild.pid, sig)
    rebuild.wait(timeout=120)
    now = _dump(store)
    assert now in (old, new)
    # its chunks of N-Quads waited in its spool folder beside the store (512 MB each at scale), not there
    assert [p.name for p in temp.iterdir() if p.name != "jieba.cache"] == []
    # the next build cleans what the interrupted one left, and ends in the new state
    assert _kg("build", str(second), "--store", str(store), "--no-nlp", "--jobs", "1").returncode in (0, 1)
    assert _dump(store) == new
    versions = store.with_name(store.name + ".versions")
    assert [p.name for p in versions.iterdir() if p.is_dir()] == [os.path.basename(os.readlink(store))]


def test_a_store_built_before_versions_is_taken_over(tmp_path):
    """A plain `.kg/` folder from an older kg becomes version 0, with its side files."""
    store = tmp_path / "store"
    assert _kg("build", str(SAMPLE), "--store", str(store), "--no-nlp").returncode == 0
    # make it look like an old store: the current version moved to where the link was
    target = Path(os.path.realpath(store))
    store.unlink()
    shutil.move(str(target), str(store))
    for suffix in (".view.npz", ".search.sqlite"):
        side = target.with_name(target.name + suffix)
        if side.exists():
            shutil.move(str(side), str(store.with_name(store.name + suffix)))
    before = _dump(store)
    assert _kg("build", str(SAMPLE), "--store", str(store), "--no-nlp").returncode == 0
    assert store.is_symlink() and _dump(store) == before
    assert _kg("analyze", "shared", "--store", str(store)).returncode == 0


def test_a_running_server_answers_from_the_old_store_then_from_the_new(tmp_path):
    """Issue 23: kg serve keeps answering while a build runs, and moves to the new version
    when the build switches to it."""
    from starlette.testclient import TestClient

    from kg.serve import create_app

    store = tmp_path / "store"
    assert _kg("build", str(SAMPLE), "--store", str(store), "--no-nlp").returncode == 0
    count = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a kg:Project }"
    client = TestClient(create_app(str(store)), base_url="http://127.0.0.1")  # a loopback Host (issue 24)

    def projects() -> int:
        response = client.get("/sparql", params={"query": count}, headers={"Accept": "application/sparql-results+json"})
        assert response.status_code == 200
        return int(response.json()["results"]["bindings"][0]["n"]["value"])

    assert projects() == 5
    more = tmp_path / "more"
    write_corpus(more, projects=40, seed=4)
    rebuild = subprocess.Popen([sys.executable, "-m", "kg", "build", str(SAMPLE), str(more), "--store", str(store),
                                "--no-nlp", "--jobs", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen = set()
    while rebuild.poll() is None:
        seen.add(projects())  # during the build: the old store, whole
        time.sleep(0.05)
    seen.add(projects())
    assert seen <= {5, 45} and projects() == 45


def test_a_killed_parallel_build_leaves_no_worker_behind(corpora, tmp_path):
    """kill -9 of `kg build --jobs 2`: its worker processes end with it."""
    _, first, second, old, new = corpora
    store = tmp_path / "store"
    build = subprocess.Popen([sys.executable, "-m", "kg", "build", str(second), "--store", str(store),
                              "--no-nlp", "--jobs", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    workers: list[int] = []
    while time.time() < deadline and not workers and build.poll() is None:
        time.sleep(0.2)
        workers = [int(p) for p in _children(build.pid)]
    assert workers, "the build started no worker"
    os.kill(build.pid, signal.SIGKILL)
    build.wait(timeout=30)
    time.sleep(3)
    alive = [pid for pid in workers if _alive(pid)]
    assert alive == []


def _children(pid: int) -> list[str]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split() if (task / "children").exists() else []
        found += children
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_a_full_disk_leaves_the_store_and_says_so(corpora, tmp_path):
    """A rebuild on a 3 MB tmpfs runs out of space: the old store stays, the message is plain."""
    _, first, second, old, new = corpora
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        store = disk / "store"
        assert _kg("build", str(first), "--store", str(store), "--no-nlp").returncode == 0
        full = _kg("build", str(second), "--store", str(store), "--no-nlp", "--jobs", "1")
        assert full.returncode == 1
        assert "Error: the disk is full; nothing was changed" in full.stderr
        assert _dump(store) == old
        assert sorted(p.name for p in (disk / "store.versions").iterdir() if p.is_dir()) == [
            os.path.basename(os.readlink(store))]
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


def test_a_second_build_on_a_busy_store_stops_and_changes_nothing(corpora, tmp_path):
    root, first, second, old, new = corpora
    store = tmp_path / "store"
    assert _kg("build", str(first), "--store", str(store), "--no-nlp").returncode == 0
    running = subprocess.Popen([sys.executable, "-m", "kg", "build", str(second), "--store", str(store),
                                "--no-nlp", "--jobs", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    lock = store.with_name(store.name + ".lock")
    deadline = time.monotonic() + 30
    while not (lock.exists() and lock.read_text() == str(running.pid)):  # the build has taken the lock
        assert time.monotonic() < deadline and running.poll() is None
        time.sleep(0.05)
    second_build = _kg("build", str(first), "--store", str(store), "--no-nlp")
    assert second_build.returncode == 1
    assert f"another kg build (pid {running.pid}) is writing the store" in second_build.stderr
    assert "Traceback" not in second_build.stderr
    assert running.wait(timeout=120) in (0, 1)
    assert _dump(store) == new  # the running build finished untouched by the second
