"""Read what users really have — Word, web pages, text in any Chinese encoding, PDF, Markdown —
into a cleaned `ImportedDocument`. One module per format; clean-up and metadata are shared.

Reading never touches the archive: the façade stores each document in its own transaction.
"""

from __future__ import annotations

from archive.importers.document import ImportedDocument
from archive.importers.parallel import read_documents_parallel
from archive.importers.reading import (
    SUPPORTED_SUFFIXES,
    iter_importable,
    load_default_keywords,
    read_document,
)
from archive.importers.tagging import TagVocabulary

__all__ = ["SUPPORTED_SUFFIXES", "ImportedDocument", "TagVocabulary", "iter_importable",
           "load_default_keywords", "read_document", "read_documents_parallel"]
