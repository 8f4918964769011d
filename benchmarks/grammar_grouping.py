"""Per-paragraph requests against paragraphs grouped per article, on a running server.

    newslint languagetool serve --detach      # prints the server's URL
    python benchmarks/grammar_grouping.py URL [ARTICLES]

Sends the first ARTICLES (60) OrangeSum articles' paragraphs, with fr-grammar's parameters,
four requests in flight, and prints per round: per-paragraph requests without LanguageTool's
text-level rules (``mode=allButTextLevelOnly``), the same paragraphs grouped one request per
article (matches mapped back to their paragraph by UTF-16 offset), per-paragraph requests with
every rule (what newslint sends), and per-paragraph ``textLevelOnly`` requests; whether the
grouped answers equal the per-paragraph ones, and which text-level rules fired.
"""
import collections
import gzip
import itertools
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import requests
import yaml

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from newslint.checks.grammar import Options, paragraphs, request_params  # noqa: E402 (after the sys.path line above)
from newslint.documents import load  # noqa: E402 (after the sys.path line above)
from newslint.options import build  # noqa: E402 (after the sys.path line above)

URL = sys.argv[1].rstrip("/"); N = int(sys.argv[2]) if len(sys.argv) > 2 else 60
rule = yaml.safe_load(open(ROOT / "rules" / "fr-grammar.yaml"))["rules"]["grammar"]
opts = build(Options, rule.get("options"), "grammar")
params = request_params(opts, "fr")
arts = []
with gzip.open(ROOT.parent / "shared" / "corpus" / "orangesum-dev.jsonl.gz", "rt") as f:
    for line in itertools.islice(f, N):
        d = json.loads(line); text = d.get("text") or d.get("article") or ""
        arts.append(text)
docs = [[t for _, t in paragraphs(load(f"a{i}.txt", a.encode()))] for i, a in enumerate(arts)]
local = __import__("threading").local()
def post(text, mode):
    s = getattr(local, "s", None) or requests.Session(); local.s = s
    r = s.post(URL + "/v2/check", data={**params, "text": text, "mode": mode}, timeout=120)
    return r.json()["matches"]
def key(m, base=0):
    return (m["rule"]["id"], m["offset"] - base, m["length"], tuple(r["value"] for r in m["replacements"][:3]))
def u16(s): return len(s.encode("utf-16-le")) // 2
def per_para(mode):
    jobs = [p for d in docs for p in d]
    with ThreadPoolExecutor(4) as ex:
        res = list(ex.map(lambda p: post(p, mode), jobs))
    return [sorted(key(m) for m in r) for r in res]
def grouped(mode):
    def one(d):
        text = "\n\n".join(d); ms = post(text, mode)
        starts = []; pos = 0
        for p in d: starts.append(pos); pos += u16(p) + 2
        out = [[] for _ in d]; cross = 0
        for m in ms:
            k = max(i for i, s in enumerate(starts) if s <= m["offset"])
            if m["offset"] + m["length"] > starts[k] + u16(d[k]): cross += 1
            out[k].append(key(m, starts[k]))
        return [sorted(o) for o in out], cross
    with ThreadPoolExecutor(4) as ex:
        res = list(ex.map(one, docs))
    return [p for r, _ in res for p in r], sum(c for _, c in res)
print(len(docs), "articles", sum(map(len, docs)), "paragraphs")
per_para("allButTextLevelOnly"); grouped("allButTextLevelOnly")  # warm
for rnd in range(2):
    t = time.perf_counter(); A = per_para("allButTextLevelOnly"); ta = time.perf_counter() - t
    t = time.perf_counter(); B, cross = grouped("allButTextLevelOnly"); tb = time.perf_counter() - t
    t = time.perf_counter(); C = per_para("all"); tc = time.perf_counter() - t
    print(f"round {rnd}: per-paragraph allBut {ta:.1f}s grouped allBut {tb:.1f}s per-paragraph all {tc:.1f}s; grouped==per-paragraph: {sum(a==b for a,b in zip(A,B))}/{len(A)} cross={cross}")
diff = [(a, b) for a, b in zip(A, B) if a != b][:5]
for a, b in diff: print(" A-B", set(a)-set(b), " B-A", set(b)-set(a))
tl = collections.Counter(k[0] for a, c in zip(A, C) for k in set(c) - set(a))
print("text-level rules firing per paragraph (all minus allBut):", tl.most_common(10))
for _round in range(2):
    t = time.perf_counter(); T = per_para("textLevelOnly"); tt = time.perf_counter() - t
    t = time.perf_counter(); B, cross = grouped("allButTextLevelOnly"); tb = time.perf_counter() - t
    t = time.perf_counter(); C = per_para("all"); tc = time.perf_counter() - t
    union = [sorted(set(b) | set(x)) for b, x in zip(B, T)]
    print(f"textLevelOnly per paragraph {tt:.1f}s + grouped allBut {tb:.1f}s = {tt+tb:.1f}s vs per-paragraph all {tc:.1f}s; union==all: {sum(u==c for u,c in zip(union,C))}/{len(C)}")
