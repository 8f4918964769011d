"""A repository's configuration cannot run programs or read outside the repository (issue 21).

Settings that start a program or reach out of the machine (``languagetool:`` java,
jvm_options, directory, download, url, public_api) are honoured only from the user's own
configuration, or when the run trusts the repository's (``--trust-config``,
``NEWSLINT_TRUST_CONFIG=1``). Files a configuration names (extends, names and vocabulary
includes) must stay inside the repository root, symlinks resolved. Everything through the
real CLI.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_newslint
from test_hostile_config import _one_line_config_error

DRAFT = "Le président a dit bonjour.\n"


def _repo(tmp_path: Path, config: str, *, git: bool = True) -> Path:
    """A checked repository: ``.git`` (when ``git``), ``.newslint.yaml`` and one draft."""
    repo = tmp_path / "repo"
    repo.mkdir()
    if git:
        (repo / ".git").mkdir()
    (repo / ".newslint.yaml").write_text(config, encoding="utf-8")
    (repo / "draft.md").write_text(DRAFT, encoding="utf-8")
    return repo


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """An isolated cache and user configuration folder (none unless a test writes one)."""
    env = {
        "NEWSLINT_CACHE_DIR": str(tmp_path / "cache"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg"),
        "NEWSLINT_TRUST_CONFIG": "",
    }
    env.update(extra)
    return env


def _tool(tmp_path: Path) -> tuple[Path, Path]:
    """A fake ``java`` that leaves a marker file when run, and a fake LanguageTool folder."""
    marker = tmp_path / "marker"
    tool = tmp_path / "repo" / "tool.sh"
    tool.write_text(f"#!/bin/sh\ntouch '{marker}'\nexit 1\n", encoding="utf-8")
    tool.chmod(0o755)
    fake = tmp_path / "repo" / "fake-lt"
    fake.mkdir()
    (fake / "languagetool-server.jar").write_bytes(b"")
    return tool, marker


def _one_config_error(process, *fragments: str) -> str:
    """One line, ``newslint: config error: ...``, exit 2, holding every fragment."""
    line = _one_line_config_error(process, "")
    for fragment in fragments:
        assert fragment in line, line
    return line


JAVA_CONFIG = """\
extends: [fr-grammar]
languagetool:
  java: ./tool.sh
  directory: fake-lt
  reuse_server: false
"""


def test_repository_java_is_refused_and_never_run(tmp_path: Path) -> None:
    repo = _repo(tmp_path, JAVA_CONFIG)
    _, marker = _tool(tmp_path)
    process = run_newslint("check", "--no-cache", "draft.md", cwd=repo, env=_env(tmp_path))
    line = _one_config_error(
        process,
        f"{repo / '.newslint.yaml'}:3:",
        '"java"',
        "--trust-config",
        "NEWSLINT_TRUST_CONFIG=1",
    )
    assert "config.yaml" in line  # says where the user's own configuration is
    assert not marker.exists()
    # The same with grammar off: the configuration is refused all the same (fail closed).
    process = run_newslint("check", "--no-grammar", "draft.md", cwd=repo, env=_env(tmp_path))
    _one_config_error(process, '"java"')
    assert not marker.exists()


@pytest.mark.parametrize("trust", [("--trust-config",), ()], ids=["flag", "environment"])
def test_trusted_repository_java_is_used(tmp_path: Path, trust: tuple[str, ...]) -> None:
    repo = _repo(tmp_path, JAVA_CONFIG)
    _, marker = _tool(tmp_path)
    env = _env(tmp_path, **({} if trust else {"NEWSLINT_TRUST_CONFIG": "1"}))
    process = run_newslint("check", "--no-cache", *trust, "draft.md", cwd=repo, env=env)
    # tool.sh is no Java: the grammar check cannot run (exit 3), but it was the program used.
    assert process.returncode == 3, process.stderr
    assert marker.exists()


def test_user_configuration_sets_java(tmp_path: Path) -> None:
    repo = _repo(tmp_path, "extends: [fr-grammar]\n")
    tool, marker = _tool(tmp_path)
    user = tmp_path / "xdg" / "newslint" / "config.yaml"
    user.parent.mkdir(parents=True)
    user.write_text(
        f"languagetool:\n  java: {tool}\n  directory: {repo / 'fake-lt'}\n  reuse_server: false\n",
        encoding="utf-8",
    )
    process = run_newslint("check", "--no-cache", "draft.md", cwd=repo, env=_env(tmp_path))
    assert process.returncode == 3, process.stderr
    assert marker.exists()


def test_user_configuration_holds_machine_settings_only(tmp_path: Path) -> None:
    repo = _repo(tmp_path, "rules: {}\n")
    user = tmp_path / "xdg" / "newslint" / "config.yaml"
    user.parent.mkdir(parents=True)
    user.write_text("languagetool:\n  heap: 2g\nrules:\n  x: {}\n", encoding="utf-8")
    process = run_newslint("check", "--no-grammar", "draft.md", cwd=repo, env=_env(tmp_path))
    _one_config_error(process, f"{user}:3:", '"rules"')


@pytest.mark.parametrize(
    "setting",
    [
        "java: /usr/bin/java",
        "jvm_options: -javaagent:agent.jar",
        "directory: /opt/lt",
        "download: true",
        "url: http://127.0.0.1:9/",
        "public_api: true",
    ],
)
def test_every_setting_that_runs_or_reaches_out_is_refused(tmp_path: Path, setting: str) -> None:
    repo = _repo(tmp_path, f"rules: {{}}\nlanguagetool:\n  heap: 2g\n  {setting}\n")
    process = run_newslint("check", "--no-grammar", "draft.md", cwd=repo, env=_env(tmp_path))
    key = setting.split(":")[0]
    _one_config_error(process, ".newslint.yaml:4:", f'"{key}"', "--trust-config")
    # ``newslint rules`` reads the same configuration: refused there too, trusted on request.
    process = run_newslint("rules", cwd=repo, env=_env(tmp_path))
    _one_config_error(process, f'"{key}"')
    process = run_newslint("rules", "--trust-config", cwd=repo, env=_env(tmp_path))
    assert process.returncode == 0, process.stderr


def test_harmless_settings_stay_allowed(tmp_path: Path) -> None:
    repo = _repo(
        tmp_path,
        "languagetool:\n  heap: 2g\n  request_timeout: 30\n  cache: false\n"
        "  concurrency: 2\n  version: '6.8'\n  download: false\n"
        "  public_api: false\n",
    )
    process = run_newslint("check", "--no-grammar", "draft.md", cwd=repo, env=_env(tmp_path))
    assert process.returncode == 0, process.stderr


@pytest.mark.parametrize("version", ["../../../tmp/evil", "/tmp/evil", "6.8/../x"])
def test_a_version_is_no_path(tmp_path: Path, version: str) -> None:
    repo = _repo(tmp_path, f"languagetool:\n  version: '{version}'\n")
    process = run_newslint("check", "--no-grammar", "draft.md", cwd=repo, env=_env(tmp_path))
    _one_config_error(process, ".newslint.yaml:2:", '"version"')


# -- files outside the repository ------------------------------------------------------------


def _outside(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "base.yaml").write_text("extends: []\n", encoding="utf-8")
    (outside / "names.yaml").write_text("- Vladimir Poutine\n", encoding="utf-8")
    (outside / "words.txt").write_text("Ouchakov\n", encoding="utf-8")
    return outside


@pytest.mark.parametrize(
    "config,line",
    [
        ("extends: [../outside/base.yaml]\n", 1),
        ("extends:\n  - fr-press\n  - ../../../../../../../../{outside}/base.yaml\n", 3),
        ("extends: [{outside}/base.yaml]\n", 1),
        ("names:\n  - include: ../outside/names.yaml\n", 2),
        ("vocabulary:\n  include: [../outside/words.txt]\n", 2),
        ("vocabulary:\n  include: [{outside}/words.txt]\n", 2),
    ],
)
def test_files_outside_the_repository_are_refused(tmp_path: Path, config: str, line: int) -> None:
    outside = _outside(tmp_path)
    repo = _repo(tmp_path, config.format(outside=outside))
    process = run_newslint("check", "--no-grammar", "draft.md", cwd=repo, env=_env(tmp_path))
    _one_config_error(
        process, f".newslint.yaml:{line}:", "outside the repository", "--trust-config"
    )
    process = run_newslint(
        "check", "--no-grammar", "--trust-config", "draft.md", cwd=repo, env=_env(tmp_path)
    )
    assert process.returncode == 0, process.stderr


def test_etc_passwd_is_not_read(tmp_path: Path) -> None:
    repo = _repo(tmp_path, "extends: [../../../../../../../../../../etc/passwd]\n")
    process = run_newslint("check", "--no-grammar", "draft.md", cwd=repo, env=_env(tmp_path))
    _one_config_error(process, "outside the repository")


@pytest.mark.parametrize("name", ["words.txt", "names.yaml", "base.yaml", ".newslint.yaml"])
def test_a_symlink_out_of_the_repository_is_refused(tmp_path: Path, name: str) -> None:
    outside = _outside(tmp_path)
    config = {
        "words.txt": "vocabulary:\n  include: [words.txt]\n",
        "names.yaml": "names:\n  - include: names.yaml\n",
        "base.yaml": "extends: [base.yaml]\n",
        ".newslint.yaml": "",
    }[name]
    repo = _repo(tmp_path, config)
    if name == ".newslint.yaml":  # the repository's configuration itself
        (repo / name).unlink()
        (repo / name).symlink_to(outside / "base.yaml")
    else:
        (repo / name).symlink_to(outside / name)
    process = run_newslint("check", "--no-grammar", "draft.md", cwd=repo, env=_env(tmp_path))
    _one_config_error(process, "outside the repository")


def test_the_root_is_the_git_top_level(tmp_path: Path) -> None:
    """A folder's configuration may extend one higher up in the same repository."""
    repo = _repo(tmp_path, "extends: [fr-press]\nvocabulary: [Peskov]\n")
    (repo / "words.txt").write_text("Ouchakov\n", encoding="utf-8")
    desk = repo / "desk"
    desk.mkdir()
    (desk / ".newslint.yaml").write_text(
        "extends: [../.newslint.yaml]\nvocabulary:\n  include: [../words.txt]\n", encoding="utf-8"
    )
    (desk / "draft.md").write_text(DRAFT, encoding="utf-8")
    process = run_newslint("check", "--no-grammar", "desk/draft.md", cwd=repo, env=_env(tmp_path))
    assert process.returncode == 0, process.stderr
    # Without a .git folder, the root is the configuration's own folder: nothing above it.
    (repo / ".git").rmdir()
    process = run_newslint("check", "--no-grammar", "desk/draft.md", cwd=repo, env=_env(tmp_path))
    _one_config_error(process, f"{desk / '.newslint.yaml'}:1:", "outside the repository")


def test_explicit_config_is_not_trusted_by_being_named(tmp_path: Path) -> None:
    """``--config`` says which file to read, not that its content may run programs."""
    repo = _repo(tmp_path, JAVA_CONFIG)
    _, marker = _tool(tmp_path)
    process = run_newslint(
        "check",
        "--no-cache",
        "--config",
        ".newslint.yaml",
        "draft.md",
        cwd=repo,
        env=_env(tmp_path),
    )
    _one_config_error(process, '"java"')
    assert not marker.exists()


def test_languagetool_status_refuses_an_untrusted_java(tmp_path: Path) -> None:
    repo = _repo(tmp_path, JAVA_CONFIG)
    _, marker = _tool(tmp_path)
    process = run_newslint("languagetool", "status", cwd=repo, env=_env(tmp_path))
    _one_config_error(process, '"java"')
    assert not marker.exists()
    process = run_newslint("languagetool", "status", "--trust-config", cwd=repo, env=_env(tmp_path))
    assert process.returncode == 0, process.stderr
    assert marker.exists()


def test_shipped_sets_stay_usable(tmp_path: Path) -> None:
    """Shipped rule sets live outside every repository and are always allowed."""
    repo = _repo(tmp_path, "extends: [fr-press, fr-style]\n")
    process = run_newslint("check", "--no-grammar", "draft.md", cwd=repo, env=_env(tmp_path))
    assert process.returncode in (0, 1), process.stderr
    assert b"config error" not in process.stderr


def test_baseline_and_serve_refuse_then_trust(tmp_path: Path) -> None:
    repo = _repo(tmp_path, JAVA_CONFIG)
    _, marker = _tool(tmp_path)
    env = _env(tmp_path)
    process = run_newslint("baseline", "--no-grammar", "draft.md", cwd=repo, env=env)
    _one_config_error(process, '"java"')
    process = run_newslint(
        "baseline", "--no-grammar", "--trust-config", "-o", "b.json", "draft.md", cwd=repo, env=env
    )
    assert process.returncode == 0, process.stderr
    process = run_newslint("languagetool", "serve", "--idle-timeout", "1", cwd=repo, env=env)
    _one_config_error(process, '"java"')
    assert not marker.exists()
    process = run_newslint(
        "languagetool", "serve", "--idle-timeout", "1", "--trust-config", cwd=repo, env=env
    )
    assert process.returncode == 3, process.stderr  # tool.sh is no Java: the server cannot start
    assert marker.exists()


def test_language_codes_are_no_paths(tmp_path: Path) -> None:
    """Language codes name the language model's cache file: a configuration's must be codes."""
    repo = _repo(
        tmp_path,
        "rules:\n  langue:\n    kind: language\n    options:\n"
        "      languages:\n        - fr\n        - ../../../../x\n",
    )
    process = run_newslint("check", "--no-grammar", "draft.md", cwd=repo, env=_env(tmp_path))
    _one_config_error(process, ".newslint.yaml:7:", "not a language code")
    from newslint.checks.language import _cache_file

    assert _cache_file(("fr", "../../x")) is None
    assert _cache_file(("en", "fr")) is not None


def test_a_trusted_repository_url_replaces_the_users_public_api(tmp_path: Path) -> None:
    """``url`` and ``public_api`` exclude each other: the later configuration's choice wins."""
    repo = _repo(tmp_path, "languagetool:\n  url: http://127.0.0.1:9/\n")
    user = tmp_path / "xdg" / "newslint" / "config.yaml"
    user.parent.mkdir(parents=True)
    user.write_text("languagetool:\n  public_api: true\n", encoding="utf-8")
    process = run_newslint("languagetool", "status", "--trust-config", cwd=repo, env=_env(tmp_path))
    assert process.returncode == 0, process.stderr
    assert b"Server: http://127.0.0.1:9/" in process.stdout, process.stdout
    process = run_newslint("languagetool", "status", cwd=tmp_path, env=_env(tmp_path))
    assert b"Server: the public LanguageTool API" in process.stdout, process.stdout
