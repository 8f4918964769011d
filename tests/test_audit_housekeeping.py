"""The local cluster of ``newslint audit`` spends its cores on the checks, not on Dask's
housekeeping (issue 19: the grammar run shares two cores with LanguageTool)."""

from __future__ import annotations

import pytest

pytest.importorskip("distributed")


def test_local_cluster_workers_run_without_profiler_and_with_slow_ticks():
    import dask

    from newslint.audit.collection import Fields
    from newslint.audit.run import Plan, connect
    from newslint.audit.work import Settings

    before = dask.config.get("distributed.worker.profile.enabled")
    plan = Plan([], Fields("id", "text", ()), "out.jsonl", None, Settings(), workers=2)
    client, cluster = connect(plan)
    try:

        def housekeeping():
            import dask

            return (
                dask.config.get("distributed.worker.profile.enabled"),
                dask.config.get("distributed.admin.tick.interval"),
                dask.config.get("distributed.admin.system-monitor.interval"),
                dask.config.get("distributed.worker.memory.monitor-interval"),
            )

        seen = client.run(housekeeping)
        assert len(seen) == 2
        assert set(seen.values()) == {(False, "1s", "5s", "1s")}
        # The scheduler (in this process) ticks once a second too.
        assert cluster.scheduler._tick_interval == 1.0
    finally:
        client.close()
        cluster.close()
    # This process's own configuration is left as it was.
    assert dask.config.get("distributed.worker.profile.enabled") == before
