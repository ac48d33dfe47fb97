"""Stage: serve — the SPARQL endpoint and the analysts' page, on uvicorn."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from kg.serve.limits import Limits

__all__ = ["Limits", "create_app", "serve"]

WILDCARD_HOSTS = ("0.0.0.0", "::", "")  # listening everywhere names no host


def __getattr__(name: str):
    if name == "create_app":  # the web stack (Starlette) loads when an app is made
        from kg.serve.app import create_app

        return create_app
    raise AttributeError(f"module 'kg.serve' has no attribute {name!r}")


def serve(store: str | Path, *, host: str = "127.0.0.1", port: int = 8000, limits: Limits = Limits(),
          allowed_hosts: Iterable[str] = (), allowed_services: Iterable[str] = ()) -> None:
    """Serve ``store`` read-only until interrupted. Requests must name a loopback host, ``host``
    itself (unless a wildcard) or one of ``allowed_hosts``; SERVICE may call only ``allowed_services``."""
    import uvicorn  # noqa: PLC0415

    from kg.serve.app import create_app
    from kg.serve.security import LOOPBACK_HOSTS

    names = [*LOOPBACK_HOSTS, *allowed_hosts, *([] if host in WILDCARD_HOSTS else [host])]
    app = create_app(store, limits=limits, allowed_hosts=names, allowed_services=allowed_services)
    uvicorn.run(app, host=host, port=port, log_level="warning")
