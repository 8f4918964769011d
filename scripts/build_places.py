"""Build ``src/newslint/data/places.txt``: the names of countries and their subdivisions.

Source: the iso-codes project (ISO 3166-1 countries, ISO 3166-2 subdivisions: regions,
départements, states, provinces), as Debian ships it (``/usr/share/iso-codes/json`` and the
French translations in ``/usr/share/locale/fr/LC_MESSAGES``; LGPL-2.1+). Each name is kept in
the original and in French (``États-Unis``, ``Seine-Saint-Denis``, ``Côtes-d'Armor``), one a
line, sorted. The name checks use it as maintained evidence of which of two spellings of a
place is right (issue 13); nothing is built on a user's machine.

    python scripts/build_places.py [--iso-codes /usr/share/iso-codes/json] [--locale /usr/share/locale]
"""

from __future__ import annotations

import argparse
import gettext
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "newslint" / "data" / "places.txt"


def names(iso: Path, locale: Path) -> set[str]:
    out: set[str] = set()
    for domain, key, fields in (
        ("iso_3166-1", "3166-1", ("name", "common_name", "official_name")),
        ("iso_3166-2", "3166-2", ("name",)),
    ):
        entries = json.loads((iso / f"{domain}.json").read_text(encoding="utf-8"))[key]
        french = gettext.translation(domain, str(locale), languages=["fr"], fallback=True)
        for entry in entries:
            for field in fields:
                if field not in entry:
                    continue
                for name in (entry[field], french.gettext(entry[field])):
                    name = name.strip()
                    # « Åland, Îles », « Bolivie (État plurinational de) »: not as written in copy.
                    if name and not any(c in name for c in ",()[]/;"):
                        out.add(name.replace("’", "'"))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iso-codes", default="/usr/share/iso-codes/json")
    parser.add_argument("--locale", default="/usr/share/locale")
    args = parser.parse_args()
    iso = Path(args.iso_codes)
    if not (iso / "iso_3166-2.json").is_file():
        print(f"{iso}: no iso-codes JSON files (apt-get install iso-codes)", file=sys.stderr)
        return 2
    found = sorted(names(iso, Path(args.locale)))
    OUT.write_text("".join(f"{name}\n" for name in found), encoding="utf-8")
    print(f"{OUT}: {len(found)} names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
