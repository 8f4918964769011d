"""The registry of check kinds, and the modules that register them.

A *kind* is code: a pure function ``check(document, options, context)`` yielding
:class:`~newslint.findings.Finding` values, registered with :func:`register` together with
its options dataclass, its documentation (the function's docstring, in Ruff's sections) and
the hooks it needs from the run (:class:`Kind`). A *rule* is an instance of a kind defined in
YAML (``rules/*.yaml`` or ``.newslint.yaml``) with an id, a severity and options.

Names (docs/architecture.md, "Names"): a rule id is ``<family>/<name>`` (``punctuation/lone``);
a kind with one shipped rule is named as that rule, ``<name>`` or, when the name alone would
not say which family, ``<family stem>-<name>`` (``punct-lone``, ``quote-pairing``,
``name-variants``). The kinds in :data:`PATTERN_KINDS` are Vale's checks: a newsroom
instantiates them with its own terms, one kind for many rules. Renamed ids and kinds keep
working (:mod:`newslint.renames`).

What a module holds (not one module per kind):

- a family's module holds that family's kinds: ``punctuation`` (punct-doubled,
  punct-repeated, punct-space-before, punct-space-after, punct-lone, brackets, ellipsis,
  quote-period, punct-dash), ``typography`` (french-spacing, spaces, elision, numbers,
  abbreviations), ``quotes`` (quote-pairing, quote-style), ``names`` (name-variants,
  name-accents, name-registry);
- a kind's own module, named as the kind: each pattern kind but ``convention``
  (``existence``, ``substitution``, ``occurrence``, ``consistency``, ``conditional``,
  ``boilerplate``), and ``repetition``, ``sentence_length``, ``sentence_case``,
  ``call_to_action``, ``language``, ``grammar``;
- two modules named for a theme: ``convention`` (the ``convention`` pattern kind and its
  quotation-mark variant ``quote-convention``, which share the draft's-majority logic) and ``slips``
  (keying slips the family kinds miss, each reported under the family a reader expects:
  ``glued-words`` as punctuation/, ``quote-single-mixed`` as quotes/, ``apostrophe-lost``
  as typography/).

:data:`KIND_HOME` maps each kind to its module (tests/test_arch_names.py checks both rules);
``newslint rules explain`` shows each rule's kind.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from newslint.classcache import dataclass

if TYPE_CHECKING:
    from newslint.documents.model import Document
    from newslint.findings import Finding
    from newslint.grammar import Backend
    from newslint.registry import Registry

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
    "newslint.checks.call_to_action",
    "newslint.checks.language",
    "newslint.checks.grammar",
)


# The contract every kind keeps. ``options`` is the kind's own options dataclass (an instance
# of ``Kind.options``), hence ``Any`` here: each check function annotates its own class.


class CheckFunction(Protocol):
    """``check(document, options, context)``: the findings of one rule on one document.

    Pure: it reads the document and the context, never a file, never prints. The linter
    stamps the rule id and severity on what it yields.
    """

    __name__: str
    __doc__: str | None

    def __call__(
        self, document: Document, options: Any, context: Context, /
    ) -> Iterable[Finding]: ...


class FinishFunction(Protocol):
    """``finish(states, options, context)``: for kinds that compare documents with each
    other (``--across-files``), the findings across the run, as ``(path, finding)`` pairs.
    ``states`` maps each path to what ``check`` recorded in ``context.state[rule_id]``."""

    def __call__(
        self, states: dict[str, Any], options: Any, context: Context, /
    ) -> Iterable[tuple[str, Finding]]: ...


class WarmFunction(Protocol):
    """``warm(options, context)``: load what ``check`` would load on first use."""

    def __call__(self, options: Any, context: Context, /) -> None: ...


CheckT = TypeVar("CheckT", bound=CheckFunction)


@dataclass(frozen=True)
class Kind:
    """A check kind: its options class, its check function and how the linter runs it."""

    name: str
    options: type
    check: CheckFunction
    #: Whether rules of this kind skip quoted speech unless told otherwise.
    skip_quotes: bool = False
    #: For kinds that compare documents with each other: ``finish(states, options, context)``.
    finish: FinishFunction | None = None
    #: ``warm(options, context)`` loads what the check would load on first use (a language
    #: model...). Runs with worker processes call it before forking, so the workers share
    #: those pages instead of loading a copy each (issue 8: bounded memory).
    warm: WarmFunction | None = None
    #: Whether the kind's findings carry sub-ids, ``<rule id>/<sub id>`` (``grammar/<LT_ID>``),
    #: each with its own severity, capped by the rule's. ``--select <rule id>/<sub id>`` then
    #: keeps the rule and only the findings with that id.
    sub_ids: bool = False
    #: Whether the kind's findings give way to the other rules' findings on the very same
    #: span (an outside checker's message on a span a rule of ours reports too: ours has the
    #: French message and the safe fix; issue 5).
    defers: bool = False
    #: Whether the kind needs an outside service (LanguageTool): ``--no-grammar`` skips it, and
    #: a run with such a rule stays in one process (the service's client lives there).
    service: bool = False
    #: ``prepare(targets, documents)`` before a one-process run checks anything: ``targets``
    #: is ``[(path, rules of this kind enabled for it, context), ...]`` in run order,
    #: ``documents`` those already loaded, by path. Returns the documents it had to load,
    #: by path, so the run does not load them again (the grammar
    #: kind sends every paragraph of the run to LanguageTool at once; issue 5).
    prepare: (
        Callable[[list[tuple[str, list[Any], Context]], dict[str, Any]], dict[str, Any]] | None
    ) = None

    @property
    def doc(self) -> str:
        import inspect

        return inspect.cleandoc(self.check.__doc__ or "")

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else ""


_KINDS: dict[str, Kind] = {}
_loaded = False


def register(
    name: str,
    options: type,
    *,
    skip_quotes: bool = False,
    finish: FinishFunction | None = None,
    warm: WarmFunction | None = None,
    sub_ids: bool = False,
    defers: bool = False,
    service: bool = False,
    prepare: Callable[[list[tuple[str, list[Any], Context]], dict[str, Any]], dict[str, Any]]
    | None = None,
) -> Callable[[CheckT], CheckT]:
    """Decorator registering ``check`` as the kind ``name`` (see :class:`Kind` for the hooks)."""

    def decorate(check: CheckT) -> CheckT:
        _KINDS[name] = Kind(
            name, options, check, skip_quotes, finish, warm, sub_ids, defers, service, prepare
        )
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


#: Kinds a newsroom instantiates with its own terms or patterns (Vale's checks): one kind,
#: many rules, so a kind's name says what it does, not which rule it is.
PATTERN_KINDS = frozenset(
    {
        "existence",
        "substitution",
        "occurrence",
        "consistency",
        "conditional",
        "convention",
        "boilerplate",
    }
)


#: Where each kind is registered: a configuration of four rules imports four modules, not
#: all seventeen (issue 20: start-up of a one-draft run). A kind missing here is still found
#: (every module is then imported); tests/test_newcomer_speed.py keeps the table exact.
KIND_HOME = {
    "boilerplate": "boilerplate",
    "conditional": "conditional",
    "consistency": "consistency",
    "convention": "convention",
    "quote-convention": "convention",
    "existence": "existence",
    "grammar": "grammar",
    "language": "language",
    "name-variants": "names",
    "name-accents": "names",
    "name-registry": "names",
    "occurrence": "occurrence",
    "punct-doubled": "punctuation",
    "punct-repeated": "punctuation",
    "punct-space-before": "punctuation",
    "punct-space-after": "punctuation",
    "punct-lone": "punctuation",
    "brackets": "punctuation",
    "ellipsis": "punctuation",
    "quote-period": "punctuation",
    "punct-dash": "punctuation",
    "quote-pairing": "quotes",
    "quote-style": "quotes",
    "repetition": "repetition",
    "sentence-length": "sentence_length",
    "sentence-case": "sentence_case",
    "glued-words": "slips",
    "quote-single-mixed": "slips",
    "apostrophe-lost": "slips",
    "substitution": "substitution",
    "french-spacing": "typography",
    "spaces": "typography",
    "elision": "typography",
    "numbers": "typography",
    "abbreviations": "typography",
    "call-to-action": "call_to_action",
}


def get(name: str) -> Kind | None:
    if name not in _KINDS and not _loaded and name in KIND_HOME:
        importlib.import_module(f"newslint.checks.{KIND_HOME[name]}")
    if name in _KINDS:
        return _KINDS[name]
    return kinds().get(name)


@dataclass
class Context:
    """What a check may know beyond its document: run-wide settings and shared services.

    Checks never read files or print; anything they need from outside comes through here.
    """

    #: The draft's language (``fr``) and LanguageTool variant (``fr-FR``...).
    language: str = "fr"
    #: The newsroom's names registry or ``None``.
    names: Registry | None = None
    #: Words the speller must accept (vocabulary list and every registry name).
    vocabulary: tuple[str, ...] = ()
    #: Settings blocks of the configuration that are not rules (``languagetool`` ...).
    settings: dict[str, Any] | None = None
    #: The grammar backend, set by the runner when a grammar rule is enabled.
    grammar: Backend | None = None
    #: Id of the rule being checked (set by the linter before each call).
    rule_id: str = ""
    #: ``--across-files``: kinds that compare files record their state (issue 3).
    across_files: bool = False
    #: Per-rule, per-file state for kinds that compare files (``state[rule_id][path]``).
    state: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Checks that could not run: ``(path, message)``; the run then fails closed.
    failures: list[tuple[str, str]] = field(default_factory=list)
    #: What checks compute once per run from this context (the speller's vocabulary), by key.
    memo: dict[str, Any] = field(default_factory=dict)
