"""What a worker does: check a partition of articles through the library API.

:func:`check_partition` is pure (the same partition gives the same rows), so a partition
whose worker died is simply checked again elsewhere: nothing lost, nothing duplicated. Each
worker process builds its :class:`~newslint.api.Checker` once (the configuration loaded
once, the names word table and the LanguageTool connection kept between partitions): on a
cluster through the worker plugin of :mod:`newslint.audit.run`, in this process through :func:`checker_for`.
"""

from __future__ import annotations

import re
from dataclasses import field
from typing import Any

from newslint.audit.collection import Article
from newslint.classcache import dataclass

#: Columns of the findings table, after the id and before the metadata columns' values.
FINDING_COLUMNS = (
    "rule",
    "severity",
    "line",
    "column",
    "end_line",
    "end_column",
    "start",
    "end",
    "text",
    "message",
    "suggestion",
    "fixable",
)


@dataclass(frozen=True)
class Settings:
    """How every worker checks: the same for the whole run (hashable: one checker each)."""

    config: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    grammar: bool = False
    cache: bool = True
    across_files: bool = False
    #: The draft name an article is checked as: ``{id}`` and metadata columns by name.
    #: Its extension chooses the format; configuration ``overrides`` match it.
    path_template: str = "{id}.txt"
    meta: tuple[str, ...] = ()
    trusted: bool = False


@dataclass
class PartitionResult:
    index: int
    rows: list[tuple[Any, ...]]
    #: Cross-file state of the partition's articles (``--across-files``), by rule then path.
    state: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: ``(article id, message)`` of each check that could not run.
    failures: list[tuple[str, str]] = field(default_factory=list)
    #: ``(article id, reason)`` of each article that could not be read as a draft.
    errors: list[tuple[str, str]] = field(default_factory=list)
    #: Paths the articles were checked as, by article id (to place cross-file findings).
    paths: dict[str, str] = field(default_factory=dict)


_UNSAFE = re.compile(r"[/\\\x00]")


def draft_path(article: Article, settings: Settings) -> str:
    values = {"id": article.id, **dict(zip(settings.meta, article.meta))}
    safe = {key: _UNSAFE.sub("_", value) or "_" for key, value in values.items()}
    try:
        return settings.path_template.format(**safe)
    except (KeyError, IndexError, ValueError):
        return f"{safe['id']}.txt"


_CHECKERS: dict[Settings, Any] = {}


def checker_for(settings: Settings):
    """This process's checker for ``settings`` (built once)."""
    checker = _CHECKERS.get(settings)
    if checker is None:
        import os

        from newslint import api

        if settings.trusted:
            os.environ["NEWSLINT_TRUST_CONFIG"] = "1"
        checker = api.Checker(
            settings.config,
            select=settings.select,
            ignore=settings.ignore,
            grammar=settings.grammar,
            cache=settings.cache,
            across_files=settings.across_files,
        )
        _CHECKERS[settings] = checker
    return checker


def close_checkers() -> None:
    for checker in _CHECKERS.values():
        checker.close()
    _CHECKERS.clear()


def finding_row(article: Article, finding) -> tuple[Any, ...]:
    return (
        article.id,
        finding.rule,
        str(finding.severity),
        finding.line,
        finding.column,
        finding.end_line,
        finding.end_column,
        finding.source_start,
        finding.source_end,
        finding.text,
        finding.message,
        finding.suggestions[0] if finding.suggestions else "",
        finding.fixable,
        *article.meta,
    )


def check_partition(index: int, partition: list[Article], settings: Settings) -> PartitionResult:
    """Check every article of a partition; findings as rows in article order."""
    from newslint.errors import InputError

    checker = checker_for(settings)
    result = PartitionResult(index, [])
    documents = []
    for article in partition:
        path = draft_path(article, settings)
        result.paths[article.id] = path
        try:
            documents.append((article, checker.load_text(article.text, path)))
        except InputError as error:
            result.errors.append((article.id, error.reason))
    for (article, _), checked in zip(documents, checker.check_documents([d for _, d in documents])):
        result.rows.extend(finding_row(article, finding) for finding in checked.findings)
        result.failures.extend((article.id, message) for _path, message in checked.failures)
    if settings.across_files:
        result.state = checker.take_state()
    return result
