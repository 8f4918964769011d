"""Baselines: record today's findings once, then report only the new ones.

``newslint baseline`` writes every current finding's *fingerprint* to a JSON file;
``newslint check --baseline FILE`` drops the findings whose fingerprint is recorded there.

A fingerprint must survive the edits a newsroom makes to an old story without touching the
flagged passage: lines added above it, a paragraph re-wrapped, another sentence rewritten. So it
hashes what the problem *is*, never where it is:

- the rule id;
- the flagged text, whitespace collapsed;
- up to :data:`CONTEXT_WORDS` words on each side, taken in the same sentence of the checked
  text, so a re-wrapped paragraph or a rewritten neighbouring sentence keeps its fingerprints;
- the occurrence index among findings of the file with the same three values, so two identical
  slips in one paragraph stay two.

Line numbers and messages are not hashed (messages may count things elsewhere in the file).
The same fingerprint is SARIF's ``partialFingerprints`` value, so code-scanning tools and the
baseline agree on what "the same finding" means.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from typing import Any

from newslint.errors import NewslintError
from newslint.findings import TEXT_MAX
from newslint.renames import first_id
from newslint.segment import sentences

#: Words of context kept on each side of the flagged text.
CONTEXT_WORDS = 3
#: Fingerprint scheme, stored in baselines and SARIF (``newslint/v1``).
SCHEME = "newslint/v1"
DEFAULT_FILE = ".newslint-baseline.json"
FORMAT_VERSION = 1

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


class BaselineError(NewslintError):
    """A baseline file is missing, unreadable or not a newslint baseline."""


def _normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _context(document, finding) -> tuple[str, str]:
    """Words just before and just after the finding, inside its block of the checked text."""
    text = document.text
    start, end = finding.start, finding.end
    if not 0 <= start <= end <= len(text):
        return "", ""
    block_start, block_end = 0, len(text)
    for block in document.blocks:
        if block.start <= start <= block.end:
            block_start, block_end = block.start, max(block.end, end)
            break
    # Narrow to the finding's sentence: rewriting the sentence before must not change it.
    for sentence in sentences(text, block_start, block_end):
        if sentence.start <= start < sentence.end or sentence.start <= start == end == sentence.end:
            block_start, block_end = sentence.start, max(sentence.end, end)
            break
    before = _WORD.findall(text[block_start:start])[-CONTEXT_WORDS:]
    after = _WORD.findall(text[end:block_end])[:CONTEXT_WORDS]
    return " ".join(before), " ".join(after)


#: Spans up to this long are fingerprinted whole; longer ones (only hostile drafts have them)
#: by their excerpt, so a baseline of such a draft costs linear time.
_FINGERPRINT_SPAN = 65536


def _key(finding, document) -> str:
    flagged = finding.text
    span = finding.source_end - finding.source_start
    if (
        document is not None
        and TEXT_MAX < span <= _FINGERPRINT_SPAN
        and finding.source_start >= 0
        and finding.source_end <= len(document.source)
    ):
        # ``text`` is an excerpt: the whole span keeps fingerprints what they were (issue 21).
        flagged = document.source[finding.source_start : finding.source_end]
    # A renamed rule's first id: a baseline recorded before the rename still matches.
    rule = first_id(finding.rule)
    if document is None:
        return "\0".join((rule, _normalise(flagged or finding.message)))
    if not flagged and 0 <= finding.start <= finding.end <= len(document.text):
        flagged = document.text[finding.start : finding.end]
    before, after = _context(document, finding)
    return "\0".join((rule, _normalise(flagged), before, after))


def fingerprints(file_result) -> list[str]:
    """One fingerprint per finding of ``file_result``, in the same order."""
    seen: Counter = Counter()
    found = []
    for finding in file_result.findings:
        key = _key(finding, file_result.document)
        index = seen[key]
        seen[key] += 1
        digest = hashlib.sha256(f"{key}\0{index}".encode("utf-8", "surrogatepass"))
        found.append(digest.hexdigest()[:32])
    return found


def _relative(path: str, base: str) -> str:
    """How a baseline names a draft: relative to the baseline file's folder, with ``/``."""
    if path == "-" or path.startswith("<"):
        return path
    try:
        relative = os.path.relpath(os.path.abspath(path), base)
    except ValueError:  # another drive on Windows
        return os.path.abspath(path).replace(os.sep, "/")
    return relative.replace(os.sep, "/")


def _base_dir(baseline_path: str) -> str:
    return os.path.dirname(os.path.abspath(baseline_path))


def build(result, baseline_path: str) -> dict[str, Any]:
    """The baseline document for a run, with paths relative to ``baseline_path``'s folder."""
    from newslint import __version__

    base = _base_dir(baseline_path)
    files: dict[str, list[dict[str, Any]]] = {}
    for file in result.files:
        if not file.findings:
            continue
        entries = files.setdefault(_relative(file.path, base), [])
        for finding, fingerprint in zip(file.findings, fingerprints(file)):
            # rule, line and text are for the people reading the file in a review; only the
            # fingerprint is compared.
            entries.append(
                {
                    "fingerprint": fingerprint,
                    "rule": finding.rule,
                    "line": finding.line,
                    "text": finding.text,
                }
            )
    return {
        "version": FORMAT_VERSION,
        "scheme": SCHEME,
        "generator": f"newslint {__version__}",
        "files": dict(sorted(files.items())),
    }


#: A baseline records every finding of an archive: larger than a draft, still bounded.
MAX_BASELINE_BYTES = 256 * 1024 * 1024


def load(baseline_path: str) -> dict[str, Counter]:
    """Recorded fingerprints per draft path (relative to the baseline's folder)."""
    from newslint.bounded import Refused, read_regular

    try:
        # Regular files only, bounded (``--baseline /dev/zero`` read forever; issue 21).
        data = json.loads(read_regular(baseline_path, MAX_BASELINE_BYTES).decode("utf-8"))
    except Refused as error:
        raise BaselineError(f"cannot read baseline {baseline_path}: {error}") from None
    except FileNotFoundError:
        raise BaselineError(
            f"baseline {baseline_path} not found (create it with: newslint baseline -o {baseline_path})"
        ) from None
    except OSError as error:
        raise BaselineError(f"cannot read baseline {baseline_path}: {error.strerror}") from None
    except ValueError as error:
        raise BaselineError(f"baseline {baseline_path} is not valid JSON: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        raise BaselineError(f'{baseline_path} is not a newslint baseline (no "files" object)')
    if data.get("version") != FORMAT_VERSION or data.get("scheme", SCHEME) != SCHEME:
        raise BaselineError(
            f"baseline {baseline_path} has version {data.get('version')!r}, scheme "
            f"{data.get('scheme')!r}; this newslint reads version {FORMAT_VERSION}, {SCHEME} "
            "(record it again with: newslint baseline)"
        )
    known: dict[str, Counter] = {}
    for path, entries in data["files"].items():
        if not isinstance(entries, list):
            raise BaselineError(f"baseline {baseline_path}: entry for {path!r} is not a list")
        known[path] = Counter(
            entry.get("fingerprint") for entry in entries if isinstance(entry, dict)
        )
    return known


def filter_known(result, baseline_path: str) -> int:
    """Drop the findings recorded in the baseline; return how many were dropped.

    Matching is by multiset: a fingerprint recorded once hides one finding, so a slip that is
    repeated after the baseline was taken is reported.
    """
    known = load(baseline_path)
    base = _base_dir(baseline_path)
    dropped = 0
    for file in result.files:
        recorded = known.get(_relative(file.path, base))
        if not recorded or not file.findings:
            continue
        kept = []
        for finding, fingerprint in zip(file.findings, fingerprints(file)):
            if recorded[fingerprint] > 0:
                recorded[fingerprint] -= 1
                dropped += 1
            else:
                kept.append(finding)
        file.findings = kept
    return dropped


def write(document: dict[str, Any], baseline_path: str) -> None:
    """Write atomically (as ``--fix`` writes drafts), so an interrupted run never leaves half a
    baseline."""
    from newslint.errors import InputError
    from newslint.fix import write_atomic

    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    try:
        write_atomic(baseline_path, text.encode("utf-8"))
    except InputError as error:
        reason = error.reason.rpartition(": ")[2]
        raise BaselineError(f"cannot write baseline {baseline_path}: {reason}") from None
    except OSError as error:  # no such folder: the temporary file cannot even be created
        raise BaselineError(f"cannot write baseline {baseline_path}: {error.strerror}") from None
