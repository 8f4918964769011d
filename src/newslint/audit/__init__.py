"""``newslint audit``: an archive of articles checked on a Dask cluster, findings as tables.

A newsroom's archive is a database export, not a folder of files: JSON Lines (gzip too) or
Parquet files of articles, each with an id field and a text field, and metadata columns
(date, desk, author) carried through to the findings. The articles are cut into partitions
that Dask workers check through the library API (:mod:`newslint.api`), each worker loading
the configuration once (:class:`~newslint.audit.work.NewslintPlugin`); findings come back as
rows, written in the collection's order to a Parquet or JSON Lines table, with a per-rule,
per-column summary a data team loads in pandas or DuckDB.

- :mod:`~newslint.audit.collection`: reading articles, in partitions, with clear errors.
- :mod:`~newslint.audit.work`: what a worker does with a partition (pure: a partition
  checked twice, after a worker died, gives the same rows).
- :mod:`~newslint.audit.tables`: the findings and summary tables.
- :mod:`~newslint.audit.run`: the run itself, on a cluster or in this process.
- :mod:`~newslint.audit.command`: the ``newslint audit`` command.
"""
