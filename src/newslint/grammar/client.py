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

Every answer is checked against what ``/v2/check`` promises (:func:`validate_answer`) before
anything reads it: a server that answers ``matches: null``, a string, a match without an
offset or with offsets outside the paragraph makes the check fail (exit 3, one line naming the
server and the fault), and the answer is never cached (issue 21).
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from typing import Any

from newslint.errors import BackendError


class RequestError(BackendError):
    """One request failed (connection refused, timeout, 5xx): worth one retry."""


class InvalidAnswer(BackendError):
    """LanguageTool answered, but not what its API promises: the check fails, nothing is
    cached, and asking again is not worth it (the same server gives the same answer)."""


#: ``/v2/check`` parameters newslint sends, and the LanguageTool property each one sets.
_LIST_PARAMS = {
    "disabledRules": "disabled_rules",
    "enabledRules": "enabled_rules",
    "disabledCategories": "disabled_categories",
    "enabledCategories": "enabled_categories",
}


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

        unknown = set(params) - {
            "language",
            "motherTongue",
            "enabledOnly",
            "level",
            "mode",
            *_LIST_PARAMS,
        }
        if unknown:
            raise BackendError(f"newslint cannot send {', '.join(sorted(unknown))} to LanguageTool")
        try:
            # Asks the server for its languages once (language-tool-python checks the tag).
            tool = language_tool_python.LanguageTool.__new__(language_tool_python.LanguageTool)
            # Its class default (5 minutes) replaced before the first request; then __init__ on
            # the instance __new__ made.
            tool._TIMEOUT = self.timeout  # type: ignore[assignment]
            tool.__init__(  # type: ignore[misc]
                params.get("language", "fr"),
                mother_tongue=params.get("motherTongue"),
                remote_server=self.url,
            )
        except LanguageToolError as error:
            raise RequestError(f"LanguageTool at {self.url} unreachable: {_short(error)}") from None
        except ValueError as error:  # an unknown language tag
            raise BackendError(f"LanguageTool refused the request: {error}") from None
        except (TypeError, AttributeError, KeyError):
            # /v2/languages answered JSON that is not a list of {code, longCode} objects.
            raise InvalidAnswer(
                f"LanguageTool at {self.url} sent an invalid answer to "
                "/v2/languages (not a list of languages)"
            ) from None
        for name, attribute in _LIST_PARAMS.items():
            if params.get(name):
                setattr(tool, attribute, set(params[name].split(",")))
        tool.enabled_rules_only = params.get("enabledOnly") == "true"
        tool.picky = params.get("level") == "picky"
        # Sent as is (language-tool-python has no property for it): see _query_check.
        tool.newslint_mode = params.get("mode", "")  # type: ignore[attr-defined]
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
                    raise RequestError(
                        f"LanguageTool at {self.url} did not answer within {self.timeout:.0f} s"
                    ) from None
                raise RequestError(
                    f"LanguageTool at {self.url} unreachable: {_short(error)}"
                ) from None
            # Not JSON: LanguageTool's plain-text error page (HTTP 4xx/5xx).
            text_ = str(error).strip()
            if _client_error(text_):
                # A bad request (unknown language, text too long): retrying will not help.
                raise BackendError(f"LanguageTool refused the request: {text_[:200]}") from None
            raise RequestError(f"LanguageTool at {self.url} answered: {text_[:200]}") from None
        problem = validate_answer(answer, text)
        if problem:
            raise InvalidAnswer(f"LanguageTool at {self.url} sent an invalid answer: {problem}")
        return answer

    def warm_up(self, params: dict[str, str] | None = None) -> str:
        """Check one French sentence (loads the French pipeline); returns LanguageTool's version."""
        answer = self.check("Il a manger une pomme.", params or {"language": "fr"})
        return str((answer.get("software") or {}).get("version", ""))


def validate_answer(answer: Any, text: str) -> str:
    """What is wrong with ``answer`` as ``/v2/check``'s answer for ``text`` ("" if nothing).

    The schema is what newslint reads (``newslint.grammar.slim`` and the grammar check):
    an object whose ``matches`` is a list of objects, each with whole-number ``offset`` and
    ``length`` inside the paragraph (in UTF-16 units, as LanguageTool counts), a text
    ``message``, a ``rule`` object with a non-empty text ``id``; optional fields, when present,
    have their documented types. Extra fields are allowed (LanguageTool adds some each release).
    """
    if not isinstance(answer, dict):
        return f"not a JSON object but {_kind(answer)}"
    software = answer.get("software")
    if software is not None and not isinstance(software, dict):
        return f"software is {_kind(software)}, not an object"
    if software is not None and not isinstance(software.get("version", ""), str):
        return f"software.version is {_kind(software.get('version'))}, not text"
    if "matches" not in answer:
        return "no matches list"
    return validate_matches(answer["matches"], text)


def validate_matches(matches: Any, text: str, *, cached: bool = False) -> str:
    """What is wrong with the ``matches`` of an answer for ``text`` ("" if nothing).
    ``cached``: matches as the cache holds them (``slim``: replacements are plain text)."""
    if not isinstance(matches, list):
        return f"matches is {_kind(matches)}, not a list"
    size = len(text.encode("utf-16-le", "surrogatepass")) // 2
    for index, match in enumerate(matches):
        problem = _match_problem(match, f"matches[{index}]", size, cached)
        if problem:
            return problem
    return ""


def _match_problem(match: Any, where: str, size: int, cached: bool) -> str:
    if not isinstance(match, dict):
        return f"{where} is {_kind(match)}, not an object"
    for key in ("offset", "length"):
        value = match.get(key)
        if type(value) is not int or value < 0:  # bool is an int: refused too
            if key not in match:
                return f"{where}.{key} is missing"
            return f"{where}.{key} is {_kind(value)}{_show(value)}, not a whole number from 0"
    start, end = match["offset"], match["offset"] + match["length"]
    if end > size:
        return f"{where} spans {start} to {end}, past the paragraph's end ({size} UTF-16 units)"
    problem = (
        _field(match, "message", str, where, required=True)
        or _field(match, "shortMessage", str, where)
        or _field(match, "replacements", list, where)
        or _field(match, "rule", dict, where, required=True)
    )
    if problem:
        return problem
    for number, replacement in enumerate(match.get("replacements") or []):
        if cached:
            if not isinstance(replacement, str):
                return f"{where}.replacements[{number}] is {_kind(replacement)}, not text"
        elif not isinstance(replacement, dict) or not isinstance(replacement.get("value", ""), str):
            return f"{where}.replacements[{number}] is not an object with a text value"
    rule = match["rule"]
    problem = (
        _field(rule, "id", str, f"{where}.rule", required=True)
        or next(
            (
                p
                for key in ("subId", "description", "issueType")
                if (p := _field(rule, key, str, f"{where}.rule"))
            ),
            "",
        )
        or _field(rule, "category", dict, f"{where}.rule")
    )
    if problem:
        return problem
    if not rule["id"]:
        return f"{where}.rule.id is empty"
    category = rule.get("category") or {}
    return next(
        (
            p
            for key in ("id", "name")
            if (p := _field(category, key, str, f"{where}.rule.category"))
        ),
        "",
    )


_TYPE_NAMES: dict[type, str] = {str: "text", list: "a list", dict: "an object"}


def _field(parent: dict, key: str, expected: type, where: str, *, required: bool = False) -> str:
    """What is wrong with ``parent[key]`` ("" if it has the ``expected`` type, or is
    absent and not ``required``)."""
    if key not in parent:
        return f"{where}.{key} is missing" if required else ""
    value = parent[key]
    if isinstance(value, expected):
        return ""
    return f"{where}.{key} is {_kind(value)}, not {_TYPE_NAMES[expected]}"


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _show(value: Any) -> str:
    """`` <value>`` for a scalar in a message, cut short; nothing for null, lists, objects."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    return " " + json.dumps(value, ensure_ascii=False)[:40]


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
            server.requests = _PooledRequests(server.requests)  # type: ignore[assignment]


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
    if getattr(tool, "newslint_mode", ""):
        params["mode"] = tool.newslint_mode
    return tool._query_server(url, params, num_tries=1, method="post")


def _client_error(text: str) -> bool:
    lowered = text.lower()
    return any(
        marker in lowered
        for marker in (
            "bad request",
            "invalid",
            "unknown language",
            "not supported",
            "too long",
            "exceeds",
            "error: missing",
            "parameter",
        )
    )


def _short(error: Exception) -> str:
    text = str(error)
    if "Connection refused" in text or "Failed to establish a new connection" in text:
        return "connection refused"
    if "Name or service not known" in text or "nodename nor servname" in text:
        return "unknown host"
    if "timed out" in text.lower():
        return "timed out"
    return text[:200]
