"""The frozen bundle works on a machine that has nothing but the bundle (issue 8).

Runs against dist/casearchive, which `make dist` builds, copied to a temporary folder and started
with an almost empty environment (see bundle_harness). Skipped when no bundle has been built.
`make dist-check` runs this and bench/bundle_bench.py (sizes and start-up times).
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from bundle_harness import BUNDLE, Program, relocate

FIRST_RELEASE_ARCHIVE = Path(__file__).with_name("fixtures") / "archive-0.1.0.zip"
"""Written by 0.1.0's code; tests/archive/test_upgrade.py checks the upgrade in detail."""

pytestmark = [
    pytest.mark.skipif(not (BUNDLE / "casearchive").is_file(),
                       reason="no bundle: `make dist` builds dist/casearchive"),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the bundle harness watches Linux processes"),
]


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Program:
    folder = tmp_path_factory.mktemp("bundle")
    return Program.frozen(relocate(BUNDLE, folder), folder / "home")


def write_documents(folder: Path) -> dict[str, Path]:
    """A GBK text file, a Word file and a web page as users have them, and short notes besides:
    ten files in all, enough for an import to read them in worker processes."""
    folder.mkdir()
    text = folder / "防汛叫应.txt"
    text.write_bytes("叫应机制筑牢防汛第一道防线\n\n某市气象局\n\n一、主要做法\n\n"
                     "市气象局与应急管理局建立暴雨预警“叫应”机制，提前转移群众三千余人。\n".encode("gbk"))
    word = folder / "粮食安全.docx"
    document = docx.Document()
    document.add_heading("墒情监测服务夏粮丰收", 1)
    document.add_paragraph("某县农业农村局开展小麦墒情监测，服务夏粮丰收。")
    document.save(word)
    page = folder / "重大活动.html"
    page.write_text("<html><head><title>重大活动气象保障</title></head><body><h1>重大活动气象保障经验</h1>"
                    + "<p>某省气象局围绕運動會開幕式建立現場服務值守機制，保障方案細化到小時。</p>" * 5
                    + "</body></html>", encoding="utf-8")
    for number in range(7):
        (folder / f"简讯{number}.txt").write_text(f"工作简讯第{number}期\n\n党建引领为民服务第{number}项举措。\n",
                                                 encoding="utf-8")
    return {"text": text, "word": word, "page": page}


def run_json(app: Program, archive: Path, *args: str) -> dict:
    result = app.cli(archive, *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_command_line_imports_searches_and_exports(app, tmp_path):
    archive = tmp_path / "archive"
    documents = write_documents(tmp_path / "documents")

    imported = run_json(app, archive, "import", str(tmp_path / "documents"))
    assert imported["failed"] == [] and len(imported["imported"]) == 10
    ids = {Path(entry["path"]).name: entry["id"] for entry in imported["imported"]}

    def first_hit(query: str) -> str:
        hits = run_json(app, archive, "search", query)["hits"]
        assert hits, f"nothing found for {query}"
        return hits[0]["id"]

    assert first_hit("叫应") == ids[documents["text"].name]  # decoded from GBK, segmented by jieba
    assert first_hit("墒情") == ids[documents["word"].name]  # read by python-docx and mammoth
    assert first_hit("运动会") == ids[documents["page"].name]  # trafilatura; OpenCC folds 運動會
    shown = run_json(app, archive, "show", ids[documents["word"].name])
    assert shown["title"] == "墒情监测服务夏粮丰收"

    out = tmp_path / "汇编.docx"
    exported = app.cli(archive, "export", ids[documents["text"].name], ids[documents["word"].name],
                       "--out", str(out), "--title", "典型案例汇编")
    assert exported.returncode == 0, exported.stderr
    text = "\n".join(paragraph.text for paragraph in docx.Document(str(out)).paragraphs)
    assert "叫应机制筑牢防汛第一道防线" in text and "墒情监测服务夏粮丰收" in text

    checked = app.cli(archive, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_an_archive_of_the_first_release_is_backed_up_and_brought_up_to_date(app, tmp_path):
    with zipfile.ZipFile(FIRST_RELEASE_ARCHIVE) as package:
        package.extractall(tmp_path)
    archive = tmp_path / "archive"
    hits = run_json(app, archive, "search", "台风")["hits"]
    assert [hit["title"] for hit in hits] == ["颱風「海葵」防禦經驗"]
    assert list((archive / "backups").glob("*.sqlite3"))
    checked = app.cli(archive, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_window_opens_a_new_archive_and_stays_up(app, tmp_path):
    window = app.start_window(tmp_path / "archive")
    try:
        window.wait_until_settled()
        assert window.is_running()
        assert (tmp_path / "archive" / "archive.sqlite3").is_file()
    finally:
        output = window.close()
    assert "Traceback" not in output, output
