"""Typed rule options: YAML values checked against a kind's options dataclass.

Errors read like yamllint's: ``option "max" of rule "style/phrases" should be int``.
"""

from __future__ import annotations

import dataclasses
import functools
import sys
import types
from typing import Any, Literal, Union, get_args, get_origin

from newslint import classcache


class OptionError(ValueError):
    """A bad option value; ``key`` names the option, the message says what was expected."""

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        super().__init__(message)


#: The decorator of every kind's options class: a dataclass without the ``__repr__`` and
#: ``__eq__`` nobody calls on options (built once per rule), which dataclasses would write and
#: compile at every start.
options_class = classcache.dataclass(repr=False, eq=False)


class _Hints(dict):
    """An options class's evaluated type hints, each evaluated when first looked up, as
    ``typing.get_type_hints(cls)`` evaluates it: a rule's YAML sets a few of its kind's
    options, and evaluating an annotation compiles it (the shipped sets have 190; issue 20)."""

    def __init__(self, cls: type) -> None:
        super().__init__()
        self._cls = cls

    def __missing__(self, name: str) -> Any:
        # The most derived class that annotates ``name``, evaluated in its module's names
        # first, then its own (get_type_hints' order for classes).
        import inspect  # already imported by dataclasses

        for owner in self._cls.__mro__:
            annotations = inspect.get_annotations(owner)
            if name in annotations:
                break
        else:
            raise KeyError(name)
        value = annotations[name]
        if isinstance(value, str):
            module = sys.modules.get(owner.__module__)
            value = eval(value, dict(vars(owner)), getattr(module, "__dict__", {}))
        hint = type(None) if value is None else value
        self[name] = hint
        return hint


@functools.cache
def _schema(cls: type) -> tuple[dict[str, dataclasses.Field], dict[str, Any]]:
    """The fields and type hints (evaluated on first use, :class:`_Hints`) of an options
    class, computed once per class."""
    return {f.name: f for f in dataclasses.fields(cls)}, _Hints(cls)


def build(cls: type, raw: dict[str, Any] | None, rule: str) -> Any:
    """Instantiate ``cls`` from ``raw``, refusing unknown options and wrong types."""
    raw = {} if raw is None else raw
    if not isinstance(raw, dict):
        raise OptionError("options", f'options of rule "{rule}" should be a mapping')
    fields, hints = _schema(cls)
    values = {}
    for key, value in raw.items():
        if key not in fields:
            known = ", ".join(sorted(fields)) or "none"
            raise OptionError(key, f'unknown option "{key}" for rule "{rule}" (known: {known})')
        values[key] = coerce(value, hints[key], f'option "{key}" of rule "{rule}"', key)
    try:
        options = cls(**values)
    except (TypeError, ValueError) as error:
        key = getattr(error, "key", next(iter(raw), "options"))
        raise OptionError(key, f'rule "{rule}": {error}') from None
    validate = getattr(options, "validate", None)
    if validate:
        try:
            validate()
        except OptionError:
            raise
        except (TypeError, ValueError) as error:
            key = getattr(error, "key", next(iter(raw), "options"))
            raise OptionError(key, f'rule "{rule}": {error}') from None
    return options


def coerce(value: Any, hint: Any, what: str, key: str) -> Any:
    origin = get_origin(hint)
    args = get_args(hint)
    if hint is Any:
        return value
    if origin in (Union, types.UnionType):
        errors = []
        for arg in args:
            if arg is type(None):
                if value is None:
                    return None
                continue
            try:
                return coerce(value, arg, what, key)
            except OptionError as error:
                errors.append(error)
        if errors:
            raise errors[-1]
        raise OptionError(key, f"{what} should be {_name(hint)}")
    if origin is Literal:
        if value not in args:
            choices = "|".join(str(a) for a in args)
            raise OptionError(key, f"{what} should be one of {choices}, not {value!r}")
        return value
    if origin in (list, tuple) or hint in (list, tuple):
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            raise OptionError(key, f"{what} should be a list")
        item = args[0] if args else Any
        items = [coerce(v, item, what, key) for v in value]
        return tuple(items) if (origin or hint) is tuple else items
    if origin is dict or hint is dict:
        if not isinstance(value, dict):
            raise OptionError(key, f"{what} should be a mapping")
        key_hint, value_hint = args if args else (Any, Any)
        return {
            coerce(k, key_hint, what, key): coerce(v, value_hint, what, key)
            for k, v in value.items()
        }
    if hint is bool:
        if not isinstance(value, bool):
            raise OptionError(key, f"{what} should be true or false")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise OptionError(key, f"{what} should be int")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise OptionError(key, f"{what} should be a number")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise OptionError(key, f"{what} should be a string")
        return value
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return build(hint, value, what)
    return value


def _name(hint: Any) -> str:
    return getattr(hint, "__name__", str(hint))


def describe(cls: type) -> list[tuple[str, str, Any]]:
    """``(name, type, default)`` for each option, for ``rules explain``."""
    fields, hints = _schema(cls)
    rows = []
    for f in fields.values():
        if f.default is not dataclasses.MISSING:
            default = f.default
        elif f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        else:
            default = None
        rows.append((f.name, _type_text(hints[f.name]), default))
    return rows


def _type_text(hint: Any) -> str:
    text = str(hint).replace("typing.", "")
    return getattr(hint, "__name__", text) if not get_args(hint) else text
