"""Typed exceptions. Each carries a one-line, user-facing message."""

from __future__ import annotations


class NewslintError(Exception):
    """Base class: ``str(error)`` is the one line shown to the user."""


class ConfigError(NewslintError):
    """A configuration or rule file is invalid (file, line and key in the message)."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = ""
        if path:
            where = f"{path}:{line}: " if line else f"{path}: "
        super().__init__(f"{where}{message}")


class InputError(NewslintError):
    """A draft could not be read or decoded."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.reason = message
        super().__init__(f"{path}: {message}")


class BackendError(NewslintError):
    """A check that was asked for could not run (LanguageTool missing, dead, unreachable)."""
