"""The command line's parser: commands and options declared once, with decorators, and parsed
by the standard library's :mod:`argparse` when the command runs (issue 20: importing click cost
about 50 M of the ~520 M instructions of a one-draft run; argparse about 10 M).

A command is a function decorated with :func:`command` (or :func:`group`, whose subcommands are
registered with ``group.command()``/``group.group()``, or named as ``"module:attribute"`` and
imported only when invoked), under its :func:`option` and :func:`argument` declarations::

    @command("init")
    @option("--force", is_flag=True, help="Overwrite an existing .newslint.yaml.")
    @argument("directory", default=".", type=path_type(file_okay=False))
    def init(directory: str, force: bool) -> None:
        "Write a commented starter .newslint.yaml."

What a user sees: ``-h``/``--help`` on every command and group, the docstring as its
description, ``[default: X]`` after an option's help where asked; a usage error (unknown option
or command, bad or missing value, missing argument) is one line on stderr naming it, with a
suggestion where one is close, and exit 2. Options may come before, between or after the
arguments; a repeatable option (``multiple=True``) gives a tuple, as ``nargs=-1`` arguments do.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

#: Exit code of a usage error (:class:`newslint.exitcodes.ExitCode.USAGE_ERROR`).
USAGE_ERROR = 2


def echo(message: object = "", err: bool = False) -> None:
    """``message`` and a newline on stdout (stderr with ``err``), flushed at once."""
    stream = sys.stderr if err else sys.stdout
    stream.write(f"{message}\n")
    stream.flush()


# -- declarations ------------------------------------------------------------------------------


class Param:
    """One option or argument, as declared (see :func:`option` and :func:`argument`)."""

    def __init__(self, decls: tuple[str, ...], kwargs: dict[str, Any], argument: bool) -> None:
        self.argument = argument
        self.kwargs = kwargs
        self.flags: list[str] = []
        self.toggle = ""  # "--no-x" of a "--x/--no-x" option
        name = ""
        for decl in decls:
            if argument or not decl.startswith("-"):
                name = decl
            elif "/" in decl:
                on, off = decl.split("/")
                self.flags.append(on)
                self.toggle = off
            else:
                self.flags.append(decl)
        if not name:
            longest = max(self.flags, key=len)
            name = longest.lstrip("-").replace("-", "_")
        self.name = name
        self.dest = name
        self.expose = kwargs.get("expose_value", True)
        self.callback: Callable[[Any], None] | None = kwargs.get("callback")

    def default(self) -> Any:
        default = self.kwargs.get("default")
        if self.kwargs.get("multiple") or self.kwargs.get("nargs") == -1:
            return tuple(default or ())
        if self.kwargs.get("is_flag") and default is None:
            return False
        return default

    def convert(self, value: Any) -> Any:
        if self.kwargs.get("multiple") or self.kwargs.get("nargs") == -1:
            return tuple(value or ())
        return value

    def add_to(self, parser: Any, prefix: str) -> None:
        kw = self.kwargs
        help_text = kw.get("help")
        if kw.get("show_default") and kw.get("default") is not None:
            default = kw["default"]
            if self.toggle and isinstance(default, bool):
                default = self.flags[0].lstrip("-") if default else self.toggle.lstrip("-")
            help_text = f"{help_text or ''}  [default: {default}]".strip()
        spec: dict[str, Any] = {"dest": prefix + self.dest}
        if help_text is not None:
            spec["help"] = help_text.replace("%", "%%")
        choices = kw.get("choices")
        convert = kw.get("type")
        if self.argument:
            spec["metavar"] = self.name.upper()
            nargs = kw.get("nargs")
            if nargs == -1:
                spec["nargs"] = "+" if kw.get("required") else "*"
            elif "default" in kw:
                spec["nargs"] = "?"
            spec["default"] = self.default()
            if convert is not None:
                spec["type"] = convert
            parser.add_argument(**spec)
            return
        spec["default"] = argparse.SUPPRESS
        if self.toggle:
            spec.update(action=_Toggle, toggle=self.toggle)
            parser.add_argument(*self.flags, self.toggle, **spec)
            return
        if kw.get("is_flag"):
            spec["action"] = "store_true"
        else:
            spec["action"] = "append" if kw.get("multiple") else "store"
            if kw.get("required"):
                spec["required"] = True
            if choices:
                spec["choices"] = choices
                spec["metavar"] = kw.get("metavar") or "[" + "|".join(choices) + "]"
            else:
                spec["metavar"] = (
                    kw.get("metavar")
                    or getattr(convert, "metavar", None)
                    or {"int": "INTEGER", "float": "FLOAT"}.get(
                        getattr(convert, "__name__", ""), "TEXT"
                    )
                )
            if convert is not None:
                spec["type"] = convert
        parser.add_argument(*self.flags, **spec)


def _declare(func: Any, param: Param) -> Any:
    params = func.__dict__.setdefault("__cli_params__", [])
    params.insert(0, param)  # decorators apply bottom-up: keep the order they are written in
    return func


def option(*decls: str, **kwargs: Any) -> Callable[[Any], Any]:
    """An option: ``"--name"``, ``"-n"``, ``"dest"``, or ``"--x/--no-x"`` for a flag pair.
    Keywords: ``default``, ``help``, ``type`` (a callable: ``int``, ``float``,
    :func:`int_range`, :func:`path_type`), ``choices``, ``metavar``, ``is_flag``, ``multiple``,
    ``required``, ``show_default``; ``callback(value)`` runs once parsed, and
    ``expose_value=False`` keeps the value from the function."""
    return lambda func: _declare(func, Param(decls, kwargs, argument=False))


def argument(name: str, **kwargs: Any) -> Callable[[Any], Any]:
    """An argument: one value; ``nargs=-1`` for any number (``required=True``: at least one);
    a ``default`` makes it optional. ``type`` as for :func:`option`."""
    return lambda func: _declare(func, Param((name,), kwargs, argument=True))


def pass_context(func: Any) -> Any:
    """Call the function with the :class:`Context` first (a group's ``obj`` reaches its
    subcommands through it)."""
    func.__cli_pass_context__ = True
    return func


# -- value types -------------------------------------------------------------------------------


def _type_error(message: str) -> Exception:
    return argparse.ArgumentTypeError(message)


def int_range(minimum: int | None = None, maximum: int | None = None) -> Callable[[str], int]:
    """An integer within ``[minimum, maximum]`` (either end open when ``None``)."""
    if minimum is not None and maximum is not None:
        bounds = f"{minimum}<=x<={maximum}"
    else:
        bounds = f"x>={minimum}" if minimum is not None else f"x<={maximum}"

    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise _type_error(f"{text!r} is not a valid integer") from None
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            raise _type_error(f"{value} is not in the range {bounds}")
        return value

    convert.metavar = "INTEGER"  # type: ignore[attr-defined]
    return convert


def path_type(
    dir_okay: bool = True, file_okay: bool = True, readable: bool = True, writable: bool = False
) -> Callable[[str], str]:
    """A path, checked only when it exists: a folder where only a file will do (or the other
    way round), or one that cannot be read (written) when it must be, is a usage error."""

    def convert(text: str) -> str:
        if not os.path.exists(text):
            return text
        if not dir_okay and os.path.isdir(text):
            raise _type_error(f"{text!r} is a directory")
        if not file_okay and not os.path.isdir(text):
            raise _type_error(f"{text!r} is a file")
        if readable and not os.access(text, os.R_OK):
            raise _type_error(f"{text!r} is not readable")
        if writable and not os.access(text, os.W_OK):
            raise _type_error(f"{text!r} is not writable")
        return text

    convert.metavar = "DIRECTORY" if not file_okay else "FILE" if not dir_okay else "PATH"  # type: ignore[attr-defined]
    return convert


# -- commands ----------------------------------------------------------------------------------


class Context:
    """What a command's run shares with its subcommand's: ``obj``, ``invoked_subcommand``."""

    def __init__(self, parent: Context | None = None) -> None:
        self.parent = parent
        self.obj: Any = parent.obj if parent else None
        self.invoked_subcommand: str | None = None


def _clean(doc: str | None) -> str:
    lines = (doc or "").expandtabs().strip("\n").splitlines()
    if not lines:
        return ""
    indents = [len(line) - len(line.lstrip()) for line in lines[1:] if line.strip()]
    cut = min(indents, default=0)
    return "\n".join([lines[0].strip(), *(line[cut:].rstrip() for line in lines[1:])]).strip()


class Command:
    """A command (with subcommands: a group), built by :func:`command` or :func:`group`."""

    def __init__(
        self,
        func: Any,
        name: str | None,
        *,
        group: bool = False,
        invoke_without_command: bool = False,
    ) -> None:
        self.callback = func
        self.name = name or func.__name__.replace("_", "-")
        self.params: list[Param] = list(func.__dict__.get("__cli_params__", []))
        self.help = _clean(func.__doc__)
        self.is_group = group
        self.invoke_without_command = invoke_without_command
        self.commands: dict[str, Command | str] = {}
        self.version: str | None = None

    @property
    def summary(self) -> str:
        """The first sentence of the help (as a group lists its commands)."""
        first = " ".join(self.help.split("\n\n")[0].split())
        head, dot, _ = first.partition(". ")
        return head + "." if dot else first

    def command(self, name: str | None = None) -> Callable[[Any], Command]:
        """Register a subcommand."""

        def decorate(func: Any) -> Command:
            sub = Command(func, name)
            self.commands[sub.name] = sub
            return sub

        return decorate

    def group(self, name: str | None = None, **kwargs: Any) -> Callable[[Any], Command]:
        """Register a subgroup."""

        def decorate(func: Any) -> Command:
            sub = Command(func, name, group=True, **kwargs)
            self.commands[sub.name] = sub
            return sub

        return decorate

    def get_command(self, name: str) -> Command | None:
        found = self.commands.get(name)
        if isinstance(found, str):
            import importlib

            module, attribute = found.split(":")
            try:
                found = getattr(importlib.import_module(module), attribute)
            except (ModuleNotFoundError, AttributeError):
                return None
            self.commands[name] = found
        return found if isinstance(found, Command) else None

    def parser(self, prog: str) -> Any:
        parser = _Parser(
            prog=prog,
            description=self.help,
            formatter_class=_Formatter,
            allow_abbrev=False,
        )
        if self.is_group:
            parser.listing = self.listing  # only for the help: it imports every subcommand
        if self.version is not None:
            parser.add_argument(
                "--version",
                action="version",
                version=self.version,
                help="Show the version and exit.",
            )
        for param in self.params:
            param.add_to(parser, "param:")
        if self.is_group:
            parser.add_argument(
                "command:",
                nargs=argparse.REMAINDER,
                metavar="COMMAND ...",
                help="one of the commands below, and its arguments",
            )
        return parser

    def listing(self) -> str:
        """The subcommands, one line each, as a group's help lists them."""
        names = sorted(self.commands)
        width = max(map(len, names), default=0)
        lines = []
        for name in names:
            sub = self.get_command(name)
            if sub is not None:
                lines.append(f"  {name:<{width}}  {sub.summary}")
        return "commands:\n" + "\n".join(lines)

    def main(self, args: Sequence[str], prog: str, parent: Context | None = None) -> Any:
        """Parse ``args``, run the command (and its subcommand); return what it returns."""
        parser = self.parser(prog)
        if self.is_group:
            namespace, extras = parser.parse_known_args(args)
        else:
            namespace, extras = parser.parse_known_intermixed_args(args)
        rest: list[str] = list(getattr(namespace, "command:", None) or [])
        if extras or (rest and rest[0].startswith("-") and rest[0] != "-"):
            unknown = extras or rest[:1]
            parser.error(f"unrecognized arguments: {' '.join(unknown)}{_suggest(parser, unknown)}")
        values = vars(namespace)
        kwargs: dict[str, Any] = {}
        for param in self.params:
            key = "param:" + param.dest
            value = param.convert(values[key]) if key in values else param.default()
            if param.callback is not None:
                param.callback(value)
            if param.expose:
                kwargs[param.dest] = value
        context = Context(parent)
        sub: Command | None = None
        if self.is_group:
            if not rest and not self.invoke_without_command:
                parser.print_help(sys.stderr)
                sys.exit(USAGE_ERROR)
            if rest:
                sub = self.get_command(rest[0])
                if sub is None:
                    parser.error(
                        f"no such command {rest[0]!r}{_suggest_from(rest[0], list(self.commands))}"
                    )
                context.invoked_subcommand = rest[0]
        if getattr(self.callback, "__cli_pass_context__", False):
            result = self.callback(context, **kwargs)
        else:
            result = self.callback(**kwargs)
        if sub is not None:
            return sub.main(rest[1:], f"{prog} {rest[0]}", context)
        return result


def command(name: str | None = None) -> Callable[[Any], Command]:
    """Make the decorated function a command (its docstring is its help)."""
    return lambda func: Command(func, name)


def group(name: str | None = None, **kwargs: Any) -> Callable[[Any], Command]:
    """Make the decorated function a group of subcommands; with
    ``invoke_without_command=True`` it also runs alone (``ctx.invoked_subcommand`` is None)."""
    return lambda func: Command(func, name, group=True, **kwargs)


# -- argparse, as the commands use it ----------------------------------------------------------


def _suggest_from(word: str, candidates: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, candidates, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _suggest(parser: Any, unknown: list[str]) -> str:
    first = next((arg for arg in unknown if arg.startswith("--")), "")
    if not first:
        return ""
    return _suggest_from(first.split("=")[0], list(parser._option_string_actions))


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """argparse's, without asking the terminal's width (``shutil``, with the ``bz2`` and
    ``lzma`` it imports) until a help is printed: parsing formats no text."""

    width = 78

    def __init__(self, prog: str, **kwargs: Any) -> None:
        super().__init__(prog, width=_Formatter.width, **kwargs)


class _Parser(argparse.ArgumentParser):
    """A usage error is one line naming the command, and exit 2."""

    listing: Callable[[], str] | None = None

    def format_help(self) -> str:
        import shutil

        _Formatter.width = shutil.get_terminal_size().columns - 2  # as argparse's own
        if self.listing is not None:
            self.description = f"{self.description}\n\n{self.listing()}".strip()
            self.listing = None
        return super().format_help()

    def error(self, message: str) -> Any:
        self.exit(USAGE_ERROR, f"{self.prog}: {message} (see: {self.prog} --help)\n")


class _Toggle(argparse.Action):
    """``--x/--no-x``: the first sets True, the second False."""

    def __init__(self, option_strings: list[str], dest: str, toggle: str, **kwargs: Any) -> None:
        self.toggle = toggle
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser: Any, namespace: Any, values: Any, option_string: Any = None) -> None:
        setattr(namespace, self.dest, option_string != self.toggle)
