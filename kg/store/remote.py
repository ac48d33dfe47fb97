"""A remote triple store over HTTP: SPARQL 1.1 Protocol for queries, the Graph Store
Protocol for loading (one named graph per document, replaced with PUT, so reloads are
idempotent). Transient errors (connection failures, 5xx) are retried with back-off.

URLs: ``--endpoint`` is the SPARQL query URL. The graph store URL is ``--graph-store``, or
derived from the endpoint: ``…/query`` → ``…/store`` (Oxigraph), ``…/sparql`` → ``…/data``
(Fuseki), ``…/sparql-auth`` → ``…/sparql-graph-crud-auth`` (Virtuoso's pair that asks for a
password). Otherwise (GraphDB, Virtuoso's open ``/sparql``) pass ``--graph-store``.

Credentials go in a URL's user part (``http://USER:PASSWORD@host/…``) and are sent with HTTP
Digest or Basic authentication, whichever the server asks for (Virtuoso's
``/sparql-graph-crud-auth`` asks for Digest). They are taken out of the URL before any request,
and no message repeats them.
"""

from __future__ import annotations

import base64
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox

from kg.errors import InputError, UsageError
from kg.rdf.names import PREFIXES

RETRIES = 4
BACKOFF = 0.5  # seconds, doubled after each failure
RESULT_MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}


def graph_store_url(endpoint: str, graph_store: str | None = None) -> str:
    if graph_store:
        return graph_store
    for query_path, store_path in (("/query", "/store"), ("/sparql-auth", "/sparql-graph-crud-auth"),
                                   ("/sparql", "/data")):
        if endpoint.rstrip("/").endswith(query_path):
            return endpoint.rstrip("/")[: -len(query_path)] + store_path
    raise UsageError(f"cannot tell the graph store URL from {endpoint}; pass --graph-store URL")


def split_credentials(url: str) -> tuple[str, tuple[str, str] | None]:
    """``http://user:pw@host/path`` → (``http://host/path``, (user, pw)); a URL without a user part
    comes back as it is, with None."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return url, None
    bare = parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
    return bare, (urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or ""))


def _opener(url: str, credentials: tuple[str, str] | None) -> urllib.request.OpenerDirector:
    if credentials is None:
        return urllib.request.build_opener()
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url, *credentials)
    # a new opener per request: the digest handler counts failed tries per instance and would
    # refuse every later request once one user name was wrong
    return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords),
                                       urllib.request.HTTPBasicAuthHandler(passwords))


def _sign(request: urllib.request.Request, credentials: tuple[str, str], timeout: float) -> None:
    """Sign ``request`` before it is sent, with the scheme a bodiless HEAD is told to use. A server
    that refuses an unsigned request may close the connection before it has read the body, and a
    large graph sent unsigned then fails with a broken pipe, not a 401 (Virtuoso does, at 10k projects)."""
    try:
        urllib.request.urlopen(urllib.request.Request(request.full_url, method="HEAD"), timeout=timeout).close()
        return  # the server asks for no password here
    except urllib.error.HTTPError as error:
        challenge = error.headers.get("WWW-Authenticate", "") if error.code == 401 else ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return  # the request itself will say what is wrong
    scheme, _, fields = challenge.partition(" ")
    if scheme.lower() == "digest":
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, request.full_url, *credentials)
        chal = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(fields)))
        signed = urllib.request.HTTPDigestAuthHandler(passwords).get_authorization(request, chal)
        if signed:
            request.add_unredirected_header("Authorization", f"Digest {signed}")
    elif scheme.lower() == "basic":
        token = base64.b64encode(":".join(credentials).encode("utf-8")).decode("ascii")
        request.add_unredirected_header("Authorization", f"Basic {token}")


def _refused(url: str, code: int, body: str, credentials: tuple[str, str] | None) -> UsageError:
    """401/403 in one line that says what to change (the password itself never shown)."""
    if code == 401 and credentials is None:
        return UsageError(f"{url} asks for a user name and password (401): give them in the URL, "
                          f"as http://USER:PASSWORD@HOST/PATH")
    if code == 401:
        return UsageError(f"{url} refused the password of user {credentials[0]!r} (401): check the user "
                          f"name and password in the URL")
    who = f"user {credentials[0]!r}" if credentials else "an anonymous user"
    return UsageError(f"{url} does not let {who} do this (403): the user needs write access (on Virtuoso, "
                      f"the SPARQL_UPDATE role){': ' + body[:200] if body else ''}")


def _plain(body: str) -> str:
    """An error page as one line of text (Virtuoso answers errors as HTML, with the reason in it)."""
    if "<html" in body[:200].lower():
        body = re.sub(r"(?is)<head.*?</head>|<[^>]+>", " ", body)
    return " ".join(body.split())


def _request(request: urllib.request.Request, *, timeout: float = 120) -> bytes:
    bare, credentials = split_credentials(request.full_url)
    request.full_url = bare
    opener = _opener(bare, credentials)
    url = bare.split("?")[0]
    delay = BACKOFF
    for attempt in range(RETRIES):
        try:
            if credentials is not None:
                _sign(request, credentials, timeout)  # a digest nonce serves one request: each try anew
            with opener.open(request, timeout=timeout) as response:
                cap = response.headers.get("X-SPARQL-MaxRows")
                if cap:  # Virtuoso says so when the rows reached its cap: a part may pass for the answer
                    raise InputError(f"{url} stopped at its limit of {cap} result rows, so the answer may be cut: "
                                     f"raise the limit (on Virtuoso, ResultSetMaxRows in virtuoso.ini's [SPARQL])")
                return response.read()
        except urllib.error.HTTPError as error:
            body = _plain((error.read() if error.fp else b"").decode("utf-8", "replace"))
            if error.code in (401, 403):
                raise _refused(url, error.code, body, credentials) from None
            if error.code < 500 or attempt == RETRIES - 1:
                kind = UsageError if error.code in (400, 404, 405, 415) else InputError
                raise kind(f"{url} answered {error.code}: {body[:300]}") from None
            opener = _opener(bare, credentials)
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            if attempt == RETRIES - 1:
                raise InputError(f"cannot reach {url}: "
                                 f"{getattr(error, 'reason', error)}") from None
        time.sleep(delay)
        delay *= 2
    raise AssertionError("unreachable")


def put_graph(store_url: str, graph: str, data: str, media_type: str = "application/n-triples") -> None:
    """Replace one named graph with ``data``."""
    url = f"{store_url}?{urllib.parse.urlencode({'graph': graph})}"
    _request(urllib.request.Request(url, data=data.encode("utf-8"), method="PUT",
                                    headers={"Content-Type": f"{media_type}; charset=utf-8"}))


def post_graph(store_url: str, graph: str, data: str, media_type: str = "application/n-triples") -> None:
    """Add ``data`` to one named graph (the terms graph grows with every build)."""
    url = f"{store_url}?{urllib.parse.urlencode({'graph': graph})}"
    _request(urllib.request.Request(url, data=data.encode("utf-8"), method="POST",
                                    headers={"Content-Type": f"{media_type}; charset=utf-8"}))


def remote_select(endpoint: str):
    """A select function over the endpoint (rows of plain strings), as kg.build.stats reads."""
    def select(text: str):
        document = json.loads(remote_query(endpoint, text))
        columns = document["head"]["vars"]
        for binding in document["results"]["bindings"]:
            yield tuple(binding[c]["value"] for c in columns)
    return select


def nquads_to_ntriples(lines: list[str], graph: str) -> str:
    """One graph's N-Quads lines as N-Triples (the graph term removed)."""
    suffix = f" <{graph}> .\n"
    return "".join(line[: -len(suffix)] + " .\n" for line in lines if line.endswith(suffix))


def remote_query(endpoint: str, text: str, *, accept: str = "json") -> bytes:
    """Run ``text`` at the endpoint (POST, form-encoded) and return the result document."""
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(PREFIXES.items()))
    body = urllib.parse.urlencode({"query": prologue + text}).encode("utf-8")
    return _request(urllib.request.Request(endpoint, data=body, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": RESULT_MEDIA[accept]}))


# Where a query's WHERE group opens, skipping IRIs, strings and comments (a "#" in a comment or
# an IRI, a "where" in a comment); a bare "{" is the group of a SELECT or ASK without WHERE.
_GROUP_OPENING = re.compile(r"""<[^<>"{}|^`\\\s]*>|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|#[^\n]*"""
                            r"|(?P<where>\bWHERE\s*\{)|(?P<brace>\{)", re.IGNORECASE)


def with_values(text: str, bindings: dict[str, str]) -> str:
    """Bind parameters with a VALUES block of serialised terms at the start of the WHERE group:
    the value is bound before the group is read, as the embedded store's substitutions bind it.
    (A trailing VALUES after the query means the same in SPARQL 1.1, but Virtuoso 7.2 drops it
    when the group holds a BIND, and answers every metric for metric-targets.)"""
    if not bindings:
        return text
    names = " ".join(f"?{k}" for k in bindings)
    terms = " ".join(str(ox.Literal(v)) for v in bindings.values())
    block = f"VALUES ({names}) {{ ({terms}) }}"
    template = re.search(r"\b(CONSTRUCT|DESCRIBE)\b", text, re.IGNORECASE)  # its first "{" is no group
    for match in _GROUP_OPENING.finditer(text):
        if match["where"] or (match["brace"] and not (template and template.start() < match.start())):
            return f"{text[:match.end()]} {block}\n{text[match.end():]}"
    return f"{text.rstrip()}\n{block}\n"
