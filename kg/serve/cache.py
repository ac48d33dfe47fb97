"""Answers kept per store version: the store is read-only between builds, so the same query
asked again gets the same answer, and a popular named query costs its worker once.

Bounded in bytes (least recently used answers leave first); a new store version starts afresh.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict

from kg.serve.pool import Answer


class AnswerCache:
    """Successful answers by (store version, request), at most ``max_bytes`` of bodies."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._answers: OrderedDict[str, Answer] = OrderedDict()
        self._version: str | None = None
        self._size = 0
        self._lock = threading.Lock()

    @staticmethod
    def key(request: dict) -> str:
        return json.dumps(request, sort_keys=True, ensure_ascii=False)

    def get(self, version: str, key: str) -> Answer | None:
        with self._lock:
            if version != self._version:
                self._answers.clear()
                self._version, self._size = version, 0
                return None
            answer = self._answers.get(key)
            if answer is not None:
                self._answers.move_to_end(key)
            return answer

    def put(self, version: str, key: str, answer: Answer) -> None:
        if answer.status != 200 or len(answer.body) > self.max_bytes // 4 or version != self._version:
            return
        with self._lock:
            if key in self._answers:
                return
            self._answers[key] = answer
            self._size += len(answer.body)
            while self._size > self.max_bytes:
                _, old = self._answers.popitem(last=False)
                self._size -= len(old.body)
