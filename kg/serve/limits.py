"""What one request to ``kg serve`` may cost; apart from the app so the CLI can show the defaults
without loading the web stack."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    timeout: float = 10.0          # seconds a query may run
    max_rows: int = 10_000         # rows returned at most; more sets X-Kg-Truncated
    max_request_bytes: int = 100_000
