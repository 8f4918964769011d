"""An audit run: partitions out to Dask workers (or checked here), rows back in order.

At most a few partitions per worker are in flight at once, and rows are written as soon as
every earlier partition's rows are: memory stays bounded by the window, not the archive. A
partition whose worker died is recomputed by Dask (its task is pure) and written once, in
its place. With ``across_files`` the run has two phases: the workers send back each
article's name mentions with its rows; once every partition is in, the cross-article
comparison runs here and its findings, placed in their articles (read again from the
collection), are added to the table.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import field
from typing import Any

from newslint.audit.collection import Article, Fields, partitions
from newslint.audit.tables import Summary, findings_writer
from newslint.audit.work import PartitionResult, Settings, check_partition, checker_for, finding_row
from newslint.classcache import dataclass
from newslint.errors import NewslintError

LOG = logging.getLogger(__name__)


class SchedulerError(NewslintError):
    """The Dask scheduler could not be reached or the cluster could not start."""


@dataclass
class Plan:
    """What an audit was asked to do."""

    inputs: list[str]
    fields: Fields
    output: str
    summary: str | None
    settings: Settings
    scheduler: str | None = None
    #: Worker processes of the local cluster; 0: no cluster, check in this process.
    workers: int = 2
    partition_size: int = 250
    limit: int | None = None
    fail_on: str = "error"


@dataclass
class Outcome:
    articles: int = 0
    findings: int = 0
    failing: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    workers: int = 0


def _local(plan: Plan) -> Iterator[PartitionResult]:
    for index, partition in enumerate(
        partitions(plan.inputs, plan.fields, plan.partition_size, plan.limit)
    ):
        yield check_partition(index, partition, plan.settings)


def _plugin_class():
    from distributed.diagnostics.plugin import WorkerPlugin

    class NewslintPlugin(WorkerPlugin):
        """Each worker builds its checker once when it starts (configuration, word tables,
        LanguageTool when grammar runs) and lets it go when it stops."""

        name = "newslint"

        def __init__(self, settings: Settings) -> None:
            self.settings = settings

        def setup(self, worker) -> None:
            checker = checker_for(self.settings)
            checker.warm()

        def teardown(self, worker) -> None:
            from newslint.audit.work import close_checkers

            close_checkers()

    return NewslintPlugin


#: Dask's housekeeping in a local cluster, less often than its defaults. The workers share the
#: machine's cores with the checks (and with a local LanguageTool server, whose pace sets a
#: grammar run's): the statistical profiler sampling every 10 ms, the event-loop tick every
#: 20 ms and the resource monitors several times a second cost a local cluster of two workers
#: about 9% of a core at rest, 1% with these (measured: ``docs/audit.md``). None of them changes
#: what is checked; the memory limits are still enforced, once a second.
LOCAL_DASK_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
}


def connect(plan: Plan):
    """A Dask client: to ``plan.scheduler``, or to a new local cluster of processes (its
    workers and scheduler with :data:`LOCAL_DASK_CONFIG`)."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - the audit extra
        raise SchedulerError("a cluster run needs Dask (pip install 'newslint[audit]')") from None
    if plan.scheduler:
        try:
            return Client(plan.scheduler, timeout="10s"), None
        except (OSError, TimeoutError, ValueError) as error:
            raise SchedulerError(
                f"cannot reach the Dask scheduler at {plan.scheduler} ({type(error).__name__})"
            ) from None
    with dask.config.set(LOCAL_DASK_CONFIG):
        cluster = LocalCluster(
            n_workers=plan.workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        return Client(cluster), cluster


def _on_cluster(plan: Plan, client) -> Iterator[PartitionResult]:
    from distributed import as_completed

    client.register_plugin(_plugin_class()(plan.settings), name="newslint")
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    window = 2 * workers + 2
    source = enumerate(partitions(plan.inputs, plan.fields, plan.partition_size, plan.limit))
    pending = as_completed()
    ready: dict[int, PartitionResult] = {}
    following = 0

    def submit_next() -> bool:
        item = next(source, None)
        if item is None:
            return False
        index, partition = item
        pending.add(
            client.submit(
                check_partition,
                index,
                partition,
                plan.settings,
                key=f"newslint-partition-{index}-{id(plan)}",
                pure=False,
            )
        )
        return True

    for _ in range(window):
        if not submit_next():
            break
    for future in pending:
        result: PartitionResult = future.result()
        future.release()
        ready[result.index] = result
        while following in ready:
            yield ready.pop(following)
            following += 1
        submit_next()
    while following in ready:
        yield ready.pop(following)
        following += 1


def _reread(plan: Plan, ids: set[str]) -> dict[str, Article]:
    wanted: dict[str, Article] = {}
    for partition in partitions(plan.inputs, plan.fields, plan.partition_size, plan.limit):
        for article in partition:
            if article.id in ids:
                wanted[article.id] = article
    return wanted


def audit(plan: Plan, progress=None) -> Outcome:
    """Run the audit; the tables are in place when it returns (none if it raised)."""
    from newslint.findings import Severity

    started = time.perf_counter()
    outcome = Outcome()
    threshold = Severity.parse(plan.fail_on)
    writer = findings_writer(plan.output, plan.fields.meta)
    summary = Summary(plan.fields.meta, exact=plan.settings.across_files)
    state: dict[str, dict[str, Any]] = {}
    paths: dict[str, str] = {}
    client = cluster = None
    try:
        if plan.workers > 0 or plan.scheduler:
            client, cluster = connect(plan)
            outcome.workers = len(client.scheduler_info().get("workers", {}))
            results = _on_cluster(plan, client)
        else:
            results = _local(plan)
        for result in results:
            writer.write(result.rows)
            summary.add(result.rows)
            outcome.articles += len(result.paths)
            outcome.findings += len(result.rows)
            outcome.failing += _failing(result.rows, threshold)
            outcome.failures.extend(result.failures)
            outcome.errors.extend(result.errors)
            if plan.settings.across_files:
                for rule_id, states in result.state.items():
                    state.setdefault(rule_id, {}).update(states)
                paths.update(result.paths)
            if progress is not None:
                progress(outcome.articles)
        if plan.settings.across_files and state:
            rows = _across(plan, state, paths)
            writer.write(rows)
            summary.add(rows)
            outcome.findings += len(rows)
            outcome.failing += _failing(rows, threshold)
        writer.close()
        if plan.summary:
            summary.write(plan.summary)
    except BaseException:
        writer.abort()
        raise
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
    outcome.seconds = time.perf_counter() - started
    return outcome


def _failing(rows: list[tuple[Any, ...]], threshold) -> int:
    from newslint.findings import Severity

    return sum(1 for row in rows if Severity.parse(row[2]) >= threshold)


def _across(plan: Plan, state: dict[str, dict[str, Any]], paths: dict[str, str]) -> list:
    """Phase two: compare every article's names; rows of the findings, by article order."""
    checker = checker_for(plan.settings)
    by_path = {path: article_id for article_id, path in paths.items()}
    involved: set[str] = set()
    for states in state.values():
        involved.update(by_path[path] for path in states if path in by_path)
    articles = _reread(plan, involved)

    def load_document(path: str):
        article = articles.get(by_path.get(path, ""))
        return None if article is None else checker.load_text(article.text, path)

    placed = checker.across(state, load_document)
    order = {article_id: index for index, article_id in enumerate(paths)}
    rows: list[tuple[Any, ...]] = []
    for path in sorted(placed, key=lambda p: order.get(by_path.get(p, ""), 0)):
        article = articles[by_path[path]]
        rows.extend(finding_row(article, finding) for finding in placed[path])
    return rows
