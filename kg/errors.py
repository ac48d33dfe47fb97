"""Typed errors. Every error a user can cause is a :class:`KgError`.

The CLI prints ``Error: <str(error)>`` without a traceback; ``str`` of a
located error reads ``path:line: reason`` so editors can jump to it.
"""

from __future__ import annotations

from functools import partial

ENCODING_ADVICE = (
    "the file is neither UTF-8 nor GB18030; pass --encoding with the right codec "
    "(for example --encoding big5)"
)


class KgError(Exception):
    """Root of every error kg raises on purpose."""

    def __init__(self, reason: str, *, path: str | None = None, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.path = path
        self.line = line

    def __str__(self) -> str:
        return self._located(self.reason)

    def _located(self, text: str) -> str:
        if self.path is None:
            return text
        if self.line is None:
            return f"{self.path}: {text}"
        return f"{self.path}:{self.line}: {text}"


class InputError(KgError):
    """A file cannot be read at all (missing, undecodable, not a table dump)."""


class LimitError(InputError):
    """A file is over one of the reading limits (kg.read.limits); it is skipped, not read in part.

    ``limit`` is the limit's name as ``--limit`` takes it (``max-pdf-pages``), ``value`` its value
    as printed (``32MB``).
    """

    def __init__(self, what: str, *, limit: str, value: str, path: str | None = None, line: int | None = None):
        super().__init__(f"{what}, over the limit {limit}={value}; if you trust the file, "
                         f"raise it with --limit {limit}=N", path=path, line=line)
        self.what = what
        self.limit = limit
        self.value = value

    def __reduce__(self):
        # rebuilt from its parts, not its message: a build's worker processes hand it back pickled
        return partial(LimitError, limit=self.limit, value=self.value, path=self.path, line=self.line), (self.what,)


class TableError(KgError):
    """One table in a file is malformed; the other tables are still extracted."""


class StoreBusy(KgError):
    """Another build is writing the same store; this one changed nothing."""


class UsageError(KgError):
    """The caller asked for something that cannot be done (bad option, unknown format)."""


class ParseWarning(KgError):
    """Part of a table was damaged and left out (a row, a budget cell); the rest was read.

    ``field`` names the column or label concerned (``指标值``, ``预算数``…).
    """

    def __init__(self, reason: str, *, path: str | None = None, line: int | None = None,
                 field: str | None = None):
        super().__init__(reason, path=path, line=line)
        self.field = field

    def __str__(self) -> str:
        return self._located(f"{self.field}: {self.reason}" if self.field else self.reason)
