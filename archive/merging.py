"""Bringing cases from another archive into this one, keeping their ids: the merge rules of
exchange packages (docs/exchange-format.md). A newer incoming case becomes a new revision, an equal
or older one is skipped, a case in the trash is left there, the same content under another id is
not added twice."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path

from archive import exchange, indexing
from archive.errors import ArchiveError, CaseNotFoundError
from archive.fingerprint import exact_fingerprint, similarity_signature
from archive.model import CaseDraft, NewFile
from archive.progress import Progress
from archive.state import ArchiveState, ChangeEvent, clean_draft, stored_attachments

log = logging.getLogger(__name__)


def merge_case(state: ArchiveState, case_id: str, draft: CaseDraft, *, updated_at: dt.datetime,
               created_at: dt.datetime | None = None, provenance: str = "",
               attachments: Sequence[NewFile] = (),
               original: NewFile | None = None) -> tuple[str, str]:
    """Returns (outcome, id), outcome one of "added", "updated" or "skipped" (see `Library.merge_case`)."""
    state.require_writable()
    fingerprint = exact_fingerprint(draft.title, draft.body)
    draft = clean_draft(draft)
    store = state.store
    with state.guard:
        if store.exists(case_id):
            try:
                current = store.get_case(case_id)
            except ArchiveError:
                return "skipped", case_id
            same = exact_fingerprint(current.title, current.body) == fingerprint and \
                sorted(current.tags) == sorted(draft.tags)
            if same or (current.updated_at and current.updated_at >= updated_at):
                return "skipped", case_id
            with state.saving_files(attachments) as stored, store.transaction():
                changed = store.update_case(case_id, draft, fingerprint=fingerprint,
                                            similarity=similarity_signature(draft.body),
                                            updated_at=updated_at,
                                            attachments=stored_attachments(attachments, stored))
                if changed and provenance:
                    store.set_provenance(case_id, provenance)
            if not changed:
                return "skipped", case_id
            outcome = "updated"
        else:
            duplicate = store.find_by_fingerprint(fingerprint)
            if duplicate:
                return "skipped", duplicate
            files = [*attachments, *([original] if original else [])]
            with state.saving_files(files) as stored, store.transaction():
                store.add_case(draft, case_id=case_id, fingerprint=fingerprint,
                               similarity=similarity_signature(draft.body),
                               provenance=provenance, created_at=created_at,
                               updated_at=updated_at)
                state.attach(case_id, attachments, stored, original)
            outcome = "added"
    indexing.reindex_cases(state, [case_id])
    return outcome, case_id


def unpack(state: ArchiveState, package: Path, *, progress: Progress | None = None,
           limits: exchange.PackageLimits = exchange.DEFAULT_LIMITS) -> exchange.UnpackSummary:
    """Merge a package case by case, each in its own transaction, after checking all of it."""
    state.require_writable()
    with exchange.open_package(package, progress=progress, limits=limits) as opened:
        summary = exchange.UnpackSummary(opened.package, opened.exporting_unit, opened.exported_at)
        local_ids: dict[str, str] = {}
        for incoming in opened.cases():
            outcome, local_id = merge_case(
                state, incoming.id, incoming.draft, updated_at=incoming.updated_at,
                created_at=incoming.created_at, provenance=opened.provenance,
                attachments=incoming.attachments, original=incoming.original)
            local_ids[incoming.id] = local_id
            entry = {"id": incoming.id, "title": incoming.draft.title}
            if outcome == "added":
                summary.added.append(entry)
            elif outcome == "updated":
                summary.updated.append(entry)
            else:
                summary.skipped.append({**entry, "reason": _skip_reason(state, incoming, local_id)})
        for briefing in opened.briefings():
            entry = {"id": briefing.record.id, "title": briefing.record.title}
            (summary.briefings_added if merge_briefing(state, briefing, local_ids)
             else summary.briefings_skipped).append(entry)
    log.info("unpacked %s: %d added, %d updated, %d skipped", summary.package.name,
             len(summary.added), len(summary.updated), len(summary.skipped))
    return summary


def merge_briefing(state: ArchiveState, incoming: exchange.IncomingBriefing,
                   local_ids: dict[str, str]) -> bool:
    """Keep a packed briefing record and its file, unless a record of that id is here already
    (True when kept). Items follow their cases to the ids they merged under (a case skipped as
    the same content as a local one links to that one)."""
    store = state.store
    record = incoming.record
    with state.guard:
        try:
            store.resolve_briefing(record.id)
            return False
        except CaseNotFoundError:
            pass
        items = tuple(dataclasses.replace(item, case_id=local_ids.get(item.case_id, item.case_id))
                      for item in record.items)
        with state.saving_files([incoming.file]) as stored:
            store.add_briefing(dataclasses.replace(record, items=items, sha256=stored[0]))
    state.notify(ChangeEvent("briefings", (record.id,)))
    return True


def _skip_reason(state: ArchiveState, incoming: exchange.IncomingCase, local_id: str) -> str:
    if local_id != incoming.id:
        try:
            title = state.store.get_case(local_id).title
        except CaseNotFoundError:
            title = local_id[:8]
        return f"与已有案例「{title}」（{local_id[:8]}）内容相同"
    try:
        current = state.store.get_case(local_id)
    except CaseNotFoundError:
        return "该案例在回收站中，未改动"
    draft = incoming.draft
    if current.title == draft.title and current.body.strip() == draft.body.strip():
        return "案例库中已有相同内容"
    return "案例库中的版本与包中的相同或更新"
