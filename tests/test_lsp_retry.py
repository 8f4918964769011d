"""The language server's policy for asking LanguageTool again after a failure (the
end-to-end test with a real LanguageTool stopped and started again is in
tests/test_lsp_languagetool_recovery.py)."""

from __future__ import annotations

from newslint.lsp.retry import MAX_DELAY, Retry


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_backoff_doubles_from_two_seconds_to_a_minute():
    clock = Clock()
    retry = Retry(clock)
    assert retry.due() and not retry.down
    delays = []
    for _ in range(8):
        retry.failed("grammar: LanguageTool does not answer")
        delays.append(retry.delay())
    assert delays == [2, 4, 8, 16, 32, MAX_DELAY, MAX_DELAY, MAX_DELAY]


def test_change_waits_for_the_delay_save_does_not():
    clock = Clock()
    retry = Retry(clock)
    retry.failed("grammar: refused")
    retry.failed("grammar: refused")  # two in a row: 4 s
    clock.now += 3.9
    assert not retry.due()
    assert retry.due(saved=True)
    clock.now += 0.1
    assert retry.due()


def test_success_ends_the_failure_once_and_resets_the_delay():
    clock = Clock()
    retry = Retry(clock)
    assert retry.succeeded() is False
    retry.failed("grammar: refused")
    assert retry.down and retry.message == "grammar: refused"
    assert retry.succeeded() is True
    assert not retry.down and retry.due() and retry.succeeded() is False
    retry.failed("grammar: refused")
    assert retry.delay() == 2


def test_reload_tries_at_once_and_keeps_the_message():
    clock = Clock()
    retry = Retry(clock)
    retry.failed("grammar: refused")
    assert not retry.due()
    retry.reset()
    assert retry.due() and retry.down


def test_port_of_a_stopped_server_is_free_again_at_once():
    """A LanguageTool server restarted on its port (``serve --port``) right after it stopped:
    the server side of its last connections is in TIME_WAIT, which must not count as in use
    (the JVM binds with SO_REUSEADDR); a port someone listens on still does."""
    import socket

    from newslint.grammar.server import _port_free

    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port))
    accepted, _ = server.accept()
    assert not _port_free(port)
    accepted.close()  # the server closes first: its side waits in TIME_WAIT
    server.close()
    client.recv(1)
    client.close()
    assert _port_free(port)


def test_renew_grammar_gives_a_new_backend_that_asks_again(tmp_path, monkeypatch):
    """A failed LanguageTool backend stays failed (shared by the process's checkers);
    ``Checker.renew_grammar`` makes the next check build a new one, which asks again."""
    from newslint import api
    from newslint.grammar import backend_for

    monkeypatch.setenv("NEWSLINT_TRUST_CONFIG", "1")  # a configuration may then name a URL
    (tmp_path / ".newslint.yaml").write_text(
        "languagetool:\n  url: http://127.0.0.1:9\n", encoding="utf-8"
    )
    draft = str(tmp_path / "brouillon.md")
    checker = api.Checker(select=["grammar"], grammar=True, cache=False)
    assert checker.check_text("Il a manger une pomme.\n", draft).failures
    settings = checker.config_for(draft).languagetool
    failed = backend_for(settings, use_cache=False)
    assert failed._failed is not None
    assert backend_for(settings, use_cache=False) is failed  # another checker gets it too
    checker.renew_grammar()
    assert backend_for(settings, use_cache=False) is not failed
    assert checker.check_text("Il a manger une pomme.\n", draft).failures
    assert backend_for(settings, use_cache=False)._failed is not None
