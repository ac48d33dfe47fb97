"""What one request to ``kg serve`` may cost; apart from the app so the CLI can show the defaults
without loading the web stack."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    timeout: float = 10.0          # seconds a query may run (then its worker is killed: 503)
    max_rows: int = 10_000         # rows or triples returned at most; more sets X-Kg-Truncated
    max_request_bytes: int = 100_000  # a larger body is refused (413) while it streams in
    max_response_bytes: int = 20_000_000  # an answer stops near this size (X-Kg-Truncated)
    workers: int = 2               # query worker processes (each opens the store read-only)
    queue: int = 64                # requests that may wait for a worker; more get 503 + Retry-After
    max_query_memory_mb: int = 2048  # a worker past this is killed (503)
    cache_mb: int = 32             # answers kept per store version (0: none)
