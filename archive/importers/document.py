"""What every importer produces: a format-free document ready to become a case."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from archive.model import NewFile


@dataclass
class ImportedDocument:
    """The cleaned content and metadata read from one input file.

    `body` is Markdown; pictures referenced in it as `![](attachment:NAME)` are in `attachments`.
    `original` is the input file itself, kept with the case so nothing a user gave is lost.
    """

    title: str
    body: str
    original: NewFile
    date: dt.date | None = None
    unit: str = ""
    source: str = ""
    author: str = ""
    attachments: list[NewFile] = field(default_factory=list)
    suggested_tags: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    fingerprint: str = ""
    """`archive.fingerprint.exact_fingerprint` of title and body, computed by the reader process."""
    similarity: int = 0
    """`archive.fingerprint.similarity_signature` of the body, likewise."""
