"""Word briefings in the GB/T 9704-2012 layout: 材料汇编 (compilation), 简报 (briefing), single case.

No Qt here: `archive.library` and the CLI call `write_briefing`, the UI reaches it through them.
The writer (python-docx) and the reader's `body_html` (Markdown, lxml) load on first use, so that
opening an archive pays for neither.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from archive.briefing.errors import BriefingCancelled, BriefingError
from archive.briefing.options import LAYOUTS, METADATA_FIELDS, BriefingCase, BriefingOptions

if TYPE_CHECKING:
    from archive.briefing.pdf import convert_to_pdf
    from archive.briefing.reading import body_html
    from archive.briefing.writer import write_briefing

_LATE = {"body_html": "archive.briefing.reading", "convert_to_pdf": "archive.briefing.pdf",
         "write_briefing": "archive.briefing.writer"}

__all__ = ["LAYOUTS", "METADATA_FIELDS", "BriefingCancelled", "BriefingCase", "BriefingError",
           "BriefingOptions", "body_html", "convert_to_pdf", "write_briefing"]


def __getattr__(name: str) -> Any:
    if name in _LATE:
        return getattr(importlib.import_module(_LATE[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
