"""Text dumps: encoding sniffing (UTF-8 with or without BOM, GB18030), any line ending."""

from __future__ import annotations

import codecs
import os
import re
import stat
from functools import partial
from itertools import count, repeat
from pathlib import Path
from typing import Iterable, Iterator

from kg.errors import ENCODING_ADVICE, InputError, ParseWarning, UsageError
from kg.read.limits import DEFAULT_LIMITS, ReadLimits
from kg.records import SourceLine

TEXT_SUFFIXES = (".txt", ".text", ".md")
DOCUMENT_SUFFIXES = (".docx", ".xlsx", ".xlsm", ".pdf", ".html", ".htm", ".csv")
# Only real line terminators: str.splitlines() would also split on \x0c, \x1c and
# U+2028, which PDF-to-text tools leave inside cells.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def decode(data: bytes, *, encoding: str | None = None, path: str = "<bytes>",
           damage: list[ParseWarning] | None = None) -> str:
    """Decode a dump: the forced ``encoding``, else BOM, else UTF-8, else GB18030.

    A file that is UTF-8 or GB18030 but for a few bytes (cut in the middle of a character, a byte
    damaged) is read with those bytes as U+FFFD, and a warning saying where goes to ``damage``."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise UsageError(f"unknown encoding {encoding!r}") from None
        try:
            return data.decode(encoding).removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"cannot decode as {encoding} (byte {exc.start}); try another --encoding",
                path=path,
            ) from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    damaged = _mostly_decodable(data)
    if damaged is None:
        raise InputError(ENCODING_ADVICE, path=path)
    text, codec, bad = damaged
    if damage is not None:
        line = text.count("\n", 0, text.index(REPLACEMENT)) + 1
        damage.append(ParseWarning(
            f"{bad} byte sequence(s) are not {codec.upper()} (the file was cut or damaged); read as "
            f"{REPLACEMENT}, the first on this line", path=path, line=line, field="编码"))
    return text


REPLACEMENT = "\ufffd"


def _mostly_decodable(data: bytes) -> tuple[str, str, int] | None:
    """(text, codec, bad sequences) where UTF-8 or GB18030 reads all but a few bytes (a file cut in
    the middle of a character, a byte flipped), the bad ones as U+FFFD; None for another encoding."""
    best = None
    for codec in ("utf-8", "gb18030"):
        text = data.decode(codec, errors="replace")
        bad = text.count(REPLACEMENT) - (data.count(REPLACEMENT.encode("utf-8")) if codec == "utf-8" else 0)
        if best is None or bad < best[2]:
            best = (text, codec, bad)
    text, _, bad = best
    return best if 0 < bad <= max(1, len(text) // MAX_DAMAGE_SHARE) else None


MAX_DAMAGE_SHARE = 200  # at most one bad sequence in 200 characters: more is another encoding


_CONTROL = {c: f"\\x{c:02x}" for c in range(32)} | {10: "\\n", 13: "\\r", 9: "\\t"}


def display_path(path: str | Path | bytes) -> str:
    """A file name as kg prints and records it: always valid UTF-8 on one line.

    The OS gives names as bytes; one that is not UTF-8 (``b\xe9.txt``) keeps its odd bytes as
    ``\xe9``, and a newline or other control character in a name is escaped likewise.
    """
    text = os.fsdecode(path) if isinstance(path, bytes) else str(path)
    if text.isprintable():
        return text
    shown = os.fsencode(text).decode("utf-8", "backslashreplace")
    return shown.translate(_CONTROL)


def read_lines(path: str | Path, *, encoding: str | None = None, limits: ReadLimits = DEFAULT_LIMITS,
               damage: list[ParseWarning] | None = None) -> list[SourceLine]:
    """All lines of a text dump, numbered from 1, without their terminators.

    A file over ``limits.max_file_size`` bytes, or with a line over ``limits.max_line_length``
    characters, is refused with a :class:`~kg.errors.LimitError`. Bytes that do not decode in an
    otherwise readable file are said in ``damage`` (:func:`decode`).
    """
    shown = display_path(path)
    check_regular(path, shown)
    text = decode(read_bounded(path, shown, limits), encoding=encoding, path=shown, damage=damage)
    parts = _LINE_BREAK.split(text)
    if parts and parts[-1] == "":
        parts.pop()
    check_line_lengths(parts, shown, limits)
    # SourceLine is a named tuple: one per line, made the cheap way (no Python-level loop)
    return list(map(partial(tuple.__new__, SourceLine), zip(repeat(shown), count(1), parts)))


def read_bounded(path: str | Path, shown: str, limits: ReadLimits = DEFAULT_LIMITS) -> bytes:
    """A file's bytes, refused with a message when it is over ``limits.max_file_size``.

    A dump is read whole, and its records are held together (one file is one graph in the
    store), so memory follows the file's size however it is read: a size limit, not streaming,
    is what bounds it. Reading one byte past the limit also catches a file that grows.
    """
    data = b""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size <= limits.max_file_size:
                # read(n) allocates n bytes first: ask for the size the file has, then for
                # what it may have grown by since, up to one byte past the limit
                data = handle.read(size + 1)
                if len(data) > size:
                    data += handle.read(limits.max_file_size + 1 - len(data))
    except FileNotFoundError:
        raise InputError("no such file", path=shown) from None
    except IsADirectoryError:
        raise InputError("is a directory", path=shown) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=shown) from None
    size = max(size, len(data))
    limits.check("max_file_size", size, f"a file of {size:,} bytes", path=shown)
    return data


def check_line_lengths(lines: list[str], shown: str, limits: ReadLimits = DEFAULT_LIMITS) -> None:
    """Refuse a line longer than ``limits.max_line_length``: the parse stage is linear in a
    line's length, but with a large constant, and a line that long is no table row."""
    if not lines or max(map(len, lines)) <= limits.max_line_length:
        return
    number = next(n for n, line in enumerate(lines, start=1) if len(line) > limits.max_line_length)
    limits.check("max_line_length", len(lines[number - 1]), f"a line of {len(lines[number - 1]):,} characters",
                 path=shown, line=number)


def check_regular(path: str | Path, shown: str) -> None:
    """A FIFO, a device or a socket would block or never end: refuse it with a message."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # reading says why
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise InputError("not a regular file (a FIFO, a device or a socket); skipped", path=shown)


def walk_inputs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files to read: each file as given, and every text dump under each folder, sorted."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*")
                              if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES + DOCUMENT_SUFFIXES
                              and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            yield path
