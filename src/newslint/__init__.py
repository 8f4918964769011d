"""newslint: an editorial quality-check linter for French news drafts."""

__version__ = "0.1.0"
