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

import sys
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from newslint.errors import BackendError
from newslint.grammar.settings import PUBLIC_API_URL, Settings, cache_root, from_mapping

if TYPE_CHECKING:
    import logging

    from newslint.grammar.cache import ResultCache
    from newslint.grammar.client import Client
    from newslint.grammar.provision import Installation
    from newslint.grammar.server import LocalServer, ServerState


def _log() -> logging.Logger:
    """This package's logger; ``logging`` is imported where something is said, and
    ``concurrent.futures`` where requests go out: a run whose paragraphs are all cached
    imports neither (issue 14)."""
    import logging

    return logging.getLogger(__name__)


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
        "rule": {
            **{k: rule.get(k, "") for k in _RULE_KEYS},
            "category": {"id": category.get("id", ""), "name": category.get("name", "")},
        },
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
        #: Two servers or more (several ``url``, or ``servers`` > 1): see ``_pool_check``.
        self._pool: list[_Member] = []
        self._rule_info_kept = False
        self._turn = 0
        #: Counters for tests and benchmarks: paragraphs answered by each layer.
        self.stats: dict[str, float] = {"memory": 0, "disk": 0, "server": 0}

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
            state = server.discover(settings.version if not settings.directory else "", probe=False)
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
            if self._pool:
                return
            if self._client is not None and (self._server is None or self._server.alive()):
                return
            settings = self.settings
            if len(settings.urls()) > 1:
                self._pool = [
                    _Member(Client(url, settings.request_timeout)) for url in settings.urls()
                ]
                self._client = self._pool[0].client
                return
            if settings.public_api:
                print(
                    "newslint: warning: drafts are sent to the public LanguageTool API "
                    "(languagetool.org), as the configuration asks (languagetool: public_api)",
                    file=sys.stderr,
                )
                self._client = Client(PUBLIC_API_URL, settings.request_timeout)
                return
            if settings.url:
                self._client = Client(settings.urls()[0], settings.request_timeout)
                return
            from newslint.grammar import provision, server
            from newslint.grammar.provision import ProvisionError
            from newslint.grammar.server import LocalServer

            state = self._persistent
            if state is not None:
                if server.answers(state.url):
                    self._client = Client(state.url, settings.request_timeout)
                    return
                _log().info(
                    "persistent LanguageTool at %s does not answer; starting one for this run",
                    state.url,
                )
                self._persistent = None
            if self._server is None:
                from newslint.progress import note

                note(
                    "starting LanguageTool for this run (Java, 10 to 60 s; "
                    "`newslint languagetool serve --detach` keeps one running)"
                )
                if self._installation is None:
                    self._installation = provision.find(settings)
                if self._installation.version and self._version is not None:
                    self._version = self._installation.version
                count = settings.local_servers()
                if count > 1 and not self._restarted:
                    self._start_pool(count)
                    return
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
                _log().info("LanguageTool did not start (%s); trying once more", error)
                self._server.start()
            self._client = Client(self._server.url, settings.request_timeout)

    def _start_pool(self, count: int) -> None:
        """Start ``count`` per-run servers at once (``languagetool: servers``); those that
        start make the pool (none: the error of the first)."""
        from newslint.grammar.client import Client
        from newslint.grammar.server import LocalServer

        servers = [LocalServer(self.settings) for _ in range(count)]
        errors: list[BackendError] = []

        def start(server: LocalServer) -> None:
            server.installation = self._installation
            try:
                server.start()
            except BackendError as error:
                errors.append(error)

        threads = [threading.Thread(target=start, args=(server,)) for server in servers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        started = [server for server in servers if server.alive()]
        if not started:
            raise errors[0]
        for error in errors:
            _log().warning("one LanguageTool server of the pool did not start (%s)", error)
        self._pool = [
            _Member(Client(server.url, self.settings.request_timeout), server) for server in started
        ]
        self._client = self._pool[0].client

    def rule_info(self, language: str = "fr", *, examples: bool = False) -> dict[str, Any]:
        """The server's rule metadata for ``language`` (``newslint.grammar.rulemeta``), from
        the disk when this LanguageTool version's is there, else asked once and kept.
        ``examples``: with each rule's examples from the local installation's jars."""
        from newslint.grammar import rulemeta

        version = self.version()
        info = rulemeta.load(version, language) if self.use_cache else None
        changed = False
        if info is None:
            self._connect()
            client = self._client
            assert client is not None  # _connect() sets it or raises
            info = rulemeta.fetch(client.url, language, self.settings.request_timeout)
            changed = True
        if examples and not info.get("newslintExamples") and not self.settings.url:
            changed = rulemeta.add_examples(info, self.settings, language) or changed
        if changed and self.use_cache:
            rulemeta.store(info, self._version or version, language)
        return info

    def _keep_rule_info(self, languages: set[str]) -> None:
        """Once per LanguageTool version: its rule metadata on disk, for the help SARIF and
        ``rules explain`` give (best effort: a server without ``/v2/configinfo`` is fine)."""
        from newslint.grammar import rulemeta

        if self._rule_info_kept:
            return
        self._rule_info_kept = True
        for language in languages:
            if rulemeta.load(self.version(), language) is None:
                try:
                    self.rule_info(language)
                except BackendError as error:
                    _log().info("no LanguageTool rule metadata (%s)", error)

    def _keep_rule_info_quietly(self, languages: set[str]) -> None:
        """:meth:`_keep_rule_info` in its own thread: best effort, never a traceback."""
        try:
            self._keep_rule_info(languages)
        except Exception:
            _log().debug("keeping LanguageTool's rule metadata failed", exc_info=True)

    def close(self) -> None:
        if self._server is not None:
            self._server.stop()
        for member in self._pool:
            if member.server is not None:
                member.server.stop()
        if self._cache is not None:
            self._cache.close()

    # -- results ---------------------------------------------------------------------
    def _disk(self):
        if self._cache is None and self.use_cache:
            from newslint.grammar.cache import FILE_NAME, ResultCache

            try:
                self._cache = ResultCache(cache_root() / FILE_NAME, self.settings.cache_max_entries)
            except Exception as error:  # a read-only home must not stop a check
                _log().warning("grammar cache unavailable (%s)", error)
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
            # The rule metadata (once per LanguageTool version, for SARIF's help) is asked
            # for beside the checks, not after them: about 0.4 s of the server's time that
            # would otherwise wait for the last answer.
            keeper = None
            if self._cache is not None and not self._rule_info_kept:
                languages = {params.get("language", "fr") for _, params in requests}
                keeper = threading.Thread(
                    target=self._keep_rule_info_quietly, args=(languages,), name="newslint-lt-rules"
                )
                keeper.start()
            try:
                fetched = self._fetch(missing)
            finally:
                if keeper is not None:
                    keeper.join()
            if self._cache is not None:
                self._cache.put_many(fetched)
        return [self._memory[key] for key in keys]

    @staticmethod
    def _valid(
        found: dict[str, list[dict[str, Any]]], requests: dict[str, Request]
    ) -> dict[str, list[dict[str, Any]]]:
        """The cached answers that still fit their paragraph. Answers are validated before
        they are cached, but a cache written by an older newslint may hold an invalid one
        (issue 21): that paragraph is asked again, and its entry replaced."""
        from newslint.grammar.client import validate_matches

        valid = {}
        for key, matches in found.items():
            problem = validate_matches(matches, requests[key][0], cached=True)
            if problem:
                _log().info("ignoring an invalid cached LanguageTool answer (%s)", problem)
            else:
                valid[key] = matches
        return valid

    def _fetch(self, missing: dict[str, Request]) -> dict[str, list[dict[str, Any]]]:
        fetched: dict[str, list[dict[str, Any]]] = {}
        # Each server of a pool gets as many requests in flight as a lone server would.
        workers = max(1, self.settings.threads()) * max(1, len(self._pool))
        batches = group(list(missing.items()), workers)

        def one(batch: list[tuple[str, Request]]) -> None:
            answers = self._ask(batch)
            with self._lock:
                for (key, _), matches in zip(batch, answers):
                    self._memory[key] = matches
                    fetched[key] = matches
                self.stats["server"] += len(batch)
                self.stats["requests"] = self.stats.get("requests", 0) + 1

        workers = min(workers, len(batches))
        try:
            if workers <= 1:
                for batch in batches:
                    one(batch)
            else:
                from concurrent.futures import ThreadPoolExecutor

                pool = ThreadPoolExecutor(workers, thread_name_prefix="newslint-lt")
                futures = [pool.submit(one, batch) for batch in batches]
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
            for member in self._pool:
                if member.server is not None:
                    member.server.stop()
            raise
        except BackendError as error:
            self._failed = error
            if fetched and self._cache is not None:
                self._cache.put_many(fetched)  # what did arrive is still right
            raise
        return fetched

    def _ask(self, batch: list[tuple[str, Request]]) -> list[list[dict[str, Any]]]:
        """The matches of each paragraph of ``batch`` (one request; see :func:`group`)."""
        if len(batch) == 1:
            text, params = batch[0][1]
            return [[slim(m) for m in self._check(text, params).get("matches", [])]]
        texts = [text for _, (text, _) in batch]
        params = batch[0][1][1]
        answer = self._check(SEPARATOR.join(texts), params)
        split = split_matches(answer.get("matches", []), texts)
        if split is None:
            # A match across a paragraph break (not seen on the corpus): the paragraphs are
            # asked one by one, so that each keeps its own answer.
            _log().info("LanguageTool matched across paragraphs; asking them one by one")
            return [answer for item in batch for answer in self._ask([item])]
        return split

    def _check(self, text: str, params: dict[str, str]) -> dict[str, Any]:
        """One request, with one retry (after restarting a per-run server that died)."""
        from newslint.grammar.client import RequestError

        if self._failed is not None:
            raise self._failed
        if self._pool:
            return self._pool_check(text, params)
        client = self._client
        try:
            return client.check(text, params)  # type: ignore[union-attr]
        except RequestError as first:
            _log().info("LanguageTool request failed (%s); retrying once", first)
            server = self._server
            with self._lock:
                # A client made after a restart by another thread: just retry with it.
                if server is not None and self._client is client and not server.healthy():
                    if self._restarted:
                        raise BackendError(
                            f"LanguageTool died during the run: {server.log_tail()}"
                        ) from None
                    self._restarted = True
                    try:
                        server.stop()  # dead or not answering: make sure it is gone
                        server.start()
                    except BackendError as error:
                        raise BackendError(
                            f"LanguageTool died and could not restart: {error}"
                        ) from None
                    from newslint.grammar.client import Client

                    self._client = Client(server.url, self.settings.request_timeout)
                client = self._client
            try:
                return client.check(text, params)  # type: ignore[union-attr]
            except RequestError as second:
                raise BackendError(f"{second} (after one retry)") from None

    def _pool_check(self, text: str, params: dict[str, str]) -> dict[str, Any]:
        """One request to a pool: sent to the servers in turn; a server whose request fails
        (refused, reset, timed out, 5xx) is taken out for the rest of the run and the request
        goes to another. When every server is out, the check fails (exit 3)."""
        import time

        from newslint.grammar.client import RequestError

        tried: set[int] = set()
        while True:
            with self._lock:
                live = [m for m in self._pool if not m.out and id(m) not in tried]
                if not live:
                    reasons = "; ".join(f"{m.client.url}: {m.out}" for m in self._pool if m.out)
                    raise BackendError(f"every LanguageTool server of the pool failed ({reasons})")
                self._turn += 1
                member = live[self._turn % len(live)]
            started = time.monotonic()
            try:
                return member.client.check(text, params)
            except RequestError as error:
                tried.add(id(member))
                with self._lock:
                    self.stats["lost_seconds"] = (
                        self.stats.get("lost_seconds", 0.0) + time.monotonic() - started
                    )
                    self.stats["retried"] = self.stats.get("retried", 0) + 1
                    if member.out:
                        continue  # another thread has taken it out already
                    member.out = str(error)
                    left = sum(1 for m in self._pool if not m.out)
                if left:
                    print(
                        f"newslint: warning: LanguageTool at {member.client.url} taken out of "
                        f"the pool ({error}); {left} server(s) left",
                        file=sys.stderr,
                    )
                if member.server is not None:
                    member.server.stop()


class _Member:
    """One server of a pool: its client, the per-run server behind it (if newslint started
    it), and why it was taken out ("" while it serves)."""

    def __init__(self, client, server=None) -> None:
        self.client = client
        self.server = server
        self.out = ""


#: Between grouped paragraphs: a paragraph break for LanguageTool.
SEPARATOR = "\n\n"
#: Bounds of one grouped request: characters (UTF-16 units of the joined text) and paragraphs.
GROUP_CHARS = 6000
GROUP_PARAGRAPHS = 50


#: LanguageTool's ``mode`` without its text-level rules: each paragraph's matches are its own,
#: so paragraphs may share a request.
GROUPED_MODE = "allButTextLevelOnly"


def _groupable(params: dict[str, str]) -> bool:
    return params.get("mode") == GROUPED_MODE


def group(items: list[tuple[str, Request]], workers: int = 1) -> list[list[tuple[str, Request]]]:
    """``(key, (text, params))`` items in requests: paragraphs sent with
    ``mode=allButTextLevelOnly`` (no text-level rule, so no match depends on a neighbour)
    share a request with others of the same parameters, up to :data:`GROUP_CHARS` characters
    and :data:`GROUP_PARAGRAPHS` paragraphs, and fewer when that keeps ``workers`` requests in
    flight; others go one by one. Which paragraphs share a request never changes a result."""
    batches: list[list[tuple[str, Request]]] = []
    by_params: dict[tuple, list[tuple[str, Request]]] = {}
    for item in items:
        params = item[1][1]
        if _groupable(params) and len(item[1][0]) < GROUP_CHARS:
            by_params.setdefault(tuple(sorted(params.items())), []).append(item)
        else:
            batches.append([item])
    for grouped in by_params.values():
        total = sum(len(text) + len(SEPARATOR) for _, (text, _) in grouped)
        limit = max(500, min(GROUP_CHARS, -(-total // max(1, workers))))
        batch: list[tuple[str, Request]] = []
        size = 0
        for item in grouped:
            length = len(item[1][0]) + len(SEPARATOR)
            if batch and (size + length > limit or len(batch) >= GROUP_PARAGRAPHS):
                batches.append(batch)
                batch, size = [], 0
            batch.append(item)
            size += length
        if batch:
            batches.append(batch)
    return batches


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def split_matches(
    matches: list[dict[str, Any]], texts: list[str]
) -> list[list[dict[str, Any]]] | None:
    """The matches of ``SEPARATOR.join(texts)`` given back to each text, offsets made relative
    to it (UTF-16, as LanguageTool counts); None if a match crosses a paragraph's end."""
    import bisect

    starts = []
    position = 0
    for text in texts:
        starts.append(position)
        position += _utf16_length(text) + len(SEPARATOR)
    ends = [start + _utf16_length(text) for start, text in zip(starts, texts)]
    out: list[list[dict[str, Any]]] = [[] for _ in texts]
    for match in matches:
        index = bisect.bisect_right(starts, match["offset"]) - 1
        if index < 0 or match["offset"] + match["length"] > ends[index]:
            return None
        match = slim(match)
        match["offset"] -= starts[index]
        out[index].append(match)
    return out


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


def forget(backend: Backend) -> None:
    """``backend`` is not handed out again: the next :func:`backend_for` of its section builds
    a new one (which finds LanguageTool again; the language server after a failure)."""
    with _BACKENDS_LOCK:
        for key in [k for k, v in _BACKENDS.items() if v is backend]:
            del _BACKENDS[key]


def attach(context) -> Backend:
    """The backend a context's grammar rules use (set on ``context.grammar``)."""
    if context.grammar is None:
        settings = context.settings or {}
        context.grammar = backend_for(
            settings.get("languagetool"), use_cache=not settings.get("no_cache")
        )
    return context.grammar


#: Loaded drafts :func:`prefetch` hands back for checking, up to this much source text (a
#: warm run then reads each file once; a huge run reads them again rather than hold them).
PREFETCH_KEEP_CHARS = 16_000_000


def prefetch(
    targets: list[tuple[str, list, Any]],
    requests_for: Callable[[Any, Any, Any], Iterable[Request]],
    documents: dict | None = None,
) -> dict:
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
