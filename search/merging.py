"""Merging the small segments that saves leave, into a new segment not yet listed in the index:
written without the index's lock, on the index's merge thread."""

from __future__ import annotations

import contextlib
from pathlib import Path

from whoosh.codec.whoosh3 import W3Segment
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.index import TOC
from whoosh.reading import SegmentReader
from whoosh.writing import MERGE_SMALL, SegmentWriter

SAVE_SEGMENT_DOCS = 20
"""Segments of fewer documents (what saves leave) are merged into one: a search looks each term
up in every segment (about 1.5 ms a segment at 100,000 cases), and Whoosh's own policy merges
them only five at a time. Whoosh merges about 4 ms of CPU a case: a bound on the merge's time."""


def saved_segments(segments: list) -> list:
    """The segments of a table of contents that saves left, when there are two or more to merge."""
    saved = [segment for segment in segments if segment.doc_count_all() < SAVE_SEGMENT_DOCS]
    return saved if len(saved) >= 2 else []


def merge_policy(writer: SegmentWriter, segments: list) -> list:
    """A Whoosh merge policy: the segments saves left (fewer than `SAVE_SEGMENT_DOCS` documents)
    into one, then Whoosh's own `MERGE_SMALL` over the rest; the segments left as they were."""
    saved = saved_segments(segments)
    for segment in saved:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        try:
            writer.add_reader(reader)
        finally:
            reader.close()
    return MERGE_SMALL(writer, [segment for segment in segments if segment not in saved])


class _NewInMemory(RamStorage):
    """The new segment's files (and the writer's temporary ones) in memory, the index's own files
    read from its folder: on disk a merge creates one file, not about twenty created, assembled
    into one and removed again with a temporary folder (each a wait on a busy disk, for the
    merge and for a save meanwhile)."""

    def __init__(self, folder: FileStorage) -> None:
        super().__init__()
        self.disk = folder

    def open_file(self, name: str, **kwargs):
        if name in self.files:
            return super().open_file(name, **kwargs)
        return self.disk.open_file(name, **kwargs)

    def file_exists(self, name: str) -> bool:
        return name in self.files or self.disk.file_exists(name)

    def file_length(self, name: str) -> int:
        return super().file_length(name) if name in self.files else self.disk.file_length(name)

    def temp_storage(self, name: str | None = None) -> RamStorage:
        return RamStorage()


class _Listed:
    """What Whoosh's segment writer reads of an index: the table of contents given, not the one
    on disk, which a save may replace meanwhile."""

    def __init__(self, storage: _NewInMemory, indexname: str, toc: TOC) -> None:
        self.storage = storage
        self.indexname = indexname
        self._toc = toc

    def _read_toc(self) -> TOC:
        return self._toc


def merge_segments(folder: Path, indexname: str, toc: TOC) -> tuple[list[str], object | None]:
    """The segments of `toc` that `merge_policy` picks, merged into a new segment of the index in
    `folder` that no table of contents lists yet: the merged segments' ids and the new segment
    (None when none is picked). Without Whoosh's write lock: the caller lists it under the lock."""
    disk = FileStorage(str(folder))
    memory = _NewInMemory(disk)
    writer = SegmentWriter(_Listed(memory, indexname, toc), _lk=False, compound=False)
    try:
        kept = merge_policy(writer, toc.segments)
        merged = [segment.segment_id() for segment in toc.segments if segment not in kept]
        if not merged:
            writer.cancel()
            return [], None
        # Whoosh's commit() without its last step, writing the table of contents.
        segment = writer._finalize_segment()
        writer._finish()
        # Whoosh's format for a segment in one file, as a save writes its segment.
        compound = segment.create_file(disk, W3Segment.COMPOUND_EXT)
        CompoundStorage.assemble(compound, memory, memory.list())  # closes it
        segment.compound = True
    except BaseException:
        if not writer.is_closed:
            writer.cancel()
        delete_segment_files(disk, [writer.newsegment.segment_id()])
        raise
    return merged, segment


def delete_segment_files(storage: FileStorage, segment_ids: list[str]) -> None:
    """The files of segments that no table of contents lists (no longer, or not yet)."""
    for name in storage.list():
        if name.split(".", 1)[0] in segment_ids:
            # A file still open elsewhere (Windows) stays until the next rebuild: harmless.
            with contextlib.suppress(OSError):
                storage.delete_file(name)
