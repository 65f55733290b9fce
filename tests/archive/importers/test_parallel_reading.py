"""Folders are walked for importable files; batches are read in worker processes, in input order."""

from __future__ import annotations

import pytest

from archive.errors import ImportFailure
from archive.importers import ImportedDocument, iter_importable, read_documents_parallel


def test_folders_are_walked_without_hidden_or_unsupported_files(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("sub/b.txt", "a.md", "c.exe", ".hidden/d.txt", ".e.txt", "~$lock.docx", "f.PDF", "g.wps"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.relative_to(tmp_path).as_posix() for p in iter_importable(tmp_path)] == [
        "a.md", "f.PDF", "g.wps", "sub/b.txt"]


def test_an_unreadable_folder_is_reported(tmp_path):
    with pytest.raises(FileNotFoundError):
        list(iter_importable(tmp_path / "missing"))


def _batch(tmp_path, count: int) -> list:
    paths = []
    for n in range(count):
        path = tmp_path / f"{n:02d}.txt"
        path.write_bytes(f"标题{n}\n\n正文第{n}段，县气象局做好防汛工作，及时发布暴雨预警。".encode())
        paths.append(path)
    return paths


@pytest.mark.parametrize("workers", [1, 2])
def test_reading_keeps_the_input_order_and_reports_failures(tmp_path, workers):
    paths = _batch(tmp_path, 6)
    paths.insert(3, tmp_path / "missing.txt")
    progress = []
    results = list(read_documents_parallel(paths, workers, lambda *args: progress.append(args)))
    assert [p for p, _ in results] == paths
    assert isinstance(results[3][1], ImportFailure) and "「missing.txt」不存在" in str(results[3][1])
    assert isinstance(results[0][1], ImportedDocument) and results[0][1].title == "标题0"
    assert results[0][1].suggested_tags == ["防汛", "防灾减灾"]  # the default taxonomy in the workers too
    assert progress == [(n, 7, p.name) for n, p in enumerate(paths, 1)]


def test_cancelling_stops_starting_new_files(tmp_path):
    paths = _batch(tmp_path, 40)
    seen = []
    for path, _ in read_documents_parallel(paths, 2, is_cancelled=lambda: len(seen) >= 3):
        seen.append(path)
    assert 3 <= len(seen) < 40 and seen == paths[:len(seen)]


def test_the_facade_keyword_arguments_are_accepted(tmp_path):
    paths = _batch(tmp_path, 2)
    results = list(read_documents_parallel(paths, workers=1, tag_keywords={}, is_cancelled=lambda: False))
    assert [d.suggested_tags for _, d in results] == [[], []]
