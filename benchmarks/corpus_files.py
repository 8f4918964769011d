"""Write ../shared/corpus/orangesum-dev.jsonl.gz out as one Markdown draft per article.

    python benchmarks/corpus_files.py [--out benchmarks/out/orangesum] [--limit N]

Each article becomes ``<out>/<shard>/<id>.md`` (title as a heading, then the text), 100 files
per shard folder. The folder is a cache (git-ignored, never committed: the texts are third-party
copy); it is rebuilt only when the article count differs. Prints the folder and its size.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "orangesum-dev.jsonl.gz"
DEFAULT_OUT = ROOT / "benchmarks" / "out" / "orangesum"
PER_SHARD = 100


def write_corpus(out: Path = DEFAULT_OUT, limit: int | None = None) -> tuple[Path, int, int]:
    """Write the articles (once); return ``(folder, files, bytes)``."""
    if not CORPUS.is_file():
        raise SystemExit(f"corpus not found: {CORPUS}")
    stamp = out / ".count"
    wanted = str(limit or "all")
    if stamp.is_file() and stamp.read_text() == wanted:
        return out, *_measure(out)
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        for line in lines:
            if limit is not None and count >= limit:
                break
            article = json.loads(line)
            shard = out / f"{count // PER_SHARD:04d}"
            shard.mkdir(exist_ok=True)
            body = f"# {article['title']}\n\n{article['text']}\n"
            (shard / f"{article['id']}.md").write_text(body, encoding="utf-8", newline="\n")
            count += 1
    stamp.write_text(wanted)
    return out, *_measure(out)


def _measure(out: Path) -> tuple[int, int]:
    files = size = 0
    for root, _dirs, names in os.walk(out):
        for name in names:
            if name.endswith(".md"):
                files += 1
                size += os.path.getsize(os.path.join(root, name))
    return files, size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    folder, files, size = write_corpus(args.out, args.limit)
    print(f"{folder}\t{files} files\t{size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
