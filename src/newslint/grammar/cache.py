"""On-disk cache of LanguageTool results, one entry per paragraph.

The key hashes the paragraph text, the LanguageTool version and every request parameter
(language, rules, categories, level...), so a changed option or upgrade never serves a stale
answer. SQLite in WAL mode makes it safe for concurrent runs (readers never block, writers
queue behind a busy timeout). The size is bounded: past ``max_entries`` the least recently
used entries go.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

LOG = logging.getLogger(__name__)

FILE_NAME = "grammar-cache.sqlite3"
SCHEMA = 2

#: Recency is recorded at this granularity: a warm run an hour after the last one writes
#: nothing (LRU order at one-hour resolution is plenty for a bound of 200,000 entries).
RECENCY_SECONDS = 3600.0


def cache_key(text: str, version: str, params: dict[str, str]) -> str:
    """sha256 of the schema, LanguageTool's version, every request parameter and the text."""
    digest = _options_digest(version, tuple(sorted(params.items()))).copy()
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@functools.lru_cache(maxsize=64)
def _options_digest(version: str, params: tuple[tuple[str, str], ...]):
    """The hash state after everything but the text: a run has one or two rule
    configurations and thousands of paragraphs, so this is done once per configuration."""
    header = json.dumps([SCHEMA, version, params], ensure_ascii=False) + "\n"
    return hashlib.sha256(header.encode("utf-8"))


class ResultCache:
    def __init__(self, path: Path, max_entries: int = 200_000) -> None:
        self.path = path
        self.max_entries = max_entries
        self._local = threading.local()
        self._writes = 0
        self._lock = threading.Lock()
        from newslint.cachedir import private_dir, private_file

        # SQLite gives its -wal and -shm files the database's permissions: 0600 throughout.
        private_file(private_dir(path.parent) / path.name)
        connection = self._connection()
        with connection:
            connection.execute(
                "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, matches TEXT NOT NULL,"
                " used REAL NOT NULL)"
            )
            connection.execute("CREATE INDEX IF NOT EXISTS results_used ON results (used)")

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA busy_timeout=30000")
            self._local.connection = connection
        return connection

    def get_many(self, keys: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        keys = list(dict.fromkeys(keys))
        found: dict[str, list[dict[str, Any]]] = {}
        stale: list[str] = []
        now = time.time()
        connection = self._connection()
        for index in range(0, len(keys), 500):
            chunk = keys[index : index + 500]
            marks = ",".join("?" * len(chunk))
            try:
                rows = connection.execute(
                    f"SELECT key, matches, used FROM results WHERE key IN ({marks})", chunk
                ).fetchall()
            except sqlite3.DatabaseError as error:
                LOG.warning("grammar cache unreadable (%s); checking without it", error)
                return found
            for key, matches, used in rows:
                found[key] = json.loads(matches)
                if used < now - RECENCY_SECONDS:
                    stale.append(key)
        if stale:
            try:
                with connection:
                    for index in range(0, len(stale), 500):
                        chunk = stale[index : index + 500]
                        connection.execute(
                            f"UPDATE results SET used=? WHERE key IN ({','.join('?' * len(chunk))})",
                            [now, *chunk],
                        )
            except sqlite3.OperationalError:
                pass  # another run holds the write lock: recency is best effort
        return found

    def put_many(self, items: dict[str, list[dict[str, Any]]]) -> None:
        if not items:
            return
        now = time.time()
        connection = self._connection()
        try:
            with connection:
                connection.executemany(
                    "INSERT OR REPLACE INTO results (key, matches, used) VALUES (?, ?, ?)",
                    [
                        (key, json.dumps(value, ensure_ascii=False), now)
                        for key, value in items.items()
                    ],
                )
        except sqlite3.DatabaseError as error:
            LOG.warning("grammar cache not written (%s)", error)
            return
        with self._lock:
            self._writes += len(items)
            due = self._writes >= max(1000, self.max_entries // 20)
            if due:
                self._writes = 0
        if due:
            self.trim()

    def trim(self) -> int:
        """Drop the least recently used entries beyond ``max_entries``; returns how many."""
        connection = self._connection()
        try:
            with connection:
                count = connection.execute("SELECT COUNT(*) FROM results").fetchone()[0]
                extra = count - self.max_entries
                if extra <= 0:
                    return 0
                connection.execute(
                    "DELETE FROM results WHERE key IN "
                    "(SELECT key FROM results ORDER BY used LIMIT ?)",
                    (extra,),
                )
                return extra
        except sqlite3.OperationalError:
            return 0

    def stats(self) -> tuple[int, int]:
        """``(entries, bytes on disk)``."""
        count = self._connection().execute("SELECT COUNT(*) FROM results").fetchone()[0]
        size = sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*"))
        return count, size

    def clear(self) -> int:
        connection = self._connection()
        with connection:
            count = connection.execute("SELECT COUNT(*) FROM results").fetchone()[0]
            connection.execute("DELETE FROM results")
        connection.execute("VACUUM")
        return count

    def close(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None
