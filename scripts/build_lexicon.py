"""Build ``src/newslint/data/lexicon.bin``, the word table the names rules ship with.

The names rules ask how common a word is in French and in wordfreq's other Latin-alphabet
languages (:mod:`newslint.names.lexicon`). Building that table from wordfreq's files takes
15 s of CPU and gave a 48 MB SQLite file in each user's cache, built silently on the first
run (issue 13). This script builds it once, here, from the installed wordfreq, into a
compact file shipped in the package: every French word of wordfreq's ``large`` list, and
the other languages' words from Zipf ``OTHER_FLOOR`` up, with their Zipf frequencies in
hundredths, sorted, in zlib-compressed blocks of ``BLOCK`` words found by bisecting an index
of their first words.

    python scripts/build_lexicon.py [--output PATH]

Run it again after upgrading wordfreq; the output is deterministic (same input, same bytes).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BLOCK = 256


def build() -> tuple[dict, list[tuple[str, int, int]]]:
    from importlib.metadata import version

    from wordfreq import available_languages, read_cBpack

    from newslint.names.lexicon import _LATIN, OTHER_FLOOR, OTHER_LANGUAGES

    files = available_languages(wordlist="best")
    french: dict[str, int] = {}
    for index, words in enumerate(read_cBpack(files["fr"])):
        for word in words:
            french.setdefault(word, 900 - index)
    other: dict[str, int] = {}
    last_bin = round((9 - OTHER_FLOOR) * 100)
    for language in OTHER_LANGUAGES:
        if language not in files:
            continue
        for index, words in enumerate(read_cBpack(files[language])[: last_bin + 1]):
            value = 900 - index
            for word in words:
                if value > other.get(word, 0) and _LATIN.match(word):
                    other[word] = value
    rows = [
        (word, french.get(word, 0), other.get(word, 0))
        for word in sorted(french.keys() | other.keys())
        if "\t" not in word and "\n" not in word
    ]
    meta = {
        "wordfreq": version("wordfreq"),
        "other_floor": OTHER_FLOOR,
        "languages": ["fr", *OTHER_LANGUAGES],
        "words": len(rows),
        "block": BLOCK,
    }
    return meta, rows


def write(path: Path, meta: dict, rows: list[tuple[str, int, int]]) -> None:
    blocks: list[bytes] = []
    index_lines: list[str] = []
    offset = 0
    for start in range(0, len(rows), BLOCK):
        chunk = rows[start : start + BLOCK]
        text = "".join(f"{word}\t{fr}\t{oth}\n" for word, fr, oth in chunk)
        data = zlib.compress(text.encode("utf-8"), 9)
        index_lines.append(f"{chunk[0][0]}\t{offset}\t{len(data)}\n")
        blocks.append(data)
        offset += len(data)
    index = zlib.compress("".join(index_lines).encode("utf-8"), 9)
    meta = {**meta, "blocks": len(blocks), "index": len(index)}
    header = b"newslint-lexicon 1\n" + json.dumps(meta, sort_keys=True).encode() + b"\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(header)
            out.write(index)
            for data in blocks:
                out.write(data)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=str(ROOT / "src" / "newslint" / "data" / "lexicon.bin"))
    args = parser.parse_args()
    meta, rows = build()
    write(Path(args.output), meta, rows)
    size = Path(args.output).stat().st_size
    print(f"{args.output}: {meta['words']} words, {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
