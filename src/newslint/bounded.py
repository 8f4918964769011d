"""Reading a file the user named without hanging or filling memory (issue 21).

A draft, a configuration or a file it includes can be a FIFO (opening it waits for a writer),
a device such as ``/dev/zero`` (reading never ends) or simply huge. :func:`read_regular`
reads regular files only, at most ``limit`` bytes, and says in one line why it refused.
"""

from __future__ import annotations

import errno
import os
import stat


class Refused(ValueError):
    """The file is not a regular file, or larger than the limit; ``str()`` says which."""


def too_large(size: int, limit: int, *, exact: bool = True) -> str:
    mib = limit // 1048576
    if not exact:
        return f"file too large (more than {mib} MiB)"
    return f"file too large ({size / 1048576:.1f} MiB, limit {mib} MiB)"


def read_regular(path: str | os.PathLike, limit: int) -> bytes:
    """The bytes of the regular file ``path``: :class:`Refused` for anything else or for more
    than ``limit`` bytes, :class:`OSError` when it cannot be read."""
    _check(os.stat(path), limit)  # before opening: opening a device may itself act
    fd = _nonblocking(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        _check(os.fstat(fd), limit)
        # Read on the descriptor, not through a file object (a warm run reads every file).
        data = _read_upto(lambda size: os.read(fd, size), limit)
    finally:
        os.close(fd)
    if len(data) > limit:  # the file grew after stat
        raise Refused(too_large(len(data), limit, exact=False))
    return data


def read_stream(stream, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of ``stream`` (standard input): enough to tell it is too
    large without reading the rest, which may never end (``< /dev/zero``)."""
    return _read_upto(stream.read, limit)


def _read_upto(read, limit: int) -> bytes:
    """At most ``limit + 1`` bytes from ``read(size)``, a mebibyte at a time."""
    chunks, size = [], 0
    while size <= limit:
        chunk = read(min(1 << 20, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _nonblocking(path: str | os.PathLike, flags: int) -> int:
    # Should ``path`` have become a FIFO between stat and open, open does not wait for a writer.
    return os.open(path, flags | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))


def _check(info: os.stat_result, limit: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, "Is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise Refused("not a regular file (FIFO, socket or device)")
    if info.st_size > limit:
        raise Refused(too_large(info.st_size, limit))


#: Configuration and included files larger than this are refused (a names or vocabulary list
#: may be long; its size in nodes is bounded by yamlload, drafts by documents.MAX_BYTES).
CONFIG_MAX_BYTES = 4 * 1024 * 1024


def read_config_text(path: str | os.PathLike[str]) -> str:
    """A configuration file or a file it includes: regular, at most :data:`CONFIG_MAX_BYTES`
    (``/dev/zero`` or a FIFO would hang the run; issue 21). Raises :class:`Refused`."""
    return read_regular(path, CONFIG_MAX_BYTES).decode("utf-8-sig")
