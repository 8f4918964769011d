"""The ``languagetool:`` section of ``.newslint.yaml``: where LanguageTool comes from and how
the server runs. Validated strictly (unknown keys and wrong types are config errors with
file and line); grammar *rule* options (variant, rules, picky...) live on the rule instead.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newslint.classcache import dataclass
from newslint.errors import ConfigError

#: The LanguageTool release ``newslint languagetool install`` provisions (newest on Maven
#: Central when this was pinned).
LT_VERSION = "6.8"

#: The public API: used only when ``public_api: true`` is written in a configuration.
PUBLIC_API_URL = "https://api.languagetool.org/"


#: JVM options for a local server (measured on 2 cores, see docs/languagetool.md "Speed").
DEFAULT_JVM_OPTIONS = "-XX:+UseParallelGC"


@dataclass(frozen=True)
class Settings:
    #: An existing server (a newsroom's shared server, a Docker image), or several (a tuple):
    #: requests are spread over them, and one that fails is taken out of the run's pool.
    #: No local JVM is started.
    url: str | tuple[str, ...] = ""
    #: Send drafts to languagetool.org. Off unless a configuration says so (with a warning).
    public_api: bool = False
    #: An existing installation: an unzipped LanguageTool (with ``languagetool-server.jar``)
    #: or a folder of jars.
    directory: str = ""
    #: Let language-tool-python download LanguageTool from its own host when nothing else is found.
    download: bool = False
    #: LanguageTool version to look for in newslint's cache (``newslint languagetool install``).
    version: str = LT_VERSION
    #: Java executable (default: ``$JAVA_HOME/bin/java``, then ``java`` on ``PATH``).
    java: str = ""
    #: JVM heap (``-Xmx``).
    heap: str = "1g"
    #: More JVM options for a local server, space-separated (replaces the default).
    jvm_options: str = DEFAULT_JVM_OPTIONS
    #: LanguageTool's own sentence cache (``cacheSize``, sentences).
    server_cache_size: int = 2000
    #: LanguageTool's pipeline caching: without it every request rebuilds the rule pipeline.
    pipeline_caching: bool = True
    #: LanguageTool's ``maxCheckThreads`` (0: one per core).
    check_threads: int = 0
    #: Requests in flight at once from newslint (0: two per core).
    concurrency: int = 0
    #: Seconds to wait for a local server to answer after starting it.
    start_timeout: float = 180.0
    #: Seconds to wait for one answer.
    request_timeout: float = 120.0
    #: Reuse a server started by ``newslint languagetool serve`` when one is running.
    reuse_server: bool = True
    #: Keep results per paragraph on disk (``--no-cache`` turns it off for one run).
    cache: bool = True
    #: Most paragraphs kept in the on-disk cache (oldest used are dropped first).
    cache_max_entries: int = 200_000
    #: Local servers a run starts (a pool, as with several ``url``): fewer when the
    #: machine's available memory cannot hold that many heaps (see ``local_servers``).
    servers: int = 1

    def urls(self) -> tuple[str, ...]:
        if not self.url:
            return ()
        return (self.url,) if isinstance(self.url, str) else tuple(self.url)

    def local_servers(self) -> int:
        """``servers``, capped by memory: each server needs its heap and about 400 MB more
        (measured RSS of a French server with a 1g heap after a 200-article run: 1.3 GB)."""
        wanted = max(1, self.servers)
        if wanted == 1:
            return 1
        available = _available_memory()
        if available is None:
            return wanted
        each = _heap_bytes(self.heap) + 400 * 2**20
        return max(1, min(wanted, available // each))

    def threads(self) -> int:
        return self.concurrency or max(2, 2 * (os.cpu_count() or 1))

    def server_threads(self) -> int:
        return self.check_threads or max(2, os.cpu_count() or 1)


def _heap_bytes(heap: str) -> int:
    return int(heap[:-1]) * {"k": 2**10, "m": 2**20, "g": 2**30}[heap[-1].lower()]


def _available_memory() -> int | None:
    """MemAvailable from /proc/meminfo (Linux), in bytes; None elsewhere."""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


_FIELDS = {f.name: f for f in dataclasses.fields(Settings)}
_TYPES: dict[str, type | tuple[type, ...]] = {
    "url": (str, list),
    "public_api": bool,
    "directory": str,
    "download": bool,
    "version": str,
    "java": str,
    "heap": str,
    "jvm_options": str,
    "server_cache_size": int,
    "pipeline_caching": bool,
    "check_threads": int,
    "concurrency": int,
    "start_timeout": (int, float),
    "request_timeout": (int, float),
    "reuse_server": bool,
    "cache": bool,
    "cache_max_entries": int,
    "servers": int,
}
_TYPE_NAMES = {str: "a string", bool: "true or false", int: "an integer"}

#: Settings that start a program or reach out of the machine, and what each does: honoured
#: only from the user's own configuration or a trusted one (issue 21, see newslint.trust).
#: The others only size or time what newslint itself runs; ``download: false`` and
#: ``public_api: false`` are allowed too.
PRIVILEGED = {
    "java": "names the program that is run",
    "jvm_options": "passes options to Java, which can load and run code",
    "directory": "names the LanguageTool installation that is run",
    "download": "downloads and runs LanguageTool",
    "url": "sends the drafts to a server",
    "public_api": "sends the drafts to languagetool.org",
}

#: A LanguageTool version as released (``6.8``, ``6.6-SNAPSHOT``): it names a folder of
#: newslint's install root, so it must not be a path.
_VERSION = re.compile(r"[0-9]+(?:\.[0-9]+)*(?:-[0-9A-Za-z]+)*")


def validate_section(raw: Any, path: str, line: Callable[..., int | None]) -> None:
    """Refuse unknown keys and wrong types in a ``languagetool:`` mapping.

    ``line(*keys)`` gives the line of a key in the file, for the error message.
    """
    if raw is None:
        return
    if not isinstance(raw, dict):
        raise ConfigError('"languagetool" should be a mapping', path, line("languagetool"))
    for key, value in raw.items():
        expected = _TYPES.get(key)
        where = line("languagetool", key)
        if expected is None:
            known = ", ".join(sorted(_TYPES))
            raise ConfigError(f'languagetool: unknown key "{key}" (known: {known})', path, where)
        ok = isinstance(value, expected) and not (isinstance(value, bool) and expected is not bool)
        if not ok:
            name = (
                _TYPE_NAMES.get(expected)
                if isinstance(expected, type)
                else "a URL or a list of URLs"
                if key == "url"
                else "a number"
            )
            raise ConfigError(f'languagetool: "{key}" should be {name}, not {value!r}', path, where)
        if expected in (int, (int, float)) and value < 0:
            raise ConfigError(f'languagetool: "{key}" should not be negative', path, where)
    url = raw.get("url")
    urls = url if isinstance(url, list) else [url] if url else []
    if isinstance(url, list) and not url:
        raise ConfigError(
            'languagetool: "url" should list at least one URL', path, line("languagetool", "url")
        )
    for item in urls:
        if not isinstance(item, str) or not item.startswith(("http://", "https://")):
            raise ConfigError(
                'languagetool: "url" should start with http:// or https://'
                + ("" if isinstance(url, str) else f" (each URL; not {item!r})"),
                path,
                line("languagetool", "url"),
            )
    if raw.get("servers") == 0:
        raise ConfigError(
            'languagetool: "servers" should be at least 1', path, line("languagetool", "servers")
        )
    if raw.get("url") and raw.get("public_api"):
        raise ConfigError(
            'languagetool: give either "url" or "public_api", not both',
            path,
            line("languagetool", "public_api"),
        )
    version = raw.get("version")
    if version is not None and not _VERSION.fullmatch(version):
        raise ConfigError(
            f'languagetool: "version" should be a LanguageTool version such as '
            f"{LT_VERSION}, not {version!r}",
            path,
            line("languagetool", "version"),
        )
    heap = raw.get("heap")
    if heap is not None and not _valid_heap(heap):
        raise ConfigError(
            f'languagetool: "heap" should look like 512m or 2g, not {heap!r}',
            path,
            line("languagetool", "heap"),
        )
    options = raw.get("jvm_options")
    if options is not None and not _valid_jvm_options(options):
        raise ConfigError(
            'languagetool: "jvm_options" should be JVM options such as '
            f"-XX:+UseParallelGC, not {options!r}",
            path,
            line("languagetool", "jvm_options"),
        )


def _valid_jvm_options(value: str) -> bool:
    """Options only (each starts with ``-``), quotes balanced: a class name or a stray word
    would make the JVM run something else than LanguageTool's server."""
    import shlex

    try:
        words = shlex.split(value)
    except ValueError:
        return False
    return all(word.startswith("-") for word in words)


def _valid_heap(value: str) -> bool:
    return len(value) >= 2 and value[:-1].isdigit() and value[-1].lower() in "kmg"


def from_mapping(raw: dict[str, Any] | None) -> Settings:
    """Settings from an already validated mapping (unknown keys were refused at load time)."""
    values = {k: v for k, v in (raw or {}).items() if k in _FIELDS}
    if isinstance(values.get("url"), list):
        values["url"] = tuple(values["url"]) if len(values["url"]) > 1 else values["url"][0]
    for key in ("start_timeout", "request_timeout"):
        if key in values:
            values[key] = float(values[key])
    return Settings(**values)


# -- where things live ------------------------------------------------------------------


def cache_root() -> Path:
    """newslint's per-user cache (``NEWSLINT_CACHE_DIR`` overrides it): results, server state."""
    from newslint.cachedir import cache_root as root

    return root()


def install_root() -> Path:
    """Where ``newslint languagetool install`` puts LanguageTool (``NEWSLINT_LANGUAGETOOL_HOME``
    overrides it; by default the per-user cache, so tests may move the result cache alone)."""
    configured = os.environ.get("NEWSLINT_LANGUAGETOOL_HOME")
    if configured:
        return Path(configured)
    from newslint.cachedir import user_cache_dir

    # Not cache_root(): tests and users may move the result cache alone.
    return Path(user_cache_dir()) / "languagetool"
