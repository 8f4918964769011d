"""The findings table and its summary, written as Parquet or JSON Lines.

Findings: one row per finding: the article id, rule, severity, span (1-based lines and
columns, end exclusive; ``start``/``end`` offsets in the article's text), the text found,
message, first suggestion, whether ``--fix`` would apply it, then the metadata columns.
Summary: per rule and severity, over all articles (``column`` empty) and per value of each
metadata column: findings and articles with at least one.

Both are written to a temporary file beside the target and renamed into place at the end:
an interrupted or failed run leaves no half table.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import defaultdict
from typing import IO, Any

from newslint.audit.work import FINDING_COLUMNS

_INT_COLUMNS = {"line", "column", "end_line", "end_column", "start", "end"}


def table_format(path: str) -> str:
    return "parquet" if path.endswith((".parquet", ".pq")) else "jsonl"


class Writer:
    """Rows in, one file out (atomically, at :meth:`close`)."""

    def __init__(self, path: str, columns: tuple[str, ...], types: dict[str, str]) -> None:
        self.path = path
        self.columns = columns
        self.types = types
        self.format = table_format(path)
        directory = os.path.dirname(os.path.abspath(path))
        handle, self._temp = tempfile.mkstemp(prefix=".newslint-", suffix=".tmp", dir=directory)
        os.close(handle)
        self._buffer: list[tuple[Any, ...]] = []
        self._stream: IO[str] | None = None
        self._parquet: Any = None
        self.rows = 0

    def _schema(self):
        import pyarrow as pa

        kinds = {"int": pa.int64(), "bool": pa.bool_(), "str": pa.string()}
        return pa.schema([(name, kinds[self.types.get(name, "str")]) for name in self.columns])

    def write(self, rows: list[tuple[Any, ...]]) -> None:
        self.rows += len(rows)
        if self.format == "jsonl":
            if self._stream is None:
                self._stream = open(self._temp, "w", encoding="utf-8", newline="\n")  # noqa: SIM115 - closed by close()/abort()
            for row in rows:
                self._stream.write(json.dumps(dict(zip(self.columns, row)), ensure_ascii=False))
                self._stream.write("\n")
            return
        self._buffer.extend(rows)
        if len(self._buffer) >= 50_000:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = self._schema()
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self._temp, schema)
        columns: list[tuple[Any, ...]] = (
            list(zip(*self._buffer)) if self._buffer else [() for _ in self.columns]
        )
        table = pa.table(
            [pa.array(list(values), type=schema.field(i).type) for i, values in enumerate(columns)],
            schema=schema,
        )
        self._parquet.write_table(table)
        self._buffer = []

    def close(self) -> None:
        if self.format == "jsonl":
            if self._stream is None:
                self._stream = open(self._temp, "w", encoding="utf-8", newline="\n")  # noqa: SIM115 - closed by close()/abort()
            self._stream.flush()
            os.fsync(self._stream.fileno())
            self._stream.close()
        else:
            if self._buffer or self._parquet is None:
                self._flush()
            self._parquet.close()
        os.replace(self._temp, self.path)

    def abort(self) -> None:
        try:
            if self._stream is not None:
                self._stream.close()
            if self._parquet is not None:
                self._parquet.close()
        finally:
            if os.path.exists(self._temp):
                os.unlink(self._temp)


def findings_writer(path: str, meta: tuple[str, ...]) -> Writer:
    columns = ("id", *FINDING_COLUMNS, *meta)
    types = dict.fromkeys(_INT_COLUMNS, "int") | {"fixable": "bool"}
    return Writer(path, columns, types)


SUMMARY_COLUMNS = ("rule", "severity", "column", "value", "findings", "articles")


class Summary:
    """Counts per rule and severity, overall and per metadata value, as rows arrive."""

    def __init__(self, meta: tuple[str, ...], exact: bool = False) -> None:
        """``exact``: rows of one article may come apart (cross-file findings come last):
        count articles with a set of ids per key instead."""
        self.meta = meta
        self._sets: dict[tuple[str, str, str, str], set[str]] | None = (
            defaultdict(set) if exact else None
        )
        self._findings: dict[tuple[str, str, str, str], int] = defaultdict(int)
        # An article's rows arrive together: counting changes of article counts articles,
        # with no set of ids (an archive has millions).
        self._articles: dict[tuple[str, str, str, str], int] = defaultdict(int)
        self._last: dict[tuple[str, str, str, str], str] = {}

    def add(self, rows: list[tuple[Any, ...]]) -> None:
        base = 1 + len(FINDING_COLUMNS)
        for row in rows:
            article, rule, severity = row[0], row[1], row[2]
            keys = [(rule, severity, "", "")]
            keys += [(rule, severity, name, row[base + i]) for i, name in enumerate(self.meta)]
            for key in keys:
                self._findings[key] += 1
                if self._sets is not None:
                    if article not in self._sets[key]:
                        self._sets[key].add(article)
                        self._articles[key] += 1
                elif self._last.get(key) != article:
                    self._last[key] = article
                    self._articles[key] += 1

    def rows(self) -> list[tuple[Any, ...]]:
        return [(*key, self._findings[key], self._articles[key]) for key in sorted(self._findings)]

    def write(self, path: str) -> None:
        writer = Writer(path, SUMMARY_COLUMNS, {"findings": "int", "articles": "int"})
        try:
            writer.write(self.rows())
            writer.close()
        except BaseException:
            writer.abort()
            raise
