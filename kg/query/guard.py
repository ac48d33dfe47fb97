"""Checks on a SPARQL text before any parser sees it: nesting, updates, SERVICE.

Oxigraph's parser and evaluator recurse: 3,000 nested ``{`` or 10,000 chained ``UNION`` blow
the stack and kill the process (a segfault, not an exception). So the text is scanned here
first with a small lexer that skips strings, IRIs and comments, and a query that is too deep,
that is an update, or that calls an endpoint not allowed is refused with a message that says
what to do. ``kg sparql`` and ``kg serve`` both call :func:`check_query`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from kg.errors import UsageError
from kg.rdf import PREFIXES

# Oxigraph survives 2,000 nested braces and 3,000 chained UNIONs in an 8 MB stack; real
# queries stay far below these.
MAX_DEPTH = 200
MAX_CHAIN = 1_000

UPDATE_VERBS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
# Tokens that each add one level to a parse or algebra tree without a bracket around it.
CHAIN_WORDS = frozenset({"UNION", "OPTIONAL", "MINUS"})
CHAIN_SYMBOLS = frozenset({"||", "&&", "!", "+", "-", "*", "/", "|", "^", ".", ";", ",", "=", "!=", "<", ">",
                           "<=", ">="})

READ_ONLY = ("kg is read-only: an update (INSERT, DELETE, LOAD, CLEAR, DROP, …) is refused; "
             "change the source tables and run kg build again")
SERVICE_REFUSED = ("SERVICE {what} is refused: kg does not call other SPARQL endpoints unless told to "
                   "(--allow-service URL allows one)")
TOO_DEEP = "query nested {depth} levels deep (brackets {{ ( [ ); at most {limit} are allowed"
TOO_LONG_A_CHAIN = ("query chains {count} operators (UNION, OPTIONAL, ., ;, ||, +, …); at most {limit} are allowed; "
                    "split it into smaller queries")

_TOKEN = re.compile(r"""
    (?P<space>\s+|\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''|"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<number>[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<name>(?:[^\W\d][\w\-.]*)?:(?:[\w:%\\\-.]*[\w:%\\\-])?|[^\W\d][\w\-]*(?:\.[\w\-]+)*)
  | (?P<symbol>\|\||&&|!=|<=|>=|\^\^|[{}()\[\]!+\-*/|^.;,=<>@])
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)
_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_OPEN, _CLOSE = "{([", "})]"


class QueryRefused(UsageError):
    """An update, a LOAD or a SERVICE call the read-only endpoint will not run (HTTP 403)."""

    status = 403


class QueryTooComplex(UsageError):
    """Nested or chained beyond what the parser survives (HTTP 400)."""

    status = 400


@dataclass(frozen=True)
class Checked:
    """What the scan learned: the query form (SELECT, ASK, CONSTRUCT, DESCRIBE or None) and the
    endpoints the query calls."""

    form: str | None
    services: tuple[str, ...]


def check_query(text: str, *, allowed_services: tuple[str, ...] | frozenset[str] = (),
                max_depth: int = MAX_DEPTH, max_chain: int = MAX_CHAIN) -> Checked:
    """Refuse ``text`` unless it is a read-only query, nested at most ``max_depth`` deep, whose
    SERVICE calls all name an endpoint in ``allowed_services``; raise :class:`QueryRefused`
    or :class:`QueryTooComplex`."""
    tokens = list(_tokens(text))
    _check_nesting(tokens, max_depth, max_chain)
    if _has_update_verb(tokens):
        raise QueryRefused(READ_ONLY)
    form = _form(tokens)
    services = tuple(_services(tokens))
    for endpoint in services:
        if endpoint not in allowed_services:
            raise QueryRefused(SERVICE_REFUSED.format(what=f"<{endpoint}>" if "://" in endpoint else endpoint))
    return Checked(form, services)


def is_update(text: str) -> bool:
    """Whether ``text`` holds a SPARQL update keyword (INSERT, LOAD, DROP, …) outside strings,
    IRIs and comments; no query uses one, so a query text with one is an update."""
    return _has_update_verb(list(_tokens(text)))


def _tokens(text: str):
    """(kind, text) pairs, without spaces and comments."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind != "space":
            yield kind, match.group()


def _check_nesting(tokens: list[tuple[str, str]], max_depth: int, max_chain: int) -> None:
    depth = deepest = chain = 0
    for kind, value in tokens:
        if kind == "symbol" and value in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "symbol" and value in _CLOSE:
            depth = max(depth - 1, 0)
        elif (kind == "symbol" and value in CHAIN_SYMBOLS) or (kind == "name" and value.upper() in CHAIN_WORDS):
            chain += 1
    if deepest > max_depth:
        raise QueryTooComplex(TOO_DEEP.format(depth=deepest, limit=max_depth))
    if chain > max_chain:
        raise QueryTooComplex(TOO_LONG_A_CHAIN.format(count=chain, limit=max_chain))


def _has_update_verb(tokens: list[tuple[str, str]]) -> bool:
    after_at = False  # a language tag ("x"@add) is no keyword
    for kind, value in tokens:
        if kind == "name" and not after_at and value.upper() in UPDATE_VERBS:
            return True
        after_at = kind == "symbol" and value == "@"
    return False


def _first_verb(tokens: list[tuple[str, str]]) -> str | None:
    """The first keyword after PREFIX and BASE declarations, upper-cased."""
    i = 0
    while i < len(tokens):
        kind, value = tokens[i]
        word = value.upper() if kind == "name" else None
        if word == "PREFIX":
            i += 3  # PREFIX p: <iri>
        elif word == "BASE":
            i += 2
        else:
            return word
    return None


def _form(tokens: list[tuple[str, str]]) -> str | None:
    verb = _first_verb(tokens)
    return verb if verb in QUERY_FORMS else None


def _services(tokens: list[tuple[str, str]]):
    """The endpoint of every SERVICE, as an absolute IRI, or the raw token when it cannot be
    known before evaluation (a variable)."""
    prefixes, base = dict(PREFIXES), None
    for i, (kind, value) in enumerate(tokens):
        word = value.upper() if kind == "name" else None
        if word == "PREFIX" and i + 2 < len(tokens):
            prefixes[tokens[i + 1][1].rstrip(":")] = _iri(tokens[i + 2][1], base)
        elif word == "BASE" and i + 1 < len(tokens):
            base = _iri(tokens[i + 1][1], base)
        elif word == "SERVICE":
            j = i + 1
            if j < len(tokens) and tokens[j][1].upper() == "SILENT":
                j += 1
            target_kind, target = tokens[j] if j < len(tokens) else ("other", "")
            if target_kind == "iri":
                yield _iri(target, base)
            elif target_kind == "name" and ":" in target:
                prefix, _, local = target.partition(":")
                yield (prefixes.get(prefix, "?") + re.sub(r"\\(.)", r"\1", local)) if prefix in prefixes else target
            else:
                yield target or "without an endpoint"


def _iri(token: str, base: str | None) -> str:
    """An IRI token as Oxigraph reads it: escapes decoded, resolved against BASE."""
    iri = _UCHAR.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), token.strip("<>"))
    return urljoin(base, iri) if base else iri
