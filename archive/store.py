"""The SQLite store: the source of truth for cases, tags, revisions, trash and attachments.

Plain SQL, one connection, explicit transactions (`BEGIN IMMEDIATE` … `COMMIT`). Callers that
need several changes to land together wrap them in `transaction()`.
"""

from __future__ import annotations

import abc
import contextlib
import dataclasses
import datetime as dt
import json
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from archive import migrations
from archive.errors import (
    AmbiguousIdError,
    ArchiveError,
    CaseNotFoundError,
    ConflictError,
    DamagedArchiveError,
    ReadOnlyArchiveError,
    TagError,
)
from archive.model import (
    Attachment,
    BriefingItem,
    BriefingRecord,
    Case,
    CaseDraft,
    Revision,
    Tag,
    TrashedCase,
)
from archive.title_order import title_sort_key

DEFAULT_TAG_COLOR = "#7f8c8d"


def now() -> dt.datetime:
    return dt.datetime.now().astimezone()


class BaseStore(abc.ABC):
    """What both stores (this SQLite one and `archive.backends.postgresql.SharedStore`) do the same
    way, over the few queries each writes for its own database; rows are mappings of column names."""

    read_only: bool
    READ_ONLY_MESSAGE: str
    _lock: threading.RLock
    _depth: int

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic unit of change; nested calls join the outer transaction."""
        if self.read_only:
            raise ReadOnlyArchiveError(self.READ_ONLY_MESSAGE)
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            with self._outer_transaction():
                yield

    @abc.abstractmethod
    def _outer_transaction(self) -> contextlib.AbstractContextManager[None]:
        """Begin, and commit (or roll back on an exception), with `_depth` 1 meanwhile."""
        ...

    # -- cases --------------------------------------------------------------------------------

    def get_case(self, case_id: str, *, include_trashed: bool = False) -> Case:
        row = self._case_row(case_id)
        if row is None or (row["deleted_at"] and not include_trashed):
            raise CaseNotFoundError(f"找不到编号为 {case_id} 的案例。")
        return self._cases_from_rows([row])[0]

    def get_cases(self, case_ids: Sequence[str]) -> list[Case]:
        """The live cases with these ids, in the order given."""
        found: dict[str, Case] = {}
        for start in range(0, len(case_ids), 500):
            rows = self._live_case_rows(list(case_ids[start : start + 500]))
            found.update((case.id, case) for case in self._cases_from_rows(rows))
        return [found[i] for i in case_ids if i in found]

    def resolve_id(self, prefix: str, *, include_trashed: bool = False) -> str:
        """The full id of the one case whose id starts with `prefix`."""
        prefix = prefix.strip().lower()
        if not prefix:
            raise CaseNotFoundError("没有给出案例编号。")
        ids = self._ids_starting(prefix, include_trashed=include_trashed, limit=2)
        if not ids:
            raise CaseNotFoundError(f"找不到编号以 {prefix} 开头的案例。")
        if len(ids) > 1:
            raise AmbiguousIdError(f"编号前缀 {prefix} 对应多个案例，请多输入几位。")
        return ids[0]

    def iter_cases(self, batch: int = 500) -> Iterator[Case]:
        """Every live case, in id order, fetched in batches so memory stays flat."""
        last = ""
        while True:
            rows = self._live_case_rows_after(last, batch)
            if not rows:
                return
            yield from self._cases_from_rows(rows)
            last = rows[-1]["id"]

    def resolve_briefing(self, prefix: str) -> BriefingRecord:
        rows = self._briefing_rows_starting(prefix.strip().lower(), limit=2) if prefix.strip() else []
        if not rows:
            raise CaseNotFoundError(f"没有编号为「{prefix}」的简报记录。")
        if len(rows) > 1:
            raise AmbiguousIdError(f"编号「{prefix}」对应多条简报记录，请多写几位。")
        return _briefing(rows[0])

    # -- tags ---------------------------------------------------------------------------------

    @abc.abstractmethod
    def add_tag(self, name: str, color: str = DEFAULT_TAG_COLOR, parent: str | None = None) -> None:
        ...

    def _require_tag(self, name: str) -> int:
        tag_id = self._tag_id(name)
        if tag_id is None:
            raise TagError(f"没有名为「{name}」的标签。")
        return tag_id

    def _set_case_tags(self, case_id: str, names: Iterable[str]) -> None:
        self._untag_case(case_id)
        for name in dict.fromkeys(n.strip() for n in names if n.strip()):
            tag_id = self._tag_id(name)
            if tag_id is None:
                self.add_tag(name)
                tag_id = self._tag_id(name)
            self._tag_case(case_id, tag_id)

    # -- rows to objects ----------------------------------------------------------------------

    def _cases_from_rows(self, rows: Sequence[Mapping]) -> list[Case]:
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        tags: dict[str, list[str]] = {i: [] for i in ids}
        for case_id, name in self._tag_names_of(ids):
            tags[case_id].append(name)
        files: dict[str, list[Mapping]] = {i: [] for i in ids}
        for row in self._attachment_rows_of(ids):
            files[row["case_id"]].append(row)
        return [_case(r, tags[r["id"]], files[r["id"]]) for r in rows]

    # -- the queries each store writes --------------------------------------------------------

    @abc.abstractmethod
    def _case_row(self, case_id: str) -> Mapping | None:
        ...

    @abc.abstractmethod
    def _live_case_rows(self, case_ids: list[str]) -> Sequence[Mapping]:
        ...

    @abc.abstractmethod
    def _live_case_rows_after(self, last_id: str, limit: int) -> Sequence[Mapping]:
        ...

    @abc.abstractmethod
    def _ids_starting(self, prefix: str, *, include_trashed: bool, limit: int) -> list[str]:
        ...

    @abc.abstractmethod
    def _briefing_rows_starting(self, prefix: str, *, limit: int) -> Sequence[Mapping]:
        ...

    @abc.abstractmethod
    def _tag_id(self, name: str) -> int | None:
        ...

    @abc.abstractmethod
    def _untag_case(self, case_id: str) -> None:
        ...

    @abc.abstractmethod
    def _tag_case(self, case_id: str, tag_id: int) -> None:
        ...

    @abc.abstractmethod
    def _tag_names_of(self, case_ids: list[str]) -> Iterable[tuple[str, str]]:
        """(case id, tag name) of the cases' tags, in the taxonomy's order."""
        ...

    @abc.abstractmethod
    def _attachment_rows_of(self, case_ids: list[str]) -> Iterable[Mapping]:
        """The attachment rows of the cases, by name."""
        ...


class Store(BaseStore):
    """All reads and writes of the archive database."""

    READ_ONLY_MESSAGE = "案例库以只读方式打开，不能修改。"

    def __init__(self, db: sqlite3.Connection, *, read_only: bool) -> None:
        self._db = db
        self.read_only = read_only
        self._lock = threading.RLock()
        self._depth = 0

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False, immutable: bool = False) -> Store:
        """Open (creating and migrating when writable) the database at `path`. `immutable` is for a
        folder nothing can write to, where SQLite cannot create its shared-memory file."""
        if read_only:
            flags = "mode=ro&immutable=1" if immutable else "mode=ro"
            db = sqlite3.connect(f"{path.absolute().as_uri()}?{flags}", uri=True,
                                 isolation_level=None, check_same_thread=False)
        else:
            db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA busy_timeout = 5000")
        if not read_only:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
        return cls(db, read_only=read_only)

    def close(self) -> None:
        self._db.close()

    # -- schema -------------------------------------------------------------------------------

    def schema_version(self) -> int:
        return migrations.schema_version(self._db)

    def migrate(self) -> list[int]:
        with self._lock:
            return migrations.migrate(self._db)

    def quick_check(self) -> list[str]:
        """SQLite's fast structural check; an empty list means healthy."""
        rows = [r[0] for r in self._db.execute("PRAGMA quick_check")]
        return [] if rows == ["ok"] else rows

    def integrity_check(self) -> list[str]:
        rows = [r[0] for r in self._db.execute("PRAGMA integrity_check")]
        problems = [] if rows == ["ok"] else rows
        problems += [f"外键不一致：{tuple(r)}" for r in self._db.execute("PRAGMA foreign_key_check")]
        return problems

    @property
    def connection(self) -> sqlite3.Connection:
        """For the backup API only."""
        return self._db

    # -- transactions -------------------------------------------------------------------------

    @contextlib.contextmanager
    def _outer_transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            self._db.execute("COMMIT")
        finally:
            self._depth = 0

    def _rows(self, sql: str, params: Sequence | dict = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.DatabaseError as error:
                if isinstance(error, sqlite3.OperationalError | sqlite3.IntegrityError):
                    raise
                raise DamagedArchiveError(f"读取数据库失败：{error}") from error

    # -- cases --------------------------------------------------------------------------------

    def add_case(
        self,
        draft: CaseDraft,
        *,
        case_id: str | None = None,
        fingerprint: str = "",
        similarity: int = 0,
        similar_to: str | None = None,
        provenance: str = "",
        created_at: dt.datetime | None = None,
        updated_at: dt.datetime | None = None,
    ) -> str:
        """`created_at`/`updated_at` keep another archive's times for a case brought in from it."""
        case_id = case_id or str(uuid.uuid4())
        moment = created_at or now()
        with self.transaction():
            self._db.execute(
                "INSERT INTO cases (id, title, title_key, body, unit, source, author, date, created_at,"
                " updated_at, fingerprint, similarity, similar_to, provenance)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (case_id, draft.title, title_sort_key(draft.title), draft.body, draft.unit, draft.source,
                 draft.author, _date_text(draft.date), moment.isoformat(), (updated_at or now()).isoformat(),
                 fingerprint, similarity, similar_to, provenance),
            )
            self._set_case_tags(case_id, draft.tags)
        return case_id

    def update_case(
        self, case_id: str, draft: CaseDraft, *, fingerprint: str = "", similarity: int = 0,
        updated_at: dt.datetime | None = None, attachments: Sequence[Attachment] = (),
        base_version: int | None = None,
    ) -> bool:
        """Save `draft` and `attachments` (added, or replacing those of the same name) over the
        case, keeping its previous state, attachments included, as a revision.

        `draft` comes cleaned (`archive.state.clean_draft`, the one normaliser of drafts).
        `updated_at` keeps the time of an edit made in another archive (when it is later than
        this case's). Returns False (and changes nothing) when neither text nor files change.
        A `base_version` other than the case's version refuses the save (ConflictError).
        """
        with self.transaction():
            current = self.get_case(case_id)
            version = self.case_version(case_id) if base_version is not None else None
            if version is not None and base_version != version:
                raise ConflictError(
                    f"冲突：该案例已被修改（第 {version} 版），您的修改基于第 {base_version} 版，"
                    "未保存：请对照最新版本合并后再保存。", version=version)
            new_files = _new_files(current, draft, attachments)
            if new_files is None:
                return False
            self._save_revision(current)
            self._write_case(current, draft, fingerprint, similarity,
                             _stamp(current.updated_at, updated_at))
            for attachment in new_files:
                self.add_attachment(case_id, attachment, original=False)
        return True

    def restore_revision(self, case_id: str, number: int, *, fingerprint: str = "",
                         similarity: int = 0) -> None:
        """Make revision `number` current again, with the attachments it had; the state it
        replaces becomes a revision too."""
        with self.transaction():
            current = self.get_case(case_id)
            rows = self._rows("SELECT * FROM revisions WHERE case_id = ? AND number = ?",
                              (case_id, number))
            if not rows:
                raise ArchiveError(f"案例 {case_id[:8]} 没有第 {number} 版。")
            old = _revision(rows[0])
            self._save_revision(current)
            self._write_case(current, CaseDraft(old.title, old.body, old.unit, old.source,
                                                old.author, old.date, old.tags),
                             fingerprint, similarity, _stamp(current.updated_at, None))
            if rows[0]["files_kept"]:
                self._db.execute("DELETE FROM attachments WHERE case_id = ?", (case_id,))
                self._db.execute(
                    "INSERT INTO attachments (case_id, name, sha256, size, mime, is_original)"
                    " SELECT case_id, name, sha256, size, mime, is_original"
                    " FROM revision_attachments WHERE case_id = ? AND number = ?",
                    (case_id, number))

    def _save_revision(self, current: Case) -> None:
        number = self._rows(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM revisions WHERE case_id = ?", (current.id,)
        )[0][0]
        self._db.execute(
            "INSERT INTO revisions (case_id, number, saved_at, title, body, unit, source,"
            " author, date, tags, files_kept) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
            (current.id, number, _text_of(current.updated_at), current.title, current.body,
             current.unit, current.source, current.author, _date_text(current.date),
             json.dumps(current.tags, ensure_ascii=False)),
        )
        self._db.execute(
            "INSERT INTO revision_attachments (case_id, number, name, sha256, size, mime,"
            " is_original) SELECT case_id, ?, name, sha256, size, mime, is_original"
            " FROM attachments WHERE case_id = ?", (number, current.id))

    def _write_case(self, current: Case, draft: CaseDraft, fingerprint: str, similarity: int,
                    updated_at: dt.datetime) -> None:
        self._db.execute(
            "UPDATE cases SET title = ?, title_key = COALESCE(?, title_key), body = ?, unit = ?, source = ?,"
            " author = ?, date = ?, updated_at = ?, fingerprint = ?, similarity = ? WHERE id = ?",
            (draft.title, _changed_title_key(current, draft), draft.body, draft.unit, draft.source,
             draft.author, _date_text(draft.date), updated_at.isoformat(), fingerprint, similarity,
             current.id),
        )
        self._set_case_tags(current.id, draft.tags)

    def _case_row(self, case_id: str) -> sqlite3.Row | None:
        rows = self._rows("SELECT * FROM cases WHERE id = ?", (case_id,))
        return rows[0] if rows else None

    def _live_case_rows(self, case_ids: list[str]) -> list[sqlite3.Row]:
        marks = ",".join("?" * len(case_ids))
        return self._rows(f"SELECT * FROM cases WHERE deleted_at IS NULL AND id IN ({marks})", case_ids)

    def _live_case_rows_after(self, last_id: str, limit: int) -> list[sqlite3.Row]:
        return self._rows("SELECT * FROM cases WHERE deleted_at IS NULL AND id > ? ORDER BY id LIMIT ?",
                          (last_id, limit))

    def _ids_starting(self, prefix: str, *, include_trashed: bool, limit: int) -> list[str]:
        live = "" if include_trashed else " AND deleted_at IS NULL"
        return [r[0] for r in self._rows(f"SELECT id FROM cases WHERE id >= ? AND id < ?{live} LIMIT ?",
                                         (prefix, prefix + "\U0010ffff", limit))]

    def list_cases(self, *, limit: int | None = None, offset: int = 0) -> list[Case]:
        """Live cases, newest first (by the case's date, then by when it was added)."""
        rows = self._rows(
            "SELECT * FROM cases WHERE deleted_at IS NULL"
            " ORDER BY date DESC NULLS LAST, created_at DESC LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset),
        )
        return self._cases_from_rows(rows)

    ORDERS = {
        "title": "c.title_key", "date": "c.date", "unit": "c.unit",
        "tags": "(SELECT group_concat(t.name, '、') FROM case_tags ct JOIN tags t ON t.id = ct.tag_id"
                " WHERE ct.case_id = c.id)",
        "updated": "c.updated_at",
    }
    """What `ordered_ids` can order by: the column (or expression) of each."""

    def ordered_ids(self, case_ids: Sequence[str], order: str, *, descending: bool = False,
                    limit: int = -1, offset: int = 0) -> list[str]:
        """A page of the live cases among `case_ids`, ordered by `order` (one of ORDERS); cases
        without a value (no date, no tags) come last either way, ties by id."""
        key, direction = self.ORDERS[order], "DESC" if descending else "ASC"
        rows = self._rows(
            f"SELECT c.id FROM cases c JOIN json_each(?) chosen ON chosen.value = c.id"
            f" WHERE c.deleted_at IS NULL"
            f" ORDER BY coalesce({key}, '') = '', {key} {direction}, c.id {direction} LIMIT ? OFFSET ?",
            (json.dumps(list(case_ids)), limit, offset))
        return [r[0] for r in rows]

    def case_count(self) -> int:
        return self._rows("SELECT COUNT(*) FROM cases WHERE deleted_at IS NULL")[0][0]

    def versions(self) -> dict[str, str]:
        """id -> updated_at of every live case: what the index must match."""
        return {r[0]: r[1] for r in self._rows(
            "SELECT id, updated_at FROM cases WHERE deleted_at IS NULL")}

    def find_by_fingerprint(self, fingerprint: str) -> str | None:
        rows = self._rows(
            "SELECT id FROM cases WHERE fingerprint = ? AND deleted_at IS NULL LIMIT 1",
            (fingerprint,),
        )
        return rows[0][0] if rows else None

    def similarity_signatures(self) -> Iterator[tuple[str, int]]:
        for row in self._rows(
            "SELECT id, similarity FROM cases WHERE deleted_at IS NULL AND similarity != 0"
        ):
            yield row[0], row[1]

    def set_provenance(self, case_id: str, provenance: str) -> None:
        with self.transaction():
            self._db.execute("UPDATE cases SET provenance = ? WHERE id = ?", (provenance, case_id))

    def exists(self, case_id: str) -> bool:
        """Whether a case with this id is in the archive, live or in the trash."""
        return bool(self._rows("SELECT 1 FROM cases WHERE id = ?", (case_id,)))

    # -- attachments --------------------------------------------------------------------------

    def add_attachment(self, case_id: str, attachment: Attachment, *, original: bool) -> None:
        with self.transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO attachments (case_id, name, sha256, size, mime, is_original)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (case_id, attachment.name, attachment.sha256, attachment.size, attachment.mime,
                 int(original)),
            )

    def referenced_hashes(self) -> set[str]:
        """Files a case, one of its revisions or a kept briefing uses."""
        return {r[0] for r in self._rows(
            "SELECT sha256 FROM attachments UNION SELECT sha256 FROM revision_attachments"
            " UNION SELECT sha256 FROM briefings")}

    def all_attachments(self) -> list[tuple[str, Attachment]]:
        return [(r["case_id"], _attachment(r)) for r in self._rows("SELECT * FROM attachments")]

    # -- 简报 series ----------------------------------------------------------------------------

    def briefing_issue(self, title: str) -> tuple[int, int] | None:
        """(year, last issue number) of the 简报 with this title, if one was exported."""
        rows = self._rows("SELECT year, last_issue FROM briefing_series WHERE title = ?", (title,))
        return (rows[0][0], rows[0][1]) if rows else None

    def record_briefing_issue(self, title: str, year: int, issue: int) -> None:
        """Keep the highest number used in the year; a new year starts the count again."""
        with self.transaction():
            self._db.execute(
                "INSERT INTO briefing_series (title, year, last_issue, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (title) DO UPDATE SET updated_at = excluded.updated_at,"
                " last_issue = CASE WHEN year = excluded.year THEN max(last_issue, excluded.last_issue)"
                " WHEN year < excluded.year THEN excluded.last_issue ELSE last_issue END,"
                " year = max(year, excluded.year)",
                (title, year, issue, now().isoformat()),
            )

    # -- briefing records ---------------------------------------------------------------------

    def add_briefing(self, record: BriefingRecord) -> None:
        with self.transaction():
            self._db.execute(
                "INSERT INTO briefings (id, created_at, layout, title, series, issue, issue_date, options,"
                " items, file_name, sha256, size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (record.id, record.created_at.isoformat(), record.layout, record.title, record.series,
                 record.issue, record.issue_date.isoformat(), json.dumps(record.options, ensure_ascii=False),
                 json.dumps([i.to_json() for i in record.items], ensure_ascii=False), record.file_name,
                 record.sha256, record.size))
            self._db.executemany(
                "INSERT OR IGNORE INTO briefing_uses (briefing_id, case_id, whole) VALUES (?, ?, ?)",
                [(record.id, item.case_id, int(not item.is_excerpt)) for item in record.items])

    def list_briefings(self, *, deleted: bool = False, case_id: str | None = None) -> list[BriefingRecord]:
        """Kept briefings, newest first: the live ones, or those in the trash; only those that
        used `case_id`, when given."""
        sql = f"SELECT * FROM briefings WHERE deleted_at IS {'NOT ' if deleted else ''}NULL"
        params: tuple = ()
        if case_id is not None:
            sql += " AND id IN (SELECT briefing_id FROM briefing_uses WHERE case_id = ?)"
            params = (case_id,)
        return [_briefing(r) for r in self._rows(sql + " ORDER BY created_at DESC", params)]

    def _briefing_rows_starting(self, prefix: str, *, limit: int) -> list[sqlite3.Row]:
        return self._rows("SELECT * FROM briefings WHERE id LIKE ? ORDER BY id LIMIT ?",
                          (prefix + "%", limit))

    def set_briefing_deleted(self, briefing_id: str, deleted: bool) -> None:
        with self.transaction():
            self._db.execute("UPDATE briefings SET deleted_at = ? WHERE id = ?",
                             (now().isoformat() if deleted else None, briefing_id))

    def purge_briefing(self, briefing_id: str) -> None:
        with self.transaction():
            self._db.execute("DELETE FROM briefings WHERE id = ?", (briefing_id,))

    def cases_used(self, series: str | None = None) -> set[str]:
        """Ids of the cases a live briefing used, whole or in part (of this series, when given)."""
        sql = ("SELECT DISTINCT u.case_id FROM briefing_uses u JOIN briefings b ON b.id = u.briefing_id"
               " WHERE b.deleted_at IS NULL")
        if series is None:
            return {r[0] for r in self._rows(sql)}
        return {r[0] for r in self._rows(sql + " AND (b.series = ? OR b.title = ?)", (series, series))}

    def case_version(self, case_id: str) -> int:
        """1 as first saved, one more per edit kept as a revision."""
        rows = self._rows("SELECT COALESCE(MAX(number), 0) + 1 FROM revisions WHERE case_id = ?", (case_id,))
        return rows[0][0]

    def basket(self) -> list[BriefingItem]:
        return [BriefingItem.from_json(json.loads(r[0]))
                for r in self._rows("SELECT item FROM basket ORDER BY position")]

    def set_basket(self, items: Sequence[BriefingItem]) -> None:
        with self.transaction():
            self._db.execute("DELETE FROM basket")
            self._db.executemany(
                "INSERT INTO basket (position, item) VALUES (?, ?)",
                [(n, json.dumps(item.to_json(), ensure_ascii=False)) for n, item in enumerate(items)])

    # -- trash --------------------------------------------------------------------------------

    def trash_case(self, case_id: str) -> None:
        with self.transaction():
            self.get_case(case_id)
            self._db.execute("UPDATE cases SET deleted_at = ? WHERE id = ?",
                             (now().isoformat(), case_id))

    def restore_case(self, case_id: str) -> None:
        with self.transaction():
            changed = self._db.execute(
                "UPDATE cases SET deleted_at = NULL, updated_at = ?"
                " WHERE id = ? AND deleted_at IS NOT NULL", (now().isoformat(), case_id)
            ).rowcount
            if not changed:
                raise CaseNotFoundError(f"回收站里没有编号为 {case_id} 的案例。")

    def purge_case(self, case_id: str) -> None:
        """Delete a trashed case for good, with its revisions and attachment records."""
        with self.transaction():
            changed = self._db.execute(
                "DELETE FROM cases WHERE id = ? AND deleted_at IS NOT NULL", (case_id,)
            ).rowcount
            if not changed:
                raise CaseNotFoundError(f"回收站里没有编号为 {case_id} 的案例。")

    def list_trash(self) -> list[TrashedCase]:
        return [
            TrashedCase(r["id"], r["title"], dt.datetime.fromisoformat(r["deleted_at"]))
            for r in self._rows(
                "SELECT id, title, deleted_at FROM cases WHERE deleted_at IS NOT NULL"
                " ORDER BY deleted_at DESC")
        ]

    # -- revisions ----------------------------------------------------------------------------

    def list_revisions(self, case_id: str) -> list[Revision]:
        self.get_case(case_id)
        return [_revision(r) for r in self._rows(
            "SELECT * FROM revisions WHERE case_id = ? ORDER BY number DESC", (case_id,))]

    # -- tags ---------------------------------------------------------------------------------

    def list_tags(self, *, counts: bool = True) -> list[Tag]:
        """The taxonomy in its order; `counts=False` leaves the case counts 0 (a tenth of a second
        at 20,000 cases, while the database is locked to every other reader of this process)."""
        # Counted in one pass over case_tags, the trashed few left out: a lookup of each tagging's
        # case takes four times as long.
        counted = ("SELECT tag_id, COUNT(*) AS n FROM case_tags WHERE case_id NOT IN"
                   " (SELECT id FROM cases WHERE deleted_at IS NOT NULL) GROUP BY tag_id"
                   if counts else "SELECT NULL AS tag_id, 0 AS n")
        rows = self._rows(
            "SELECT t.name, t.color, p.name AS parent, COALESCE(counted.n, 0) AS case_count"
            f" FROM tags t LEFT JOIN tags p ON p.id = t.parent_id LEFT JOIN ({counted}) counted"
            " ON counted.tag_id = t.id"
            " ORDER BY COALESCE(p.position, t.position), t.parent_id IS NOT NULL, t.position, t.name"
        )
        return [Tag(r["name"], r["color"], r["parent"], r["case_count"]) for r in rows]

    def add_tag(self, name: str, color: str = DEFAULT_TAG_COLOR, parent: str | None = None) -> None:
        name = _valid_tag_name(name)
        with self.transaction():
            if self._tag_id(name) is not None:
                raise TagError(f"标签「{name}」已经存在。")
            parent_id = self._require_tag(parent) if parent else None
            position = self._rows("SELECT COALESCE(MAX(position), 0) + 1 FROM tags")[0][0]
            self._db.execute(
                "INSERT INTO tags (name, color, parent_id, position) VALUES (?, ?, ?, ?)",
                (name, color, parent_id, position),
            )

    def rename_tag(self, old: str, new: str) -> None:
        new = _valid_tag_name(new)
        with self.transaction():
            tag_id = self._require_tag(old)
            if self._tag_id(new) is not None:
                raise TagError(f"标签「{new}」已经存在；要把两个标签合并，请用“合并”。")
            self._db.execute("UPDATE tags SET name = ? WHERE id = ?", (new, tag_id))
            self._touch_cases_tagged(tag_id)

    def merge_tags(self, source: str, target: str) -> None:
        """Every case tagged `source` becomes tagged `target`; `source` disappears."""
        with self.transaction():
            source_id, target_id = self._require_tag(source), self._require_tag(target)
            if source_id == target_id:
                raise TagError("不能把标签合并到它自己。")
            self._touch_cases_tagged(source_id)
            self._db.execute(
                "INSERT OR IGNORE INTO case_tags (case_id, tag_id)"
                " SELECT case_id, ? FROM case_tags WHERE tag_id = ?", (target_id, source_id))
            self._db.execute("UPDATE tags SET parent_id = ? WHERE parent_id = ?",
                             (target_id, source_id))
            self._db.execute("DELETE FROM tags WHERE id = ?", (source_id,))

    def recolor_tag(self, name: str, color: str) -> None:
        with self.transaction():
            self._db.execute("UPDATE tags SET color = ? WHERE id = ?",
                             (color, self._require_tag(name)))

    def delete_tag(self, name: str) -> int:
        """Remove the tag from every case and from the taxonomy; returns the cases affected."""
        with self.transaction():
            tag_id = self._require_tag(name)
            affected = self._touch_cases_tagged(tag_id)
            self._db.execute("DELETE FROM tags WHERE id = ?", (tag_id,))
        return affected

    def tag_case_ids(self, name: str) -> list[str]:
        return [r[0] for r in self._rows(
            "SELECT ct.case_id FROM case_tags ct JOIN tags t ON t.id = ct.tag_id"
            " JOIN cases c ON c.id = ct.case_id WHERE t.name = ? AND c.deleted_at IS NULL",
            (name,))]

    def _touch_cases_tagged(self, tag_id: int) -> int:
        # A tag change changes the cases' searchable tags: bump their version for the index.
        return self._db.execute(
            "UPDATE cases SET updated_at = ? WHERE id IN"
            " (SELECT case_id FROM case_tags WHERE tag_id = ?)", (now().isoformat(), tag_id)
        ).rowcount

    def _tag_id(self, name: str) -> int | None:
        rows = self._db.execute("SELECT id FROM tags WHERE name = ?", (name,)).fetchall()
        return rows[0][0] if rows else None

    def _untag_case(self, case_id: str) -> None:
        self._db.execute("DELETE FROM case_tags WHERE case_id = ?", (case_id,))

    def _tag_case(self, case_id: str, tag_id: int) -> None:
        self._db.execute("INSERT INTO case_tags (case_id, tag_id) VALUES (?, ?)", (case_id, tag_id))

    def _tag_names_of(self, case_ids: list[str]) -> sqlite3.Cursor:
        marks = ",".join("?" * len(case_ids))
        return self._db.execute(
            f"SELECT ct.case_id, t.name FROM case_tags ct JOIN tags t ON t.id = ct.tag_id"
            f" WHERE ct.case_id IN ({marks}) ORDER BY t.position, t.name", case_ids)

    def _attachment_rows_of(self, case_ids: list[str]) -> sqlite3.Cursor:
        marks = ",".join("?" * len(case_ids))
        return self._db.execute(f"SELECT * FROM attachments WHERE case_id IN ({marks}) ORDER BY name",
                                case_ids)


def _case(row: Mapping, tags: list[str], files: Sequence[Mapping]) -> Case:
    """A case from its row (any mapping of the cases table's columns), tags and attachment rows."""
    originals = [_attachment(f) for f in files if f["is_original"]]
    return Case(
        id=row["id"], title=row["title"], body=row["body"], unit=row["unit"], source=row["source"],
        author=row["author"], date=_parse_date(row["date"]), tags=tags,
        created_at=dt.datetime.fromisoformat(row["created_at"]),
        updated_at=dt.datetime.fromisoformat(row["updated_at"]),
        attachments=[_attachment(f) for f in files if not f["is_original"]],
        original=originals[0] if originals else None,
        similar_to=row["similar_to"], provenance=row["provenance"],
    )


def _briefing(row: sqlite3.Row) -> BriefingRecord:
    return BriefingRecord(
        id=row["id"], created_at=dt.datetime.fromisoformat(row["created_at"]), layout=row["layout"],
        title=row["title"], series=row["series"], issue=row["issue"],
        issue_date=dt.date.fromisoformat(row["issue_date"]), options=json.loads(row["options"]),
        items=tuple(BriefingItem.from_json(i) for i in json.loads(row["items"])),
        file_name=row["file_name"], sha256=row["sha256"], size=row["size"],
        deleted_at=dt.datetime.fromisoformat(row["deleted_at"]) if row["deleted_at"] else None)


def _revision(row: sqlite3.Row) -> Revision:
    return Revision(
        number=row["number"], case_id=row["case_id"],
        saved_at=dt.datetime.fromisoformat(row["saved_at"]),
        title=row["title"], body=row["body"], unit=row["unit"], source=row["source"],
        author=row["author"], date=_parse_date(row["date"]), tags=tuple(json.loads(row["tags"])),
    )


def _attachment(row: sqlite3.Row) -> Attachment:
    return Attachment(row["name"], row["sha256"], row["size"], row["mime"])


def _valid_tag_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise TagError("标签名不能为空。")
    if len(name) > 40:
        raise TagError(f"标签名「{name[:40]}…」太长了（最多 40 个字）。")
    return name


def _new_files(current: Case, draft: CaseDraft, attachments: Sequence[Attachment]) -> list[Attachment] | None:
    """The attachments a save over `current` adds; None when the save would change nothing."""
    present = {(a.name, a.sha256) for a in current.attachments}
    new_files = [a for a in attachments if (a.name, a.sha256) not in present]
    if _draft_of(current) == _tags_sorted(draft) and not new_files:
        return None
    return new_files


def _changed_title_key(current: Case, draft: CaseDraft) -> str | None:
    """The new title's sort key, or None when the title is unchanged and its key stays.

    The first reading loads pypinyin's dictionaries, a second's work: a batch edit that only sets
    tags, a unit or a date need not wait for it.
    """
    return None if draft.title == current.title else title_sort_key(draft.title)


def _tags_sorted(draft: CaseDraft) -> CaseDraft:
    """The draft as an edit compares it: the order of its tags does not count."""
    return dataclasses.replace(draft, tags=tuple(sorted(draft.tags)))


def _draft_of(case: Case) -> CaseDraft:
    return _tags_sorted(CaseDraft(case.title, case.body, case.unit, case.source, case.author,
                                  case.date, tuple(case.tags)))


def _stamp(current: dt.datetime | None, wanted: dt.datetime | None) -> dt.datetime:
    if wanted and (current is None or wanted > current):
        return wanted
    return _later_than(current)


def _later_than(moment: dt.datetime | None) -> dt.datetime:
    # The index treats updated_at as a version: two saves within a second must still differ.
    current = now()
    if moment and current <= moment:
        return moment + dt.timedelta(seconds=1)
    return current


def _date_text(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _text_of(moment: dt.datetime | None) -> str:
    return (moment or now()).isoformat()


def _parse_date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None

