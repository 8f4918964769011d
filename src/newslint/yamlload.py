"""Safe YAML loading that remembers where each key was written.

Config errors must name the file, line and key. PyYAML's composer gives nodes with marks;
we build plain Python values from them and keep a map ``path tuple -> line``. Aliases are
expanded with a budget, so an alias bomb is a clear error, not a hung CI job.
"""

from __future__ import annotations

from typing import Any

from newslint.errors import ConfigError

#: Most values one YAML file may expand to (aliases included).
MAX_NODES = 200_000
MAX_DEPTH = 64


class Marks(dict):
    """``(key, key, ...) -> 1-based line``; lookups fall back to the nearest parent."""

    def line(self, path: tuple) -> int | None:
        while path:
            if path in self:
                return self[path]
            path = path[:-1]
        return self.get((), None)


def load_yaml(text: str, filename: str) -> tuple[Any, Marks]:
    import yaml

    try:
        # libyaml's parser when available: composing is the slow part of loading rule sets.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = error.problem or error.context or "invalid YAML"
        if "nesting depth" in problem:
            # libyaml (PyYAML >= 6.0.4) has its own depth limit: same error as ours below.
            raise ConfigError("YAML nested too deeply", filename, line) from None
        raise ConfigError(f"malformed YAML: {problem}", filename, line) from None
    except yaml.YAMLError as error:
        # e.g. a control character: PyYAML adds a second line saying where; keep one.
        raise ConfigError(f"malformed YAML: {str(error).splitlines()[0]}", filename) from None
    except RecursionError:
        # PyYAML composes nested collections recursively (issue 8).
        raise ConfigError("YAML nested too deeply", filename) from None
    marks = Marks()
    if node is None:
        return None, marks
    builder = _Builder(filename, marks)
    return builder.build(node, (), 0), marks


class _Builder:
    def __init__(self, filename: str, marks: Marks) -> None:
        self.filename = filename
        self.marks = marks
        self.count = 0
        import yaml

        self.constructor = yaml.SafeLoader("")

    def build(self, node, path: tuple, depth: int) -> Any:
        import yaml

        self.count += 1
        if self.count > MAX_NODES:
            raise ConfigError(
                f"YAML expands to more than {MAX_NODES} values (alias bomb?)",
                self.filename,
                node.start_mark.line + 1,
            )
        if depth > MAX_DEPTH:
            raise ConfigError("YAML nested too deeply", self.filename, node.start_mark.line + 1)
        self.marks.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.tag.startswith(
            ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:omap")
        ):
            # Python object tags (!!python/object...) would otherwise pass as plain mappings.
            raise ConfigError(
                f"unsupported YAML tag {node.tag}", self.filename, node.start_mark.line + 1
            )
        if isinstance(node, yaml.MappingNode):
            result: dict = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise ConfigError(
                        "YAML merge keys (<<) are not supported",
                        self.filename,
                        key_node.start_mark.line + 1,
                    )
                key = self.build(key_node, path, depth + 1)
                if not isinstance(key, (str, int, float, bool)) or key is None:
                    raise ConfigError(
                        "mapping keys must be strings", self.filename, key_node.start_mark.line + 1
                    )
                key = str(key)
                if key in result:
                    raise ConfigError(
                        f'duplicate key "{key}"', self.filename, key_node.start_mark.line + 1
                    )
                self.marks[path + (key,)] = key_node.start_mark.line + 1
                result[key] = self.build(value_node, path + (key,), depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as error:
            raise ConfigError(
                f"invalid value: {error}", self.filename, node.start_mark.line + 1
            ) from None


# -- the parse cache -------------------------------------------------------------------------

#: The parse cache keeps at most this many entries and this many bytes: past either, the
#: entries used longest ago go. A test or a newsroom with many configurations only ever
#: costs this much disk.
CACHE_ENTRIES = 256
CACHE_BYTES = 32 * 1024 * 1024
#: A parse larger than this is not cached (it would push out everything else).
CACHE_ENTRY_BYTES = 8 * 1024 * 1024
#: An entry read is marked as used at most this often (a write per run start costs time).
RECENCY_SECONDS = 3600.0


def cached_load_yaml(text: str, filename: str) -> tuple[Any, Marks]:
    """:func:`load_yaml`, through a per-user cache keyed on the file's name and content.

    Parsing the shipped sets costs more than everything else a one-draft run does before
    checking; a pre-commit hook runs with the same files every time. Errors are never cached,
    and a cache that cannot be read or written is simply not used. Entries are private to the
    user (0600 in a 0700 folder) and bounded (:data:`CACHE_ENTRIES`, :data:`CACHE_BYTES`).
    """
    import marshal
    import os
    import time
    import zlib

    from newslint import __version__
    from newslint.cachedir import cache_root

    # The file name only spreads entries; the key stored inside is compared in full, so two
    # texts with the same checksum can never be confused (and hashlib is not imported: it
    # loads OpenSSL, a few milliseconds of every start).
    key = f"{__version__}\0{filename}\0{text}"
    name = f"{zlib.crc32(key.encode('utf-8', 'surrogatepass')):08x}-{len(key)}"
    folder = cache_root() / "yaml"
    cached = folder / f"{name}.marshal"
    try:
        with open(cached, "rb") as handle:
            stored, data, marks = marshal.loads(handle.read())
            used = os.fstat(handle.fileno()).st_mtime
        if stored == key:
            if used < time.time() - RECENCY_SECONDS:
                try:
                    os.utime(cached)
                except OSError:
                    pass
            return data, Marks(marks)
    except (OSError, EOFError, ValueError, TypeError):
        pass
    data, marks = load_yaml(text, filename)
    try:
        payload = marshal.dumps((key, data, dict(marks)))
        if len(payload) <= CACHE_ENTRY_BYTES:
            from newslint.cachedir import write_private

            write_private(cached, payload)
            trim_cache(folder, keep=cached.name)
    except (OSError, ValueError):
        pass  # values marshal cannot hold (YAML dates...) or a read-only cache: parse each time
    return data, marks


def trim_cache(folder, keep: str = "") -> int:
    """Remove the entries used longest ago beyond :data:`CACHE_ENTRIES` or :data:`CACHE_BYTES`
    (never ``keep``, the one just written), and temporary files a killed run left an hour
    ago or more; returns how many went."""
    import os
    import time

    entries = []
    removed = 0
    now = time.time()
    with os.scandir(folder) as found:
        for entry in found:
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if entry.name == keep:
                entries.append((float("inf"), entry.name, info.st_size, entry.path))
            elif entry.name.endswith(".marshal"):
                entries.append((info.st_mtime, entry.name, info.st_size, entry.path))
            elif entry.name.endswith(".tmp") and info.st_mtime < now - 3600:
                entries.append((float("-inf"), entry.name, 0, entry.path))
    entries.sort(reverse=True)  # most recently used first
    total = 0
    for index, (used, _, size, path) in enumerate(entries):
        total += size
        if index >= CACHE_ENTRIES or total > CACHE_BYTES or used == float("-inf"):
            try:
                os.unlink(path)
                removed += 1
            except OSError:
                pass
    return removed
