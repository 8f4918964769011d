"""The HTTP client for LanguageTool's ``/v2/check``.

language-tool-python is the client a user would write (``LanguageTool('fr',
remote_server=URL).check(text)``), and newslint uses it to download LanguageTool and in the
benchmark baseline. For the run itself newslint sends the same ``/v2/check`` parameters with a
pooled session per thread: language-tool-python's ``Match`` fixes offsets through class-level
state that threads would race on, and opens a new connection for every request.
"""

from __future__ import annotations

import threading
from typing import Any

from newslint.errors import BackendError


class RequestError(BackendError):
    """One request failed (connection refused, timeout, 5xx): worth one retry."""


class Client:
    def __init__(self, url: str, timeout: float = 120.0) -> None:
        self.url = url if url.endswith("/") else url + "/"
        self.timeout = timeout
        self._local = threading.local()

    def _session(self):
        session = getattr(self._local, "session", None)
        if session is None:
            import requests

            session = requests.Session()
            session.headers["User-Agent"] = "newslint"
            self._local.session = session
        return session

    def check(self, text: str, params: dict[str, str]) -> dict[str, Any]:
        """The raw JSON answer for ``text`` (``matches``, ``software``...)."""
        import requests

        try:
            response = self._session().post(self.url + "v2/check", data={**params, "text": text},
                                            timeout=self.timeout)
        except requests.Timeout:
            raise RequestError(f"LanguageTool at {self.url} did not answer within "
                               f"{self.timeout:.0f} s") from None
        except requests.RequestException as error:
            raise RequestError(f"LanguageTool at {self.url} unreachable: {_short(error)}") from None
        if response.status_code >= 500 or response.status_code == 429:
            raise RequestError(f"LanguageTool at {self.url} answered HTTP {response.status_code}: "
                               f"{response.text.strip()[:200]}")
        if response.status_code != 200:
            # 4xx: a bad request (unknown language, text too long): retrying will not help.
            raise BackendError(f"LanguageTool refused the request (HTTP {response.status_code}): "
                               f"{response.text.strip()[:200]}")
        try:
            return response.json()
        except ValueError:
            raise RequestError(f"LanguageTool at {self.url} sent a non-JSON answer") from None

    def warm_up(self, params: dict[str, str] | None = None) -> str:
        """Check one French sentence (loads the French pipeline); returns LanguageTool's version."""
        answer = self.check("Il a manger une pomme.", params or {"language": "fr"})
        return str(answer.get("software", {}).get("version", ""))


def _short(error: Exception) -> str:
    text = str(error)
    if "Connection refused" in text:
        return "connection refused"
    if "Name or service not known" in text or "nodename nor servname" in text:
        return "unknown host"
    return text[:200]
