"""Per-file result cache: a file checked before, unchanged, under the same settings, is not
checked again (issue 14; the design is Ruff's, ``crates/ruff/src/cache.rs``).

A run's files are grouped by *fingerprint*: everything besides a file's bytes that decides its
findings. The fingerprint hashes newslint's version and a stamp of its installed code and data
(each file's name, size and modification time: the shipped rule sets, word tables, lexicon),
the interpreter, the resolved configuration (its rules and overrides as merged from every file
it extends, names registry, vocabulary, ``languagetool:`` settings, formats, include/exclude,
root) with the name, size and modification time of each configuration file read, the run's
options that change findings (``--select``, ``--ignore``, ``--no-grammar``), and, when a
grammar rule is in force, the LanguageTool version the paragraph cache keys use (the same
:meth:`newslint.grammar.Backend.version`: the two caches agree on which LanguageTool answered).

Each fingerprint has one cache file, ``<cache dir>/results/<fingerprint>.pickle``, mapping a
file's absolute path to the hash of its bytes, its findings and what reporters need of its
document (format, encoding, byte-order mark). A file whose bytes hash the same is a hit: it is
neither segmented nor checked; its findings come from the cache and its source, when a report
shows excerpts, is decoded from the bytes just read.

What is never cached: a file whose check failed or was incomplete (any check that could not
run: LanguageTool unavailable gives exit 3 again next run), files whose grammar rules run
with ``languagetool: {cache: false}``, standard input, runs with
cross-file checks (``--across-files`` or a rule's ``across_files``: a file's findings depend on
the other files), and every run with ``--no-cache`` (or ``NEWSLINT_NO_RESULT_CACHE=1``: the
paragraph cache alone, for benchmarks). A configuration that does not load is
reported before the cache is looked at.

Files are private (0700 folder, 0600 files), written atomically (a temporary file renamed
over), and only when something changed (a warm run writes nothing). Two runs at once each
merge what is on disk before writing; the loser of a race only loses entries (later misses),
never correctness, since every entry is checked against the file's bytes. A cache file that
is truncated or corrupt (its checksum does not match) is ignored. Bounded: at most
:data:`MAX_ENTRIES` files per fingerprint (least recently seen go first, entries unseen for
:data:`MAX_AGE_DAYS` go) and :data:`MAX_BUCKETS` fingerprints (least recently written go).
"""

from __future__ import annotations

import os
import pickle
import sys
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

try:  # BLAKE2 without hashlib, whose OpenSSL costs every run's start (tests/test_startup.py)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter built without it
    from hashlib import blake2b

if TYPE_CHECKING:
    from newslint.config import Config, Rule
    from newslint.documents.model import Document
    from newslint.runner import FileResult, Outcome, Runner

SCHEMA = 1
FOLDER = "results"
MAGIC = b"newslint-results\n"
MAX_ENTRIES = 50_000
MAX_BUCKETS = 16
MAX_AGE_DAYS = 30
#: Recency is recorded by the day: a warm run the same day writes nothing.
DAY = 86400


def _today() -> int:
    return int(time.time() // DAY)


_STAMP: str | None = None


def package_stamp() -> str:
    """newslint's version and each file of its installed package: name, size, mtime."""
    global _STAMP
    if _STAMP is None:
        import newslint

        digest = blake2b(f"{SCHEMA}\n{newslint.__version__}\n{sys.version}\n".encode())
        top = os.path.dirname(os.path.abspath(newslint.__file__))
        folders = [top]
        while folders:
            folder = folders.pop()
            try:
                with os.scandir(folder) as scan:
                    entries = sorted(scan, key=lambda entry: entry.name)
            except OSError:
                continue
            for entry in entries:
                if entry.name == "__pycache__":
                    continue
                try:
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(entry.path)
                        continue
                    info = entry.stat()
                except OSError:
                    continue
                digest.update(f"{entry.path}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
        _STAMP = digest.hexdigest()
    return _STAMP


def _stat(path: str) -> str:
    try:
        info = os.stat(path)
    except OSError:
        return f"{path}\0-"
    return f"{path}\0{info.st_size}\0{info.st_mtime_ns}"


def config_state(config: Config) -> str:
    """The resolved configuration as text (everything of it that decides findings)."""
    import json

    state = {
        "rules": config.rules,
        "overrides": [(globs, rules, folder) for globs, rules, folder, _origin in config.overrides],
        "include": config.include,
        "exclude": config.exclude,
        "language": config.language,
        "names": [repr(name) for name in config.names],
        "vocabulary": config.vocabulary,
        "languagetool": config.languagetool,
        "root": os.path.abspath(config.root),
        "formats": config.formats,
        "files": [_stat(path) for path in config.files],
    }
    return json.dumps(state, sort_keys=True, default=repr, ensure_ascii=False)


class Bucket:
    """One fingerprint's cache file: path -> (bytes hash, day last seen, findings, document
    format, encoding, bom)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.entries: dict[str, tuple] = _read(path)
        self.changed = False

    def save(self) -> None:
        if not self.changed:
            return
        from newslint.cachedir import write_private

        merged = _read(self.path)  # what another run wrote meanwhile
        merged.update(self.entries)
        today = _today()
        fresh = [(k, v) for k, v in merged.items() if v[1] >= today - MAX_AGE_DAYS]
        if len(fresh) > MAX_ENTRIES:
            fresh.sort(key=lambda item: item[1][1], reverse=True)
            fresh = fresh[:MAX_ENTRIES]
        payload = pickle.dumps((SCHEMA, dict(fresh)), protocol=pickle.HIGHEST_PROTOCOL)
        data = MAGIC + blake2b(payload).digest() + payload
        try:
            write_private(self.path, data)
        except OSError:
            return  # a read-only cache folder must not stop a check
        self.changed = False


def _read(path: str) -> dict[str, tuple]:
    """The entries of a cache file; empty if it is missing, truncated or corrupt."""
    from newslint.cachedir import owned_privately

    try:
        with open(path, "rb") as stream:
            if not owned_privately(os.fstat(stream.fileno())):
                return {}  # unpickled only if the user's own and writable by nobody else
            data = stream.read()
    except OSError:
        return {}
    head = len(MAGIC) + 64
    if not data.startswith(MAGIC) or len(data) < head:
        return {}
    payload = data[head:]
    if blake2b(payload).digest() != data[len(MAGIC) : head]:
        return {}
    try:
        schema, entries = pickle.loads(payload)
    except Exception:
        return {}
    if schema != SCHEMA or not isinstance(entries, dict):
        return {}
    return entries


class RunCache:
    """The result cache as one run uses it (:meth:`outcomes` wraps the run's checking)."""

    def __init__(self, runner: Runner, result_type: type[FileResult]) -> None:
        from newslint.cachedir import cache_root

        self.runner = runner
        self.result_type = result_type
        self.folder = os.path.join(str(cache_root()), FOLDER)
        self._fingerprints: dict[tuple[int, int], str | None] = {}
        #: The LanguageTool version each fingerprint with grammar was made with.
        self._versions: dict[tuple[int, int], str] = {}
        self._buckets: dict[str, Bucket] = {}

    # -- keys --------------------------------------------------------------------------
    def fingerprint(self, path: str) -> str | None:
        """The fingerprint of the file at ``path`` (``None``: not cacheable)."""
        key = self._key(path)
        if key not in self._fingerprints:
            from newslint.selection import select_rules

            config = self.runner.finder.for_path(path)
            selected = select_rules(config.rules_for(path), self.runner.options)
            self._fingerprints[key] = self._fingerprint(key, config, selected)
        return self._fingerprints[key]

    def _key(self, path: str) -> tuple[int, int]:
        config = self.runner.finder.for_path(path)
        return id(config), id(config.rules_for(path))

    def _fingerprint(self, key: tuple[int, int], config: Config, rules: list[Rule]) -> str | None:
        options = self.runner.options
        digest = blake2b(package_stamp().encode())
        digest.update(config_state(config).encode("utf-8", "surrogatepass"))
        digest.update(repr((options.select, options.ignore, options.no_grammar)).encode())
        if any(rule.enabled and rule.kind.service for rule in rules):
            if config.languagetool.get("cache") is False:
                return None  # ``languagetool: {cache: false}``: LanguageTool is asked each run
            version = self._grammar_version(config)
            if version is None:
                return None
            self._versions[key] = version
            digest.update(f"\nlanguagetool {version}".encode())
        return digest.hexdigest()[:40]

    def _grammar_version(self, config: Config) -> str | None:
        """The LanguageTool version the paragraph cache keys use (``None``: unknown)."""
        from newslint.errors import BackendError
        from newslint.grammar import attach

        backend = attach(self.runner.context_for(config))
        try:
            return backend.version()
        except BackendError as error:
            backend._failed = error  # as its own first request would: the check reports it
            return None  # and it is never cached

    def _bucket(self, fingerprint: str) -> Bucket:
        bucket = self._buckets.get(fingerprint)
        if bucket is None:
            bucket = Bucket(os.path.join(self.folder, fingerprint + ".pickle"))
            self._buckets[fingerprint] = bucket
        return bucket

    # -- the run ------------------------------------------------------------------------
    def outcomes(
        self, paths: list[str], check: Callable[[list[str]], Iterator[Outcome]]
    ) -> Iterator[Outcome]:
        """Each path's outcome in order: from the cache when its bytes and fingerprint match,
        else from ``check(the paths not cached)`` (whose cacheable outcomes are stored)."""
        from newslint.bounded import read_regular
        from newslint.documents import MAX_BYTES, MAX_WORD_BYTES, is_word

        hits: dict[str, Outcome] = {}
        misses: dict[str, tuple[str, str, bytes]] = {}
        today = _today()
        for path in paths:
            fingerprint = self.fingerprint(path)
            if fingerprint is None:
                continue
            try:
                data = read_regular(path, MAX_WORD_BYTES if is_word(path) else MAX_BYTES)
            except Exception:
                continue  # the check reports it
            digest = blake2b(data, digest_size=20).digest()
            absolute = os.path.abspath(path)
            bucket = self._bucket(fingerprint)
            entry = bucket.entries.get(absolute)
            outcome = None
            if entry is not None and entry[0] == digest:
                outcome = self._hit(path, data, entry)
            if outcome is None:
                misses[path] = (fingerprint, absolute, digest)
                continue
            hits[path] = outcome
            assert entry is not None
            if entry[1] < today:
                bucket.entries[absolute] = (entry[0], today, *entry[2:])
                bucket.changed = True
        todo = [path for path in paths if path not in hits]
        checked = check(todo) if todo else iter(())
        for path in paths:
            if path in hits:
                yield hits.pop(path)
                continue
            before = self._failures()
            outcome = next(checked)
            if path in misses:
                self._store(outcome, misses[path], before)
            yield outcome
        self.save()

    def _failures(self) -> int:
        return sum(len(context.failures) for _config, context in self.runner._contexts.values())

    def _hit(self, path: str, data: bytes, entry: tuple) -> Outcome | None:
        _digest, _seen, findings, fmt, encoding, bom = entry
        options = self.runner.options
        document = None
        if options.keep_documents:
            document = self._document(path, data, fmt, encoding, bom, options.source_only)
            if document is None:
                return None
        try:
            findings = pickle.loads(findings)
        except Exception:
            return None
        return path, self.result_type(path, findings, document), None, {}, []

    def _document(
        self, path: str, data: bytes, fmt: str, encoding: str, bom: bool, source_only: bool
    ) -> Document | None:
        """The document a report needs, from the bytes just read: its source only (decoded,
        not segmented), or the whole document for fixes and reports that read it."""
        from newslint.documents import decode, load

        try:
            if source_only and fmt != "docx":
                from newslint.documents.model import Document
                from newslint.documents.offsets import OffsetMap

                source = decode(path, data)[0]
                return Document(path, source, "", OffsetMap(), [], fmt, encoding, bom)
            document = load(path, data, self.runner.finder.for_path(path).format_for(path))
        except Exception:
            return None  # checked again: the check says what is wrong
        return document.source_only() if source_only else document

    def _store(self, outcome: Outcome, key: tuple[str, str, bytes], before: int) -> None:
        path, file, error, state, failures = outcome
        if error is not None or file is None or failures or state:
            return
        if self._failures() != before:
            return  # a check could not run: never a cached clean result
        if not self._same_languagetool(path):
            return
        document = file.document
        if document is not None:
            meta = (document.format, document.encoding, document.bom)
        elif self.runner.options.keep_documents:
            return
        else:
            meta = ("text", "utf-8", False)
        try:
            findings = pickle.dumps(file.findings, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            return
        fingerprint, absolute, digest = key
        bucket = self._bucket(fingerprint)
        bucket.entries[absolute] = (digest, _today(), findings, *meta)
        bucket.changed = True

    def _same_languagetool(self, path: str) -> bool:
        """Whether LanguageTool is still the version the fingerprint names (it changes when
        the persistent server does not answer and this run starts its own)."""
        key = self._key(path)
        version = self._versions.get(key)
        if version is None:
            return True
        return self._grammar_version(self.runner.finder.for_path(path)) == version

    def save(self) -> None:
        """Write the cache files that changed; keep the cache folder bounded."""
        written = [bucket for bucket in self._buckets.values() if bucket.changed]
        for bucket in written:
            bucket.save()
        if written:
            _trim(self.folder)


def _trim(folder: str) -> None:
    """Keep the :data:`MAX_BUCKETS` most recently written cache files."""
    try:
        with os.scandir(folder) as scan:
            files = [
                (entry.stat().st_mtime, entry.path)
                for entry in scan
                if entry.name.endswith(".pickle")
            ]
    except OSError:
        return
    if len(files) <= MAX_BUCKETS:
        return
    files.sort(reverse=True)
    for _mtime, path in files[MAX_BUCKETS:]:
        try:
            os.unlink(path)
        except OSError:
            pass


def for_run(runner: Runner, enabled: list[Rule], result_type: type[FileResult]) -> RunCache | None:
    """The result cache for this run, or ``None`` when it is off (``--no-cache``, cross-file
    checks)."""
    options = runner.options
    if options.no_cache or os.environ.get("NEWSLINT_NO_RESULT_CACHE"):
        return None
    cross_file = any(
        rule.kind.finish is not None
        and (options.across_files or getattr(rule.options, "across_files", False))
        for rule in enabled
    )
    if cross_file:
        return None
    return RunCache(runner, result_type)


def clear() -> int:
    """Forget every cached file result (``newslint languagetool cache clear``); how many
    cache files were removed."""
    from newslint.cachedir import cache_root

    folder = os.path.join(str(cache_root()), FOLDER)
    removed = 0
    try:
        with os.scandir(folder) as scan:
            names = [entry.path for entry in scan if entry.name.endswith(".pickle")]
    except OSError:
        return 0
    for path in names:
        try:
            os.unlink(path)
            removed += 1
        except OSError:
            pass
    return removed
