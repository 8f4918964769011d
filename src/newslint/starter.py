"""The commented starter configuration written by ``newslint init``."""

STARTER = """\
# newslint configuration. Docs: README.md ("Configuration").
# newslint reads the nearest .newslint.yaml above each draft it checks.

# Start from the shipped French press rule set; later entries override earlier ones.
# fr-press follows each draft's own conventions; to declare a house style, use instead
# fr-press-strict (French book typography: « », ’, no-break spaces) or fr-press-wire
# (wire copy: straight quotes, plain spaces).
extends:
  - fr-press

# Drafts to check when a folder is given (globs relative to this file).
# include: ["**/*.md", "**/*.txt"]
exclude: ["archives/**"]

# Per-rule settings: severity (error|warning|info), enabled, quotes (skip|only|any),
# scope (heading, paragraph, list_item, blockquote, table_cell) and options.
# `newslint rules` lists every rule; `newslint rules explain ID` documents one.
rules: {}
#  names/variants:
#    severity: error
#  typography/convention-colon:
#    options:
#      house: insécable    # the house style for one convention (default: the draft's own)

# Canonical spellings of the people and places your desk writes about.
names: []
#  - canonical: Vladimir Poutine
#    aliases: [Poutine]
#    wrong: [Putin]
#  - include: names.yaml

# Words the speller must accept (names in the registry are accepted already).
vocabulary: []

# Per-path overrides: the last matching entry wins.
overrides: []
#  - files: ["depeches/**"]
#    rules:
#      typography/convention-apostrophe: {options: {house: droite}}

# LanguageTool (grammar and spelling). Nothing leaves this machine unless you set `url`.
# Settings that start a program or reach a server (java, jvm_options, directory, download,
# url, public_api) are refused here unless the run trusts this file (--trust-config); they
# belong in your own ~/.config/newslint/config.yaml (docs/configuration.md, "Trust").
# languagetool:
#   heap: 2g
"""
