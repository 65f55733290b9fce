"""What the writer is given: the cases (as plain values, no database) and the layout options."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive.briefing.errors import BriefingError

if TYPE_CHECKING:
    from archive.model import Case

LAYOUTS = ("compilation", "briefing", "single")
LAYOUT_NAMES = {"compilation": "材料汇编", "briefing": "简报", "single": "单篇"}
METADATA_FIELDS = ("unit", "date", "tags", "source", "author")
DEFAULT_COMPILATION_TITLE = "典型案例材料汇编"
DEFAULT_BRIEFING_TITLE = "工作简报"


@dataclass(frozen=True)
class BriefingCase:
    """What the writer needs of a case. `body` is Markdown; pictures are `![alt](attachment:NAME)`."""

    title: str
    body: str = ""
    unit: str = ""
    date: dt.date | None = None
    tags: tuple[str, ...] = ()
    source: str = ""
    author: str = ""
    # Attachment NAME -> file on disk; only pictures referenced in the body are used.
    attachments: Mapping[str, Path] = field(default_factory=dict)
    # An excerpt's 摘自《…》 line, printed under its title in place of the case's 落款.
    excerpt_source: str = ""

    @classmethod
    def from_case(cls, case: Case, attachments: Mapping[str, Path] | None = None) -> BriefingCase:
        return cls(title=case.title, body=case.body, unit=case.unit, date=case.date,
                   tags=tuple(case.tags), source=case.source, author=case.author,
                   attachments=dict(attachments or {}))


@dataclass(frozen=True)
class BriefingOptions:
    """The layout and its fields. `None` for `date` means today; for `page_break_between_cases`
    it means the layout's habit (a compilation starts each case on a new page, a briefing runs on)."""

    layout: str = "compilation"
    # A briefing given the compilation's default title is named DEFAULT_BRIEFING_TITLE instead.
    title: str = DEFAULT_COMPILATION_TITLE
    unit: str = ""
    date: dt.date | None = None
    issue_number: int | None = None
    metadata: tuple[str, ...] = ("unit", "date", "tags")
    page_break_between_cases: bool | None = None
    template: Path | None = None
    # The closing block (版记): 报 (up), 送 (sideways), 发 (down), 抄送, then the 印发 line (the unit
    # and the date, always) and 共印N份.
    report_to: str = ""
    send_to: str = ""
    distribute_to: str = ""
    cc: str = ""
    copies: int | None = None
    # The compilation's cover page and table of contents.
    cover: bool = True
    toc: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "metadata", tuple(self.metadata))  # settings hand back lists
        if self.layout not in LAYOUTS:
            known = "、".join(f"{key}（{name}）" for key, name in LAYOUT_NAMES.items())
            raise BriefingError(f"未知的版式「{self.layout}」，可选：{known}。")
        unknown = [name for name in self.metadata if name not in METADATA_FIELDS]
        if unknown:
            known = "、".join(METADATA_FIELDS)
            raise BriefingError(f"未知的案例信息项「{'、'.join(unknown)}」，可选：{known}。")
        for name, label in (("issue_number", "期号"), ("copies", "印数")):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
                raise BriefingError(f"{label}应为正整数，而不是「{value}」。")
        if self.template is not None:
            object.__setattr__(self, "template", Path(self.template))

    @property
    def display_title(self) -> str:
        title = " ".join(self.title.split())
        if self.layout == "briefing" and title in ("", DEFAULT_COMPILATION_TITLE):
            return DEFAULT_BRIEFING_TITLE
        return title or DEFAULT_COMPILATION_TITLE

    @property
    def new_page_per_case(self) -> bool:
        if self.page_break_between_cases is not None:
            return self.page_break_between_cases
        return self.layout == "compilation"

    def issue_date(self) -> dt.date:
        return self.date or dt.date.today()

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> BriefingOptions:
        """Options from loosely named settings (the export dialog's): `show_unit`/`show_date`/
        `show_tags` become `metadata`, `new_page_per_case` the page break, `distribution` the 发 line;
        the field names themselves are taken as they are."""
        values = dict(values)
        shown = {name: values.pop(f"show_{name}") for name in METADATA_FIELDS if f"show_{name}" in values}
        if shown and "metadata" not in values:
            values["metadata"] = tuple(name for name in METADATA_FIELDS if shown.get(name))
        if "new_page_per_case" in values:
            values.setdefault("page_break_between_cases", values.pop("new_page_per_case"))
        if "distribution" in values:
            values.setdefault("distribute_to", values.pop("distribution"))
        if values.get("template") in ("", None):
            values.pop("template", None)
        known = set(cls.__dataclass_fields__)
        extra = sorted(set(values) - known)
        if extra:
            raise BriefingError(f"未知的导出选项「{'、'.join(extra)}」。")
        return cls(**values)
