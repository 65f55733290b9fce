"""Translation helpers. The UI is written in simplified Chinese; `resources/i18n` holds others."""

from __future__ import annotations


def fill(template: str, *values: object) -> str:
    """Put `values` into a translated `template` at %1, %2, … (translations may reorder them)."""
    for number in reversed(range(len(values))):
        template = template.replace(f"%{number + 1}", str(values[number]))
    return template
