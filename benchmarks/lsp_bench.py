"""The language server's latency and memory, as an editor sees them.

    python benchmarks/lsp_bench.py [--edits 40] [--memory-at 10,1000,2000,5000] [--no-grammar]

Starts ``python -m newslint lsp`` (this interpreter, the worktree's code) and talks to it over
stdio with a real LSP client (pygls, as in the end-to-end tests). The draft is about 5,000
characters: the first articles of ../shared/corpus/orangesum-dev.jsonl.gz put together, or a
generated one when ../shared is absent. Grammar uses a persistent LanguageTool server
(``newslint languagetool serve``, started here in a temporary cache folder, warmed up once).

Prints one table:

- non-grammar diagnostics published after an edit (one word changed in one paragraph):
  median and 90th percentile, from the ``didChange`` sent to the ``publishDiagnostics`` of
  that version received;
- grammar diagnostics of that edit (the second publish of the version: the edited paragraph
  sent to the warm server, the others answered from the paragraph cache);
- the server's CPU time per timed edit (from /proc: what the server itself spends, whatever
  else loads the machine);
- the server's resident memory (RSS, /proc) after each count of ``--memory-at`` untimed
  edits (each waiting for its non-grammar diagnostics, grammar left running or cancelled as a
  typing journalist leaves it), and whether it is flat: **flat means the RSS grows by less
  than 1 MB from the second count to the last** (from 1,000 to 5,000 edits by default; the
  first counts are the warm-up: the regular expressions compiled on first use, the caches
  filled).
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "orangesum-dev.jsonl.gz"
SIZE = 5_000
#: The RSS may grow by less than this from the second ``--memory-at`` count to the last.
FLAT_MB = 1.0


def draft_text() -> str:
    paragraphs: list[str] = []
    if CORPUS.is_file():
        with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
            for line in handle:
                article = json.loads(line)
                paragraphs.extend(p for p in article["text"].split("\n\n") if len(p) > 80)
                if sum(len(p) + 2 for p in paragraphs) >= SIZE:
                    break
    else:
        paragraphs = [
            f"Le ministre a déclaré lundi {i} que la réforme serait votée avant l’été, "
            "selon son entourage, malgré les critiques de l’opposition."
            for i in range(40)
        ]
    text = ""
    for paragraph in paragraphs:
        if len(text) + len(paragraph) + 2 > SIZE:
            break
        text += paragraph + "\n\n"
    return text


class Client:
    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.client = LanguageClient("lsp-bench", "1")
        self.published: dict[int, list[float]] = {}
        self.waiters: list[tuple[int, int, asyncio.Future]] = []
        self.messages: list[str] = []

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(params: types.PublishDiagnosticsParams) -> None:
            if params.version is None:
                return
            times = self.published.setdefault(params.version, [])
            times.append(time.perf_counter())
            for waiter in list(self.waiters):
                version, count, future = waiter
                if version == params.version and len(times) >= count and not future.done():
                    future.set_result(times[count - 1])
                    self.waiters.remove(waiter)

        @self.client.feature(types.WINDOW_SHOW_MESSAGE)
        def show(params: types.ShowMessageParams) -> None:
            self.messages.append(params.message)

    async def start(self, root: Path, grammar: bool) -> None:
        await self.client.start_io(sys.executable, "-m", "newslint", "lsp", env=self.env)
        await self.client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(),
                root_uri=from_fs_path(str(root)),
                initialization_options={"grammar": grammar},
            )
        )
        self.client.initialized(types.InitializedParams())

    def pid(self) -> int:
        return self.client._server.pid  # type: ignore[union-attr]

    def cpu_ms(self) -> float:
        """The server process's CPU time so far (user + system), in ms."""
        fields = Path(f"/proc/{self.pid()}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.pid()}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    async def wait(self, version: int, count: int, timeout: float = 120) -> float:
        times = self.published.get(version, [])
        if len(times) >= count:
            return times[count - 1]
        future = asyncio.get_running_loop().create_future()
        self.waiters.append((version, count, future))
        return await asyncio.wait_for(future, timeout)

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()


def edited(text: str, n: int) -> str:
    """The draft with one word of one paragraph changed (a different word each time)."""
    paragraphs = text.split("\n\n")
    k = n % max(1, len(paragraphs) - 1)
    words = paragraphs[k].split(" ")
    words[len(words) // 2] = f"mot{n}"
    paragraphs[k] = " ".join(words)
    return "\n\n".join(paragraphs)


def start_languagetool(env: dict[str, str]) -> subprocess.Popen | None:
    state = Path(env["NEWSLINT_CACHE_DIR"]) / "languagetool-server.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "newslint", "languagetool", "serve", "--idle-timeout", "0"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    while not state.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            return None
        time.sleep(0.2)
    return process


async def run(args) -> None:
    text = draft_text()
    with tempfile.TemporaryDirectory(prefix="lsp-bench-") as folder:
        root = Path(folder)
        env = {
            **os.environ,
            "NEWSLINT_CACHE_DIR": str(root / "cache"),
            "PYTHONPATH": str(ROOT / "src"),
        }
        (root / "cache").mkdir()
        languagetool = None
        grammar = not args.no_grammar
        if grammar:
            languagetool = start_languagetool(env)
            if languagetool is None:
                print("LanguageTool did not start: grammar not measured", file=sys.stderr)
                grammar = False
        client = Client(env)
        await client.start(root, grammar)
        uri = from_fs_path(str(root / "brouillon.md"))
        try:
            client.client.text_document_did_open(
                types.DidOpenTextDocumentParams(
                    text_document=types.TextDocumentItem(
                        uri=uri, language_id="markdown", version=1, text=text
                    )
                )
            )
            await client.wait(1, 2 if grammar else 1, timeout=600)  # warm: every paragraph once
            version = 1
            fast, slow = [], []

            async def edit(n: int, wait_grammar: bool) -> None:
                nonlocal version
                version += 1
                sent = time.perf_counter()
                client.client.text_document_did_change(
                    types.DidChangeTextDocumentParams(
                        text_document=types.VersionedTextDocumentIdentifier(
                            uri=uri, version=version
                        ),
                        content_changes=[
                            types.TextDocumentContentChangeWholeDocument(text=edited(text, n))
                        ],
                    )
                )
                first = await client.wait(version, 1)
                if wait_grammar:
                    fast.append((first - sent) * 1000)
                    if grammar:
                        slow.append((await client.wait(version, 2) - sent) * 1000)

            cpu_before = client.cpu_ms()
            for n in range(args.edits):
                await edit(n, True)
            cpu_per_edit = (client.cpu_ms() - cpu_before) / max(1, args.edits)
            rss: list[tuple[int, float]] = []
            done = 0
            for count in args.memory_at:
                for n in range(args.edits + done, args.edits + count):
                    await edit(n, False)
                done = max(done, count)
                await asyncio.sleep(1)
                rss.append((count, client.rss_mb()))
        finally:
            await client.stop()
            if languagetool is not None:
                languagetool.terminate()
                languagetool.wait(timeout=30)

    def cell(values: list[float]) -> str:
        if not values:
            return "not measured"
        p90 = sorted(values)[int(0.9 * (len(values) - 1))]
        return f"{statistics.median(values):7.1f} ms (p90 {p90:.1f})"

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"Draft: {len(text)} characters, {text.count(chr(10) * 2)} paragraphs; {args.edits} timed edits; "
        f"{os.cpu_count()} cores, load average at the end {load}"
    )
    print()
    print("| measure | value |")
    print("|---|---|")
    print(f"| non-grammar diagnostics after an edit (median) | {cell(fast)} |")
    print(f"| grammar diagnostics of the edit, warm server (median) | {cell(slow)} |")
    print(f"| server CPU time per timed edit (both passes, mean) | {cpu_per_edit:.1f} ms |")
    for count, value in rss:
        print(f"| server RSS after {count:,} edits | {value:.1f} MB |")
    if len(rss) >= 3:
        (first, low), (last, high) = rss[1], rss[-1]
        verdict = "flat" if high - low < FLAT_MB else "NOT flat"
        print(
            f"| RSS growth from {first:,} to {last:,} edits | {high - low:+.1f} MB: {verdict} "
            f"(flat: under {FLAT_MB:g} MB) |"
        )
    if client.messages:
        print("\nServer messages:", *client.messages, sep="\n- ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=40, help="timed edits")
    parser.add_argument(
        "--memory-at",
        type=lambda value: sorted(int(x) for x in value.split(",")),
        default=[10, 1000, 2000, 5000],
        help="untimed edits after which the RSS is read (comma-separated counts)",
    )
    parser.add_argument(
        "--no-grammar", action="store_true", help="no LanguageTool: non-grammar only"
    )
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
