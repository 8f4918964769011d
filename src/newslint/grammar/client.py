"""The client for LanguageTool's ``/v2/check``: language-tool-python.

Each worker thread gets its own ``language_tool_python.LanguageTool(language,
remote_server=URL)`` per rule configuration (thread-local, made on first use, so making a
:class:`Client` sends nothing). The rule options go through language-tool-python's own
properties (``disabled_rules``, ``enabled_categories``, ``picky``...) and request building
(``_create_params``), and the request through its ``_query_server``.

What newslint does not take from it is ``LanguageTool.check()``'s ``Match`` objects:
``Match`` converts LanguageTool's UTF-16 offsets through class-level state
(``Match.PREVIOUS_MATCHES_TEXT`` / ``FOUR_BYTES_POSITIONS``) that concurrent threads would race
on. newslint keeps the raw JSON matches (also what its cache stores) and converts offsets
itself, per paragraph (``newslint.checks.grammar.utf16_to_index``).
"""

from __future__ import annotations

import threading
import urllib.parse
from typing import Any

from newslint.errors import BackendError


class RequestError(BackendError):
    """One request failed (connection refused, timeout, 5xx): worth one retry."""


#: ``/v2/check`` parameters newslint sends, and the LanguageTool property each one sets.
_LIST_PARAMS = {"disabledRules": "disabled_rules", "enabledRules": "enabled_rules",
                "disabledCategories": "disabled_categories",
                "enabledCategories": "enabled_categories"}


class Client:
    def __init__(self, url: str, timeout: float = 120.0) -> None:
        self.url = url if url.endswith("/") else url + "/"
        self.timeout = timeout
        self._local = threading.local()

    def _tool(self, params: dict[str, str]):
        """This thread's language-tool-python client for one rule configuration."""
        tools = getattr(self._local, "tools", None)
        if tools is None:
            tools = self._local.tools = {}
        key = tuple(sorted(params.items()))
        tool = tools.get(key)
        if tool is None:
            tool = tools[key] = self._make_tool(params)
        return tool

    def _make_tool(self, params: dict[str, str]):
        import language_tool_python
        from language_tool_python.exceptions import LanguageToolError

        _pool_connections()

        unknown = set(params) - {"language", "motherTongue", "enabledOnly", "level",
                                 *_LIST_PARAMS}
        if unknown:
            raise BackendError(f"newslint cannot send {', '.join(sorted(unknown))} to LanguageTool")
        try:
            # Asks the server for its languages once (language-tool-python checks the tag).
            tool = language_tool_python.LanguageTool.__new__(language_tool_python.LanguageTool)
            tool._TIMEOUT = self.timeout  # its class default (5 minutes), before the first request
            tool.__init__(params.get("language", "fr"), mother_tongue=params.get("motherTongue"),
                          remote_server=self.url)
        except LanguageToolError as error:
            raise RequestError(f"LanguageTool at {self.url} unreachable: {_short(error)}") from None
        except ValueError as error:  # an unknown language tag
            raise BackendError(f"LanguageTool refused the request: {error}") from None
        for name, attribute in _LIST_PARAMS.items():
            if params.get(name):
                setattr(tool, attribute, set(params[name].split(",")))
        tool.enabled_rules_only = params.get("enabledOnly") == "true"
        tool.picky = params.get("level") == "picky"
        return tool

    def check(self, text: str, params: dict[str, str]) -> dict[str, Any]:
        """The raw JSON answer for ``text`` (``matches``, ``software``...)."""
        from language_tool_python.exceptions import LanguageToolError

        tool = self._tool(params)
        try:
            answer = _query_check(tool, text)
        except LanguageToolError as error:
            cause = error.__cause__
            if cause is not None and not isinstance(cause, ValueError):
                # requests' errors (connection refused, timeout...).
                import requests

                if isinstance(cause, requests.Timeout):
                    raise RequestError(f"LanguageTool at {self.url} did not answer within "
                                       f"{self.timeout:.0f} s") from None
                raise RequestError(f"LanguageTool at {self.url} unreachable: {_short(error)}") from None
            # Not JSON: LanguageTool's plain-text error page (HTTP 4xx/5xx).
            text_ = str(error).strip()
            if _client_error(text_):
                # A bad request (unknown language, text too long): retrying will not help.
                raise BackendError(f"LanguageTool refused the request: {text_[:200]}") from None
            raise RequestError(f"LanguageTool at {self.url} answered: {text_[:200]}") from None
        if not isinstance(answer, dict) or "matches" not in answer:
            raise RequestError(f"LanguageTool at {self.url} sent an unexpected answer")
        return answer

    def warm_up(self, params: dict[str, str] | None = None) -> str:
        """Check one French sentence (loads the French pipeline); returns LanguageTool's version."""
        answer = self.check("Il a manger une pomme.", params or {"language": "fr"})
        return str(answer.get("software", {}).get("version", ""))


class _PooledRequests:
    """``requests`` as language-tool-python's server module sees it, with ``post`` and ``get``
    going through one keep-alive ``Session`` per thread.

    language-tool-python calls ``requests.post`` for every check, which opens a new TCP
    connection each time; LanguageTool's HTTP server pays dearly for that (measured: newslint
    cold went from 1.3x to 0.63x the plain loop with one connection per paragraph). Everything
    else (exceptions, timeouts, the answer handling) is ``requests`` itself.
    """

    def __init__(self, module) -> None:
        self._module = module
        self._local = threading.local()

    def _session(self):
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = self._module.Session()
            session.headers["User-Agent"] = "newslint (language-tool-python)"
        return session

    def post(self, url, data=None, **kwargs):
        return self._session().post(url, data=data, **kwargs)

    def get(self, url, params=None, **kwargs):
        return self._session().get(url, params=params, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self._module, name)


_POOL_LOCK = threading.Lock()


def _pool_connections() -> None:
    """Make language-tool-python's HTTP calls reuse connections (once per process)."""
    from language_tool_python import server

    with _POOL_LOCK:
        if not isinstance(server.requests, _PooledRequests):
            server.requests = _PooledRequests(server.requests)


def _query_check(tool, text: str) -> Any:
    """POST ``text`` to ``/v2/check`` through language-tool-python, and return the raw JSON.

    The one place newslint calls language-tool-python's private methods: its public
    ``check()`` wraps the answer in ``Match`` objects whose offset correction uses class-level
    state shared by all threads (see the module docstring). ``_create_params`` and
    ``_query_server`` are exactly what ``check()`` itself calls; ``num_tries=1`` because
    newslint makes its own single retry (and restarts its own server when it died).
    """
    url = urllib.parse.urljoin(tool._url, "check")
    params = tool._create_params(text)
    for name in _LIST_PARAMS:
        if name in params:
            # It joins a set, whose order changes from process to process; LanguageTool keys
            # its pipeline cache on the request's rule lists, so keep one order.
            params[name] = ",".join(sorted(params[name].split(",")))
    return tool._query_server(url, params, num_tries=1, method="post")


def _client_error(text: str) -> bool:
    lowered = text.lower()
    return any(marker in lowered for marker in (
        "bad request", "invalid", "unknown language", "not supported", "too long", "exceeds",
        "error: missing", "parameter"))


def _short(error: Exception) -> str:
    text = str(error)
    if "Connection refused" in text or "Failed to establish a new connection" in text:
        return "connection refused"
    if "Name or service not known" in text or "nodename nor servname" in text:
        return "unknown host"
    if "timed out" in text.lower():
        return "timed out"
    return text[:200]
