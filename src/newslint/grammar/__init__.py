"""LanguageTool for newslint: provisioning, server lifecycle, client, cache.

The ``grammar`` check kind asks a :class:`Backend` for LanguageTool's matches on each
paragraph. The backend answers from memory, then from the on-disk cache, and sends only what
is left to one LanguageTool server, concurrently. Which server:

1. ``languagetool: {url: ...}`` (or ``public_api: true``, with a warning);
2. a persistent server started by ``newslint languagetool serve``, when one is running;
3. otherwise one local server for this run, started on first need, stopped at exit.

A run whose paragraphs are all cached neither starts nor contacts LanguageTool: the version
in the cache keys comes from the installation (``install.json``, the jars' names) or from the
persistent server's state file, and a server is contacted (or started) on the first cache miss
only. A configured ``url`` is the exception: only that server can say which LanguageTool it
runs, so it is asked once per run.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from newslint.errors import BackendError
from newslint.grammar.settings import PUBLIC_API_URL, Settings, cache_root, from_mapping

if TYPE_CHECKING:
    from newslint.grammar.cache import ResultCache
    from newslint.grammar.client import Client
    from newslint.grammar.provision import Installation
    from newslint.grammar.server import LocalServer, ServerState

LOG = logging.getLogger(__name__)

#: Fields of a LanguageTool match newslint keeps (in memory and in the cache).
_RULE_KEYS = ("id", "subId", "description", "issueType")


def slim(match: dict[str, Any]) -> dict[str, Any]:
    rule = match.get("rule") or {}
    category = rule.get("category") or {}
    return {
        "offset": match["offset"],
        "length": match["length"],
        "message": match.get("message", ""),
        "shortMessage": match.get("shortMessage", ""),
        "replacements": [r.get("value", "") for r in (match.get("replacements") or [])[:8]],
        "rule": {**{k: rule.get(k, "") for k in _RULE_KEYS},
                 "category": {"id": category.get("id", ""), "name": category.get("name", "")}},
    }


Request = tuple[str, dict[str, str]]


class Backend:
    """One LanguageTool for the whole run, shared by every file and thread."""

    def __init__(self, settings: Settings, *, use_cache: bool = True) -> None:
        self.settings = settings
        self.use_cache = use_cache and settings.cache
        self._memory: dict[str, list[dict[str, Any]]] = {}
        self._lock = threading.RLock()
        self._client: Client | None = None
        self._server: LocalServer | None = None
        #: A persistent server's state (``newslint languagetool serve``), not yet contacted.
        self._persistent: ServerState | None = None
        self._installation: Installation | None = None
        self._version: str | None = None
        self._cache: ResultCache | None = None
        self._failed: BackendError | None = None
        self._restarted = False
        #: Counters for tests and benchmarks: paragraphs answered by each layer.
        self.stats = {"memory": 0, "disk": 0, "server": 0}

    # -- which LanguageTool ------------------------------------------------------------
    def version(self) -> str:
        """LanguageTool's version (part of every cache key), found without starting a JVM
        when the installation or a persistent server can tell."""
        with self._lock:
            if self._version is None:
                self._version = self._find_version()
            return self._version

    def _find_version(self) -> str:
        from newslint.grammar import provision, server

        settings = self.settings
        if settings.url or settings.public_api:
            self._connect()
            return self._probe()
        if settings.reuse_server:
            # The state file says which version the persistent server runs: no request now,
            # the server is asked only when a paragraph is not cached (``_connect``).
            state = server.discover(settings.version if not settings.directory else "",
                                    probe=False)
            if state is not None and state.version:
                self._persistent = state
                return state.version
        installation = provision.find(settings)
        if installation.version:
            self._installation = installation
            return installation.version
        self._connect()
        return self._probe()

    def _probe(self) -> str:
        answer = self._check("Il a manger une pomme.", {"language": "fr"})
        return str((answer.get("software") or {}).get("version", ""))

    def _connect(self) -> None:
        """Make sure a client talks to a live server (starting the per-run server if needed).

        The persistent server found by ``version()`` is asked here, at the first cache miss;
        if it does not answer, this run starts its own server (and, should that be another
        LanguageTool version, ``version()`` changes so the cache keys follow).
        """
        from newslint.grammar.client import Client

        with self._lock:
            if self._client is not None and (self._server is None or self._server.alive()):
                return
            settings = self.settings
            if settings.public_api:
                print("newslint: warning: drafts are sent to the public LanguageTool API "
                      "(languagetool.org), as the configuration asks (languagetool: public_api)",
                      file=sys.stderr)
                self._client = Client(PUBLIC_API_URL, settings.request_timeout)
                return
            if settings.url:
                self._client = Client(settings.url, settings.request_timeout)
                return
            from newslint.grammar import provision, server
            from newslint.grammar.provision import ProvisionError
            from newslint.grammar.server import LocalServer

            state = self._persistent
            if state is not None:
                if server.answers(state.url):
                    self._client = Client(state.url, settings.request_timeout)
                    return
                LOG.info("persistent LanguageTool at %s does not answer; starting one for this run",
                         state.url)
                self._persistent = None
            if self._server is None:
                from newslint.progress import note

                note("starting LanguageTool for this run (Java, 10 to 60 s; "
                     "`newslint languagetool serve --detach` keeps one running)")
                if self._installation is None:
                    self._installation = provision.find(settings)
                if self._installation.version and self._version is not None:
                    self._version = self._installation.version
                self._server = LocalServer(settings)
                self._server.installation = self._installation
            try:
                self._server.start()
            except ProvisionError:
                raise  # no Java, nothing installed: trying again cannot help
            except BackendError as error:
                if self._restarted:
                    raise
                self._restarted = True  # the run's one retry
                LOG.info("LanguageTool did not start (%s); trying once more", error)
                self._server.start()
            self._client = Client(self._server.url, settings.request_timeout)

    def close(self) -> None:
        if self._server is not None:
            self._server.stop()
        if self._cache is not None:
            self._cache.close()

    # -- results ---------------------------------------------------------------------
    def _disk(self):
        if self._cache is None and self.use_cache:
            from newslint.grammar.cache import FILE_NAME, ResultCache

            try:
                self._cache = ResultCache(cache_root() / FILE_NAME, self.settings.cache_max_entries)
            except Exception as error:  # a read-only home must not stop a check
                LOG.warning("grammar cache unavailable (%s)", error)
                self.use_cache = False
        return self._cache

    def results(self, requests: Iterable[Request]) -> list[list[dict[str, Any]]]:
        """LanguageTool's matches for each ``(text, params)``, in order (offsets in UTF-16)."""
        from newslint.grammar.cache import cache_key

        requests = list(requests)
        if self._failed is not None:
            raise self._failed
        try:
            version = self.version()
        except BackendError as error:
            self._failed = error
            raise
        keys = [cache_key(text, version, params) for text, params in requests]
        missing: dict[str, Request] = {}
        with self._lock:
            for key, request in zip(keys, requests):
                if key in self._memory:
                    self.stats["memory"] += 1
                elif request[0].strip():
                    missing[key] = request
                else:
                    self._memory[key] = []
        if missing and self._disk() is not None:
            found = self._valid(self._cache.get_many(missing), missing)  # type: ignore[union-attr]
            with self._lock:
                self._memory.update(found)
                self.stats["disk"] += len(found)
            for key in found:
                missing.pop(key, None)
        if missing:
            # The first miss: only now is LanguageTool contacted (or started).
            try:
                self._connect()
            except BackendError as error:
                self._failed = error
                raise
            if self._version != version:
                return self.results(requests)  # another LanguageTool answers: other keys
            fetched = self._fetch(missing)
            if self._cache is not None:
                self._cache.put_many(fetched)
        return [self._memory[key] for key in keys]

    @staticmethod
    def _valid(found: dict[str, list[dict[str, Any]]],
               requests: dict[str, Request]) -> dict[str, list[dict[str, Any]]]:
        """The cached answers that still fit their paragraph. Answers are validated before
        they are cached, but a cache written by an older newslint may hold an invalid one
        (issue 21): that paragraph is asked again, and its entry replaced."""
        from newslint.grammar.client import validate_matches

        valid = {}
        for key, matches in found.items():
            problem = validate_matches(matches, requests[key][0], cached=True)
            if problem:
                LOG.info("ignoring an invalid cached LanguageTool answer (%s)", problem)
            else:
                valid[key] = matches
        return valid

    def _fetch(self, missing: dict[str, Request]) -> dict[str, list[dict[str, Any]]]:
        fetched: dict[str, list[dict[str, Any]]] = {}
        items = list(missing.items())

        def one(item):
            key, (text, params) = item
            matches = [slim(m) for m in self._check(text, params).get("matches", [])]
            with self._lock:
                self._memory[key] = matches
                fetched[key] = matches
                self.stats["server"] += 1

        workers = min(self.settings.threads(), len(items))
        try:
            if workers <= 1:
                for item in items:
                    one(item)
            else:
                pool = ThreadPoolExecutor(workers, thread_name_prefix="newslint-lt")
                futures = [pool.submit(one, item) for item in items]
                try:
                    for future in futures:
                        future.result()
                finally:
                    pool.shutdown(wait=False, cancel_futures=True)
        except KeyboardInterrupt:
            # Ctrl-C: stop our JVM now, so requests in flight fail at once instead of
            # keeping the worker threads (and the exit) waiting for their answers.
            if self._server is not None:
                self._server.stop()
            raise
        except BackendError as error:
            self._failed = error
            if fetched and self._cache is not None:
                self._cache.put_many(fetched)  # what did arrive is still right
            raise
        return fetched

    def _check(self, text: str, params: dict[str, str]) -> dict[str, Any]:
        """One request, with one retry (after restarting a per-run server that died)."""
        from newslint.grammar.client import RequestError

        if self._failed is not None:
            raise self._failed
        client = self._client
        try:
            return client.check(text, params)  # type: ignore[union-attr]
        except RequestError as first:
            LOG.info("LanguageTool request failed (%s); retrying once", first)
            server = self._server
            with self._lock:
                # A client made after a restart by another thread: just retry with it.
                if server is not None and self._client is client and not server.healthy():
                    if self._restarted:
                        raise BackendError(f"LanguageTool died during the run: {server.log_tail()}") from None
                    self._restarted = True
                    try:
                        server.stop()  # dead or not answering: make sure it is gone
                        server.start()
                    except BackendError as error:
                        raise BackendError(f"LanguageTool died and could not restart: {error}") from None
                    from newslint.grammar.client import Client

                    self._client = Client(server.url, self.settings.request_timeout)
                client = self._client
            try:
                return client.check(text, params)  # type: ignore[union-attr]
            except RequestError as second:
                raise BackendError(f"{second} (after one retry)") from None


_BACKENDS: dict[tuple, Backend] = {}
_BACKENDS_LOCK = threading.Lock()


def backend_for(raw: dict[str, Any] | None, *, use_cache: bool = True) -> Backend:
    """The run's backend for a ``languagetool:`` section (one per distinct section)."""
    settings = from_mapping(raw)
    key = (settings, use_cache)
    with _BACKENDS_LOCK:
        if key not in _BACKENDS:
            _BACKENDS[key] = Backend(settings, use_cache=use_cache)
        return _BACKENDS[key]


def attach(context) -> Backend:
    """The backend a context's grammar rules use (set on ``context.grammar``)."""
    if context.grammar is None:
        settings = context.settings or {}
        context.grammar = backend_for(settings.get("languagetool"),
                                      use_cache=not settings.get("no_cache"))
    return context.grammar


#: Loaded drafts :func:`prefetch` hands back for checking, up to this much source text (a
#: warm run then reads each file once; a huge run reads them again rather than hold them).
PREFETCH_KEEP_CHARS = 16_000_000


def prefetch(targets: list[tuple[str, list, Any]],
             requests_for: Callable[[Any, Any, Any], Iterable[Request]],
             documents: dict | None = None) -> dict:
    """Check every paragraph of every file the run's grammar rules will ask about, at once.

    ``targets``: ``(path, enabled grammar rules for it, its context)`` in run order (the
    kind's ``prepare`` hook, :class:`newslint.checks.Kind`); ``requests_for(document,
    options, context)``: the kind's requests for one document. Failures are kept by the
    backend: each file's check then reports them (exit code 3). ``documents``: those already
    loaded, by path (not read again). Returns the documents it loaded, by path (see
    :data:`PREFETCH_KEEP_CHARS`).
    """
    from newslint.documents import load_path
    from newslint.errors import InputError

    batches: dict[int, tuple[Backend, list[Request]]] = {}
    loaded: dict = {}
    kept = 0
    for path, rules, context in targets:
        if not rules:
            continue
        document = (documents or {}).get(path)
        if document is None:
            try:
                document = load_path(path)
            except InputError:
                continue  # the check reports it
        kept += len(document.source)
        if kept <= PREFETCH_KEEP_CHARS:
            loaded[path] = document
        backend = attach(context)
        batch = batches.setdefault(id(backend), (backend, []))[1]
        for rule in rules:
            batch.extend(requests_for(document, rule.options, context))
    for backend, requests in batches.values():
        try:
            backend.results(requests)
        except BackendError:
            pass
    return loaded
