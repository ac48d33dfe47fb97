"""What every request and response of ``kg serve`` passes through: the Host allow-list, the
cross-origin check on POST, and the security headers.

A page on another site can make a browser send requests here: with a forged Host (DNS
rebinding) it could read the answers, and with a form POST it could run queries. So the Host
must be one of the allowed names (loopback by default), and a cross-origin POST must carry a
SPARQL content type, which a browser only sends after a CORS preflight this server never grants.
"""

from __future__ import annotations

import secrets
from typing import Iterable

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
SPARQL_CONTENT_TYPES = ("application/sparql-query", "application/sparql-update")
# Answers that are data, not pages: nothing in them may run or be framed.
DATA_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# Pages: only their own nonce-carrying script runs; they talk to this server and nothing else.
PAGE_CSP = ("default-src 'self'; script-src 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob:; connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; "
            "base-uri 'none'; form-action 'self'; object-src 'none'")
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-resource-policy": "same-origin",
}
HOST_REFUSED = ("Host {host!r} is not served here; start kg serve with --allowed-host {name} "
                "to answer to that name\n")
CROSS_ORIGIN_REFUSED = ("a cross-origin POST is refused unless it is application/sparql-query "
                        "(a page on another site may not run queries here)\n")


def host_name(host: str) -> str:
    """``[::1]:8000`` → ``::1``, ``Example.org.:80`` → ``example.org``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]")[0]
    if host.count(":") == 1:
        host = host.split(":")[0]
    return host.rstrip(".")


def with_nonce(page: str) -> tuple[str, str]:
    """The page with a fresh nonce on its ``<script>`` tags, and the CSP that lets only those run."""
    nonce = secrets.token_urlsafe(16)
    return page.replace("<script>", f'<script nonce="{nonce}">'), PAGE_CSP.format(nonce=nonce)


class Guard:
    """ASGI middleware: Host allow-list, cross-origin POST check, security headers on every answer."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] = LOOPBACK_HOSTS):
        self.app = app
        self.allowed_hosts = frozenset(host_name(h) for h in allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    out[name] = value
                if "content-security-policy" not in out:
                    out["content-security-policy"] = DATA_CSP
            await send(message)

        host = headers.get("host", "")
        if host_name(host) not in self.allowed_hosts:
            name = host_name(host) or "NAME"
            await PlainTextResponse(HOST_REFUSED.format(host=host, name=name), status_code=400)(
                scope, receive, send_with_headers)
            return
        if scope["method"] == "POST" and _cross_origin(headers, host):
            kind = headers.get("content-type", "").split(";")[0].strip().lower()
            if kind not in SPARQL_CONTENT_TYPES:
                await PlainTextResponse(CROSS_ORIGIN_REFUSED, status_code=403)(scope, receive, send_with_headers)
                return
        await self.app(scope, receive, send_with_headers)


def _cross_origin(headers: Headers, host: str) -> bool:
    """Whether a browser sent this from another origin (requests without Origin come from programs)."""
    if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return True
    origin = headers.get("origin")
    if origin is None:
        return False
    scheme_host = origin.split("://", 1)[-1].lower()
    return origin == "null" or scheme_host != host.lower()
