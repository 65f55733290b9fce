"""Packing and unpacking between two archives: what survives, what is skipped, what updates."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest
from exchange_helpers import FLOOD, HARVEST, ORIGINAL, PICTURE, TABLE, snapshot

from archive import exchange
from archive.errors import ReadOnlyArchiveError
from archive.library import Library
from archive.model import CaseDraft, NewFile


def test_round_trip_keeps_ids_metadata_attachments_and_originals(source, target, cases, package):
    summary = target.packages.unpack(package)
    assert sorted(e["id"] for e in summary.added) == sorted(cases)
    assert summary.updated == summary.skipped == []
    for case_id in cases:
        theirs, ours = source.get_case(case_id), target.get_case(case_id)
        for field in ("id", "title", "body", "unit", "source", "author", "date", "tags", "created_at"):
            assert getattr(ours, field) == getattr(theirs, field), field
        assert ours.attachments == theirs.attachments
        assert ours.original == theirs.original
        for attachment in [*ours.attachments, *([ours.original] if ours.original else [])]:
            assert target.file_path(attachment).read_bytes() == source.file_path(attachment).read_bytes()
    flood = target.get_case(cases[0])
    assert {a.name: a.mime for a in flood.attachments} == {PICTURE.name: PICTURE.mime, TABLE.name: TABLE.mime}
    assert flood.original.name == ORIGINAL.name
    assert [hit.id for hit in target.search("叫应").hits] == [cases[0]]
    assert target.maintenance.check().healthy


def test_provenance_names_the_package_the_unit_and_the_time(target, cases, package):
    target.packages.unpack(package)
    provenance = target.get_case(cases[0]).provenance
    assert provenance.startswith("交流包 交流包.zip（某市气象局，")
    assert provenance.endswith("导出）")
    assert f"{dt.date.today():%Y-%m-%d}" in provenance


def test_the_package_is_readable_by_a_person(cases, package, tmp_path):
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(package) as archive:
        archive.extractall(folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == "casearchive-exchange"
    assert manifest["format_version"] == exchange.FORMAT_VERSION
    assert manifest["exporting_unit"] == "某市气象局"
    assert [c["id"] for c in manifest["cases"]] == cases
    case_folder = folder / "cases" / cases[0]
    markdown = (case_folder / "case.md").read_text(encoding="utf-8")
    assert "标题：叫应机制筑牢防汛第一道防线" in markdown
    assert "标签：防汛、气象服务" in markdown
    assert markdown.endswith(FLOOD.body)
    assert (case_folder / "attachments" / PICTURE.name).read_bytes() == PICTURE.data
    assert (case_folder / "original" / ORIGINAL.name).read_bytes() == ORIGINAL.data
    metadata = json.loads((case_folder / "case.json").read_text(encoding="utf-8"))
    assert metadata["date"] == "2024-07-02" and metadata["tags"] == ["防汛", "气象服务"]
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    assert "某市气象局" in readme and FLOOD.title in readme


def test_unpacking_the_same_package_again_skips_every_case(target, cases, package):
    target.packages.unpack(package)
    before = snapshot(target)
    summary = target.packages.unpack(package)
    assert summary.added == summary.updated == []
    assert [(e["id"], e["reason"]) for e in summary.skipped] == [(i, "案例库中已有相同内容") for i in cases]
    assert snapshot(target) == before


def test_a_newer_revision_becomes_the_new_revision_and_the_old_one_is_kept(source, target, cases,
                                                                         package, tmp_path):
    target.packages.unpack(package)
    edited = CaseDraft(**{**FLOOD.__dict__, "title": "叫应机制（修订）", "tags": ("防汛", "修订")})
    source.cases.update(cases[0], edited, new_attachments=[NewFile("补充.txt", "补充材料".encode())])
    newer = tmp_path / "修订.zip"
    source.packages.pack([cases[0]], newer, exporting_unit="某市气象局")
    summary = target.packages.unpack(newer)
    assert summary.to_json()["updated"] == [{"id": cases[0], "title": "叫应机制（修订）"}]
    case = target.get_case(cases[0])
    assert case.title == "叫应机制（修订）" and sorted(case.tags) == ["修订", "防汛"]
    assert "补充.txt" in [a.name for a in case.attachments]
    assert case.provenance.startswith("交流包 修订.zip")
    assert [r.title for r in target.revisions(cases[0])] == [FLOOD.title]
    assert [hit.id for hit in target.search("修订").hits] == [cases[0]]


def test_an_older_package_does_not_overwrite_a_newer_local_edit(target, cases, package):
    target.packages.unpack(package)
    target.cases.update(cases[0], CaseDraft(**{**FLOOD.__dict__, "title": "本地修改"}))
    forged_newer_here = snapshot(target)
    summary = target.packages.unpack(package)
    assert [e["reason"] for e in summary.skipped if e["id"] == cases[0]] == ["案例库中的版本与包中的相同或更新"]
    assert snapshot(target) == forged_newer_here


def test_the_same_content_under_another_id_is_skipped(target, package):
    mine = target.cases.add(CaseDraft(**{**HARVEST.__dict__, "unit": "本单位"}))
    summary = target.packages.unpack(package)
    assert [e["title"] for e in summary.added] == [FLOOD.title]
    (skipped,) = summary.skipped
    assert skipped["title"] == HARVEST.title
    assert skipped["reason"] == f"与已有案例「{HARVEST.title}」（{mine.id[:8]}）内容相同"
    assert target.case_count() == 2


def test_a_case_in_the_trash_stays_there(target, cases, package):
    target.packages.unpack(package)
    target.trash([cases[1]])
    summary = target.packages.unpack(package)
    assert {e["id"]: e["reason"] for e in summary.skipped}[cases[1]] == "该案例在回收站中，未改动"
    assert [t.id for t in target.trash.list()] == [cases[1]]


def test_summary_json_has_the_documented_shape(target, package):
    shape = target.packages.unpack(package).to_json()
    assert set(shape) == {"added", "updated", "skipped"}
    assert all(set(e) == {"id", "title"} for e in shape["added"])
    again = target.packages.unpack(package).to_json()
    assert all(set(e) == {"id", "title", "reason"} for e in again["skipped"])


def test_progress_is_reported_while_packing_and_unpacking(source, target, cases, tmp_path):
    packed, unpacked = [], []
    out = tmp_path / "p.zip"
    source.packages.pack(cases, out, progress=lambda d, t, w: packed.append((d, t)))
    target.packages.unpack(out, progress=lambda d, t, w: unpacked.append((d, t, w)))
    assert packed == [(1, 2), (2, 2)]
    assert unpacked[-1] == (2, 2, HARVEST.title)
    assert any(w == "校验交流包" for _, _, w in unpacked)


def test_ids_may_be_prefixes_and_repeats_are_packed_once(source, cases, tmp_path):
    summary = source.packages.pack([cases[0][:8], cases[0], cases[1][:10]], tmp_path / "p.zip")
    assert [c["id"] for c in summary.cases] == cases
    assert summary.files == 8 and summary.bytes > len(PICTURE.data)


def test_cases_are_selected_by_tag_group_and_query(source, cases):
    assert source.packages.select(tags=["防灾减灾"]) == [cases[0]]
    assert source.packages.select(tags=["粮食安全"]) == [cases[1]]
    assert source.packages.select(query="麦收") == [cases[1]]
    assert source.packages.select([cases[1][:8]], query="叫应") == [cases[1], cases[0]]
    assert source.packages.select(query="叫应", tags=["粮食安全"]) == []


def test_packing_is_atomic_when_an_attachment_file_is_missing(source, cases, tmp_path):
    out = tmp_path / "p.zip"
    out.write_bytes(b"an older package")
    source.file_path(source.get_case(cases[0]).attachments[0]).unlink()
    with pytest.raises(exchange.PackageError, match="的文件缺失，无法打包"):
        source.packages.pack(cases, out)
    assert out.read_bytes() == b"an older package"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["p.zip"]


def test_packing_refuses_an_attachment_whose_file_was_altered(source, cases, tmp_path):
    path = source.file_path(source.get_case(cases[0]).original)
    path.write_bytes(path.read_bytes() + b"!")
    with pytest.raises(exchange.PackageError, match="原始文件「叫应机制.docx」的文件已损坏"):
        source.packages.pack(cases, tmp_path / "p.zip")
    assert not (tmp_path / "p.zip").exists()


def test_packing_nothing_is_refused(source, tmp_path):
    with pytest.raises(exchange.PackageError, match="没有指定要打包的案例"):
        source.packages.pack([], tmp_path / "p.zip")


def test_attachment_names_are_made_plain_and_unique_on_the_way_in(source, tmp_path, target):
    case = source.cases.add(HARVEST, attachments=[
        NewFile("a/b.txt", b"1"), NewFile("a\\b.txt", b"2"), NewFile("A:B.TXT", b"3"), NewFile("..", b"4"),
        NewFile("B.txt", b"5"), NewFile("\x1b[31mred\u202e.txt", b"6")])
    names = ["b.txt", "b-2.txt", "A_B.TXT", "附件", "B-3.txt", "[31mred.txt"]
    assert [a.name for a in source.get_case(case.id).attachments] == sorted(names)
    out = tmp_path / "p.zip"
    source.packages.pack([case.id], out)
    with zipfile.ZipFile(out) as archive:
        members = sorted(n.rsplit("/", 1)[1] for n in archive.namelist() if "/attachments/" in n)
    assert members == sorted(names)
    target.packages.unpack(out)
    assert sorted(a.name for a in target.get_case(case.id).attachments) == sorted(names)


def test_unpacking_into_a_read_only_archive_is_refused(target, package, tmp_path):
    with Library.open(target.layout.root, allow_read_only=True) as second, \
            pytest.raises(ReadOnlyArchiveError, match="只读"):
        second.packages.unpack(package)


def test_an_edit_made_before_the_first_import_still_counts_as_newer(source, target, cases, tmp_path):
    first = tmp_path / "first.zip"
    source.packages.pack([cases[0]], first)
    source.cases.update(cases[0], CaseDraft(**{**FLOOD.__dict__, "title": "在对方导入前的修改"}))
    second = tmp_path / "second.zip"
    source.packages.pack([cases[0]], second)
    target.packages.unpack(first)  # imported after the edit above was made
    summary = target.packages.unpack(second)
    assert [e["id"] for e in summary.updated] == [cases[0]]


def test_a_package_written_over_itself_leaves_no_temporary_files(source, cases, tmp_path):
    out: Path = tmp_path / "p.zip"
    source.packages.pack(cases, out)
    source.packages.pack(cases[:1], out)
    with zipfile.ZipFile(out) as archive:
        assert len(json.loads(archive.read("manifest.json"))["cases"]) == 1
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["p.zip"]
