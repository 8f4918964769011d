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
                ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:omap")):
            # Python object tags (!!python/object...) would otherwise pass as plain mappings.
            raise ConfigError(f"unsupported YAML tag {node.tag}", self.filename, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            result: dict = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise ConfigError("YAML merge keys (<<) are not supported", self.filename,
                                      key_node.start_mark.line + 1)
                key = self.build(key_node, path, depth + 1)
                if not isinstance(key, (str, int, float, bool)) or key is None:
                    raise ConfigError("mapping keys must be strings", self.filename,
                                      key_node.start_mark.line + 1)
                key = str(key)
                if key in result:
                    raise ConfigError(f'duplicate key "{key}"', self.filename,
                                      key_node.start_mark.line + 1)
                self.marks[path + (key,)] = key_node.start_mark.line + 1
                result[key] = self.build(value_node, path + (key,), depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as error:
            raise ConfigError(f"invalid value: {error}", self.filename,
                              node.start_mark.line + 1) from None
