"""Reading one file into an `ImportedDocument`: the reader for its format, then the shared
clean-up, metadata and tag suggestions."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

from archive.errors import ImportFailure
from archive.fingerprint import exact_fingerprint, similarity_signature
from archive.importers import limits, markdown, pdf, plaintext, tagging, webpage, word
from archive.importers.document import ImportedDocument
from archive.importers.tagging import TagVocabulary
from archive.importers.textual import TextualContent
from archive.model import MAX_BODY_CHARS, NewFile
from search.highlight import plain_text

log = logging.getLogger(__name__)

_READERS: dict[str, Callable[[Path, bytes], TextualContent]] = {
    ".txt": plaintext.read,
    ".text": plaintext.read,
    ".md": markdown.read,
    ".markdown": markdown.read,
    ".docx": word.read_docx,
    ".doc": word.read_legacy,
    ".wps": word.read_legacy,
    ".html": webpage.read,
    ".htm": webpage.read,
    ".mhtml": webpage.read,
    ".mht": webpage.read,
    ".pdf": pdf.read,
}
SUPPORTED_SUFFIXES = frozenset(_READERS)

# Fixed here rather than asked of `mimetypes`, whose answers depend on the machine's registry.
_MIME = {
    ".txt": "text/plain", ".text": "text/plain", ".md": "text/markdown", ".markdown": "text/markdown",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword", ".wps": "application/vnd.ms-works",
    ".html": "text/html", ".htm": "text/html", ".mhtml": "multipart/related", ".mht": "multipart/related",
    ".pdf": "application/pdf",
}
_TITLE_MAX = 200
_ANALYSED_CHARS = 50_000


def load_default_keywords() -> TagVocabulary:
    """Every tag's keywords, and each leaf tag's group, from `resources/taxonomy.json`."""
    return tagging.default_vocabulary()


def iter_importable(folder: Path) -> Iterator[Path]:
    """Files below `folder` that can be imported, sorted, skipping hidden files and folders.

    An unreadable subfolder is skipped (and logged) so the rest of the folder still imports;
    an unreadable `folder` itself raises PermissionError.
    """
    folder = Path(folder)

    def on_error(error: OSError) -> None:
        if Path(error.filename or "") == folder:
            raise error
        log.warning("skipping unreadable folder %s: %s", error.filename, error.strerror)

    for root, folders, files in os.walk(folder, onerror=on_error):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in sorted(files):
            path = Path(root, name)
            # "~$…" are Word's lock files beside an open document.
            if not name.startswith((".", "~$")) and path.suffix.lower() in SUPPORTED_SUFFIXES:
                yield path


def read_document(path: Path, tag_keywords: TagVocabulary | Mapping[str, Sequence[str]] | None = None,
                  ) -> ImportedDocument:
    """Read one file; ImportFailure (naming the file and the reason) for anything unreadable.

    `tag_keywords` is the taxonomy tags are suggested from (a plain mapping: tags without groups);
    None means the default taxonomy, an empty mapping means no suggestions.
    """
    path = Path(path)
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        supported = "、".join(sorted(SUPPORTED_SUFFIXES))
        raise ImportFailure(f"不支持导入「{path.name}」这类文件（支持 {supported}）")
    data = _read_bytes(path)
    try:
        return _document(path, data, reader(path, data),
                         _vocabulary(tag_keywords))
    except ImportFailure:
        raise
    except MemoryError:
        raise ImportFailure(f"「{path.name}」内容过大，内存不足以读取") from None
    except RecursionError:
        raise ImportFailure(f"「{path.name}」结构嵌套过深，文件可能已损坏或是恶意构造的") from None
    except Exception as error:
        # Parsers of hostile files raise whatever their internals raise; the user gets one kind of
        # error naming the file, the log gets the trace for a bug report.
        log.exception("unexpected error reading %s", path)
        raise ImportFailure(f"「{path.name}」无法读取，文件可能已损坏（{type(error).__name__}）") from error


def _vocabulary(tag_keywords: TagVocabulary | Mapping[str, Sequence[str]] | None) -> TagVocabulary:
    if tag_keywords is None:
        return load_default_keywords()
    return tag_keywords if isinstance(tag_keywords, TagVocabulary) else TagVocabulary.flat(tag_keywords)


def _document(path: Path, data: bytes, content: TextualContent,
              vocabulary: TagVocabulary) -> ImportedDocument:
    if not content.body.strip() and not content.attachments:
        raise ImportFailure(f"「{path.name}」中没有可导入的正文")
    if len(content.body) > MAX_BODY_CHARS:
        raise ImportFailure(f"「{path.name}」的正文过长（{len(content.body):,} 字），"
                            f"一个案例最多 {MAX_BODY_CHARS:,} 字：请分成几个文件")
    title = content.title[:_TITLE_MAX]
    # Tags and keywords come from the opening part: the rest costs seconds and changes little.
    text = f"{title}\n{plain_text(content.body[:_ANALYSED_CHARS])}"
    mime = _MIME.get(path.suffix.lower(), "application/octet-stream")
    return ImportedDocument(
        title=title, body=content.body, original=NewFile(path.name, data, mime),
        date=content.date, unit=content.unit, source=content.source, author=content.author,
        attachments=content.attachments,
        suggested_tags=tagging.suggest_tags(text, vocabulary),
        keywords=tagging.keywords(text),
        # Computed here, in the reader's process, so the storing process has less to do.
        fingerprint=exact_fingerprint(title, content.body),
        similarity=similarity_signature(content.body),
    )


def _read_bytes(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise ImportFailure(f"「{path.name}」是文件夹，不是文件")
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO or device would block the read forever
            raise ImportFailure(f"「{path.name}」不是普通文件（可能是管道或设备）")
        with path.open("rb") as stream:
            # Read one byte past the limit rather than trusting a size that may change meanwhile.
            data = stream.read(limits.MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ImportFailure(f"「{path.name}」不存在（可能已被移动或删除）") from None
    except PermissionError:
        raise ImportFailure(f"「{path.name}」没有读取权限") from None
    except OSError as error:
        raise ImportFailure(f"「{path.name}」无法读取：{error.strerror or error}") from None
    if len(data) > limits.MAX_FILE_BYTES:
        raise ImportFailure(f"「{path.name}」太大，单个文件最大 {limits.MAX_FILE_BYTES // 1024 // 1024} MB")
    if not data.strip():
        raise ImportFailure(f"「{path.name}」文件是空的")
    return data
