"""The shared archive's store on PostgreSQL: the same methods as the SQLite `Store`, with SQLAlchemy
Core over psycopg 3.

What sharing adds: files live in the database (deduplicated by SHA-256, streamed in chunks); a live
case's fingerprint is unique, so two desktops importing the same file never make two cases; a save
names the version it was based on and is refused over a newer one (its text kept as a draft); and
every transaction that changes cases writes numbered rows to `changes` and NOTIFYs, in commit order,
so that each desktop's local search index can follow.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import tempfile
import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection, Engine

from archive.backends import schema as t
from archive.backends import upgrades
from archive.backends.connection import engine_for, server_error
from archive.changefeed import NOTIFY_CHANNEL
from archive.errors import (
    ArchiveError,
    CaseNotFoundError,
    ConflictError,
    DuplicateCaseError,
    TagError,
)
from archive.model import (
    Attachment,
    BriefingItem,
    BriefingRecord,
    Case,
    CaseDraft,
    KeptDraft,
    Revision,
    Tag,
    TrashedCase,
)
from archive.store import (
    DEFAULT_TAG_COLOR,
    BaseStore,
    _attachment,
    _briefing,
    _changed_title_key,
    _date_text,
    _new_files,
    _parse_date,
    _revision,
    _stamp,
    _text_of,
    _valid_tag_name,
    now,
)
from archive.title_order import title_sort_key

log = logging.getLogger(__name__)

CHUNK_BYTES = 1 << 20
# Taken (for the rest of the transaction) before numbering changes: numbers then follow commit order,
# so a reader that has seen change N has seen every change before it.
_CHANGE_LOCK = 0x6361_7365  # "case"
_LIVE = t.cases.c.deleted_at.is_(None)


class SharedStore(BaseStore):
    """All reads and writes of a shared archive on a PostgreSQL server."""

    READ_ONLY_MESSAGE = "共享案例库以只读方式打开，不能修改。"

    def __init__(self, engine: Engine, *, read_only: bool = False) -> None:
        self._engine = engine
        self.read_only = read_only
        self._lock = threading.RLock()  # held for a whole transaction (`BaseStore.transaction`)
        # Other threads go on reading while one thread's transaction runs on a connection of its own.
        self._reading = threading.Lock()
        self._reader = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        self._writer: Connection | None = None
        self._writing_thread: int | None = None
        self._depth = 0
        self._touched: set[str] = set()
        self._taxonomy_changed = False
        self.own_changes: set[int] = set()
        """Numbers of the changes this store committed: this desktop indexed them as it saved, so its
        follower skips them (and takes them out of this set)."""

    @classmethod
    def open(cls, url: str, *, read_only: bool = False) -> SharedStore:
        try:
            return cls(engine_for(url), read_only=read_only)
        except sa.exc.DBAPIError as error:
            raise server_error(error) from error
        except sa.exc.ArgumentError as error:
            raise ArchiveError(f"共享案例库地址「{url}」无效：{error}") from error

    def close(self) -> None:
        with self._lock, self._reading:
            self._reader.close()
            self._engine.dispose()

    @property
    def engine(self) -> Engine:
        return self._engine

    # -- schema -------------------------------------------------------------------------------

    def schema_version(self) -> int:
        """The schema's Alembic revision number; `casearchive server migrate` upgrades it."""
        return upgrades.schema_version(self._engine)

    def quick_check(self) -> list[str]:
        return []

    def integrity_check(self) -> list[str]:
        missing = self._rows(sa.select(t.attachments.c.sha256).except_(sa.select(t.blobs.c.sha256)))
        return [f"附件文件缺失：{r[0]}" for r in missing]

    def current_role(self) -> str:
        """只读, 编辑 or 管理: the strongest archive role the connected user holds."""
        rows = self._rows(sa.text(
            "SELECT r FROM unnest(ARRAY['casearchive_admin','casearchive_edit','casearchive_read']) r"
            " WHERE pg_has_role(current_user, r, 'MEMBER') OR"
            " (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"))
        names = {r[0] for r in rows}
        return ("管理" if "casearchive_admin" in names else "编辑" if "casearchive_edit" in names
                else "只读")

    # -- connections and transactions -----------------------------------------------------------

    def _in_transaction(self) -> bool:
        """Whether this thread runs the open transaction: its reads see its own writes."""
        return self._writer is not None and self._writing_thread == threading.get_ident()

    def _rows(self, statement: sa.Executable, params: dict | Sequence[dict] | None = None) -> list:
        if self._in_transaction():
            try:
                return list(self._writer.execute(statement, params))
            except sa.exc.DBAPIError as error:
                raise server_error(error) from error
        with self._reading:
            try:
                return list(self._reader.execute(statement, params))
            except sa.exc.DBAPIError as error:
                if not error.connection_invalidated:
                    raise server_error(error) from error
            # The server restarted or the network dropped since the last read: one new connection.
            log.info("reconnecting to the shared archive's server")
            self._reader.close()
            try:
                self._reader = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
                return list(self._reader.execute(statement, params))
            except sa.exc.DBAPIError as error:
                raise server_error(error) from error

    def _mappings(self, statement: sa.Executable) -> list[Mapping]:
        return [row._mapping for row in self._rows(statement)]

    def _run(self, statement: sa.Executable, params: dict | Sequence[dict] | None = None,
             *, what: str = "") -> int:
        """Execute a write inside the current transaction; returns the rows it changed."""
        if not self._in_transaction():
            raise RuntimeError("a write outside SharedStore.transaction()")
        try:
            return self._writer.execute(statement, params).rowcount
        except sa.exc.IntegrityError as error:
            if "cases_live_fingerprint" in str(error.orig):
                raise DuplicateCaseError("共享案例库里已有内容相同的案例（可能刚由他人导入）。") from error
            raise server_error(error, what) from error
        except sa.exc.DBAPIError as error:
            raise server_error(error, what) from error

    @contextlib.contextmanager
    def _outer_transaction(self) -> Iterator[None]:
        """The changes the transaction made are numbered and announced when it commits."""
        try:
            self._writing_thread = threading.get_ident()
            self._writer = self._engine.connect()
            outer = self._writer.begin()
        except sa.exc.DBAPIError as error:
            self._writer = self._writing_thread = None
            raise server_error(error) from error
        self._depth, self._touched, self._taxonomy_changed = 1, set(), False
        try:
            yield
            # Known before the commit, so this desktop's follower never sees them as another's; a
            # number whose transaction fails is never used.
            numbers = self._publish_changes()
            self.own_changes.update(numbers)
            outer.commit()
            if numbers:
                # For the stage timings (bench.shared_bench): when the changes became visible.
                log.debug("changes %d–%d committed", min(numbers), max(numbers),
                          extra={"committed": time.time()})
        except sa.exc.DBAPIError as error:
            outer.rollback()
            raise server_error(error) from error
        except BaseException:
            outer.rollback()
            raise
        finally:
            self._writer.close()
            self._writer, self._writing_thread, self._depth = None, None, 0

    def _touch(self, case_ids: Iterable[str]) -> None:
        self._touched.update(case_ids)

    def _publish_changes(self) -> list[int]:
        if not self._touched and not self._taxonomy_changed:
            return []
        self._run(sa.select(sa.func.pg_advisory_xact_lock(_CHANGE_LOCK)))
        moment = now().isoformat()
        numbers = self._writer.execute(
            sa.insert(t.changes).returning(t.changes.c.number),
            [*({"case_id": case_id, "kind": "case", "at": moment} for case_id in sorted(self._touched)),
             *([{"case_id": None, "kind": "tags", "at": moment}] if self._taxonomy_changed else [])],
        ).scalars().all()
        self._writer.execute(sa.select(sa.func.pg_notify(NOTIFY_CHANNEL, str(max(numbers)))))
        return list(numbers)

    def last_change(self) -> int:
        return self._rows(sa.select(sa.func.coalesce(sa.func.max(t.changes.c.number), 0)))[0][0]

    def changes_since(self, number: int, limit: int = 10_000) -> list[tuple[int, str | None, str]]:
        """(number, case id, kind) of the changes after `number`, oldest first."""
        return [tuple(r) for r in self._rows(
            sa.select(t.changes.c.number, t.changes.c.case_id, t.changes.c.kind)
            .where(t.changes.c.number > number).order_by(t.changes.c.number).limit(limit))]

    # -- files --------------------------------------------------------------------------------

    def put_blob(self, chunks: Iterable[bytes]) -> tuple[str, bool]:
        """Store the bytes `chunks` yields once by their SHA-256, in chunks, in one transaction;
        returns (hash, whether this call stored it). A file two desktops send at once is stored
        once. The bytes are spooled to a temporary file first: the hash names the row before
        its chunks are written, and a file of any size takes one chunk of memory."""
        digest, size = hashlib.sha256(), 0
        with tempfile.TemporaryFile() as spool:
            for chunk in chunks:
                digest.update(chunk)
                spool.write(chunk)
                size += len(chunk)
            spool.seek(0)
            sha256 = digest.hexdigest()
            with self._lock, self._engine.begin() as connection:
                try:
                    # RETURNING, not rowcount: the driver's count is unreliable when the insert is skipped.
                    created = connection.execute(
                        pg_insert(t.blobs).values(sha256=sha256, size=size)
                        .on_conflict_do_nothing().returning(t.blobs.c.sha256)).first() is not None
                    if created:
                        for seq, block in enumerate(iter(lambda: spool.read(CHUNK_BYTES), b"")):
                            connection.execute(sa.insert(t.blob_chunks).values(
                                sha256=sha256, seq=seq, data=block))
                except sa.exc.DBAPIError as error:
                    raise server_error(error, "保存文件") from error
        return sha256, bool(created)

    def has_blob(self, sha256: str) -> bool:
        return bool(self._rows(sa.select(t.blobs.c.sha256).where(t.blobs.c.sha256 == sha256)))

    def write_blob_to(self, sha256: str, target: Path) -> None:
        """Copy a stored file to `target`, one chunk in memory at a time."""
        partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}")
        try:
            with partial.open("wb") as handle:
                written = False
                for data in self._blob_chunks(sha256):
                    handle.write(data)
                    written = True
            if not written and not self.has_blob(sha256):
                raise ArchiveError(f"共享案例库里没有文件 {sha256[:12]}。")
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)

    def verify_blob(self, sha256: str) -> bool:
        """Whether the stored file is there, whole, with this hash: its bytes re-hashed as they
        stream from the server, a few chunks at a time."""
        rows = self._rows(sa.select(t.blobs.c.size).where(t.blobs.c.sha256 == sha256))
        if not rows:
            return False
        digest, size = hashlib.sha256(), 0
        for data in self._blob_chunks(sha256):
            digest.update(data)
            size += len(data)
        return digest.hexdigest() == sha256 and size == rows[0][0]

    def _blob_chunks(self, sha256: str) -> Iterator[bytes]:
        last = -1
        while True:
            rows = self._rows(
                sa.select(t.blob_chunks.c.seq, t.blob_chunks.c.data)
                .where(t.blob_chunks.c.sha256 == sha256, t.blob_chunks.c.seq > last)
                .order_by(t.blob_chunks.c.seq).limit(4))
            if not rows:
                return
            for seq, data in rows:
                yield data
                last = seq

    def remove_blob(self, sha256: str) -> None:
        """Delete a stored file, unless a case, revision or briefing uses it (another desktop may
        have just attached the same file: the foreign keys keep it then)."""
        try:
            with self._lock, self._engine.begin() as connection:
                connection.execute(sa.delete(t.blobs).where(t.blobs.c.sha256 == sha256))
        except sa.exc.IntegrityError:
            log.info("file %s kept: it is in use", sha256[:12])
        except sa.exc.DBAPIError as error:
            raise server_error(error, "删除文件") from error

    def blob_hashes(self) -> set[str]:
        return {r[0] for r in self._rows(sa.select(t.blobs.c.sha256))}

    # -- cases --------------------------------------------------------------------------------

    def add_case(self, draft: CaseDraft, *, case_id: str | None = None, fingerprint: str = "",
                 similarity: int = 0, similar_to: str | None = None, provenance: str = "",
                 created_at: dt.datetime | None = None, updated_at: dt.datetime | None = None) -> str:
        case_id = case_id or str(uuid.uuid4())
        moment = created_at or now()
        with self.transaction():
            self._run(sa.insert(t.cases).values(
                id=case_id, title=draft.title, title_key=title_sort_key(draft.title), body=draft.body,
                unit=draft.unit, source=draft.source, author=draft.author, date=_date_text(draft.date),
                created_at=moment.isoformat(),
                updated_at=(updated_at or now()).isoformat(), fingerprint=fingerprint,
                similarity=similarity, similar_to=similar_to, provenance=provenance), what="添加案例")
            self._set_case_tags(case_id, draft.tags)
            self._touch([case_id])
        return case_id

    def update_case(self, case_id: str, draft: CaseDraft, *, fingerprint: str = "", similarity: int = 0,
                    updated_at: dt.datetime | None = None, attachments: Sequence[Attachment] = (),
                    base_version: int | None = None) -> bool:
        """Save `draft` over the case, keeping its previous state as a revision. With
        `base_version` (the version the editor started from), a save over a newer version is refused
        with ConflictError and the draft is kept on the server."""
        with self.transaction():
            # A new title's key before the row is locked: the first reading in a process loads
            # pypinyin (most of a second), and other saves of this case would wait for it.
            stored = self._rows(sa.select(t.cases.c.title).where(t.cases.c.id == case_id))
            title_key = title_sort_key(draft.title) if stored and stored[0][0] != draft.title else None
            self._run(sa.select(t.cases.c.id).where(t.cases.c.id == case_id).with_for_update())
            current = self.get_case(case_id)
            version = self.case_version(case_id)
            if base_version is not None and base_version != version:
                draft_id = self._keep_draft(case_id, base_version, draft)
                raise ConflictError(
                    f"冲突：该案例已被他人修改（第 {version} 版），您的修改基于第 {base_version} 版，未保存。"
                    f"您的文本已保留为草稿（草稿 {draft_id} 号），请对照最新版本合并后再保存。",
                    version=version, draft_id=draft_id)
            new_files = _new_files(current, draft, attachments)
            if new_files is None:
                return False
            self._save_revision(current)
            self._write_case(current, draft, fingerprint, similarity, _stamp(current.updated_at, updated_at),
                             title_key)
            for attachment in new_files:
                self.add_attachment(case_id, attachment, original=False)
        return True

    def _keep_draft(self, case_id: str, base_version: int, draft: CaseDraft) -> int:
        # Outside the refused transaction, which rolls back: the text must outlive it.
        value = json.dumps({"title": draft.title, "body": draft.body, "unit": draft.unit,
                            "source": draft.source, "author": draft.author,
                            "date": _date_text(draft.date), "tags": list(draft.tags)}, ensure_ascii=False)
        try:
            with self._engine.begin() as connection:
                return connection.execute(sa.insert(t.drafts).values(
                    case_id=case_id, based_on=base_version, saved_at=now().isoformat(), draft=value)
                    .returning(t.drafts.c.id)).scalar_one()
        except sa.exc.DBAPIError as error:
            raise server_error(error, "保存草稿") from error

    def drafts(self, case_id: str | None = None, *, draft_id: int | None = None) -> list[KeptDraft]:
        """The kept texts of refused saves (of one case, or the one numbered `draft_id`), newest first."""
        query = sa.select(t.drafts).order_by(t.drafts.c.id.desc())
        if case_id is not None:
            query = query.where(t.drafts.c.case_id == case_id)
        if draft_id is not None:
            query = query.where(t.drafts.c.id == draft_id)
        result = []
        for row in self._rows(query):
            value = json.loads(row.draft)
            result.append(KeptDraft(row.id, row.case_id, row.based_on, row.saved_by,
                                    dt.datetime.fromisoformat(row.saved_at), CaseDraft(
                value["title"], value["body"], value["unit"], value["source"], value["author"],
                _parse_date(value["date"]), tuple(value["tags"]))))
        return result

    def discard_draft(self, draft_id: int) -> bool:
        """Delete a kept draft: one's own, or anyone's for 管理; False when there is none such."""
        mine_or_admin = sa.or_(t.drafts.c.saved_by == sa.func.current_user(),
                               sa.func.pg_has_role(sa.func.current_user(), "casearchive_admin", "MEMBER"))
        with self.transaction():
            return bool(self._run(sa.delete(t.drafts).where(t.drafts.c.id == draft_id, mine_or_admin),
                                  what="删除草稿"))

    def restore_revision(self, case_id: str, number: int, *, fingerprint: str = "",
                         similarity: int = 0) -> None:
        with self.transaction():
            self._run(sa.select(t.cases.c.id).where(t.cases.c.id == case_id).with_for_update())
            current = self.get_case(case_id)
            rows = self._rows(sa.select(t.revisions).where(
                t.revisions.c.case_id == case_id, t.revisions.c.number == number))
            if not rows:
                raise ArchiveError(f"案例 {case_id[:8]} 没有第 {number} 版。")
            old = _revision(rows[0]._mapping)
            self._save_revision(current)
            self._write_case(current, CaseDraft(old.title, old.body, old.unit, old.source, old.author,
                                                old.date, old.tags),
                             fingerprint, similarity, _stamp(current.updated_at, None))
            if rows[0].files_kept:
                ra = t.revision_attachments
                self._run(sa.delete(t.attachments).where(t.attachments.c.case_id == case_id))
                self._run(sa.insert(t.attachments).from_select(
                    ["case_id", "name", "sha256", "size", "mime", "is_original"],
                    sa.select(ra.c.case_id, ra.c.name, ra.c.sha256, ra.c.size, ra.c.mime, ra.c.is_original)
                    .where(ra.c.case_id == case_id, ra.c.number == number)))

    def _save_revision(self, current: Case) -> None:
        number = self.case_version(current.id)
        self._run(sa.insert(t.revisions).values(
            case_id=current.id, number=number, saved_at=_text_of(current.updated_at), title=current.title,
            body=current.body, unit=current.unit, source=current.source, author=current.author,
            date=_date_text(current.date), tags=json.dumps(current.tags, ensure_ascii=False), files_kept=1))
        a = t.attachments
        self._run(sa.insert(t.revision_attachments).from_select(
            ["case_id", "number", "name", "sha256", "size", "mime", "is_original"],
            sa.select(a.c.case_id, sa.literal(number), a.c.name, a.c.sha256, a.c.size, a.c.mime,
                      a.c.is_original).where(a.c.case_id == current.id)))

    def _write_case(self, current: Case, draft: CaseDraft, fingerprint: str, similarity: int,
                    updated_at: dt.datetime, title_key: str | None = None) -> None:
        """`title_key`: the draft's, when already known; else read here if the title changed."""
        title_key = title_key or _changed_title_key(current, draft)
        self._run(sa.update(t.cases).where(t.cases.c.id == current.id).values(
            title=draft.title, title_key=t.cases.c.title_key if title_key is None else title_key,
            body=draft.body, unit=draft.unit, source=draft.source, author=draft.author,
            date=_date_text(draft.date), updated_at=updated_at.isoformat(), fingerprint=fingerprint,
            similarity=similarity), what="修改案例")
        self._set_case_tags(current.id, draft.tags)
        self._touch([current.id])

    def _case_row(self, case_id: str) -> Mapping | None:
        rows = self._rows(sa.select(t.cases).where(t.cases.c.id == case_id))
        return rows[0]._mapping if rows else None

    def _live_case_rows(self, case_ids: list[str]) -> list[Mapping]:
        return self._mappings(sa.select(t.cases).where(_LIVE, t.cases.c.id.in_(case_ids)))

    def _live_case_rows_after(self, last_id: str, limit: int) -> list[Mapping]:
        return self._mappings(sa.select(t.cases).where(_LIVE, t.cases.c.id > last_id)
                              .order_by(t.cases.c.id).limit(limit))

    def _ids_starting(self, prefix: str, *, include_trashed: bool, limit: int) -> list[str]:
        query = sa.select(t.cases.c.id).where(t.cases.c.id >= prefix, t.cases.c.id < prefix + "\U0010ffff")
        return [r[0] for r in self._rows((query if include_trashed else query.where(_LIVE)).limit(limit))]

    def list_cases(self, *, limit: int | None = None, offset: int = 0) -> list[Case]:
        rows = self._mappings(sa.select(t.cases).where(_LIVE)
                              .order_by(t.cases.c.date.desc().nulls_last(), t.cases.c.created_at.desc())
                              .limit(limit).offset(offset))
        return self._cases_from_rows(rows)

    def ordered_ids(self, case_ids: Sequence[str], order: str, *, descending: bool = False,
                    limit: int = -1, offset: int = 0) -> list[str]:
        """A page of the live cases among `case_ids`, ordered by `order` (one of Store.ORDERS);
        cases without a value (no date, no tags) come last either way, ties by id."""
        cases, ct = t.cases, t.case_tags
        tags = (sa.select(sa.func.string_agg(t.tags.c.name, "、"))
                .select_from(ct.join(t.tags, t.tags.c.id == ct.c.tag_id))
                .where(ct.c.case_id == cases.c.id).scalar_subquery())
        key = {"title": cases.c.title_key, "date": cases.c.date, "unit": cases.c.unit,
               "updated": cases.c.updated_at, "tags": tags}[order]
        without_value = sa.func.coalesce(sa.cast(key, sa.Text), "") == ""
        statement = (sa.select(cases.c.id).where(cases.c.id.in_(list(case_ids)), _LIVE)
                     .order_by(without_value, key.desc() if descending else key.asc(),
                               cases.c.id.desc() if descending else cases.c.id.asc())
                     .offset(offset))
        if limit >= 0:
            statement = statement.limit(limit)
        return [row[0] for row in self._rows(statement)]

    def case_count(self) -> int:
        return self._rows(sa.select(sa.func.count()).select_from(t.cases).where(_LIVE))[0][0]

    def versions(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self._rows(sa.select(t.cases.c.id, t.cases.c.updated_at).where(_LIVE))}

    def find_by_fingerprint(self, fingerprint: str) -> str | None:
        rows = self._rows(sa.select(t.cases.c.id).where(_LIVE, t.cases.c.fingerprint == fingerprint).limit(1))
        return rows[0][0] if rows else None

    def similarity_signatures(self) -> Iterator[tuple[str, int]]:
        for row in self._rows(sa.select(t.cases.c.id, t.cases.c.similarity)
                              .where(_LIVE, t.cases.c.similarity != 0)):
            yield row[0], row[1]

    def set_provenance(self, case_id: str, provenance: str) -> None:
        with self.transaction():
            self._run(sa.update(t.cases).where(t.cases.c.id == case_id).values(provenance=provenance))

    def exists(self, case_id: str) -> bool:
        return bool(self._rows(sa.select(t.cases.c.id).where(t.cases.c.id == case_id)))

    def case_version(self, case_id: str) -> int:
        return self._rows(sa.select(sa.func.coalesce(sa.func.max(t.revisions.c.number), 0) + 1)
                          .where(t.revisions.c.case_id == case_id))[0][0]

    # -- attachments --------------------------------------------------------------------------

    def add_attachment(self, case_id: str, attachment: Attachment, *, original: bool) -> None:
        values = {"case_id": case_id, "name": attachment.name, "sha256": attachment.sha256,
                  "size": attachment.size, "mime": attachment.mime, "is_original": int(original)}
        with self.transaction():
            self._run(pg_insert(t.attachments).values(values).on_conflict_do_update(
                index_elements=["case_id", "name", "is_original"], set_=values), what="添加附件")
            self._touch([case_id])

    def referenced_hashes(self) -> set[str]:
        return {r[0] for r in self._rows(sa.union(
            sa.select(t.attachments.c.sha256), sa.select(t.revision_attachments.c.sha256),
            sa.select(t.briefings.c.sha256)))}

    def all_attachments(self) -> list[tuple[str, Attachment]]:
        return [(r.case_id, _attachment(r._mapping)) for r in self._rows(sa.select(t.attachments))]

    # -- 简报 series and briefing records -------------------------------------------------------

    def briefing_issue(self, title: str) -> tuple[int, int] | None:
        rows = self._rows(sa.select(t.briefing_series.c.year, t.briefing_series.c.last_issue)
                          .where(t.briefing_series.c.title == title))
        return (rows[0][0], rows[0][1]) if rows else None

    def record_briefing_issue(self, title: str, year: int, issue: int) -> None:
        series, new = t.briefing_series, pg_insert(t.briefing_series).excluded
        with self.transaction():
            self._run(pg_insert(series).values(title=title, year=year, last_issue=issue,
                                               updated_at=now().isoformat())
                      .on_conflict_do_update(index_elements=["title"], set_={
                          "updated_at": new.updated_at,
                          "last_issue": sa.case(
                              (series.c.year == new.year,
                               sa.func.greatest(series.c.last_issue, new.last_issue)),
                              (series.c.year < new.year, new.last_issue), else_=series.c.last_issue),
                          "year": sa.func.greatest(series.c.year, new.year)}))

    def add_briefing(self, record: BriefingRecord) -> None:
        with self.transaction():
            self._run(sa.insert(t.briefings).values(
                id=record.id, created_at=record.created_at.isoformat(), layout=record.layout,
                title=record.title, series=record.series, issue=record.issue,
                issue_date=record.issue_date.isoformat(),
                options=json.dumps(record.options, ensure_ascii=False),
                items=json.dumps([i.to_json() for i in record.items], ensure_ascii=False),
                file_name=record.file_name, sha256=record.sha256, size=record.size))
            uses = {(record.id, item.case_id, int(not item.is_excerpt)) for item in record.items}
            if uses:
                self._run(pg_insert(t.briefing_uses).on_conflict_do_nothing(),
                          [{"briefing_id": b, "case_id": c, "whole": w} for b, c, w in uses])

    def list_briefings(self, *, deleted: bool = False, case_id: str | None = None) -> list[BriefingRecord]:
        b = t.briefings
        query = sa.select(b).where(b.c.deleted_at.is_not(None) if deleted else b.c.deleted_at.is_(None))
        if case_id is not None:
            query = query.where(b.c.id.in_(sa.select(t.briefing_uses.c.briefing_id)
                                           .where(t.briefing_uses.c.case_id == case_id)))
        return [_briefing(r._mapping) for r in self._rows(query.order_by(b.c.created_at.desc()))]

    def _briefing_rows_starting(self, prefix: str, *, limit: int) -> list[Mapping]:
        return self._mappings(sa.select(t.briefings).where(t.briefings.c.id.startswith(prefix))
                              .order_by(t.briefings.c.id).limit(limit))

    def set_briefing_deleted(self, briefing_id: str, deleted: bool) -> None:
        with self.transaction():
            self._run(sa.update(t.briefings).where(t.briefings.c.id == briefing_id)
                      .values(deleted_at=now().isoformat() if deleted else None))

    def purge_briefing(self, briefing_id: str) -> None:
        with self.transaction():
            self._run(sa.delete(t.briefings).where(t.briefings.c.id == briefing_id), what="彻底删除简报")

    def cases_used(self, series: str | None = None) -> set[str]:
        b, u = t.briefings, t.briefing_uses
        query = (sa.select(u.c.case_id).distinct().join(b, b.c.id == u.c.briefing_id)
                 .where(b.c.deleted_at.is_(None)))
        if series is not None:
            query = query.where(sa.or_(b.c.series == series, b.c.title == series))
        return {r[0] for r in self._rows(query)}

    def basket(self) -> list[BriefingItem]:
        return [BriefingItem.from_json(json.loads(r[0])) for r in self._rows(
            sa.select(t.basket.c.item).where(t.basket.c.owner == sa.func.current_user())
            .order_by(t.basket.c.position))]

    def set_basket(self, items: Sequence[BriefingItem]) -> None:
        with self.transaction():
            self._run(sa.delete(t.basket).where(t.basket.c.owner == sa.func.current_user()))
            if items:
                self._run(sa.insert(t.basket), [
                    {"position": n, "item": json.dumps(item.to_json(), ensure_ascii=False)}
                    for n, item in enumerate(items)])

    # -- trash --------------------------------------------------------------------------------

    def trash_case(self, case_id: str) -> None:
        with self.transaction():
            self.get_case(case_id)
            self._run(sa.update(t.cases).where(t.cases.c.id == case_id)
                      .values(deleted_at=now().isoformat()), what="删除案例")
            self._touch([case_id])

    def restore_case(self, case_id: str) -> None:
        with self.transaction():
            changed = self._run(sa.update(t.cases)
                                .where(t.cases.c.id == case_id, t.cases.c.deleted_at.is_not(None))
                                .values(deleted_at=None, updated_at=now().isoformat()),
                                what="从回收站恢复案例（需要管理权限）")
            if not changed:
                raise CaseNotFoundError(f"回收站里没有编号为 {case_id} 的案例。")
            self._touch([case_id])

    def purge_case(self, case_id: str) -> None:
        with self.transaction():
            changed = self._run(sa.delete(t.cases).where(t.cases.c.id == case_id,
                                                         t.cases.c.deleted_at.is_not(None)),
                                what="彻底删除案例（需要管理权限）")
            if not changed:
                raise CaseNotFoundError(f"回收站里没有编号为 {case_id} 的案例。")
            self._touch([case_id])

    def list_trash(self) -> list[TrashedCase]:
        return [TrashedCase(r.id, r.title, dt.datetime.fromisoformat(r.deleted_at)) for r in self._rows(
            sa.select(t.cases.c.id, t.cases.c.title, t.cases.c.deleted_at)
            .where(t.cases.c.deleted_at.is_not(None)).order_by(t.cases.c.deleted_at.desc()))]

    # -- revisions ----------------------------------------------------------------------------

    def list_revisions(self, case_id: str) -> list[Revision]:
        self.get_case(case_id)
        return [_revision(r._mapping) for r in self._rows(
            sa.select(t.revisions).where(t.revisions.c.case_id == case_id)
            .order_by(t.revisions.c.number.desc()))]

    # -- tags ---------------------------------------------------------------------------------

    def list_tags(self, *, counts: bool = True) -> list[Tag]:
        """The taxonomy in its order; `counts=False` leaves the case counts 0."""
        tag, parent, ct = t.tags, t.tags.alias("parent"), t.case_tags
        count = (sa.select(sa.func.count()).select_from(ct.join(t.cases, t.cases.c.id == ct.c.case_id))
                 .where(ct.c.tag_id == tag.c.id, _LIVE).scalar_subquery()) if counts else sa.literal(0)
        rows = self._rows(
            sa.select(tag.c.name, tag.c.color, parent.c.name.label("parent"), count.label("case_count"))
            .select_from(tag.outerjoin(parent, parent.c.id == tag.c.parent_id))
            .order_by(sa.func.coalesce(parent.c.position, tag.c.position), tag.c.parent_id.is_not(None),
                      tag.c.position, tag.c.name))
        return [Tag(r.name, r.color, r.parent, r.case_count) for r in rows]

    def add_tag(self, name: str, color: str = DEFAULT_TAG_COLOR, parent: str | None = None) -> None:
        name = _valid_tag_name(name)
        with self.transaction():
            if self._tag_id(name) is not None:
                raise TagError(f"标签「{name}」已经存在。")
            parent_id = self._require_tag(parent) if parent else None
            position = self._rows(sa.select(sa.func.coalesce(sa.func.max(t.tags.c.position), 0) + 1))[0][0]
            self._run(sa.insert(t.tags).values(name=name, color=color, parent_id=parent_id,
                                               position=position),
                      what="添加标签")
            self._taxonomy_changed = True

    def rename_tag(self, old: str, new: str) -> None:
        new = _valid_tag_name(new)
        with self.transaction():
            tag_id = self._require_tag(old)
            if self._tag_id(new) is not None:
                raise TagError(f"标签「{new}」已经存在；要把两个标签合并，请用“合并”。")
            self._run(sa.update(t.tags).where(t.tags.c.id == tag_id).values(name=new),
                      what="修改标签体系（需要管理权限）")
            self._touch_cases_tagged(tag_id)

    def merge_tags(self, source: str, target: str) -> None:
        with self.transaction():
            source_id, target_id = self._require_tag(source), self._require_tag(target)
            if source_id == target_id:
                raise TagError("不能把标签合并到它自己。")
            self._touch_cases_tagged(source_id)
            ct = t.case_tags
            retagged = sa.select(ct.c.case_id, sa.literal(target_id)).where(ct.c.tag_id == source_id)
            self._run(pg_insert(ct).from_select(["case_id", "tag_id"], retagged).on_conflict_do_nothing())
            self._run(sa.update(t.tags).where(t.tags.c.parent_id == source_id).values(parent_id=target_id),
                      what="修改标签体系（需要管理权限）")
            self._run(sa.delete(t.tags).where(t.tags.c.id == source_id), what="修改标签体系（需要管理权限）")

    def recolor_tag(self, name: str, color: str) -> None:
        with self.transaction():
            self._run(sa.update(t.tags).where(t.tags.c.id == self._require_tag(name)).values(color=color),
                      what="修改标签体系（需要管理权限）")
            self._taxonomy_changed = True

    def delete_tag(self, name: str) -> int:
        with self.transaction():
            tag_id = self._require_tag(name)
            affected = self._touch_cases_tagged(tag_id)
            self._run(sa.delete(t.tags).where(t.tags.c.id == tag_id), what="修改标签体系（需要管理权限）")
        return affected

    def tag_case_ids(self, name: str) -> list[str]:
        ct = t.case_tags
        return [r[0] for r in self._rows(
            sa.select(ct.c.case_id).join(t.tags, t.tags.c.id == ct.c.tag_id)
            .join(t.cases, t.cases.c.id == ct.c.case_id).where(t.tags.c.name == name, _LIVE))]

    def _touch_cases_tagged(self, tag_id: int) -> int:
        # A tag change changes the cases' searchable tags: bump their version for every index.
        ct = t.case_tags
        ids = [r[0] for r in self._rows(sa.select(ct.c.case_id).where(ct.c.tag_id == tag_id))]
        if ids:
            self._run(sa.update(t.cases).where(t.cases.c.id.in_(ids)).values(updated_at=now().isoformat()))
        self._touch(ids)
        self._taxonomy_changed = True
        return len(ids)

    def _tag_id(self, name: str) -> int | None:
        rows = self._rows(sa.select(t.tags.c.id).where(t.tags.c.name == name))
        return rows[0][0] if rows else None

    def _untag_case(self, case_id: str) -> None:
        self._run(sa.delete(t.case_tags).where(t.case_tags.c.case_id == case_id))

    def _tag_case(self, case_id: str, tag_id: int) -> None:
        self._run(sa.insert(t.case_tags).values(case_id=case_id, tag_id=tag_id))

    def _tag_names_of(self, case_ids: list[str]) -> list[tuple[str, str]]:
        ct = t.case_tags
        return [tuple(r) for r in self._rows(
            sa.select(ct.c.case_id, t.tags.c.name).join(t.tags, t.tags.c.id == ct.c.tag_id)
            .where(ct.c.case_id.in_(case_ids)).order_by(t.tags.c.position, t.tags.c.name))]

    def _attachment_rows_of(self, case_ids: list[str]) -> list[Mapping]:
        return self._mappings(sa.select(t.attachments).where(t.attachments.c.case_id.in_(case_ids))
                              .order_by(t.attachments.c.name))
