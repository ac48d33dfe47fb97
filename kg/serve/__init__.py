"""Stage: serve — the SPARQL endpoint and the analysts' page, on uvicorn."""

from __future__ import annotations

from pathlib import Path

from kg.serve.limits import Limits

__all__ = ["Limits", "create_app", "serve"]


def __getattr__(name: str):
    if name == "create_app":  # the web stack (Starlette) loads when an app is made
        from kg.serve.app import create_app

        return create_app
    raise AttributeError(f"module 'kg.serve' has no attribute {name!r}")


def serve(store: str | Path, *, host: str = "127.0.0.1", port: int = 8000, limits: Limits = Limits()) -> None:
    """Serve ``store`` read-only until interrupted."""
    import uvicorn  # noqa: PLC0415

    from kg.serve.app import create_app

    uvicorn.run(create_app(store, limits=limits), host=host, port=port, log_level="warning")
