"""The facts of the corpus-wide passes, kept per document beside the store.

O001 compares each target with its peers' across the corpus, and keywords weigh a project's words
by how many projects use them: both need every document of the store, not only those a build
reads. So each document's facts (its peer values and its projects' term counts, pickled once by
the worker) are kept in a side file of the store's version (``.kg.versions/<n>.facts``); a build
that adds files to a store reads the facts of the documents it did not read from there, and the
passes see the whole store, as a build of every file would.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Iterator

if TYPE_CHECKING:
    from kg.audit.rules import PeerValue

FACTS_SUFFIX = ".facts"
TermCounts = list[tuple[str, dict[str, int]]]  # (project-year IRI, its words' counts)


def pack_facts(peers: list["PeerValue"], term_counts: TermCounts) -> bytes:
    return pickle.dumps((peers, term_counts), protocol=pickle.HIGHEST_PROTOCOL)


def unpack_facts(facts: bytes) -> tuple[list["PeerValue"], TermCounts]:
    if not facts:
        return [], []
    return pickle.loads(facts)  # noqa: S301 - written by this build or an earlier one, beside its store


class FactsFile:
    """The side file being written: one record per document, (source path, its packed facts).
    Without a path (a build with no store folder), a temporary file that :meth:`discard` removes,
    in ``folder`` (the build's spool folder, removed with it if the build fails) or the temp folder."""

    def __init__(self, path: Path | None = None, folder: str | None = None):
        if path is None:
            handle, name = tempfile.mkstemp(suffix=FACTS_SUFFIX, dir=folder)
            os.close(handle)
        self.path = Path(name) if path is None else path
        self.temporary = path is None
        self._file: BinaryIO | None = open(self.path, "wb")

    def add(self, document: str, facts: bytes) -> None:
        pickle.dump((document, facts), self._file, protocol=pickle.HIGHEST_PROTOCOL)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def discard(self) -> None:
        """Remove the file if it is a temporary one (a store's side file stays)."""
        self.close()
        if self.temporary:
            self.path.unlink(missing_ok=True)


def read_facts(path: Path) -> Iterator[tuple[str, bytes]]:
    """The records of a side file: (source path, packed facts), in the order written."""
    with open(path, "rb") as source:
        while True:
            try:
                yield pickle.load(source)  # noqa: S301 - see unpack_facts
            except EOFError:
                return


def unpacked_facts(path: Path) -> Iterator[tuple[list["PeerValue"], TermCounts]]:
    """Each document's peer values and term counts, from a side file, one document at a time."""
    for _, packed in read_facts(path):
        yield unpack_facts(packed)
