"""``newslint audit``: check a collection of articles, write findings tables."""

from __future__ import annotations

import os
import sys

from newslint.commands.options import fail_on_option, select_options
from newslint.commands.parsing import argument, command, echo, int_range, option, path_type
from newslint.exitcodes import ExitCode, combine
from newslint.trust import trust_option


def _error(message: str) -> None:
    from newslint.reporters import visible

    echo(f"newslint audit: {visible(message)}", err=True)


@command()
@argument("inputs", nargs=-1, required=True, type=path_type(dir_okay=False))
@option(
    "--output",
    "-o",
    required=True,
    type=path_type(dir_okay=False),
    help="Findings table: .parquet or .jsonl (one row per finding).",
)
@option(
    "--summary",
    "summary_path",
    type=path_type(dir_okay=False),
    default=None,
    help="Per-rule, per-column summary table (default: beside --output, "
    "named <output>.summary.<ext>).",
)
@option("--id-field", default="id", show_default=True, help="Field holding the article id.")
@option("--text-field", default="text", show_default=True, help="Field holding the article text.")
@option(
    "--meta",
    "meta",
    default="",
    metavar="FIELDS",
    help="Metadata fields carried into the tables, comma-separated (date,desk,author).",
)
@option(
    "--path-template",
    default="{id}.txt",
    show_default=True,
    help="The draft name each article is checked as ({id} and metadata fields by "
    "name): its extension gives the format, configuration overrides match it.",
)
@option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="A running Dask scheduler (tcp://host:8786); default: a local cluster.",
)
@option(
    "--workers",
    "-w",
    type=int_range(minimum=0),
    default=None,
    help="Worker processes of the local cluster (default: one per core; 0: no "
    "cluster, check in this process).",
)
@option(
    "--partition-size",
    type=int_range(minimum=1),
    default=None,
    help="Articles per task (default: 250, or 20 with grammar: a task then takes seconds, "
    "and the last ones must not leave workers idle).",
)
@option("--limit", type=int_range(minimum=1), default=None, help="Only the first N articles.")
@option(
    "--config",
    "config_path",
    type=path_type(dir_okay=False),
    default=None,
    help="Use this configuration instead of discovering .newslint.yaml.",
)
@trust_option()
@select_options
@option("--no-cache", is_flag=True, help="Neither read nor write the LanguageTool result cache.")
@option(
    "--across-files",
    is_flag=True,
    help="Compare name spellings across the whole collection (two phases).",
)
@fail_on_option("Lowest severity that makes the run exit 1.")
def audit(
    inputs,
    output,
    summary_path,
    id_field,
    text_field,
    meta,
    path_template,
    scheduler,
    workers,
    partition_size,
    limit,
    config_path,
    select,
    ignore,
    no_grammar,
    no_cache,
    across_files,
    fail_on,
) -> None:
    """Audit a collection of articles (JSON Lines, gzip or Parquet) on a Dask cluster."""
    from newslint.audit.collection import Fields
    from newslint.audit.run import Plan, SchedulerError
    from newslint.audit.run import audit as run_audit
    from newslint.audit.tables import table_format
    from newslint.audit.work import Settings
    from newslint.errors import ConfigError, InputError, NewslintError
    from newslint.trust import TRUST_ENV

    meta_fields = tuple(name.strip() for name in meta.split(",") if name.strip())
    if summary_path is None:
        stem = (
            output[: -len(".parquet")] if output.endswith(".parquet") else output.rsplit(".", 1)[0]
        )
        summary_path = (
            f"{stem}.summary.{'parquet' if table_format(output) == 'parquet' else 'jsonl'}"
        )
    if config_path is not None:
        config_path = os.path.abspath(config_path)
    settings = Settings(
        config=config_path,
        select=tuple(select),
        ignore=tuple(ignore),
        grammar=not no_grammar,
        cache=not no_cache,
        across_files=across_files,
        path_template=path_template,
        meta=meta_fields,
        trusted=os.environ.get(TRUST_ENV) == "1",
    )
    plan = Plan(
        inputs=list(inputs),
        fields=Fields(id_field, text_field, meta_fields),
        output=output,
        summary=summary_path,
        settings=settings,
        scheduler=scheduler,
        workers=(os.cpu_count() or 1) if workers is None else workers,
        partition_size=partition_size or (20 if settings.grammar else 250),
        limit=limit,
        fail_on=fail_on,
    )
    try:
        # A configuration that cannot load is said once, here, not by every worker.
        from newslint import api

        api.Checker(
            settings.config,
            select=settings.select,
            ignore=settings.ignore,
            grammar=settings.grammar,
        ).rules_for(path_template.replace("{id}", "x"))
        outcome = run_audit(plan)
    except ConfigError as error:
        _error(f"config error: {error}")
        sys.exit(int(ExitCode.USAGE_ERROR))
    except InputError as error:
        _error(f"{error.path}: {error.reason}")
        sys.exit(int(ExitCode.USAGE_ERROR))
    except SchedulerError as error:
        _error(str(error))
        sys.exit(int(ExitCode.CHECK_FAILED))
    except NewslintError as error:
        _error(str(error))
        sys.exit(int(ExitCode.USAGE_ERROR))
    for article, message in outcome.failures[:20]:
        _error(f"{article}: {message}")
    for article, message in outcome.errors[:20]:
        _error(f"{article}: {message}")
    rate = outcome.articles / outcome.seconds if outcome.seconds else 0.0
    echo(
        f"newslint audit: {outcome.articles} articles, {outcome.findings} findings "
        f"({outcome.failing} at or above {fail_on}) in {outcome.seconds:.1f} s "
        f"({rate:.0f} articles/s); findings in {output}, summary in {summary_path}",
        err=True,
    )
    codes = [ExitCode.CLEAN]
    if outcome.failing:
        codes.append(ExitCode.FINDINGS)
    if outcome.errors:
        codes.append(ExitCode.USAGE_ERROR)
    if outcome.failures:
        codes.append(ExitCode.CHECK_FAILED)
    sys.exit(int(combine(codes)))
