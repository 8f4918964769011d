"""What a repository's configuration may do (issue 21).

A ``.newslint.yaml`` comes with the drafts: in CI, a pull request can change it. So a
configuration file may neither start a program, nor send drafts off the machine, nor read a
file outside its repository, unless the run trusts it:

- settings that run a program or reach out (``languagetool:`` ``java``, ``jvm_options``,
  ``directory``, ``download``, ``url``, ``public_api``) are honoured only from the user's own
  configuration (:func:`user_config_path`), or from a configuration the run trusts;
- files a configuration names (``extends:`` paths, ``names:`` and ``vocabulary:`` includes)
  must resolve, symlinks followed, inside its repository root (:func:`repository_root`).

A run trusts every configuration with ``--trust-config`` or ``NEWSLINT_TRUST_CONFIG=1`` (like
direnv's ``allow``). ``--config FILE`` chooses a file; it does not vouch for its content. The
shipped rule sets are always trusted. A refusal is a config error (exit 2), never a silent
skip: a server or program quietly left out would be a different check than the one asked for.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from newslint.classcache import dataclass
from newslint.errors import ConfigError

#: The environment variable that makes a run trust every configuration it reads.
TRUST_ENV = "NEWSLINT_TRUST_CONFIG"
_HOW = f"--trust-config or {TRUST_ENV}=1"


def trusted_by_environment() -> bool:
    return os.environ.get(TRUST_ENV, "").strip().lower() in ("1", "true", "yes")


def trust_option():
    """The ``--trust-config`` flag of every command that reads a configuration.

    It is ``NEWSLINT_TRUST_CONFIG=1`` for the run, so that worker processes and a detached
    ``languagetool serve`` inherit it.
    """
    from newslint.commands.parsing import option

    def enable(value: bool) -> None:
        if value:
            os.environ[TRUST_ENV] = "1"

    return option(
        "--trust-config",
        is_flag=True,
        expose_value=False,
        callback=enable,
        help="Trust the repository's configuration: let it start "
        "programs, reach servers and read files outside the repository "
        f"({TRUST_ENV}=1).",
    )


def user_config_dir() -> str:
    """platformdirs' ``user_config_dir("newslint")``; on Linux and the BSDs the XDG rule,
    computed directly (as :func:`newslint.cachedir.user_cache_dir` does, for start-up time)."""
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        base = os.environ.get("XDG_CONFIG_HOME", "").strip()
        if not base or not os.path.isabs(base):
            base = os.path.expanduser("~/.config")
        return os.path.join(base, "newslint")
    import platformdirs

    return platformdirs.user_config_dir("newslint", appauthor=False)


def user_config_path() -> Path:
    """The user's own configuration: machine settings (``languagetool:``) only."""
    return Path(user_config_dir()) / "config.yaml"


def repository_root(config_file: str | Path) -> Path:
    """The repository a configuration file belongs to: the nearest folder holding ``.git``
    (a folder, or a worktree's file) from the file's own folder upward, as found (symlinks
    not yet followed); without one, the file's own folder. Returned with symlinks resolved.

    A repository cannot place a ``.git`` above itself, so it cannot widen its root; a
    checkout without ``.git`` (an archive) gets the narrowest root.
    """
    start = os.path.dirname(os.path.abspath(config_file))
    folder = start
    while True:
        if os.path.lexists(os.path.join(folder, ".git")):
            return Path(os.path.realpath(folder))
        parent = os.path.dirname(folder)
        if parent == folder:
            return Path(os.path.realpath(start))
        folder = parent


@dataclass(frozen=True)
class Guard:
    """What one configuration file may do: everything (``root`` is ``None``: trusted), or
    only read files under ``root``, and set no privileged setting."""

    root: Path | None = None

    @property
    def trusted(self) -> bool:
        return self.root is None

    @classmethod
    def for_file(cls, config_file: str | Path, trusted: bool | None = None) -> Guard:
        """The guard of a configuration file the run reads (``trusted=None``: the environment
        decides)."""
        if trusted is None:
            trusted = trusted_by_environment()
        return TRUSTED if trusted else cls(repository_root(config_file))

    def confine(self, target: Path, what: str, config_file: str, line: int | None) -> Path:
        """``target`` with symlinks resolved, or a config error if it leaves the root.

        ``what`` names the key and the value as written (``extends: "../x.yaml"``).
        """
        resolved = Path(os.path.realpath(target))
        if self.root is not None and not _inside(resolved, self.root):
            raise ConfigError(
                f"{what} is outside the repository ({self.root}); trust this "
                f"configuration with {_HOW} to read it",
                config_file,
                line,
            )
        return resolved

    def check_file(self, config_file: str | Path) -> None:
        """Refuse a configuration file that is itself, symlinks resolved, outside the root."""
        self.confine(Path(config_file), "the configuration file", str(config_file), None)

    def check_settings(self, section: dict, config_file: str, line) -> None:
        """Refuse, in an untrusted file, a ``languagetool:`` setting that runs a program or
        reaches out. ``line(*keys)`` gives a key's line."""
        if self.trusted:
            return
        from newslint.grammar.settings import PRIVILEGED

        for key, value in section.items():
            # ``false`` turns a download or the public API off: it reaches nothing.
            if key in PRIVILEGED and value is not False:
                raise ConfigError(
                    f'languagetool: "{key}" {PRIVILEGED[key]}, so a repository\'s configuration '
                    f"may not set it: set it in your own {user_config_path()}, or trust this "
                    f"configuration with {_HOW}",
                    config_file,
                    line("languagetool", key),
                )


TRUSTED = Guard()


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents
