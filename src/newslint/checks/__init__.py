"""The registry of check kinds.

A *kind* is code: a module under ``newslint.checks`` that registers a pure function
``check(document, options, context)`` yielding :class:`~newslint.findings.Finding` values, an
options dataclass, and its documentation (the function's docstring, in Ruff's sections).
A *rule* is an instance of a kind defined in YAML (``rules/*.yaml`` or ``.newslint.yaml``)
with an id, a severity and options.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

#: Modules that register kinds; imported on first use of the registry.
KIND_MODULES = (
    "newslint.checks.names",
    "newslint.checks.quotes",
    "newslint.checks.punctuation",
    "newslint.checks.typography",
    "newslint.checks.convention",
    "newslint.checks.slips",
    "newslint.checks.existence",
    "newslint.checks.substitution",
    "newslint.checks.occurrence",
    "newslint.checks.repetition",
    "newslint.checks.consistency",
    "newslint.checks.conditional",
    "newslint.checks.sentence_length",
    "newslint.checks.sentence_case",
    "newslint.checks.boilerplate",
    "newslint.checks.webcta",
    "newslint.checks.language",
    "newslint.checks.grammar",
)


@dataclass(frozen=True)
class Kind:
    """A check kind: its options class, its check function and how the linter runs it."""
    name: str
    options: type
    check: Callable[..., Iterable[Any]]
    #: Whether rules of this kind skip quoted speech unless told otherwise.
    skip_quotes: bool = False
    #: For kinds that compare documents with each other: ``finish(states, options, context)``.
    finish: Callable[..., Iterable[Any]] | None = None
    #: ``warm(options, context)`` loads what the check would load on first use (a language
    #: model...). Runs with worker processes call it before forking, so the workers share
    #: those pages instead of loading a copy each (issue 8: bounded memory).
    warm: Callable[..., None] | None = None

    @property
    def doc(self) -> str:
        import inspect

        return inspect.cleandoc(self.check.__doc__ or "")

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else ""


_KINDS: dict[str, Kind] = {}
_loaded = False


def register(name: str, options: type, *, skip_quotes: bool = False, finish=None, warm=None):
    """Decorator registering ``check`` as the kind ``name``."""

    def decorate(check):
        _KINDS[name] = Kind(name, options, check, skip_quotes, finish, warm)
        return check

    return decorate


def kinds() -> dict[str, Kind]:
    global _loaded
    if not _loaded:
        for module in KIND_MODULES:
            try:
                importlib.import_module(module)
            except ModuleNotFoundError as error:
                if error.name != module:
                    raise
        _loaded = True
    return _KINDS


def get(name: str) -> Kind | None:
    return kinds().get(name)


@dataclass
class Context:
    """What a check may know beyond its document: run-wide settings and shared services.

    Checks never read files or print; anything they need from outside comes through here.
    """

    #: The draft's language (``fr``) and LanguageTool variant (``fr-FR``...).
    language: str = "fr"
    #: The newsroom's names registry (``newslint.registry.Registry``) or ``None``.
    names: Any = None
    #: Words the speller must accept (vocabulary list and every registry name).
    vocabulary: tuple[str, ...] = ()
    #: Settings blocks of the configuration that are not rules (``languagetool`` ...).
    settings: dict[str, Any] | None = None
    #: The grammar backend, set by the runner when a grammar rule is enabled.
    grammar: Any = None
    #: Id of the rule being checked (set by the linter before each call).
    rule_id: str = ""
    #: ``--across-files``: kinds that compare files record their state (issue 3).
    across_files: bool = False
    #: Per-rule, per-file state for kinds that compare files (``state[rule_id][path]``).
    state: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Checks that could not run: ``(path, message)``; the run then fails closed.
    failures: list[tuple[str, str]] = field(default_factory=list)
