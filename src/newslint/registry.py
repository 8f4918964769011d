"""The newsroom's names registry: canonical spellings, accepted aliases, known wrong forms.

In ``.newslint.yaml`` (or any file it extends)::

    names:
      - canonical: Vladimir Poutine
        aliases: [Poutine, Vladimir Vladimirovitch Poutine]
        wrong: [Putin, Vladimir Putin]
      - Jen Psaki                       # a bare string is a canonical form
      - include: registres/monde.yaml   # a file holding a list of entries (or names: [...])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from pathlib import Path
from typing import Any

from newslint.classcache import dataclass
from newslint.errors import ConfigError
from newslint.yamlload import Marks, load_yaml

ENTRY_KEYS = {"canonical", "aliases", "wrong", "note"}

#: ``confine(path, what, config_file, line)``: the path resolved, or a config error.
Confine = Callable[[Path, str, str, "int | None"], Path]


@dataclass(frozen=True)
class NameEntry:
    """One registry entry: the canonical spelling and its accepted and refused forms."""

    canonical: str
    aliases: tuple[str, ...] = ()
    wrong: tuple[str, ...] = ()
    note: str = ""
    #: ``file:line`` where the entry was written, for messages.
    source: str = ""

    @property
    def accepted(self) -> tuple[str, ...]:
        return (self.canonical, *self.aliases)


@dataclass
class Registry:
    """The newsroom's names registry."""

    entries: list[NameEntry] = field(default_factory=list)
    #: What checks compute once from the registry (the names rules' near-match index).
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def words(self) -> set[str]:
        """Every word of every accepted form (for the speller)."""
        out: set[str] = set()
        for entry in self.entries:
            for form in entry.accepted:
                out.update(part for part in form.replace("-", " ").split(" ") if part)
                out.add(form)
        return out


def read_section(
    value: Any,
    path: Path,
    marks: Marks,
    prefix: tuple = ("names",),
    seen: tuple[Path, ...] = (),
    *,
    confine: Confine | None = None,
) -> list[NameEntry]:
    """The entries of a ``names:`` section; ``confine`` checks (and resolves) each included
    file's path, refusing one outside the repository (:meth:`newslint.trust.Guard.confine`)."""
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        raise ConfigError("names: should be a list of entries", str(path), marks.line(prefix))
    entries: list[NameEntry] = []
    for index, item in enumerate(value):
        where = marks.line(prefix + (index,))
        if isinstance(item, str):
            entries.append(NameEntry(item.strip(), source=f"{path}:{where}"))
            continue
        if not isinstance(item, dict):
            raise ConfigError("names: each entry should be a name or a mapping", str(path), where)
        if "include" in item:
            if set(item) != {"include"}:
                raise ConfigError("names: an include entry holds only include:", str(path), where)
            includes = item["include"] if isinstance(item["include"], list) else [item["include"]]
            for name in includes:
                file = path.parent / str(name)
                if confine is not None:
                    file = confine(file, f'names: include "{name}"', str(path), where)
                entries.extend(_include(file, str(path), where, seen + (path,), confine))
            continue
        unknown = set(item) - ENTRY_KEYS
        if unknown:
            key = sorted(unknown)[0]
            raise ConfigError(
                f'names: unknown key "{key}" (known: {", ".join(sorted(ENTRY_KEYS))})',
                str(path),
                marks.line(prefix + (index, key)),
            )
        canonical = item.get("canonical")
        if not isinstance(canonical, str) or not canonical.strip():
            raise ConfigError("names: each entry needs a canonical: name", str(path), where)
        lists = {}
        for key in ("aliases", "wrong"):
            forms = item.get(key) or []
            if isinstance(forms, str):
                forms = [forms]
            if not isinstance(forms, list) or not all(isinstance(f, str) for f in forms):
                raise ConfigError(
                    f"names: {key} should be a list of names",
                    str(path),
                    marks.line(prefix + (index, key)),
                )
            lists[key] = tuple(f.strip() for f in forms)
        note = item.get("note") or ""
        entries.append(
            NameEntry(
                canonical.strip(), lists["aliases"], lists["wrong"], str(note), f"{path}:{where}"
            )
        )
    return entries


def _include(
    file: Path, parent: str, line: int | None, seen: tuple[Path, ...], confine: Confine | None
) -> list[NameEntry]:
    file = file.resolve()
    if file in seen:
        raise ConfigError(f"names: include cycle through {file.name}", parent, line)
    from newslint.bounded import Refused, read_config_text

    try:
        text = read_config_text(file)
    except (OSError, UnicodeDecodeError):
        raise ConfigError(f'names: cannot read included file "{file}"', parent, line) from None
    except Refused as error:
        raise ConfigError(f'names: included file "{file}": {error}', parent, line) from None
    data, marks = load_yaml(text, str(file))
    if isinstance(data, dict) and set(data) == {"names"}:
        return read_section(data["names"], file, marks, ("names",), seen, confine=confine)
    return read_section(data or [], file, marks, (), seen, confine=confine)
