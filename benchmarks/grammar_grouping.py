"""Oracle: grouped requests give each paragraph exactly its one-paragraph-per-request matches.

    newslint languagetool serve --port 8081 &       # or any LanguageTool server
    python benchmarks/grammar_grouping.py http://127.0.0.1:8081/ [--articles 200]

Takes the first ARTICLES OrangeSum articles, splits them into paragraphs as the grammar kind
does, and asks the server for fr-grammar's rules two ways:

- grouped: newslint's own backend (``newslint.grammar.Backend``, no cache), which sends the
  paragraphs several per request with ``mode=allButTextLevelOnly`` and splits the matches back;
- one per paragraph: raw HTTP, one request per paragraph, ``mode=all`` (every rule LanguageTool
  would run), with fr-grammar's disabled rules, the text-level ones included.

Prints how many paragraphs have identical matches (rule id, sub-id, offset, length, message,
replacements) and the differences, if any. Exit status 1 when any paragraph differs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "orangesum-dev.jsonl.gz"
sys.path.insert(0, str(ROOT / "src"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--threads", type=int, default=4)
    options = parser.parse_args()

    import requests
    import yaml

    from newslint.checks.grammar import Options, paragraphs, request_params
    from newslint.documents.text import load_text
    from newslint.grammar import Backend, slim
    from newslint.grammar.settings import Settings

    url = options.url if options.url.endswith("/") else options.url + "/"
    rule = yaml.safe_load((ROOT / "rules" / "fr-grammar.yaml").read_text())["rules"]["grammar"]
    params = request_params(Options(**rule["options"]), "fr")
    texts = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line)["text"]
            if text.strip():
                texts.append(text)
            if len(texts) >= options.articles:
                break
    chunks = list(
        dict.fromkeys(
            chunk
            for index, text in enumerate(texts)
            for _, chunk in paragraphs(load_text(f"a{index}.txt", text))
        )
    )
    print(
        f"{len(texts)} articles, {len(chunks)} distinct paragraphs; parameters: mode="
        f"{params.get('mode')}, {len(params.get('disabledRules', '').split(','))} rules off"
    )

    backend = Backend(Settings(url=url, cache=False, concurrency=options.threads), use_cache=False)
    started = time.perf_counter()
    grouped = backend.results([(chunk, params) for chunk in chunks])
    grouped_time = time.perf_counter() - started
    requests_sent = backend.stats.get("requests", 0)

    local = threading.local()
    single = {**params, "mode": "all"}

    def one(chunk: str) -> list[dict]:
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        answer = session.post(url + "v2/check", data={**single, "text": chunk}, timeout=300)
        answer.raise_for_status()
        return [slim(match) for match in answer.json()["matches"]]

    started = time.perf_counter()
    with ThreadPoolExecutor(options.threads) as pool:
        alone = list(pool.map(one, chunks))
    alone_time = time.perf_counter() - started

    def key(match: dict) -> tuple:
        rule_ = match["rule"]
        return (
            rule_["id"],
            rule_["subId"],
            match["offset"],
            match["length"],
            match["message"],
            tuple(match["replacements"]),
        )

    same = 0
    differences = []
    for chunk, a, b in zip(chunks, grouped, alone):
        ka, kb = sorted(map(key, a)), sorted(map(key, b))
        if ka == kb:
            same += 1
        else:
            differences.append((chunk, set(ka) - set(kb), set(kb) - set(ka)))
    matches = sum(len(a) for a in alone)
    print(
        f"grouped: {requests_sent} requests, {grouped_time:.1f} s; one per paragraph: "
        f"{len(chunks)} requests, {alone_time:.1f} s"
    )
    print(
        f"paragraphs with identical matches: {same} / {len(chunks)} "
        f"({matches} matches one per paragraph, {sum(len(g) for g in grouped)} grouped)"
    )
    for chunk, only_grouped, only_alone in differences[:10]:
        print(f"  {chunk[:60]!r}: only grouped {only_grouped}, only alone {only_alone}")
    return 0 if not differences else 1


if __name__ == "__main__":
    sys.exit(main())
