from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from search import analysis, word_table
from search.analysis import fold, segmenter
from search.word_table import WordTable

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def table(tmp_path_factory) -> WordTable:
    whole = segmenter()
    path = tmp_path_factory.mktemp("words") / "table.npz"
    WordTable.of(whole.FREQ, whole.total).save(path)
    return WordTable.load(path)


def texts() -> list[str]:
    cases = json.loads((ROOT / "resources" / "demo" / "cases.json").read_text(encoding="utf-8"))
    queries = json.loads((ROOT / "bench" / "relevance" / "queries.json").read_text(encoding="utf-8"))
    return ([c["title"] + "\n" + c["body"][:400] for c in cases] + [q["query"] for q in queries]
            + ["党建业务融合", "黨建業務融合", "叫应机制", "联学共建党支部", "ＡＩ模型２０２２年上线", "a", ""])


def test_the_table_cuts_every_text_as_the_whole_dictionary_does(table):
    for text in texts():
        folded = fold(text).text
        expected = list(analysis.words(folded))
        assert list(analysis.words(folded, table.tokenizer_for(folded))) == expected, text


def test_user_words_are_in_the_table(table):
    user_words = [line.split()[0] for line in analysis.user_dictionary_path().read_text(encoding="utf-8")
                  .splitlines() if line.strip()]
    assert user_words
    for word in user_words:
        assert word in table.entries_within(fold(word).text), word


def test_queries_are_cut_from_the_kept_table_and_a_damaged_one_is_made_again(tmp_path):
    word_table.keep_in(tmp_path)
    try:
        assert [w for w, _, _ in word_table.words("党建业务融合")] == ["党建", "业务", "融合"]
        [kept] = tmp_path.glob("jieba-words-*.npz")
        kept.write_bytes(kept.read_bytes()[:1000])
        word_table.keep_in(None)
        word_table.keep_in(tmp_path)
        assert [w for w, _, _ in word_table.words("气象科技现代化")] == \
            [w for w, _, _ in analysis.words("气象科技现代化")]
        assert kept.stat().st_size > 1000  # written again, whole
    finally:
        word_table.keep_in(None)


def test_importing_the_search_layer_does_not_import_pkg_resources():
    script = "import sys, search.index, search.query; print('pkg_resources' in sys.modules)"
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    assert output.stdout.strip() == "False"


def test_opening_an_index_leaves_the_table_to_its_warm_up(tmp_path, monkeypatch):
    """A first start makes the table from jieba's whole dictionary (2-3 s): the window's first
    results, which cut no query, do not wait for it."""
    from search import index as search_index

    word_table.keep_in(tmp_path / "cache")
    try:
        monkeypatch.setattr(search_index, "_WARM_UP_AFTER_SECONDS", 3600.0)
        search_index.SearchIndex.create(tmp_path / "index").close()
        assert not list(tmp_path.glob("cache/jieba-words-*.npz"))
        monkeypatch.setattr(search_index, "_WARM_UP_AFTER_SECONDS", 0.0)
        opened = search_index.SearchIndex.open(tmp_path / "index")
        try:
            deadline = time.monotonic() + 60
            while not list(tmp_path.glob("cache/jieba-words-*.npz")) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert list(tmp_path.glob("cache/jieba-words-*.npz"))
        finally:
            opened.close()
    finally:
        word_table.keep_in(None)


def test_the_warm_up_makes_the_whole_segmenter_from_the_kept_table_without_jieba_s_load(tmp_path):
    """jieba's own load (one marshal.load of its cache) holds Python's lock for seconds: the window
    stalled at its first save. In a fresh interpreter, where no segmenter is loaded yet."""
    expected = {text: [w for w, _, _ in analysis.words(fold(text).text)] for text in texts()}
    word_table.keep_in(tmp_path / "cache")
    try:
        word_table.prepare()  # the table, kept as a first start keeps it
    finally:
        word_table.keep_in(None)
    code = """
import json, sys, time
from pathlib import Path
import jieba
from search import analysis, word_table
from search import index as search_index
from search.analysis import fold

def refused(*args, **kwargs):
    raise AssertionError("jieba's dictionary loaded")

jieba.Tokenizer.initialize = refused
word_table.keep_in(Path(sys.argv[1]) / "cache")
search_index._WARM_UP_AFTER_SECONDS = 0.0
index = search_index.SearchIndex.create(Path(sys.argv[1]) / "index")
deadline = time.monotonic() + 60
while not analysis.segmenter_loaded() and time.monotonic() < deadline:
    time.sleep(0.05)
index.close()
texts = json.loads(sys.stdin.read())
print(json.dumps({text: [w for w, _, _ in analysis.words(fold(text).text)] for text in texts}))
"""
    output = subprocess.run([sys.executable, "-c", code, str(tmp_path)], input=json.dumps(list(expected)),
                            capture_output=True, text=True, cwd=ROOT, check=True)
    assert json.loads(output.stdout.splitlines()[-1]) == expected
