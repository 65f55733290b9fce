"""The domain: plain dataclasses shared by the store, the importers, export and the UI."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

# What one case may hold, checked on every way in (edit, import, package). The search index counts
# positions in 22 bits (4.19 million characters): a longer body would alias another case's.
MAX_BODY_CHARS = 1_000_000
MAX_TAGS_PER_CASE = 100


@dataclass(frozen=True)
class Attachment:
    """A file that belongs to a case, stored once by content hash."""

    name: str
    sha256: str
    size: int
    mime: str = "application/octet-stream"


@dataclass
class Case:
    """A typical-case write-up (典型案例). `body` is Markdown."""

    id: str
    title: str
    body: str = ""
    unit: str = ""
    source: str = ""
    author: str = ""
    date: dt.date | None = None
    tags: list[str] = field(default_factory=list)
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    attachments: list[Attachment] = field(default_factory=list)
    original: Attachment | None = None
    similar_to: str | None = None
    provenance: str = ""

    def to_json(self) -> dict:
        """The `show --json` shape of DESIGN.md."""
        return {
            **self.summary_json(),
            "source": self.source,
            "author": self.author,
            "body": self.body,
            "attachments": [
                {"name": a.name, "sha256": a.sha256, "size": a.size, "mime": a.mime}
                for a in self.attachments
            ],
            "original": (
                {"name": self.original.name, "sha256": self.original.sha256,
                 "size": self.original.size}
                if self.original else None
            ),
            "similar_to": self.similar_to,
            "created_at": _iso(self.created_at),
            "updated_at": _iso(self.updated_at),
        }

    def summary_json(self) -> dict:
        """The `list --json` shape of DESIGN.md."""
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "unit": self.unit,
            "tags": list(self.tags),
        }


@dataclass(frozen=True)
class CaseDraft:
    """What a caller supplies to create or edit a case; the store assigns the rest."""

    title: str
    body: str = ""
    unit: str = ""
    source: str = ""
    author: str = ""
    date: dt.date | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class NewFile:
    """Bytes to be stored with a case (an attachment or the original imported file).

    A file too large to hold in memory (a package member) comes as `stream` instead of `data`: a
    callable yielding its bytes in chunks, called once when the file is stored, and its `size`."""

    name: str
    data: bytes = b""
    mime: str = "application/octet-stream"
    stream: Callable[[], Iterator[bytes]] | None = field(default=None, repr=False, compare=False)
    stream_size: int = 0
    stream_sha256: str = ""  # when known: a file already stored is not streamed again

    @property
    def size(self) -> int:
        return self.stream_size if self.stream is not None else len(self.data)

    def chunks(self) -> Iterator[bytes]:
        return self.stream() if self.stream is not None else iter((self.data,))


@dataclass(frozen=True)
class Revision:
    """An earlier state of a case, kept when the case was edited."""

    number: int
    case_id: str
    saved_at: dt.datetime
    title: str
    body: str
    unit: str
    source: str
    author: str
    date: dt.date | None
    tags: tuple[str, ...]


@dataclass(frozen=True)
class TrashedCase:
    id: str
    title: str
    deleted_at: dt.datetime


@dataclass(frozen=True)
class Tag:
    """A tag of the taxonomy. Groups (防灾减灾, …) have no parent; their tags do."""

    name: str
    color: str
    parent: str | None = None
    case_count: int = 0


@dataclass(frozen=True)
class BriefingItem:
    """One entry of the basket or of a kept briefing: a whole case, or an excerpt of it (blocks
    `start`..`end` of its top-level Markdown, counted from 1, kept as `text` when taken)."""

    case_id: str
    revision: int  # the case's version when taken: 1 as first saved, +1 per edit
    start: int | None = None
    end: int | None = None
    title: str = ""  # the excerpt's own short title; empty: the case's title
    text: str = ""
    source: str = ""  # 摘自《…》（unit, date): printed under the excerpt's title

    @property
    def is_excerpt(self) -> bool:
        return self.start is not None

    def to_json(self) -> dict:
        if not self.is_excerpt:
            return {"kind": "case", "case_id": self.case_id, "revision": self.revision}
        return {"kind": "excerpt", "case_id": self.case_id, "revision": self.revision,
                "blocks": [self.start, self.end], "title": self.title, "text": self.text,
                "source": self.source}

    @classmethod
    def from_json(cls, value: dict) -> BriefingItem:
        start, end = value.get("blocks") or (None, None)
        return cls(value["case_id"], int(value["revision"]), start, end, value.get("title", ""),
                   value.get("text", ""), value.get("source", ""))


@dataclass(frozen=True)
class BriefingRecord:
    """A kept export: what was asked for, what went in, in order, and the file that came out
    (kept in the archive's files under `sha256`)."""

    id: str
    created_at: dt.datetime
    layout: str
    title: str
    series: str  # the 简报's title, its series; empty for a 汇编 or a single case
    issue: int | None
    issue_date: dt.date
    options: dict
    items: tuple[BriefingItem, ...]
    file_name: str
    sha256: str
    size: int
    deleted_at: dt.datetime | None = None

    def summary_json(self) -> dict:
        """The `briefings list --json` shape (docs/briefing-records.md)."""
        return {"id": self.id, "created_at": _iso(self.created_at), "layout": self.layout,
                "title": self.title, "series": self.series, "issue": self.issue,
                "issue_date": self.issue_date.isoformat(), "items": len(self.items),
                "file_name": self.file_name, "deleted": self.deleted_at is not None}

    def to_json(self) -> dict:
        """The `briefings show --json` shape."""
        return {**self.summary_json(), "items": [item.to_json() for item in self.items],
                "options": self.options, "sha256": self.sha256, "size": self.size,
                "deleted_at": _iso(self.deleted_at)}


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


@dataclass(frozen=True)
class KeptDraft:
    """The text of a save the shared archive refused (someone saved a newer version first), kept on
    the server until it is merged or discarded."""

    id: int
    case_id: str
    based_on: int
    """The version the refused edit started from."""
    saved_by: str
    saved_at: dt.datetime
    draft: CaseDraft
