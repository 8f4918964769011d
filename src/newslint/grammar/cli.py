"""``newslint languagetool ...``: install, serve, stop, status, cache clear."""

from __future__ import annotations

import subprocess
import sys
import time

from newslint.commands.parsing import echo, group, int_range, option, path_type
from newslint.exitcodes import ExitCode
from newslint.trust import trust_option


def _config(config_path: str | None):
    from newslint.app import _load_config
    from newslint.errors import ConfigError

    try:
        return _load_config(config_path)
    except ConfigError as error:
        _fail(f"config error: {error}", ExitCode.USAGE_ERROR)


def _settings(config_path: str | None):
    """The ``languagetool:`` settings of the configuration governing the current folder."""
    from newslint.grammar.settings import from_mapping

    return from_mapping(_config(config_path).languagetool)


def _grammar_params(config_path: str | None) -> list[dict[str, str]]:
    """The request parameters of the configuration's grammar rules (pipelines to warm)."""
    from newslint.checks.grammar import request_params

    config = _config(config_path)
    params = [
        request_params(rule.options, config.language)
        for rule in config.base_rules()
        if rule.kind.name == "grammar" and rule.enabled
    ]
    return list({tuple(sorted(p.items())): p for p in params}.values())


def _fail(message: str, code: ExitCode = ExitCode.CHECK_FAILED):
    echo(f"newslint: {message}", err=True)
    sys.exit(int(code))


@group()
def languagetool() -> None:
    """Install and run LanguageTool for the grammar rules."""


@languagetool.command()
@option(
    "--version", "version", default=None, help="LanguageTool version (default: the pinned one)."
)
@option("--force", is_flag=True, help="Fetch again even when already installed.")
def install(version: str | None, force: bool) -> None:
    """Fetch LanguageTool (server + French) from Maven Central into the user cache."""
    from newslint.grammar import provision
    from newslint.grammar.settings import LT_VERSION

    version = version or LT_VERSION
    try:
        installation, new = provision.install(version, force=force, echo=echo)
    except provision.ProvisionError as error:
        _fail(str(error))
    if not new:
        echo(f"LanguageTool {version} is already installed ({installation.description})")


@languagetool.command()
@option(
    "--idle-timeout",
    type=float,
    default=3600.0,
    show_default=True,
    help="Stop after this many seconds without a newslint run (0: never).",
)
@option("--detach", is_flag=True, help="Run in the background; return once it answers.")
@option(
    "--port",
    type=int_range(0, 65535),
    default=0,
    help="Port on 127.0.0.1 (default: a free one).",
)
@option(
    "--config",
    "config_path",
    type=path_type(dir_okay=False),
    default=None,
    help="Take the languagetool: settings (heap, threads...) from this configuration.",
)
@trust_option()
def serve(idle_timeout: float, detach: bool, port: int, config_path: str | None) -> None:
    """Run a persistent LanguageTool server that `newslint check` finds and reuses."""
    from newslint.errors import BackendError
    from newslint.grammar import server

    settings = _settings(config_path)
    if settings.url or settings.public_api:
        _fail(
            "the configuration names a LanguageTool url: there is nothing to serve",
            ExitCode.USAGE_ERROR,
        )
    if detach:
        existing = server.discover()
        if existing is not None:
            echo(
                f"LanguageTool {existing.version} already serving at {existing.url} "
                f"(pid {existing.pid})"
            )
            return
        sys.exit(_detach(idle_timeout, port, config_path, settings.start_timeout))
    try:
        sys.exit(
            server.serve(settings, idle_timeout, echo, port, warm=_grammar_params(config_path))
        )
    except BackendError as error:
        _fail(str(error))


def _detach(idle_timeout: float, port: int, config_path: str | None, timeout: float) -> int:
    from newslint.grammar import server

    log_path = server.state_path().with_suffix(".log")
    from newslint.cachedir import private_dir, private_file

    private_file(private_dir(log_path.parent) / log_path.name)
    command = [
        sys.executable,
        "-m",
        "newslint",
        "languagetool",
        "serve",
        "--idle-timeout",
        str(idle_timeout),
        "--port",
        str(port),
    ]
    if config_path:
        command += ["--config", config_path]
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + timeout + 30
    while time.monotonic() < deadline:
        state = server.read_state()
        if state is not None and state.pid == process.pid:
            echo(
                f"LanguageTool {state.version} serving at {state.url} (pid {state.pid}; "
                f"log {log_path})"
            )
            return 0
        if process.poll() is not None:
            tail = log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:]
            echo(f"newslint: the LanguageTool server did not start: {' '.join(tail)}", err=True)
            return int(ExitCode.CHECK_FAILED)
        time.sleep(0.2)
    process.terminate()
    echo("newslint: the LanguageTool server did not start in time", err=True)
    return int(ExitCode.CHECK_FAILED)


@languagetool.command()
def stop() -> None:
    """Stop the persistent server started by `newslint languagetool serve`."""
    from newslint.grammar import server

    state, outcome = server.stop_persistent()
    if state is None:
        echo("No persistent LanguageTool server is running")
    elif outcome == "stale":
        # repr: a hand-edited record's odd values reach the terminal escaped.
        pid, java_pid = (p if type(p) is int else repr(p) for p in (state.pid, state.java_pid))
        echo(
            f"No persistent LanguageTool server is running: the recorded one (pid "
            f"{pid}, Java pid {java_pid}) is gone and those pids are not its "
            f"processes now; removed the stale record, signalled nothing"
        )
    else:
        echo(f"Stopped LanguageTool at {state.url} (pid {state.pid})")


@languagetool.command()
@option("--config", "config_path", type=path_type(dir_okay=False), default=None)
@trust_option()
def status(config_path: str | None) -> None:
    """Say which LanguageTool a check would use, and what the cache holds."""
    from newslint.errors import BackendError
    from newslint.grammar import provision, server
    from newslint.grammar.cache import FILE_NAME, ResultCache
    from newslint.grammar.settings import cache_root

    settings = _settings(config_path)
    if settings.public_api:
        echo("Server: the public LanguageTool API (drafts leave this machine)")
    elif settings.url:
        echo(f"Server: {', '.join(settings.urls())} (from the configuration)")
    state = server.read_state()
    running = server.discover() if state else None
    if running:
        echo(
            f"Persistent server: LanguageTool {running.version} at {running.url} "
            f"(pid {running.pid}, idle timeout {running.idle_timeout:.0f} s)"
        )
    else:
        echo("Persistent server: none (start one with `newslint languagetool serve --detach`)")
    try:
        installation = provision.find(settings)
        echo(
            f"Installation: LanguageTool {installation.version or '?'} ({installation.description})"
        )
    except BackendError as error:
        echo(f"Installation: {error}")
    try:
        java = provision.find_java(settings.java)
        echo(f"Java: {java} (version {provision.java_version(java)})")
    except BackendError as error:
        echo(f"Java: {error}")
    path = cache_root() / FILE_NAME
    if path.exists():
        entries, size = ResultCache(path).stats()
        echo(f"Cache: {entries} paragraphs, {size / 1e6:.1f} MB in {path}")
    else:
        echo(f"Cache: empty ({path})")


@languagetool.command("rules")
@option(
    "--text-level",
    is_flag=True,
    help="Only the rules LanguageTool marks text-level (fr-grammar turns them off).",
)
@option("--language", default="fr", show_default=True)
@option("--config", "config_path", type=path_type(dir_okay=False), default=None)
@trust_option()
def rules_(text_level: bool, language: str, config_path: str | None) -> None:
    """List LanguageTool's rules for a language, from the server's own metadata."""
    from newslint.errors import BackendError
    from newslint.grammar import Backend, rulemeta

    backend = Backend(_settings(config_path))
    try:
        info = backend.rule_info(language)
    except BackendError as error:
        _fail(str(error))
    finally:
        backend.close()
    if text_level:
        for rule_id in rulemeta.text_level_rules(info):
            echo(rule_id)
        return
    seen = set()
    for rule in info["rules"]:
        if rule["ruleId"] not in seen:
            seen.add(rule["ruleId"])
            echo(f"{rule['ruleId']}\t{rule.get('categoryId', '')}\t{rule.get('description', '')}")


@languagetool.group()
def cache() -> None:
    """The on-disk cache of LanguageTool results."""


@cache.command()
def clear() -> None:
    """Forget every cached LanguageTool result (and every file's cached findings)."""
    from newslint import resultcache
    from newslint.grammar.cache import FILE_NAME, ResultCache
    from newslint.grammar.settings import cache_root

    path = cache_root() / FILE_NAME
    files = resultcache.clear()
    if files:
        echo(f"Cleared the cached findings of {files} configuration(s)")
    if not path.exists():
        echo("The grammar cache is already empty")
        return
    count = ResultCache(path).clear()
    echo(f"Cleared {count} cached paragraphs from {path}")


__all__ = ["languagetool"]
