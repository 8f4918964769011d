"""The commands of the command line, one module each, as pre-commit lays out its
``commands/``: ``check``, ``init``, ``rules`` (with ``explain`` and ``test``), ``baseline``.

Each module holds the command and its options, declared with :mod:`newslint.commands.parsing` (those several commands share are
decorators in :mod:`newslint.commands.options`); what a command does step by step is in
:mod:`newslint.app`, through the library API (:mod:`newslint.api`). :mod:`newslint.cli`
only registers them, and imports a command's module when it is invoked.
"""
