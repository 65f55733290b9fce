"""Merging the small segments that saves and bulk adds leave, into a new segment not yet listed in
the index: on the index's merge thread (saves' segments, read back and written again in plain
Python, in pieces taking turns with saves and searches) or in a helper process (bulk adds' pieces,
thousands of documents, by Whoosh's writer, without the index's lock)."""

from __future__ import annotations

import contextlib
import functools
import math
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

from whoosh.codec.whoosh3 import W3Segment
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.index import TOC
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from search.array_postings import ArrayCodec
from search.mapped_segments import MappedSegmentStorage
from search.small_segment import SmallSegment

SAVE_SEGMENT_DOCS = 20
"""Segments of fewer documents (what saves leave) are merged into one: a search looks each term
up in every segment (about 1.5 ms a segment at 100,000 cases), and Whoosh's own policy merges
them only five at a time."""


def saved_segments(segments: list) -> list:
    """The segments of a table of contents that saves left, when there are two or more to merge."""
    saved = [segment for segment in segments if segment.doc_count_all() < SAVE_SEGMENT_DOCS]
    return saved if len(saved) >= 2 else []


TIER_WIDTH = 4
"""Bulk adds' pieces of one size tier (sizes within a factor of this) are merged once this many
stand: an import writes 4 segments of 50 cases per 200, which were never merged, and a search
looks each term up in every segment (800 segments at 100,000 cases: 1.7 s a first search). With
tiers each case is merged about once per tier, not once per bulk add, and the count stays bounded
(fewer than this many per tier)."""
MOST_MERGED = 16
"""Segments merged at once at most: one merge of a tier of hundreds would take minutes."""
LARGEST_MERGED = 1_000
"""Segments of this many documents or more are left as they are: a merge of four costs Whoosh about
16 s of CPU, and closing the index waits for a merge under way."""


def bulk_segments(segments: list) -> list:
    """The segments of a table of contents that bulk adds and merges left, of the smallest size
    tier holding `TIER_WIDTH` or more of them (at most `MOST_MERGED`, smallest first); [] when no
    tier is full."""
    tiers = defaultdict(list)
    for segment in segments:
        documents = segment.doc_count_all()
        if SAVE_SEGMENT_DOCS <= documents < LARGEST_MERGED:
            tiers[int(math.log(documents / SAVE_SEGMENT_DOCS, TIER_WIDTH))].append(segment)
    for tier in sorted(tiers):
        if len(tiers[tier]) >= TIER_WIDTH:
            return sorted(tiers[tier], key=lambda segment: segment.doc_count_all())[:MOST_MERGED]
    return []


_RUNS_ON_DISK_FROM = 200
"""Merges of this many documents or more keep Whoosh's temporary runs on disk (see `_NewInMemory`):
a merge of a few hundred cases can pass the posting pool's 128 MB."""

Pick = Callable[[list], list]
"""Which segments of a table of contents to merge (`saved_segments`, `bulk_segments`)."""


def merge_policy(writer: SegmentWriter, segments: list, picked: list) -> list:
    """A Whoosh merge policy: the segments `picked` into one; the segments left as they were."""
    for segment in picked:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        try:
            writer.add_reader(reader)
        finally:
            reader.close()
    return [segment for segment in segments if segment not in picked]


class _NewInMemory(RamStorage):
    """The new segment's files (and the writer's temporary ones) in memory, the index's own files
    read from its folder: on disk a merge creates one file, not about twenty created, assembled
    into one and removed again with a temporary folder (each a wait on a busy disk, for the
    merge and for a save meanwhile). With `runs_on_disk`, the writer's temporary files go to a
    temporary folder in the index's: Whoosh's posting pool spills sorted runs past 128 MB of
    postings through their raw files, which an in-memory storage never keeps (the merge fails)."""

    def __init__(self, folder: FileStorage, runs_on_disk: bool = False) -> None:
        super().__init__()
        self.disk = folder
        self._runs_on_disk = runs_on_disk
        self._runs: FileStorage | None = None

    def open_file(self, name: str, **kwargs):
        if name in self.files:
            return super().open_file(name, **kwargs)
        return self.disk.open_file(name, **kwargs)

    def file_exists(self, name: str) -> bool:
        return name in self.files or self.disk.file_exists(name)

    def file_length(self, name: str) -> int:
        return super().file_length(name) if name in self.files else self.disk.file_length(name)

    def temp_storage(self, name: str | None = None) -> RamStorage | FileStorage:
        if not self._runs_on_disk:
            return RamStorage()
        if self._runs is None:  # one folder, asked for by several of the writer's parts
            self._runs = self.disk.temp_storage()  # a name of its own: a crashed merge's is not reused
        return self._runs

    def remove_runs(self) -> None:
        if self._runs is not None:
            self._runs.destroy()


class _Listed:
    """What Whoosh's segment writer reads of an index: the table of contents given, not the one
    on disk, which a save may replace meanwhile."""

    def __init__(self, storage: _NewInMemory, indexname: str, toc: TOC) -> None:
        self.storage = storage
        self.indexname = indexname
        self._toc = toc

    def _read_toc(self) -> TOC:
        return self._toc


def merge_segments(folder: Path, indexname: str, toc: TOC, pick: Pick = saved_segments,
                   ) -> tuple[list[str], object | None]:
    """The segments of `toc` that `pick` picks, merged into a new segment of the index in
    `folder` that no table of contents lists yet: the merged segments' ids and the new segment
    (None when none is picked). Without Whoosh's write lock: the caller lists it under the lock."""
    disk = FileStorage(str(folder))
    picked = pick(toc.segments)
    documents = sum(segment.doc_count_all() for segment in picked)
    memory = _NewInMemory(disk, runs_on_disk=documents >= _RUNS_ON_DISK_FROM)
    writer = SegmentWriter(_Listed(memory, indexname, toc), _lk=False, compound=False, codec=ArrayCodec())
    try:
        kept = merge_policy(writer, toc.segments, picked)
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
    finally:
        memory.remove_runs()
    return merged, segment


Turns = Callable[[Iterator[Callable[[], object]]], bool]
"""Runs pieces of work one after another (between the saves and searches, say); False when it
stopped before the last."""


def _at_once(pieces: Iterator[Callable[[], object]]) -> bool:
    for piece in pieces:
        piece()
    return True


def merge_saved_segments(folder: Path, indexname: str, toc: TOC, pick: Pick = saved_segments, *,
                         turns: Turns = _at_once) -> tuple[list[str], W3Segment | None]:
    """`merge_segments` of the few documents that saves left: their segments read back and written
    as one in plain Python (`search.small_segment`), in pieces of a millisecond or two run by
    `turns`. Whoosh's merge took 2-4 ms of CPU a document (80-190 ms at 100,000 cases) on a thread
    beside the saves, which waited for Python's lock meanwhile. ([], None) when `turns` stopped."""
    picked = pick(toc.segments)
    if not picked:
        return [], None
    writer = SmallSegment(toc.schema, indexname)
    storage = MappedSegmentStorage(str(folder), readonly=False)
    written: list[W3Segment] = []

    def pieces() -> Iterator[Callable[[], object]]:
        for segment in picked:
            yield functools.partial(writer.add_segment, storage, segment)
        yield from writer.write_pieces()  # taken once every segment is read
        yield lambda: written.append(writer.write(folder))

    if not turns(pieces()):
        if written:
            delete_segment_files(storage, [written[0].segment_id()])
        return [], None
    return [segment.segment_id() for segment in picked], written[0]


def delete_segment_files(storage: FileStorage, segment_ids: list[str]) -> None:
    """The files of segments that no table of contents lists (no longer, or not yet)."""
    for name in storage.list():
        if name.split(".", 1)[0] in segment_ids:
            # A file still open elsewhere (Windows) stays until the next rebuild: harmless.
            with contextlib.suppress(OSError):
                storage.delete_file(name)
