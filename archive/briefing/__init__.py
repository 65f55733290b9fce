"""Word briefings in the GB/T 9704-2012 layout: 材料汇编 (compilation), 简报 (briefing), single case.

No Qt here: `archive.library` and the CLI call `write_briefing`, the UI reaches it through them.
"""

from archive.briefing.errors import BriefingCancelled, BriefingError
from archive.briefing.options import LAYOUTS, METADATA_FIELDS, BriefingCase, BriefingOptions
from archive.briefing.pdf import convert_to_pdf
from archive.briefing.writer import write_briefing

__all__ = ["LAYOUTS", "METADATA_FIELDS", "BriefingCancelled", "BriefingCase", "BriefingError",
           "BriefingOptions", "convert_to_pdf", "write_briefing"]
