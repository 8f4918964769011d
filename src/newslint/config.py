"""Find, load, merge and validate ``.newslint.yaml`` and the rule sets it extends.

Merge order (documented in the README):

1. ``extends:`` entries are applied first, in the order listed (each one recursively);
   a bare name (``fr-press``) is a shipped set from ``rules/``, anything else a path
   relative to the file that names it. A ``.newslint.yaml`` without ``extends:`` extends
   ``fr-press``; ``extends: []`` starts from no rules at all.
2. Then the file's own keys, on top:
   - ``rules:`` merge per rule id: ``severity``, ``why``, ``enabled``, ``quotes``, ``scope``,
     ``description`` replace earlier values; ``options`` merge key by key (a later key
     replaces the whole value of that key, lists included).
   - ``overrides:`` are appended; at check time each override whose ``files`` globs match
     the draft's path (relative to the config file) is applied in order, last wins.
   - ``names:`` and ``vocabulary:`` accumulate; ``include``/``exclude``/``language`` and
     ``languagetool`` keys replace.
3. Command-line ``--select``/``--ignore`` apply last.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import field
from functools import lru_cache
from pathlib import Path
from typing import Any

from newslint import options as options_mod
from newslint import renames
from newslint.bounded import CONFIG_MAX_BYTES, Refused, read_config_text  # noqa: F401 -- CONFIG_MAX_BYTES re-exported
from newslint.checks import Kind, kinds
from newslint.checks import get as get_kind
from newslint.classcache import dataclass
from newslint.errors import ConfigError
from newslint.findings import Severity
from newslint.trust import TRUSTED, Guard
from newslint.yamlload import Marks, cached_load_yaml

CONFIG_NAMES = (".newslint.yaml", ".newslint.yml")
DEFAULT_EXTENDS = ("fr-press",)

#: Keys a rule entry may hold besides ``options``.
RULE_KEYS = {
    "kind",
    "severity",
    "why",
    "enabled",
    "description",
    "options",
    "quotes",
    "scope",
    "examples",
}
SCOPES = {"heading", "paragraph", "list_item", "blockquote", "table_cell"}
QUOTE_MODES = ("skip", "only", "any")

#: Top-level keys and the type each must have.
TOP_LEVEL: dict[str, type | tuple[type, ...]] = {
    "extends": (list, str),
    "description": str,
    "language": str,
    "include": list,
    "exclude": list,
    "rules": dict,
    "overrides": list,
    "names": (list, dict),
    "vocabulary": (list, dict),
    "languagetool": dict,
    "examples": list,
    "formats": dict,
}


def shipped_rules_dir() -> Path:
    """Where the shipped rule sets are: inside the installed package, or the repo's ``rules/``."""
    packaged = Path(__file__).parent / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rules"


def shipped_sets() -> list[str]:
    return sorted(p.stem for p in shipped_rules_dir().glob("*.yaml"))


@dataclass
class Rule:
    """A rule instance: a kind, its validated options, severity and scope."""

    id: str
    kind: Kind
    options: Any
    severity: Severity = Severity.WARNING
    enabled: bool = True
    description: str = ""
    #: ``skip`` quoted speech, check ``only`` inside it, or ``any``.
    quotes: str = "any"
    #: Block kinds the rule applies to (``None``: all).
    scope: frozenset[str] | None = None
    #: Why the rule has its severity (``why:`` in YAML), shown by ``newslint rules``.
    why: str = ""


@dataclass
class _Origin:
    """Where a configuration value came from: its file and the line of each key."""

    path: str
    marks: Marks
    prefix: tuple = ()

    def line(self, *keys) -> int | None:
        return self.marks.line(self.prefix + tuple(keys))


@dataclass
class Config:
    """A validated configuration: rules, overrides, names, vocabulary and settings."""

    #: Merged raw rule entries and where each key was last set.
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    origins: dict[str, _Origin] = field(default_factory=dict)
    overrides: list[tuple[list[str], dict[str, dict[str, Any]], str, _Origin]] = field(
        default_factory=list
    )
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    language: str = "fr"
    names: list[Any] = field(default_factory=list)
    vocabulary: list[str] = field(default_factory=list)
    languagetool: dict[str, Any] = field(default_factory=dict)
    #: Files read, in order (for error messages and cache keys).
    files: list[str] = field(default_factory=list)
    #: Directory that ``overrides`` globs and ``include``/``exclude`` are relative to.
    root: str = "."
    examples: list[dict] = field(default_factory=list)
    #: ``formats:``: file extension (``.xhtml``, lower case) -> format it is read as.
    formats: dict[str, str] = field(default_factory=dict)
    _compiled: dict[tuple, list[Rule]] = field(default_factory=dict, repr=False)

    # -- compiled rules ------------------------------------------------------------------
    def base_rules(self) -> list[Rule]:
        return self._compile(())

    def rules_for(self, path: str) -> list[Rule]:
        """Rules in force for ``path``, overrides applied."""
        if not self.overrides:
            return self._compile(())  # no per-path settings: the same rules everywhere
        relative = _relative(path, self.root)
        matched = tuple(
            i for i, (globs, _, _, _) in enumerate(self.overrides) if _matches(relative, globs)
        )
        return self._compile(matched)

    def _compile(self, overrides: tuple[int, ...]) -> list[Rule]:
        if overrides in self._compiled:
            return self._compiled[overrides]
        entries = {rule_id: dict(entry) for rule_id, entry in self.rules.items()}
        origins = dict(self.origins)
        for index in overrides:
            _, rules, _, origin = self.overrides[index]
            for rule_id, entry in rules.items():
                _merge_rule(entries, rule_id, entry)
                origins.setdefault(rule_id, origin)
        compiled = [
            _build_rule(rule_id, entry, origins[rule_id]) for rule_id, entry in entries.items()
        ]
        compiled.sort(key=lambda rule: rule.id)
        self._compiled[overrides] = compiled
        return compiled

    def validate(self) -> None:
        """Compile every rule and every override once, so errors surface before checking."""
        self._compile(())
        for index in range(len(self.overrides)):
            self._compile((index,))
        if "newslint.validated" in sys.modules:  # patterns were compiled: remember them
            sys.modules["newslint.validated"].save()

    def format_for(self, path: str) -> str | None:
        """The format ``formats:`` maps ``path``'s extension to, or None (by its name)."""
        if self.formats:
            suffix = os.path.splitext(path)[1].lower()
            return self.formats.get(suffix)
        return None

    def excluded(self, path: str) -> bool:
        if not self.include and not self.exclude:
            return False
        relative = _relative(path, self.root)
        if self.include and not _matches(relative, self.include):
            return True
        return bool(self.exclude) and _matches(relative, self.exclude)


def _relative(path: str, root: str) -> str:
    try:
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    except ValueError:
        relative = path
    return relative.replace(os.sep, "/")


def _matches(relative: str, globs: list[str]) -> bool:
    if not relative.isascii():
        # RE2 reads UTF-8: a name that is not (surrogate escapes) is matched with U+FFFD.
        relative = relative.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    name = relative.rsplit("/", 1)[-1]
    for braced in globs:
        for pattern in _expand(braced):  # arch/*.{md,txt}: newslint.globs
            compiled = _glob(pattern)
            if compiled.fullmatch(relative) or ("/" not in pattern and compiled.fullmatch(name)):
                return True
    return False


def _expand(pattern: str) -> tuple[str, ...]:
    from newslint.globs import BraceError, expand_braces

    try:
        return expand_braces(pattern)
    except BraceError:
        return (pattern,)  # refused when the configuration loads


@lru_cache(maxsize=256)
def _glob(pattern: str):
    """Compile a glob where ``**`` spans directories, ``*``, ``?`` and ``[...]`` do not.

    RE2, not Python's ``re``: a backtracking regex took 112 s to match ``*a*a*a…b`` against a
    48-character name (issue 21); RE2 matches in time linear in the name.
    """
    import re2

    out = ["(?s)"]
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif char == "*":
            out.append("[^/]*")
            i += 1
        elif char == "?":
            out.append("[^/]")
            i += 1
        elif char == "[":
            klass, i = _glob_class(pattern, i)
            out.append(klass)
        else:
            out.append(_re2_char(char))
            i += 1
    options = re2.Options()
    options.log_errors = False
    return re2.compile("".join(out), options)


def _glob_class(pattern: str, i: int) -> tuple[str, int]:
    """``[abc]``, ``[a-z]``, ``[!abc]`` at ``pattern[i]`` as fnmatch reads them (a ``]`` first
    is a member; no closing ``]``: a literal ``[``); never matches ``/``."""
    j = i + 1
    if j < len(pattern) and pattern[j] == "!":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1
    j = pattern.find("]", j)
    if j < 0:
        return _re2_char("["), i + 1
    body = pattern[i + 1 : j]
    negate = body.startswith("!")
    if negate:
        body = body[1:]
    items, k = [], 0
    while k < len(body):
        if k + 2 < len(body) and body[k + 1] == "-":
            if body[k] <= body[k + 2]:  # fnmatch drops an empty range
                items.append(f"{_re2_char(body[k], True)}-{_re2_char(body[k + 2], True)}")
            k += 3
        else:
            items.append(_re2_char(body[k], True))
            k += 1
    if negate:
        return "[^/" + "".join(items) + "]", j + 1
    if not items:
        return "[^\\x{0}-\\x{10FFFF}]", j + 1  # matches nothing
    return "(?:[" + "".join(items) + "])", j + 1


def _re2_char(char: str, in_class: bool = False) -> str:
    if char.isalnum() or (char in "_/-" and not in_class):
        return char
    return f"\\x{{{ord(char):X}}}"


def _check_braces(globs: list[str], key: str, path, origin: _Origin) -> None:
    from newslint.globs import BraceError, expand_braces

    for glob in globs:
        try:
            expand_braces(glob)
        except BraceError as error:
            raise ConfigError(f"{key}: {error}", str(path), origin.line(key)) from None


def _merge_rule(entries: dict[str, dict[str, Any]], rule_id: str, entry: dict[str, Any]) -> None:
    current = entries.setdefault(rule_id, {})
    for key, value in entry.items():
        if key == "options" and isinstance(value, dict):
            merged = dict(current.get("options") or {})
            merged.update(value)
            current["options"] = merged
        else:
            current[key] = value


def _build_rule(rule_id: str, entry: dict[str, Any], origin: _Origin) -> Rule:
    kind_name = entry.get("kind")
    if kind_name is None:
        raise ConfigError(
            f'unknown rule "{rule_id}" (not in any extended rule set; give it a "kind" to define it)',
            origin.path,
            origin.line("rules", rule_id),
        )
    kind = get_kind(renames.kind(kind_name) if isinstance(kind_name, str) else kind_name)
    if kind is None:
        known = ", ".join(sorted(kinds()))
        raise ConfigError(
            f'rule "{rule_id}": unknown kind "{kind_name}" (known: {known})',
            origin.path,
            origin.line("rules", rule_id, "kind"),
        )
    try:
        options = options_mod.build(kind.options, entry.get("options"), rule_id)
    except options_mod.OptionError as error:
        key = error.key if isinstance(error.key, tuple) else (error.key,)  # ("tokens", 3): an item
        raise ConfigError(
            str(error), origin.path, origin.line("rules", rule_id, "options", *key)
        ) from None
    severity = entry.get("severity", "warning")
    try:
        severity = Severity.parse(severity) if isinstance(severity, str) else None
    except KeyError:
        severity = None
    if severity is None:
        raise ConfigError(
            f'rule "{rule_id}": severity should be error, warning or info, not {entry.get("severity")!r}',
            origin.path,
            origin.line("rules", rule_id, "severity"),
        )
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError(
            f'rule "{rule_id}": enabled should be true or false',
            origin.path,
            origin.line("rules", rule_id, "enabled"),
        )
    quotes = entry.get("quotes", "skip" if kind.skip_quotes else "any")
    if quotes not in QUOTE_MODES:
        raise ConfigError(
            f'rule "{rule_id}": quotes should be one of skip|only|any, not {quotes!r}',
            origin.path,
            origin.line("rules", rule_id, "quotes"),
        )
    scope = entry.get("scope")
    if scope is not None:
        if isinstance(scope, str):
            scope = [scope]
        if not isinstance(scope, list) or not all(s in SCOPES for s in scope):
            raise ConfigError(
                f'rule "{rule_id}": scope should be a list of {", ".join(sorted(SCOPES))}',
                origin.path,
                origin.line("rules", rule_id, "scope"),
            )
        scope = frozenset(scope)
    description = entry.get("description", "")
    if not isinstance(description, str):
        raise ConfigError(
            f'rule "{rule_id}": description should be a string',
            origin.path,
            origin.line("rules", rule_id, "description"),
        )
    why = entry.get("why", "")
    if not isinstance(why, str):
        raise ConfigError(
            f'rule "{rule_id}": why should be a string (the reason for its severity)',
            origin.path,
            origin.line("rules", rule_id, "why"),
        )
    return Rule(
        rule_id,
        kind,
        options,
        severity,
        enabled,
        description or kind.summary,
        quotes,
        scope,
        why.strip(),
    )


# -- loading ------------------------------------------------------------------------------


def _read_yaml(path: Path) -> tuple[Any, Marks]:
    try:
        text = read_config_text(path)
    except FileNotFoundError:
        raise ConfigError("configuration file not found", str(path)) from None
    except UnicodeDecodeError:
        raise ConfigError("configuration is not valid UTF-8", str(path)) from None
    except Refused as error:
        raise ConfigError(str(error), str(path)) from None
    except OSError as error:
        raise ConfigError(f"cannot read configuration: {error.strerror}", str(path)) from None
    return _parsed(text, str(path))


def _parsed(text: str, filename: str) -> tuple[Any, Marks]:
    """Parse a YAML file, through the per-user parse cache (:func:`cached_load_yaml`)."""
    return cached_load_yaml(text, filename)


def _resolve_extend(
    name: str, base: Path, origin: _Origin, key: tuple, guard: Guard
) -> tuple[Path, Guard]:
    """The file an ``extends:`` entry names, and the guard it is read with (a shipped set is
    trusted; a path stays inside the naming file's repository unless that one is trusted)."""
    if "/" not in name and "\\" not in name and not name.endswith((".yaml", ".yml")):
        candidate = shipped_rules_dir() / f"{name}.yaml"
        if candidate.is_file():
            return candidate, TRUSTED
        available = ", ".join(shipped_sets())
        raise ConfigError(
            f'extends: unknown rule set "{name}" (shipped: {available})',
            origin.path,
            origin.line(*key),
        )
    candidate = guard.confine(base / name, f'extends: "{name}"', origin.path, origin.line(*key))
    if not candidate.exists():  # a FIFO or a device is refused when read
        raise ConfigError(f'extends: file "{name}" not found', origin.path, origin.line(*key))
    return candidate, guard


def load_config(
    path: str | Path, *, root: str | None = None, trusted: bool | None = None
) -> Config:
    """Load a configuration file with everything it extends, validated.

    ``trusted``: whether it may run programs and read outside its repository (``None``: as
    ``NEWSLINT_TRUST_CONFIG`` says; see :mod:`newslint.trust`).
    """
    config = Config()
    guard = Guard.for_file(path, trusted)
    guard.check_file(path)
    path = Path(path).resolve()
    config.root = root or str(path.parent)
    config.languagetool.update(user_settings())
    _apply_file(config, path, stack=(), top=True, guard=guard)
    config.validate()
    return config


def default_config(root: str = ".") -> Config:
    """The configuration used when no ``.newslint.yaml`` is found: ``extends: fr-press``."""
    config = Config(root=root)
    config.languagetool.update(user_settings())
    origin = _Origin("<default>", Marks())
    for name in DEFAULT_EXTENDS:
        path, guard = _resolve_extend(name, Path(root), origin, (), TRUSTED)
        _apply_file(config, path, stack=(), guard=guard)
    config.validate()
    return config


def user_settings() -> dict[str, Any]:
    """The ``languagetool:`` settings of the user's own configuration (none if it is absent).

    That file is the user's, not a repository's: it may set what runs and where drafts go
    (:mod:`newslint.trust`). It holds machine settings only; rules belong in a repository.
    """
    from newslint.trust import user_config_path

    path = user_config_path()
    if not os.path.lexists(path):
        return {}
    return dict(_user_settings(str(path)))


@lru_cache(maxsize=4)
def _user_settings(path: str) -> tuple[tuple[str, Any], ...]:
    from newslint.grammar.settings import validate_section

    data, marks = _read_yaml(Path(path))
    if data is None:
        return ()
    if not isinstance(data, dict):
        raise ConfigError("configuration should be a mapping of keys", path, marks.line(()))
    for key in data:
        if key != "languagetool":
            raise ConfigError(
                f'unknown key "{key}": your own configuration holds languagetool: '
                "settings only (rules belong in a .newslint.yaml)",
                path,
                marks.line((key,)),
            )
    section = data.get("languagetool") or {}
    validate_section(section, path, lambda *keys: marks.line(keys))
    return tuple(section.items())


def _apply_file(
    config: Config, path: Path, stack: tuple[Path, ...], top: bool = False, *, guard: Guard
) -> None:
    if path in stack:
        chain = " -> ".join(p.name for p in stack + (path,))
        raise ConfigError(f"extends cycle: {chain}", str(stack[-1]))
    data, marks = _read_yaml(path)
    origin = _Origin(str(path), marks)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("configuration should be a mapping of keys", str(path), marks.line(()))
    for key, value in data.items():
        expected = TOP_LEVEL.get(key)
        if expected is None:
            known = ", ".join(sorted(TOP_LEVEL))
            raise ConfigError(f'unknown key "{key}" (known: {known})', str(path), origin.line(key))
        if not isinstance(value, expected) and value is not None:
            wanted = (
                expected.__name__
                if isinstance(expected, type)
                else " or ".join(t.__name__ for t in expected)
            )
            raise ConfigError(
                f'"{key}" should be a {wanted.replace("dict", "mapping")}',
                str(path),
                origin.line(key),
            )
    config.files.append(str(path))
    # A newsroom's own file without ``extends:`` builds on the default set; ``extends: []``
    # starts from nothing.
    extends = data.get("extends", list(DEFAULT_EXTENDS) if top else []) or []
    if isinstance(extends, str):
        extends = [extends]
    for index, name in enumerate(extends):
        if not isinstance(name, str):
            raise ConfigError(
                "extends: entries should be rule-set names or paths",
                str(path),
                origin.line("extends", index),
            )
        key = ("extends", index) if isinstance(data.get("extends"), list) else ("extends",)
        extended, extended_guard = _resolve_extend(name, path.parent, origin, key, guard)
        _apply_file(config, extended, stack + (path,), guard=extended_guard)
    if "language" in data and data["language"] is not None:
        config.language = data["language"]
    for key in ("include", "exclude"):
        if data.get(key) is not None:
            values = data[key]
            if not all(isinstance(v, str) for v in values):
                raise ConfigError(
                    f"{key}: entries should be glob strings", str(path), origin.line(key)
                )
            _check_braces(values, key, path, origin)
            setattr(config, key, list(values))
    if data.get("formats"):
        from newslint.documents import FORMATS

        for suffix, fmt in data["formats"].items():
            if not isinstance(suffix, str) or not re.fullmatch(r"\.[A-Za-z0-9_+-]{1,16}", suffix):
                raise ConfigError(
                    f'formats: "{suffix}" should be a file extension such as ".xhtml"',
                    str(path),
                    origin.line("formats", suffix),
                )
            if fmt not in FORMATS:
                raise ConfigError(
                    f'formats: "{suffix}": unknown format "{fmt}" (known: {", ".join(FORMATS)})',
                    str(path),
                    origin.line("formats", suffix),
                )
            config.formats[suffix.lower()] = fmt
    for written, entry in (data.get("rules") or {}).items():
        _check_rule_entry(written, entry, origin)
        rule_id = renames.rule_id(written)  # a renamed rule's old id still configures it
        _merge_rule(config.rules, rule_id, entry or {})
        # Errors are reported against the last file that touched the rule.
        config.origins[rule_id] = origin
    for index, override in enumerate(data.get("overrides") or []):
        where = origin.line("overrides", index)
        if not isinstance(override, dict) or set(override) - {"files", "rules"}:
            raise ConfigError(
                "overrides: each entry needs files: [globs] and rules: {...}", str(path), where
            )
        globs = override.get("files")
        if isinstance(globs, str):
            globs = [globs]
        if not isinstance(globs, list) or not globs or not all(isinstance(g, str) for g in globs):
            raise ConfigError("overrides: files should be a list of globs", str(path), where)
        rules = override.get("rules") or {}
        if not isinstance(rules, dict):
            raise ConfigError("overrides: rules should be a mapping", str(path), where)
        sub_origin = _Origin(str(path), marks, ("overrides", index))
        for rule_id, entry in rules.items():
            _check_rule_entry(rule_id, entry, sub_origin)
        rules = {renames.rule_id(rule_id): entry for rule_id, entry in rules.items()}
        config.overrides.append((globs, rules, str(path.parent), sub_origin))
    names = data.get("names")
    if names is not None:
        from newslint import registry

        config.names.extend(registry.read_section(names, path, marks, confine=guard.confine))
    vocabulary = data.get("vocabulary")
    if vocabulary is not None:
        config.vocabulary.extend(_read_vocabulary(vocabulary, path, origin, guard))
    if data.get("languagetool"):
        from newslint.grammar.settings import validate_section

        section = data["languagetool"]
        guard.check_settings(section, str(path), origin.line)
        validate_section(section, str(path), origin.line)
        # url and public_api exclude each other: the later file's choice replaces the other.
        if section.get("url"):
            config.languagetool.pop("public_api", None)
        if section.get("public_api"):
            config.languagetool.pop("url", None)
        config.languagetool.update(section)
    if data.get("examples"):
        config.examples.extend(
            {**e, "_file": str(path)} if isinstance(e, dict) else e for e in data["examples"]
        )


def _check_rule_entry(rule_id: str, entry: Any, origin: _Origin) -> None:
    if entry is None:
        return
    if not isinstance(entry, dict):
        raise ConfigError(
            f'rule "{rule_id}" should be a mapping (severity, enabled, options...)',
            origin.path,
            origin.line("rules", rule_id),
        )
    for key in entry:
        if key not in RULE_KEYS:
            raise ConfigError(
                f'rule "{rule_id}": unknown key "{key}" (known: {", ".join(sorted(RULE_KEYS))})',
                origin.path,
                origin.line("rules", rule_id, key),
            )


def _read_vocabulary(value: Any, path: Path, origin: _Origin, guard: Guard) -> list[str]:
    """``vocabulary: [words]`` or ``vocabulary: {include: [files]}`` (one word a line)."""
    if isinstance(value, list):
        if not all(isinstance(v, str) for v in value):
            raise ConfigError(
                "vocabulary: entries should be strings", str(path), origin.line("vocabulary")
            )
        return list(value)
    words: list[str] = []
    for key in value:
        if key not in ("words", "include"):
            raise ConfigError(
                f'vocabulary: unknown key "{key}" (known: include, words)',
                str(path),
                origin.line("vocabulary", key),
            )
    words.extend(_read_vocabulary(value.get("words") or [], path, origin, guard))
    for index, name in enumerate(value.get("include") or []):
        where = origin.line("vocabulary", "include", index)
        file = guard.confine(
            path.parent / str(name), f'vocabulary: include "{name}"', str(path), where
        )
        try:
            lines = read_config_text(file).splitlines()
        except (OSError, UnicodeDecodeError):
            raise ConfigError(
                f'vocabulary: cannot read "{name}"',
                str(path),
                origin.line("vocabulary", "include", index),
            ) from None
        except Refused as error:
            raise ConfigError(
                f'vocabulary: "{name}": {error}',
                str(path),
                origin.line("vocabulary", "include", index),
            ) from None
        words.extend(line.strip() for line in lines if line.strip() and not line.startswith("#"))
    return words


# -- discovery ----------------------------------------------------------------------------


#: Paths whose configuration a :class:`ConfigFinder` remembers (folders are all remembered).
PATHS_REMEMBERED = 65_536


class ConfigFinder:
    """Finds the ``.newslint.yaml`` that governs each draft, upward from its folder."""

    def __init__(self, explicit: str | None = None, *, trusted: bool | None = None) -> None:
        self.trusted = trusted
        self.explicit = (
            load_config(explicit, root=os.getcwd(), trusted=trusted) if explicit else None
        )
        self._by_dir: dict[str, Config] = {}
        self._by_file: dict[str, Config] = {}
        #: Paths asked for (with the folder a relative one is relative to) and their
        #: configuration: a run asks four or five times per file (discovery, rules in force,
        #: format, context, cached results), not in a row, and ``abspath`` and the folder
        #: lookup cost ten times this one. Emptied when it reaches :data:`PATHS_REMEMBERED`.
        self._by_path: dict[tuple[str, str], Config] = {}

    def for_path(self, path: str) -> Config:
        if self.explicit is not None:
            return self.explicit
        key = (path, "" if os.path.isabs(path) else os.getcwd())
        config = self._by_path.get(key)
        if config is None:
            config = self._for_dir(os.path.dirname(os.path.abspath(path)))
            if len(self._by_path) >= PATHS_REMEMBERED:
                self._by_path.clear()
            self._by_path[key] = config
        return config

    def _for_dir(self, directory: str) -> Config:
        # Upward in a loop, not by recursion: a tree thousands of folders deep (issue 21).
        visited = []
        config = None
        while config is None:
            if directory in self._by_dir:
                config = self._by_dir[directory]
                break
            visited.append(directory)
            for name in CONFIG_NAMES:
                candidate = os.path.join(directory, name)
                # Not isfile(): a FIFO or device named .newslint.yaml is refused, not skipped.
                if os.path.exists(candidate) and not os.path.isdir(candidate):
                    config = self._by_file.get(candidate) or load_config(
                        candidate, trusted=self.trusted
                    )
                    self._by_file[candidate] = config
                    break
            if config is None:
                parent = os.path.dirname(directory)
                if parent == directory:
                    config = self._by_file.get("<default>") or default_config(os.getcwd())
                    self._by_file["<default>"] = config
                directory = parent
        for folder in visited:
            self._by_dir[folder] = config
        return config
