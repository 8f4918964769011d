"""LanguageTool's own description of its rules, from the server (``/v2/configinfo``).

``/v2/configinfo?language=fr`` lists every rule of a language with its description, category,
issue type, and whether it is a text-level rule (``isTextLevelRule``: it looks beyond one
sentence, so its matches depend on the text around a paragraph). newslint uses it for:

- ``newslint languagetool rules --text-level``: the text-level rules ``fr-grammar`` turns off
  (the list in rules/fr-grammar.yaml is this command's output, and a test compares them);
- ``newslint rules explain grammar/<ID>`` and the SARIF help of grammar rules.

The answer is kept on disk beside the grammar cache, one file per LanguageTool version and
language (``grammar-rules-<version>-<language>.json``), so an explanation needs a server once.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from newslint.errors import BackendError

_SAFE = re.compile(r"[^0-9A-Za-z._-]")


def fetch(url: str, language: str = "fr", timeout: float = 60.0) -> dict[str, Any]:
    """The server's ``/v2/configinfo`` answer: ``{"software": ..., "rules": [...]}``."""
    import requests

    url = url if url.endswith("/") else url + "/"
    try:
        response = requests.get(
            url + "v2/configinfo", params={"language": language}, timeout=timeout
        )
    except requests.RequestException as error:
        raise BackendError(f"LanguageTool at {url} unreachable: {error}") from None
    if response.status_code != 200:
        raise BackendError(
            f"LanguageTool at {url} answered {response.status_code} to "
            f"/v2/configinfo: {response.text[:200]}"
        )
    try:
        answer = response.json()
    except ValueError:
        answer = None
    if (
        not isinstance(answer, dict)
        or not isinstance(answer.get("rules"), list)
        or not all(
            isinstance(rule, dict) and isinstance(rule.get("ruleId"), str)
            for rule in answer["rules"]
        )
    ):
        raise BackendError(
            f"LanguageTool at {url} sent an invalid answer to /v2/configinfo (no list of rules)"
        )
    return answer


#: Java source (run by Java's source launcher against the installation's jars): each rule's
#: first incorrect and correct example, as LanguageTool's own rule files give them. The
#: server's /v2/configinfo has no examples.
_EXAMPLES_JAVA = """
import org.languagetool.*;
import org.languagetool.rules.*;
public class NewslintRuleExamples {
  static String clean(String s) { return s.replace('\\t', ' ').replace('\\n', ' '); }
  public static void main(String[] a) throws Exception {
    JLanguageTool lt = new JLanguageTool(Languages.getLanguageForShortCode(a[0]));
    for (Rule r : lt.getAllRules()) {
      String bad = r.getIncorrectExamples().isEmpty() ? "" : r.getIncorrectExamples().get(0).getExample();
      String good = r.getCorrectExamples().isEmpty() ? "" : r.getCorrectExamples().get(0).getExample();
      if (!bad.isEmpty() || !good.isEmpty())
        System.out.println(r.getId() + "\\t" + clean(bad) + "\\t" + clean(good));
    }
  }
}
"""


def add_examples(info: dict[str, Any], settings, language: str) -> bool:
    """Add each rule's examples (``examples``: incorrect, then correct) from the local
    installation's jars; False when there is none or Java fails (the rest still explains)."""
    import subprocess
    import tempfile

    from newslint.grammar import provision

    try:
        installation = provision.find(settings)
        java = provision.check_java(settings.java)
    except BackendError:
        return False
    with tempfile.TemporaryDirectory(prefix="newslint-lt-examples-") as folder:
        source = Path(folder) / "NewslintRuleExamples.java"
        source.write_text(_EXAMPLES_JAVA, encoding="utf-8")
        try:
            process = subprocess.run(
                [java, "-cp", installation.classpath, str(source), language.split("-")[0]],
                capture_output=True,
                timeout=300,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return False
    if process.returncode != 0:
        return False
    examples: dict[str, list[str]] = {}
    for line in process.stdout.decode("utf-8", "replace").splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[0] not in examples:
            bad = parts[1].replace("<marker>", "⟦").replace("</marker>", "⟧").strip()
            examples[parts[0]] = [bad, parts[2].strip()]
    for rule in info["rules"]:
        if rule["ruleId"] in examples:
            rule["examples"] = examples[rule["ruleId"]]
    info["newslintExamples"] = True
    return True


def text_level_rules(info: dict[str, Any]) -> list[str]:
    """The ids of the rules the server marks text-level, sorted, each once."""
    return sorted(
        {
            rule["ruleId"]
            for rule in info["rules"]
            if str(rule.get("isTextLevelRule", "")).lower() in ("yes", "true")
        }
    )


def cache_path(version: str, language: str) -> Path:
    from newslint.grammar.settings import cache_root

    return cache_root() / f"grammar-rules-{_SAFE.sub('_', version)}-{_SAFE.sub('_', language)}.json"


def load(version: str, language: str) -> dict[str, Any] | None:
    try:
        data = json.loads(cache_path(version, language).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("rules"), list) else None


def store(info: dict[str, Any], version: str, language: str) -> None:
    from newslint.cachedir import write_private

    try:
        write_private(
            cache_path(version, language), json.dumps(info, ensure_ascii=False).encode("utf-8")
        )
    except OSError:
        pass  # a read-only cache: asked again next time


def describe(info: dict[str, Any], rule_id: str) -> dict[str, Any] | None:
    """One rule's metadata (the first entry of that id; sub-rules share it), or None."""
    for rule in info["rules"]:
        if rule.get("ruleId") == rule_id:
            return rule
    return None


def help_text(rule: dict[str, Any]) -> str:
    """A rule's explanation in plain text (``rules explain``, SARIF's help)."""
    lines = [str(rule.get("description", "")).strip() or rule["ruleId"]]
    category = rule.get("categoryName") or rule.get("categoryId")
    if category:
        lines.append(f"Catégorie LanguageTool : {category} ({rule.get('categoryId', '')})")
    if rule.get("locQualityIssueType"):
        lines.append(f"Type : {rule['locQualityIssueType']}")
    if str(rule.get("isTextLevelRule", "")).lower() in ("yes", "true"):
        lines.append(
            "Règle de niveau texte (désactivée par fr-grammar : elle dépend des "
            "paragraphes voisins)"
        )
    if str(rule.get("isDefaultOff", "")).lower() in ("yes", "true"):
        lines.append("Désactivée par défaut dans LanguageTool")
    examples = rule.get("examples") or []
    if len(examples) == 2 and examples[0]:
        lines.append(f"Exemple fautif : {examples[0]}")
    if len(examples) == 2 and examples[1]:
        lines.append(f"Exemple correct : {examples[1]}")
    return "\n".join(lines)


def cached_rule(rule_id: str, language: str = "fr") -> dict[str, Any] | None:
    """A rule's metadata from the newest metadata file on disk (no server asked), or None."""
    from newslint.grammar.settings import cache_root

    try:
        files = sorted(
            cache_root().glob(f"grammar-rules-*-{_SAFE.sub('_', language)}.json"),
            key=lambda path: path.stat().st_mtime,
            reverse=True,
        )
    except OSError:
        return None
    for path in files:
        try:
            info = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(info, dict) and isinstance(info.get("rules"), list):
            return describe(info, rule_id)
    return None


__all__ = [
    "cache_path",
    "cached_rule",
    "describe",
    "fetch",
    "help_text",
    "load",
    "store",
    "text_level_rules",
]
