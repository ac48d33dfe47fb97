"""A build is all or nothing: it writes a new version of the store and switches to it at once.

``.kg`` is a symbolic link to the current version, ``.kg.versions/<n>``; its side files (the
project view, the search index) are named after the version (``.kg.versions/<n>.view.npz``),
so one switch of the link changes all of them together. A build starts its version as a
checkpoint of the current one (RocksDB hard links: instant, no copy), changes it, and only
when everything is written replaces the link (``rename``, atomic). An interrupted build
(Ctrl-C, ``kill -9``, a full disk, a crash) leaves the link on the previous version; the
next build removes what the interrupted one left. Readers open ``.kg`` and so see the store
as it was before a build or as it is after, never between.

One build writes a store at a time: a build holds a lock (``.kg.lock``, ``flock``, released
by the kernel however the build ends), and a second build started meanwhile stops at once
with a message, changing nothing.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox

from kg.errors import StoreBusy

SIDE_FILES = (".view.npz", ".search.sqlite", ".facts")


def versions_dir(store: str | Path) -> Path:
    store = Path(store)
    return store.with_name(store.name + ".versions")


def current_version(store: str | Path) -> Path | None:
    """The version directory the store's link points at (None before the first build)."""
    store = Path(store)
    if store.is_symlink():
        return Path(os.path.realpath(store))
    return None


def side_path(store: str | Path, suffix: str) -> Path:
    """A side file of the store's current version (``.kg`` → ``.kg.versions/3.view.npz``);
    a store that is a plain folder (built before versions) keeps ``.kg.view.npz``."""
    path = Path(os.path.realpath(store))
    return path.with_name(path.name + suffix)


@contextmanager
def staged_version(store: str | Path, *, keep_side_files: tuple[str, ...] = ()) -> Iterator[Path]:
    """Yield a new version to build into; switch the store to it when the block ends well,
    remove it when the block fails. ``keep_side_files`` are carried over from the current
    version (a side file the build will not write again)."""
    store = Path(store)
    with _build_lock(store):
        yield from _staged_version(store, keep_side_files)


@contextmanager
def _build_lock(store: Path) -> Iterator[None]:
    """The store's lock for the whole build; another build holding it is a clear error."""
    store.parent.mkdir(parents=True, exist_ok=True)
    lock = store.with_name(store.name + ".lock")
    with open(lock, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise StoreBusy(f"another kg build (pid {holder}) is writing the store {store}; nothing was "
                            "changed. Wait for it to finish, or build into another --store.") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield


def _staged_version(store: Path, keep_side_files: tuple[str, ...]) -> Iterator[Path]:
    _migrate(store)
    versions = versions_dir(store)
    versions.mkdir(parents=True, exist_ok=True)
    current = current_version(store)
    _remove_leftovers(versions, keep=current)
    stage = versions / str(1 + max((int(p.name) for p in versions.iterdir() if p.name.isdigit()), default=0))
    if current is not None:
        ox.Store.read_only(str(current)).backup(str(stage))
        for suffix in keep_side_files:
            old = current.with_name(current.name + suffix)
            if old.exists():
                shutil.copy2(old, stage.with_name(stage.name + suffix))
    try:
        yield stage
    except BaseException:
        _remove_version(stage)
        raise
    link = store.with_name(f".{store.name}.link.{os.getpid()}")
    link.unlink(missing_ok=True)
    os.symlink(os.path.relpath(stage, store.parent), link)
    os.replace(link, store)  # the switch: atomic
    if current is not None and current != stage:
        _remove_version(current)


def _migrate(store: Path) -> None:
    """A store built before versions (a plain folder) becomes version 0 behind a link."""
    if not store.is_dir() or store.is_symlink():
        return
    versions = versions_dir(store)
    versions.mkdir(parents=True, exist_ok=True)
    first = versions / "0"
    os.rename(store, first)
    for suffix in SIDE_FILES:
        old = store.with_name(store.name + suffix)
        if old.exists():
            os.rename(old, first.with_name(first.name + suffix))
    os.symlink(os.path.relpath(first, store.parent), store)


def _remove_leftovers(versions: Path, *, keep: Path | None) -> None:
    """What an interrupted build left: versions the link does not point at."""
    for path in versions.iterdir():
        stem = path.name.split(".", 1)[0]
        if stem.isdigit() and (keep is None or stem != keep.name):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def _remove_version(version: Path) -> None:
    shutil.rmtree(version, ignore_errors=True)
    for path in version.parent.glob(version.name + ".*"):
        if path.is_file():
            path.unlink(missing_ok=True)
