"""Articles from JSON Lines (``.jsonl``, ``.jsonl.gz``) and Parquet files, in partitions.

An article is its id, its text and the metadata columns asked for (as text; missing: "").
A record without the id or text field, or whose text is not a string, is an input error
naming the file and the line (JSON Lines) or row (Parquet): the run stops before any work
is sent, since the table would otherwise be silently incomplete.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator

from newslint.classcache import dataclass
from newslint.errors import InputError


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    meta: tuple[str, ...]


@dataclass(frozen=True)
class Fields:
    """Which fields of a record hold what."""

    id: str = "id"
    text: str = "text"
    meta: tuple[str, ...] = ()


def _value(value: object) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _article(record: object, fields: Fields, where: str) -> Article:
    if not isinstance(record, dict):
        raise InputError(where, "a record is not a JSON object")
    if fields.id not in record or record[fields.id] is None:
        raise InputError(where, f"no id field {fields.id!r}")
    if fields.text not in record:
        raise InputError(where, f"no text field {fields.text!r}")
    text = record[fields.text]
    if not isinstance(text, str):
        raise InputError(where, f"text field {fields.text!r} is not a string")
    return Article(
        _value(record[fields.id]), text, tuple(_value(record.get(name)) for name in fields.meta)
    )


def _jsonl(path: str, fields: Fields) -> Iterator[Article]:
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                where = f"{path}:{number}"
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    raise InputError(where, f"not JSON ({error.msg})") from None
                yield _article(record, fields, where)
    except (OSError, EOFError, UnicodeDecodeError) as error:
        raise InputError(
            path, f"cannot read: {getattr(error, 'strerror', None) or error}"
        ) from None


def _parquet(path: str, fields: Fields) -> Iterator[Article]:
    try:
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - the audit extra
        raise InputError(
            path, "reading Parquet needs pyarrow (pip install 'newslint[audit]')"
        ) from None
    try:
        source = pq.ParquetFile(path)
    except (OSError, ValueError) as error:
        raise InputError(path, f"not a Parquet file ({error})") from None
    names = set(source.schema_arrow.names)
    for needed in (fields.id, fields.text):
        if needed not in names:
            what = "id" if needed == fields.id else "text"
            raise InputError(
                path, f"no {what} field {needed!r} (columns: {', '.join(sorted(names))})"
            )
    columns = [fields.id, fields.text, *[m for m in fields.meta if m in names]]
    row = 0
    for batch in source.iter_batches(batch_size=2048, columns=columns):
        for record in batch.to_pylist():
            row += 1
            yield _article(record, fields, f"{path}: row {row}")


def articles(paths: list[str], fields: Fields) -> Iterator[Article]:
    """Every article of the collection, in file and record order."""
    for path in paths:
        if not os.path.isfile(path):
            raise InputError(path, "no such file" if not os.path.exists(path) else "not a file")
        if path.endswith(".parquet") or path.endswith(".pq"):
            yield from _parquet(path, fields)
        elif path.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".json.gz", ".ndjson.gz")):
            yield from _jsonl(path, fields)
        else:
            raise InputError(path, "not a collection (expected .jsonl, .jsonl.gz or .parquet)")


def partitions(
    paths: list[str], fields: Fields, size: int, limit: int | None = None
) -> Iterator[list[Article]]:
    """The collection cut into lists of ``size`` articles (the first ``limit`` only)."""
    batch: list[Article] = []
    for seen, article in enumerate(articles(paths, fields)):
        if limit is not None and seen >= limit:
            break
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
