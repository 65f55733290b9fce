"""Read what users really have — Word, web pages, text in any Chinese encoding, PDF, Markdown —
into a cleaned `ImportedDocument`. One module per format; clean-up and metadata are shared.

Reading never touches the archive: the façade stores each document in its own transaction.
"""

from __future__ import annotations

import logging
import mimetypes
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from archive.errors import ImportFailure
from archive.fingerprint import exact_fingerprint, similarity_signature
from archive.importers import limits, markdown, pdf, plaintext, tagging, webpage, word
from archive.importers.document import ImportedDocument
from archive.importers.textual import TextualContent
from archive.model import NewFile
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
    ".pdf": pdf.read,
}
SUPPORTED_SUFFIXES = frozenset(_READERS)


def iter_importable(folder: Path) -> Iterator[Path]:
    """Files below `folder` that can be imported, sorted, skipping hidden files and folders."""
    for root, folders, files in os.walk(folder, onerror=_raise):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in sorted(files):
            path = Path(root, name)
            if not name.startswith((".", "~$")) and path.suffix.lower() in SUPPORTED_SUFFIXES:
                yield path


def read_document(path: Path,
                  tag_keywords: Mapping[str, Sequence[str]] | None = None) -> ImportedDocument:
    """Read one file; ImportFailure (naming the file and the reason) for anything unreadable."""
    path = Path(path)
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise ImportFailure(f"不支持导入「{path.name}」这类文件")
    data = _read_bytes(path)
    content = reader(path, data)
    if not content.body.strip() and not content.attachments:
        raise ImportFailure(f"「{path.name}」中没有正文")
    text = f"{content.title}\n{plain_text(content.body)}"
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return ImportedDocument(
        title=content.title[:200], body=content.body, original=NewFile(path.name, data, mime),
        date=content.date, unit=content.unit, source=content.source, author=content.author,
        attachments=content.attachments,
        suggested_tags=tagging.suggest_groups(text, tag_keywords or {}),
        keywords=tagging.keywords(text),
        # Computed here, in the reader's process, so the storing process has less to do.
        fingerprint=exact_fingerprint(content.title[:200], content.body),
        similarity=similarity_signature(content.body),
    )


def read_documents_parallel(
    paths: Sequence[Path], *, workers: int = 2,
    tag_keywords: Mapping[str, Sequence[str]] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> Iterator[tuple[Path, ImportedDocument | ImportFailure]]:
    """Read `paths` with `workers` processes, yielding (path, document or failure) in input order.

    Stops starting new files once `is_cancelled()` is true; files already read are yielded.
    """
    if workers <= 1 or len(paths) <= 1:
        for path in paths:
            if is_cancelled and is_cancelled():
                return
            yield path, _read_or_failure(path, tag_keywords)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        window = workers * 4
        pending: list[tuple[Path, Future]] = []
        queue = iter(paths)
        while True:
            while len(pending) < window and not (is_cancelled and is_cancelled()):
                path = next(queue, None)
                if path is None:
                    break
                pending.append((path, pool.submit(_read_or_failure, path, tag_keywords)))
            if not pending:
                return
            path, future = pending.pop(0)
            yield path, future.result()
            if is_cancelled and is_cancelled():
                for _, other in pending:
                    other.cancel()
                for other_path, other in pending:
                    if not other.cancelled():
                        yield other_path, other.result()
                return


def _read_or_failure(path: Path, tag_keywords: Mapping[str, Sequence[str]] | None
                     ) -> ImportedDocument | ImportFailure:
    try:
        return read_document(path, tag_keywords)
    except ImportFailure as failure:
        return failure
    except MemoryError:
        return ImportFailure(f"「{path.name}」太大，内存不足以读取")
    except Exception as error:  # A parser bug must not end the batch: report it per file.
        log.exception("unexpected error reading %s", path)
        return ImportFailure(f"「{path.name}」读取失败：{type(error).__name__}: {error}")


def _read_bytes(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise ImportFailure(f"「{path.name}」是文件夹，不是文件")
        size = path.stat().st_size
        if size > limits.MAX_FILE_BYTES:
            raise ImportFailure(f"「{path.name}」太大（{size // 1024 // 1024} MB），"
                                f"单个文件最大 {limits.MAX_FILE_BYTES // 1024 // 1024} MB")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailure(f"「{path.name}」不存在（可能已被移动或删除）") from None
    except PermissionError:
        raise ImportFailure(f"「{path.name}」没有读取权限") from None
    except OSError as error:
        raise ImportFailure(f"「{path.name}」无法读取：{error.strerror or error}") from None
    if not data.strip():
        raise ImportFailure(f"「{path.name}」是空文件")
    return data


def _raise(error: OSError) -> None:
    raise error
