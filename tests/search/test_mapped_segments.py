"""A compound segment's parts are read in place from its map, not copied whole on opening."""

from __future__ import annotations

import tracemalloc

from search.index import SearchIndex
from search.records import IndexRecord


def _varied_text(seed: int, length: int) -> str:
    return "".join(chr(0x4E00 + (seed * 7919 + i * 104_729) % 20_000) for i in range(length))


def test_opening_a_compound_segment_does_not_copy_it_into_memory(tmp_path):
    folder = tmp_path / "ix"
    index = SearchIndex.create(folder)
    records = [IndexRecord(f"case-{n}", f"第{n}号案例", "山洪预警" + _varied_text(n, 2_000)) for n in range(40)]
    index.upsert(records, merge=False)  # a save's size: one compound file
    index.close()
    [segment_file] = folder.glob("*.seg")

    tracemalloc.start()
    try:
        index = SearchIndex.open(folder)
        assert len(index.matching_ids("山洪预警")) == 40
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    index.close()
    assert peak < segment_file.stat().st_size / 4

