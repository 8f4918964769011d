"""Grammar throughput: newslint against a plain language-tool-python loop, on one server.

    python benchmarks/grammar_bench.py [--articles 200] [--rounds 2] [--url URL]

Takes the first N articles of ../shared/corpus/orangesum-dev.jsonl.gz and prints, in one run
against the same LanguageTool server (started like newslint's own per-run server, with
LanguageTool's sentence cache off, and one untimed pass first so that LanguageTool's other
internal caches are equally warm for every timed pass):

- raw bound: exactly the requests newslint sends, as raw HTTP: the same paragraphs,
  deduplicated as newslint's cache keys do, the same parameters (language, disabledRules,
  disabledCategories in newslint's order), one keep-alive session per thread, as many threads
  as newslint keeps requests in flight. Nothing but the server's work: its bound;
- baseline: language-tool-python, ``LanguageTool('fr', remote_server=URL).check(article)``
  one article after another (what a user would write), same disabled rules as newslint;
- newslint cold: ``newslint check`` on the articles as files, LanguageTool's results not
  cached (the paragraph cache and each file's findings empty), the other per-user caches as
  any run after a user's first one has them (parsed rule sets, compiled patterns and classes,
  the language identifier's model, this LanguageTool version's rule metadata);
- newslint's first run ever: every cache empty, one pass, before the rounds (reported apart:
  it builds the caches above once per user and LanguageTool version);
- newslint warm: the same files again, every file's findings cached (``newslint.resultcache``),
  with LanguageTool found as a user's local installation (the version comes from it: no JVM,
  no request); the same with the paragraph cache only (``NEWSLINT_NO_RESULT_CACHE=1``); and
  once more with the server's ``url`` in the configuration (newslint asks that server its
  version once);
- one small draft with a persistent server (``newslint languagetool serve``) and without one;
- a pool: two servers (``url`` names both), undisturbed, then with the second one's JVM
  killed after a third of the undisturbed run's time: the findings must be the same, and the
  time lost is reported.

newslint sends paragraphs grouped (``mode=allButTextLevelOnly``, ``newslint.grammar.group``):
the raw bound sends exactly those grouped requests.

Targets (issue 14): cold >= 1.9x baseline, cold within 10% of the raw bound, warm >= 100x
cold, small draft with a persistent server <= 0.3 s, pool with a server killed: same findings.

newslint runs as a user's install runs it: the console script of ``pip install .`` in a
virtual environment (benchmarks/out/venv, shared with core.py). ``--interpreter`` runs
``python -m newslint`` with this script's interpreter instead (an editable install there may
recompile modules at every start, and site-wide ``.pth`` files add their own start-up).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "orangesum-dev.jsonl.gz"
#: The raw bound's client: newslint's requests and nothing else. One keep-alive session per
#: thread (a new connection per request costs LanguageTool's HTTP server dearly), as many
#: threads as newslint keeps requests in flight.
RAW_CLIENT = """
import json, sys, threading
from concurrent.futures import ThreadPoolExecutor
import requests
job = json.load(sys.stdin)
local = threading.local()
def post(chunk):
    if not hasattr(local, "session"):
        local.session = requests.Session()
    response = local.session.post(job["url"] + "v2/check", data={**job["params"], "text": chunk},
                                  timeout=300)
    response.raise_for_status()
with ThreadPoolExecutor(job["threads"]) as pool:
    list(pool.map(post, job["chunks"]))
"""
DRAFT = "Le président a dit qu'il a manger avec les enfant.\n\nLa réunion aura lieu demain.\n"


def articles(count: int) -> list[str]:
    texts = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line)["text"]
            if text.strip():
                texts.append(text)
            if len(texts) >= count:
                break
    return texts


def server_cpu(server) -> float:
    """CPU seconds the local LanguageTool JVM has used (0 for a server given by --url): a
    measure of the server's work that the load of a shared machine barely moves."""
    if server is None or server.process is None:
        return 0.0
    fields = Path(f"/proc/{server.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


#: How newslint is started: set by main() (the installed console script by default).
NEWSLINT = [sys.executable, "-m", "newslint"]


def newslint(args: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    process = subprocess.run([*NEWSLINT, *args], cwd=cwd, env=env, capture_output=True)
    elapsed = time.perf_counter() - start
    if process.returncode not in (0, 1):
        raise SystemExit(
            f"newslint {' '.join(args)} failed ({process.returncode}): "
            f"{process.stderr.decode()[-500:]}"
        )
    return elapsed


def pool_passes(work: Path, url: str, settings, trust: dict[str, str]):
    """Cold runs against two servers: undisturbed, then with the second killed after a third
    of the undisturbed time. Returns both times, whether the findings are equal, and what
    newslint said about the killed server."""
    import signal
    import threading

    from newslint.grammar.server import LocalServer

    second = LocalServer(settings)
    second.start()
    config = (
        f"extends: [fr-grammar]\nlanguagetool:\n  request_timeout: 600\n  url:\n    - {url}\n"
        f"    - {second.url}\n"
    )
    (work / ".newslint.yaml").write_text(config, encoding="utf-8")

    def run(cache: str) -> tuple[float, str, str]:
        env = {**os.environ, **trust, "NEWSLINT_CACHE_DIR": str(work / cache), "NO_COLOR": "1"}
        started = time.perf_counter()
        process = subprocess.run(
            [*NEWSLINT, "check", "--format", "json", "drafts"],
            cwd=work,
            check=False,
            env=env,
            capture_output=True,
        )
        elapsed = time.perf_counter() - started
        if process.returncode not in (0, 1):
            raise SystemExit(
                f"pool run failed ({process.returncode}): {process.stderr.decode()[-500:]}"
            )
        return elapsed, process.stdout.decode(), process.stderr.decode()

    try:
        run("pool-warmup")  # both servers' pipelines built, as for the other passes
        calm, calm_out, _ = run("pool-1")
        killer = threading.Timer(calm / 3, lambda: os.kill(second.process.pid, signal.SIGKILL))
        killer.start()
        disturbed, out, err = run("pool-2")
        killer.join()
    finally:
        second.stop()
    said = next((line for line in err.splitlines() if "taken out" in line), "no server taken out")
    return calm, disturbed, json.loads(out)["files"] == json.loads(calm_out)["files"], said[:120]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument(
        "--interpreter",
        action="store_true",
        help="run `python -m newslint` with this interpreter, not the installed script",
    )
    parser.add_argument("--reinstall", action="store_true", help="rebuild benchmarks/out/venv")
    parser.add_argument("--url", default="", help="Use this server instead of starting one.")
    parser.add_argument("--threads", type=int, default=0, help="newslint concurrency (0: default)")
    parser.add_argument("--rounds", type=int, default=2, help="mirrored rounds of the three passes")
    parser.add_argument(
        "--priming",
        type=int,
        default=2,
        help="untimed raw passes first (LanguageTool keeps speeding up on a text "
        "it has seen for a few passes)",
    )
    options = parser.parse_args()
    global NEWSLINT
    if not options.interpreter:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from core import installed

        NEWSLINT = [str(installed(options.reinstall))]
    print(f"newslint: {' '.join(NEWSLINT)}")
    if not CORPUS.exists():
        raise SystemExit(f"{CORPUS} is absent")

    sys.path.insert(0, str(ROOT / "src"))
    import requests
    import yaml

    from newslint.checks.grammar import Options, paragraphs, request_params
    from newslint.documents.text import load_text
    from newslint.grammar.server import LocalServer
    from newslint.grammar.settings import Settings

    texts = articles(options.articles)
    rule = yaml.safe_load((ROOT / "rules" / "fr-grammar.yaml").read_text())["rules"]["grammar"]
    grammar_options = Options(**rule["options"])
    params = request_params(grammar_options, "fr")
    # LanguageTool's sentence cache as good as off (6.8's server drops every connection
    # with cacheSize=0).
    # A loaded machine may need more than the default 120 s for one request.
    settings = Settings(server_cache_size=1, request_timeout=600.0)
    threads = options.threads or settings.threads()

    server = None
    url = options.url
    if not url:
        server = LocalServer(settings)
        started = time.perf_counter()
        server.start()
        url = server.url
        print(f"LanguageTool server started in {time.perf_counter() - started:.1f} s at {url}")
    try:
        work = Path(tempfile.mkdtemp(prefix="newslint-grammar-bench-"))
        drafts = work / "drafts"
        drafts.mkdir()
        chunks = []
        for index, text in enumerate(texts):
            (drafts / f"a{index:04d}.txt").write_text(text, encoding="utf-8")
            document = load_text(f"a{index:04d}.txt", text)
            chunks.extend(chunk for _, chunk in paragraphs(document))
        characters = sum(len(t) for t in texts)
        total = len(chunks)
        # newslint sends each distinct paragraph once (one cache key per text and options),
        # grouped as its backend groups them.
        from newslint.grammar import SEPARATOR, group

        chunks = list(dict.fromkeys(chunks))
        paragraphs_count = len(chunks)
        chunks = [
            SEPARATOR.join(text for _, (text, _) in batch)
            for batch in group([(str(i), (c, params)) for i, c in enumerate(chunks)], threads)
        ]
        print(
            f"{len(texts)} articles, {total} paragraphs ({paragraphs_count} distinct, "
            f"{len(chunks)} grouped requests), "
            f"{characters / 1000:.0f} k characters; {os.cpu_count()} cores, {threads} client "
            f"threads; load average {os.getloadavg()[0]:.2f}\n"
        )

        session = requests.Session()
        # Warm-up: build both pipelines and JIT the hot paths before anything is timed.
        warm = chunks[: 4 * threads]
        with ThreadPoolExecutor(threads) as pool:
            for answer in pool.map(
                lambda c: requests.post(url + "v2/check", data={**params, "text": c}), warm
            ):
                if answer.status_code != 200:
                    raise SystemExit(
                        f"LanguageTool answered {answer.status_code}: {answer.text[:300]}"
                    )
        session.post(url + "v2/check", data={"language": "fr", "text": texts[0]}).json()

        def raw_pass() -> float:
            # A fresh process, like newslint's own run, so nothing of this one (its memory,
            # its other clients) weighs on the bound.
            job = json.dumps({"url": url, "params": params, "chunks": chunks, "threads": threads})
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-c", RAW_CLIENT], input=job.encode("utf-8"), check=True
            )
            return time.perf_counter() - started

        import language_tool_python

        tool = language_tool_python.LanguageTool("fr", remote_server=url)
        tool.disabled_rules = set(grammar_options.disabled_rules)
        tool.disabled_categories = set(grammar_options.disabled_categories)

        def baseline_pass() -> float:
            started = time.perf_counter()
            for text in texts:
                tool.check(text)
            return time.perf_counter() - started

        config = "extends: [fr-grammar]\nlanguagetool:\n  request_timeout: 600\n" + (
            f"  concurrency: {options.threads}\n" if options.threads else ""
        )
        (work / ".newslint.yaml").write_text(config + f"  url: {url}\n", encoding="utf-8")
        # A configuration naming a server is honoured only when trusted (issue 21).
        trust = {"NEWSLINT_TRUST_CONFIG": "1"}
        runs = iter(range(100))

        template = work / "cache-template"

        def cold_pass() -> float:
            # LanguageTool's results are not cached (the paragraph cache and each file's
            # findings start empty); what any run after a user's first one has is there: the
            # parsed rule sets, compiled patterns and classes, the language identifier's model,
            # this LanguageTool version's rule metadata (template, from the first-run pass).
            folder = work / f"cache{next(runs)}"
            if template.is_dir():
                shutil.copytree(template, folder)
            env = {**os.environ, **trust, "NEWSLINT_CACHE_DIR": str(folder), "NO_COLOR": "1"}
            return newslint(["check", "--format", "json", "drafts"], env, work)

        # A user's very first run: every cache empty (the run builds them all). Timed once.
        first_env = {
            **os.environ,
            **trust,
            "NEWSLINT_CACHE_DIR": str(work / "cache-first"),
            "NO_COLOR": "1",
        }
        first_run = newslint(["check", "--format", "json", "drafts"], first_env, work)
        print(f"  first run ever (every cache empty): {first_run:.1f} s", flush=True)
        shutil.copytree(
            work / "cache-first",
            template,
            ignore=lambda _folder, names: [
                n for n in names if n == "results" or n.startswith("grammar-cache.sqlite3")
            ],
        )

        # LanguageTool answers a text it has seen faster for several passes (the JIT, and
        # caches beyond its sentence cache, which is off here): untimed passes over everything
        # put every timed pass on the same footing.
        for _ in range(options.priming):
            priming = raw_pass()
            print(f"  priming pass (untimed): {priming:.1f} s", flush=True)
        # ... and each other kind of pass once: the article-sized requests of the baseline
        # and the first newslint run otherwise pay for the JIT's recompilations in the first
        # timed rounds (measured: server CPU per pass 35, 23, 16 s for the baseline and 31,
        # 28, 20 s for newslint over rounds 1 to 3 after raw-only priming; raw: 23, 22, 20).
        if options.priming:
            print(f"  priming baseline (untimed): {baseline_pass():.1f} s", flush=True)
            print(f"  priming newslint (untimed): {cold_pass():.1f} s", flush=True)
        # Rounds in mirrored order (raw, baseline, cold, then cold, baseline, raw...): the
        # load of a shared machine and the JVM's warming drift over time; the mirror cancels
        # the drift out of the mean.
        passes = {"raw": raw_pass, "baseline": baseline_pass, "cold": cold_pass}
        order = list(passes)
        times: dict[str, list[float]] = {name: [] for name in passes}
        cpu: dict[str, list[float]] = {name: [] for name in passes}
        #: CPU seconds of the client side (newslint's process, the raw client's, or this
        #: process for the language-tool-python loop): what the client costs beside the server.
        client: dict[str, list[float]] = {name: [] for name in passes}
        for round_index in range(options.rounds):
            for name in order if round_index % 2 == 0 else order[::-1]:
                before = server_cpu(server)
                own = os.times()
                times[name].append(passes[name]())
                cpu[name].append(server_cpu(server) - before)
                done = os.times()
                client[name].append(
                    sum(done[:4]) - sum(own[:4])  # user, system, children's user and system
                )
                print(
                    f"  round {round_index + 1}: {name:<8} {times[name][-1]:7.1f} s "
                    f"(server CPU {cpu[name][-1]:.1f} s, client CPU {client[name][-1]:.2f} s, "
                    f"load {os.getloadavg()[0]:.1f})",
                    flush=True,
                )
        tool.close()
        raw_time = sum(times["raw"]) / len(times["raw"])
        baseline = sum(times["baseline"]) / len(times["baseline"])
        cold = sum(times["cold"]) / len(times["cold"])
        env = {**first_env}  # its cache holds every paragraph's and every file's results
        warm_url = min(
            newslint(["check", "--format", "json", "drafts"], env, work) for _ in range(3)
        )
        # A user's warm run: LanguageTool is the local installation (same version, so the
        # same cache keys); every paragraph is cached, so nothing is started or contacted.
        (work / ".newslint.yaml").write_text(config, encoding="utf-8")
        warm_time = min(
            newslint(["check", "--format", "json", "drafts"], env, work) for _ in range(3)
        )
        # The same with each file's cached findings ignored: the paragraph cache alone.
        paragraphs_only = {**env, "NEWSLINT_NO_RESULT_CACHE": "1"}
        warm_paragraphs = min(
            newslint(["check", "--format", "json", "drafts"], paragraphs_only, work)
            for _ in range(3)
        )
        load_after = os.getloadavg()[0]

        # One small draft: persistent server vs a JVM started for the run.
        small = work / "small"
        small.mkdir()
        (small / "draft.txt").write_text(DRAFT, encoding="utf-8")
        (small / ".newslint.yaml").write_text("extends: [fr-grammar]\n", encoding="utf-8")
        env_small = {**os.environ, "NEWSLINT_CACHE_DIR": str(work / "small-cache"), "NO_COLOR": "1"}
        subprocess.run(
            [*NEWSLINT, "languagetool", "serve", "--detach", "--idle-timeout", "600"],
            env=env_small,
            cwd=small,
            check=True,
            capture_output=True,
        )
        newslint(["check", "--no-cache", "draft.txt"], env_small, small)  # its pipeline, once
        with_server = min(
            newslint(["check", "--no-cache", "draft.txt"], env_small, small) for _ in range(3)
        )
        subprocess.run([*NEWSLINT, "languagetool", "stop"], env=env_small, capture_output=True)
        floor = min(
            newslint(["check", "--no-grammar", "draft.txt"], env_small, small) for _ in range(3)
        )
        without = newslint(
            ["check", "--no-cache", "draft.txt"],
            {**env_small, "NEWSLINT_CACHE_DIR": str(work / "small-cache-2")},
            small,
        )

        # A pool of two servers, the second killed after a third of the undisturbed time.
        pool = pool_passes(work, url, settings, trust) if server is not None else None
    finally:
        if server is not None:
            server.stop()

    def row(name: str, seconds: float, note: str = "", key: str = "") -> None:
        work_ = f"{sum(cpu[key]) / len(cpu[key]):9.1f}" if key and server is not None else " " * 9
        print(f"| {name:<38} | {seconds:9.2f} | {len(texts) / seconds:9.1f} | {work_} | {note}")

    print(
        f"\nmean of {options.rounds} mirrored round(s); warm: best of 3; "
        f"load average at the end {load_after:.2f}\n"
    )
    print(
        "| pass                                   | seconds   | articles/s | server CPU s | vs baseline / target"
    )
    print(
        "|----------------------------------------|-----------|-----------|--------------|---------------------"
    )
    row("raw concurrent HTTP (server bound)", raw_time, f"{baseline / raw_time:.2f}x", "raw")
    row("baseline: language-tool-python loop", baseline, "1.00x", "baseline")
    row(
        "newslint, cold cache",
        cold,
        f"{baseline / cold:.2f}x (target >= 1.9x); {cold / raw_time - 1:+.0%} vs raw (target <= +10%)",
        "cold",
    )
    row(
        "newslint, first run ever (every cache empty)",
        first_run,
        f"{baseline / first_run:.2f}x; {first_run / raw_time - 1:+.0%} vs raw (one pass, unprimed)",
    )
    row(
        "newslint, warm cache",
        warm_time,
        f"{cold / warm_time:.0f}x faster than cold (target >= 100x)",
    )
    row(
        "newslint, warm, paragraph cache only",
        warm_paragraphs,
        f"{cold / warm_paragraphs:.0f}x faster than cold (NEWSLINT_NO_RESULT_CACHE=1)",
    )
    row(
        "newslint, warm cache, url: server",
        warm_url,
        f"{cold / warm_url:.0f}x faster than cold (asks the server its version)",
    )
    print()
    print(f"| one small draft, persistent server     | {with_server:9.2f} s | target <= 0.3 s")
    print(
        f"| one small draft, no persistent server  | {without:9.2f} s | JVM start + French pipeline"
    )
    print(f"| same draft, --no-grammar (CLI floor)   | {floor:9.2f} s | Python start + other rules")
    print()
    for name in passes:
        print(
            f"| client CPU, {name:<26} | {sum(client[name]) / len(client[name]):9.2f} s | "
            "process CPU (user + system) of the client side, mean per pass"
        )
    if pool is not None:
        calm, disturbed, same, lost_line = pool
        print()
        print(
            f"| two servers (url: [A, B]), undisturbed | {calm:9.2f} s | {len(texts) / calm:.1f} articles/s"
        )
        print(
            f"| same, B killed after {calm / 3:5.1f} s          | {disturbed:9.2f} s | "
            f"time lost {disturbed - calm:+.2f} s; same findings: {'yes' if same else 'NO'}; {lost_line}"
        )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
