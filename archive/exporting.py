"""Word (and PDF) output of cases and excerpts, as a manager hung off the library (`library.word`):
write a compilation or a 简报 and keep a record of it (`archive.briefings`), preview it as a PDF,
write a kept briefing again, number the next issue.

python-docx loads in a few hundred milliseconds: `archive.briefing` is imported where a document
is written, so that only commands that export pay for it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from archive import maintenance, partfiles
from archive.briefings import BriefingRecords
from archive.errors import ArchiveError, CaseNotFoundError
from archive.model import BriefingItem, Case
from archive.progress import Cancelled, Progress
from archive.state import ArchiveState

if TYPE_CHECKING:
    from archive.briefing import BriefingCase, BriefingOptions


class WordExport:
    def __init__(self, state: ArchiveState, records: BriefingRecords) -> None:
        self._state = state
        self._records = records

    def export(self, items: Sequence[str | BriefingItem], out: Path, options: BriefingOptions, *,
               progress: Progress | None = None, is_cancelled: Cancelled | None = None) -> Path:
        """Write the cases and excerpts, in this order, as a Word compilation or briefing (a `.pdf`
        name writes the same document to PDF through LibreOffice), and keep a record of it with the
        file (`library.briefings`) unless the archive is open read-only. An item is a case id (or
        prefix), or a `BriefingItem` from the basket; a whole case given twice goes in once."""
        chosen = self._export_items(items)
        cases = {c.id: c for c in self._state.store.get_cases([item.case_id for item in chosen])}
        return self._write(chosen, [self._briefing_case(item, cases) for item in chosen], out, options,
                           progress=progress, is_cancelled=is_cancelled)

    def preview(self, items: Sequence[str | BriefingItem], pdf: Path, options: BriefingOptions, *,
                progress: Progress | None = None, is_cancelled: Cancelled | None = None) -> Path:
        """The document `export` would write, as a PDF to look at before saving (LibreOffice; a
        BriefingError says how to get it when it is missing). Nothing is recorded."""
        chosen = self._export_items(items)
        cases = {c.id: c for c in self._state.store.get_cases([item.case_id for item in chosen])}
        return self._write(chosen, [self._briefing_case(item, cases) for item in chosen], Path(pdf),
                           options, progress=progress, is_cancelled=is_cancelled, keep=False)

    def reexport(self, record_id: str, out: Path, *, progress: Progress | None = None,
                 is_cancelled: Cancelled | None = None) -> Path:
        """Write a kept briefing again with today's layout code: the same options and issue, each
        case as it was when exported (its kept revision), each excerpt's text as taken."""
        from archive.briefing import BriefingCase, BriefingOptions

        record = self._records.get(record_id)
        options = BriefingOptions.from_values({**record.options,
                                               "date": dt.date.fromisoformat(record.options["date"])})
        written = []
        for item in record.items:
            if not self._state.store.exists(item.case_id):
                raise ArchiveError(f"简报记录「{record.title}」用到的案例 {item.case_id[:8]} 已被彻底删除，"
                                   "无法重新导出。")
            case = self._case_at(item.case_id, item.revision)
            written.append(self._briefing_case(item, {case.id: case}) if item.is_excerpt
                           else BriefingCase.from_case(case, self._attachment_paths(case)))
        return self._write(list(record.items), written, out, options, progress=progress,
                           is_cancelled=is_cancelled)

    def next_issue(self, title: str, day: dt.date | None = None) -> int:
        """The number the next 简报 of this title takes: one after the last used in `day`'s year."""
        last = self._state.store.briefing_issue(" ".join(title.split()))
        year = (day or dt.date.today()).year
        return last[1] + 1 if last is not None and last[0] == year else 1

    def _export_items(self, items: Sequence[str | BriefingItem]) -> list[BriefingItem]:
        chosen: list[BriefingItem] = []
        seen: set[str] = set()
        for item in items:
            if isinstance(item, str):
                case_id = self._state.store.resolve_id(item)
                if case_id in seen:
                    continue
                seen.add(case_id)
                item = self._records.whole(self._state.store.get_case(case_id))
            chosen.append(item)
        if not chosen:
            from archive.briefing import BriefingError

            raise BriefingError("没有选择要导出的案例。")
        return chosen

    def _briefing_case(self, item: BriefingItem, cases: dict[str, Case]) -> BriefingCase:
        from archive.briefing import BriefingCase

        case = cases.get(item.case_id)
        if not item.is_excerpt:
            if case is None:
                raise CaseNotFoundError(f"没有编号为 {item.case_id[:8]} 的案例（可能已删除）。")
            return BriefingCase.from_case(case, self._attachment_paths(case))
        paths = self._attachment_paths(case) if case is not None else {}
        return BriefingCase(title=item.title or item.source, body=item.text, attachments=paths,
                            excerpt_source=item.source)

    def _attachment_paths(self, case: Case) -> dict[str, Path]:
        return {a.name: self._state.blobs.path(a.sha256) for a in case.attachments}

    def _case_at(self, case_id: str, version: int) -> Case:
        """The case as it was at `version` (its current state when no revision has that number)."""
        case = self._state.store.get_case(case_id, include_trashed=True)
        for revision in self._state.store.list_revisions(case_id):
            if revision.number == version:
                return dataclasses.replace(case, title=revision.title, body=revision.body,
                                           unit=revision.unit, source=revision.source,
                                           author=revision.author, date=revision.date,
                                           tags=list(revision.tags))
        return case

    def _write(self, items: list[BriefingItem], cases: list[BriefingCase], out: Path,
               options: BriefingOptions, *, progress: Progress | None,
               is_cancelled: Cancelled | None, keep: bool = True) -> Path:
        from archive import briefing

        out = Path(out)
        if options.layout == "briefing" and options.issue_number is None:  # a 简报 always has 第N期
            options = dataclasses.replace(options, issue_number=self.next_issue(
                options.display_title, options.issue_date()))
        maintenance.note_export_folder(self._state, out.parent)
        if out.suffix.lower() != ".pdf":
            written = briefing.write_briefing(cases, options, out, progress=progress, cancelled=is_cancelled)
        else:
            with partfiles.working_folder("export") as work:  # a killed export's is removed later
                document = briefing.write_briefing(cases, options, Path(work, out.with_suffix(".docx").name),
                                                   progress=progress, cancelled=is_cancelled)
                written = briefing.convert_to_pdf(document, out)
        if self._state.read_only or not keep:
            return written
        self._records.keep(
            layout=options.layout, title=options.display_title,
            series=options.display_title if options.layout == "briefing" else "",
            issue=options.issue_number, issue_date=options.issue_date(),
            options=_options_json(options), items=items, output=written)
        return written


def _options_json(options: BriefingOptions) -> dict:
    """The options as a record keeps them: what `BriefingOptions.from_values` takes back."""
    values = dataclasses.asdict(options)
    values["metadata"] = list(options.metadata)
    values["date"] = options.issue_date().isoformat()
    values["template"] = str(options.template) if options.template else None
    return values
