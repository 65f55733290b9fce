"""Errors of the Word export. Messages are for people: Chinese, naming the file or field and why."""

from __future__ import annotations

from archive.errors import ArchiveError


class BriefingError(ArchiveError):
    """The document could not be written; nothing was left at the destination."""


class BriefingCancelled(BriefingError):
    """The caller cancelled the export; nothing was written."""
