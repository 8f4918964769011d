"""Per-rule CPU time and a findings dump, to make checks faster without changing a finding.

  python benchmarks/findings_oracle.py --n 3000 --dump before.jsonl      # on the old code
  python benchmarks/findings_oracle.py --n 3000 --dump after.jsonl [--rules punctuation/,typography/]
  python benchmarks/findings_oracle.py --compare before.jsonl after.jsonl [--rules ...]

Reads the corpus files benchmarks/corpus_files.py writes (benchmarks/out/orangesum) and the
``src`` of the current directory's checkout (run it from a worktree to time that tree).

The dump holds one line per article: path + sorted findings (rule, start, end, message,
suggestions). --compare prints the articles that differ (restricted to --rules prefixes).
Timing: per-rule CPU (process_time) over the articles, and load time, printed as a table.
"""

import argparse
import collections
import glob
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.getcwd(), "src"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--dump")
    ap.add_argument("--rules", default="")
    ap.add_argument("--compare", nargs=2)
    a = ap.parse_args()
    prefixes = tuple(p for p in a.rules.split(",") if p)
    keep = (lambda r: r.startswith(prefixes)) if prefixes else (lambda r: True)
    if a.compare:

        def read(p):
            out = {}
            for line in open(p):
                d = json.loads(line)
                out[d["path"]] = [f for f in d["findings"] if keep(f[0])]
            return out

        x, y = map(read, a.compare)
        diff = [p for p in x if x[p] != y.get(p)]
        print(f"{len(x)} articles, {len(diff)} differ")
        for p in diff[:15]:
            sx, sy = set(map(json.dumps, x[p])), set(map(json.dumps, y.get(p, [])))
            print(p)
            [print("  -", s) for s in sorted(sx - sy)]
            [print("  +", s) for s in sorted(sy - sx)]
        sys.exit(1 if diff else 0)
    from newslint.documents import load
    from newslint.linter import lint
    from newslint.runner import Runner, RunOptions, select_rules

    files = sorted(
        glob.glob(
            os.path.join(
                os.path.dirname(os.path.abspath(__file__)), "out", "orangesum", "*", "*.md"
            )
        )
    )[: a.n]
    runner = Runner(RunOptions(paths=[], no_grammar=True))
    config = runner.finder.for_path(files[0])
    rules = select_rules(config.rules_for(files[0]), runner.options)
    context = runner.context_for(config)
    datas = [(f, open(f, "rb").read()) for f in files]
    lint(load(files[0], datas[0][1]), rules, context)  # warm models
    per = collections.Counter()
    out = open(a.dump, "w") if a.dump else None
    tload = 0.0
    for path, data in datas:
        t = time.process_time()
        doc = load(path, data)
        tload += time.process_time() - t
        allf = []
        for rule in rules:
            if not keep(rule.id):
                continue
            t = time.process_time()
            f = lint(doc, [rule], context)
            per[rule.id] += time.process_time() - t
            allf.extend(f)
        if out:
            rows = sorted(
                [x.rule, x.source_start, x.source_end, x.message, list(x.suggestions)] for x in allf
            )
            out.write(
                json.dumps({"path": path.rsplit("/", 1)[1], "findings": rows}, ensure_ascii=False)
                + "\n"
            )
    n = len(datas)
    total = sum(per.values())
    print(
        f"{n} articles; load {tload / n * 1000:.3f} ms/article; rules {total / n * 1000:.3f} ms/article"
    )
    for rid, s in per.most_common():
        print(f"  {rid:32s} {s / n * 1000:7.3f} ms/article")


main()
