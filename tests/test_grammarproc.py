"""LanguageTool answers and processes (issue 21): an invalid answer is a failed check and is
never cached; ``serve --port`` is honoured; ``languagetool stop`` signals only our server;
worker processes die with their parent.

The answer tests use a fake LanguageTool on loopback (``FakeLanguageTool``); their real-server
counterpart is ``test_invalid_answer_then_the_real_server_gives_its_findings`` (and the whole
of tests/test_languagetool.py).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import run_newslint

PROBE = "Il a manger une pomme."
DRAFT = "Le chat a manger la souris.\n"
#: Where LanguageTool flags « manger » in DRAFT (UTF-16 units = code points here).
MANGER = (DRAFT.index("manger"), len("manger"))
VERSION = "6.8"


def match(offset: int, length: int, **extra) -> dict:
    """A match shaped as LanguageTool 6.8 sends it (the fields newslint reads)."""
    return {
        "message": "Le participe passé est attendu.",
        "shortMessage": "",
        "replacements": [{"value": "mangé"}],
        "offset": offset,
        "length": length,
        "rule": {"id": "FR_FAKE_RULE", "description": "fake", "issueType": "grammar",
                 "category": {"id": "CAT_GRAMMAIRE", "name": "Grammaire"}},
        **extra,
    }


def healthy(text: str, version: str = VERSION) -> dict:
    found = [match(text.index("manger"), len("manger"))] if "manger" in text else []
    return {"software": {"name": "LanguageTool", "version": version}, "matches": found}


class FakeLanguageTool:
    """``/v2/languages`` and ``/v2/check`` on 127.0.0.1. The probe sentence newslint sends
    first (to learn the version) gets a healthy answer; other paragraphs get ``self.answer``
    (a JSON value, or a callable of the text), or a healthy one when it is None."""

    def __init__(self) -> None:
        fake = self
        self.answer = None
        #: The version the probe's answer names (part of every cache key).
        self.version = VERSION
        self.languages = [{"name": "French", "code": "fr", "longCode": "fr"}]
        self.checked: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _send(self, value) -> None:
                body = json.dumps(value).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                if self.path.startswith("/v2/languages"):
                    self._send(fake.languages)
                else:
                    self.send_error(404)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                text = form.get("text", [""])[0]
                if text != PROBE:
                    fake.checked.append(text)
                if text == PROBE or fake.answer is None:
                    self._send(healthy(text, fake.version))
                    return
                answer = fake.answer(text) if callable(fake.answer) else fake.answer
                self._send(answer)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_lt():
    fake = FakeLanguageTool()
    yield fake
    fake.close()


def write_project(tmp_path: Path, url: str) -> None:
    (tmp_path / ".newslint.yaml").write_text(
        f"extends: [fr-grammar]\nlanguagetool:\n  url: {url}\n  request_timeout: 20\n",
        encoding="utf-8")
    (tmp_path / "a.txt").write_text(DRAFT, encoding="utf-8")


def check(tmp_path: Path, cache: Path) -> tuple[int, dict, str]:
    process = run_newslint("check", "--format", "json", "a.txt", cwd=tmp_path,
                           env={"NEWSLINT_CACHE_DIR": str(cache)})
    stderr = process.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    try:
        data = json.loads(process.stdout.decode("utf-8"))
    except ValueError:
        raise AssertionError(f"not JSON: {process.stdout!r} {stderr}") from None
    return process.returncode, data, stderr


def grammar_findings(data: dict) -> list[dict]:
    return [f for file in data["files"] for f in file["findings"] if f["rule"].startswith("grammar/")]


def assert_healthy_findings(data: dict) -> None:
    found = grammar_findings(data)
    assert [(f["rule"], f["line"], f["column"], f["text"]) for f in found] == [
        ("grammar/FR_FAKE_RULE", 1, MANGER[0] + 1, "manger")], found


def _without(key: str) -> dict:
    bad = match(*MANGER)
    del bad[key]
    return {"matches": [bad]}


BAD_ANSWERS = {
    "matches null": ({"matches": None}, "matches"),
    "a string": ("Internal error", "not a JSON object"),
    "a list": ([match(*MANGER)], "not a JSON object"),
    "no matches": ({"software": {"version": VERSION}}, "matches"),
    "matches a string": ({"matches": "FR_FAKE_RULE"}, "matches"),
    "match not an object": ({"matches": [7]}, "matches[0]"),
    "match without offset": (_without("offset"), "matches[0].offset"),
    "match without length": (_without("length"), "matches[0].length"),
    "match without rule": (_without("rule"), "matches[0].rule"),
    "offset negative": ({"matches": [match(-70, 6)]}, "matches[0].offset"),
    "length negative": ({"matches": [match(3, -2)]}, "matches[0].length"),
    "offset past the paragraph": ({"matches": [match(500, 3)]}, "matches[0]"),
    "end past the paragraph": ({"matches": [match(20, 30)]}, "matches[0]"),
    "offset a string": ({"matches": [match("3", 6)]}, "matches[0].offset"),
    "offset a boolean": ({"matches": [match(True, 6)]}, "matches[0].offset"),
    "offset a float": ({"matches": [match(3.5, 6)]}, "matches[0].offset"),
    "rule a string": ({"matches": [match(3, 6, rule="FR_FAKE_RULE")]}, "matches[0].rule"),
    "rule id missing": ({"matches": [match(3, 6, rule={"category": {"id": "X"}})]},
                        "matches[0].rule.id"),
    "category a string": ({"matches": [match(3, 6, rule={"id": "R", "category": "X"})]},
                          "matches[0].rule.category"),
    "replacements not a list": ({"matches": [match(3, 6, replacements="mangé")]},
                                "matches[0].replacements"),
    "replacement value not text": ({"matches": [match(3, 6, replacements=[{"value": 5}])]},
                                   "matches[0].replacements[0]"),
    "message not text": ({"matches": [match(3, 6, message=None)]}, "matches[0].message"),
}


@pytest.mark.parametrize("name", list(BAD_ANSWERS))
def test_invalid_answer_fails_the_check_and_is_never_cached(tmp_path: Path, fake_lt, name: str) -> None:
    answer, where = BAD_ANSWERS[name]
    write_project(tmp_path, fake_lt.url)
    cache = tmp_path / "cache"
    fake_lt.answer = answer
    code, data, stderr = check(tmp_path, cache)
    assert [text.strip() for text in fake_lt.checked] == [DRAFT.strip()]
    assert code == 3, (code, stderr, data)
    assert data["summary"]["failed_checks"] == 1
    messages = [e["message"] for e in data["errors"] if e["kind"] == "check"]
    assert len(messages) == 1 and "\n" not in messages[0], messages
    # Which server, and what was wrong with its answer.
    assert fake_lt.url in messages[0] and "invalid answer" in messages[0], messages
    assert where in messages[0], messages
    assert grammar_findings(data) == [], "no finding from an invalid answer"
    # The same server, healthy again (same LanguageTool version, same options): the draft is
    # checked afresh, not answered from a cache holding the invalid answer.
    fake_lt.answer = None
    code, data, stderr = check(tmp_path, cache)
    assert code == 1, (stderr, data)
    assert_healthy_findings(data)


def test_invalid_answer_text_report_is_one_line(tmp_path: Path, fake_lt) -> None:
    write_project(tmp_path, fake_lt.url)
    fake_lt.answer = {"matches": [match(-70, 6)]}
    process = run_newslint("check", "a.txt", cwd=tmp_path,
                           env={"NEWSLINT_CACHE_DIR": str(tmp_path / "cache")})
    out = process.stdout.decode() + process.stderr.decode()
    assert process.returncode == 3, out
    assert "Traceback" not in out
    lines = [line for line in out.splitlines() if "invalid answer" in line]
    assert len(lines) == 1, out
    assert fake_lt.url in lines[0] and "-70" in lines[0], lines
    assert ":-" not in out.replace(fake_lt.url, ""), "no finding at a negative column"


def test_one_invalid_paragraph_fails_the_run_and_is_asked_again(tmp_path: Path, fake_lt) -> None:
    """Two paragraphs, one answered wrongly: the run fails (exit 3); the invalid answer is
    not cached, so the next run asks for that paragraph again (the valid one may have been
    cached, if its answer arrived before the run stopped)."""
    write_project(tmp_path, fake_lt.url)
    (tmp_path / "a.txt").write_text(DRAFT + "\nIls a manger aussi.\n", encoding="utf-8")
    fake_lt.answer = lambda text: (healthy(text) if text.startswith("Le chat")
                                   else {"matches": [match(0, 999)]})
    cache = tmp_path / "cache"
    code, data, stderr = check(tmp_path, cache)
    assert code == 3, (stderr, data)
    fake_lt.answer = None
    fake_lt.checked.clear()
    code, data, stderr = check(tmp_path, cache)
    assert code == 1, (stderr, data)
    assert len(grammar_findings(data)) == 2
    assert "Ils a manger aussi." in [text.strip() for text in fake_lt.checked]


def test_invalid_cached_answer_is_not_served(tmp_path: Path, fake_lt) -> None:
    """A cache written before answers were validated may hold an invalid answer: it is
    ignored, the paragraph asked again, and the entry replaced."""
    import sqlite3

    write_project(tmp_path, fake_lt.url)
    cache = tmp_path / "cache"
    code, data, stderr = check(tmp_path, cache)
    assert code == 1, stderr
    database = sqlite3.connect(cache / "grammar-cache.sqlite3")
    with database:
        changed = database.execute("UPDATE results SET matches = ?",
                                   (json.dumps([match(-70, 6)]),)).rowcount
    database.close()
    assert changed == 1
    fake_lt.checked.clear()
    code, data, stderr = check(tmp_path, cache)
    assert code == 1, (stderr, data)
    assert_healthy_findings(data)
    assert [text.strip() for text in fake_lt.checked] == [DRAFT.strip()]
    fake_lt.checked.clear()
    code, data, stderr = check(tmp_path, cache)  # the entry was replaced by the valid answer
    assert_healthy_findings(data)
    assert fake_lt.checked == []


@pytest.mark.parametrize("languages", ["French", [1, 2], {"fr": "French"}])
def test_invalid_languages_answer_fails_the_check(tmp_path: Path, fake_lt, languages) -> None:
    write_project(tmp_path, fake_lt.url)
    fake_lt.languages = languages
    code, data, stderr = check(tmp_path, tmp_path / "cache")
    assert code == 3, (stderr, data)
    messages = [e["message"] for e in data["errors"] if e["kind"] == "check"]
    assert len(messages) == 1 and fake_lt.url in messages[0], messages


@pytest.mark.languagetool
def test_invalid_answer_then_the_real_server_gives_its_findings(tmp_path: Path, fake_lt,
                                                                 lt_server) -> None:
    """The real-server counterpart: a run against a server answering ``matches: null`` fails
    (exit 3); the next run, against a real LanguageTool of the same version with the same
    cache, gets LanguageTool's own findings, whose answers pass validation."""
    version = json.loads((lt_server.cache_dir / "languagetool-server.json").read_text())["version"]
    fake_lt.version = version
    fake_lt.answer = {"software": {"version": version}, "matches": None}
    text = "Le café 🍎 est servi\u00a0: il a manger une pomme 😀.\n"
    cache = tmp_path / "cache"
    write_project(tmp_path, fake_lt.url)
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    code, data, stderr = check(tmp_path, cache)
    assert code == 3, (stderr, data)
    write_project(tmp_path, lt_server.url)
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    code, data, stderr = check(tmp_path, cache)
    assert code == 1, (stderr, data)
    found = grammar_findings(data)
    assert [f["text"] for f in found] == ["manger"], found
    assert found[0]["column"] == text.index("manger") + 1
