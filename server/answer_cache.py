"""Repeated /sparql GET queries: an ETag from the dataset version (304), and a bounded cache of answers.

A query's answer depends on the dataset, the server's settings, the query
string (query, default-graph-uri, named-graph-uri, infer, format) and the
Accept header: nothing else reaches it (Host and X-Forwarded-* do not, see
`server.proxies`; CORS and nosniff are added outside). So when the dataset
cannot change while the server runs, an answer written once is the answer
to every equal request, and its ETag can be known before the query runs:
`If-None-Match` is answered 304 without evaluating anything, and a written
answer kept in memory is sent again without the guard, the store or the
writer (bench/README.md: the cost of a request drops to about that of
gunicorn's own HTTP handling).

What it must keep in step with: `dataset` must change whenever the answers
may (kg serve passes the hash of the loaded files, or the version a push
recorded in a store opened read-only; a store others write to has none, and
then nothing is cached). Queries whose answer changes from one evaluation
to the next (RAND, NOW, UUID, STRUUID, BNODE) are neither cached nor given
an ETag. Each worker keeps its own cache, at most `max_bytes` of answers,
each at most a sixteenth of that, least recently used dropped first.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import unquote_plus

from kg import __version__
from kg.foundation.settings import Settings

#: SPARQL functions whose value changes between evaluations of the same query.
NON_DETERMINISTIC = re.compile(r"\b(?:RAND|NOW|UUID|STRUUID|BNODE)\s*\(", re.IGNORECASE)
#: The request an answer is kept for: its query string and its Accept header.
Key = tuple[str, str]


@dataclass(frozen=True)
class Written:
    """An answer as sent: status line, headers (with its ETag) and body."""

    status: str
    headers: list[tuple[str, str]]
    body: bytes
    etag: str


class AnswerCache:
    """ETags and kept answers for one dataset version and one server's settings."""

    def __init__(self, dataset: str, settings: Settings) -> None:
        # Everything besides the request that changes an answer's bytes is in the tag's seed.
        seed = "\n".join(
            [
                dataset,
                __version__,
                settings.public_url or "",
                settings.base_iri,
                str(settings.infer),
                str(settings.max_rows),
                *(iri for iri, _ in settings.extra_graphs),
            ]
        )
        self._seed = hashlib.sha256(seed.encode()).hexdigest()[:16]
        self.max_bytes = settings.answer_cache_bytes
        self.max_answer_bytes = self.max_bytes // 16
        self._answers: OrderedDict[Key, Written] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @staticmethod
    def applies(query_string: str) -> bool:
        """Whether a GET with this query string carries a query with one answer per dataset version."""
        return "query=" in query_string and not NON_DETERMINISTIC.search(unquote_plus(query_string))

    def etag(self, key: Key) -> str:
        """The ETag of the answer to `key` (weak: equal content, whichever worker wrote it)."""
        digest = hashlib.sha256(f"{key[0]}\n{key[1]}".encode()).hexdigest()[:24]
        return f'W/"{self._seed}-{digest}"'

    def get(self, key: Key) -> Written | None:
        with self._lock:
            written = self._answers.get(key)
            if written is not None:
                self._answers.move_to_end(key)
            return written

    def keep(self, key: Key, written: Written) -> None:
        """Keep an answer unless it is over the size of one; drop the least recently used to make room."""
        size = len(written.body) + len(key[0]) + len(key[1])
        if size > self.max_answer_bytes:
            return
        with self._lock:
            old = self._answers.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body) + len(key[0]) + len(key[1])
            self._answers[key] = written
            self._bytes += size
            while self._bytes > self.max_bytes:
                dropped, answer = self._answers.popitem(last=False)
                self._bytes -= len(answer.body) + len(dropped[0]) + len(dropped[1])


def matches(if_none_match: str, etag: str) -> bool:
    """Whether an If-None-Match header names `etag` (weak comparison, as RFC 9110 asks for it)."""
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    bare = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == bare for tag in if_none_match.split(","))
