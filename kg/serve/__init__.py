"""Stage: serve — the SPARQL endpoint and the analysts' page, on uvicorn."""

from __future__ import annotations

from pathlib import Path

from kg.serve.app import Limits, create_app

__all__ = ["Limits", "create_app", "serve"]


def serve(store: str | Path, *, host: str = "127.0.0.1", port: int = 8000, limits: Limits = Limits()) -> None:
    """Serve ``store`` read-only until interrupted."""
    import uvicorn  # noqa: PLC0415

    uvicorn.run(create_app(store, limits=limits), host=host, port=port, log_level="warning")
