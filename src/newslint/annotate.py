"""``newslint annotate DRAFT.docx OUT.docx``: a copy of a Word draft with a comment on each
finding's exact text (rule, severity, message, suggestion).

The draft is checked through the library API (:mod:`newslint.api`), as ``newslint check``
would check it. The copy is made with python-docx (1.2 writes comments): the finding's
paragraph is found by the same walk the loader reads (:mod:`newslint.documents.docx`), its
runs are split at the finding's first and last character (formatting kept: the split run
is a copy of the run), and the comment's range is put around exactly those runs. Word can
anchor comments only in the body: a finding in a header, footer or note is counted in the
summary line and left to ``newslint check``.

The draft is never written: the copy goes to a temporary file beside ``OUT`` and is renamed
over it (atomic); ``OUT`` naming the draft itself is refused. Exit codes are those of
``check``: 0 clean, 1 findings at or above ``--fail-on``, 2 a file that cannot be read or
written, 3 a check that could not run (the copy is still written, with what was found).
"""

from __future__ import annotations

import copy
import io
import os
import sys
import tempfile

from newslint.commands.options import fail_on_option, select_options
from newslint.commands.parsing import argument, command, echo, option, path_type
from newslint.exitcodes import ExitCode
from newslint.findings import Severity

AUTHOR = "newslint"
INITIALS = "NL"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def comment_text(finding) -> str:
    text = f"{finding.rule} ({finding.severity}) : {finding.message}"
    if finding.suggestions:
        text += f"\nSuggestion : {finding.suggestions[0]}"
    return text


def _content(run) -> list:
    from newslint.documents.docx import W

    return [child for child in run if child.tag != W + "rPr"]


def _split(run, child, index: int):
    """Split ``run`` before its content ``child`` (at character ``index`` of a ``w:t``);
    returns the new run holding ``child`` (or its tail) and what followed."""
    kids = _content(run)
    position = kids.index(child)
    second = copy.deepcopy(run)
    second_kids = _content(second)
    for kid in kids[position + 1 :]:
        run.remove(kid)
    for kid in second_kids[:position]:
        second.remove(kid)
    if index:
        text = child.text or ""
        child.text, second_kids[position].text = text[:index], text[index:]
        child.set(XML_SPACE, "preserve")
        second_kids[position].set(XML_SPACE, "preserve")
    else:
        run.remove(child)
    run.addnext(second)
    return second


def _boundary(paragraph, offset: int) -> None:
    """Make a run boundary at character ``offset`` of ``paragraph``."""
    from newslint.documents.docx import pieces

    start = 0
    for text, element in pieces(paragraph):
        end = start + len(text)
        if start <= offset < end:
            run = element.getparent()
            if offset == start and _content(run)[0] is element:
                return  # a run already starts here
            _split(run, element, offset - start)
            return
        start = end


def _run_from(paragraph, offset: int, *, ending: bool):
    """The run whose text starts at ``offset`` (``ending``: ends at ``offset``)."""
    from newslint.documents.docx import pieces

    start = 0
    chosen = None
    for text, element in pieces(paragraph):
        end = start + len(text)
        if not ending and start >= offset and text:
            return element.getparent()
        if ending and end <= offset and text:
            chosen = element.getparent()
        start = end
    return chosen


def annotate(data: bytes, findings) -> tuple[bytes, int, int]:
    """``data`` (a .docx) with a comment per finding; ``(bytes, commented, left out)``."""
    import docx
    from docx.text.run import Run

    from newslint.documents.docx import paragraph_text, paragraphs

    document = docx.Document(io.BytesIO(data))
    body = [paragraph for paragraph, _ in paragraphs(document.element)]
    commented = skipped = 0
    # From the last finding up: splitting runs never moves an earlier finding's characters.
    for finding in sorted(findings, key=lambda f: (f.line, f.column), reverse=True):
        if not 0 < finding.line <= len(body) or not 0 < finding.end_line <= len(body):
            skipped += 1
            continue
        first, last = body[finding.line - 1], body[finding.end_line - 1]
        start, end = finding.column - 1, finding.end_column - 1
        if finding.end_line == finding.line and end <= start:
            # A finding between two characters (a missing space): the character after it,
            # or the one before at the end of the paragraph.
            length = len(paragraph_text(first))
            start, end = (start, start + 1) if start < length else (max(start - 1, 0), start)
        _boundary(last, end)
        _boundary(first, start)
        first_run = _run_from(first, start, ending=False)
        last_run = _run_from(last, end, ending=True)
        if first_run is None or last_run is None:
            skipped += 1
            continue
        document.add_comment(
            [Run(first_run, document), Run(last_run, document)],
            text=comment_text(finding),
            author=AUTHOR,
            initials=INITIALS,
        )
        commented += 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), commented, skipped


def write_atomic(target: str, data: bytes) -> None:
    folder = os.path.dirname(os.path.abspath(target))
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".newslint-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def _fail(message: str, code: ExitCode = ExitCode.USAGE_ERROR) -> None:
    from newslint.reporters import visible

    echo(f"newslint: {visible(message)}", err=True)
    sys.exit(int(code))


@command("annotate")
@argument("draft", type=path_type(dir_okay=False, readable=False))
@argument("out", type=path_type(dir_okay=False, writable=False))
@option(
    "--config",
    "config_path",
    type=path_type(dir_okay=False),
    default=None,
    help="Use this configuration instead of discovering .newslint.yaml.",
)
@select_options
@fail_on_option()
def annotate_command(draft, out, config_path, select, ignore, no_grammar, fail_on) -> None:
    """Write OUT, a copy of the Word draft DRAFT with a comment on each finding."""
    from newslint import api
    from newslint.bounded import Refused, read_regular
    from newslint.documents import MAX_WORD_BYTES

    if os.path.exists(out) and _same_file(draft, out):
        _fail(f"{out}: is the draft itself; the draft is never written (name another file)")
    try:
        data = read_regular(draft, MAX_WORD_BYTES)
    except Refused as error:
        _fail(f"{draft}: {error}")
    except OSError as error:
        _fail(f"{draft}: cannot read: {error.strerror or error}")
    try:
        checker = api.Checker(config_path, select=select, ignore=ignore, grammar=not no_grammar)
        checked = checker.check_text(data, path=draft, fmt="docx")
    except api.NewslintError as error:
        _fail(str(error))
    try:
        annotated, commented, skipped = annotate(data, checked.findings)
    except Exception as error:  # noqa: BLE001 (python-docx refusing a part the loader read)
        _fail(f"{draft}: cannot annotate ({type(error).__name__}: {str(error)[:200]})")
    try:
        write_atomic(out, annotated)
    except OSError as error:
        _fail(f"{out}: cannot write: {error.strerror or error}")
    outside = f"; {skipped} in headers, footers or notes (see newslint check)" if skipped else ""
    echo(f"{out}: {commented} comment{'s' if commented != 1 else ''}{outside}")
    for path, message in checked.failures:
        echo(f"newslint: {path}: check failed: {message}", err=True)
    threshold = Severity.parse(fail_on)
    if checked.failures:
        sys.exit(int(ExitCode.CHECK_FAILED))
    sys.exit(
        int(
            ExitCode.FINDINGS
            if any(f.severity >= threshold for f in checked.findings)
            else ExitCode.CLEAN
        )
    )
