"""Compiled materials as records: excerpts of cases, the basket, and every export kept.

An excerpt is a run of a case's top-level Markdown blocks (paragraphs, headings, tables, lists,
code), kept as the text it had when taken and linked to the case and its version. Each export
leaves a `BriefingRecord` with the output file in the archive's files (by hash, so a file exported
twice is stored once). `library.briefings` is the door to this room.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from pathlib import Path

from archive import blobs, maintenance
from archive.errors import ArchiveError
from archive.model import BriefingItem, BriefingRecord, Case, NewFile
from archive.state import ArchiveState, ChangeEvent
from archive.store import now

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
# `已用于:气象工作简报`, `未用于：…` (either colon, the name quoted when it has spaces).
USE_TOKEN = re.compile(r'(?<!\S)(已用于|未用于)[:：](?:"([^"]*)"|(\S+))')
_RANGE = re.compile(r"^(\S+?)[:：](\d+)(?:-(\d+))?$")


def markdown_blocks(body: str) -> list[str]:
    """The top-level blocks of `body`, in order: runs of lines between blank lines, a fenced code
    block whole (blank lines and all), and each ATX heading on its own."""
    blocks: list[list[str]] = []
    current: list[str] = []
    fence: str | None = None

    def close() -> None:
        if current:
            blocks.append(current.copy())
            current.clear()

    for line in body.splitlines():
        opener = _FENCE.match(line)
        if fence is not None:
            current.append(line)
            if opener and opener.group(1) == fence:
                fence = None
                close()
        elif opener:
            close()
            fence = opener.group(1)
            current.append(line)
        elif not line.strip():
            close()
        elif _HEADING.match(line):
            close()
            current.append(line)
            close()
        else:
            current.append(line)
    close()
    return ["\n".join(block) for block in blocks]


def block_outline(body: str) -> list[tuple[str, int | None]]:
    """Each top-level block's text as the reader shows it, with its heading level (None for a
    block that is no heading): headings found as the reader and the Word export find them."""
    # Markdown and lxml.html take a moment to load: only the reader's outline needs them.
    import lxml.html

    from archive.briefing.reading import body_html

    outline: list[tuple[str, int | None]] = []
    for block in markdown_blocks(body):
        rendered = body_html(block)
        if not rendered:
            outline.append(("", None))
            continue
        root = lxml.html.fromstring(rendered)  # the one <div> body_html makes
        first = root[0] if len(root) else None
        level = int(first.tag[1]) if first is not None and re.fullmatch(r"h\d", first.tag) else None
        outline.append((root.text_content(), level if len(root) == 1 else None))
    return outline


def selection_range(body: str, selected: str) -> tuple[int, int]:
    """The blocks (from 1) a selection in the reader covers, found by its first and last lines."""
    squeeze = re.compile(r"\s+")
    # Qt's selected text separates paragraphs with U+2029 and table cells and rows with U+FDD0/FDD1.
    lines = [squeeze.sub("", line) for line in re.split("[\n\u2028\u2029\ufdd0\ufdd1]", selected)]
    lines = [line for line in lines if line]
    texts = [squeeze.sub("", text) for text, _ in block_outline(body)]
    if lines:
        starts = [n for n, text in enumerate(texts) if lines[0] in text]
        if starts:
            ends = [n for n, text in enumerate(texts) if n >= starts[0] and lines[-1] in text]
            if ends:
                return starts[0] + 1, ends[0] + 1
    raise ArchiveError("选中的文字不在案例正文中：请在正文里选择要摘录的段落。")


def section_range(body: str, block: int) -> tuple[int, int]:
    """The section that block `block` (from 1) belongs to: from its heading up to the next heading
    of the same or a higher level (the whole body when no heading comes before it)."""
    outline = block_outline(body)
    if not 1 <= block <= len(outline):
        raise ArchiveError(f"正文只有 {len(outline)} 段，没有第 {block} 段。")
    start = next((n for n in range(block - 1, -1, -1) if outline[n][1] is not None), None)
    if start is None:
        return 1, len(outline)
    level = outline[start][1]
    end = next((n for n in range(start + 1, len(outline))
                if outline[n][1] is not None and outline[n][1] <= level), len(outline))
    return start + 1, end


def parse_range(text: str) -> tuple[str, int, int]:
    """`CASE:START-END` (or `CASE:N`) of the command line as (case id prefix, start, end)."""
    match = _RANGE.match(text.strip())
    if not match:
        raise ArchiveError(f"摘录「{text}」格式不对，应为 案例编号:起-止（如 3f2a:2-4，段落从 1 数起）。")
    start = int(match.group(2))
    return match.group(1), start, int(match.group(3) or start)




def source_line(case: Case) -> str:
    """Where an excerpt came from, as the export prints it under the excerpt's title."""
    details = [part for part in (case.unit, f"{case.date.year}年{case.date.month}月{case.date.day}日"
                                 if case.date else "") if part]
    return f"摘自《{case.title}》" + (f"（{'，'.join(details)}）" if details else "")


class BriefingRecords:
    """Excerpts, the stored basket and the kept briefings of one archive."""

    def __init__(self, state: ArchiveState) -> None:
        self._state = state

    # -- excerpts -----------------------------------------------------------------------------

    def excerpt(self, case: Case, start: int, end: int, title: str = "") -> BriefingItem:
        """Blocks `start`..`end` (from 1) of the case's body as an excerpt."""
        blocks = markdown_blocks(case.body)
        if not 1 <= start <= end <= len(blocks):
            raise ArchiveError(f"案例「{case.title}」只有 {len(blocks)} 段，摘录范围 {start}-{end} 超出了。")
        return BriefingItem(case.id, self._state.store.case_version(case.id), start, end,
                            " ".join(title.split()), "\n\n".join(blocks[start - 1:end]), source_line(case))

    def whole(self, case: Case) -> BriefingItem:
        return BriefingItem(case.id, self._state.store.case_version(case.id))

    def is_stale(self, item: BriefingItem) -> bool:
        """True when the case was edited (or deleted) after the item was taken: 原文已修改."""
        store = self._state.store
        return not store.exists(item.case_id) or store.case_version(item.case_id) != item.revision

    def refreshed(self, item: BriefingItem, case: Case) -> BriefingItem:
        """The item taken again from the case as it is now (an excerpt keeps its range and title,
        cut to the body's length)."""
        if not item.is_excerpt:
            return self.whole(case)
        count = len(markdown_blocks(case.body))
        if count == 0:
            raise ArchiveError(f"案例「{case.title}」现在没有正文，无法重新摘录。")
        start = min(item.start, count)
        return self.excerpt(case, start, min(max(item.end, start), count), item.title)

    # -- the basket ---------------------------------------------------------------------------

    def basket(self) -> list[BriefingItem]:
        return self._state.store.basket()

    def set_basket(self, items: Sequence[str | BriefingItem]) -> None:
        """Store the basket: excerpts, and whole cases given as items or as ids."""
        self._state.require_writable()
        store = self._state.store
        with self._state.guard:
            store.set_basket([BriefingItem(item, store.case_version(item)) if isinstance(item, str) else item
                              for item in items])
        self._state.notify(ChangeEvent("basket"))

    # -- kept briefings -----------------------------------------------------------------------

    def keep(self, *, layout: str, title: str, series: str, issue: int | None, issue_date: dt.date,
             options: dict, items: Sequence[BriefingItem], output: Path) -> BriefingRecord:
        """Record an export and keep its file; a 简报's series remembers its issue number in the
        same transaction, so a killed process leaves both or neither."""
        state = self._state
        state.require_writable()
        data = output.read_bytes()
        with state.saving_files([NewFile(output.name, data)]) as stored, state.guard, \
                state.store.transaction():
            record = BriefingRecord(
                id=uuid.uuid4().hex, created_at=now(), layout=layout, title=title, series=series,
                issue=issue, issue_date=issue_date, options=options, items=tuple(items),
                file_name=output.name, sha256=stored[0], size=len(data))
            if series and issue is not None:
                state.store.record_briefing_issue(series, issue_date.year, issue)
            state.store.add_briefing(record)
        state.notify(ChangeEvent("briefings", (record.id,)))
        return record

    def list(self, *, deleted: bool = False, case_id: str | None = None) -> list[BriefingRecord]:
        return self._state.store.list_briefings(deleted=deleted, case_id=case_id)

    def get(self, prefix: str) -> BriefingRecord:
        return self._state.store.resolve_briefing(prefix)

    def file_path(self, record: BriefingRecord) -> Path:
        """The kept output file (named by its hash: copy it out under `record.file_name`)."""
        return self._state.blobs.path(record.sha256)

    def copy_to_open(self, record: BriefingRecord) -> Path:
        """A copy of the kept file under its exported name, for the system's program to open."""
        return blobs.copy_to_open(self.file_path(record), record.sha256, record.file_name)

    def delete(self, prefix: str) -> BriefingRecord:
        """Move a record to the trash (its file stays until it is purged)."""
        return self._set_deleted(prefix, True)

    def restore(self, prefix: str) -> BriefingRecord:
        return self._set_deleted(prefix, False)

    def purge(self, prefix: str) -> BriefingRecord:
        """Delete a record in the trash for good, with its file unless something else keeps it."""
        self._state.require_writable()
        record = self.get(prefix)
        if record.deleted_at is None:
            raise ArchiveError(
                f"简报记录「{record.title}」（{record.id[:8]}）不在回收站中：先删除，再彻底删除。")
        with self._state.guard:
            self._state.store.purge_briefing(record.id)
        maintenance.remove_unreferenced_files(self._state)
        self._state.notify(ChangeEvent("briefings", (record.id,)))
        return record

    def _set_deleted(self, prefix: str, deleted: bool) -> BriefingRecord:
        self._state.require_writable()
        record = self.get(prefix)
        if (record.deleted_at is not None) == deleted:
            where = "已在回收站中" if deleted else "不在回收站中"
            raise ArchiveError(f"简报记录「{record.title}」（{record.id[:8]}）{where}。")
        with self._state.guard:
            self._state.store.set_briefing_deleted(record.id, deleted)
        self._state.notify(ChangeEvent("briefings", (record.id,)))
        return self.get(record.id)

    def series_names(self) -> list[str]:
        """The titles of the live kept briefings and compilations, each once, newest first."""
        return list(dict.fromkeys(record.title for record in self.list()))

    def cases_used(self, series: str | None = None) -> set[str]:
        return self._state.store.cases_used(series)

    def use_filters(self, query: str) -> tuple[str, frozenset[str] | None, frozenset[str]]:
        """`query` without its 已用于:/未用于: tokens, and the case ids they keep and drop."""
        only: set[str] | None = None
        excluded: set[str] = set()
        for match in USE_TOKEN.finditer(query):
            used = self.cases_used((match.group(2) if match.group(2) is not None else match.group(3)).strip())
            if match.group(1) == "已用于":
                only = used if only is None else only & used
            else:
                excluded |= used
        return (USE_TOKEN.sub(" ", query).strip(), None if only is None else frozenset(only),
                frozenset(excluded))
