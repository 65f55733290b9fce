"""write_briefing: check the inputs, build the document, and replace the file in one step."""

from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from docx import Document

from archive.briefing import ooxml, styles
from archive.briefing.docbuilder import DocBuilder
from archive.briefing.errors import BriefingCancelled, BriefingError
from archive.briefing.layouts import write_layout
from archive.briefing.options import LAYOUT_NAMES, BriefingCase, BriefingOptions
from archive.progress import Cancelled, Progress

log = logging.getLogger(__name__)


def write_briefing(cases: Sequence[BriefingCase], options: BriefingOptions, out: Path, *,
                   progress: Progress | None = None, cancelled: Cancelled | None = None,
                   temporary: Path | None = None) -> Path:
    """Write `cases`, in order, as a .docx in `options.layout`; return the path written.

    The file appears whole or not at all: it is written beside `out` under a temporary name (a
    new one, or `temporary`, which must not exist yet) and renamed over it. Raises BriefingError
    (in Chinese, naming the file or field) on bad input, and BriefingCancelled, having written
    nothing, when `cancelled()` turns true."""
    started = time.perf_counter()
    out = Path(out)
    _check_destination(out)
    if not cases:
        raise BriefingError("没有可导出的案例：请至少选择一个案例。")
    specs = styles.builtin_styles()
    if options.template is not None:
        specs = styles.apply_template(specs, options.template)
    document = new_document(specs, options)
    builder = DocBuilder(document, specs)
    write_layout(builder, cases, options, progress, cancelled)
    _check_cancel(cancelled)
    if progress is not None:
        progress(len(cases), len(cases), "正在保存")
    _save_atomically(document, out, cancelled, temporary)
    log.info("wrote %s (%s, %d cases) in %.2f s", out, options.layout, len(cases),
             time.perf_counter() - started)
    return out


def new_document(specs: dict[str, styles.StyleSpec], options: BriefingOptions) -> Document:
    """An empty A4 document with the GB page, styles, fonts and settings."""
    document = Document()
    styles.set_page(document)
    styles.install_styles(document, specs)
    ooxml.declare_fonts(document, styles.FONT_TABLE)
    ooxml.set_chinese_document(document)
    ooxml.drop_stale_parts(document)
    if options.layout == "compilation" and options.toc:
        ooxml.ask_to_update_fields(document)
    properties = document.core_properties
    properties.title = options.display_title
    properties.author = properties.last_modified_by = options.unit or "典型案例库"
    properties.subject = LAYOUT_NAMES[options.layout]
    properties.comments = "由典型案例库导出"
    properties.keywords = ""
    properties.created = properties.modified = dt.datetime.now().replace(microsecond=0)
    properties.revision = 1
    return document


def _check_destination(out: Path) -> None:
    if out.suffix.lower() != ".docx":
        raise BriefingError(f"输出文件「{out.name}」应为 Word 文档（.docx）。")
    folder = out.parent
    if not folder.is_dir():
        raise BriefingError(f"无法写入「{out}」：文件夹「{folder}」不存在。")
    if out.is_dir():
        raise BriefingError(f"无法写入「{out}」：这是一个文件夹。")
    if not os.access(folder, os.W_OK):
        raise BriefingError(f"无法写入「{out}」：没有文件夹「{folder}」的写入权限。")


def _check_cancel(cancelled: Cancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise BriefingCancelled("已取消导出，未写入任何文件。")


def _save_atomically(document: Document, out: Path, cancelled: Callable[[], bool] | None,
                     temporary: Path | None) -> None:
    try:
        if temporary is None:
            handle, name = tempfile.mkstemp(prefix=f".{out.stem}-", suffix=".docx.part", dir=out.parent)
            temporary = Path(name)
        else:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
            handle = os.open(temporary, flags, 0o600)
    except OSError as error:
        raise BriefingError(f"无法写入「{out}」：{error.strerror or error}") from error
    try:
        with os.fdopen(handle, "wb") as stream:
            document.save(stream)
        _check_cancel(cancelled)
        os.replace(temporary, out)
    except PermissionError as error:
        raise BriefingError(f"无法写入「{out}」：没有权限，或文件正在 Word/WPS 中打开"
                            "（请关闭后重试）。") from error
    except OSError as error:
        raise BriefingError(f"无法写入「{out}」：{error.strerror or error}") from error
    finally:
        if temporary.exists():
            temporary.unlink()
