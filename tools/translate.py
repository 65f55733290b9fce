"""Refresh the translation sources and compile them: python tools/translate.py

Extracts the UI strings with pyside6-lupdate into resources/i18n/casearchive_LANG.ts, fills
them from resources/i18n/LANG.json (source text -> translation), and compiles the .qm files the
application loads. Strings without a translation are listed, so none slip through.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"
TOOLS = Path(sys.executable).parent


def main() -> int:
    sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))
    missing_total = 0
    for table in sorted(I18N.glob("*.json")):
        language = table.stem
        ts = I18N / f"casearchive_{language}.ts"
        subprocess.run([str(TOOLS / "pyside6-lupdate"), *sources, "-ts", str(ts), "-no-obsolete"],
                       check=True, capture_output=True)
        translations = json.loads(table.read_text(encoding="utf-8"))
        tree = ElementTree.parse(ts)
        missing = []
        for message in tree.iter("message"):
            source = message.find("source").text
            target = message.find("translation")
            if source in translations:
                forms = target.findall("numerusform")
                for form in forms or [target]:
                    form.text = translations[source]
                target.attrib.pop("type", None)
            else:
                missing.append(source)
        tree.write(ts, encoding="utf-8", xml_declaration=True)
        subprocess.run([str(TOOLS / "pyside6-lrelease"), str(ts), "-qm",
                        str(ts.with_suffix(".qm"))], check=True, capture_output=True)
        for source in missing:
            print(f"{language}: no translation for {source!r}")
        missing_total += len(missing)
    return 1 if missing_total else 0


if __name__ == "__main__":
    sys.exit(main())
