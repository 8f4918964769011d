"""``newslint rules explain grammar/<ID>``: a LanguageTool rule explained from the server's
own metadata (cached on disk with the grammar cache, :mod:`newslint.grammar.rulemeta`)."""

from __future__ import annotations

from typing import Any


def explain_rule(rule: Any, sub_id: str, config: Any) -> int:
    """``newslint rules explain grammar/<ID>``: LanguageTool's description of one of its
    rules, from the server's metadata (cached on disk). Returns the exit code."""
    import sys

    from newslint.errors import BackendError
    from newslint.exitcodes import ExitCode
    from newslint.grammar import backend_for
    from newslint.grammar.rulemeta import describe, help_text

    language = rule.options.language or config.language or "fr"
    language = language if language in ("fr", "fr-FR", "fr-CA", "fr-CH", "fr-BE") else "fr"
    backend = backend_for(config.languagetool)
    try:
        info = backend.rule_info(language, examples=True)
    except BackendError as error:
        print(f"newslint: {error}", file=sys.stderr)
        return int(ExitCode.CHECK_FAILED)
    finally:
        backend.close()
    found = describe(info, sub_id)
    if found is None:
        print(
            f'newslint: LanguageTool has no rule "{sub_id}" for {language} '
            f"(see: newslint languagetool rules)",
            file=sys.stderr,
        )
        return int(ExitCode.USAGE_ERROR)
    off = sub_id in set(rule.options.disabled_rules)
    print(
        f"# {rule.id}/{sub_id}  (LanguageTool {backend.version()}, rule {rule.id}"
        f"{', turned off there' if off else ''})\n"
    )
    print(help_text(found))
    return int(ExitCode.CLEAN)
