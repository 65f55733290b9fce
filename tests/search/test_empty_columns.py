"""A segment in which no document wrote a column (Whoosh then hands out an EmptyColumnReader)
reads as that column's defaults instead of failing every search and `versions()`."""

from __future__ import annotations

from whoosh import fields
from whoosh.columns import NumericColumn, RefBytesColumn, VarBytesColumn
from whoosh.filedb.filestore import RamStorage

from search.whoosh_bulk import column_codes, column_numbers, column_strings

SCHEMA = fields.Schema(
    title=fields.TEXT(stored=True),
    id=fields.ID(sortable=VarBytesColumn()),
    year=fields.NUMERIC(int, bits=32, signed=False, sortable=NumericColumn("I")),
    unit=fields.ID(sortable=RefBytesColumn()),
)


def test_a_segment_without_a_column_reads_as_its_defaults():
    index = RamStorage().create_index(SCHEMA)
    with index.writer() as writer:
        writer.add_document(title="只有标题的文档")
        writer.add_document(title="另一篇")
    with index.reader() as reader:
        [(segment, _)] = list(reader.leaf_readers())
        assert column_strings(segment, "id") == ["", ""]
        assert column_numbers(segment, "year").tolist() == [0, 0]
        for field in ("unit", "id"):
            codes = column_codes(segment, field)
            assert [codes.labels[c] for c in codes.codes] == ["", ""]


def test_a_written_column_is_read_as_written():
    index = RamStorage().create_index(SCHEMA)
    with index.writer() as writer:
        writer.add_document(title="甲", id="a1", year=2024, unit="某市气象局")
        writer.add_document(title="乙", id="b2", year=2023, unit="某县农业农村局")
    with index.reader() as reader:
        [(segment, _)] = list(reader.leaf_readers())
        assert column_strings(segment, "id") == ["a1", "b2"]
        assert column_numbers(segment, "year").tolist() == [2024, 2023]
        codes = column_codes(segment, "unit")
        assert [codes.labels[c] for c in codes.codes] == ["某市气象局", "某县农业农村局"]
        codes = column_codes(segment, "id")
        assert [codes.labels[c] for c in codes.codes] == ["a1", "b2"]


def test_a_column_written_with_its_offsets_is_read_as_written():
    """Whoosh writes a string column's offsets only beyond 32,768 documents (here beyond one)."""
    schema = fields.Schema(title=fields.TEXT(stored=True),
                           id=fields.ID(sortable=VarBytesColumn(write_offsets_cutoff=1)))
    index = RamStorage().create_index(schema)
    written = ["a1", "", "某市气象局,防汛", "a1", "b" * 300]
    with index.writer() as writer:
        for value in written:
            writer.add_document(title="文档", **({"id": value} if value else {}))
    with index.reader() as reader:
        [(segment, _)] = list(reader.leaf_readers())
        assert segment.column_reader("id", translate=False).had_stored_offsets
        assert column_strings(segment, "id") == written
        codes = column_codes(segment, "id")
        assert [codes.labels[c] for c in codes.codes] == written
        assert len(codes.labels) == 4
